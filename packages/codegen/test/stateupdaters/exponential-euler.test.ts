import { describe, expect, it } from 'vitest';
import {
  CONSTANTS,
  checkModel,
  lookupUnit,
  parseEquations,
  printStatement,
  throwIfErrors,
  type CheckedModel,
  type Namespace,
} from '@neurite/parser';
import type { StateUpdateResult } from '../../src/ir.js';
import { exponentialEulerStateUpdater } from '../../src/stateupdaters/exponential-euler.js';
import { buildOdeSystem } from '../../src/stateupdaters/ode-system.js';
import { execute, type Environment } from '../../src/symbolic/evaluate.js';

// ---------------------------------------------------------------------------------------------
// Harness: model string → OdeSystem → statements, run with the reference interpreter.

interface Integrated {
  readonly model: CheckedModel;
  readonly result: StateUpdateResult;
}

function integrate(equations: string, namespace: Namespace = {}): Integrated {
  const parsed = throwIfErrors(parseEquations(equations));
  const model = throwIfErrors(checkModel(parsed, { kind: 'neurons', namespace })).model!;
  return { model, result: exponentialEulerStateUpdater.apply(buildOdeSystem(model)) };
}

function ok(r: StateUpdateResult): Extract<StateUpdateResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected success, got: ${r.reason}`);
  return r;
}

const text = (i: Integrated): string[] => ok(i.result).statements.map(printStatement);

/** Runs `steps` steps; `check` sees the state after each. Names resolve to element values, then the namespace, then pi/e/inf and units. */
function run(
  i: Integrated,
  initial: Readonly<Record<string, number>>,
  o: { dt: number; steps: number; values?: Readonly<Record<string, number>>; check?: (k: number, s: ReadonlyMap<string, number>) => void },
): Map<string, number> {
  const res = ok(i.result);
  expect(res.derived).toEqual([]);
  const values: Record<string, number> = { dt: o.dt, ...o.values };
  const state = new Map(Object.entries(initial));
  for (let k = 1; k <= o.steps; k++) {
    const t = (k - 1) * o.dt;
    const env: Environment = {
      get: (n) => {
        if (n === 't') return t;
        if (n in values) return values[n];
        const ext = i.model.externals.get(n);
        if (ext?.kind === 'constant') return ext.value;
        return CONSTANTS.get(n) ?? lookupUnit(n)?.scale;
      },
    };
    execute(res.statements, state, env);
    o.check?.(k, state);
  }
  return state;
}

const relErr = (x: number, y: number): number => Math.abs(x - y) / Math.abs(y);
const mV = 1e-3;
const ms = 1e-3;

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

describe('exponential_euler', () => {
  it('is exact on a linear equation', () => {
    const i = integrate('dv/dt = (El - v)/tau : volt', { El: '-49 mV', tau: '20 ms' });
    expect(text(i)).toEqual(['_v = v * exp(-dt / tau) + El / tau * dt * exprel(-dt / tau)', 'v = _v']);
    const [El, tau, v0, dt] = [-49 * mV, 20 * ms, -70 * mV, 0.1 * ms];
    let worst = 0;
    run(i, { v: v0 }, {
      dt,
      steps: 2000,
      check: (k, s) => {
        worst = Math.max(worst, relErr(s.get('v')!, El + (v0 - El) * Math.exp((-k * dt) / tau)));
      },
    });
    expect(worst).toBeLessThan(1e-12);
  });

  it('gives x + c*dt where the coefficient of x is zero (structurally, or at run time)', () => {
    const constant = integrate('dx/dt = c : 1', { c: '4 Hz' });
    expect(text(constant)).toEqual(['_x = x + c * dt', 'x = _x']);
    expect(run(constant, { x: 1 }, { dt: 0.25, steps: 3 }).get('x')).toBe(4);

    const zeroA = integrate('dx/dt = a*x + c : 1', { a: '0 Hz', c: '4 Hz' });
    expect(text(zeroA)).toEqual(['_x = x * exp(a * dt) + c * dt * exprel(a * dt)', 'x = _x']);
    expect(run(zeroA, { x: 1 }, { dt: 0.25, steps: 3 }).get('x')).toBe(4);
  });

  it('freezes (unless refractory) variables by multiplying A and B by int(not_refractory)', () => {
    const i = integrate('dv/dt = (El - v)/tau : volt (unless refractory)', { El: '-49 mV', tau: '20 ms' });
    expect(text(i)).toEqual([
      '__A_v = -1.0 / tau * int(not_refractory)',
      '_v = v * exp(__A_v * dt) + El / tau * int(not_refractory) * dt * exprel(__A_v * dt)',
      'v = _v',
    ]);
    expect(run(i, { v: -60 * mV }, { dt: 0.1 * ms, steps: 20, values: { not_refractory: 0 } }).get('v')).toBe(-60 * mV);
    const free = run(i, { v: -60 * mV }, { dt: 0.1 * ms, steps: 200, values: { not_refractory: 1 } });
    expect(relErr(free.get('v')!, -49 * mV - 11 * mV * Math.exp(-1))).toBeLessThan(1e-12);
  });

  it('integrates the COBAHH gating variables in closed form (pinned text of h)', () => {
    const i = integrate(COBAHH, COBAHH_NS);
    const statements = text(i);
    // Temporaries for the coefficients first, then the new values, then the assignments.
    expect(statements.map((s) => s.split(' = ')[0])).toEqual([
      '__A_v', '__A_m', '__A_n', '__A_h',
      '_v', '_m', '_n', '_h', '_ge', '_gi',
      'v', 'm', 'n', 'h', 'ge', 'gi',
    ]);
    expect(statements.filter((s) => /^__A_h |^_h /.test(s))).toEqual([
      '__A_h = -(0.128 * exp((17 * mV - v + VT) / (18 * mV)) / ms) - 4.0 / (1 + exp((40 * mV - v + VT) / (5 * mV))) / ms',
      '_h = h * exp(__A_h * dt) + 0.128 * exp((17 * mV - v + VT) / (18 * mV)) / ms * dt * exprel(__A_h * dt)',
    ]);
    expect(statements).toContain('_ge = ge * exp(-(1.0 / taue) * dt)');
  });

  it('produces a spike from a depolarised start in COBAHH, with finite values throughout', () => {
    const i = integrate(COBAHH, COBAHH_NS);
    const dt = 0.01 * ms;
    let peak = -Infinity;
    let peakStep = 0;
    let finite = true;
    run(i, { v: -45 * mV, m: 0.05, n: 0.3, h: 0.6, ge: 10e-9, gi: 20e-9 }, {
      dt,
      steps: 2000, // 20 ms
      check: (k, s) => {
        for (const x of s.values()) finite &&= Number.isFinite(x);
        const v = s.get('v')!;
        if (v > peak) [peak, peakStep] = [v, k];
        for (const g of ['m', 'n', 'h']) {
          const x = s.get(g)!;
          expect(x >= 0 && x <= 1, `${g} = ${x} at step ${k}`).toBe(true);
        }
      },
    });
    expect(finite).toBe(true);
    expect(peak).toBeGreaterThan(0);
    expect(peakStep * dt).toBeLessThan(3 * ms);
  });

  it('converges to the same HH trajectory as dt shrinks (first order)', () => {
    const i = integrate(COBAHH, COBAHH_NS);
    const start = { v: -45 * mV, m: 0.05, n: 0.3, h: 0.6, ge: 10e-9, gi: 20e-9 };
    const vAt = (dt: number) => run(i, start, { dt, steps: Math.round((1 * ms) / dt) }).get('v')!;
    const [coarse, fine, finest] = [vAt(0.02 * ms), vAt(0.01 * ms), vAt(0.005 * ms)];
    const ratio = Math.abs(coarse - fine) / Math.abs(fine - finest);
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2.5);
  });

  it('refuses noise, and equations that are not linear in their own variable', () => {
    const noisy = integrate('dv/dt = -v/tau + sigma*xi*tau**-0.5 : volt', { tau: '10 ms', sigma: '1 mV' }).result;
    expect(noisy).toEqual({
      ok: false,
      method: 'exponential_euler',
      reason: "exponential_euler is for deterministic equations; 'v' has noise — use 'euler', 'heun' or 'milstein'",
    });
    const nonlinear = integrate('dx/dt = (exp(x) - 1)/tau : 1', { tau: '10 ms' }).result;
    expect(nonlinear.ok).toBe(false);
    expect(nonlinear.ok ? '' : nonlinear.reason).toBe(
      "exponential_euler needs each equation to be linear in its own variable; the equation for 'x' is not: 'x' occurs inside exp() — use 'rk4' or 'rk2'",
    );
    const product = integrate('dx/dt = -x*x/tau : 1', { tau: '10 ms' }).result;
    expect(product.ok ? '' : product.reason).toMatch(/'x' is multiplied by 'x'/);
  });
});
