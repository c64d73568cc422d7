/**
 * CUBA (Brette et al. 2007, Benchmark 2; Vogels & Abbott 2005): 4000 leaky integrate-and-fire
 * neurons with current-based exponential synapses, 80 synapses per neuron, 1 s of biological time.
 * The same model as Brian2's examples/CUBA.py and ../shared/brian2/cuba.py; the network itself is
 * built by bench/cuba-model.ts, which the benchmark suite uses too.
 *
 * Run: npm start            (or: node dist/examples/cuba/main.js [N] [duration] [--backend gpujs])
 * Writes the spikes to out/cuba-spikes.csv (columns i, t in seconds).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Network } from '@neurite/runtime';
import { buildCuba } from '../../bench/cuba-model.js';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 4000);
const duration = args.find((a) => /\d\s*m?s$/.test(a)) ?? '1 s';
const backend = args.includes('--backend') ? (args[args.indexOf('--backend') + 1] as 'js' | 'gpujs') : 'js';

const started = performance.now();
const net = new Network({ dt: '0.1 ms', seed: 1, backend });
const { Ce, Ci, spikes } = buildCuba(net, N);
const built = performance.now();

await net.run(duration);
const done = performance.now();

const seconds = net.t;
console.log(`CUBA: ${N} neurons, ${Ce.N + Ci.N} synapses, ${seconds} s simulated (backend ${backend})`);
console.log(`  spikes: ${spikes.numSpikes}, mean rate ${(spikes.numSpikes / N / seconds).toFixed(2)} Hz`);
console.log(`  wall time: build ${((built - started) / 1000).toFixed(3)} s, run ${((done - built) / 1000).toFixed(3)} s`);

mkdirSync('out', { recursive: true });
const i = spikes.i;
const t = spikes.t;
const lines = ['i,t'];
for (let k = 0; k < i.length; k++) lines.push(`${i[k]},${t[k]}`);
writeFileSync('out/cuba-spikes.csv', lines.join('\n') + '\n');
console.log(`  spikes written to out/cuba-spikes.csv`);
