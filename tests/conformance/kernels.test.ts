/**
 * The conformance suite: the same kernel tests on every backend this machine offers — `js`
 * (float64, relative tolerance 1e-12) and gpu.js in each mode that can run here (float32, 1e-5) —
 * against analytic solutions or float64 references. Absent modes are named in a printed line.
 * CI runs it under xvfb-run with headless-gl built, so the real WebGL shader path is covered.
 */
import { describe, expect, it } from 'vitest';
import { jsBackend, Random, compileModel, lowerPathway, lowerSummed, type Backend, type StateArray } from '@neurite/codegen';
import { createGpujsBackend } from '@neurite/codegen/gpujs';
import { checkModel, checkStatements, parseEquations, parseStatements, throwIfErrors } from '@neurite/parser';
import { availableGpuModes } from '../helpers/gpu-modes.js';

interface Lane {
  readonly label: string;
  readonly backend: Backend;
  /** Relative tolerance, on the scale of the compared quantity. */
  readonly tol: number;
}

const lanes: Lane[] = [{ label: 'js', backend: jsBackend, tol: 1e-12 }];
for (const m of await availableGpuModes()) {
  if (m.available) lanes.push({ label: `gpujs/${m.mode}`, backend: createGpujsBackend({ mode: m.mode }), tol: 1e-5 });
  else console.log(`conformance: gpujs mode ${m.mode} is not available here (${m.why ?? 'unknown reason'}); its lane is skipped`);
}

const ms = 1e-3;
const mV = 1e-3;

/** |a - b| <= tol * max(|b|, scale), element by element, with a message naming the element. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, scale: number): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k]!;
    const b = expected[k]!;
    if (!(Math.abs(a - b) <= tol * Math.max(Math.abs(b), scale))) {
      throw new Error(`element ${k}: ${a} vs expected ${b} (tolerance ${tol} relative to ${Math.max(Math.abs(b), scale)})`);
    }
  }
}

describe.each(lanes)('conformance on $label', ({ backend, tol }) => {
  it('exact integration of a leaky membrane matches El + (v0 - El)·exp(-t/tau) over 200 steps', () => {
    const m = compileModel('dv/dt = (El - v)/tau : volt', { backend, method: 'exact', namespace: { El: '-65 mV', tau: '10 ms' } });
    const v0 = [-80, -65, -50, 0].map((x) => x * mV);
    const v = Float64Array.from(v0);
    const dt = 0.1 * ms;
    for (let step = 0; step < 200; step++) m.stateUpdate.run({ arrays: { v }, scalars: { N: 4, t: step * dt, dt, ...m.constants } });
    const T = 200 * dt;
    expectClose(v, v0.map((x) => -65 * mV + (x + 65 * mV) * Math.exp(-T / (10 * ms))), tol * 10, 1 * mV);
  });

  it('per-neuron time constants (exact, closed form per element) decay as v0·exp(-t/tau_i)', () => {
    const m = compileModel('dv/dt = -v/tau : 1\ntau : second', { backend, method: 'exact' });
    const tau = Float64Array.from([1, 2, 5, 10].map((x) => x * ms));
    const v = new Float64Array([1, 1, 1, 1]);
    const dt = 0.1 * ms;
    for (let step = 0; step < 100; step++) m.stateUpdate.run({ arrays: { v, tau }, scalars: { N: 4, t: step * dt, dt } });
    expectClose(v, [...tau].map((t) => Math.exp((-100 * dt) / t)), tol * 10, 1e-3);
  });

  it('threshold, refractoriness and reset give the same spikes as the rules say', () => {
    const m = compileModel('dv/dt = (El - v)/tau : volt (unless refractory)', {
      backend,
      threshold: 'v > Vt',
      reset: 'v = Vr',
      refractory: '2 ms',
      namespace: { El: '-40 mV', tau: '10 ms', Vt: '-50 mV', Vr: '-70 mV' },
    });
    const N = 5;
    const v = Float64Array.from([-70, -60, -55, -51, -80].map((x) => x * mV));
    const not_refractory = new Uint8Array(N).fill(1);
    const lastspike = new Float64Array(N).fill(-1e4);
    const spikes = new Int32Array(N);
    const dt = 0.1 * ms;
    const trains: number[][] = Array.from({ length: N }, () => []);
    for (let step = 0; step < 300; step++) {
      const scalars = { N, t: step * dt, dt, ...m.constants };
      const arrays = { v, not_refractory, lastspike, _spikes: spikes };
      m.stateUpdate.run({ arrays, scalars });
      const n = m.threshold!.run({ arrays, scalars });
      for (const i of spikes.subarray(0, n)) trains[i]!.push(step);
      m.reset!.run({ arrays: { v, _events: spikes }, scalars: { ...scalars, count: n } });
    }
    // Analytic crossing time from v0: t* = tau*ln((El - v0)/(El - Vt)). Step s integrates v up to
    // (s + 1)*dt and then checks the threshold, so the first spike is at step ceil(t*/dt) - 1.
    const crossing = (v0: number) => Math.ceil((10 * Math.log((-40 - v0) / (-40 + 50))) / 0.1 - 1e-9) - 1;
    expect(trains.map((t) => t[0])).toEqual([-70, -60, -55, -51, -80].map(crossing));
    // After a spike at step s0 (lastspike = s0*dt) the neuron is frozen until step s0 + 20 (2 ms),
    // then climbs from Vr exactly as from the start: the next spike is crossing(Vr) steps later.
    const period = crossing(-70) + 20;
    expect(trains[0]![1]! - trains[0]![0]!).toBe(period);
  });

  it('exponential Euler on the COBAHH model stays within tolerance of the float64 reference for 50 steps', () => {
    const area = '20000*umetre**2';
    const eqs = `
      dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK))/Cm : volt
      dm/dt = alpha_m*(1-m)-beta_m*m : 1
      dn/dt = alpha_n*(1-n)-beta_n*n : 1
      dh/dt = alpha_h*(1-h)-beta_h*h : 1
      alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
      beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
      alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
      beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
      alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
      beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz`;
    const namespace = {
      Cm: `1*ufarad*cm**-2 * ${area}`, gl: `5e-5*siemens*cm**-2 * ${area}`, El: '-60 mV', EK: '-90 mV', ENa: '50 mV',
      g_na: `100*msiemens*cm**-2 * ${area}`, g_kd: `30*msiemens*cm**-2 * ${area}`, VT: '-63 mV',
    };
    const run = (b: Backend) => {
      const m = compileModel(eqs, { backend: b, method: 'exponential_euler', namespace });
      const arrays: Record<string, StateArray> = {
        v: Float64Array.from([-65, -60, -55, -50].map((x) => x * mV)),
        m: new Float64Array(4).fill(0.05),
        n: new Float64Array(4).fill(0.3),
        h: new Float64Array(4).fill(0.6),
      };
      for (let step = 0; step < 50; step++) m.stateUpdate.run({ arrays, scalars: { N: 4, t: step * 1e-4, dt: 1e-4, ...m.constants } });
      return arrays;
    };
    const got = run(backend);
    const ref = run(jsBackend);
    expectClose(got['v']!, ref['v']!, tol * 10, 10 * mV);
    for (const gate of ['m', 'n', 'h']) expectClose(got[gate]!, ref[gate]!, tol * 10, 0.1);
  });

  it('draws the same random numbers as the seeded generator, element by element', () => {
    const m = compileModel('dv/dt = -v/tau + sigma*xi*tau**-0.5 : 1', { backend, method: 'euler', namespace: { tau: '10 ms', sigma: 0.5 } });
    const N = 6;
    const v = new Float64Array(N);
    const dt = 0.1 * ms;
    m.stateUpdate.run({ arrays: { v }, scalars: { N, t: 0, dt, ...m.constants }, rng: new Random(11) });
    const r = new Random(11);
    // From v = 0, one Euler–Maruyama step is sigma*sqrt(dt/tau)*xi.
    expectClose(v, Array.from({ length: N }, () => 0.5 * Math.sqrt(dt / (10 * ms)) * r.normal()), tol * 10, 1e-3);
  });

  it('on_pre sums the weights of every synapse of the spiking neurons into the target', () => {
    const neurons = throwIfErrors(checkModel(parseEquations('ge : volt'), { kind: 'neurons' })).model!;
    const groups = { pre: neurons, post: neurons };
    const syn = throwIfErrors(checkModel(parseEquations('w : volt'), { kind: 'synapses', ...groups })).model!;
    const code = throwIfErrors(checkStatements(parseStatements('ge += w'), syn, groups));
    const k = backend.compile(lowerPathway({ model: syn, ...groups, externals: code.externals }, code.statements!, { name: 'on_pre' }));
    // 4 neurons, all-to-all without self-connections: 12 synapses, CSR by presynaptic neuron.
    const pre: number[] = [];
    const post: number[] = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (i !== j) (pre.push(i), post.push(j));
    const w = Float64Array.from(pre.map((i, s) => (i + 1) * mV + s * 0.01 * mV));
    const ge_post = new Float64Array(4);
    k.run({
      arrays: {
        ge_post, w, _events: new Int32Array([1, 3]), _ptr: new Int32Array([0, 3, 6, 9, 12]), _synapses: Int32Array.from(pre.keys()),
        _synaptic_pre: Int32Array.from(pre), _synaptic_post: Int32Array.from(post),
      },
      scalars: { count: 2 },
    });
    const expected = [0, 0, 0, 0];
    pre.forEach((i, s) => {
      if (i === 1 || i === 3) expected[post[s]!]! += w[s]!;
    });
    expectClose(ge_post, expected, tol * 10, 1 * mV);
  });

  it('a summed variable gathers w·(v_pre - v_post) over incoming synapses (gap junctions)', () => {
    const neurons = throwIfErrors(checkModel(parseEquations('v : 1\nIgap : 1'), { kind: 'neurons' })).model!;
    const groups = { pre: neurons, post: neurons };
    const syn = throwIfErrors(checkModel(parseEquations('w : 1\nIgap_post = w*(v_pre - v_post) : 1 (summed)'), { kind: 'synapses', ...groups })).model!;
    const eq = syn.equations.find((e) => e.name === 'Igap_post')!;
    if (eq.kind !== 'subexpression') throw new Error('expected a subexpression');
    const k = backend.compile(lowerSummed({ model: syn, ...groups }, 'Igap_post', eq.expr, { name: 'gap' }));
    const pre = Int32Array.from([0, 1, 2, 2, 3]);
    const post = Int32Array.from([1, 0, 0, 3, 2]);
    const w = Float64Array.from([0.5, 1, 2, 0.25, 4]);
    const v = Float64Array.from([0.1, 0.2, 0.4, 0.8]);
    const Igap_post = new Float64Array(4).fill(7);
    k.run({ arrays: { Igap_post, w, v_pre: v, v_post: v, _synaptic_pre: pre, _synaptic_post: post }, scalars: { N: 5 } });
    const expected = [0, 0, 0, 0];
    pre.forEach((i, s) => (expected[post[s]!]! += w[s]! * (v[i]! - v[post[s]!]!)));
    expectClose(Igap_post, expected, tol * 10, 0.1);
  });
});
