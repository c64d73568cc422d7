/**
 * A contiguous slice of a group (Brian's `G[a:b]`): usable as a synapse source or target and as a
 * monitored group. Its spikes are the parent's spikes inside the slice, renumbered from 0.
 */
import type { GroupVariables } from '@neurite/parser';
import { ValueError } from '../quantity.js';
import type { SpikeSource } from '../sim-object.js';
import type { Storage } from '../variables.js';

export class Subgroup implements SpikeSource {
  readonly N: number;
  readonly spikes: Int32Array;
  private lastTick = -1;
  private count = 0;

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

  /** The parent's spikes inside the slice, renumbered; recomputed when `tick` changes. */
  spikesAt(tick: number): number {
    if (tick !== this.lastTick) {
      this.lastTick = tick;
      let n = 0;
      const ps = this.parent.spikes;
      for (let k = 0; k < this.parent.spikeCount; k++) {
        const i = ps[k]!;
        if (i >= this.start && i < this.stop) this.spikes[n++] = i - this.start;
      }
      this.count = n;
    }
    return this.count;
  }

  get spikeCount(): number {
    return this.count;
  }
}
