/**
 * StateMonitor: records variables of chosen elements over time, at the start of each step (as in
 * Brian, before thresholds and resets), optionally on its own clock. Elements are neurons of a group
 * or subgroup, or synapses of a Synapses object (Brian's `StateMonitor(S, 'w', record=...)`): the
 * source provides a {@link Recorder} (see recordable.ts).
 */
import { lookupUnit } from '@neurite/parser';
import { toSI, ValueError, type QuantityLike } from '../quantity.js';
import type { When } from '../schedule.js';
import type { Operation, RunContext, SimObject, StepContext } from '../sim-object.js';
import { SECOND } from '../units.js';
import { GrowableFloat64 } from './growable.js';
import { groupRecorder, isRecordable, type Monitorable, type Recordable } from './recordable.js';
import { copyName, type Batch } from '../batch/batch.js';
import { BatchRecorder } from '../batch/batch-recorder.js';

export type { Monitorable, Recordable, Recorder } from './recordable.js';

export interface StateMonitorOptions {
  /**
   * `true` for every element (every neuron, or every synapse existing when the monitor is
   * created), or the indices to record. Required, as in Brian.
   */
  readonly record: boolean | readonly number[];
  readonly dt?: QuantityLike;
  readonly when?: When;
  readonly order?: number;
  readonly name?: string;
}

/** What a StateMonitor can record from: a group (or subgroup), or any {@link Recordable} such as Synapses. */
export type StateMonitorSource = Monitorable | Recordable;

export class StateMonitor implements SimObject {
  readonly indices: Int32Array;
  private readonly times = new GrowableFloat64();
  private readonly recs: Map<string, GrowableFloat64>;
  /** The recordings in the order of `variableNames` (the values of `recs`). */
  private readonly recList: readonly GrowableFloat64[];
  private ops: Operation[] = [];
  /** Own recording period in seconds (undefined: every step). */
  readonly dt: number | undefined;

  constructor(
    readonly source: StateMonitorSource,
    readonly variableNames: readonly string[],
    readonly name: string,
    private readonly options: StateMonitorOptions,
    private readonly network: { periodOf(dt: number, what: string): number },
  ) {
    const rec = options.record;
    const idx = rec === true ? Array.from({ length: source.N }, (_, k) => k) : rec === false ? [] : [...rec];
    const what = isRecordable(source) ? 'synapse' : 'index';
    for (const i of idx) {
      if (!Number.isInteger(i) || i < 0 || i >= source.N) throw new ValueError(`StateMonitor '${name}': ${what} ${i} is out of range for '${source.name}' (0 to ${source.N - 1})`);
    }
    this.indices = Int32Array.from(idx);
    this.recs = new Map(variableNames.map((v) => [v, new GrowableFloat64(1024 * Math.max(1, idx.length))]));
    this.recList = variableNames.map((v) => this.recs.get(v)!);
    this.dt = options.dt === undefined ? undefined : toSI(options.dt, SECOND, `StateMonitor '${name}' dt`);
  }

  /**
   * Adds one monitor per copy to a batch (see `Network.runBatch`): on its copy's slice of a group,
   * or on its copy's synapses of a Synapses object, recording the same elements. One operation
   * records for all copies (BatchStateRecorder).
   */
  replicate(batch: Batch): void {
    const who = `StateMonitor '${this.name}'`;
    const src = this.source;
    const n = this.indices.length;
    const union = new Int32Array(n * batch.copies);
    let replica: StateMonitorSource;
    let copies: StateMonitor[];
    if (isRecordable(src)) {
      const r = batch.replicaOf(src);
      if (r === undefined || !isRecordable(r)) throw batch.unsupported(who, `records '${src.name}', which is not part of the batch`);
      replica = r;
      // Copy c's synapses are c*N .. (c+1)*N of the replica.
      copies = Array.from({ length: batch.copies }, (_, c) => {
        for (let k = 0; k < n; k++) union[c * n + k] = this.indices[k]! + c * src.N;
        return new StateMonitor(r, this.variableNames, copyName(this.name, c), { ...this.options, record: Array.from(union.subarray(c * n, (c + 1) * n)) }, batch.network);
      });
    } else {
      const place = batch.place(src, who);
      replica = place.replica as Monitorable;
      copies = Array.from({ length: batch.copies }, (_, c) => {
        for (let k = 0; k < n; k++) union[c * n + k] = place.start + c * place.stride + this.indices[k]!;
        return new StateMonitor(batch.slice(src, c, who) as Monitorable, this.variableNames, copyName(this.name, c), this.options, batch.network);
      });
    }
    batch.network.add(new BatchStateRecorder(this, replica, union, copies, batch.network));
    batch.placeCopies(this, copies);
  }

  /**
   * Appends one recording: time `t`, and for each variable the values of the recorded elements,
   * `rows[v][offset .. offset + indices.length]` (a batch's rows hold every copy). No allocation.
   */
  appendRecording(t: number, rows: readonly Float64Array[], offset: number): void {
    const n = this.indices.length;
    this.times.push(t);
    for (let v = 0; v < rows.length; v++) {
      const rec = this.recList[v]!;
      const row = rows[v]!;
      const data = rec.reserve(n);
      const at = rec.length;
      if (offset === 0 && row.length === n) data.set(row, at);
      else for (let k = 0; k < n; k++) data[at + k] = row[offset + k]!;
      rec.length += n;
    }
  }

  prepare(_run: RunContext): void {
    this.ops = [this.recordingOp(this.source, this.indices, this.network, this)];
  }

  /**
   * The operation that records this monitor's variables at `indices` of `source` on its clock and
   * appends them to `into`: this monitor, or (in a batch) the recorder that hands every copy its part.
   */
  recordingOp(source: StateMonitorSource, indices: Int32Array, network: { periodOf(dt: number, what: string): number }, into: StateRecording['into']): Operation {
    const monitor = `StateMonitor '${this.name}'`;
    const record = isRecordable(source) ? source.recorder(this.variableNames, indices, monitor) : groupRecorder(source, this.variableNames, indices, monitor);
    // The recorder writes one row per variable; the rows are then appended to the recordings.
    const rows = this.variableNames.map(() => new Float64Array(indices.length));
    const period = this.dt === undefined ? 1 : network.periodOf(this.dt, monitor);
    return new RecordStateOp(this.name, this.options.when ?? 'start', this.options.order ?? 0, period, { record, rows, into });
  }

  operations(): readonly Operation[] {
    return this.ops;
  }

  /** Recording times in seconds. */
  get t(): Float64Array {
    return this.times.values();
  }

  /**
   * The recorded values of a variable: one Float64Array per recorded index, in SI units, or in
   * `unit` (e.g. `'mV'`) if given.
   */
  values(variable: string, unit?: string): Float64Array[] {
    const rec = this.recs.get(variable);
    if (!rec) throw new ValueError(`StateMonitor '${this.name}' does not record '${variable}'; it records ${this.variableNames.join(', ')}`);
    const scale = unit === undefined ? 1 : lookupUnit(unit)?.scale;
    if (scale === undefined) throw new ValueError(`StateMonitor '${this.name}': unknown unit '${unit}'`);
    const n = this.indices.length;
    const data = rec.view();
    const samples = n === 0 ? 0 : data.length / n;
    return Array.from({ length: n }, (_, k) => {
      const out = new Float64Array(samples);
      for (let s = 0; s < samples; s++) out[s] = data[s * n + k]! / scale;
      return out;
    });
  }

  snapshot(): unknown {
    return { t: this.times.values(), recs: new Map([...this.recs].map(([k, r]) => [k, r.values()])) };
  }

  restore(snapshot: unknown): void {
    const s = snapshot as { t: Float64Array; recs: Map<string, Float64Array> };
    this.times.restore(s.t);
    for (const [k, v] of s.recs) this.recs.get(k)?.restore(v);
  }
}

/**
 * Records the elements of all copies of a batch with one recorder over their union (copy c's
 * elements are `union[c*n .. (c+1)*n]` of the replica), then hands each copy its part.
 */
class BatchStateRecorder extends BatchRecorder<StateMonitor> {
  constructor(
    /** The monitor whose copies these are (its variables, clock and schedule). */
    private readonly original: StateMonitor,
    private readonly replica: StateMonitorSource,
    private readonly union: Int32Array,
    copies: readonly StateMonitor[],
    private readonly network: { periodOf(dt: number, what: string): number },
  ) {
    super(original.name, copies);
  }

  prepare(_run: RunContext): void {
    this.ops = [this.original.recordingOp(this.replica, this.union, this.network, this)];
  }

  /** Appends row block c (copy c's elements) to copy c's monitor. */
  appendRecording(t: number, rows: readonly Float64Array[]): void {
    const copies = this.copies;
    const n = this.union.length / copies.length;
    for (let c = 0; c < copies.length; c++) copies[c]!.appendRecording(t, rows, c * n);
  }
}

/** What a state recording step does: fill `rows` from the source, then append them to `into`. */
interface StateRecording {
  readonly record: (t: number, rows: Float64Array[]) => void;
  readonly rows: Float64Array[];
  readonly into: { appendRecording(t: number, rows: readonly Float64Array[], offset: number): void };
}

/** A state monitor's operation (a class, like every scheduled operation: see operations/kernel-ops.ts). */
class RecordStateOp implements Operation {
  constructor(
    readonly name: string,
    readonly when: When,
    readonly order: number,
    readonly period: number,
    private readonly recording: StateRecording,
  ) {}

  run(ctx: StepContext): void {
    const { record, rows, into } = this.recording;
    record(ctx.t, rows);
    into.appendRecording(ctx.t, rows, 0);
  }
}
