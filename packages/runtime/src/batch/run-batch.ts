/**
 * `net.runBatch(duration, { params })`: B independent copies of a network run as one simulation —
 * groups B times larger, per-copy parameter values as per-element parameters — so that a sweep
 * over B values costs one run of a B-times larger network instead of B runs (NeuroTorch's
 * `N_BATCH`, Brian's "duplicate the neuron and make tau a parameter" trick, done for you).
 *
 * The network itself is not changed or advanced: the copies are built from its objects and their
 * current state (time, variables, synapses, queued spikes) into a new network, and the results are
 * read per copy from the returned {@link BatchResult}. `net.batched` keeps that network to run it
 * again (batched-network.ts); `runBatch` builds one and runs it once.
 */
import type { Namespace } from '@neurite/parser';
import type { Random } from '@neurite/codegen';
import { ValueError, type QuantityLike } from '../quantity.js';
import type { Clock } from '../clock.js';
import type { SimObject } from '../sim-object.js';
import { Network, type BackendOption, type RunOptions } from '../network.js';
import { Batch, type BatchValues } from './batch.js';
import type { BatchResult } from './batch-result.js';
import { BatchedNetwork } from './batched-network.js';
import { checkSeeds } from './copy-streams.js';

export interface BatchOptions extends RunOptions {
  /** Number of copies; default: the number of values each parameter has. */
  readonly batch?: number;
  /**
   * Per-copy values, one per copy: `{ tau: ['1 ms', '2 ms', ...] }` (numbers are SI). A name is a
   * variable of the groups or Synapses that have it (set in every element of the copy), or a
   * namespace constant their code uses (it becomes a parameter of those objects); `'G.tau'`
   * names the variable of one object.
   */
  readonly params?: Readonly<Record<string, BatchValues>>;
  /**
   * A seed per copy: copy c draws its random numbers from a generator of its own seeded with
   * `seeds[c]`, and gives exactly (bit for bit) what `restore()`, `net.rng.seed(seeds[c])` and
   * `run()` with its values give. Without seeds, the copies draw one after another from a single
   * generator (which continues the network's), so each gets different numbers, but not those of
   * any sequential run.
   */
  readonly seeds?: readonly number[];
}

/** What runBatch needs from the network it copies. */
export interface BatchHost {
  readonly objects: readonly SimObject[];
  readonly clock: Clock;
  readonly rng: Random;
  readonly backend: BackendOption;
  readonly threads: number;
}

/** The object kinds that cannot be copied, with why (for the error message). */
function whyNot(o: SimObject): string {
  const kind = o.constructor.name;
  if (kind === 'NetworkOperation') return 'is a network operation (its callback acts on the original objects)';
  return `is a ${kind}, which batches do not support yet`;
}

/** `net.runBatch`: a batch made for one run, and run. */
export async function runBatch(host: BatchHost, duration: QuantityLike, options: BatchOptions = {}): Promise<BatchResult> {
  return makeBatch(host, options, false).run(duration, { ...options, seeds: undefined, params: undefined });
}

/**
 * Copies the network's objects into a new batched network (see the module comment); `reusable`
 * keeps its starting state so that it can run again (`net.batched`).
 */
export function makeBatch(host: BatchHost, options: BatchOptions, reusable: boolean): BatchedNetwork {
  // Errors name the call the user made.
  const api = reusable ? 'net.batched' : 'runBatch';
  const params = options.params ?? {};
  const counts = Object.values(params).map((v) => v.length);
  const seeds = options.seeds;
  const copies = options.batch ?? counts[0] ?? seeds?.length;
  if (copies === undefined) throw new ValueError(`${api}: give the number of copies (\`batch\`), per-copy values (\`params\`) or per-copy \`seeds\``);
  if (!Number.isInteger(copies) || copies < 1) throw new ValueError(`${api}: batch must be a positive integer, not ${copies}`);
  if (seeds !== undefined) checkSeeds(api, seeds, copies);
  const net = new Network({ dt: host.clock.dt, backend: host.backend, threads: host.threads });
  net.clock.ticks = host.clock.ticks;
  net.rng.setState(host.rng.getState());
  const namespace: Namespace = options.namespace ?? {};
  const batch = new Batch(copies, params, net, namespace, seeds !== undefined, api);
  for (const o of host.objects) {
    if (!o.replicate) throw batch.unsupported(`'${o.name}'`, whyNot(o));
    o.replicate(batch);
  }
  batch.checkAllUsed();
  // Runs leave out of their namespace the constants that became per-copy parameters.
  return new BatchedNetwork(net, batch, namespace, seeds, reusable);
}
