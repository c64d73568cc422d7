/**
 * SpikeQueue: synaptic events waiting out their delay, as Brian's C++ queue
 * (`brian2/synapses/cspikequeue.cpp`): a ring of per-step lists of synapse indices, where the list
 * at `offset` holds the events of the current step.
 *
 * - `push(d, s)` appends synapse `s` to the list `d` steps ahead, `(offset + d) % size`; a delay of 0
 *   lands in the current list, which the pathway delivers in the same step (it pushes, then
 *   delivers, then advances — Brian's push / peek / advance);
 * - `advance()` empties the current list and moves to the next step;
 * - the ring grows (`ensureDelay`) before a run to hold the largest delay, keeping queued events
 *   at their distance from the current step; lists grow by doubling, so pushing does not allocate
 *   once the queue has warmed up.
 *
 * The state (`snapshot`) is the queued events by distance from the current step, in plain typed
 * arrays, so it can be stored with the network and written to a file.
 */

/** Queued events: `pending[d]` are the synapses to deliver `d` steps from now, in order. */
export interface SpikeQueueState {
  readonly pending: readonly Int32Array[];
}

export class SpikeQueue {
  private lists: Int32Array[] = [new Int32Array(16)];
  private counts = new Int32Array(1);
  private offset = 0;

  /** Number of steps the ring spans (the largest delay it can hold, plus one). */
  get size(): number {
    return this.lists.length;
  }

  /** Number of queued events in all steps. */
  get pending(): number {
    let n = 0;
    for (let k = 0; k < this.counts.length; k++) n += this.counts[k]!;
    return n;
  }

  /** Makes the ring long enough for a delay of `steps` (Brian's `ensure_delay`). */
  ensureDelay(steps: number): void {
    if (steps < this.lists.length) return;
    const size = steps + 1;
    // Rotate so that the current step is list 0, then append empty lists: distances are unchanged.
    const lists: Int32Array[] = [];
    const counts = new Int32Array(size);
    const old = this.lists.length;
    for (let d = 0; d < old; d++) {
      const k = (this.offset + d) % old;
      lists.push(this.lists[k]!);
      counts[d] = this.counts[k]!;
    }
    for (let d = old; d < size; d++) lists.push(new Int32Array(16));
    this.lists = lists;
    this.counts = counts;
    this.offset = 0;
  }

  /** Queues synapse `synapse` for delivery `delay` steps from now (`delay < size`). */
  push(delay: number, synapse: number): void {
    const k = (this.offset + delay) % this.lists.length;
    const n = this.counts[k]!;
    let list = this.lists[k]!;
    if (n === list.length) list = this.grow(k, n + 1);
    list[n] = synapse;
    this.counts[k] = n + 1;
  }

  /** Queues `synapses[start .. end)`, all with the same delay (Brian's homogeneous fast path). */
  pushRange(delay: number, synapses: Int32Array, start: number, end: number): void {
    if (end <= start) return;
    const k = (this.offset + delay) % this.lists.length;
    const n = this.counts[k]!;
    let list = this.lists[k]!;
    if (n + (end - start) > list.length) list = this.grow(k, n + (end - start));
    // A plain loop: `set(subarray(...))` would allocate a view per spike.
    for (let s = start, m = n; s < end; s++, m++) list[m] = synapses[s]!;
    this.counts[k] = n + (end - start);
  }

  /** The list of the current step (valid until the next push or advance) and its length. */
  current(): Int32Array {
    return this.lists[this.offset]!;
  }

  currentCount(): number {
    return this.counts[this.offset]!;
  }

  /** Empties the current step's list and moves on to the next step. */
  advance(): void {
    this.counts[this.offset] = 0;
    this.offset = (this.offset + 1) % this.lists.length;
  }

  /** Drops every queued event. */
  clear(): void {
    this.counts.fill(0);
    this.offset = 0;
  }

  snapshot(): SpikeQueueState {
    const size = this.lists.length;
    const pending: Int32Array[] = [];
    for (let d = 0; d < size; d++) {
      const k = (this.offset + d) % size;
      pending.push(this.lists[k]!.slice(0, this.counts[k]!));
    }
    // Trailing empty steps carry no information.
    while (pending.length > 0 && pending[pending.length - 1]!.length === 0) pending.pop();
    return { pending };
  }

  restore(state: SpikeQueueState): void {
    this.clear();
    this.ensureDelay(Math.max(0, state.pending.length - 1));
    state.pending.forEach((events, d) => {
      for (let k = 0; k < events.length; k++) this.push(d, events[k]!);
    });
  }

  /**
   * The network's dt changed from `oldDt` to `newDt`: events `d` old steps away move to
   * `(int)(d·oldDt/newDt + 0.5)` new steps, as in Brian's queue (cspikequeue.cpp, prepare). Where
   * two old steps land on the same new one (a coarser dt), Brian keeps only the later list; this
   * queue keeps both, in order — no event is lost.
   */
  rescale(oldDt: number, newDt: number): void {
    const { pending } = this.snapshot();
    const factor = oldDt / newDt;
    this.clear();
    pending.forEach((events, d) => {
      const to = Math.floor(d * factor + 0.5);
      this.ensureDelay(to);
      for (let k = 0; k < events.length; k++) this.push(to, events[k]!);
    });
  }

  private grow(k: number, min: number): Int32Array {
    const old = this.lists[k]!;
    let cap = Math.max(16, old.length * 2);
    while (cap < min) cap *= 2;
    const list = new Int32Array(cap);
    list.set(old.subarray(0, this.counts[k]!));
    this.lists[k] = list;
    return list;
  }
}
