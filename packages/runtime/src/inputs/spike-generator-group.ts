/**
 * SpikeGeneratorGroup: plays back given spikes (element indices and times), optionally repeating
 * them every `period`. Semantics of Brian (brian2/input/spikegeneratorgroup.py and its
 * `spikegenerator` templates):
 *
 * - a spike at time `t` is emitted in step `int((t + 1e-3·dt)/dt)` — the step whose interval
 *   `[k·dt, (k+1)·dt)` holds it, with a small shift so that exact multiples of dt never fall into
 *   the step before;
 * - spikes are sorted by time, then index; two spikes of one element in one step are an error;
 * - with a period P (a whole number of steps, larger than the last spike's step), step k plays
 *   the spikes of step `k mod P`;
 * - spikes set before the current time are skipped when a run starts (Brian warns);
 * - `setSpikes` replaces the spikes between runs; store/restore brings back the spikes as well.
 *
 * One deliberate difference: Brian detects a repeated element within one step only when the two
 * spikes are adjacent after sorting; here every repetition is found.
 */
import { checkModel, parseEquations, type CheckedModel, type GroupVariables, type Quantity } from '@neurite/parser';
import type { Batch } from '../batch/batch.js';
import { Subgroup } from '../groups/subgroup.js';
import { toSI, ValueError, type QuantityLike } from '../quantity.js';
import { slotRank, type When } from '../schedule.js';
import type { Operation, RunContext, SimObject, SpikeSource, StepContext } from '../sim-object.js';
import { SECOND } from '../units.js';
import type { Storage } from '../variables.js';

export interface SpikeGeneratorGroupOptions {
  /** Repeat the spikes with this period (`'50 ms'` or seconds); 0 (default) plays them once. */
  readonly period?: QuantityLike;
  readonly name?: string;
  /** Schedule slot, default `'thresholds'`. */
  readonly when?: When;
  readonly order?: number;
}

/** Spike times: numbers in seconds, or strings with units (`'5 ms'`). */
export type SpikeTimes = ArrayLike<number> | readonly (number | string | Quantity)[];

interface State {
  /** Element of each spike, sorted by time then index. */
  indices: Int32Array;
  /** Time of each spike in seconds, sorted. */
  times: Float64Array;
  period: number;
  /** Step of each spike (for the dt they were computed for), Brian's `_timebins`. */
  bins: Int32Array;
  periodBins: number;
  /** The next spike to consider, Brian's `_lastindex`. */
  lastIndex: number;
  /** dt the bins were computed for; NaN if never. */
  binsDt: number;
  /** Spikes were set since the last run started (Brian's `_spikes_changed`). */
  changed: boolean;
}

let emptyModel: CheckedModel | undefined;

/**
 * The model of every spike generator (no equations), one object for all: Synapses plans are kept
 * per pair of group models (synapses/synapse-plans.ts), so generators must not each bring their own.
 */
function generatorModel(): CheckedModel {
  emptyModel ??= checkModel(parseEquations(''), { kind: 'neurons', namespace: {} }).model!;
  return emptyModel;
}

export class SpikeGeneratorGroup implements SimObject, SpikeSource {
  readonly offset = 0;
  readonly spikes: Int32Array;
  spikeCount = 0;
  private state: State;
  /**
   * Copies in a batch (1 outside batches): each listed spike of element i is played as elements
   * i + c*N/copies for every copy c, in that order — so each copy sees the original's order.
   */
  private copies = 1;
  private ops: Operation[] = [];

  constructor(
    readonly N: number,
    indices: ArrayLike<number>,
    times: SpikeTimes,
    readonly name: string,
    private readonly options: SpikeGeneratorGroupOptions,
    private readonly network: { readonly dt: number; readonly t: number },
  ) {
    if (!Number.isInteger(N) || N < 1) throw new ValueError(`SpikeGeneratorGroup '${name}': N must be a positive integer, not ${N}`);
    if (options.when !== undefined) slotRank(options.when);
    this.spikes = new Int32Array(N);
    this.state = this.checkSpikes(indices, times, options.period ?? 0);
  }

  /** Brian's variables of a spike generator: `i`, `N`, `t`, `dt` (and no stored state). */
  get variables(): GroupVariables {
    return generatorModel();
  }

  array(name: string): Storage {
    throw new ValueError(`SpikeGeneratorGroup '${this.name}' has no stored variable '${name}'; it only has the indices 'i' of its elements`);
  }

  spikesAt(_tick: number): number {
    return this.spikeCount;
  }

  /** The spikes' element indices, sorted by time, then index. */
  get indices(): Int32Array {
    return this.state.indices.slice();
  }

  /** The spike times in seconds, sorted. */
  get times(): Float64Array {
    return this.state.times.slice();
  }

  /** The period in seconds (0: no repetition). */
  get period(): number {
    return this.state.period;
  }

  /**
   * Replaces the spikes (between runs), as Brian's `set_spikes`. Times are seconds or strings with
   * units; `period` defaults to 0 (no repetition), as in Brian.
   */
  setSpikes(indices: ArrayLike<number>, times: SpikeTimes, period: QuantityLike = 0): void {
    this.state = this.checkSpikes(indices, times, period);
  }

  /** Elements `start <= i < stop` as a spike source of their own. */
  slice(start: number, stop: number): Subgroup {
    return new Subgroup(this, start, stop);
  }

  /**
   * Adds this group's copies to a batch (see `Network.runBatch`): `copies × N` elements, copy c's
   * element k playing the spikes of element k. Spikes already played stay played (the replica
   * starts at the network's current time).
   */
  replicate(batch: Batch): void {
    // Checked and binned once, here; the replica plays the same list, each spike for every copy.
    this.refresh(batch.network.dt);
    const replica = batch.network.spikeGeneratorGroup(this.N * batch.copies, [], [], { ...this.options, name: this.name });
    replica.state = stateOf(this.state, this.state.indices, this.state.times, this.state.bins);
    replica.copies = batch.copies;
    batch.placeGroup(this, replica, this.N);
  }

  // --- network protocol -------------------------------------------------------------------------------

  /** Bins the spikes for `dt` (checking them) and skips those before the current time, if not done yet. */
  private refresh(dt: number): void {
    const s = this.state;
    const what = `SpikeGeneratorGroup '${this.name}'`;
    if (s.period !== 0 && s.period < dt) throw new ValueError(`${what}: the period ${s.period} s is smaller than dt = ${dt} s; use a period of at least one step`);
    if (s.changed || s.binsDt !== dt) {
      const bins = new Int32Array(s.times.length);
      for (let k = 0; k < bins.length; k++) bins[k] = timestep(s.times[k]!, dt);
      checkDuplicates(bins, s.indices, s.times, dt, what);
      let periodBins = 0;
      if (s.period !== 0) {
        periodBins = Math.round(s.period / dt);
        if (Math.abs(periodBins * dt - s.period) > 1e-9 * s.period) {
          throw new ValueError(`${what}: the period ${s.period} s is not a whole number of steps of dt = ${dt} s; use a multiple such as ${Math.max(1, periodBins) * dt} s`);
        }
        const last = bins.length ? bins[bins.length - 1]! : -1;
        if (last >= periodBins) throw new ValueError(`${what}: the period (${s.period} s) must be longer than the last spike time (${s.times[s.times.length - 1]} s, step ${last})`);
      }
      // Validation done: commit.
      s.bins = bins;
      s.periodBins = periodBins;
      s.binsDt = dt;
    }
    if (s.changed) {
      // Spikes before the current step are skipped (Brian warns and skips them too). With a
      // period, "before" is within the current period (Brian compares absolute steps, which
      // would replay a whole period at once).
      const now = Math.round(this.network.t / dt);
      const current = s.periodBins > 0 ? now % s.periodBins : now;
      let past = 0;
      while (past < s.bins.length && s.bins[past]! < current) past++;
      s.lastIndex = past;
      s.changed = false;
    }
  }

  prepare(run: RunContext): void {
    this.refresh(run.dt);
    this.ops = [new SpikeGeneratorOp(this.name, this.options.when ?? 'thresholds', this.options.order ?? 0, this)];
  }

  /** Emits the spikes of step `tick` (the group's operation; see {@link SpikeGeneratorOp}). */
  step(tick: number): void {
    const s = this.state;
    const bins = s.bins;
    let bin = tick;
    if (s.periodBins > 0) {
      bin %= s.periodBins;
      // A new period started: play the spikes from the beginning.
      if (s.lastIndex > 0 && bins[s.lastIndex - 1]! >= bin) s.lastIndex = 0;
    }
    const spikes = this.spikes;
    const idx = s.indices;
    const max = spikes.length;
    let n = 0;
    let k = s.lastIndex;
    const copies = this.copies;
    if (copies === 1) {
      while (k < bins.length && bins[k]! <= bin && n < max) spikes[n++] = idx[k++]!;
    } else {
      const stride = max / copies;
      while (k < bins.length && bins[k]! <= bin && n < max) {
        const i = idx[k++]!;
        for (let c = 0; c < copies; c++) spikes[n++] = i + c * stride;
      }
    }
    s.lastIndex = k;
    this.spikeCount = n;
  }

  operations(): readonly Operation[] {
    return this.ops;
  }

  snapshot(): unknown {
    const s = this.state;
    return { ...s, indices: s.indices.slice(), times: s.times.slice(), bins: s.bins.slice(), spikes: this.spikes.slice(), spikeCount: this.spikeCount };
  }

  restore(snapshot: unknown): void {
    const s = snapshot as State & { spikes: Int32Array; spikeCount: number };
    this.state = stateOf(s, s.indices.slice(), s.times.slice(), s.bins.slice());
    this.spikes.set(s.spikes);
    this.spikeCount = s.spikeCount;
  }

  // --- helpers --------------------------------------------------------------------------------------

  /** Brian's `_check_args`: lengths, signs, index range, period; sorts by time, then index. */
  private checkSpikes(indices: ArrayLike<number>, times: SpikeTimes, period: QuantityLike): State {
    const what = `SpikeGeneratorGroup '${this.name}'`;
    if (indices.length !== times.length) throw new ValueError(`${what}: indices and times must have the same length, but got ${indices.length} indices and ${times.length} times`);
    const p = toSI(period, SECOND, `${what}: period`);
    if (p < 0) throw new ValueError(`${what}: the period cannot be negative (got ${p} s); use 0 for no repetition`);
    const n = indices.length;
    const t = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const x = times[k]!;
      t[k] = typeof x === 'number' ? x : toSI(x, SECOND, `${what}: spike time ${k}`);
      if (!Number.isFinite(t[k]!)) throw new ValueError(`${what}: spike time ${k} is ${t[k]}; times must be finite, in seconds or with a unit ('5 ms')`);
      if (t[k]! < 0) throw new ValueError(`${what}: spike times cannot be negative, but time ${k} is ${t[k]} s`);
    }
    const ix = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = indices[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= this.N) {
        throw new ValueError(`${what}: index ${i} (spike ${k}) is not an element of the group; indices must be integers in [0, ${this.N})`);
      }
      ix[k] = i;
    }
    const dt = this.network.dt;
    if (n > 0 && p !== 0) {
      let maxT = 0;
      for (let k = 0; k < n; k++) maxT = Math.max(maxT, t[k]!);
      if (timestep(maxT, dt) >= Math.round(p / dt)) throw new ValueError(`${what}: the period (${p} s) must be longer than the last spike time (${maxT} s)`);
    }
    // Recorded spikes (a SpikeMonitor's i and t) usually come sorted already: skip the O(n log n) sort.
    let sorted = true;
    for (let k = 1; k < n && sorted; k++) sorted = t[k - 1]! < t[k]! || (t[k - 1] === t[k] && ix[k - 1]! < ix[k]!);
    const order = sorted ? undefined : Array.from({ length: n }, (_, k) => k).sort((a, b) => t[a]! - t[b]! || ix[a]! - ix[b]!);
    const fresh = { period: p, periodBins: 0, lastIndex: 0, binsDt: Number.NaN, changed: true };
    return stateOf(fresh, order ? Int32Array.from(order, (k) => ix[k]!) : ix, order ? Float64Array.from(order, (k) => t[k]!) : t, new Int32Array(0));
  }
}

/**
 * A State with the scalars of `s` and the given arrays. Every State is made here, by one object
 * literal, so that all of them share one hidden class: the step loop's optimised code reads the
 * state of whichever group (or batch replica) it runs, and a State of another shape — a spread
 * copy `{ ...s }` has one — makes V8 deoptimise it in the middle of a run.
 */
function stateOf(s: Omit<State, 'indices' | 'times' | 'bins'>, indices: Int32Array, times: Float64Array, bins: Int32Array): State {
  return { indices, times, period: s.period, bins, periodBins: s.periodBins, lastIndex: s.lastIndex, binsDt: s.binsDt, changed: s.changed };
}

/** Brian's `timestep(t, dt)`: the step holding time t, shifted by 1e-3·dt against rounding. */
function timestep(t: number, dt: number): number {
  return Math.floor((t + 1e-3 * dt) / dt);
}

/** Two spikes of one element in one step are an error (Brian's check, made exhaustive). */
function checkDuplicates(bins: Int32Array, indices: Int32Array, times: Float64Array, dt: number, what: string): void {
  let start = 0;
  const seen = new Map<number, number>();
  while (start < bins.length) {
    let end = start;
    seen.clear();
    while (end < bins.length && bins[end] === bins[start]) {
      const i = indices[end]!;
      const prev = seen.get(i);
      if (prev !== undefined) {
        throw new ValueError(
          `${what}: element ${i} spikes more than once in one time step (at ${times[prev]} s and ${times[end]} s, both in step ${bins[start]} of dt = ${dt} s); remove one of the spikes or use a smaller dt`,
        );
      }
      seen.set(i, end);
      end++;
    }
    start = end;
  }
}

/** The group's operation: a class, so that its optimised `run` serves every run and network (see operations/kernel-ops.ts). */
class SpikeGeneratorOp implements Operation {
  readonly period = 1;

  constructor(
    readonly name: string,
    readonly when: When,
    readonly order: number,
    private readonly group: SpikeGeneratorGroup,
  ) {}

  run(ctx: StepContext): void {
    this.group.step(ctx.tick);
  }
}
