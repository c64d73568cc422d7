/**
 * Explicit state updaters (euler, rk2, rk4, heun, milstein, user-defined): the generated
 * statements are run with the reference interpreter and compared with analytic solutions —
 * convergence orders on deterministic ODEs, moments of stochastic processes — plus the
 * applicability rules, `(unless refractory)` and the exact text emitted.
 */
import { describe, expect, it } from 'vitest';
import {
  CONSTANTS,
  checkModel,
  lookupUnit,
  parseEquations,
  parseExpression,
  printStatement,
  throwIfErrors,
  type CheckedModel,
  type Namespace,
  type Statement,
} from '@neurite/parser';
import type { OdeSystem, StateUpdater } from '../../src/ir.js';
import { Random } from '../../src/random.js';
import { execute, type Environment } from '../../src/symbolic/evaluate.js';
import { buildOdeSystem } from '../../src/stateupdaters/ode-system.js';
import {
  eulerStateUpdater,
  explicitStateUpdater,
  heunStateUpdater,
  milsteinStateUpdater,
  rk2StateUpdater,
  rk4StateUpdater,
} from '../../src/stateupdaters/explicit.js';
import { UpdateProgramError } from '../../src/stateupdaters/program.js';

interface Model {
  readonly system: OdeSystem;
  readonly env: (seed?: number) => Environment;
}

function model(equations: string, namespace: Namespace = {}): Model {
  const checked: CheckedModel = throwIfErrors(checkModel(parseEquations(equations), { kind: 'neurons', namespace })).model!;
  const get = (n: string): number | undefined => {
    const ext = checked.externals.get(n);
    if (ext?.kind === 'constant') return ext.value;
    return CONSTANTS.get(n) ?? lookupUnit(n)?.scale;
  };
  return { system: buildOdeSystem(checked), env: (seed = 1) => ({ get, random: new Random(seed) }) };
}

/**
 * A system built directly, for what the model checker rejects (as Brian does) but an OdeSystem can
 * express: one noise term shared by several equations. Dimensionless, `s` = 1.
 */
function handSystem(equations: Record<string, { drift: string; noise: Record<string, string> }>): Model {
  const expr = (text: string) => throwIfErrors(parseExpression(text)).expr!;
  const eqs = Object.entries(equations).map(([name, e]) => ({
    name,
    drift: expr(e.drift),
    diffusion: new Map(Object.entries(e.noise).map(([k, c]) => [k, expr(c)])),
    unlessRefractory: false,
  }));
  const noiseTerms = [...new Set(eqs.flatMap((e) => [...e.diffusion.keys()]))];
  const system: OdeSystem = { equations: eqs, noiseTerms, isUniform: (n) => !(n in equations), isConstantOverDtFunction: () => true };
  return { system, env: (seed = 1) => ({ get: (n) => (n === 's' ? 1 : undefined), random: new Random(seed) }) };
}

function statements(updater: StateUpdater, system: OdeSystem): readonly Statement[] {
  const r = updater.apply(system);
  if (!r.ok) throw new Error(r.reason);
  return r.statements;
}

function refusal(updater: StateUpdater, system: OdeSystem): string {
  const r = updater.apply(system);
  if (r.ok) throw new Error(`${updater.name} unexpectedly applies`);
  return r.reason;
}

/** Runs `steps` steps on one element; `t` is set to k*dt before step k, as the clock does. */
function run(code: readonly Statement[], state: Record<string, number>, dt: number, steps: number, env: Environment): Map<string, number> {
  const scope = new Map(Object.entries(state));
  scope.set('dt', dt);
  for (let k = 0; k < steps; k++) {
    scope.set('t', k * dt);
    execute(code, scope, env);
  }
  return scope;
}

/** Least-squares slope of log(error) against log(dt). */
function slope(dts: readonly number[], errors: readonly number[]): number {
  const xs = dts.map(Math.log);
  const ys = errors.map(Math.log);
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, k) => {
    num += (x - mx) * (ys[k]! - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

const TAU = 0.01; // 10 ms
const printed = (updater: StateUpdater, system: OdeSystem) => statements(updater, system).map(printStatement);

describe('convergence order on deterministic equations', () => {
  /** A problem: model text, initial state, end time, and the exact solution's error at the end. */
  interface Problem {
    readonly name: string;
    readonly model: Model;
    readonly init: Record<string, number>;
    readonly T: number;
    readonly error: (end: Map<string, number>) => number;
  }
  const x0 = 0.1;
  const problems: Problem[] = [
    {
      name: 'logistic dx/dt = x*(1-x)/tau',
      model: model('dx/dt = x*(1 - x)/tau : 1', { tau: '10 ms' }),
      init: { x: x0 },
      T: 4 * TAU,
      error: (s) => Math.abs(s.get('x')! - 1 / (1 + (1 / x0 - 1) * Math.exp(-4))),
    },
    {
      name: 'linear oscillator',
      model: model('dx/dt = y/tau : 1\ndy/dt = -x/tau : 1', { tau: '10 ms' }),
      init: { x: 1, y: 0 },
      T: 4 * TAU,
      error: (s) => Math.hypot(s.get('x')! - Math.cos(4), s.get('y')! + Math.sin(4)),
    },
    {
      // Non-autonomous: checks that f(x, t + dt/2) evaluates the drift at the shifted time.
      name: 'driven decay dx/dt = (sin(t/tau) - x)/tau',
      model: model('dx/dt = (sin(t/tau) - x)/tau : 1', { tau: '10 ms' }),
      init: { x: 0 },
      T: 4 * TAU,
      error: (s) => Math.abs(s.get('x')! - ((Math.sin(4) - Math.cos(4)) / 2 + Math.exp(-4) / 2)),
    },
  ];
  const cases: [StateUpdater, number, number[]][] = [
    [eulerStateUpdater, 1, [1 / 20, 1 / 40, 1 / 80, 1 / 160]],
    [rk2StateUpdater, 2, [1 / 10, 1 / 20, 1 / 40, 1 / 80]],
    [rk4StateUpdater, 4, [1 / 5, 1 / 10, 1 / 20, 1 / 40]],
    // Brian's heun treats only the noise with a predictor-corrector; its drift is an Euler step.
    [heunStateUpdater, 1, [1 / 20, 1 / 40, 1 / 80, 1 / 160]],
  ];
  for (const p of problems) {
    for (const [updater, order, fractions] of cases) {
      it(`${updater.name} has order ${order} on the ${p.name}`, () => {
        const code = statements(updater, p.model.system);
        const dts = fractions.map((f) => f * TAU);
        const errors = dts.map((dt) => p.error(run(code, p.init, dt, Math.round(p.T / dt), p.model.env())));
        expect(Math.abs(slope(dts, errors) - order), `errors ${errors.join(', ')}`).toBeLessThan(0.25);
      });
    }
  }

  it('milstein on a deterministic equation is forward Euler, as heun is', () => {
    const m = model('dx/dt = x*(1 - x)/tau : 1', { tau: '10 ms' });
    expect(printed(milsteinStateUpdater, m.system)).toEqual(printed(eulerStateUpdater, m.system));
    expect(printed(heunStateUpdater, m.system)).toEqual(printed(eulerStateUpdater, m.system));
  });
});

describe('stochastic equations', () => {
  it('euler: an Ornstein–Uhlenbeck process has the stationary variance sigma**2/2', () => {
    const sigma = 2;
    const m = model('dv/dt = -v/tau + sigma*xi*tau**-0.5 : 1', { tau: '10 ms', sigma });
    const code = statements(eulerStateUpdater, m.system);
    // 2000 independent elements, sampled once after 10 tau: independent samples. With dt = tau/50
    // the Euler scheme's own stationary variance is sigma²/(2 - dt/tau), 1% above sigma²/2, well
    // inside the 3 standard errors (about 9.5%).
    const N = 2000;
    const dt = TAU / 50;
    const env = m.env(7);
    const scopes = Array.from({ length: N }, () => new Map([['v', 0], ['dt', dt]]));
    for (let k = 0; k < 500; k++) {
      for (const scope of scopes) {
        scope.set('t', k * dt);
        execute(code, scope, env);
      }
    }
    const vs = scopes.map((s) => s.get('v')!);
    const mean = vs.reduce((a, b) => a + b) / N;
    const variance = vs.reduce((a, v) => a + (v - mean) ** 2, 0) / (N - 1);
    const target = sigma ** 2 / 2;
    const standardError = target * Math.sqrt(2 / (N - 1));
    expect(Math.abs(variance - target)).toBeLessThan(3 * standardError);
    expect(Math.abs(mean)).toBeLessThan(3 * Math.sqrt(target / N));
  });

  /** Mean of x(T) over `paths` paths of the given model; each path starts at x = 1. */
  function meanAt(updater: StateUpdater, m: Model, T: number, dt: number, paths: number, seed: number): { mean: number; standardError: number } {
    const code = statements(updater, m.system);
    const env = m.env(seed);
    const xs = Array.from({ length: paths }, () => run(code, { x: 1 }, dt, Math.round(T / dt), env).get('x')!);
    const mean = xs.reduce((a, b) => a + b) / paths;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (paths - 1));
    return { mean, standardError: sd / Math.sqrt(paths) };
  }

  // Geometric Brownian motion dx = mu*x*dt + s*x∘dW, read as Stratonovich (as Brian does):
  // x(T) = exp(mu*T + s*W(T)), so E[x(T)] = exp((mu + s²/2)*T). The Itô reading would give
  // exp(mu*T), 14 standard errors away here, so the test tells the two apart.
  const gbm = model('dx/dt = mu*x + s*x*xi : 1', { mu: '0.5 Hz', s: '0.5 Hz**0.5' });
  const stratonovich = Math.exp(0.5 + 0.125);
  for (const [updater, seed] of [[heunStateUpdater, 11], [milsteinStateUpdater, 12]] as const) {
    it(`${updater.name}: geometric Brownian motion has the Stratonovich mean`, () => {
      const { mean, standardError } = meanAt(updater, gbm, 1, 0.02, 3000, seed);
      expect(Math.abs(mean - stratonovich)).toBeLessThan(3 * standardError);
      expect(Math.abs(mean - Math.exp(0.5))).toBeGreaterThan(6 * standardError);
    });
  }

  it('heun: non-diagonal noise (two noise terms in one equation) sums their Stratonovich corrections', () => {
    const m = model('dx/dt = s1*x*xi_1 + s2*x*xi_2 : 1', { s1: '0.4 Hz**0.5', s2: '0.3 Hz**0.5' });
    const { mean, standardError } = meanAt(heunStateUpdater, m, 1, 0.02, 2000, 13);
    expect(Math.abs(mean - Math.exp((0.16 + 0.09) / 2))).toBeLessThan(3 * standardError);
  });

  it('draws one standard normal per noise term and step, shared by all equations that use it', () => {
    const m = handSystem({ v: { drift: '0', noise: { xi_1: 's' } }, w: { drift: '0', noise: { xi_1: 's', xi_2: 's' } } });
    expect(printed(eulerStateUpdater, m.system)).toEqual([
      '_xi_1 = randn()',
      '_xi_2 = randn()',
      '_v = v + s * (dt**0.5 * _xi_1)',
      '_w = w + s * (dt**0.5 * _xi_1) + s * (dt**0.5 * _xi_2)',
      'v = _v',
      'w = _w',
    ]);
    const end = run(statements(eulerStateUpdater, m.system), { v: 0, w: 0 }, 0.01, 1, m.env(3));
    const r = new Random(3);
    const [z1, z2] = [r.normal(), r.normal()];
    expect(end.get('v')).toBeCloseTo(0.1 * z1, 14);
    expect(end.get('w')).toBeCloseTo(0.1 * (z1 + z2), 14);
  });
});

describe('applicability', () => {
  const ns = { tau: '10 ms', s: '1 Hz**0.5' };
  const additive = model('dv/dt = -v/tau + s*xi : 1', ns).system;
  const multiplicative = model('dv/dt = -v/tau + s*v*xi : 1', ns).system;
  const timeDependent = model('dv/dt = -v/tau + s*sin(t/tau)*xi : 1', ns).system;
  const twoTermsOneEquation = model('dv/dt = -v/tau + s*v*xi_1 + s*xi_2 : 1', ns).system;
  // The checker rejects a shared noise term; milstein's check must still refuse one.
  const sharedTerm = handSystem({ v: { drift: '-v', noise: { xi: 's*v' } }, w: { drift: '-w', noise: { xi: 's' } } }).system;
  const diagonal = model('dv/dt = -v/tau + s*v*xi_1 : 1\ndw/dt = -w/tau + s*w*xi_2 : 1', ns).system;

  it('euler takes additive noise and refuses multiplicative noise', () => {
    expect(eulerStateUpdater.apply(additive).ok).toBe(true);
    expect(refusal(eulerStateUpdater, multiplicative)).toBe(
      "euler cannot integrate multiplicative noise (the noise coefficient of 'v' depends on 'v'); use 'heun' or 'milstein'",
    );
    // As in Brian, a coefficient that depends on t counts as multiplicative.
    expect(refusal(eulerStateUpdater, timeDependent)).toBe(
      "euler cannot integrate multiplicative noise (the noise coefficient of 'v' depends on time 't'); use 'heun' or 'milstein'",
    );
    expect(refusal(eulerStateUpdater, twoTermsOneEquation)).toBe(
      "euler cannot integrate multiplicative noise (the coefficient of 'xi_1' in the equation for 'v' depends on 'v'); use 'heun'",
    );
  });

  it('rk2 and rk4 refuse any noise', () => {
    expect(refusal(rk4StateUpdater, additive)).toBe(
      "rk4 cannot integrate stochastic equations (the equation for 'v' has the noise term 'xi'); use 'euler' or 'heun'",
    );
    expect(refusal(rk2StateUpdater, multiplicative)).toBe(
      "rk2 cannot integrate stochastic equations (the equation for 'v' has the noise term 'xi'); use 'heun' or 'milstein'",
    );
  });

  it('heun takes any noise', () => {
    for (const s of [additive, multiplicative, timeDependent, twoTermsOneEquation, sharedTerm, diagonal]) expect(heunStateUpdater.apply(s).ok).toBe(true);
  });

  it('milstein takes multiplicative diagonal noise only', () => {
    expect(milsteinStateUpdater.apply(multiplicative).ok).toBe(true);
    expect(milsteinStateUpdater.apply(diagonal).ok).toBe(true);
    expect(refusal(milsteinStateUpdater, twoTermsOneEquation)).toBe(
      "milstein needs diagonal noise (at most one noise term per equation, each in one equation only), but the equation for 'v' has several noise terms ('xi_1', 'xi_2'); use 'heun'",
    );
    expect(refusal(milsteinStateUpdater, sharedTerm)).toBe(
      "milstein needs diagonal noise (at most one noise term per equation, each in one equation only), but the noise term 'xi' appears in the equations for 'v' and 'w'; use 'heun'",
    );
  });

  it('an empty system gives no statements', () => {
    const empty = model('x : 1').system;
    for (const u of [eulerStateUpdater, rk2StateUpdater, rk4StateUpdater, heunStateUpdater, milsteinStateUpdater]) {
      expect(u.apply(empty)).toEqual({ ok: true, method: u.name, statements: [], derived: [] });
    }
  });
});

describe('(unless refractory)', () => {
  const ns = { tau: '10 ms', s: '1 Hz**0.5' };
  const flagged = model('dv/dt = (1 - v)/tau + s*xi : 1 (unless refractory)\ndw/dt = (v - w)/tau : 1', ns);
  const unflagged = model('dv/dt = (1 - v)/tau + s*xi : 1\ndw/dt = (v - w)/tau : 1', ns);
  const vParameter = model('v : 1\ndw/dt = (v - w)/tau : 1', ns);
  const init = { v: 0.3, w: -0.2 };

  for (const updater of [eulerStateUpdater, heunStateUpdater]) {
    it(`${updater.name}: a refractory variable is frozen, noise included, and the others see its value`, () => {
      const dt = 0.0001;
      const refractory = run(statements(updater, flagged.system), { ...init, not_refractory: 0 }, dt, 5, flagged.env(5));
      expect(refractory.get('v')).toBe(init.v);
      const constantV = run(statements(updater, vParameter.system), init, dt, 5, vParameter.env(5));
      expect(refractory.get('w')).toBe(constantV.get('w'));
      // Not refractory: exactly the unflagged model, same draws.
      const active = run(statements(updater, flagged.system), { ...init, not_refractory: 1 }, dt, 5, flagged.env(5));
      const plain = run(statements(updater, unflagged.system), init, dt, 5, unflagged.env(5));
      expect([active.get('v'), active.get('w')]).toEqual([plain.get('v'), plain.get('w')]);
    });
  }

  it('rk4: the frozen variable stays constant through every stage', () => {
    const det = model('dv/dt = (1 - v)/tau : 1 (unless refractory)\ndw/dt = (v - w)/tau : 1', ns);
    const refractory = run(statements(rk4StateUpdater, det.system), { ...init, not_refractory: 0 }, 0.001, 3, det.env());
    const constantV = run(statements(rk4StateUpdater, vParameter.system), init, 0.001, 3, vParameter.env());
    expect(refractory.get('v')).toBe(init.v);
    expect(refractory.get('w')).toBe(constantV.get('w'));
  });

  it('multiplies drift and noise by int(not_refractory), as Brian', () => {
    const m = model('dv/dt = -v/tau + s*xi : 1 (unless refractory)', ns);
    expect(printed(eulerStateUpdater, m.system)).toEqual([
      '_xi = randn()',
      '_v = v + dt * (int(not_refractory) * (-v / tau)) + int(not_refractory) * s * (dt**0.5 * _xi)',
      'v = _v',
    ]);
  });
});

describe('generated statements', () => {
  const decay = model('dv/dt = -v/tau : volt', { tau: '10 ms' }).system;

  it('euler', () => {
    expect(printed(eulerStateUpdater, decay)).toEqual(['_v = v + dt * (-v / tau)', 'v = _v']);
  });

  it('rk2', () => {
    expect(printed(rk2StateUpdater, decay)).toEqual(['__k_v = dt * (-v / tau)', '_v = v + dt * (-(v + __k_v / 2) / tau)', 'v = _v']);
  });

  it('rk4 computes every stage for every variable before the next stage, and writes the state last', () => {
    const osc = model('dx/dt = y/tau : 1\ndy/dt = -x/tau : 1', { tau: '10 ms' }).system;
    expect(printed(rk4StateUpdater, osc).map((s) => s.split(' = ')[0])).toEqual([
      '__k_1_x', '__k_1_y', '__k_2_x', '__k_2_y', '__k_3_x', '__k_3_y', '__k_4_x', '__k_4_y', '_x', '_y', 'x', 'y',
    ]);
  });

  it('milstein: temporaries that involve the noise are per noise term', () => {
    const m = model('dv/dt = -v/tau + s*v*xi : 1', { tau: '10 ms', s: '1 Hz**0.5' }).system;
    expect(printed(milsteinStateUpdater, m)).toEqual([
      '_xi = randn()',
      '__x_support_v_xi = v + dt * (-v / tau) + dt**0.5 * (s * v)',
      '__g_support_v_xi = s * __x_support_v_xi',
      '__k_v_xi = 1 / (2 * dt**0.5) * (__g_support_v_xi - s * v) * (dt**0.5 * _xi)**2',
      '_v = v + dt * (-v / tau) + s * v * (dt**0.5 * _xi) + __k_v_xi',
      'v = _v',
    ]);
  });
});

describe('explicitStateUpdater', () => {
  const osc = model('dx/dt = y/tau : 1\ndy/dt = -x/tau : 1', { tau: '10 ms' }).system;

  it('defines a method from a program, as Brian’s ExplicitStateUpdater', () => {
    const midpoint = explicitStateUpdater('midpoint', 'k = dt*f(x,t)\nx_new = x + dt*f(x + k/2, t + dt/2)');
    expect(midpoint.name).toBe('midpoint');
    expect(printed(midpoint, osc)).toEqual(printed(rk2StateUpdater, osc));
    // `xi` is the standard normal behind dW.
    const m = model('dv/dt = s*xi : 1', { s: '1 Hz**0.5' }).system;
    const viaXi = explicitStateUpdater('e', 'x_new = x + dt*f(x,t) + dt**.5*g(x,t)*xi', { stochastic: 'additive' });
    const a = run(statements(viaXi, m), { v: 0 }, 0.01, 3, model('dv/dt = s*xi : 1', { s: '1 Hz**0.5' }).env(9));
    const b = run(statements(eulerStateUpdater, m), { v: 0 }, 0.01, 3, model('dv/dt = s*xi : 1', { s: '1 Hz**0.5' }).env(9));
    expect(a.get('v')).toBeCloseTo(b.get('v')!, 14);
  });

  it('runs a custom check', () => {
    const picky = explicitStateUpdater('picky', 'x_new = x + dt*f(x,t)', { check: (s, method) => (s.equations.length > 1 ? `${method} takes one equation` : undefined) });
    expect(refusal(picky, osc)).toBe('picky takes one equation');
  });

  it('refuses to sum a term that is not a pure noise increment over several noise terms', () => {
    const lumped = explicitStateUpdater('lumped', 'x_support = x + dt*f(x,t) + g(x,t)*dW\nx_new = x_support', { stochastic: 'additive' });
    const one = model('dv/dt = -v/tau + s*xi : 1', { tau: '10 ms', s: '1 Hz**0.5' }).system;
    const two = model('dv/dt = -v/tau + s*xi_1 + s*xi_2 : 1', { tau: '10 ms', s: '1 Hz**0.5' }).system;
    expect(printed(lumped, one)).toEqual(['_xi = randn()', '__x_support_v_xi = v + dt * (-v / tau) + s * (dt**0.5 * _xi)', '_v = __x_support_v_xi', 'v = _v']);
    expect(refusal(lumped, two)).toMatch(/^lumped cannot integrate equations with several noise terms: its term 'x_support' of x_new/);
    // Multiplied-out terms are fine: the noise-free part is counted once.
    const factored = explicitStateUpdater('factored', 'x_new = x + dt*f(x,t) + (g(x,t) + 0*x)*dW', { stochastic: 'additive' });
    expect(factored.apply(two).ok).toBe(true);
  });

  it('rejects malformed programs', () => {
    const bad = (program: string, message: RegExp) => expect(() => explicitStateUpdater('bad', program)).toThrow(message);
    bad('k = dt*f(x,t)', /the last statement must be 'x_new = \.\.\.'/);
    bad('x_new = x + dt*f(x)', /'f' takes two arguments/);
    bad('x_new = x + dt*f(x + dt*f(x,t), t)', /f and g cannot be nested/);
    bad('x_new = x + dt*f(x, t + x)', /time argument .* may only use t and dt/);
    bad('x_new = x + tau*f(x,t)', /unknown name 'tau'/);
    bad('x_new = x + dt*f(x,t) + dt**.5*randn()', /draws random numbers; use dW/);
    bad('dt = 1\nx_new = x', /'dt' has a fixed meaning/);
    bad('k = 1\nk = 2\nx_new = x + k', /'k' is assigned twice/);
    expect(() => explicitStateUpdater('bad', 'x_new = x +')).toThrow(UpdateProgramError);
    expect(() => explicitStateUpdater('quiet', 'x_new = x + dt*f(x,t)', { stochastic: 'additive' })).toThrow(/never uses g, dW or xi/);
  });
});
