/**
 * EventMonitor (Brian's `EventMonitor`): records the index and time of every occurrence of one
 * event of a group — `'spike'` or a custom event (`events: { up: 'v > -55*mV' }`) — right after
 * the event is checked, in the same step; counts per element; and optionally the values of
 * variables at event time. {@link SpikeMonitor} is this monitor on `'spike'`.
 */
import type { RunContext, SimObject, SpikeSource, StepContext, Operation } from '../sim-object.js';
import { ValueError } from '../quantity.js';
import type { When } from '../schedule.js';
import { eventSourceOf } from '../groups/event-space.js';
import { GrowableFloat64, GrowableInt32 } from './growable.js';
import { linkedArray, linkedIndexArray } from '@neurite/codegen';
import { copyName, type Batch, type Placement } from '../batch/batch.js';
import { BatchRecorder, copyOf } from '../batch/batch-recorder.js';

export interface EventMonitorOptions {
  /** Variables to record at event time (e.g. `['v']`). */
  readonly variables?: readonly string[];
  /** `false`: keep counts only. */
  readonly record?: boolean;
  readonly name?: string;
}

export class EventMonitor implements SimObject {
  private readonly iRec = new GrowableInt32();
  private readonly tRec = new GrowableFloat64();
  private readonly varRec = new Map<string, GrowableFloat64>();
  private counts: Int32Array;
  private ops: Operation[] = [];
  /** The elements that had the event, step by step (the group itself for `'spike'`). */
  private readonly events: SpikeSource & { readonly order?: number };

  constructor(
    readonly source: SpikeSource & { readonly order?: number },
    /** The monitored event (`'spike'` for spikes). */
    readonly event: string,
    readonly name: string,
    protected readonly options: EventMonitorOptions = {},
    /** How error messages name this object (`'SpikeMonitor'` for the subclass). */
    private readonly kind = 'EventMonitor',
  ) {
    this.events = eventSourceOf(source, event, `${kind} '${name}'`);
    this.counts = new Int32Array(source.N);
    for (const v of options.variables ?? []) {
      if (v === 'i' || v === 't') continue; // recorded anyway (Brian allows naming them)
      this.varRec.set(v, new GrowableFloat64());
    }
  }

  /**
   * Adds one monitor per copy to a batch (see `Network.runBatch`), each for its copy's slice of
   * the group. One operation records for all copies (BatchEventRecorder): per step it costs a pass
   * over the batch's events, not one call per copy.
   */
  replicate(batch: Batch): void {
    const who = `${this.kind} '${this.name}'`;
    const copies = Array.from({ length: batch.copies }, (_, c) => this.copyFor(batch.slice(this.source, c, who), copyName(this.name, c)));
    batch.network.add(new BatchEventRecorder(this.name, batch.place(this.source, who), this.event, this.source.N, copies));
    batch.placeCopies(this, copies);
  }

  /** A monitor like this one (same class and options) on another source, for a batch's copies. */
  protected copyFor(source: SpikeSource, name: string): EventMonitor {
    return new EventMonitor(source, this.event, name, this.options, this.kind);
  }

  /** Prepared in `prepare`: what `recordEvent` writes. */
  private recordAll = true;
  private recorded: readonly { readonly rec: GrowableFloat64; readonly array: ArrayLike<number>; readonly via: ArrayLike<number> | undefined; readonly shared: boolean }[] = [];
  private recordOffset = 0;

  prepare(_run: RunContext): void {
    const src = this.events;
    this.recordAll = this.options.record !== false;
    this.recorded = [...this.varRec].map(([name, rec]) => {
      const info = src.variables.variables.get(name);
      if (!info) throw new ValueError(`${this.kind} '${this.name}': '${this.source.name}' has no variable '${name}'`);
      // A linked variable reads the source group's array through its index array.
      const linked = info.flags.includes('linked');
      return { rec, array: src.array(linked ? linkedArray(name) : name), via: linked ? src.array(linkedIndexArray(name)) : undefined, shared: info.shared };
    });
    this.recordOffset = src.offset;
    this.ops = [new RecordEventsOp(this.name, eventSlot(this.event), (src.order ?? 0) + 1, src, this)];
  }

  /** Records one event of element `i` (of the monitored source) at time `t`. Valid after `prepare`. */
  recordEvent(i: number, t: number): void {
    this.counts[i]!++;
    if (!this.recordAll) return;
    this.iRec.push(i);
    this.tRec.push(t);
    const offset = this.recordOffset;
    for (const v of this.recorded) v.rec.push(v.array[v.via ? v.via[i + offset]! : v.shared ? 0 : i + offset]!);
  }

  operations(): readonly Operation[] {
    return this.ops;
  }

  /** Indices of the elements that had the event, in order of events. */
  get i(): Int32Array {
    return this.iRec.values();
  }

  /** Event times in seconds. */
  get t(): Float64Array {
    return this.tRec.values();
  }

  /** Events per element. */
  get count(): Int32Array {
    return this.counts.slice();
  }

  /** Events recorded so far (counted even with `record: false`). */
  get numEvents(): number {
    return this.options.record === false ? this.counts.reduce((a, b) => a + b, 0) : this.iRec.length;
  }

  /** Values of a recorded variable at each event (SI units), aligned with `i` and `t`. */
  values(variable: string): Float64Array {
    const rec = this.varRec.get(variable);
    if (!rec) throw new ValueError(`${this.kind} '${this.name}' does not record '${variable}'; pass it in options.variables`);
    return rec.values();
  }

  /** Event times per element: `eventTrains()[i]` holds the times of element i, in order. */
  eventTrains(): Float64Array[] {
    const trains = Array.from(this.counts, (c) => new Float64Array(c));
    const fill = new Int32Array(this.counts.length);
    const i = this.iRec.values();
    const t = this.tRec.values();
    for (let k = 0; k < i.length; k++) trains[i[k]!]![fill[i[k]!]!++] = t[k]!;
    return trains;
  }

  snapshot(): unknown {
    return { i: this.iRec.values(), t: this.tRec.values(), counts: this.counts.slice(), vars: new Map([...this.varRec].map(([k, r]) => [k, r.values()])) };
  }

  restore(snapshot: unknown): void {
    const s = snapshot as { i: Int32Array; t: Float64Array; counts: Int32Array; vars: Map<string, Float64Array> };
    this.iRec.restore(s.i);
    this.tRec.restore(s.t);
    this.counts = s.counts.slice();
    for (const [k, v] of s.vars) this.varRec.get(k)?.restore(v);
  }
}

/**
 * Custom events are checked in `after_thresholds`, spikes in `thresholds` (Brian's defaults); a
 * monitor runs right after the check, as Brian's (the source's order + 1).
 */
function eventSlot(event: string): When {
  return event === 'spike' ? 'thresholds' : 'after_thresholds';
}

/** Records the events of all copies of a batch into their per-copy monitors with one operation. */
class BatchEventRecorder extends BatchRecorder<EventMonitor> {
  constructor(
    name: string,
    private readonly place: Placement,
    private readonly event: string,
    /** Elements of the monitored source in one copy. */
    private readonly n: number,
    copies: readonly EventMonitor[],
  ) {
    super(name, copies);
  }

  prepare(run: RunContext): void {
    for (const m of this.copies) m.prepare(run);
    const { replica } = this.place;
    const src = eventSourceOf(replica, this.event, `EventMonitor '${this.name}'`);
    this.ops = [new RecordEventsOp(this.name, eventSlot(this.event), ((replica as { readonly order?: number }).order ?? 0) + 1, src, this)];
  }

  /** Records an event of element `i` of the replica in the monitor of the copy it belongs to. */
  recordEvent(i: number, t: number): void {
    const { stride, start } = this.place;
    const c = copyOf(i, start, stride, this.n);
    if (c >= 0) this.copies[c]!.recordEvent(i - start - c * stride, t);
  }
}

/**
 * A monitor's operation: records this step's events of `source`. A class, so that its optimised
 * `run` serves every run and network (see operations/kernel-ops.ts).
 */
class RecordEventsOp implements Operation {
  readonly period = 1;

  constructor(
    readonly name: string,
    readonly when: When,
    readonly order: number,
    private readonly source: SpikeSource,
    private readonly monitor: { recordEvent(i: number, t: number): void },
  ) {}

  run(ctx: StepContext): void {
    const n = this.source.spikesAt(ctx.tick);
    const indices = this.source.spikes;
    for (let k = 0; k < n; k++) this.monitor.recordEvent(indices[k]!, ctx.t);
  }
}
