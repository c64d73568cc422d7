/**
 * Brian tutorial 3, "Changing things during a run", second cell: the loop of runs of
 * hh-multiple-runs.ts replaced by one 50 ms run and `run_regularly('I = rand()*50*nA', dt=10*ms)`,
 * code run by the group every 10 ms (at 0, 10, 20, ... ms, in slot `start`).
 *
 * Not in the tutorial: a second StateMonitor records I every 10 ms so that the currents can be
 * printed.
 *
 * Run: npx tsc -b && node dist/examples/brian-tutorial/hh-run-regularly.js [duration]   (default '50 ms')
 * Prints, per 10 ms, the current, the range of v and the spikes; then v at every spike.
 */
import { Network } from '@neurite/runtime';
import { isMain, type ExampleOptions } from './common.js';
import { currentsFrom, El, eqs_HH, HH_PARAMETERS, printHH, type HHResult } from './hh-model.js';

export async function main(options: ExampleOptions = {}): Promise<HHResult> {
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
  const currentmon = net.stateMonitor(group, 'I', { record: true, dt: '10 ms' });
  // we replace the loop with a run_regularly
  group.runRegularly('I = rand()*50*nA', { dt: '10 ms' });
  await net.run(options.duration ?? '50 ms');
  return printHH(net, 'HH neuron, run_regularly sets a random current every 10 ms', statemon, spikemon, currentsFrom(currentmon));
}

if (isMain(import.meta.url)) await main({ ...(process.argv[2] ? { duration: process.argv[2] } : {}) });
