/**
 * shareRepeatedCalls (lower/optimize.ts): a built-in call repeated with the same arguments in the
 * loop body is computed once — exponential Euler's rate functions — and only where its value
 * cannot differ between the uses, so results stay the same numbers.
 */
import { describe, expect, it } from 'vitest';
import { checkModel, checkStatements, parseEquations, parseStatements, type CheckedModel } from '@neurite/parser';
import { jsBackend } from '../../src/backends/js/js-backend.js';
import { compileModel } from '../../src/compile.js';
import { lowerStatements } from '../../src/lower/templates.js';

/**
 * How many times the kernel computes `fn`: exp and expm1 are inlined (math/exp.ts), each copy with
 * one `Math.<fn>(` for the arguments outside its tables' range.
 */
const calls = (source: string, fn: string): number => source.split(`Math.${fn}(`).length - 1;

describe('shareRepeatedCalls', () => {
  it('computes a rate function used by both terms of exponential Euler once, with the same result', () => {
    const model = 'dm/dt = alpha*(1 - m) - beta*m : 1\nalpha = 0.1*exp(-v/20)/ms : Hz\nbeta = 0.2*exp(-v/30)/ms : Hz\nv : 1';
    const k = compileModel(model, { method: 'exponential_euler' }).stateUpdate;
    // A = -(alpha + beta) and B = alpha: alpha's exp appears twice, beta's once; exp(A*dt) and
    // exprel(A*dt) share one expm1 (shareExpm1).
    expect(calls(k.source, 'exp')).toBe(2);
    expect(calls(k.source, 'expm1')).toBe(1);
    expect(k.source).toMatch(/let _cse0 = e\$0;/);
    const v = Float64Array.from([-40, 0, 25]);
    const m = Float64Array.from([0.1, 0.5, 0.9]);
    const dt = 1e-4;
    k.run({ arrays: { m, v }, scalars: { N: 3, dt, t: 0 } });
    const expected = [-40, 0, 25].map((vi, i) => {
      const alpha = (0.1 * Math.exp(-vi / 20)) / 1e-3;
      const beta = (0.2 * Math.exp(-vi / 30)) / 1e-3;
      const m0 = [0.1, 0.5, 0.9][i]!;
      const inf = alpha / (alpha + beta);
      return inf + (m0 - inf) * Math.exp(-(alpha + beta) * dt);
    });
    for (let i = 0; i < 3; i++) expect(m[i]).toBeCloseTo(expected[i]!, 12);
  });

  it('does not share a call across a store to an array it reads', () => {
    const parsed = parseEquations('x : 1\ny : 1\nz : 1');
    const model = checkModel(parsed, { kind: 'neurons' }).model as CheckedModel;
    const code = parseStatements('y = exp(x)\nx = 2*x\nz = exp(x)').statements;
    const k = jsBackend.compile(lowerStatements({ model }, code, { name: 'k', loop: 'range' }));
    expect(calls(k.source, 'exp')).toBe(2);
    const x = Float64Array.from([1]);
    const y = new Float64Array(1);
    const z = new Float64Array(1);
    k.run({ arrays: { x, y, z }, scalars: { N: 1, dt: 1e-4, t: 0 } });
    expect([y[0], z[0]]).toEqual([Math.exp(1), Math.exp(2)]);
  });

  it('shares a call whose arrays are not stored in between', () => {
    const parsed = parseEquations('x : 1\ny : 1\nz : 1');
    const model = checkModel(parsed, { kind: 'neurons' }).model as CheckedModel;
    const code = parseStatements('y = exp(x) + 1\nz = 2*exp(x)').statements;
    const k = jsBackend.compile(lowerStatements({ model }, code, { name: 'k', loop: 'range' }));
    expect(calls(k.source, 'exp')).toBe(1);
    const x = Float64Array.from([0.5]);
    const y = new Float64Array(1);
    const z = new Float64Array(1);
    k.run({ arrays: { x, y, z }, scalars: { N: 1, dt: 1e-4, t: 0 } });
    expect([y[0], z[0]]).toEqual([Math.exp(0.5) + 1, 2 * Math.exp(0.5)]);
  });
});

describe('shareExpm1', () => {
  const model = 'dm/dt = alpha*(1 - m) - beta*m : 1\nalpha = 0.1*exp(-v/20)/ms : Hz\nbeta = 0.2*exp(-v/30)/ms : Hz\nv : 1';

  it('computes exp(A*dt) and exprel(A*dt) of exponential Euler from one expm1, within an ulp of before', () => {
    const k = compileModel(model, { method: 'exponential_euler' }).stateUpdate;
    expect(k.source).not.toContain('_exprel(');
    const v = Float64Array.from([-40, 0, 25, 1e3]);
    const m0 = [0.1, 0.5, 0.9, 0.3];
    const m = Float64Array.from(m0);
    const dt = 1e-4;
    k.run({ arrays: { m, v }, scalars: { N: 4, dt, t: 0 } });
    [-40, 0, 25, 1e3].forEach((vi, i) => {
      const alpha = (0.1 * Math.exp(-vi / 20)) / 1e-3;
      const beta = (0.2 * Math.exp(-vi / 30)) / 1e-3;
      const A = -(alpha + beta);
      const z = A * dt;
      // The exprel form with separate calls, as the kernel computed it before.
      const separate = m0[i]! * Math.exp(z) + alpha * dt * (Math.expm1(z) / z);
      expect(Math.abs(m[i]! - separate)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(separate));
    });
  });

  it('keeps exprel exact where z is 0 (a variable whose rate vanishes)', () => {
    const k = compileModel('dx/dt = -a*x + b : 1\na : Hz\nb : Hz', { method: 'exponential_euler' }).stateUpdate;
    const x = Float64Array.from([2, 2]);
    k.run({ arrays: { x, a: Float64Array.from([0, 10]), b: Float64Array.from([5, 5]) }, scalars: { N: 2, dt: 1e-3, t: 0 } });
    expect(x[0]).toBe(2 + 5 * 1e-3); // exprel(0) = 1: x + b*dt
    expect(x[1]).toBeCloseTo(0.5 + (2 - 0.5) * Math.exp(-10 * 1e-3), 14);
  });
});

describe('hoistInvariants: division by a constant of the model', () => {
  const build = (code: string) => {
    const namespace = { c: 3 };
    const model = checkModel(parseEquations('x : 1\ny : 1'), { kind: 'neurons', namespace }).model as CheckedModel;
    const checked = checkStatements(parseStatements(code), model, { namespace });
    return jsBackend.compile(lowerStatements({ model, externals: checked.externals }, checked.statements!, { name: 'k', loop: 'range' }));
  };
  /** Distance in units in the last place. */
  const ulps = (a: number, b: number) => Math.abs(a - b) / (Number.EPSILON * Math.abs(b));

  it('multiplies by the reciprocal, computed once per call, within one rounding of the division', () => {
    const k = build('y = x / (4*0.001)'); // as `x / (4*mV)` lowers
    // The loop multiplies; the division happens once, before it.
    const loop = k.source.slice(k.source.indexOf('for ('));
    expect(loop).not.toMatch(/\//);
    expect(k.source).toMatch(/let _inv\d+ = 1 \/ \(4 \* 0\.001\);/);
    const x = Float64Array.from({ length: 1000 }, (_, i) => (i - 500) * 1.37e-4 + 1e-9);
    const y = new Float64Array(1000);
    k.run({ arrays: { x, y }, scalars: { N: 1000, dt: 1e-4, t: 0 } });
    for (let i = 0; i < 1000; i++) expect(ulps(y[i]!, x[i]! / 0.004)).toBeLessThanOrEqual(1);
  });

  it('multiplies by the reciprocal of a namespace constant, and of a (constant) parameter, with the same bits (runBatch makes one the other)', () => {
    const k = build('y = x / c');
    expect(k.source.slice(k.source.indexOf('for ('))).not.toMatch(/\//);
    expect(k.source).toMatch(/let _inv\d+ = 1 \/ s_c;/);
    // The batch's formulation: c a per-element (constant) parameter.
    const model = checkModel(parseEquations('x : 1\ny : 1\nc : 1 (constant)'), { kind: 'neurons' }).model as CheckedModel;
    const checked = checkStatements(parseStatements('y = x / c'), model, {});
    const perElement = jsBackend.compile(lowerStatements({ model, externals: checked.externals }, checked.statements!, { name: 'k', loop: 'range' }));
    expect(perElement.source).toMatch(/\* \(1 \/ a_c\[_idx\]\)/);
    // A user parameter without the flag may change during a run: its division stays.
    const plainModel = checkModel(parseEquations('x : 1\ny : 1\nc : 1'), { kind: 'neurons' }).model as CheckedModel;
    const plain = jsBackend.compile(lowerStatements({ model: plainModel, externals: new Map() }, checkStatements(parseStatements('y = x / c'), plainModel, {}).statements!, { name: 'k', loop: 'range' }));
    expect(plain.source).toMatch(/a_x\[_idx\] \/ a_c\[_idx\]/);

    const x = Float64Array.from({ length: 1000 }, (_, i) => (i - 500) * 1.37e-4 + 1e-9);
    const [y1, y2] = [new Float64Array(1000), new Float64Array(1000)];
    k.run({ arrays: { x, y: y1 }, scalars: { N: 1000, dt: 1e-4, t: 0, c: 3 } });
    perElement.run({ arrays: { x, y: y2, c: new Float64Array(1000).fill(3) }, scalars: { N: 1000, dt: 1e-4, t: 0 } });
    expect(Array.from(y2)).toEqual(Array.from(y1));
    // 1/3 is not exact: some quotients differ from x / 3 in the last place, none by more.
    for (let i = 0; i < 1000; i++) expect(ulps(y1[i]!, x[i]! / 3)).toBeLessThanOrEqual(1);
  });

  it('keeps the division where one rounding could change a step: floor, %, comparisons, conditions', () => {
    // 0.3/0.1 = 2.9999999999999996 but 0.3*(1/0.1) = 3: floor() would give 3 instead of Python's 2.
    const x = Float64Array.from([0.3, 0.7, 0.6]);
    const cases: [string, number[]][] = [
      ['y = floor(x / 0.1)', [2, 6, 5]],
      ['y = int(x / 0.1 >= 3)', [0, 1, 1]],
      ['y = (x / 0.1) % 3', [0.3 / 0.1, (0.7 / 0.1) % 3, (0.6 / 0.1) % 3]],
      ['y = int(not (x / 0.1 < 3))', [0, 1, 1]],
    ];
    for (const [code, expected] of cases) {
      const k = build(code);
      const y = new Float64Array(3);
      k.run({ arrays: { x, y }, scalars: { N: 3, dt: 1e-4, t: 0 } });
      expect([...y], code).toEqual(expected);
      expect(k.source.slice(k.source.indexOf('for (')), code).toMatch(/ \/ 0\.1/);
    }
  });

  it('keeps the division for a quotient that reaches a step through a subexpression', () => {
    const k = compileModel('dy/dt = (q - floor(q))/ms : 1\nq = x / 0.1 : 1\nx : 1', { method: 'euler' }).stateUpdate;
    const y = new Float64Array(1);
    k.run({ arrays: { x: Float64Array.from([0.3]), y }, scalars: { N: 1, dt: 1e-4, t: 0 } });
    // q - floor(q) is 0.9999999999999996 with the division, 0 with the reciprocal.
    expect(y[0]).toBeCloseTo((0.3 / 0.1 - 2) * 0.1, 12);
  });

  it('keeps the division when the reciprocal is not a normal double', () => {
    const k = build('y = x / 1e-320');
    expect(k.source.slice(k.source.indexOf('for ('))).toMatch(/ \/ 1e-320/);
    const y = new Float64Array(1);
    k.run({ arrays: { x: Float64Array.from([1e-300]), y }, scalars: { N: 1, dt: 1e-4, t: 0 } });
    expect(y[0]).toBe(1e-300 / 1e-320);
  });

  it('gives what the division gives for a zero divisor: infinities, and NaN for 0/0', () => {
    const k = build('y = x / 0');
    const x = Float64Array.from([2, -2, 0]);
    const y = new Float64Array(3);
    k.run({ arrays: { x, y }, scalars: { N: 3, dt: 1e-4, t: 0 } });
    expect(Array.from(y)).toEqual([Infinity, -Infinity, NaN]);
  });
});
