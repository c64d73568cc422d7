/**
 * Parameter sweeps across worker threads (Node): `sweep(task, params)` runs a task module once per
 * parameter set on a pool of threads (piscina) and gathers the results in the order of `params`.
 *
 * A task module's default export takes one parameter set and returns (or resolves to) the result:
 * plain data and typed arrays, which come back by structured clone. Each call builds its own
 * network, so runs are independent: with the same seeds, a sweep gives exactly what running the
 * calls one after the other in one process gives — only spread over the cores.
 *
 * ```ts
 * // tau-task.js: export default async ({ tau }) => { const net = new Network({ seed: 1 }); ...; return spikes.count; };
 * const counts = await sweep(new URL('./tau-task.js', import.meta.url), taus.map((tau) => ({ tau })));
 * ```
 *
 * Kept out of the package's main entry (`@neurite/runtime/sweep`), so that browser bundles of the
 * runtime do not pull in worker_threads.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { ValueError } from './quantity.js';

export interface SweepOptions {
  /** Worker threads (default: the number of cores, at most the number of parameter sets). */
  readonly threads?: number;
}

/** A task failed for one parameter set: names its position and the parameters; `cause` is the task's error. */
export class SweepError extends Error {
  constructor(
    readonly index: number,
    readonly params: unknown,
    override readonly cause: unknown,
  ) {
    super(`sweep: the task failed for parameter set ${index} (${safeJson(params)}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'SweepError';
  }
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}

/**
 * Runs the default export of `task` (a module path or URL) for every element of `params` on worker
 * threads; resolves to the results in the order of `params`. Every thread is closed when it
 * settles, whether or not a task failed (the first failure rejects with a {@link SweepError}).
 */
export async function sweep<P, R>(task: string | URL, params: readonly P[], options: SweepOptions = {}): Promise<R[]> {
  if (params.length === 0) return [];
  const threads = options.threads ?? Math.min(availableParallelism(), params.length);
  if (!Number.isInteger(threads) || threads < 1) throw new ValueError(`sweep: threads must be a positive integer, got ${threads}`);
  const filename = task instanceof URL ? task.href : task.startsWith('file:') ? task : pathToFileURL(task).href;
  const pool = new Piscina({ filename, minThreads: threads, maxThreads: threads, idleTimeout: 1000, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  try {
    return await Promise.all(
      params.map((p, index) =>
        (pool.run(p) as Promise<R>).catch((error: unknown) => {
          throw new SweepError(index, p, error);
        }),
      ),
    );
  } finally {
    await pool.destroy();
  }
}
