/**
 * `exp`, `expm1` and `exprel` on two f64 lanes: math/exp.ts's method, operation for operation, so
 * each lane gives the bits the JavaScript statements give (WebAssembly has no fused multiply-add
 * to contract to, and the table entries are the same doubles, read from the arena's constant pool).
 *
 * Why: JavaScript computes one lane at a time, and a WebAssembly kernel that called the host for
 * each exp paid ~15 ns per call; on two lanes the Hodgkin–Huxley update (ten exp/expm1 per neuron
 * and step) runs as one straight-line WebAssembly loop.
 *
 * Shape: where either lane is outside the tables' range (NaN included), both lanes go to the
 * host's own function (the JS tier's `exp`/`expm1`, which then defers to `Math` as the statements
 * do); otherwise the tables are used. The table indices are computed only in that branch, so no
 * load can leave the table. Where the statements branch on a lane's value (expm1 near 0, below
 * −ln 2; exprel near 0) both sides are computed and the lane's own is kept (`v128.bitselect`) —
 * the near-0 series only where a lane is near 0 (rare in a simulation; the branch is skipped, and
 * with it exprel's two divisions, which made the Hodgkin–Huxley update ~1.25× slower).
 */
import { assertNever } from '@neurite/parser';
import type { Instr, ValType } from './encoder.js';
import { EXP_METHOD as M } from '../../math/exp.js';
import { EXP_TABLE_OFFSET } from './arena.js';
import { bytesOfF64x2, bytesOfI64x2 } from './v128-const.js';

/** Built-ins computed here rather than by a host call. */
export type SimdExpCall = 'exp' | 'expm1' | 'exprel';
export const SIMD_EXP_CALLS: ReadonlySet<string> = new Set<SimdExpCall>(['exp', 'expm1', 'exprel']);

/** What the emitter needs from the function being built. */
export interface SimdExpHost {
  /** A v128 local (or another type) for this function; `name` is unique per use. */
  local(name: string, type: ValType): number;
  /** The function index of a host helper taking and returning one f64 (helpers.exp, helpers.expm1). */
  importFunction(module: 'helpers', name: string, arity: number): number;
}

const splat = (v: number): Instr => ['v128.const', bytesOfF64x2(v)];
const splatI64 = (v: bigint): Instr => ['v128.const', bytesOfI64x2(v)];

/** i8x16.shuffle lanes: the first f64 of each operand, and the second of each. */
const LOW_LANES = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
const HIGH_LANES = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];

/** The bits of SHIFT (1.5·2^52). */
const SHIFT_BITS = (() => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, M.SHIFT);
  return view.getBigUint64(0);
})();

/** Per function being built: how many exp calls it has emitted (their locals get distinct names). */
const uses = new WeakMap<SimdExpHost, number>();

/**
 * Appends to `code` the instructions that replace the f64x2 on top of the stack by `fn` of each
 * lane. `fn` is one of {@link SIMD_EXP_CALLS}.
 */
export function emitSimdExp(host: SimdExpHost, code: Instr[], fn: SimdExpCall): void {
  const n = uses.get(host) ?? 0;
  uses.set(host, n + 1);
  const v = (name: string): number => host.local(`_vx${n}_${name}`, 'v128');
  const x = v('x');
  code.push(['local.set', x]);
  switch (fn) {
    case 'exp':
      withRange(host, code, x, 'exp', M.EXP_RANGE, () => expTables(code, x, v));
      return;
    case 'expm1':
      withRange(host, code, x, 'expm1', M.EXPM1_RANGE, () => expm1Tables(code, x, v));
      return;
    case 'exprel': {
      // x === 0 ? 1 : |x| < EXPREL_SERIES ? 1 + x/2 + x*x/6 : expm1(x)/x, lane by lane (exprelSource).
      code.push(['local.get', x]);
      emitSimdExp(host, code, 'expm1');
      code.push(['local.get', x], ['f64x2.div']);
      // The series (two divisions) only where a lane needs it: bitselect(a, b, m) keeps a where m.
      const quotient = v('quotient');
      const small = v('small');
      code.push(['local.set', quotient], ['local.get', x], ['f64x2.abs'], splat(M.EXPREL_SERIES), ['f64x2.lt'], ['local.tee', small], ['v128.any_true'], ['if', 'v128']);
      code.push(splat(1), ['local.get', x], splat(2), ['f64x2.div'], ['f64x2.add'], ['local.get', x], ['local.get', x], ['f64x2.mul'], splat(6), ['f64x2.div'], ['f64x2.add']);
      code.push(['local.get', quotient], ['local.get', small], ['v128.bitselect'], ['else'], ['local.get', quotient], ['end']);
      const r = v('r');
      code.push(['local.set', r], splat(1), ['local.get', r], ['local.get', x], splat(0), ['f64x2.eq'], ['v128.bitselect']);
      return;
    }
    default:
      assertNever(fn, 'two-lane function');
  }
}

/** `if (either lane outside (lo, hi)) host fn on each lane; else tables()`, leaving the result. */
function withRange(host: SimdExpHost, code: Instr[], x: number, fn: 'exp' | 'expm1', [lo, hi]: readonly [number, number], tables: () => void): void {
  code.push(['local.get', x], splat(lo), ['f64x2.gt'], ['local.get', x], splat(hi), ['f64x2.lt'], ['v128.and'], ['v128.not'], ['v128.any_true'], ['if', 'v128']);
  const call = host.importFunction('helpers', fn, 1);
  code.push(['local.get', x], ['f64x2.extract_lane', 0], ['call', call], ['f64x2.splat']);
  code.push(['local.get', x], ['f64x2.extract_lane', 1], ['call', call], ['f64x2.replace_lane', 1]);
  code.push(['else']);
  tables();
  code.push(['end']);
}

/**
 * Sets the reduction's locals for x: k (double), p = e^r − 1, h = hi[i & 63], l = lo[i & 63] and
 * m = 2^(i >> 6), i being k as an integer.
 *
 * i is read from the bits of y = x·INV_LN2_64 + SHIFT rather than converted from k: y lies in
 * [2^52, 2^53), where the unit in the last place is 1, so y's bits are SHIFT's plus k (two's
 * complement, |k| < 2^17 here). Hence the table offset (i & 63)·16 = (y_bits << 4) & 1008, and m,
 * the exact power of two the statements read from their table, is ((i >> 6) + 1023) << 52 =
 * ((y_bits − SHIFT_bits + 1023·64) << 46) with the low 52 bits cleared (i·64 ≥ −1023·64 + 64 in
 * this range, so the exponent field is 1..2046 and nothing reaches the sign bit).
 */
function reduce(code: Instr[], x: number, v: (name: string) => number): { k: number; p: number; h: number; l: number; m: number } {
  const [y, k, r, p, j16, h, l, m] = ['y', 'k', 'r', 'p', 'j16', 'h', 'l', 'm'].map(v) as [number, number, number, number, number, number, number, number];
  // k = (x * INV_LN2_64 + SHIFT) − SHIFT; r = (x − k·LN2_64_HI) − k·LN2_64_LO
  code.push(['local.get', x], splat(M.INV_LN2_64), ['f64x2.mul'], splat(M.SHIFT), ['f64x2.add'], ['local.tee', y], splat(M.SHIFT), ['f64x2.sub'], ['local.set', k]);
  code.push(['local.get', x], ['local.get', k], splat(M.LN2_64_HI), ['f64x2.mul'], ['f64x2.sub'], ['local.get', k], splat(M.LN2_64_LO), ['f64x2.mul'], ['f64x2.sub'], ['local.set', r]);
  // p = r + r·r·(c0 + r·(c1 + …))
  code.push(['local.get', r], ['local.get', r], ['local.get', r], ['f64x2.mul']);
  horner(code, r, M.POLY5);
  code.push(['f64x2.mul'], ['f64x2.add'], ['local.set', p]);
  // Byte offsets of the (hi, lo) pairs, (i & 63)·16, in each 64-bit lane (its low word: i32 lanes
  // 0 and 2); one 16-byte load per lane, then hi of both lanes and lo of both lanes.
  code.push(['local.get', y], ['i32.const', 4], ['i64x2.shl'], splatI64(1008n), ['v128.and'], ['local.set', j16]);
  code.push(['local.get', j16], ['i32x4.extract_lane', 0], ['v128.load', EXP_TABLE_OFFSET], ['local.set', h]);
  code.push(['local.get', j16], ['i32x4.extract_lane', 2], ['v128.load', EXP_TABLE_OFFSET], ['local.set', l]);
  code.push(['local.get', h], ['local.get', l], ['i8x16.shuffle', LOW_LANES], ['local.get', h], ['local.get', l], ['i8x16.shuffle', HIGH_LANES], ['local.set', l], ['local.set', h]);
  code.push(['local.get', y], splatI64(1023n * 64n - SHIFT_BITS), ['i64x2.add'], ['i32.const', 46], ['i64x2.shl'], splatI64(0xfff0000000000000n), ['v128.and'], ['local.set', m]);
  return { k, p, h, l, m };
}

/** exp(x) for lanes inside the tables' range: (h + (l + h·p))·m. */
function expTables(code: Instr[], x: number, v: (name: string) => number): void {
  const { p, h, l, m } = reduce(code, x, v);
  code.push(['local.get', h], ['local.get', l], ['local.get', h], ['local.get', p], ['f64x2.mul'], ['f64x2.add'], ['f64x2.add'], ['local.get', m], ['f64x2.mul']);
}

/**
 * expm1(x) for lanes inside the tables' range: with l' = l + h·p, `(h + l')·m − 1` where k < −64
 * (i < −64), else `(h·m − 1) + m·l'`; for |x| < SMALL its own polynomial (x itself at ±0).
 */
function expm1Tables(code: Instr[], x: number, v: (name: string) => number): void {
  const { k, p, h, l, m } = reduce(code, x, v);
  code.push(['local.get', l], ['local.get', h], ['local.get', p], ['f64x2.mul'], ['f64x2.add'], ['local.set', l]);
  code.push(['local.get', h], ['local.get', l], ['f64x2.add'], ['local.get', m], ['f64x2.mul'], splat(1), ['f64x2.sub']);
  code.push(['local.get', h], ['local.get', m], ['f64x2.mul'], splat(1), ['f64x2.sub'], ['local.get', m], ['local.get', l], ['f64x2.mul'], ['f64x2.add']);
  code.push(['local.get', k], splat(-64), ['f64x2.lt'], ['v128.bitselect']);
  const tables = v('tables');
  const small = v('small');
  code.push(['local.set', tables]);
  // Near 0: x === 0 ? x : x + x·x·(c0 + x·(…)), computed only where a lane is near 0.
  code.push(['local.get', x], splat(-M.SMALL), ['f64x2.gt'], ['local.get', x], splat(M.SMALL), ['f64x2.lt'], ['v128.and'], ['local.tee', small], ['v128.any_true'], ['if', 'v128']);
  code.push(['local.get', x], ['local.get', x], ['local.get', x], ['local.get', x], ['f64x2.mul']);
  horner(code, x, M.POLY7);
  code.push(['f64x2.mul'], ['f64x2.add'], ['local.get', x], splat(0), ['f64x2.eq'], ['v128.bitselect']);
  code.push(['local.get', tables], ['local.get', small], ['v128.bitselect'], ['else'], ['local.get', tables], ['end']);
}

/** Appends c0 + v·(c1 + v·(… + v·c_last)), leaving it on the stack. */
function horner(code: Instr[], v: number, c: readonly number[]): void {
  code.push(splat(c[c.length - 1]!));
  for (let t = c.length - 2; t >= 0; t--) code.push(['local.get', v], ['f64x2.mul'], splat(c[t]!), ['f64x2.add']);
}
