/**
 * Benchmark: parameter sweeps run one after another in this process, then with `sweep()` on 2
 * worker threads; checks that both give the same spike counts and prints the speed-up (issue 5:
 * threaded sweeps on this 2-core machine). Two workloads:
 *
 * - CUBA, 4000 neurons, 1 s, 16 seeds (sweep-task.ts): memory-bound — each network's synapses
 *   (~3 MB) live in the shared L3 cache, and two runs at once slow each other down (two separate
 *   processes show the same ~1.3× ceiling);
 * - COBAHH, 400 neurons, 0.5 s, 8 seeds (sweep-task-cobahh.ts): compute-bound (exponentials on
 *   a working set that fits in each core's L2), where two cores give close to 2×.
 *
 * Run: npm run bench:parts (or node dist/bench/sweep.js)
 */
import { sweep } from '@neurite/runtime/sweep';
import cuba from './sweep-task.js';
import cobahh from './sweep-task-cobahh.js';

type Task = (p: { seed: number }) => Promise<Int32Array | Float64Array>;

async function compare(label: string, run: Task, module: string, seeds: number): Promise<boolean> {
  const params = Array.from({ length: seeds }, (_, k) => ({ seed: k + 1 }));
  let t0 = performance.now();
  const sequential: (Int32Array | Float64Array)[] = [];
  for (const p of params) sequential.push(await run(p));
  const seqS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const threaded = await sweep<{ seed: number }, Int32Array | Float64Array>(new URL(module, import.meta.url), params, { threads: 2 });
  const thrS = (performance.now() - t0) / 1000;
  const same = threaded.every((r, k) => r.length === sequential[k]!.length && r.every((x, n) => x === sequential[k]![n]));
  console.log(`Sweep: ${label}, ${seeds} seeds`);
  console.log(`  sequential in one process: ${seqS.toFixed(2)} s`);
  console.log(`  sweep() on 2 worker threads: ${thrS.toFixed(2)} s (incl. starting the threads)  -> speed-up ${(seqS / thrS).toFixed(2)}x`);
  console.log(`  same spike counts per neuron for every seed: ${same ? 'yes' : 'NO'}`);
  return same;
}

const ok = [await compare('CUBA 4000 neurons, 1 s', cuba, './sweep-task.js', 16), await compare('COBAHH 400 neurons, 0.5 s', cobahh, './sweep-task-cobahh.js', 8)];
if (!ok.every(Boolean)) process.exitCode = 1;
