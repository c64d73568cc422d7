/**
 * Differential test: random expressions evaluated by the reference interpreter and by compiled
 * kernels must agree — on the float64 `js` backend to 1e-12 relative (the same operations in the
 * same order, except that a division by a run constant whose result stays smooth is a
 * multiplication by its reciprocal, within one rounding: lower/optimize.ts; a value that reaches
 * floor, %, a comparison... keeps the division and so the interpreter's exact result), within
 * float32 accuracy on GPU backends (see tests/conformance). DIFF_RUNS=30000 runs more cases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { printExpr } from '@neurite/parser';
import { jsBackend } from '../src/backends/js/js-backend.js';
import { createGpujsBackend } from '../src/backends/gpujs/index.js';
import { lowerSet } from '../src/lower/templates.js';
import { evaluate } from '../src/symbolic/evaluate.js';
import { checked } from './helpers/models.js';
import { randomExpr, VARIABLES } from './helpers/random-exprs.js';

const model = checked('a : 1\nb : 1\nc : 1\ny : 1');
const N = 16;

function inputs(seed: number): Record<string, Float64Array> {
  let x = seed >>> 0;
  const next = () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return (x / 2 ** 32) * 6 - 3;
  };
  return Object.fromEntries(VARIABLES.map((name) => [name, Float64Array.from({ length: N }, next)]));
}

function same(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

describe('differential: js backend vs reference interpreter', () => {
  it('agree on random expressions', () => {
    fc.assert(
      fc.property(randomExpr, fc.integer(), (e, seed) => {
        const kernel = jsBackend.compile(lowerSet({ model }, 'y', e, { name: 'diff' }));
        const arrays = inputs(seed);
        const y = new Float64Array(N);
        kernel.run({ arrays: { ...arrays, y }, scalars: { N } });
        for (let k = 0; k < N; k++) {
          const expected = evaluate(e, { get: (n) => arrays[n]?.[k] });
          if (!same(y[k]!, expected)) {
            throw new Error(`${printExpr(e)} at a=${arrays['a']![k]}, b=${arrays['b']![k]}, c=${arrays['c']![k]}: js ${y[k]} vs interpreter ${expected}\n${kernel.source}`);
          }
        }
      }),
      { numRuns: Number(process.env.DIFF_RUNS ?? 300) },
    );
  });

  it('the generator produces varied expressions (the property is not vacuous)', () => {
    const samples = fc.sample(randomExpr, 200).map(printExpr);
    expect(new Set(samples).size).toBeGreaterThan(150);
    expect(samples.some((s) => s.includes('exprel'))).toBe(true);
    expect(samples.some((s) => s.includes('%'))).toBe(true);
  });
});

describe('differential: gpujs (cpu mode) vs reference interpreter', () => {
  const gpu = createGpujsBackend({ mode: 'cpu' });

  it('agree on random expressions, up to float32 storage of inputs and results', () => {
    fc.assert(
      fc.property(randomExpr, fc.integer(), (e, seed) => {
        // gpu.js keeps arrays in float32: compare on float32 inputs, and round the reference once.
        const arrays = Object.fromEntries(Object.entries(inputs(seed)).map(([k, a]) => [k, Float64Array.from(a, Math.fround)]));
        const kernel = gpu.compile(lowerSet({ model }, 'y', e, { name: 'diff' }));
        const y = new Float64Array(N);
        kernel.run({ arrays: { ...arrays, y }, scalars: { N } });
        for (let k = 0; k < N; k++) {
          const expected = Math.fround(evaluate(e, { get: (n) => arrays[n]?.[k] }));
          const got = y[k]!;
          // Equal infinities count as agreement (their difference is NaN).
          const ok = got === expected || (Number.isNaN(expected) ? Number.isNaN(got) : Math.abs(got - expected) <= 1e-6 * Math.max(1, Math.abs(expected)));
          if (!ok) throw new Error(`${printExpr(e)} at a=${arrays['a']![k]}, b=${arrays['b']![k]}, c=${arrays['c']![k]}: gpujs ${got} vs interpreter ${expected}`);
        }
      }),
      { numRuns: 60 },
    );
  });
});
