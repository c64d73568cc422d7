/**
 * Corpus test: the model strings of Brian2's tutorial "Introduction to Brian part 3: Simulations"
 * and of the standard benchmark/example models (CUBA, COBAHH, STDP, gap junctions, Brunel–Hakim),
 * copied verbatim, must parse and check without a single diagnostic, and the checked model must
 * say what Brian says about them: which equations there are, the unit of every variable, the
 * flags, the evaluation order of subexpressions, and which namespace entries are used.
 */
import { describe, expect, it } from 'vitest';
import {
  checkExpression,
  checkModel,
  checkStatements,
  DIMENSIONLESS,
  dim,
  formatDiagnostics,
  formatDimension,
  lookupUnit,
  parseEquations,
  parseExpression,
  parseStatements,
  sameDim,
  type CheckedModel,
  type CheckOptions,
  type Dimension,
  type ExternalConstant,
  type ExternalFunction,
  type ExternalSymbol,
  type HasDiagnostics,
  type Namespace,
} from '@neurite/parser';

// ---------------------------------------------------------------------------------------------
// Units, written once.

const unitDim = (name: string): Dimension => {
  const u = lookupUnit(name);
  if (!u) throw new Error(`test setup: no unit ${name}`);
  return u.dim;
};
const ONE = DIMENSIONLESS;
const VOLT = unitDim('volt');
const SECOND = unitDim('second');
const HERTZ = unitDim('hertz');
const AMP = unitDim('amp');
const FARAD = unitDim('farad');
const SIEMENS = unitDim('siemens');

// ---------------------------------------------------------------------------------------------
// Helpers

/** Fails with the formatted code frames (readable) if there is any diagnostic at all. */
function expectClean(r: HasDiagnostics, what: string): void {
  expect(formatDiagnostics(r.diagnostics, r.source), what).toBe('');
  expect(r.diagnostics).toEqual([]);
}

/** Parses and checks a model that must be free of diagnostics. */
function checked(text: string, options: CheckOptions): CheckedModel {
  const parsed = parseEquations(text);
  expectClean(parsed, 'parse');
  const r = checkModel(parsed, options);
  expectClean(r, 'check');
  expect(r.model).toBeDefined();
  return r.model!;
}

/** `[kind, name]` of every equation, in source order. */
const equationList = (m: CheckedModel) => m.equations.map((e) => [e.kind, e.name]);

function expectDim(actual: Dimension | undefined, expected: Dimension, what: string): void {
  expect(actual, `${what} is missing`).toBeDefined();
  expect(sameDim(actual!, expected), `${what}: got ${formatDimension(actual!)}, expected ${formatDimension(expected)}`).toBe(true);
}

/**
 * Asserts the dimension of every variable the model itself defines (states, parameters,
 * subexpressions) — no more, no fewer — and that internal variables were not displaced.
 */
function expectModelVariables(m: CheckedModel, expected: Record<string, Dimension>): void {
  const own = [...m.variables.values()].filter((v) => v.origin !== 'internal').map((v) => v.name);
  expect(own.sort()).toEqual(Object.keys(expected).sort());
  for (const [name, d] of Object.entries(expected)) expectDim(m.variables.get(name)?.dim, d, `variable '${name}'`);
  for (const name of ['t', 'dt', 'i', 'N']) expect(m.variables.get(name)?.origin, name).toBe('internal');
  expectDim(m.variables.get('t')?.dim, SECOND, 't');
  expectDim(m.variables.get('dt')?.dim, SECOND, 'dt');
}

const flagsOf = (m: CheckedModel, name: string) => m.variables.get(name)?.flags;

/** Sorted names of the namespace entries the model used. */
const externalNames = (m: { externals: ReadonlyMap<string, unknown> }) => [...m.externals.keys()].sort();

/** A namespace constant the model or code used, resolved to SI. */
function usedConstant(m: { externals: ReadonlyMap<string, ExternalSymbol> }, name: string): ExternalConstant {
  const s = m.externals.get(name);
  if (!s || s.kind !== 'constant') throw new Error(`'${name}' is not a used namespace constant`);
  return s;
}
const externalValue = (m: { externals: ReadonlyMap<string, ExternalSymbol> }, name: string) => usedConstant(m, name).value;

function expectClose(actual: number, expected: number, relTol = 1e-12): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(relTol * Math.abs(expected));
}

/** Checks code statements (reset, on_pre, on_post, run_regularly) that must be clean. */
function statementsOk(code: string, m: CheckedModel, options: Omit<CheckOptions, 'kind'> = {}) {
  const r = checkStatements(parseStatements(code), m, options);
  expectClean(r, code);
  expect(r.statements).toBeDefined();
  return r;
}

/** Checks a boolean condition (threshold, refractory condition, connect condition). */
function conditionOk(code: string, m: CheckedModel, options: Omit<CheckOptions, 'kind'> = {}) {
  const r = checkExpression(parseExpression(code), m, { ...options, expect: 'boolean', what: 'the condition' });
  expectClean(r, code);
  expect(r.inferred?.type).toBe('boolean');
  return r;
}

/** Checks a value expression (e.g. an initial value `'Vr + rand() * (Vt - Vr)'`) of a given unit. */
function valueOk(code: string, m: CheckedModel, expect_: Dimension, options: Omit<CheckOptions, 'kind'> = {}) {
  const r = checkExpression(parseExpression(code), m, { ...options, expect: expect_, what: 'the value' });
  expectClean(r, code);
  expectDim(r.inferred?.dim, expect_, code);
  return r;
}

/** A PoissonGroup as seen from Synapses: one `rates` parameter. */
function poissonGroup(): CheckedModel {
  return checked('rates : Hz', { kind: 'neurons' });
}

// =============================================================================================
// Tutorial part 3: Simulations
// =============================================================================================

describe('Brian tutorial 3: leaky integrate-and-fire with Poisson input', () => {
  // As written inside the tutorial's `for tau in tau_range:` loop.
  const eqs = `
    dv/dt = -v/tau : 1
    `;

  it('checks with tau from the namespace', () => {
    const G = checked(eqs, { kind: 'neurons', namespace: { tau: '10 ms' } });
    expect(equationList(G)).toEqual([['differential', 'v']]);
    expectModelVariables(G, { v: ONE });
    expect(G.variables.get('v')).toMatchObject({ origin: 'state', type: 'float', shared: false, readOnly: false, flags: [] });
    expect(G.subexpressionOrder).toEqual([]);
    expect(G.noiseTerms).toEqual([]);
    expect(externalNames(G)).toEqual(['tau']);
    expectDim(usedConstant(G, 'tau').dim, SECOND, 'tau');
    expectClose(externalValue(G, 'tau'), 0.01);
  });

  it("checks threshold 'v>1', reset 'v=0' and the synapse's on_pre 'v += weight'", () => {
    const namespace: Namespace = { tau: '10 ms', weight: 0.1 };
    const G = checked(eqs, { kind: 'neurons', namespace });
    conditionOk('v>1', G, { namespace });
    statementsOk('v=0', G, { namespace });

    const P = poissonGroup();
    const S = checked('', { kind: 'synapses', namespace, pre: P, post: G });
    expect(S.equations).toEqual([]);
    expectModelVariables(S, {});
    for (const name of ['j', 'delay', 'lastupdate', 'N_pre', 'N_post']) expect(S.variables.get(name)?.origin, name).toBe('internal');
    expectDim(S.variables.get('delay')?.dim, SECOND, 'delay');

    // `v` is not a synaptic variable: it is the postsynaptic neuron's v.
    const onPre = statementsOk('v += weight', S, { namespace, pre: P, post: G });
    expect(externalNames(onPre)).toEqual(['weight']);
    expect(onPre.externals.get('weight')).toMatchObject({ kind: 'constant', value: 0.1 });
  });

  it("checks the version with 'tau : second' as a parameter, which wins over a namespace tau", () => {
    const eqsParam = `
    dv/dt = -v/tau : 1
    tau : second
    `;
    // The tutorial still has tau = 10 ms in the run namespace (Brian warns, and uses the parameter).
    const G = checked(eqsParam, { kind: 'neurons', namespace: { tau: '10 ms', weight: 0.1 } });
    expect(equationList(G)).toEqual([
      ['differential', 'v'],
      ['parameter', 'tau'],
    ]);
    expectModelVariables(G, { v: ONE, tau: SECOND });
    expect(G.variables.get('tau')).toMatchObject({ origin: 'parameter', readOnly: false, shared: false });
    expect(externalNames(G)).toEqual([]);
    conditionOk('v>1', G);
    statementsOk('v=0', G);
  });
});

// Parameters of the Hodgkin–Huxley section, as quantity strings.
const AREA = '20000*umetre**2';
const HH_NAMESPACE: Namespace = {
  area: AREA,
  Cm: `1*ufarad*cm**-2 * ${AREA}`,
  gl: `5e-5*siemens*cm**-2 * ${AREA}`,
  El: '-65*mV',
  EK: '-90*mV',
  ENa: '50*mV',
  g_na: `100*msiemens*cm**-2 * ${AREA}`,
  g_kd: `30*msiemens*cm**-2 * ${AREA}`,
  VT: '-63*mV',
};

const eqs_HH = `
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
dm/dt = 0.32*(mV**-1)*(13.*mV-v+VT)/
    (exp((13.*mV-v+VT)/(4.*mV))-1.)/ms*(1-m)-0.28*(mV**-1)*(v-VT-40.*mV)/
    (exp((v-VT-40.*mV)/(5.*mV))-1.)/ms*m : 1
dn/dt = 0.032*(mV**-1)*(15.*mV-v+VT)/
    (exp((15.*mV-v+VT)/(5.*mV))-1.)/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp
`;

const eqs_HH_2 = `
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/C : volt
dm/dt = 0.32*(mV**-1)*(13.*mV-v+VT)/
    (exp((13.*mV-v+VT)/(4.*mV))-1.)/ms*(1-m)-0.28*(mV**-1)*(v-VT-40.*mV)/
    (exp((v-VT-40.*mV)/(5.*mV))-1.)/ms*m : 1
dn/dt = 0.032*(mV**-1)*(15.*mV-v+VT)/
    (exp((15.*mV-v+VT)/(5.*mV))-1.)/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp
C : farad
`;

const eqs_HH_3 = `
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/C : volt
dm/dt = 0.32*(mV**-1)*(13.*mV-v+VT)/
    (exp((13.*mV-v+VT)/(4.*mV))-1.)/ms*(1-m)-0.28*(mV**-1)*(v-VT-40.*mV)/
    (exp((v-VT-40.*mV)/(5.*mV))-1.)/ms*m : 1
dn/dt = 0.032*(mV**-1)*(15.*mV-v+VT)/
    (exp((15.*mV-v+VT)/(5.*mV))-1.)/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp (shared) # everything is the same except we've added this shared
C : farad
`;

describe('Brian tutorial 3: Hodgkin–Huxley neurons with changing input current', () => {
  const HH_EXTERNALS = ['EK', 'ENa', 'El', 'VT', 'g_kd', 'g_na', 'gl'];

  it('eqs_HH: four state variables over continued lines, and I : amp', () => {
    const G = checked(eqs_HH, { kind: 'neurons', namespace: HH_NAMESPACE });
    expect(equationList(G)).toEqual([
      ['differential', 'v'],
      ['differential', 'm'],
      ['differential', 'n'],
      ['differential', 'h'],
      ['parameter', 'I'],
    ]);
    expectModelVariables(G, { v: VOLT, m: ONE, n: ONE, h: ONE, I: AMP });
    expect(G.variables.get('I')).toMatchObject({ origin: 'parameter', shared: false, readOnly: false, flags: [] });
    // Cm is used, area only through the quantity strings: it is not a model external.
    expect(externalNames(G)).toEqual([...HH_EXTERNALS, 'Cm'].sort());
    expectClose(externalValue(G, 'Cm'), 2e-10);
    expectClose(externalValue(G, 'gl'), 1e-8);
    expectClose(externalValue(G, 'g_na'), 2e-5);
    expectClose(externalValue(G, 'g_kd'), 6e-6);
    expectClose(externalValue(G, 'El'), -0.065);
    expectDim(usedConstant(G, 'Cm').dim, FARAD, 'Cm');
    expectDim(usedConstant(G, 'gl').dim, SIEMENS, 'gl');
    expectDim(usedConstant(G, 'El').dim, VOLT, 'El');
  });

  it('eqs_HH: the equation for m spans its three source lines', () => {
    const parsed = parseEquations(eqs_HH);
    const m = parsed.equations.find((e) => e.name === 'm')!;
    const text = parsed.source.slice(m.span);
    expect(text.startsWith('dm/dt = 0.32*(mV**-1)')).toBe(true);
    expect(text.endsWith('/ms*m : 1')).toBe(true);
    expect(text.split('\n')).toHaveLength(3);
  });

  it("eqs_HH: threshold and refractory condition 'v > -40*mV', run_regularly 'I = rand()*50*nA'", () => {
    const G = checked(eqs_HH, { kind: 'neurons', namespace: HH_NAMESPACE });
    conditionOk('v > -40*mV', G, { namespace: HH_NAMESPACE }); // threshold
    conditionOk('v > -40*mV', G, { namespace: HH_NAMESPACE }); // refractory
    const rr = statementsOk('I = rand()*50*nA', G, { namespace: HH_NAMESPACE });
    expect(externalNames(rr)).toEqual([]); // nA is a unit, rand a built-in
    // `group.v = El`: a namespace value of the right unit.
    valueOk('El', G, VOLT, { namespace: HH_NAMESPACE });
  });

  it('eqs_HH_2: a per-neuron capacitance C : farad replaces Cm', () => {
    const G = checked(eqs_HH_2, { kind: 'neurons', namespace: HH_NAMESPACE });
    expect(equationList(G)).toEqual([
      ['differential', 'v'],
      ['differential', 'm'],
      ['differential', 'n'],
      ['differential', 'h'],
      ['parameter', 'I'],
      ['parameter', 'C'],
    ]);
    expectModelVariables(G, { v: VOLT, m: ONE, n: ONE, h: ONE, I: AMP, C: FARAD });
    expect(G.variables.get('I')?.shared).toBe(false);
    expect(externalNames(G)).toEqual(HH_EXTERNALS);
    conditionOk('v > -40*mV', G);
    statementsOk('I = rand()*50*nA', G);
  });

  it('eqs_HH_3: I : amp (shared), with a trailing comment', () => {
    const G = checked(eqs_HH_3, { kind: 'neurons', namespace: HH_NAMESPACE });
    expect(equationList(G)).toEqual([
      ['differential', 'v'],
      ['differential', 'm'],
      ['differential', 'n'],
      ['differential', 'h'],
      ['parameter', 'I'],
      ['parameter', 'C'],
    ]);
    expectModelVariables(G, { v: VOLT, m: ONE, n: ONE, h: ONE, I: AMP, C: FARAD });
    expect(G.variables.get('I')).toMatchObject({ shared: true, readOnly: false, flags: ['shared'] });
    expect(G.variables.get('C')).toMatchObject({ shared: false, flags: [] });
    // The comment is not part of the equation.
    const I = G.equations.find((e) => e.name === 'I')!;
    const parsed = parseEquations(eqs_HH_3);
    expect(parsed.source.slice(I.span)).toBe('I : amp (shared)');
    expect(externalNames(G)).toEqual(HH_EXTERNALS);
    statementsOk('I = rand()*50*nA', G);
  });

  it('rejects a dimensionless current in run_regularly (I = rand()*50)', () => {
    const G = checked(eqs_HH_3, { kind: 'neurons', namespace: HH_NAMESPACE });
    const r = checkStatements(parseStatements('I = rand()*50'), G);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['dimension-mismatch']);
  });
});

describe('Brian tutorial 3: sinusoidal and recorded input', () => {
  const SECOND_ARG: readonly Dimension[] = [SECOND];

  it('I = A*sin(2*pi*f*t) : 1 as a subexpression', () => {
    const eqs = `
    dv/dt = (I-v)/tau : 1
    I = A*sin(2*pi*f*t) : 1
    `;
    const namespace: Namespace = { A: 2.5, f: '10 Hz', tau: '5 ms' };
    const G = checked(eqs, { kind: 'neurons', namespace });
    expect(equationList(G)).toEqual([
      ['differential', 'v'],
      ['subexpression', 'I'],
    ]);
    expectModelVariables(G, { v: ONE, I: ONE });
    expect(G.variables.get('I')).toMatchObject({ origin: 'subexpression', readOnly: true });
    expect(G.subexpressionOrder).toEqual(['I']);
    // pi is a built-in constant, not a namespace entry.
    expect(externalNames(G)).toEqual(['A', 'f', 'tau']);
    expect(G.externals.get('A')).toMatchObject({ kind: 'constant', value: 2.5 });
    expectClose(externalValue(G, 'f'), 10);
    conditionOk('v>1', G, { namespace });
    statementsOk('v=0', G, { namespace });
  });

  it('I = I_recorded(t) : 1 with a TimedArray of time', () => {
    const eqs = `
    dv/dt = (I-v)/tau : 1
    I = I_recorded(t) : 1
    `;
    const I_recorded: ExternalFunction = { kind: 'function', arity: 1, argDims: SECOND_ARG, returnDim: DIMENSIONLESS, constantOverDt: true };
    const G = checked(eqs, { kind: 'neurons', namespace: { I_recorded, tau: '5 ms', A: 2.5, f: '10 Hz' } });
    expect(equationList(G)).toEqual([
      ['differential', 'v'],
      ['subexpression', 'I'],
    ]);
    expectModelVariables(G, { v: ONE, I: ONE });
    expect(G.subexpressionOrder).toEqual(['I']);
    expect(externalNames(G)).toEqual(['I_recorded', 'tau']);
    expect(G.externals.get('I_recorded')).toMatchObject({ kind: 'function', name: 'I_recorded', arity: 1, constantOverDt: true });
  });

  it('a TimedArray called with the wrong unit is an error', () => {
    const I_recorded: ExternalFunction = { kind: 'function', arity: 1, argDims: SECOND_ARG, returnDim: DIMENSIONLESS, constantOverDt: true };
    const r = checkModel(parseEquations('dv/dt = (I-v)/tau : 1\nI = I_recorded(v) : 1'), {
      kind: 'neurons',
      namespace: { I_recorded, tau: '5 ms' },
    });
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['dimension-mismatch']);
  });

  it('dv/dt = (A*ta(t, i)-v)/tau+0.8*xi*tau**-0.5 : 1 with a 2-D TimedArray and noise', () => {
    const eqs = `
    dv/dt = (A*ta(t, i)-v)/tau+0.8*xi*tau**-0.5 : 1
    `;
    const ta: ExternalFunction = { kind: 'function', arity: 2, argDims: [SECOND, DIMENSIONLESS], returnDim: DIMENSIONLESS, constantOverDt: true };
    const namespace: Namespace = { ta, A: 1.5, tau: '2*ms' };
    const G = checked(eqs, { kind: 'neurons', namespace });
    expect(equationList(G)).toEqual([['differential', 'v']]);
    expectModelVariables(G, { v: ONE });
    expect(G.noiseTerms).toEqual(['xi']);
    expect(externalNames(G)).toEqual(['A', 'ta', 'tau']);
    expect(G.externals.get('ta')).toMatchObject({ kind: 'function', arity: 2 });
    conditionOk('v>1', G, { namespace });
    statementsOk('v=0', G, { namespace });
  });
});

// =============================================================================================
// Benchmark models
// =============================================================================================

describe('CUBA (examples/CUBA.py)', () => {
  const eqs = `
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
`;
  const namespace: Namespace = {
    taum: '20*ms',
    taue: '5*ms',
    taui: '10*ms',
    Vt: '-50*mV',
    Vr: '-60*mV',
    El: '-49*mV',
    we: '(60*0.27/10)*mV',
    wi: '(-20*4.5/10)*mV',
    Ne: 3200,
  };

  it('checks the neuron model: conductances in volt, v unless refractory', () => {
    const P = checked(eqs, { kind: 'neurons', namespace });
    expect(equationList(P)).toEqual([
      ['differential', 'v'],
      ['differential', 'ge'],
      ['differential', 'gi'],
    ]);
    expectModelVariables(P, { v: VOLT, ge: VOLT, gi: VOLT });
    expect(flagsOf(P, 'v')).toEqual(['unless refractory']);
    expect(flagsOf(P, 'ge')).toEqual([]);
    expect(flagsOf(P, 'gi')).toEqual([]);
    // Refractoriness needs these internal variables.
    expectDim(P.variables.get('lastspike')?.dim, SECOND, 'lastspike');
    expect(P.variables.get('not_refractory')?.type).toBe('boolean');
    expect(externalNames(P)).toEqual(['El', 'taue', 'taui', 'taum']);
    expect(P.subexpressionOrder).toEqual([]);
  });

  it("checks threshold 'v>Vt', reset 'v = Vr' and the initial value 'Vr + rand() * (Vt - Vr)'", () => {
    const P = checked(eqs, { kind: 'neurons', namespace });
    expect(externalNames(conditionOk('v>Vt', P, { namespace }))).toEqual(['Vt']);
    expect(externalNames(statementsOk('v = Vr', P, { namespace }))).toEqual(['Vr']);
    valueOk('Vr + rand() * (Vt - Vr)', P, VOLT, { namespace });
  });

  it("checks the synapses: on_pre 'ge += we' / 'gi += wi' and connect conditions", () => {
    const P = checked(eqs, { kind: 'neurons', namespace });
    const scope = { namespace, pre: P, post: P };
    const Ce = checked('', { kind: 'synapses', ...scope });
    const onPreE = statementsOk('ge += we', Ce, scope);
    expect(externalNames(onPreE)).toEqual(['we']);
    expectClose(externalValue(onPreE, 'we'), 1.62e-3);
    const onPreI = statementsOk('gi += wi', Ce, scope);
    expectClose(externalValue(onPreI, 'wi'), -9e-3);
    conditionOk('i<Ne', Ce, scope);
    conditionOk('i>=Ne', Ce, scope);
    conditionOk('i<3200', Ce, scope);
  });

  it('rejects a weight without unit: ge += 1.62', () => {
    const P = checked(eqs, { kind: 'neurons', namespace });
    const S = checked('', { kind: 'synapses', pre: P, post: P });
    const r = checkStatements(parseStatements('ge += 1.62'), S, { pre: P, post: P });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['dimension-mismatch']);
  });
});

describe('COBAHH (examples/COBAHH.py, exprel version)', () => {
  const eqs = `
dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-
         g_na*(m*m*m)*h*(v-ENa)-
         g_kd*(n*n*n*n)*(v-EK))/Cm : volt
dm/dt = alpha_m*(1-m)-beta_m*m : 1
dn/dt = alpha_n*(1-n)-beta_n*n : 1
dh/dt = alpha_h*(1-h)-beta_h*h : 1
dge/dt = -ge*(1./taue) : siemens
dgi/dt = -gi*(1./taui) : siemens
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
`;
  const area = '(20000*umetre**2)';
  const namespace: Namespace = {
    area,
    Cm: `(1*ufarad*cm**-2) * ${area}`,
    gl: `(5e-5*siemens*cm**-2) * ${area}`,
    El: '-60*mV',
    EK: '-90*mV',
    ENa: '50*mV',
    g_na: `(100*msiemens*cm**-2) * ${area}`,
    g_kd: `(30*msiemens*cm**-2) * ${area}`,
    VT: '-63*mV',
    taue: '5*ms',
    taui: '10*ms',
    Ee: '0*mV',
    Ei: '-80*mV',
    we: '6*nS',
    wi: '67*nS',
  };

  it('checks the model: 6 state variables and 6 rate subexpressions', () => {
    const P = checked(eqs, { kind: 'neurons', namespace });
    expect(equationList(P)).toEqual([
      ['differential', 'v'],
      ['differential', 'm'],
      ['differential', 'n'],
      ['differential', 'h'],
      ['differential', 'ge'],
      ['differential', 'gi'],
      ['subexpression', 'alpha_m'],
      ['subexpression', 'beta_m'],
      ['subexpression', 'alpha_h'],
      ['subexpression', 'beta_h'],
      ['subexpression', 'alpha_n'],
      ['subexpression', 'beta_n'],
    ]);
    expectModelVariables(P, {
      v: VOLT,
      m: ONE,
      n: ONE,
      h: ONE,
      ge: SIEMENS,
      gi: SIEMENS,
      alpha_m: HERTZ,
      beta_m: HERTZ,
      alpha_h: HERTZ,
      beta_h: HERTZ,
      alpha_n: HERTZ,
      beta_n: HERTZ,
    });
    for (const name of ['alpha_m', 'beta_m', 'alpha_h', 'beta_h', 'alpha_n', 'beta_n']) {
      expect(P.variables.get(name), name).toMatchObject({ origin: 'subexpression', readOnly: true, flags: [] });
    }
    expect(P.subexpressionOrder).toEqual(['alpha_m', 'beta_m', 'alpha_h', 'beta_h', 'alpha_n', 'beta_n']);
    expect(P.noiseTerms).toEqual([]);
    expect(externalNames(P)).toEqual(['Cm', 'EK', 'ENa', 'Ee', 'Ei', 'El', 'VT', 'g_kd', 'g_na', 'gl', 'taue', 'taui']);
    expectClose(externalValue(P, 'Cm'), 2e-10);
    expectClose(externalValue(P, 'gl'), 1e-8);
  });

  it('keeps the first equation, continued after trailing operators, as one equation', () => {
    const parsed = parseEquations(eqs);
    const v = parsed.equations[0]!;
    expect(v.name).toBe('v');
    expect(parsed.source.slice(v.span)).toBe(
      'dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-\n         g_na*(m*m*m)*h*(v-ENa)-\n         g_kd*(n*n*n*n)*(v-EK))/Cm : volt',
    );
  });

  it("checks threshold 'v>-20*mV', on_pre 'ge+=we' / 'gi+=wi' and the initial values", () => {
    const P = checked(eqs, { kind: 'neurons', namespace });
    conditionOk('v>-20*mV', P, { namespace });
    const scope = { namespace, pre: P, post: P };
    const Ce = checked('', { kind: 'synapses', ...scope });
    expect(externalNames(statementsOk('ge+=we', Ce, scope))).toEqual(['we']);
    expect(externalNames(statementsOk('gi+=wi', Ce, scope))).toEqual(['wi']);
    valueOk('El + (randn() * 5 - 5)*mV', P, VOLT, { namespace });
    valueOk('(randn() * 1.5 + 4) * 10.*nS', P, SIEMENS, { namespace });
    valueOk('(randn() * 12 + 20) * 10.*nS', P, SIEMENS, { namespace });
  });

  it('rejects the CUBA-style weight in volt for a conductance', () => {
    const P = checked(eqs, { kind: 'neurons', namespace });
    const S = checked('', { kind: 'synapses', pre: P, post: P });
    const r = checkStatements(parseStatements('ge += we'), S, { namespace: { we: '1.62*mV' }, pre: P, post: P });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['dimension-mismatch']);
  });
});

describe("Brian's STDP example (examples/synapses/STDP.py)", () => {
  const eqs_neurons = `
dv/dt = (ge * (Ee-v) + El - v) / taum : volt
dge/dt = -ge / taue : 1
`;
  const synapseModel = `w : 1
                dApre/dt = -Apre / taupre : 1 (event-driven)
                dApost/dt = -Apost / taupost : 1 (event-driven)`;
  const gmax = 0.01;
  const namespace: Namespace = {
    taum: '10*ms',
    taupre: '20*ms',
    taupost: '20*ms',
    Ee: '0*mV',
    vt: '-54*mV',
    vr: '-60*mV',
    El: '-74*mV',
    taue: '5*ms',
    F: '15*Hz',
    gmax,
    dApre: 0.01 * gmax,
    dApost: -0.01 * 1.05 * gmax,
  };

  function setup() {
    const input = poissonGroup();
    const neurons = checked(eqs_neurons, { kind: 'neurons', namespace });
    const scope = { namespace, pre: input, post: neurons };
    const S = checked(synapseModel, { kind: 'synapses', ...scope });
    return { input, neurons, scope, S };
  }

  it('checks the neurons: v in volt, ge dimensionless', () => {
    const { neurons } = setup();
    expect(equationList(neurons)).toEqual([
      ['differential', 'v'],
      ['differential', 'ge'],
    ]);
    expectModelVariables(neurons, { v: VOLT, ge: ONE });
    expect(externalNames(neurons)).toEqual(['Ee', 'El', 'taue', 'taum']);
    conditionOk('v>vt', neurons, { namespace });
    statementsOk('v = vr', neurons, { namespace });
  });

  it('checks the synapses: w parameter and event-driven traces', () => {
    const { S } = setup();
    expect(equationList(S)).toEqual([
      ['parameter', 'w'],
      ['differential', 'Apre'],
      ['differential', 'Apost'],
    ]);
    expectModelVariables(S, { w: ONE, Apre: ONE, Apost: ONE });
    expect(S.kind).toBe('synapses');
    expect(flagsOf(S, 'w')).toEqual([]);
    expect(flagsOf(S, 'Apre')).toEqual(['event-driven']);
    expect(flagsOf(S, 'Apost')).toEqual(['event-driven']);
    expect(S.variables.get('Apre')?.origin).toBe('state');
    expect(externalNames(S)).toEqual(['taupost', 'taupre']);
  });

  it('checks on_pre and on_post, where ge is the postsynaptic variable', () => {
    const { S, scope } = setup();
    const onPre = statementsOk('ge += w\nApre += dApre\nw = clip(w + Apost, 0, gmax)', S, scope);
    expect(onPre.statements?.map((s) => [s.target, s.op])).toEqual([
      ['ge', '+='],
      ['Apre', '+='],
      ['w', '='],
    ]);
    expect(externalNames(onPre)).toEqual(['dApre', 'gmax']);
    const onPost = statementsOk('Apost += dApost\nw = clip(w + Apre, 0, gmax)', S, scope);
    expect(onPost.statements?.map((s) => s.target)).toEqual(['Apost', 'w']);
    expect(externalNames(onPost)).toEqual(['dApost', 'gmax']);
  });

  it('without the postsynaptic group, ge is unknown', () => {
    const { S, input } = setup();
    const r = checkStatements(parseStatements('ge += w'), S, { namespace, pre: input });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unknown-identifier']);
    expect(r.diagnostics[0]!.span).toEqual({ start: 0, end: 2 });
  });
});

describe("Brian's gap-junction example (examples/synapses/gapjunctions.py)", () => {
  const neuron_eqs = `
dv/dt = (v0 - v + Igap) / tau : 1
Igap : 1 # gap junction current
v0 : 1 (constant)
`;
  const synapseModel = `
             w : 1 # gap junction conductance
             Igap_post = w * (v_pre - v_post) : 1 (summed)
             `;
  const namespace: Namespace = { tau: '10*ms' };

  it('checks the neurons: Igap parameter and constant v0', () => {
    const neurons = checked(neuron_eqs, { kind: 'neurons', namespace });
    expect(equationList(neurons)).toEqual([
      ['differential', 'v'],
      ['parameter', 'Igap'],
      ['parameter', 'v0'],
    ]);
    expectModelVariables(neurons, { v: ONE, Igap: ONE, v0: ONE });
    expect(neurons.variables.get('v0')).toMatchObject({ origin: 'parameter', readOnly: true, flags: ['constant'] });
    expect(neurons.variables.get('Igap')).toMatchObject({ origin: 'parameter', readOnly: false, flags: [] });
    expect(externalNames(neurons)).toEqual(['tau']);
    conditionOk('v > 1', neurons);
    statementsOk('v = 0', neurons);
  });

  it('refuses to assign the constant v0', () => {
    const neurons = checked(neuron_eqs, { kind: 'neurons', namespace });
    const r = checkStatements(parseStatements('v0 = 1'), neurons);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['read-only']);
  });

  it('checks the synapses: the summed variable writes to Igap of the postsynaptic group', () => {
    const neurons = checked(neuron_eqs, { kind: 'neurons', namespace });
    const S = checked(synapseModel, { kind: 'synapses', pre: neurons, post: neurons });
    expect(equationList(S)).toEqual([
      ['parameter', 'w'],
      ['subexpression', 'Igap_post'],
    ]);
    // A summed variable belongs to the target group, not to the synapses.
    expectModelVariables(S, { w: ONE });
    expect(S.variables.has('Igap_post')).toBe(false);
    const summed = S.equations[1]!;
    expect(summed.flags.map((f) => f.name)).toEqual(['summed']);
    expectDim(summed.unit.dim, ONE, 'Igap_post');
    expect(S.subexpressionOrder).toEqual([]);
    expect(externalNames(S)).toEqual([]);
  });

  it('rejects a summed variable whose target is not a parameter of the postsynaptic group', () => {
    const neurons = checked(neuron_eqs, { kind: 'neurons', namespace });
    const r = checkModel(parseEquations('w : 1\nv_post = w * (v_pre - v_post) : 1 (summed)'), { kind: 'synapses', pre: neurons, post: neurons });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['summed-target']);
  });
});

describe('Brunel–Hakim (brian2cuda speed tests)', () => {
  const eqs = 'dV/dt = (-V + muext + sigmaext*sqrt(tau)*xi)/tau : volt';
  const namespace: Namespace = { muext: '25*mV', sigmaext: '1*mV', tau: '20*ms', theta: '20*mV', Vr: '10*mV' };

  it('checks the noisy LIF: sqrt(tau)*xi is dimensionless', () => {
    const G = checked(eqs, { kind: 'neurons', namespace });
    expect(equationList(G)).toEqual([['differential', 'V']]);
    expectModelVariables(G, { V: VOLT });
    expect(G.noiseTerms).toEqual(['xi']);
    expect(externalNames(G)).toEqual(['muext', 'sigmaext', 'tau']);
    conditionOk('V>theta', G, { namespace });
    statementsOk('V=Vr', G, { namespace });
    const S = checked('', { kind: 'synapses', pre: G, post: G });
    statementsOk('V += -0.1*mV', S, { pre: G, post: G });
  });

  it('rejects the noise term without sqrt(tau), whose unit is off by second**0.5', () => {
    const r = checkModel(parseEquations('dV/dt = (-V + muext + sigmaext*xi)/tau : volt'), { kind: 'neurons', namespace });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['dimension-mismatch']);
  });
});

describe('dimensions used above are what Brian says', () => {
  it('hertz is 1/second, farad is amp*second/volt, siemens is amp/volt', () => {
    expect(sameDim(HERTZ, dim({ second: -1 }))).toBe(true);
    expect(sameDim(FARAD, dim({ amp: 2, second: 4, kilogram: -1, metre: -2 }))).toBe(true);
    expect(sameDim(SIEMENS, dim({ amp: 2, second: 3, kilogram: -1, metre: -2 }))).toBe(true);
  });
});

