/**
 * The results of `net.runBatch`, per copy: each monitor of the original network has one monitor
 * per copy (the same class, recording that copy only, indices relative to the copy), and each
 * group's or Synapses object's final values can be read per copy.
 */
import { ValueError } from '../quantity.js';
import type { Network } from '../network.js';
import type { Batch } from './batch.js';

/** An original object whose values can be read per copy: a group or a Synapses object. */
export interface BatchReadable {
  readonly name: string;
  readonly N: number;
  get(variable: string): Float64Array | Int32Array;
}

export class BatchResult {
  /** Number of copies. */
  readonly copies: number;

  constructor(
    private readonly batch: Batch,
    /** The batched network that ran (all copies side by side), e.g. for `profilingSummary()`. */
    readonly network: Network,
    /** False once a later run of the same BatchedNetwork replaced this run's data. */
    private readonly current: () => boolean,
  ) {
    this.copies = batch.copies;
  }

  /** Copy `copy`'s monitor standing for `original` (a monitor of the original network). */
  monitor<M extends { readonly name: string }>(original: M, copy: number): M {
    return this.monitors(original)[this.checkCopy(copy)]!;
  }

  /**
   * The per-copy monitors standing for `original`, in copy order. They are the batched network's:
   * a later run of the same BatchedNetwork records into them again (copy what you keep).
   */
  monitors<M extends { readonly name: string }>(original: M): readonly M[] {
    this.checkCurrent();
    const copies = this.batch.copiesOf(original);
    if (!copies) throw new ValueError(`BatchResult: '${original.name}' is not a monitor of the batched network`);
    return copies;
  }

  /** Copy `copy`'s values of `variable` of `original` (a group or Synapses object) at the end of the run. */
  get(original: BatchReadable, variable: string, copy: number): Float64Array | Int32Array {
    this.checkCurrent();
    const replica = this.batch.replicaOf(original);
    if (!replica) throw new ValueError(`BatchResult: '${original.name}' is not a group or Synapses object of the batched network`);
    const c = this.checkCopy(copy);
    return replica.get(variable).slice(c * original.N, (c + 1) * original.N);
  }

  private checkCurrent(): void {
    if (!this.current()) throw new ValueError('BatchResult: a later run of the same BatchedNetwork has replaced these results; read (and copy) what you need from a result before running its batch again');
  }

  private checkCopy(copy: number): number {
    if (!Number.isInteger(copy) || copy < 0 || copy >= this.copies) throw new ValueError(`BatchResult: copy ${copy} is out of range (0 to ${this.copies - 1})`);
    return copy;
  }
}
