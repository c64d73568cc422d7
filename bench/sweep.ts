/**
 * Benchmark: a 16-seed sweep of CUBA (4000 neurons, 1 s each) run one after another in this
 * process, then with `sweep()` on 2 worker threads; checks that both give the same spike counts and
 * prints the speed-up (issue 5: threaded sweeps on this 2-core machine).
 *
 * Run: npm run bench:parts (or node dist/bench/sweep.js)
 */
import { sweep } from '@neurite/runtime/sweep';
import cuba from './sweep-task.js';

const params = Array.from({ length: 16 }, (_, k) => ({ seed: k + 1 }));
const task = new URL('./sweep-task.js', import.meta.url);

let t0 = performance.now();
const sequential: (Int32Array | Float64Array)[] = [];
for (const p of params) sequential.push(await cuba(p));
const seqS = (performance.now() - t0) / 1000;

t0 = performance.now();
const threaded = await sweep<{ seed: number }, Int32Array | Float64Array>(task, params, { threads: 2 });
const thrS = (performance.now() - t0) / 1000;

const same = threaded.every((r, k) => r.length === sequential[k]!.length && r.every((x, n) => x === sequential[k]![n]));
console.log(`Sweep: CUBA 4000 neurons, 1 s, ${params.length} seeds`);
console.log(`  sequential in one process: ${seqS.toFixed(2)} s`);
console.log(`  sweep() on 2 worker threads: ${thrS.toFixed(2)} s (incl. starting the threads)  -> speed-up ${(seqS / thrS).toFixed(2)}x`);
console.log(`  same spike counts per neuron for every seed: ${same ? 'yes' : 'NO'}`);
if (!same) process.exitCode = 1;
