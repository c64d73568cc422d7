/**
 * StateMonitor: records variables of chosen elements over time, at the start of each step (as in
 * Brian, before thresholds and resets), optionally on its own clock. Subexpressions are recorded
 * by a compiled gather kernel; stored variables are read directly.
 */
import { jsBackend, lowerGather, type CompiledKernel } from '@neurite/codegen';
import { lookupUnit, type CheckedModel } from '@neurite/parser';
import { toSI, ValueError, type QuantityLike } from '../quantity.js';
import type { When } from '../schedule.js';
import type { Operation, RunContext, SimObject, SpikeSource, StepContext } from '../sim-object.js';
import { SECOND } from '../units.js';
import { GrowableFloat64 } from './growable.js';

export interface StateMonitorOptions {
  /** `true` for every element, or the indices to record. Default: none... as in Brian, `record` is required. */
  readonly record: boolean | readonly number[];
  readonly dt?: QuantityLike;
  readonly when?: When;
  readonly order?: number;
  readonly name?: string;
}

/** What a monitor needs from a group beyond SpikeSource: scalar values for computing subexpressions. */
export interface Monitorable extends SpikeSource {
  readonly kernelScalars?: Readonly<Record<string, number>>;
  readonly kernelFunctions?: Readonly<Record<string, (...args: number[]) => number>>;
}

export class StateMonitor implements SimObject {
  readonly indices: Int32Array;
  private readonly times = new GrowableFloat64();
  private readonly recs: Map<string, GrowableFloat64>;
  private ops: Operation[] = [];
  private readonly dt: number | undefined;

  constructor(
    readonly source: Monitorable,
    readonly variableNames: readonly string[],
    readonly name: string,
    private readonly options: StateMonitorOptions,
    private readonly network: { periodOf(dt: number, what: string): number },
  ) {
    const rec = options.record;
    const idx = rec === true ? Array.from({ length: source.N }, (_, k) => k) : rec === false ? [] : [...rec];
    for (const i of idx) {
      if (!Number.isInteger(i) || i < 0 || i >= source.N) throw new ValueError(`StateMonitor '${name}': index ${i} is out of range for '${source.name}' (0 to ${source.N - 1})`);
    }
    this.indices = Int32Array.from(idx);
    this.recs = new Map(variableNames.map((v) => [v, new GrowableFloat64(1024 * Math.max(1, idx.length))]));
    this.dt = options.dt === undefined ? undefined : toSI(options.dt, SECOND, `StateMonitor '${name}' dt`);
  }

  prepare(_run: RunContext): void {
    const src = this.source;
    const model = src.variables as CheckedModel;
    const n = this.indices.length;
    const idx = this.indices;
    const offset = src.offset;
    const stored: { rec: GrowableFloat64; array: ArrayLike<number>; shared: boolean }[] = [];
    const computed: string[] = [];
    for (const v of this.variableNames) {
      const info = model.variables.get(v);
      if (!info) throw new ValueError(`StateMonitor '${this.name}': '${src.name}' has no variable '${v}'`);
      // Linked variables read another group's array through an index: gathered like subexpressions.
      const isStoredVar = (info.origin !== 'subexpression' || info.flags.includes('constant over dt')) && !info.flags.includes('linked');
      if (isStoredVar && info.origin !== 'internal') stored.push({ rec: this.recs.get(v)!, array: src.array(v), shared: info.shared });
      else if (isStoredVar) stored.push({ rec: this.recs.get(v)!, array: src.array(v), shared: info.shared });
      else computed.push(v);
    }
    let gather: CompiledKernel | undefined;
    const outs = computed.map(() => new Float64Array(n));
    const gatherArrays: Record<string, Float64Array | Int32Array | Uint8Array> = {};
    if (computed.length > 0) {
      gather = jsBackend.compile(lowerGather({ model }, computed, { name: `${this.name}_gather` }));
      // Everything but the loop's own arrays comes from the group (linked variables' arrays included).
      for (const a of gather.ir.arrays) if (a.name !== '_events' && !a.name.startsWith('_record_')) gatherArrays[a.name] = src.array(a.name);
      computed.forEach((v, k) => (gatherArrays[`_record_${v}`] = outs[k]!));
      gatherArrays['_events'] = Int32Array.from(idx, (i) => i + offset);
    }
    const scalars: Record<string, number> = { count: n };
    this.ops = [
      {
        name: this.name,
        when: this.options.when ?? 'start',
        order: this.options.order ?? 0,
        period: this.dt === undefined ? 1 : this.network.periodOf(this.dt, `StateMonitor '${this.name}'`),
        run: (ctx: StepContext) => {
          this.times.push(ctx.t);
          for (const s of stored) {
            const buf = s.rec.reserve(n);
            let at = s.rec.length;
            for (let k = 0; k < n; k++) buf[at++] = s.array[s.shared ? 0 : idx[k]! + offset]!;
            s.rec.length = at;
          }
          if (gather) {
            Object.assign(scalars, src.kernelScalars);
            // The group's scalars carry its resetter's `count` (spikes of the step): ours is n.
            scalars['count'] = n;
            scalars['t'] = ctx.t;
            gather.run({ arrays: gatherArrays, scalars, externs: src.kernelFunctions ?? {} });
            computed.forEach((v, k) => {
              const rec = this.recs.get(v)!;
              rec.reserve(n).set(outs[k]!, rec.length);
              rec.length += n;
            });
          }
        },
      },
    ];
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
