/**
 * CUBA (Brette et al. 2007, Benchmark 2; Vogels & Abbott 2005): 4000 leaky integrate-and-fire
 * neurons with current-based exponential synapses, 80 synapses per neuron, 1 s of biological time.
 * The same model as Brian2's examples/CUBA.py and ../shared/brian2/cuba.py.
 *
 * Run: npm start            (or: node dist/examples/cuba/main.js [N] [duration] [--backend gpujs])
 * Writes the spikes to out/cuba-spikes.csv (columns i, t in seconds).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Network } from '@neurite/runtime';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 4000);
const duration = args.find((a) => /\d\s*m?s$/.test(a)) ?? '1 s';
const backend = args.includes('--backend') ? (args[args.indexOf('--backend') + 1] as 'js' | 'gpujs') : 'js';

const started = performance.now();
const net = new Network({ dt: '0.1 ms', seed: 1, backend });
const P = net.neuronGroup(N, `
  dv/dt  = (ge + gi - (v - El))/taum : volt (unless refractory)
  dge/dt = -ge/taue : volt
  dgi/dt = -gi/taui : volt`, {
  threshold: 'v > Vt', reset: 'v = Vr', refractory: '5 ms', method: 'exact',
  namespace: { taum: '20 ms', taue: '5 ms', taui: '10 ms', Vt: '-50 mV', Vr: '-60 mV', El: '-49 mV' },
});
P.set('v', 'Vr + rand() * (Vt - Vr)');
const Ne = Math.floor(N * 0.8);
const Ce = net.synapses(P, P, { onPre: 'ge += we', namespace: { we: `${(60 * 0.27) / 10} mV` } });
const Ci = net.synapses(P, P, { onPre: 'gi += wi', namespace: { wi: `${(-20 * 4.5) / 10} mV` } });
Ce.connect({ condition: `i < ${Ne}`, p: 80 / N });
Ci.connect({ condition: `i >= ${Ne}`, p: 80 / N });
const spikes = net.spikeMonitor(P);
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
