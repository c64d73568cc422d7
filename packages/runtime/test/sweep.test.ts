/**
 * sweep() spreads a task over worker threads and gives exactly the results of running the task
 * one parameter set after another in this process, in the order of the parameters.
 */
import { describe, expect, it } from 'vitest';
import { sweep, SweepError } from '../src/sweep.js';

const task = new URL('./fixtures/sweep-task.js', import.meta.url);
type Result = { count: Int32Array | Float64Array; v: Float64Array };

describe('sweep', () => {
  const params = ['5 ms', '10 ms', '20 ms', '40 ms'].map((tau, k) => ({ tau, seed: k + 1 }));

  it('gives the sequential results, in order, from two threads', async () => {
    const run = (await import(task.href)).default as (p: (typeof params)[number]) => Promise<Result>;
    const sequential: Result[] = [];
    for (const p of params) sequential.push(await run(p));
    const threaded = await sweep<(typeof params)[number], Result>(task, params, { threads: 2 });
    expect(threaded).toHaveLength(params.length);
    threaded.forEach((r, k) => {
      expect(Array.from(r.count)).toEqual(Array.from(sequential[k]!.count));
      expect(Array.from(r.v)).toEqual(Array.from(sequential[k]!.v));
    });
    // Faster neurons spike more: the results really differ with the parameter.
    const total = (r: Result) => Array.from(r.count).reduce((a, b) => a + b, 0);
    expect(total(threaded[0]!)).toBeGreaterThan(total(threaded[3]!));
  });

  it('names the failing parameter set and closes its threads', async () => {
    const bad = [...params.slice(0, 2), { tau: '-1 ms', seed: 9 }];
    const error = await sweep(task, bad, { threads: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SweepError);
    expect((error as SweepError).index).toBe(2);
    expect((error as SweepError).message).toMatch(/parameter set 2 .*-1 ms.*tau must be positive/);
  });

  it('refuses a thread count that is not a positive integer', async () => {
    await expect(sweep(task, params, { threads: 0 })).rejects.toThrow(/threads must be a positive integer/);
    expect(await sweep(task, [])).toEqual([]);
  });
});
