/**
 * Namespaces: the values users pass for external names (numbers, quantity strings, quantities,
 * booleans, functions), what each resolves to, and how a bad value is reported where it is used.
 */
import { describe, expect, it } from 'vitest';
import type { ExternalFunction } from '../../src/ast.js';
import { checkModel } from '../../src/check/check-model.js';
import { resolveNamespaceValue, type Namespace, type NamespaceValue } from '../../src/check/namespace.js';
import { parseEquations } from '../../src/parse.js';
import { DIMENSIONLESS, dim, sameDim, type Dimension } from '../../src/units/dimension.js';

const SECOND = dim({ second: 1 });
const VOLT = dim({ metre: 2, kilogram: 1, second: -3, amp: -1 });
const FARAD = dim({ metre: -2, kilogram: -1, second: 4, amp: 2 });

function constant(value: NamespaceValue) {
  const r = resolveNamespaceValue('x', value);
  if (!('symbol' in r)) throw new Error(`expected a symbol, got error: ${r.error}`);
  if (r.symbol.kind !== 'constant') throw new Error('expected a constant');
  return r.symbol;
}

function error(value: NamespaceValue): string {
  const r = resolveNamespaceValue('x', value);
  if (!('error' in r)) throw new Error(`expected an error, got ${JSON.stringify(r.symbol)}`);
  return r.error;
}

function expectQuantity(value: NamespaceValue, si: number, d: Dimension): void {
  const c = constant(value);
  expect(Math.abs(c.value - si)).toBeLessThanOrEqual(1e-12 * Math.abs(si));
  expect(sameDim(c.dim, d), `dimension of ${String(value)}`).toBe(true);
  expect(c.type).toBe('float');
}

describe('resolveNamespaceValue: numbers and booleans', () => {
  it('a number is dimensionless (as in Brian, 0.01 is not 10 ms)', () => {
    expect(constant(0.01)).toEqual({ kind: 'constant', name: 'x', value: 0.01, dim: DIMENSIONLESS, type: 'float' });
  });

  it('an integral number is an integer', () => {
    expect(constant(3200)).toMatchObject({ value: 3200, type: 'integer' });
    expect(constant(-2)).toMatchObject({ type: 'integer' });
  });

  it('a boolean is a boolean 0 or 1', () => {
    expect(constant(true)).toMatchObject({ value: 1, type: 'boolean' });
    expect(constant(false)).toMatchObject({ value: 0, type: 'boolean' });
  });
});

describe('resolveNamespaceValue: quantities', () => {
  it('parses quantity strings to SI values', () => {
    expectQuantity('10 ms', 0.01, SECOND);
    expectQuantity('-65*mV', -0.065, VOLT);
    expectQuantity('1*ufarad*cm**-2 * 20000*umetre**2', 2e-10, FARAD);
    expectQuantity('(60*0.27/10)*mV', 1.62e-3, VOLT);
  });

  it('a string without a unit is a dimensionless number', () => {
    expectQuantity('2.5', 2.5, DIMENSIONLESS);
  });

  it('takes a quantity object as it is', () => {
    expectQuantity({ value: 0.01, dim: SECOND }, 0.01, SECOND);
  });

  it('reports a string that is not a quantity, quoting the value', () => {
    const message = error('10 mss');
    expect(message).toContain("'x'");
    expect(message).toContain('10 mss');
    expect(message).toContain("unknown unit 'mss'");
    expect(error('-65 * mV + 1')).toContain('-65 * mV + 1');
    expect(error('')).toContain('empty');
  });

  it('reports values of other types', () => {
    expect(error(null as unknown as NamespaceValue)).toContain("'x'");
    expect(error([1, 2] as unknown as NamespaceValue)).toContain('must be');
    expect(error({} as unknown as NamespaceValue)).toContain('must be');
  });
});

describe('resolveNamespaceValue: functions', () => {
  it('a plain JS function takes as many dimensionless arguments as it declares', () => {
    const f = (a: number, b: number) => a + b;
    const r = resolveNamespaceValue('f', f);
    expect(r).toEqual({
      symbol: { kind: 'function', name: 'f', arity: 2, argDims: [DIMENSIONLESS, DIMENSIONLESS], returnDim: DIMENSIONLESS, returnType: 'float', implementation: f },
    });
  });

  it('an ExternalFunction (a TimedArray) keeps its signature and gets its name', () => {
    const ta: ExternalFunction = { kind: 'function', arity: 1, argDims: [SECOND], returnDim: VOLT, constantOverDt: true };
    const r = resolveNamespaceValue('I_recorded', ta);
    expect(r).toEqual({ symbol: { ...ta, name: 'I_recorded' } });
  });
});

describe('namespaces in checkModel', () => {
  function check(model: string, namespace: Namespace) {
    return checkModel(parseEquations(model), { kind: 'neurons', namespace });
  }

  it('records only the entries the model uses', () => {
    const r = check('dv/dt = (El - v)/tau : volt', { tau: '10 ms', El: '-65 mV', unused: '1 nS', alsoUnused: 3 });
    expect(r.diagnostics).toEqual([]);
    expect([...r.model!.externals.keys()].sort()).toEqual(['El', 'tau']);
    expect(r.model!.externals.get('tau')).toMatchObject({ kind: 'constant', value: 0.01 });
  });

  it('a dimensionless number where a time is needed is a dimension error', () => {
    const r = check('dv/dt = -v/tau : volt', { tau: 0.01 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['dimension-mismatch']);
  });

  it('reports a bad value where it is used', () => {
    const text = 'dv/dt = -v/tau : volt';
    const r = check(text, { tau: '10 mss' });
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)])).toEqual([['invalid-namespace-value', 'tau']]);
  });

  it('does not complain about bad values the model does not use', () => {
    const r = check('dv/dt = -v/tau : volt', { tau: '10 ms', junk: 'not a quantity' });
    expect(r.diagnostics).toEqual([]);
  });

  it('does not resolve names inherited from Object.prototype', () => {
    const r = check('dv/dt = -v/constructor : volt', {});
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unknown-identifier']);
  });

  it('calls namespace functions and checks their arguments', () => {
    const ta: ExternalFunction = { kind: 'function', arity: 1, argDims: [SECOND], returnDim: DIMENSIONLESS, constantOverDt: true };
    expect(check('dv/dt = (I_rec(t) - v)/(10*ms) : 1', { I_rec: ta }).diagnostics).toEqual([]);
    expect(check('dv/dt = (I_rec(v) - v)/(10*ms) : 1', { I_rec: ta }).diagnostics.map((d) => d.code)).toEqual(['dimension-mismatch']);
    expect(check('dv/dt = (I_rec - v)/(10*ms) : 1', { I_rec: ta }).diagnostics.map((d) => d.code)).toEqual(['function-not-called']);
    expect(check('dv/dt = (tau(t) - v)/(10*ms) : 1', { tau: '10 ms' }).diagnostics.map((d) => d.code)).toEqual(['not-a-function']);
  });
});
