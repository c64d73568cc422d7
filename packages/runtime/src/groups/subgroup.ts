/**
 * A contiguous slice of a group (Brian's `G[a:b]`): usable as a synapse source or target and as a
 * monitored group. Its spikes are the parent's spikes inside the slice, renumbered from 0.
 */
import type { GroupVariables } from '@neurite/parser';
import { ValueError } from '../quantity.js';
import type { SpikeSource } from '../sim-object.js';
import type { Storage } from '../variables.js';
import { eventSourceOf } from './event-space.js';

export class Subgroup implements SpikeSource {
  readonly N: number;
  readonly spikes: Int32Array;
  private count = 0;
  /** Custom events of the parent, filtered to the slice (created on first use). */
  private readonly views = new Map<string, Subgroup>();

  constructor(
    readonly parent: SpikeSource & { readonly name: string },
    readonly start: number,
    readonly stop: number,
  ) {
    if (!Number.isInteger(start) || !Number.isInteger(stop) || start < 0 || stop > parent.N || start >= stop) {
      throw new ValueError(`${parent.name}.slice(${start}, ${stop}): need integers 0 <= start < stop <= ${parent.N}`);
    }
    this.N = stop - start;
    this.spikes = new Int32Array(this.N);
  }

  get name(): string {
    return `${this.parent.name}[${this.start}:${this.stop}]`;
  }

  get offset(): number {
    return this.parent.offset + this.start;
  }

  get variables(): GroupVariables {
    return this.parent.variables;
  }

  array(name: string): Storage {
    return this.parent.array(name);
  }

  /**
   * The parent's spikes inside the slice, renumbered. Recomputed on every call: it costs one pass
   * over the parent's spikes of this step, and a cache keyed on the step would go stale when
   * restore() brings an earlier step back.
   */
  spikesAt(tick: number): number {
    const total = this.parent.spikesAt(tick);
    const ps = this.parent.spikes;
    let n = 0;
    for (let k = 0; k < total; k++) {
      const i = ps[k]!;
      if (i >= this.start && i < this.stop) this.spikes[n++] = i - this.start;
    }
    this.count = n;
    return n;
  }

  get eventNames(): readonly string[] | undefined {
    return this.parent.eventNames;
  }

  /** The parent's custom event inside the slice, renumbered like the spikes (`'spike'`: this subgroup). */
  eventSource(event: string, who = `Subgroup '${this.name}'`): SpikeSource {
    if (event === 'spike') return this;
    let view = this.views.get(event);
    if (!view) {
      view = new Subgroup(eventSourceOf(this.parent, event, who), this.start, this.stop);
      this.views.set(event, view);
    }
    return view;
  }

  /** Schedule order of the parent (monitors of a slice run right after the parent's threshold). */
  get order(): number {
    return (this.parent as { readonly order?: number }).order ?? 0;
  }

  get spikeCount(): number {
    return this.count;
  }
}
