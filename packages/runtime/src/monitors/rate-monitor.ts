/**
 * PopulationRateMonitor: the population rate of a spike source at every step — the number of its
 * elements that spiked divided by N·dt (Hz) — recorded in the `end` slot, as Brian's
 * (brian2/monitors/ratemonitor.py, 2.10). `smoothRate` and `binnedRate` follow Brian 2.10's
 * `smooth_rate` and `binned_rate`.
 */
import { toSI, ValueError, type QuantityLike } from '../quantity.js';
import { slotRank, type When } from '../schedule.js';
import type { Operation, RunContext, SimObject, SpikeSource, StepContext } from '../sim-object.js';
import { SECOND } from '../units.js';
import { GrowableFloat64 } from './growable.js';
import { copyName, type Batch, type Placement } from '../batch/batch.js';
import { BatchRecorder, copyOf } from '../batch/batch-recorder.js';

export interface PopulationRateMonitorOptions {
  readonly name?: string;
  /** Schedule slot, default `'end'`. */
  readonly when?: When;
  readonly order?: number;
}

export class PopulationRateMonitor implements SimObject {
  private readonly times = new GrowableFloat64();
  private readonly rates = new GrowableFloat64();
  private ops: Operation[] = [];
  private dt: number;
  /** Hz per spike in a step, 1/(N·dt), set by `prepare`. */
  private scale = 0;

  constructor(
    readonly source: SpikeSource,
    readonly name: string,
    private readonly options: PopulationRateMonitorOptions,
    network: { readonly dt: number },
  ) {
    if (source.N < 1) throw new ValueError(`PopulationRateMonitor '${name}': '${source.name}' has no elements to take a rate of`);
    if (options.when !== undefined) slotRank(options.when);
    this.dt = network.dt;
  }

  /**
   * Adds one monitor per copy to a batch (see `Network.runBatch`), each for its copy's slice of the
   * group; one operation counts the spikes of all copies (BatchRateRecorder).
   */
  replicate(batch: Batch): void {
    const who = `PopulationRateMonitor '${this.name}'`;
    const copies = Array.from({ length: batch.copies }, (_, c) => new PopulationRateMonitor(batch.slice(this.source, c, who), copyName(this.name, c), this.options, batch.network));
    batch.network.add(new BatchRateRecorder(this.name, batch.place(this.source, who), this.source.N, copies, this.options));
    batch.placeCopies(this, copies);
  }

  /** Appends one step's rate, from the number of the source's spikes in it. Valid after `prepare`. */
  recordCount(t: number, spikes: number): void {
    this.times.push(t);
    this.rates.push(spikes * this.scale);
  }

  prepare(run: RunContext): void {
    this.dt = run.dt;
    this.scale = 1 / (this.source.N * run.dt);
    this.ops = [new RecordRateOp(this.name, this.options.when ?? 'end', this.options.order ?? 0, this)];
  }

  /** Records the population rate of the step at `tick`. */
  recordStep(t: number, tick: number): void {
    this.recordCount(t, this.source.spikesAt(tick));
  }

  operations(): readonly Operation[] {
    return this.ops;
  }

  /** Recording times in seconds (the start of each step). */
  get t(): Float64Array {
    return this.times.values();
  }

  /** The population rate in Hz at each recorded step. */
  get rate(): Float64Array {
    return this.rates.values();
  }

  /**
   * The rate smoothed with a window (Brian's `smooth_rate`), at the recorded steps:
   * - `'gaussian'`: `width` is the standard deviation; the window spans ±round(2·width/dt) steps;
   *   (rounding as numpy's: halves to even)
   * - `'flat'`: a rectangle of round(width/(2·dt))·2 + 1 steps (an odd number, so nothing shifts);
   * - or a window of an odd number of weights (and no width).
   * The window is normalised to sum 1 and applied like numpy's `convolve(rate, window, 'same')`.
   */
  smoothRate(window: 'gaussian' | 'flat' | ArrayLike<number> = 'gaussian', width?: QuantityLike): Float64Array {
    const what = `PopulationRateMonitor '${this.name}': smoothRate`;
    const dt = this.dt;
    let w: Float64Array;
    if (typeof window === 'string') {
      if (width === undefined) throw new ValueError(`${what}: the '${window}' window needs a width, e.g. smoothRate('${window}', '5 ms')`);
      const wd = toSI(width, SECOND, `${what} width`);
      if (!(wd > 0)) throw new ValueError(`${what}: the width must be positive, not ${wd} s`);
      if (window === 'gaussian') {
        const half = roundHalfEven((2 * wd) / dt);
        const sd = wd / dt;
        w = Float64Array.from({ length: 2 * half + 1 }, (_, k) => Math.exp((-((k - half) ** 2) * 1.0) / (2 * sd ** 2)));
      } else if (window === 'flat') {
        const n = roundHalfEven(wd / (2 * dt)) * 2 + 1;
        w = new Float64Array(n).fill(1);
      } else {
        throw new ValueError(`${what}: unknown window '${String(window)}'; use 'gaussian', 'flat' or an array of weights`);
      }
    } else {
      if (width !== undefined) throw new ValueError(`${what}: a width can only be given for the 'gaussian' or 'flat' window, not for an array of weights`);
      if (window.length % 2 !== 1) throw new ValueError(`${what}: a window needs an odd number of weights (so that it is centred), got ${window.length}`);
      w = Float64Array.from(window);
    }
    let sum = 0;
    for (let k = 0; k < w.length; k++) sum += w[k]!;
    if (!(sum !== 0 && Number.isFinite(sum))) throw new ValueError(`${what}: the window's weights must have a finite, non-zero sum`);
    for (let k = 0; k < w.length; k++) w[k]! /= sum;
    return convolveSame(this.rates.view(), w);
  }

  /**
   * The rate averaged in bins of `binSize` (a whole number of steps), as Brian's `binned_rate`:
   * only complete bins; `t` holds the start of each bin (from the first recorded time).
   */
  binnedRate(binSize: QuantityLike): { readonly t: Float64Array; readonly rate: Float64Array } {
    const what = `PopulationRateMonitor '${this.name}': binnedRate`;
    const dt = this.dt;
    const size = toSI(binSize, SECOND, `${what} bin size`);
    const ratio = size / dt;
    if (!(size > 0) || Math.abs(ratio - Math.round(ratio)) > 1e-6 || Math.round(ratio) < 1) {
      throw new ValueError(`${what}: the bin size (${size} s) must be a whole multiple of dt = ${dt} s, e.g. ${Math.max(1, Math.round(ratio)) * dt} s`);
    }
    const steps = Math.floor((size + 1e-3 * dt) / dt);
    const rate = this.rates.view();
    if (steps === 1) return { t: this.t, rate: this.rate };
    const bins = Math.floor(rate.length / steps);
    const out = new Float64Array(bins);
    const t = new Float64Array(bins);
    const t0 = this.times.length > 0 ? this.times.view()[0]! : 0;
    for (let b = 0; b < bins; b++) {
      let s = 0;
      for (let k = b * steps; k < (b + 1) * steps; k++) s += rate[k]!;
      out[b] = s / steps;
      t[b] = t0 + b * steps * dt;
    }
    return { t, rate: out };
  }

  snapshot(): unknown {
    return { t: this.times.values(), rate: this.rates.values() };
  }

  restore(snapshot: unknown): void {
    const s = snapshot as { t: Float64Array; rate: Float64Array };
    this.times.restore(s.t);
    this.rates.restore(s.rate);
  }
}

/** numpy's `convolve(a, v, mode='same')`: length max(len a, len v), centred on the full convolution. */
export function convolveSame(a: ArrayLike<number>, v: ArrayLike<number>): Float64Array {
  const n = a.length;
  const m = v.length;
  if (n === 0 || m === 0) return new Float64Array(0);
  const len = Math.max(n, m);
  const start = Math.floor((Math.min(n, m) - 1) / 2);
  const out = new Float64Array(len);
  for (let j = 0; j < len; j++) {
    const c = j + start; // index into the full convolution (length n + m - 1)
    let s = 0;
    const kLo = Math.max(0, c - m + 1);
    const kHi = Math.min(n - 1, c);
    for (let k = kLo; k <= kHi; k++) s += a[k]! * v[c - k]!;
    out[j] = s;
  }
  return out;
}

/** numpy's `round`: to the nearest integer, halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Counts the spikes of all copies of a batch in one pass per step and gives each copy's monitor its count. */
class BatchRateRecorder extends BatchRecorder<PopulationRateMonitor> {
  /** Spikes of this step per copy. */
  private counts = new Int32Array(0);

  constructor(
    name: string,
    private readonly place: Placement,
    /** Elements of the monitored source in one copy. */
    private readonly n: number,
    copies: readonly PopulationRateMonitor[],
    private readonly options: PopulationRateMonitorOptions,
  ) {
    super(name, copies);
  }

  prepare(run: RunContext): void {
    for (const m of this.copies) m.prepare(run);
    this.counts = new Int32Array(this.copies.length);
    this.ops = [new RecordRateOp(this.name, this.options.when ?? 'end', this.options.order ?? 0, this)];
  }

  /** Counts the step's spikes per copy and records each copy's rate. */
  recordStep(t: number, tick: number): void {
    const { replica: src, stride, start } = this.place;
    const { n, copies, counts } = this;
    counts.fill(0);
    const total = src.spikesAt(tick);
    const spikes = src.spikes;
    for (let k = 0; k < total; k++) {
      const c = copyOf(spikes[k]!, start, stride, n);
      if (c >= 0) counts[c]!++;
    }
    for (let c = 0; c < copies.length; c++) copies[c]!.recordCount(t, counts[c]!);
  }
}

/** A rate monitor's operation (a class, like every scheduled operation: see operations/kernel-ops.ts). */
class RecordRateOp implements Operation {
  readonly period = 1;

  constructor(
    readonly name: string,
    readonly when: When,
    readonly order: number,
    private readonly monitor: { recordStep(t: number, tick: number): void },
  ) {}

  run(ctx: StepContext): void {
    this.monitor.recordStep(ctx.t, ctx.tick);
  }
}
