/**
 * math/exp.ts: the table-driven exp and expm1 every CPU tier computes. Checked against 60-digit
 * references (mathjs BigNumber) over every range the code branches on, for the special values,
 * and for giving the same bits inlined in a kernel as the functions the host side uses.
 */
import { describe, expect, it } from 'vitest';
import { all, create, type BigNumber, type FactoryFunctionMap } from 'mathjs';
import { checkModel, parseEquations, parseStatements, type CheckedModel } from '@neurite/parser';
import { exp, expm1, exprel } from '../../src/math/exp.js';
import { jsBackend } from '../../src/backends/js/js-backend.js';
import { lowerStatements, lowerThreshold } from '../../src/lower/templates.js';
import { checked, condition } from '../helpers/models.js';

// mathjs types `all` as possibly undefined; it is always defined.
const big = create(all as FactoryFunctionMap, { number: 'BigNumber', precision: 60 });

/** The exact value of a double (its decimal expansion via mantissa × 2^exponent). */
function exact(x: number): BigNumber {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1 : 1;
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mantissa = e === 0 ? frac : frac | (1n << 52n);
  const exponent = (e === 0 ? 1 : e) - 1075;
  const m = big.bignumber(String(mantissa)) as BigNumber;
  return m.times(big.pow(big.bignumber(2), exponent) as BigNumber).times(sign);
}

/** |y − reference| in units in the last place of y. */
function ulpError(y: number, reference: BigNumber): number {
  const ulp = Math.pow(2, Math.floor(Math.log2(Math.abs(y))) - 52);
  return exact(y).minus(reference).abs().dividedBy(ulp).toNumber();
}

/** Deterministic arguments: `count` uniform in (−scale, scale) for each scale. */
function samples(scales: readonly number[], count: number): number[] {
  let state = 12345;
  const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
  return scales.flatMap((s) => Array.from({ length: count }, () => (2 * next() - 1) * s));
}

// Every branch: the tiny-argument series of expm1 (|x| < 2^-6), reductions with |k| small and
// large, expm1's two forms either side of −ln 2, and the ends of the tables' ranges.
const ARGS = [...samples([1e-12, 1e-6, 0.01, 0.015625, 0.05, 0.7, 2, 10, 40, 700], 150), -707.9, 708.9, -36.9, 0.015625, -0.015625, Math.LN2, -Math.LN2];

describe('exp', () => {
  it('is within 1 ulp of e^x everywhere, about a quarter of an ulp on average', () => {
    const errors = ARGS.map((x) => ulpError(exp(x), big.exp(exact(x)) as BigNumber));
    expect(Math.max(...errors)).toBeLessThan(1);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.3);
  });

  it('gives exact or IEEE results at the special values and beyond the tables', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(NaN)).toBeNaN();
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(710)).toBe(Infinity);
    expect(exp(-746)).toBe(0);
    // Subnormal results come from Math.exp.
    expect(exp(-740)).toBe(Math.exp(-740));
    expect(exp(1)).toBe(Math.E);
  });
});

describe('expm1', () => {
  it('is within 1 ulp of e^x − 1 everywhere, relative to the result (also near 0)', () => {
    const errors = ARGS.map((x) => ulpError(expm1(x), (big.exp(exact(x)) as BigNumber).minus(1)));
    expect(Math.max(...errors)).toBeLessThan(1);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.3);
  });

  it('gives exact or IEEE results at the special values and beyond the tables', () => {
    expect(Object.is(expm1(0), 0)).toBe(true);
    expect(Object.is(expm1(-0), -0)).toBe(true);
    expect(expm1(1e-300)).toBe(1e-300);
    expect(expm1(NaN)).toBeNaN();
    expect(expm1(Infinity)).toBe(Infinity);
    expect(expm1(-Infinity)).toBe(-1);
    expect(expm1(-50)).toBe(-1);
    expect(expm1(710)).toBe(Infinity);
  });
});

describe('exprel', () => {
  it('is (e^x − 1)/x, 1 at 0 and its series near 0', () => {
    expect(exprel(0)).toBe(1);
    expect(exprel(1e-7)).toBe(1 + 1e-7 / 2 + 1e-14 / 6);
    for (const x of [-20, -1, 0.3, 5]) expect(exprel(x)).toBe(expm1(x) / x);
  });
});

describe('exp inlined in a kernel', () => {
  it('gives the bits of the functions, element by element', () => {
    const model = checkModel(parseEquations('x : 1\na : 1\nb : 1\nc : 1'), { kind: 'neurons' }).model as CheckedModel;
    const code = parseStatements('a = exp(x)\nb = expm1(x)\nc = exprel(x)').statements;
    const k = jsBackend.compile(lowerStatements({ model }, code, { name: 'k', loop: 'range' }));
    // Inlined: no call of the helpers in the loop.
    expect(k.source.split('for (let _idx')[1]).not.toMatch(/_exp\(|_expm1\(|_exprel\(/);
    const x = Float64Array.from([...ARGS, 0, -0, NaN, Infinity, -Infinity, 800, -800, -40]);
    const [a, b, c] = [0, 1, 2].map(() => new Float64Array(x.length));
    k.run({ arrays: { x, a: a!, b: b!, c: c! }, scalars: { N: x.length, dt: 1e-4, t: 0 } });
    x.forEach((xi, i) => {
      expect(Object.is(a![i], exp(xi))).toBe(true);
      expect(Object.is(b![i], expm1(xi))).toBe(true);
      expect(Object.is(c![i], exprel(xi))).toBe(true);
    });
  });

  it('computes an exp in a condition before the branch it decides (a threshold)', () => {
    const model = checked('v : 1');
    const thr = condition('exp(v) > 2 and expm1(v) < 3', model);
    const k = jsBackend.compile(lowerThreshold({ model, externals: thr.externals }, thr.expr, { name: 'thr', refractory: false }));
    const loop = k.source.split('for (let _idx')[1]!;
    // Inlined before the `if`, not inside its branch.
    expect(loop.indexOf('let e$0')).toBeLessThan(loop.indexOf('if ('));
    const v = Float64Array.from([0, 0.6, 0.7, 1.3, 1.4, -5]);
    const spikes = new Int32Array(v.length);
    const n = k.run({ arrays: { v, _spikes: spikes }, scalars: { N: v.length, t: 0, dt: 1e-4 } });
    // exp(v) > 2 from ln 2 = 0.693 on; expm1(v) < 3 up to ln 4 = 1.386.
    expect([...spikes.subarray(0, n)]).toEqual([2, 3]);
  });
});
