/**
 * The JS backend emits a kernel's WebAssembly module only when it is needed — by the first call
 * over enough elements, or by reading `kernel.wasm` — and once per kernel source: a cold process
 * whose groups are small (tutorial models, the tau sweep's one-neuron runs) emits none.
 */
import { describe, expect, it, vi } from 'vitest';
import * as emit from '../../src/backends/wasm/emit-wasm.js';
import { jsBackend, setWasmMinElements } from '../../src/backends/js/js-backend.js';
import { compileModel } from '../../src/compile.js';
import { Random } from '../../src/random.js';
import { arenaState } from '../helpers/arena-state.js';

vi.mock('../../src/backends/wasm/emit-wasm.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/backends/wasm/emit-wasm.js')>();
  return { ...original, emitWasm: vi.fn(original.emitWasm) };
});

const emitted = (): number => vi.mocked(emit.emitWasm).mock.calls.length;

describe('js backend: the WebAssembly tier is emitted when first needed', () => {
  it('emits nothing for calls over fewer elements than the minimum, once at the first call over more, and once per kernel source', () => {
    const previous = setWasmMinElements(32);
    try {
      const model = 'dv/dt = (1.25 - v)/tau : 1\ntau : second';
      const m = compileModel(model, { method: 'exact', backend: jsBackend });
      const scalars = { dt: 1e-4, t: 0, ...m.constants };
      const before = emitted();
      const state = arenaState([m.stateUpdate], 100, 3);
      for (let s = 0; s < 3; s++) m.stateUpdate.run({ arrays: state, scalars: { ...scalars, N: 8 } });
      expect(emitted(), 'modules emitted for calls over 8 elements').toBe(before);
      expect(m.stateUpdate.calls!.js).toBe(3);
      m.stateUpdate.run({ arrays: state, scalars: { ...scalars, N: 100 } });
      expect(emitted(), 'modules emitted after a call over 100').toBe(before + 1);
      expect(m.stateUpdate.calls!.wasm).toBe(1);
      // A second group with the same model shares the emitted module.
      const again = compileModel(model, { method: 'exact', backend: jsBackend });
      again.stateUpdate.run({ arrays: arenaState([again.stateUpdate], 64, 4), scalars: { ...scalars, N: 64 } });
      expect(again.stateUpdate.calls!.wasm).toBe(1);
      expect(emitted()).toBe(before + 1);
    } finally {
      setWasmMinElements(previous);
    }
  });

  it('emits when kernel.wasm is read, and reports a kernel it cannot run there without running it', () => {
    const m = compileModel('dv/dt = (0.75 - v)/tau : 1\ntau : second', { method: 'exact', backend: jsBackend });
    const before = emitted();
    const info = m.stateUpdate.wasm!;
    expect(emitted()).toBe(before + 1);
    expect('text' in info ? info.text : '').toContain('(func');
    const noisy = compileModel('dv/dt = -v/tau + xi/sqrt(tau) : 1\ntau : second', { method: 'euler', backend: jsBackend });
    expect(noisy.stateUpdate.wasm).toEqual({ unsupported: expect.stringContaining('random') });
  });

  it('gives kernels that draw random numbers no WebAssembly path: a long call emits nothing', () => {
    const m = compileModel('dv/dt = -v/tau + 0.1*xi/sqrt(tau) : 1\ntau : second', { method: 'euler', backend: jsBackend });
    const before = emitted();
    const state = arenaState([m.stateUpdate], 100, 5);
    m.stateUpdate.run({ arrays: state, scalars: { N: 100, dt: 1e-4, t: 0, ...m.constants }, rng: new Random(1) });
    expect(m.stateUpdate.calls).toEqual({ wasm: 0, js: 1 });
    expect(emitted()).toBe(before);
  });
});
