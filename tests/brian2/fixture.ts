/**
 * Shared helpers of the Brian2 reference tests: loading a fixture of tests/fixtures/brian2/, turning
 * its SI values back into a Neurite namespace, and comparing traces and spike trains the way the
 * fixtures' README asks:
 *
 * - a trace sample passes when `|neurite - brian| <= 1e-9 * max(|brian|, max over the trace of |brian|)`
 *   (the second term keeps traces that cross 0 — Igap, m, Apost — meaningful);
 * - monitor time vectors agree to 1e-12 s, sample by sample;
 * - spike trains are compared exactly as `(t_step, i)` lists, ordered by index within a step, together
 *   with Brian's exact spike-time floats and the per-neuron counts.
 *
 * Every comparison returns the worst deviation found, so each test can print how close we are.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { lookupUnit, type Namespace, type NamespaceValue } from '@neurite/parser';

const HERE = new URL('../fixtures/brian2/', import.meta.url);

/** The tolerance of every trace comparison (relative to the trace's scale). */
export const TRACE_TOL = 1e-9;
/** The tolerance of monitor time vectors, in seconds. */
export const TIME_TOL = 1e-12;

/** A quantity as the fixtures write it: Brian's `str()`, the SI value and the SI unit's name. */
export interface FixtureQuantity {
  readonly str: string;
  readonly si: number;
  readonly unit: string;
}

export interface FixtureValues {
  readonly unit: string;
  readonly values: readonly (number | boolean)[];
}

export interface FixtureStateMonitor {
  readonly source: string;
  readonly variables: readonly string[];
  readonly record: readonly number[];
  readonly dt: number;
  readonly n_samples: number;
  readonly t: readonly number[];
  readonly t_step: readonly number[];
  readonly traces: Readonly<Record<string, Readonly<Record<string, readonly (number | boolean)[]>>>>;
}

export interface FixtureSpikeMonitor {
  readonly source: string;
  readonly N: number;
  readonly num_spikes: number;
  readonly i: readonly number[];
  readonly t: readonly number[];
  readonly t_step: readonly number[];
  readonly count: readonly number[];
  readonly variables?: Readonly<Record<string, FixtureValues>>;
}

export interface FixtureNeuronGroup {
  readonly N: number;
  readonly model: string;
  readonly threshold: string | null;
  readonly reset: string | null;
  readonly refractory: FixtureQuantity | { readonly str: string; readonly kind: 'condition' } | null;
  readonly method: string;
  readonly initial_state: Readonly<Record<string, FixtureValues>>;
}

export interface FixtureSynapses {
  readonly source: string;
  readonly target: string;
  readonly model: string;
  readonly on_pre: string | null;
  readonly on_post: string | null;
  readonly N: number;
  readonly i: readonly number[];
  readonly j: readonly number[];
  readonly initial_state: Readonly<Record<string, FixtureValues>>;
  readonly pathways: Readonly<
    Record<string, { readonly delay: { readonly kind: 'homogeneous'; readonly si: number } | { readonly kind: 'per-synapse'; readonly si: readonly number[]; readonly steps: readonly number[] } }>
  >;
}

export interface Fixture {
  readonly fixture: string;
  readonly dt: FixtureQuantity;
  readonly duration: FixtureQuantity;
  readonly n_steps: number;
  readonly namespace: Readonly<Record<string, FixtureQuantity>>;
  readonly spike_generators?: Readonly<Record<string, { readonly N: number; readonly indices: readonly number[]; readonly times: readonly number[]; readonly emitted_step: readonly number[] }>>;
  readonly timed_arrays?: Readonly<Record<string, { readonly values: readonly number[]; readonly unit: string; readonly dt: FixtureQuantity }>>;
  readonly neuron_groups: Readonly<Record<string, FixtureNeuronGroup>>;
  readonly synapses: Readonly<Record<string, FixtureSynapses>>;
  readonly state_monitors: Readonly<Record<string, FixtureStateMonitor>>;
  readonly spike_monitors: Readonly<Record<string, FixtureSpikeMonitor>>;
  readonly final_state: Readonly<Record<string, Readonly<Record<string, FixtureValues>>>>;
}

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`${name}.json`, HERE), 'utf8')) as Fixture;
}

export function loadJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`${name}.json`, HERE), 'utf8')) as T;
}

/**
 * One fixture quantity as a namespace value: a plain number when dimensionless (Brian's floats), a
 * quantity object `{ value, dim }` otherwise — the SI value exactly as Brian had it, no re-parsing.
 */
export function quantity(q: FixtureQuantity): NamespaceValue {
  if (q.unit === '1') return q.si;
  const u = lookupUnit(q.unit);
  if (!u || u.scale !== 1) throw new Error(`test setup: '${q.unit}' is not an SI unit name the parser knows`);
  return { value: q.si, dim: u.dim };
}

/** The fixture's namespace (every entry, in SI), for `run(..., { namespace })` or a group's own namespace. */
export function namespaceOf(f: Fixture): Namespace {
  return Object.fromEntries(Object.entries(f.namespace).map(([k, q]) => [k, quantity(q)]));
}

/** Initial values as numbers (booleans as 0/1), for `set(variable, array)`. */
export function numbers(v: FixtureValues): number[] {
  return v.values.map((x) => (typeof x === 'boolean' ? (x ? 1 : 0) : x));
}

/** The worst deviation of a set of traces, and where it is. */
export interface Deviation {
  /** `max |a - b| / max(|b|, max|trace|)` over every sample of every trace (0 where both are 0). */
  readonly worst: number;
  /** The same in absolute terms (SI units). */
  readonly worstAbs: number;
  readonly where: string;
}

const NONE: Deviation = { worst: 0, worstAbs: 0, where: '-' };

export function worse(a: Deviation, b: Deviation): Deviation {
  return b.worst > a.worst ? b : a;
}

/**
 * Compares `ours[k]` with Brian's trace of recorded index `record[k]`, sample by sample, and asserts
 * the README's criterion. Boolean traces (`not_refractory`) must agree exactly.
 */
export function compareTraces(label: string, variable: string, ours: readonly ArrayLike<number>[], brian: Readonly<Record<string, readonly (number | boolean)[]>>, record: readonly number[]): Deviation {
  expect(ours.length, `${label}.${variable}: number of recorded indices`).toBe(record.length);
  let dev = NONE;
  record.forEach((index, k) => {
    const ref = brian[String(index)]!;
    const got = ours[k]!;
    expect(got.length, `${label}.${variable}[${index}]: number of samples`).toBe(ref.length);
    if (typeof ref[0] === 'boolean') {
      const mismatch = ref.findIndex((b, s) => (b ? 1 : 0) !== got[s]);
      expect(mismatch, `${label}.${variable}[${index}]: first sample where the boolean differs`).toBe(-1);
      return;
    }
    const r = ref as readonly number[];
    let scale = 0;
    for (const x of r) scale = Math.max(scale, Math.abs(x));
    let firstBad = -1;
    for (let s = 0; s < r.length; s++) {
      const b = r[s]!;
      const a = got[s]!;
      const abs = Math.abs(a - b);
      const denom = Math.max(Math.abs(b), scale);
      const rel = denom === 0 ? (abs === 0 ? 0 : Infinity) : abs / denom;
      if (!(rel <= TRACE_TOL) && firstBad < 0) firstBad = s;
      if (rel > dev.worst || Number.isNaN(rel)) dev = { worst: Number.isNaN(rel) ? Infinity : rel, worstAbs: abs, where: `${label}.${variable}[${index}] sample ${s}` };
    }
    if (firstBad >= 0) {
      const s = firstBad;
      expect.fail(`${label}.${variable}[${index}]: first deviation beyond ${TRACE_TOL} at sample ${s}: neurite ${got[s]}, brian ${r[s]} (scale ${scale})`);
    }
  });
  return dev;
}

/** Asserts that a monitor's time vector is Brian's, sample by sample, to 1e-12 s; returns the worst difference. */
export function compareTimes(label: string, ours: ArrayLike<number>, brian: readonly number[]): number {
  expect(ours.length, `${label}: number of samples`).toBe(brian.length);
  let worst = 0;
  for (let s = 0; s < brian.length; s++) {
    const d = Math.abs(ours[s]! - brian[s]!);
    worst = Math.max(worst, d);
    if (!(d <= TIME_TOL)) expect.fail(`${label}: sample ${s} at t = ${ours[s]} s, Brian's at ${brian[s]} s`);
  }
  return worst;
}

/** A spike train as `(t_step, i, t)` triples, sorted by step, then index. */
function train(i: ArrayLike<number>, t: ArrayLike<number>, dt: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let k = 0; k < i.length; k++) out.push([Math.round(t[k]! / dt), i[k]!, t[k]!]);
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/**
 * Asserts that a spike monitor recorded exactly Brian's spikes: the same `(t_step, i)` list, the
 * same spike-time floats, the same counts. `values` are the variables recorded at spike time,
 * compared as traces (in spike order). Returns the worst deviation of those values.
 */
export function compareSpikes(
  label: string,
  ours: { readonly i: ArrayLike<number>; readonly t: ArrayLike<number>; readonly count: ArrayLike<number>; readonly numSpikes: number; values?(v: string): Float64Array },
  brian: FixtureSpikeMonitor,
  dt: number,
): Deviation {
  const mine = train(ours.i, ours.t, dt);
  const ref = train(brian.i, brian.t, dt);
  // Brian's t_step is the step the spike was reported in; our times must give the same steps.
  expect(ref.map((s) => s[0]), `${label}: fixture t vs t_step`).toEqual([...brian.t_step].sort((a, b) => a - b));
  expect(mine.map(([s, i]) => `${s}:${i}`), `${label}: spikes as step:index`).toEqual(ref.map(([s, i]) => `${s}:${i}`));
  expect(mine.map((s) => s[2]), `${label}: spike times (exact floats)`).toEqual(ref.map((s) => s[2]));
  expect(ours.numSpikes, `${label}: number of spikes`).toBe(brian.num_spikes);
  expect([...Array.from(ours.count)], `${label}: spike counts`).toEqual([...brian.count]);
  let dev = NONE;
  for (const [v, rec] of Object.entries(brian.variables ?? {})) {
    const got = ours.values!(v);
    // Spike-order values: sort both by (step, index) like the trains.
    const order = (i: ArrayLike<number>, t: ArrayLike<number>) =>
      Array.from({ length: i.length }, (_, k) => k).sort((a, b) => Math.round(t[a]! / dt) - Math.round(t[b]! / dt) || i[a]! - i[b]!);
    const a = order(ours.i, ours.t).map((k) => got[k]!);
    const b = order(brian.i, brian.t).map((k) => rec.values[k] as number);
    dev = worse(dev, compareTraces(`${label} at spikes`, v, [a], { '0': b }, [0]));
  }
  return dev;
}

/** Asserts final values (state after the last step) with the trace criterion (scale: the values' own max). */
export function compareFinal(label: string, variable: string, ours: ArrayLike<number>, brian: FixtureValues): Deviation {
  const ref = numbers(brian);
  const scale = Math.max(...ref.map(Math.abs));
  let dev = NONE;
  ref.forEach((b, k) => {
    const a = ours[k]!;
    const abs = Math.abs(a - b);
    const denom = Math.max(Math.abs(b), scale);
    const rel = denom === 0 ? (abs === 0 ? 0 : Infinity) : abs / denom;
    if (!(rel <= TRACE_TOL)) expect.fail(`${label}.${variable}[${k}] final: neurite ${a}, brian ${b}`);
    if (rel > dev.worst) dev = { worst: rel, worstAbs: abs, where: `${label}.${variable}[${k}] final` };
  });
  return dev;
}

/** One line for the test log: the model and how close Neurite came to Brian. */
export function report(model: string, dev: Deviation, extra = ''): void {
  console.log(`[brian2] ${model}: worst trace deviation ${dev.worst.toExponential(2)} (relative to trace scale; ${dev.worstAbs.toExponential(2)} absolute, at ${dev.where})${extra ? `; ${extra}` : ''}`);
}
