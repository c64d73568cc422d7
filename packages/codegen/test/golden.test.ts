/**
 * Golden files: the exact generated source of every kernel of every case in golden/cases.ts, for
 * each backend. Codegen must be deterministic, and any change to generated code shows up here as
 * a diff to review. Regenerate deliberately with `npm run golden:update` (never automatically).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileModel, type CompiledModel } from '../src/compile.js';
import { jsBackend } from '../src/backends/js/js-backend.js';
import { createGpujsBackend } from '../src/backends/gpujs/index.js';
import { GOLDEN_CASES } from './golden/cases.js';

const UPDATE = process.env['GOLDEN_UPDATE'] === '1';
const dir = (name: string) => fileURLToPath(new URL(`./golden/${name}/`, import.meta.url));

function render(m: CompiledModel): string {
  const parts = [`// method: ${m.method}`];
  for (const k of [m.stateUpdate, m.threshold, m.reset, ...m.events.values()]) {
    if (!k) continue;
    parts.push(`// ---- ${k.ir.name} (${k.ir.operation}) ----`, k.source.trimEnd());
  }
  return parts.join('\n') + '\n';
}

const gpu = createGpujsBackend({ mode: 'cpu' });

describe('golden kernels', () => {
  it('covers at least 12 models on both backends', () => {
    expect(GOLDEN_CASES.filter((c) => c.backends.includes('js') && c.backends.includes('gpujs')).length).toBeGreaterThanOrEqual(12);
  });

  for (const c of GOLDEN_CASES) {
    for (const backendName of c.backends) {
      it(`${c.name} on ${backendName}`, () => {
        // GPU sources are pinned for the cpu mode: generated code must not depend on what the machine offers.
        const backend = backendName === 'js' ? jsBackend : gpu;
        const first = render(compileModel(c.equations, { ...c.options, backend }));
        // Determinism: a second compilation gives byte-identical source.
        expect(render(compileModel(c.equations, { ...c.options, backend }))).toBe(first);
        const file = `${dir(c.name)}expected.${backendName}.js`;
        if (UPDATE) {
          mkdirSync(dir(c.name), { recursive: true });
          writeFileSync(file, first);
          return;
        }
        expect(existsSync(file), `${file} is missing; run npm run golden:update and review the new file`).toBe(true);
        expect(first).toBe(readFileSync(file, 'utf8'));
      });
    }
  }
});
