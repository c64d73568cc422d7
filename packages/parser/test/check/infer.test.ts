/**
 * Dimension and type inference of expressions: what `infer` says about the value of an expression
 * in the scope of a group (its variables, the namespace, units, constants, built-in functions),
 * and which diagnostic it reports, where, when the expression makes no physical sense.
 */
import { describe, expect, it } from 'vitest';
import type { CheckedModel } from '../../src/ast.js';
import { checkModel } from '../../src/check/check-model.js';
import { infer } from '../../src/check/infer.js';
import type { Namespace } from '../../src/check/namespace.js';
import { Scope } from '../../src/check/scope.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { parseEquations, parseExpression } from '../../src/parse.js';
import { DIMENSIONLESS, dim, sameDim, type Dimension } from '../../src/units/dimension.js';
import { formatDimension } from '../../src/units/unit-table.js';

const ONE = DIMENSIONLESS;
const VOLT = dim({ metre: 2, kilogram: 1, second: -3, amp: -1 });
const SIEMENS = dim({ metre: -2, kilogram: -1, second: 3, amp: 2 });
const AMP = dim({ amp: 1 });
const SECOND = dim({ second: 1 });
const HERTZ = dim({ second: -1 });

function groupModel(): CheckedModel {
  const r = checkModel(parseEquations('v : volt\ng : siemens\ntau : second\nw : 1\nn : integer\nb : boolean'), { kind: 'neurons' });
  expect(r.diagnostics).toEqual([]);
  return r.model!;
}
const MODEL = groupModel();

const NAMESPACE: Namespace = { tau_ns: '4 ms', k: 2, half: 0.5, gmax: 0.01, Vt: '-50*mV', double: (x: number) => 2 * x };

interface Result {
  readonly text: string;
  readonly dim: Dimension | undefined;
  readonly type: string | undefined;
  readonly value: number | undefined;
  readonly stochastic: boolean;
  readonly diagnostics: Diagnostic[];
}

function run(text: string, options: { allowNoise?: boolean; namespace?: Namespace } = {}): Result {
  const parsed = parseExpression(text);
  expect(parsed.diagnostics, `parse ${text}`).toEqual([]);
  const scope = new Scope('neurons', MODEL.variables, { namespace: options.namespace ?? NAMESPACE });
  const out: Diagnostic[] = [];
  const r = infer(parsed.expr!, scope, { allowNoise: options.allowNoise ?? false }, out);
  return { text, dim: r?.dim, type: r?.type, value: r?.value, stochastic: r?.stochastic === true, diagnostics: out };
}

/** Infers an expression that must check, and returns what was inferred. */
function ok(text: string, options: { allowNoise?: boolean; namespace?: Namespace } = {}): Result {
  const r = run(text, options);
  expect(r.diagnostics.map((d) => `${d.code}: ${d.message}`), text).toEqual([]);
  expect(r.dim, text).toBeDefined();
  return r;
}

function expectDim(text: string, expected: Dimension, type?: string): Result {
  const r = ok(text);
  expect(sameDim(r.dim!, expected), `${text}: got ${formatDimension(r.dim!)}, expected ${formatDimension(expected)}`).toBe(true);
  if (type !== undefined) expect(r.type, text).toBe(type);
  return r;
}

/** Infers an expression that must fail with exactly one diagnostic; returns `[code, covered text]`. */
function fails(text: string, options: { allowNoise?: boolean; namespace?: Namespace } = {}): [string, string] {
  const r = run(text, options);
  expect(r.dim, `${text} should not check`).toBeUndefined();
  expect(r.diagnostics, text).toHaveLength(1);
  const d = r.diagnostics[0]!;
  return [d.code, text.slice(d.span.start, d.span.end)];
}

function close(actual: number | undefined, expected: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
}

describe('infer: literals and names', () => {
  it('types number literals by how they are written', () => {
    expect(ok('3')).toMatchObject({ type: 'integer', value: 3 });
    expect(ok('3.')).toMatchObject({ type: 'float', value: 3 });
    expect(ok('.5')).toMatchObject({ type: 'float', value: 0.5 });
    expect(ok('1e-3')).toMatchObject({ type: 'float', value: 0.001 });
    expect(ok('True')).toMatchObject({ type: 'boolean', value: 1 });
    expect(ok('False')).toMatchObject({ type: 'boolean', value: 0 });
  });

  it('uses the dimension and type of model and internal variables', () => {
    expectDim('v', VOLT, 'float');
    expectDim('g', SIEMENS, 'float');
    expectDim('n', ONE, 'integer');
    expectDim('b', ONE, 'boolean');
    expectDim('t', SECOND, 'float');
    expectDim('dt', SECOND, 'float');
    expectDim('i', ONE, 'integer');
    expectDim('N', ONE, 'integer');
    expectDim('lastspike', SECOND, 'float');
    expectDim('not_refractory', ONE, 'boolean');
    expect(ok('v').value).toBeUndefined(); // a variable has no compile-time value
  });

  it('uses units as values, in SI', () => {
    const mV = expectDim('mV', VOLT, 'float');
    expect(mV.value).toBe(1e-3);
    close(expectDim('5*mV', VOLT).value, 5e-3);
    close(expectDim('nS', SIEMENS).value, 1e-9);
    close(expectDim('mV/ms', dim({ metre: 2, kilogram: 1, second: -4, amp: -1 })).value, 1);
    close(expectDim('10*Hz', HERTZ).value, 10);
  });

  it('raises units to negative powers: mV**-1, cm**-2', () => {
    close(expectDim('mV**-1', dim({ metre: -2, kilogram: -1, second: 3, amp: 1 })).value, 1000);
    close(expectDim('cm**-2', dim({ metre: -2 })).value, 1e4);
    // As in the HH model: 0.32*(mV**-1)*(13.*mV-v+VT) is dimensionless.
    expectDim('0.32*(mV**-1)*(13.*mV-v+Vt)', ONE, 'float');
  });

  it('uses namespace values, and the constants pi, e, inf', () => {
    close(expectDim('tau_ns', SECOND).value, 0.004);
    expect(ok('k')).toMatchObject({ type: 'integer', value: 2 });
    close(ok('pi').value, Math.PI);
    close(ok('e').value, Math.E);
    expect(ok('inf').value).toBe(Infinity);
    expect(ok('-inf').value).toBe(-Infinity);
  });

  it('prefers a model variable to a namespace entry of the same name', () => {
    const r = ok('tau', { namespace: { tau: '10 ms', ...NAMESPACE } });
    expect(r.value).toBeUndefined();
  });

  it('reports unknown names, with a suggestion', () => {
    expect(fails('tua*2')).toEqual(['unknown-identifier', 'tua']);
    expect(run('tua').diagnostics[0]!.hint).toMatch(/'tau'/);
  });
});

describe('infer: arithmetic', () => {
  it('multiplies and divides dimensions', () => {
    expectDim('g*v', AMP, 'float');
    expectDim('v/tau', dim({ metre: 2, kilogram: 1, second: -4, amp: -1 }), 'float');
    expectDim('1/tau', HERTZ, 'float');
    expectDim('g*(v - Vt)/(1*nS)', VOLT);
  });

  it('needs the same dimension on both sides of + and -', () => {
    expectDim('v + 1*mV', VOLT);
    expectDim('-v - Vt', VOLT);
    expect(fails('v + 1')).toEqual(['dimension-mismatch', 'v + 1']);
    expect(fails('(v - tau) * 2')).toEqual(['dimension-mismatch', 'v - tau']);
    const d = run('v + 1').diagnostics[0]!;
    expect(d.message).toContain('volt');
    expect(d.message).toContain('1 (dimensionless)');
  });

  it('follows integer/float typing: / is always float, * + - keep integers', () => {
    expect(ok('n * 2').type).toBe('integer');
    expect(ok('n + 1').type).toBe('integer');
    expect(ok('n + 1.5').type).toBe('float');
    expect(ok('n / 2').type).toBe('float');
    expect(ok('-n').type).toBe('integer');
    expect(ok('-b').type).toBe('integer');
    expect(ok('True + 1')).toMatchObject({ type: 'integer', value: 2 });
  });

  it('folds constant arithmetic', () => {
    expect(ok('3 - 2 - 1').value).toBe(0);
    expect(ok('2 * 3 + 1').value).toBe(7);
    expect(ok('8 / 2 / 2').value).toBe(2);
    expect(ok('-2**2').value).toBe(-4);
    expect(ok('2**-1')).toMatchObject({ type: 'float', value: 0.5 });
    expect(ok('2**3')).toMatchObject({ type: 'integer', value: 8 });
  });

  it('% needs the same dimension on both sides and keeps it', () => {
    expectDim('v % mV', VOLT);
    expect(ok('7 % 2').type).toBe('integer');
    expect(fails('v % 2')).toEqual(['dimension-mismatch', 'v % 2']);
  });
});

describe('infer: floor division //', () => {
  it('divides dimensionless numbers, keeping integers integer', () => {
    expectDim('7 // 2', ONE, 'integer');
    expectDim('n // 2', ONE, 'integer');
    expectDim('7.5 // 2', ONE, 'float');
    expectDim('(v/mV) // 1', ONE, 'float');
    expectDim('(t/dt) // 1', ONE, 'float');
  });

  // As in Brian (brian-team/brian2#984): floor division only for dimensionless values, because
  // the floor of a quantity depends on the unit it is computed in (v // 2 in volt ≠ in mV).
  it('rejects operands with units, at the first one that has a unit', () => {
    expect(fails('v // 2')).toEqual(['dimension-mismatch', 'v']);
    expect(fails('v // mV')).toEqual(['dimension-mismatch', 'v']);
    expect(fails('2 // tau')).toEqual(['dimension-mismatch', 'tau']);
    expect(fails('t // dt')).toEqual(['dimension-mismatch', 't']);
    expect(run('v // 2').diagnostics[0]!.message).toContain('volt');
  });
});

describe('infer: powers', () => {
  it('multiplies exponents by a constant power', () => {
    expectDim('v**2', dim({ metre: 4, kilogram: 2, second: -6, amp: -2 }));
    expectDim('v**-1', dim({ metre: -2, kilogram: -1, second: 3, amp: 1 }));
    expectDim('v**(1+1)', dim({ metre: 4, kilogram: 2, second: -6, amp: -2 }));
    expectDim('v**k', dim({ metre: 4, kilogram: 2, second: -6, amp: -2 }));
    expectDim('tau**half', dim({ second: 0.5 }));
  });

  it('folds the exponent of tau**-0.5 (the noise scaling of the tutorial)', () => {
    expectDim('tau**-0.5', dim({ second: -0.5 }));
    const r = expectDim('tau_ns**-0.5', dim({ second: -0.5 }));
    close(r.value, 0.004 ** -0.5);
    // xi * tau**0.5 is dimensionless.
    const noise = ok('0.8*xi*tau**0.5', { allowNoise: true });
    expect(sameDim(noise.dim!, ONE)).toBe(true);
    expect(noise.stochastic).toBe(true);
  });

  it('lets a dimensionless base take any exponent', () => {
    expectDim('2**n', ONE);
    expectDim('w**n', ONE);
    expect(ok('n**2').type).toBe('integer');
  });

  it('rejects a non-constant power of a quantity, at the exponent', () => {
    expect(fails('v**n')).toEqual(['exponent-not-constant', 'n']);
    expect(fails('v**w')).toEqual(['exponent-not-constant', 'w']);
  });

  it('rejects an exponent with a unit, at the exponent', () => {
    expect(fails('2**(1*mV)')).toEqual(['dimension-mismatch', '1*mV']);
  });
});

describe('infer: sqrt and other functions', () => {
  it('sqrt halves exponents', () => {
    expectDim('sqrt(tau)', dim({ second: 0.5 }), 'float');
    expectDim('sqrt(v*v)', VOLT);
    expectDim('sqrt(mV**2)', VOLT);
    expectDim('sqrt(4)', ONE, 'float');
    // Brunel–Hakim: sigma*sqrt(tau)*xi has the unit of sigma.
    const r = ok('1*mV*sqrt(tau)*xi', { allowNoise: true });
    expect(sameDim(r.dim!, VOLT)).toBe(true);
  });

  it('exp, log, sin, ... need dimensionless arguments', () => {
    expectDim('exp(v/mV)', ONE, 'float');
    expectDim('sin(2*pi*10*Hz*t)', ONE);
    expectDim('exprel((13*mV-v+Vt)/(4*mV))', ONE);
    expect(fails('exp(v)')).toEqual(['dimensionless-argument', 'v']);
    expect(fails('log(1 + tau)')).toEqual(['dimension-mismatch', '1 + tau']);
  });

  it('abs, floor, ceil keep the unit; int and sign give dimensionless numbers', () => {
    expectDim('abs(v)', VOLT);
    expectDim('floor(v/mV)', ONE);
    expectDim('int(b)', ONE, 'integer');
    expectDim('sign(v)', ONE);
    expect(fails('int(v)')).toEqual(['dimensionless-argument', 'v']);
  });

  it('marks random numbers as stochastic, through arithmetic', () => {
    expect(ok('rand()')).toMatchObject({ type: 'float', stochastic: true });
    expect(ok('rand()*50*nA').stochastic).toBe(true);
    expect(ok('v').stochastic).toBe(false);
  });

  it('checks calls: arity, calling a non-function, using a function without calling it', () => {
    expect(fails('rand(1)')[0]).toBe('wrong-arity');
    expect(fails('clip(v, 0)')[0]).toBe('wrong-arity');
    expect(fails('v(1)')).toEqual(['not-a-function', 'v']);
    expect(fails('exp + 1')).toEqual(['function-not-called', 'exp']);
    expect(fails('expp(1)')).toEqual(['unknown-function', 'expp']);
    expect(run('expp(1)').diagnostics[0]!.hint).toMatch(/'exp'/);
  });

  it('calls namespace functions with dimensionless arguments', () => {
    expectDim('double(w)', ONE, 'float');
    expect(fails('double(v)')).toEqual(['dimension-mismatch', 'v']);
    expect(fails('double(1, 2)')[0]).toBe('wrong-arity');
  });
});

describe('infer: clip', () => {
  it('keeps the unit of its first argument', () => {
    expectDim('clip(v, -80*mV, Vt)', VOLT, 'float');
    expectDim('clip(w, 0, gmax)', ONE, 'float');
    expectDim('clip(n, 0, 10)', ONE, 'integer');
  });

  it('accepts a plain 0 or inf as a bound for any unit', () => {
    expectDim('clip(v, 0, 10*mV)', VOLT);
    expectDim('clip(v, -inf, inf)', VOLT);
    expectDim('clip(g, 0, inf)', SIEMENS);
    expectDim('clip(v, 0.0, Vt)', VOLT);
  });

  it('rejects other plain numbers and wrong units as bounds, at the bound', () => {
    expect(fails('clip(v, 1, 10*mV)')).toEqual(['dimension-mismatch', '1']);
    expect(fails('clip(v, 0, w)')).toEqual(['dimension-mismatch', 'w']);
    expect(fails('clip(v, 0*nS, Vt)')).toEqual(['dimension-mismatch', '0*nS']);
  });
});

describe('infer: comparisons and logic', () => {
  it('comparisons are boolean and need the same dimension on both sides', () => {
    for (const op of ['<', '<=', '>', '>=', '==', '!=']) expectDim(`v ${op} Vt`, ONE, 'boolean');
    expectDim('n == 2', ONE, 'boolean');
    expect(fails('v > 1')).toEqual(['dimension-mismatch', 'v > 1']);
    expect(fails('t > 5*mV')).toEqual(['dimension-mismatch', 't > 5*mV']);
  });

  it('and, or and not need boolean operands', () => {
    expectDim('v > Vt and not_refractory', ONE, 'boolean');
    expectDim('b or v > Vt', ONE, 'boolean');
    expectDim('not b', ONE, 'boolean');
    expectDim('not (v > Vt)', ONE, 'boolean');
    expect(fails('v > Vt and w')).toEqual(['not-boolean', 'w']);
    expect(fails('n or b')).toEqual(['not-boolean', 'n']);
    expect(fails('not v')).toEqual(['not-boolean', 'v']);
  });
});

describe('infer: noise', () => {
  it('xi has unit second**-0.5 where noise is allowed', () => {
    const r = ok('xi', { allowNoise: true });
    expect(sameDim(r.dim!, dim({ second: -0.5 }))).toBe(true);
    expect(r.stochastic).toBe(true);
    expect(sameDim(ok('xi_1', { allowNoise: true }).dim!, dim({ second: -0.5 }))).toBe(true);
  });

  it('rejects xi where noise is not allowed', () => {
    expect(fails('v + xi*mV')).toEqual(['noise-not-allowed', 'xi']);
  });
});
