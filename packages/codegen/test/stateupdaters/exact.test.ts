import { describe, expect, it } from 'vitest';
import {
  CONSTANTS,
  DIMENSIONLESS,
  checkModel,
  dim,
  lookupUnit,
  parseEquations,
  printStatement,
  throwIfErrors,
  type CheckedModel,
  type Namespace,
} from '@neurite/parser';
import type { OdeSystem, StateUpdateResult } from '../../src/ir.js';
import { exactStateUpdater } from '../../src/stateupdaters/exact.js';
import { buildOdeSystem } from '../../src/stateupdaters/ode-system.js';
import { execute, type Environment } from '../../src/symbolic/evaluate.js';

// ---------------------------------------------------------------------------------------------
// Harness: model string → OdeSystem → statements, run with the reference interpreter.

interface Built {
  readonly model: CheckedModel;
  readonly system: OdeSystem;
}

function build(equations: string, namespace: Namespace = {}): Built {
  const parsed = throwIfErrors(parseEquations(equations));
  const model = throwIfErrors(checkModel(parsed, { kind: 'neurons', namespace })).model!;
  return { model, system: buildOdeSystem(model) };
}

function integrate(equations: string, namespace: Namespace = {}): StateUpdateResult & Built {
  const b = build(equations, namespace);
  return { ...exactStateUpdater.apply(b.system), ...b };
}

function ok(r: StateUpdateResult): Extract<StateUpdateResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected success, got: ${r.reason}`);
  return r;
}

const text = (r: StateUpdateResult): string[] => ok(r).statements.map(printStatement);

/** A name's value in SI: element values, then the namespace, then pi/e/inf and unit names. */
function environment(model: CheckedModel, values: Readonly<Record<string, number>>, call?: Environment['call']): Environment {
  return {
    get: (n) => {
      if (n in values) return values[n];
      const ext = model.externals.get(n);
      if (ext?.kind === 'constant') return ext.value;
      return CONSTANTS.get(n) ?? lookupUnit(n)?.scale;
    },
    ...(call ? { call } : {}),
  };
}

interface RunOptions {
  readonly dt: number;
  readonly steps: number;
  /** Per-element and internal values (parameters, not_refractory). */
  readonly values?: Readonly<Record<string, number>>;
  readonly call?: Environment['call'];
  /** Called after each step with the step count and the state. */
  readonly check?: (step: number, state: ReadonlyMap<string, number>) => void;
}

/** Runs the update `steps` times from `initial`; derived scalars are computed once (they depend on dt and constants only). */
function run(r: StateUpdateResult & Built, initial: Readonly<Record<string, number>>, o: RunOptions): Map<string, number> {
  const res = ok(r);
  const base = environment(r.model, { dt: o.dt, ...o.values }, o.call);
  const derived = new Map<string, number>();
  for (const d of res.derived) {
    const inputs = d.inputs.map((n) => {
      const v = base.get(n);
      if (v === undefined) throw new Error(`no value for input '${n}'`);
      return v;
    });
    const out = d.compute(inputs);
    expect(out.length).toBe(d.outputs.length);
    d.outputs.forEach((n, k) => derived.set(n, out[k]!));
  }
  const state = new Map(Object.entries(initial));
  for (let k = 1; k <= o.steps; k++) {
    const t = (k - 1) * o.dt;
    const env: Environment = { ...base, get: (n) => (n === 't' ? t : derived.get(n) ?? base.get(n)) };
    execute(res.statements, state, env);
    o.check?.(k, state);
  }
  return state;
}

const relErr = (x: number, y: number): number => Math.abs(x - y) / Math.abs(y);

const mV = 1e-3;
const ms = 1e-3;

const CUBA = `
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt`;
const CUBA_NS: Namespace = { taum: '20 ms', taue: '5 ms', taui: '10 ms', Vt: '-50 mV', Vr: '-60 mV', El: '-49 mV' };

const COBAHH = `
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
beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz`;
const COBAHH_NS: Namespace = {
  Cm: '(1*ufarad*cm**-2) * (20000*umetre**2)',
  gl: '(5e-5*siemens*cm**-2) * (20000*umetre**2)',
  g_na: '(100*msiemens*cm**-2) * (20000*umetre**2)',
  g_kd: '(30*msiemens*cm**-2) * (20000*umetre**2)',
  El: '-60 mV',
  EK: '-90 mV',
  ENa: '50 mV',
  VT: '-63 mV',
  taue: '5 ms',
  taui: '10 ms',
  Ee: '0 mV',
  Ei: '-80 mV',
};

// ---------------------------------------------------------------------------------------------

describe('exact: linear systems with uniform coefficients', () => {
  it('solves a two-variable cascade exactly over many steps', () => {
    const r = integrate('dv/dt = (w - v)/tau1 : 1\ndw/dt = -w/tau2 : 1', { tau1: '10 ms', tau2: '3 ms' });
    expect(text(r)).toEqual(['_v = _A_v_v * v + _A_v_w * w', '_w = _A_w_w * w', 'v = _v', 'w = _w']);
    const d = ok(r).derived;
    expect(d.length).toBe(1);
    expect(d[0]!.inputs).toEqual(['dt', 'tau1', 'tau2']);
    expect(d[0]!.outputs).toEqual(['_A_v_v', '_A_v_w', '_A_w_w']);

    const [t1, t2, v0, w0, dt] = [10 * ms, 3 * ms, 1, 2, 0.1 * ms];
    const c = (w0 * t2) / (t2 - t1);
    let worst = 0;
    run(r, { v: v0, w: w0 }, {
      dt,
      steps: 2000,
      check: (k, s) => {
        const t = k * dt;
        worst = Math.max(worst, relErr(s.get('v')!, (v0 - c) * Math.exp(-t / t1) + c * Math.exp(-t / t2)));
        worst = Math.max(worst, relErr(s.get('w')!, w0 * Math.exp(-t / t2)));
      },
    });
    expect(worst).toBeLessThan(1e-12);
  });

  it('solves a damped oscillator (complex eigenvalues) exactly', () => {
    const r = integrate('dx/dt = -omega*y - x/tau : 1\ndy/dt = omega*x - y/tau : 1', { omega: '2*pi*50*Hz', tau: '20 ms' });
    const [omega, tau, dt] = [2 * Math.PI * 50, 20 * ms, 0.1 * ms];
    const [x0, y0] = [0.3, -1.2];
    let worst = 0;
    run(r, { x: x0, y: y0 }, {
      dt,
      steps: 1000,
      check: (k, s) => {
        const t = k * dt;
        const decay = Math.exp(-t / tau);
        const [c, sn] = [Math.cos(omega * t), Math.sin(omega * t)];
        const ex = decay * (x0 * c - y0 * sn);
        const ey = decay * (x0 * sn + y0 * c);
        const err = Math.hypot(s.get('x')! - ex, s.get('y')! - ey) / Math.hypot(ex, ey);
        worst = Math.max(worst, err);
      },
    });
    expect(worst).toBeLessThan(1e-12);
  });

  it('resolves unit names and pi on the host instead of passing them as inputs', () => {
    const r = integrate('dv/dt = -v*pi/(10*ms) : 1');
    const d = ok(r).derived[0]!;
    expect(d.inputs).toEqual(['dt']);
    expect(d.compute([0.1 * ms])).toEqual([Math.exp((-Math.PI * 0.1) / 10)]);
  });

  it('passes shared parameters as inputs', () => {
    const r = integrate('dv/dt = -v/tau : 1\ntau : second (shared)');
    const d = ok(r).derived[0]!;
    expect(d.inputs).toEqual(['dt', 'tau']);
    expect(text(r)).toEqual(['_v = _A_v_v * v', 'v = _v']);
    const s = run(r, { v: 1 }, { dt: 0.1 * ms, steps: 100, values: { tau: 4 * ms } });
    expect(relErr(s.get('v')!, Math.exp(-10 / 4))).toBeLessThan(1e-13);
  });

  it('integrates a constant input exactly, without derived scalars (dx/dt = c)', () => {
    const r = integrate('dx/dt = c : 1', { c: '3 Hz' });
    expect(text(r)).toEqual(['_x = x + c * dt', 'x = _x']);
    expect(ok(r).derived).toEqual([]);
    const s = run(r, { x: 0.5 }, { dt: 0.25, steps: 4 });
    expect(s.get('x')).toBe(3.5);
  });

  it('keeps the constant part B in the kernel (it may differ between elements)', () => {
    const r = integrate('dv/dt = (I - v)/tau : 1\nI : 1', { tau: '10 ms' });
    expect(text(r)).toEqual(['_v = _A_v_v * v + _G_v_v * (I / tau)', 'v = _v']);
    const dt = 0.1 * ms;
    for (const I of [0, 0.4, -2]) {
      const s = run(r, { v: 1 }, { dt, steps: 300, values: { I } });
      expect(relErr(s.get('v')!, I + (1 - I) * Math.exp((-300 * dt) / (10 * ms)))).toBeLessThan(1e-12);
    }
  });

  it('reports a coefficient that is not finite when computing the propagators', () => {
    const r = integrate('dv/dt = -v/tau : 1', { tau: '0 ms' });
    expect(() => ok(r).derived[0]!.compute([1e-4, 0])).toThrow(/coefficient of 'v' in the equation for 'v' is -Infinity/);
  });

  it('avoids name clashes between propagator entries and temporaries', () => {
    // The temporary of `A_a_a` is `_A_a_a`, the name the entry (a, a) would get.
    const r = integrate('da/dt = -a/tau : 1\ndA_a_a/dt = (a - A_a_a)/tau : 1', { tau: '5 ms' });
    const names = ok(r).statements.map((s) => s.target);
    expect(new Set(names).size).toBe(names.length);
    expect(ok(r).derived[0]!.outputs).toContain('_A_a_a_2');
    const dt = 0.1 * ms;
    const s = run(r, { a: 1, A_a_a: 0 }, { dt, steps: 50 });
    // A_a_a' = (a − A_a_a)/τ with a = e^{−t/τ}, A_a_a(0) = 0: A_a_a = (t/τ)·e^{−t/τ}.
    const t = 50 * dt;
    expect(relErr(s.get('A_a_a')!, (t / (5 * ms)) * Math.exp(-t / (5 * ms)))).toBeLessThan(1e-12);
  });
});

describe('exact: CUBA with (unless refractory)', () => {
  it('emits short updates: only v needs a select, ge and gi are one product each', () => {
    const r = integrate(CUBA, CUBA_NS);
    expect(text(r)).toEqual([
      '_v = select(not_refractory, _A_v_v * v + _A_v_ge * ge + _A_v_gi * gi + _G_v_v * (El / taum), v)',
      '_ge = _A_ge_ge * ge',
      '_gi = _A_gi_gi * gi',
      'v = _v',
      'ge = _ge',
      'gi = _gi',
    ]);
    const d = ok(r).derived[0]!;
    expect(d.inputs).toEqual(['dt', 'taue', 'taui', 'taum']);
    expect(d.outputs).toEqual(['_A_v_v', '_A_v_ge', '_A_v_gi', '_A_ge_ge', '_A_gi_gi', '_G_v_v']);
  });

  it('matches the closed-form solution when not refractory', () => {
    const r = integrate(CUBA, CUBA_NS);
    const [taum, taue, taui, El, dt] = [20 * ms, 5 * ms, 10 * ms, -49 * mV, 0.1 * ms];
    const [v0, ge0, gi0] = [-60 * mV, 3 * mV, -2 * mV];
    const drive = (g0: number, tau: number, t: number) => ((g0 * tau) / (tau - taum)) * (Math.exp(-t / tau) - Math.exp(-t / taum));
    let worst = 0;
    run(r, { v: v0, ge: ge0, gi: gi0 }, {
      dt,
      steps: 1000,
      values: { not_refractory: 1 },
      check: (k, s) => {
        const t = k * dt;
        const v = El + (v0 - El) * Math.exp(-t / taum) + drive(ge0, taue, t) + drive(gi0, taui, t);
        worst = Math.max(worst, relErr(s.get('v')!, v), relErr(s.get('ge')!, ge0 * Math.exp(-t / taue)), relErr(s.get('gi')!, gi0 * Math.exp(-t / taui)));
      },
    });
    expect(worst).toBeLessThan(1e-12);
  });

  it('freezes v while refractory, and keeps the synaptic variables decaying', () => {
    const r = integrate(CUBA, CUBA_NS);
    const s = run(r, { v: -60 * mV, ge: 3 * mV, gi: -2 * mV }, { dt: 0.1 * ms, steps: 50, values: { not_refractory: 0 } });
    expect(s.get('v')).toBe(-60 * mV);
    expect(relErr(s.get('ge')!, 3 * mV * Math.exp(-5 / 5))).toBeLessThan(1e-13);
    expect(relErr(s.get('gi')!, -2 * mV * Math.exp(-5 / 10))).toBeLessThan(1e-13);
  });

  it('uses the reduced propagators for a variable fed by a refractory one', () => {
    // While refractory v is frozen, so w relaxes to the frozen v with its own time constant.
    const r = integrate('dv/dt = (El - v)/tau : volt (unless refractory)\ndw/dt = (v - w)/tauw : volt', {
      El: '-50 mV',
      tau: '10 ms',
      tauw: '4 ms',
    });
    expect(text(r)).toEqual([
      '_v = select(not_refractory, _A_v_v * v + _G_v_v * (El / tau), v)',
      '_w = select(not_refractory, _A_w_v * v + _A_w_w * w + _G_w_v * (El / tau), _Ar_w_v * v + _Ar_w_w * w)',
      'v = _v',
      'w = _w',
    ]);
    const dt = 0.1 * ms;
    const frozen = run(r, { v: -70 * mV, w: -40 * mV }, { dt, steps: 80, values: { not_refractory: 0 } });
    expect(frozen.get('v')).toBe(-70 * mV);
    expect(relErr(frozen.get('w')!, -70 * mV + 30 * mV * Math.exp(-8 / 4))).toBeLessThan(1e-12);

    // Not refractory: v relaxes to El, w follows (same cascade as above, shifted by El).
    const [tau, tauw, El, v0, w0] = [10 * ms, 4 * ms, -50 * mV, -70 * mV, -40 * mV];
    const free = run(r, { v: v0, w: w0 }, { dt, steps: 80, values: { not_refractory: 1 } });
    const t = 80 * dt;
    const c = ((v0 - El) * tau) / (tau - tauw);
    expect(relErr(free.get('v')!, El + (v0 - El) * Math.exp(-t / tau))).toBeLessThan(1e-12);
    expect(relErr(free.get('w')!, El + (w0 - El - c) * Math.exp(-t / tauw) + c * Math.exp(-t / tau))).toBeLessThan(1e-12);
  });
});

describe('exact: coefficients that differ between elements', () => {
  it('uses the closed form for an uncoupled equation with a per-neuron tau', () => {
    const r = integrate('dv/dt = -v/tau : 1\ntau : second');
    expect(text(r)).toEqual(['_v = v * exp(-dt / tau)', 'v = _v']);
    expect(ok(r).derived).toEqual([]);
    const dt = 0.1 * ms;
    for (const tau of [2 * ms, 7 * ms, 30 * ms]) {
      let worst = 0;
      run(r, { v: 1.5 }, {
        dt,
        steps: 500,
        values: { tau },
        check: (k, s) => {
          worst = Math.max(worst, relErr(s.get('v')!, 1.5 * Math.exp((-k * dt) / tau)));
        },
      });
      expect(worst).toBeLessThan(1e-12);
    }
  });

  it('handles a constant part and (unless refractory) in the closed form', () => {
    const r = integrate('dv/dt = (I - v)/tau : 1 (unless refractory)\ntau : second\nI : 1');
    expect(text(r)).toEqual(['_v = select(not_refractory, v * exp(-dt / tau) + I / tau * dt * exprel(-dt / tau), v)', 'v = _v']);
    const dt = 0.1 * ms;
    const s = run(r, { v: 0 }, { dt, steps: 100, values: { tau: 5 * ms, I: 2, not_refractory: 1 } });
    expect(relErr(s.get('v')!, 2 * -Math.expm1(-10 / 5))).toBeLessThan(1e-12);
    const frozen = run(r, { v: 0.25 }, { dt, steps: 10, values: { tau: 5 * ms, I: 2, not_refractory: 0 } });
    expect(frozen.get('v')).toBe(0.25);
  });

  it('is exact at a = 0 in the closed form (exprel)', () => {
    const r = integrate('dv/dt = k*v + c : 1\nk : Hz\nc : Hz');
    const s = run(r, { v: 1 }, { dt: 0.5, steps: 2, values: { k: 0, c: 3 } });
    expect(s.get('v')).toBe(4);
  });

  it('mixes host propagators for coupled equations with closed forms for uncoupled ones', () => {
    const r = integrate('dv/dt = (w - v)/tau1 : 1\ndw/dt = -w/tau2 : 1\ndu/dt = -u/tau : 1\ntau : second', { tau1: '10 ms', tau2: '3 ms' });
    expect(text(r)).toEqual(['_v = _A_v_v * v + _A_v_w * w', '_w = _A_w_w * w', '_u = u * exp(-dt / tau)', 'v = _v', 'w = _w', 'u = _u']);
  });
});

describe('exact: functions of time', () => {
  it('accepts a TimedArray called with t (constant over a step) and integrates it exactly', () => {
    const timed = { kind: 'function' as const, arity: 1, argDims: [dim({ second: 1 })], returnDim: DIMENSIONLESS, constantOverDt: true };
    const r = integrate('dv/dt = (stim(t) - v)/tau : 1', { stim: timed, tau: '8 ms' });
    expect(text(r)).toEqual(['_v = _A_v_v * v + _G_v_v * (stim(t) / tau)', 'v = _v']);
    const dt = 0.1 * ms;
    const tau = 8 * ms;
    const stim = (t: number) => Math.sin(Math.round(t / dt) * 0.37) + 0.5;
    let v = 0.2;
    let worst = 0;
    run(r, { v: 0.2 }, {
      dt,
      steps: 400,
      call: (n, args) => (n === 'stim' ? stim(args[0]!) : undefined),
      check: (k, s) => {
        // The exact solution with the input held constant during each step.
        const I = stim((k - 1) * dt);
        v = I + (v - I) * Math.exp(-dt / tau);
        worst = Math.max(worst, relErr(s.get('v')!, v));
      },
    });
    expect(worst).toBeLessThan(1e-12);
  });
});

describe('exact: the constant part B', () => {
  it('holds a B that several variables use in an intermediate temporary', () => {
    const timed = { kind: 'function' as const, arity: 1, argDims: [dim({ second: 1 })], returnDim: DIMENSIONLESS, constantOverDt: true };
    const r = integrate('dv/dt = (w - v)/tau1 : 1\ndw/dt = (stim(t) - w)/tau2 : 1', { stim: timed, tau1: '10 ms', tau2: '3 ms' });
    expect(text(r)).toEqual([
      '__b_w = stim(t) / tau2',
      '_v = _A_v_v * v + _A_v_w * w + _G_v_w * __b_w',
      '_w = _A_w_w * w + _G_w_w * __b_w',
      'v = _v',
      'w = _w',
    ]);
    // A constant stim: w → stim, v → stim as well.
    const s = run(r, { v: 0, w: 0 }, { dt: 0.1 * ms, steps: 5000, call: () => 0.7 });
    expect(relErr(s.get('v')!, 0.7)).toBeLessThan(1e-12);
    expect(relErr(s.get('w')!, 0.7)).toBeLessThan(1e-12);
  });
});

describe('exact: refusals', () => {
  const reason = (r: StateUpdateResult): string => {
    expect(r.ok).toBe(false);
    expect(r.method).toBe('exact');
    return r.ok ? '' : r.reason;
  };

  it('refuses noise', () => {
    const r = integrate('dv/dt = -v/tau + sigma*xi*tau**-0.5 : volt', { tau: '10 ms', sigma: '1 mV' });
    expect(reason(r)).toBe("exact integration is for deterministic equations; 'v' has noise — use 'euler', 'heun' or 'milstein'");
  });

  it('refuses nonlinear equations (Hodgkin–Huxley), saying where', () => {
    const r = integrate(COBAHH, COBAHH_NS);
    expect(reason(r)).toBe(
      "exact integration needs equations that are linear in the state variables; the equation for 'v' is not: 'ge' is multiplied by 'v' — use 'exponential_euler', 'rk4' or 'rk2'",
    );
    const gate = integrate('dm/dt = (minf - m)/tau : 1\nminf = 1/(1 + exp(-v/(5*mV))) : 1\ndv/dt = -v/tau : volt', { tau: '1 ms' });
    expect(reason(gate)).toBe(
      "exact integration needs equations that are linear in the state variables; the equation for 'm' is not: 'v' occurs inside exp() — use 'exponential_euler', 'rk4' or 'rk2'",
    );
    expect(reason(integrate('dx/dt = -x**3/tau : 1', { tau: '1 ms' }))).toMatch(/the equation for 'x' is not: 'x' is raised to a power/);
  });

  it('refuses dependence on t outside a function that is constant over a step', () => {
    const r = integrate('dv/dt = (A*sin(2*pi*f*t) - v)/tau : 1', { A: 2, f: '10 Hz', tau: '10 ms' });
    expect(reason(r)).toBe(
      "exact integration needs equations that are constant during a time step; the equation for 'v' depends on the time 't' — use 'rk4', 'rk2' or 'euler'",
    );
    expect(reason(integrate('dv/dt = -v/tau*t/second : 1', { tau: '10 ms' }))).toMatch(/depends on the time 't'/);
  });

  it('refuses functions that are not constant over a step', () => {
    const noisy = { kind: 'function' as const, arity: 1, argDims: [dim({ second: 1 })], returnDim: DIMENSIONLESS, constantOverDt: false };
    const r = integrate('dv/dt = (f(t) - v)/tau : 1', { f: noisy, tau: '10 ms' });
    expect(reason(r)).toMatch(/the equation for 'v' calls f\(\), which is not constant during a time step/);
  });

  it('refuses coupled equations whose coefficients differ between elements', () => {
    const r = integrate('dv/dt = (w - v)/tau : 1\ndw/dt = -w/tau2 : 1\ntau : second', { tau2: '3 ms' });
    expect(reason(r)).toBe(
      "exact integration of coupled equations needs coefficients that are the same for all elements; in the equation for 'v', 'tau' has one value per element — use 'exponential_euler' or 'rk4'",
    );
    // Coupled through its column: w depends on a v whose own coefficient is per-element.
    const feeds = integrate('dv/dt = -v/tau : 1\ndw/dt = (v - w)/tau2 : 1\ntau : second', { tau2: '3 ms' });
    expect(reason(feeds)).toMatch(/in the equation for 'v', 'tau' has one value per element/);
  });
});
