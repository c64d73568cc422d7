/**
 * Which gpu.js backends run here. Prints one line per mode, so every test log says which GPU.js
 * lanes were exercised, and guards the CI lane: .ci/run sets NEURITE_REQUIRE_HEADLESSGL=1, so CI
 * fails if the headless WebGL mode (gl + xvfb + Mesa llvmpipe) silently disappears.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { availableGpuModes, describeGpuMode, type GpuModeStatus } from './helpers/gpu-modes.js';

const requireHeadlessGl = process.env['NEURITE_REQUIRE_HEADLESSGL'] === '1';

describe('gpu.js modes', () => {
  let modes: GpuModeStatus[] = [];
  const status = (mode: string) => modes.find((s) => s.mode === mode);

  beforeAll(async () => {
    modes = await availableGpuModes();
  });

  it('reports every mode', () => {
    for (const s of modes) console.log(describeGpuMode(s));
    if (!requireHeadlessGl && !status('headlessgl')?.available) {
      console.log(
        'gpu.js headless WebGL lane: skipped (needs npm gl@8.1.6 built from source and an X display; ' +
          '.ci/run sets it up and sets NEURITE_REQUIRE_HEADLESSGL=1)',
      );
    }
    expect(modes.map((s) => s.mode)).toEqual(['headlessgl', 'webgl2', 'webgpu', 'webasm', 'cpu']);
    for (const s of modes) expect(s.available || (s.why ?? '').length > 0).toBe(true);
  });

  it('runs the cpu mode everywhere', () => {
    expect(status('cpu')).toEqual({ mode: 'cpu', available: true });
  });

  it.runIf(requireHeadlessGl)('runs the headlessgl mode (NEURITE_REQUIRE_HEADLESSGL=1)', () => {
    expect(status('headlessgl'), describeGpuMode(status('headlessgl')!)).toEqual({
      mode: 'headlessgl',
      available: true,
    });
  });

  it('caches the answer', async () => {
    expect(await availableGpuModes()).toBe(modes);
  });
});
