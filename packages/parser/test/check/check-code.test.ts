/**
 * Code that runs in the context of a checked model: statement blocks (reset, on_pre, on_post,
 * run_regularly) and single expressions (threshold, refractory condition, connect condition,
 * delay). In Synapses, `x_pre`/`x_post` name variables of the connected groups, and a name the
 * synapses don't define falls back to the postsynaptic group's variable.
 */
import { describe, expect, it } from 'vitest';
import type { CheckedModel } from '../../src/ast.js';
import { checkExpression, checkStatements } from '../../src/check/check-code.js';
import { checkModel, type CheckOptions } from '../../src/check/check-model.js';
import type { ScopeOptions } from '../../src/check/scope.js';
import { parseEquations, parseExpression, parseStatements } from '../../src/parse.js';
import { dim, sameDim } from '../../src/units/dimension.js';

const SECOND = dim({ second: 1 });
const VOLT = dim({ metre: 2, kilogram: 1, second: -3, amp: -1 });

function model(text: string, options: CheckOptions): CheckedModel {
  const r = checkModel(parseEquations(text), options);
  expect(r.diagnostics.map((d) => d.message), text).toEqual([]);
  return r.model!;
}

const NEURONS = model(
  'dv/dt = (El - v)/tau : volt (unless refractory)\nge : siemens\nb : boolean\nn : integer\nC : farad (constant)\nv_rel = v - El : volt',
  { kind: 'neurons', namespace: { El: '-65 mV', tau: '10 ms' } },
);
const NS = { Vr: '-60*mV', Vt: '-50*mV', we: '1 nS', k: 2 };

/** Presynaptic group: a position and a rate. */
const PRE = model('x : metre\nrates : Hz\nv : volt', { kind: 'neurons' });
/** Postsynaptic group: a membrane potential, a conductance, a constant and a subexpression. */
const POST = model('dv/dt = -v/(10*ms) : volt\nge : siemens\ny : metre\nc : 1 (constant)\nv_half = v/2 : volt', { kind: 'neurons' });
const SYN_SCOPE: ScopeOptions = { pre: PRE, post: POST, namespace: NS };
const SYNAPSES = model('w : siemens\ndApre/dt = -Apre/(20*ms) : 1 (event-driven)\nv_pre_copy = v_pre : volt', { kind: 'synapses', ...SYN_SCOPE });

/** `[code, covered text]` of every diagnostic. */
function statements(code: string, m: CheckedModel, options: ScopeOptions = { namespace: NS }): [string, string][] {
  const r = checkStatements(parseStatements(code), m, options);
  const ds = r.diagnostics.map((d): [string, string] => [d.code, code.slice(d.span.start, d.span.end)]);
  if (ds.length === 0) expect(r.statements, code).toHaveLength(parseStatements(code).statements.length);
  else expect(r.statements, code).toBeUndefined();
  return ds;
}

const synapseStatements = (code: string, options: ScopeOptions = SYN_SCOPE) => statements(code, SYNAPSES, options);

describe('checkStatements in a NeuronGroup', () => {
  it('accepts resets and updates with matching units', () => {
    expect(statements('v = Vr', NEURONS)).toEqual([]);
    expect(statements('v = Vr; ge += we\nn += 1', NEURONS)).toEqual([]);
    expect(statements('v -= 2*mV\nge *= 0.5\nge /= k', NEURONS)).toEqual([]);
  });

  it('reports a unit mismatch at the value, with a hint for a missing unit', () => {
    expect(statements('v = 0', NEURONS)).toEqual([['dimension-mismatch', '0']]);
    expect(statements('v += we', NEURONS)).toEqual([['dimension-mismatch', 'we']]);
    const r = checkStatements(parseStatements('v = 0'), NEURONS, { namespace: NS });
    expect(r.diagnostics[0]!.message).toBe("'v' has unit volt, but the value assigned to it has unit 1 (dimensionless)");
    expect(r.diagnostics[0]!.hint).toMatch(/3\*mV/);
  });

  it('multiplies and divides only by dimensionless factors', () => {
    expect(statements('ge *= 2*mV', NEURONS)).toEqual([['dimension-mismatch', '2*mV']]);
  });

  it('needs a boolean for a boolean variable', () => {
    expect(statements('b = v > Vt', NEURONS)).toEqual([]);
    expect(statements('b = True', NEURONS)).toEqual([]);
    expect(statements('b = 1', NEURONS)).toEqual([['not-boolean', '1']]);
  });

  it('may set the refractory state and the last spike time', () => {
    expect(statements('not_refractory = False\nlastspike = t', NEURONS)).toEqual([]);
  });

  it('refuses read-only targets, saying why', () => {
    const why = (code: string) => checkStatements(parseStatements(code), NEURONS, { namespace: NS }).diagnostics[0]!.message;
    expect(statements('C = 1*pF', NEURONS)).toEqual([['read-only', 'C']]);
    expect(why('C = 1*pF')).toContain("'(constant)'");
    expect(statements('v_rel = 0*mV', NEURONS)).toEqual([['read-only', 'v_rel']]);
    expect(why('v_rel = 0*mV')).toContain('subexpression');
    expect(statements('t = 0*ms', NEURONS)).toEqual([['read-only', 't']]);
    expect(statements('i = 0', NEURONS)).toEqual([['read-only', 'i']]);
    expect(why('i = 0')).toContain('simulator');
    expect(statements('Vr = 0*mV', NEURONS)).toEqual([['read-only', 'Vr']]);
    expect(statements('mV = 1', NEURONS)).toEqual([['read-only', 'mV']]);
  });

  it('reports unknown targets and names, with suggestions', () => {
    expect(statements('vv = Vr', NEURONS)).toEqual([['unknown-identifier', 'vv']]);
    expect(statements('v = Vrr', NEURONS)).toEqual([['unknown-identifier', 'Vrr']]);
    const r = checkStatements(parseStatements('v = Vrr'), NEURONS, { namespace: NS });
    expect(r.diagnostics[0]!.hint).toBe("did you mean 'Vr'?");
  });

  it('checks every statement and reports every error', () => {
    expect(statements('v = 0\nge += we\nb = 2', NEURONS)).toEqual([
      ['dimension-mismatch', '0'],
      ['not-boolean', '2'],
    ]);
  });

  it('does not allow noise in code', () => {
    expect(statements('v += xi*mV*ms**0.5', NEURONS)).toEqual([['noise-not-allowed', 'xi']]);
  });

  it('allows random numbers in code (run_regularly)', () => {
    expect(statements('v = Vr + rand()*(Vt - Vr)', NEURONS)).toEqual([]);
  });

  it('records the namespace entries the code uses', () => {
    const r = checkStatements(parseStatements('v = Vr\nge += we'), NEURONS, { namespace: NS });
    expect([...r.externals.keys()].sort()).toEqual(['Vr', 'we']);
  });

  it('passes syntax errors through and returns no statements', () => {
    const r = checkStatements(parseStatements('v = = Vr'), NEURONS, { namespace: NS });
    expect(r.diagnostics.map((d) => d.code)).toContain('syntax-error');
    expect(r.statements).toBeUndefined();
  });
});

describe('checkStatements in Synapses', () => {
  it('resolves _pre and _post names in their groups', () => {
    expect(synapseStatements('ge_post += w')).toEqual([]);
    expect(synapseStatements('v_post = v_pre')).toEqual([]);
    expect(synapseStatements('w = abs(x_pre - y_post)/metre*nS')).toEqual([]);
    expect(synapseStatements('rates_pre = 1*Hz')).toEqual([]);
  });

  it('falls back to the postsynaptic variable for a name the synapses do not define', () => {
    expect(synapseStatements('ge += w')).toEqual([]);
    expect(synapseStatements('v = v_pre')).toEqual([]);
    // STDP's on_pre: a postsynaptic variable, a synaptic trace, a synaptic weight.
    expect(synapseStatements('ge += w\nApre += 0.01\nw = clip(w + Apre*nS, 0, 10*nS)')).toEqual([]);
  });

  it("prefers the synapses' own variable to the postsynaptic one", () => {
    const post = model('w : volt', { kind: 'neurons' });
    const syn = model('w : siemens', { kind: 'synapses', post });
    expect(statements('w = 1*nS', syn, { post })).toEqual([]);
    expect(statements('w = 1*mV', syn, { post })).toEqual([['dimension-mismatch', '1*mV']]);
    expect(statements('w_post = 1*mV', syn, { post })).toEqual([]);
  });

  it("uses the synapses' own internal variables, never the group's (i, t, N)", () => {
    expect(synapseStatements('delay = 2*ms\nlastupdate = t')).toEqual([]);
    expect(synapseStatements('i = 1')).toEqual([['read-only', 'i']]);
    expect(synapseStatements('j = 1')).toEqual([['read-only', 'j']]);
  });

  it('checks units across groups', () => {
    expect(synapseStatements('v_post += w')).toEqual([['dimension-mismatch', 'w']]);
    expect(synapseStatements('ge += 1*mV')).toEqual([['dimension-mismatch', '1*mV']]);
  });

  it('does not find a variable on the wrong side', () => {
    expect(synapseStatements('x_post = 1*metre')).toEqual([['unknown-identifier', 'x_post']]);
    expect(synapseStatements('w = w_post')).toEqual([['unknown-identifier', 'w_post']]);
    // x exists only presynaptically, so the unsuffixed name does not fall back to it.
    expect(synapseStatements('y_post = x')).toEqual([['unknown-identifier', 'x']]);
  });

  it('refuses read-only variables of the connected groups, saying why', () => {
    const why = (code: string) => checkStatements(parseStatements(code), SYNAPSES, SYN_SCOPE).diagnostics[0]!.message;
    expect(synapseStatements('c_post = 1')).toEqual([['read-only', 'c_post']]);
    expect(why('c_post = 1')).toContain("'(constant)'");
    expect(synapseStatements('c = 1')).toEqual([['read-only', 'c']]);
    expect(synapseStatements('v_half_post = 0*mV')).toEqual([['read-only', 'v_half_post']]);
    expect(why('v_half_post = 0*mV')).toContain('subexpression');
    expect(why('v_half = 0*mV')).toContain('subexpression');
    expect(why('v_pre_copy = 0*mV')).toContain('subexpression');
    expect(why('N_pre = 1')).toContain('simulator');
  });

  it('without the connected groups, _pre and _post names ask for them', () => {
    const ds = checkStatements(parseStatements('w += v_pre*nS/mV'), SYNAPSES, { namespace: NS }).diagnostics;
    expect(ds.map((d) => d.code)).toEqual(['unknown-identifier']);
    expect(ds[0]!.hint).toContain("'pre'");
    expect(synapseStatements('v_post = 0*mV', { namespace: NS })).toEqual([['unknown-identifier', 'v_post']]);
    // Nor is there a postsynaptic fallback.
    expect(synapseStatements('ge += w', { namespace: NS })).toEqual([['unknown-identifier', 'ge']]);
  });
});

describe('checkExpression', () => {
  function expression(code: string, m: CheckedModel, expect_: 'boolean' | typeof SECOND, options: ScopeOptions = { namespace: NS }) {
    return checkExpression(parseExpression(code), m, { ...options, expect: expect_, what: 'the condition' });
  }
  const problems = (r: ReturnType<typeof expression>, code: string) => r.diagnostics.map((d) => [d.code, code.slice(d.span.start, d.span.end)]);

  it('accepts boolean conditions and returns what was inferred', () => {
    for (const code of ['v > Vt', 'v > Vt and not_refractory', 'not b', 'rand() < 0.5', 'n == 2 or b', 'v > -40*mV']) {
      const r = expression(code, NEURONS, 'boolean');
      expect(r.diagnostics, code).toEqual([]);
      expect(r.expr, code).toBeDefined();
      expect(r.inferred?.type, code).toBe('boolean');
    }
  });

  it('rejects a value where a condition is expected, naming what it is', () => {
    const r = expression('v - Vt', NEURONS, 'boolean');
    expect(problems(r, 'v - Vt')).toEqual([['not-boolean', 'v - Vt']]);
    expect(r.diagnostics[0]!.message).toContain('the condition');
    expect(r.diagnostics[0]!.message).toContain('volt');
    expect(r.expr).toBeUndefined();
    expect(problems(expression('n', NEURONS, 'boolean'), 'n')).toEqual([['not-boolean', 'n']]);
  });

  it('checks a value against an expected dimension (a delay, a refractory period)', () => {
    const ok = expression('2*ms + rand()*ms', NEURONS, SECOND);
    expect(ok.diagnostics).toEqual([]);
    expect(sameDim(ok.inferred!.dim, SECOND)).toBe(true);
    const r = checkExpression(parseExpression('5*mV'), NEURONS, { expect: SECOND, what: 'the refractory period' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['dimension-mismatch']);
    expect(r.diagnostics[0]!.message).toContain('the refractory period');
    expect(r.diagnostics[0]!.message).toContain('second');
    expect(r.inferred).toBeUndefined();
  });

  it('does not allow noise', () => {
    expect(problems(expression('xi > 0', NEURONS, 'boolean'), 'xi > 0')).toEqual([['noise-not-allowed', 'xi']]);
  });

  it('records the namespace entries used', () => {
    const r = expression('v > Vt', NEURONS, 'boolean');
    expect([...r.externals.keys()]).toEqual(['Vt']);
  });

  it('resolves synaptic names in connect conditions and delays', () => {
    const cond = (code: string) => expression(code, SYNAPSES, 'boolean', SYN_SCOPE);
    for (const code of ['i != j', 'abs(x_pre - y_post) < 250*metre', 'v_pre > v_post', 'v > 0*mV', 'N_incoming < 100', 'rand() < 0.02']) {
      expect(cond(code).diagnostics.map((d) => d.message), code).toEqual([]);
    }
    const delay = expression('abs(x_pre - y_post) / (1*metre) * ms', SYNAPSES, SECOND, SYN_SCOPE);
    expect(delay.diagnostics).toEqual([]);
    expect(sameDim(expression('v_post', SYNAPSES, VOLT, SYN_SCOPE).inferred!.dim, VOLT)).toBe(true);
  });

  it('passes a syntax error through', () => {
    const r = expression('v >', NEURONS, 'boolean');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['syntax-error']);
    expect(r.expr).toBeUndefined();
  });
});
