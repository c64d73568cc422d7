/**
 * SpikeMonitor: records the index and time of every spike of a group (after its threshold, in the
 * same step), counts per neuron, and optionally the values of variables at spike time.
 */
import type { RunContext, SimObject, SpikeSource, StepContext, Operation } from '../sim-object.js';
import { ValueError } from '../quantity.js';
import { GrowableFloat64, GrowableInt32 } from './growable.js';

export interface SpikeMonitorOptions {
  /** Variables to record at spike time (e.g. `['v']`). */
  readonly variables?: readonly string[];
  /** `false`: keep counts only. */
  readonly record?: boolean;
  readonly name?: string;
}

export class SpikeMonitor implements SimObject {
  private readonly iRec = new GrowableInt32();
  private readonly tRec = new GrowableFloat64();
  private readonly varRec = new Map<string, GrowableFloat64>();
  private counts: Int32Array;
  private ops: Operation[] = [];

  constructor(
    readonly source: SpikeSource & { readonly order?: number },
    readonly name: string,
    private readonly options: SpikeMonitorOptions = {},
  ) {
    this.counts = new Int32Array(source.N);
    for (const v of options.variables ?? []) this.varRec.set(v, new GrowableFloat64());
  }

  prepare(_run: RunContext): void {
    const src = this.source;
    const record = this.options.record !== false;
    const vars = [...this.varRec].map(([name, rec]) => {
      const info = src.variables.variables.get(name);
      if (!info) throw new ValueError(`SpikeMonitor '${this.name}': '${src.name}' has no variable '${name}'`);
      return { rec, array: src.array(name), shared: info.shared };
    });
    const offset = src.offset;
    this.ops = [
      {
        name: this.name,
        when: 'thresholds',
        // Right after the source's threshold, as Brian does (source order + 1).
        order: (src.order ?? 0) + 1,
        period: 1,
        run: (ctx: StepContext) => {
          const n = src.spikesAt(ctx.tick);
          const spikes = src.spikes;
          for (let k = 0; k < n; k++) {
            const i = spikes[k]!;
            this.counts[i]!++;
            if (!record) continue;
            this.iRec.push(i);
            this.tRec.push(ctx.t);
            for (const v of vars) v.rec.push(v.array[v.shared ? 0 : i + offset]!);
          }
        },
      },
    ];
  }

  operations(): readonly Operation[] {
    return this.ops;
  }

  /** Indices of the spiking neurons, in order of spikes. */
  get i(): Int32Array {
    return this.iRec.values();
  }

  /** Spike times in seconds. */
  get t(): Float64Array {
    return this.tRec.values();
  }

  /** Spikes per neuron. */
  get count(): Int32Array {
    return this.counts.slice();
  }

  get numSpikes(): number {
    return this.options.record === false ? this.counts.reduce((a, b) => a + b, 0) : this.iRec.length;
  }

  /** Values of a recorded variable at each spike (SI units). */
  values(variable: string): Float64Array {
    const rec = this.varRec.get(variable);
    if (!rec) throw new ValueError(`SpikeMonitor '${this.name}' does not record '${variable}'; pass it in options.variables`);
    return rec.values();
  }

  /** Spike times per neuron: `spikeTrains()[i]` holds the times of neuron i, in order. */
  spikeTrains(): Float64Array[] {
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
