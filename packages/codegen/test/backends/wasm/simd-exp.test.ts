/**
 * The two-lane exp, expm1 and exprel of the WebAssembly tier (simd-exp.ts) give, lane by lane,
 * the bits of math/exp.ts's functions (which the JavaScript tier inlines): for arguments in every
 * branch of the method — the tables, expm1's polynomial near 0 and its form below −ln 2, exprel's
 * series, the host fallback outside the tables (NaN and ±Infinity included) — with each value in
 * either lane beside every other value, so a lane that takes the fallback or another branch cannot
 * change its neighbour.
 */
import { describe, expect, it } from 'vitest';
import { parseExpression } from '@neurite/parser';
import { jsBackend, setWasmEnabled } from '../../../src/backends/js/js-backend.js';
import { EXP_TABLE_OFFSET, WasmArena } from '../../../src/backends/wasm/arena.js';
import { everyCallOnWasm } from '../../helpers/arena-state.js';
import { exp, EXP_HI, EXP_LO, expm1, exprel } from '../../../src/math/exp.js';
import { lowerSet } from '../../../src/lower/templates.js';
import { checked } from '../../helpers/models.js';

everyCallOnWasm();

const LN2 = Math.LN2;
const SPECIAL = [NaN, Infinity, -Infinity];
const CASES = {
  exp: {
    fn: exp,
    // The tables' range is (−708, 709); at and beyond it Math.exp (subnormal, overflow).
    values: [0, -0, 1, -1, 0.5, LN2, -LN2, LN2 / 128, 1e-300, -1e-300, 20, -20, -707.9, 708.9, -708, 709, -745, 710, ...SPECIAL],
  },
  expm1: {
    fn: expm1,
    // |x| < 2^-6: its polynomial (±0 kept); below −ln 2 (k < −64): (h + l)·m − 1; range (−37, 709).
    // Around −ln 2 the two forms round differently for about a third of the arguments.
    values: [0, -0, 1e-300, -1e-300, 0.015624999, -0.015624999, 0.015625, -0.015625, -LN2, -0.7, 1, -1, -36.9, -37, 708.9, 709, 800, ...SPECIAL, ...Array.from({ length: 24 }, (_, k) => -0.6985 + k * 0.00045)],
  },
  exprel: {
    fn: exprel,
    // 1 at ±0, its series for |x| < 1e-5, expm1(x)/x elsewhere.
    values: [0, -0, 1e-6, -1e-6, 9.99e-6, -9.99e-6, 1e-5, -1e-5, 2e-5, 0.01, -0.01, 1, -1, -40, 710, ...SPECIAL],
  },
} as const;

/** Same bits, except that any NaN equals any NaN (neither tier fixes a NaN's payload). */
const sameBits = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** Every ordered pair of the values (each in lane 0 and in lane 1 beside every other), random arguments, and one odd element. */
function argumentsFor(values: readonly number[]): number[] {
  const out: number[] = [];
  for (const a of values) for (const b of values) out.push(a, b);
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let k = 0; k < 2000; k++) out.push(k % 2 ? (rand() - 0.5) * 1400 : (rand() - 0.5) * 4);
  out.push(0.25);
  return out;
}

describe('two-lane exp, expm1 and exprel (WebAssembly tier)', () => {
  const model = checked('x : 1\ny : 1');
  for (const [name, { fn, values }] of Object.entries(CASES)) {
    it(`${name}: each lane gives math/exp.ts's bits, in every branch`, () => {
      const kernel = jsBackend.compile(lowerSet({ model }, 'y', parseExpression(`${name}(x)`).expr!, { name: `simd_${name}` }));
      expect('text' in kernel.wasm! && kernel.wasm.text).toContain('i8x16.shuffle');
      const xs = argumentsFor(values);
      const N = xs.length;
      const arena = new WasmArena(WasmArena.sizeOf([['float', N], ['float', N]]));
      const x = arena.allocate('float', N);
      const y = arena.allocate('float', N);
      x.set(xs);
      const before = kernel.calls!.wasm;
      kernel.run({ arrays: { x, y }, scalars: { N } });
      expect(kernel.calls!.wasm - before, 'ran as WebAssembly').toBe(1);
      for (let k = 0; k < N; k++) {
        if (!sameBits(y[k]!, fn(xs[k]!))) throw new Error(`${name}(${xs[k]}) = ${y[k]} in lane ${k % 2} beside ${xs[k ^ 1]}, expected ${fn(xs[k]!)}`);
      }
      // And the JavaScript tier (the inlined statements) agrees.
      const z = new Float64Array(N);
      setWasmEnabled(false);
      kernel.run({ arrays: { x, y: z }, scalars: { N } });
      setWasmEnabled(true);
      expect([...z].findIndex((v, k) => !sameBits(v, y[k]!))).toBe(-1);
    });
  }

  it('the arena keeps the tables in its first bytes, out of reach of its arrays', () => {
    const arena = new WasmArena(WasmArena.sizeOf([['float', 4]]));
    const a = arena.allocate('float', 4);
    expect(a.byteOffset).toBeGreaterThanOrEqual(1024);
    a.fill(123);
    const pairs = new Float64Array(a.buffer, EXP_TABLE_OFFSET, 128);
    expect(EXP_HI.map((_, j) => [pairs[2 * j], pairs[2 * j + 1]])).toEqual(EXP_HI.map((hi, j) => [hi, EXP_LO[j]]));
  });
});
