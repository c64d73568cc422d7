/**
 * Brian tutorial 3, section "Changing things during a run", first cell: a Hodgkin–Huxley neuron
 * (`exponential_euler`, threshold and refractoriness both `v > -40*mV`, no reset) gets a new
 * random current every 10 ms — here by a loop of five 10 ms runs that sets `I` between them
 * (Brian's `group.I = rand()*50*nA`, with numpy's `rand()`; here the network's own generator).
 *
 * Run: npx tsc -b && node dist/examples/brian-tutorial/hh-multiple-runs.js [duration]
 *      (duration of each of the 5 runs, default '10 ms')
 * Prints, per run, the current, the range of v and the spikes; then v at every spike — the
 * tutorial's plot of v with the spikes marked.
 */
import { Network } from '@neurite/runtime';
import { isMain, type ExampleOptions } from './common.js';
import { El, eqs_HH, HH_PARAMETERS, nA, printHH, type HHResult } from './hh-model.js';

export async function main(options: ExampleOptions = {}): Promise<HHResult> {
  const segment = options.duration ?? '10 ms';
  const net = new Network({ seed: options.seed ?? 1 });
  const group = net.neuronGroup(1, eqs_HH, {
    threshold: 'v > -40*mV',
    refractory: 'v > -40*mV',
    method: 'exponential_euler',
    namespace: HH_PARAMETERS,
  });
  group.set('v', El);
  const statemon = net.stateMonitor(group, 'v', { record: true });
  const spikemon = net.spikeMonitor(group, { variables: ['v'] });

  const currents: number[][] = [];
  for (let l = 0; l < 5; l++) {
    const I = net.rng.uniform() * 50 * nA; // rand()*50*nA
    group.set('I', I);
    currents.push([I / nA]);
    await net.run(segment);
  }
  return printHH(net, 'HH neuron, 5 runs with a new random current before each', statemon, spikemon, currents);
}

if (isMain(import.meta.url)) await main({ ...(process.argv[2] ? { duration: process.argv[2] } : {}) });
