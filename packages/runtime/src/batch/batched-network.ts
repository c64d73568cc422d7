/**
 * A batch that can run again: `net.batched({ params })` copies the network into one batched
 * network once, and each `run(duration, { params })` restores the copies to that state, gives
 * them the run's values and runs them — what `restore()` + `run()` is to a network, for a sweep
 * that is repeated (other values of the same parameters, other seeds, a session that sweeps
 * again). `net.runBatch` is a batch made and run once.
 *
 * Invariants: the batched network is a copy of the original as it was when the batch was made;
 * later changes to the original do not reach it. Every run starts from that state (time,
 * variables, synapses, queued spikes, generator), so a run's results depend only on its own
 * values and seeds. A run's {@link BatchResult} reads the batched network's monitors and values:
 * the next run of the same batch replaces them, and the old result then throws rather than read
 * the new run's data.
 */
import { Random } from '@neurite/codegen';
import type { Namespace } from '@neurite/parser';
import { ValueError, type QuantityLike } from '../quantity.js';
import type { Network, RunOptions } from '../network.js';
import type { Snapshot } from '../store.js';
import type { Batch, BatchValues } from './batch.js';
import { BatchResult } from './batch-result.js';
import { checkSeeds } from './copy-streams.js';

/** Options of one run of a {@link BatchedNetwork}. */
export interface BatchedRunOptions extends RunOptions {
  /**
   * This run's per-copy values of parameters named when the batch was made (one value per copy);
   * a parameter not given has the values the batch was made with (every run starts from that
   * state). Other names are an error: they may need another model (a constant made a per-copy
   * parameter), so make a new batch for them.
   */
  readonly params?: Readonly<Record<string, BatchValues>>;
  /**
   * A seed per copy for this run (see BatchOptions.seeds); only for a batch made with seeds.
   * Default: the batch's seeds, so that every run draws the same numbers.
   */
  readonly seeds?: readonly number[];
}

export class BatchedNetwork {
  /** Runs made so far; a result is current while this is its run's number. */
  private runs = 0;
  /**
   * The state the batch was made in, which every run starts from — kept here, not stored under a
   * name in the batched network, whose store() and restore() names are its user's. Undefined for
   * a batch that runs once.
   */
  private readonly start: Snapshot | undefined;

  /** @internal Made by `Network.batched` (see run-batch.ts). */
  constructor(
    /** The batched network (all copies side by side). */
    readonly network: Network,
    private readonly batch: Batch,
    /** The namespace the batch was made with (its runs' default). */
    private readonly namespace: Namespace,
    /** The batch's seeds (one per copy), or undefined: copies share the network's generator. */
    private readonly seeds: readonly number[] | undefined,
    /** False for a batch run once (runBatch): its starting state need not be kept. */
    reusable: boolean,
  ) {
    this.start = reusable ? network.snapshot() : undefined;
  }

  /** Number of copies. */
  get copies(): number {
    return this.batch.copies;
  }

  /**
   * Runs the copies for `duration` from the state the batch was made in, with this run's values
   * (`params`) and seeds, and returns the results per copy. Bad options throw before anything
   * changes; the results of the previous run stay readable until this run starts.
   */
  async run(duration: QuantityLike, options: BatchedRunOptions = {}): Promise<BatchResult> {
    const start = this.start;
    if (this.runs > 0 && start === undefined) throw new ValueError('this batch was made by runBatch and runs once; make a batch that runs again with net.batched({ params })');
    // Everything is checked (seeds, names, counts, units) before the restore, so that a bad call
    // changes nothing.
    const seeds = this.seedsFor(options.seeds);
    const write = options.params === undefined ? undefined : this.batch.valuesWriter(options.params);
    if (this.runs > 0 && start !== undefined) this.network.restoreSnapshot(start);
    write?.();
    // Fresh generators: each run draws what its seeds give, whatever the runs before drew.
    if (seeds !== undefined) this.network.useCopyStreams(seeds.map((s) => new Random(s)));
    const run = ++this.runs;
    const namespace = this.batch.runNamespace(options.namespace ?? this.namespace);
    await this.network.run(duration, { ...options, namespace });
    return new BatchResult(this.batch, this.network, () => this.runs === run);
  }

  /** The seeds of a run: `given` (checked), else the batch's. */
  private seedsFor(given: readonly number[] | undefined): readonly number[] | undefined {
    if (given === undefined) return this.seeds;
    if (this.seeds === undefined) throw new ValueError('BatchedNetwork: seeds: this batch was made without seeds (its copies share one generator); make it with net.batched({ seeds }) to give each copy its own');
    checkSeeds('BatchedNetwork', given, this.batch.copies);
    return given;
  }
}
