/**
 * Brian tutorial 3, "Changing things during a run", third cell: the current is changed by a
 * `network_operation` — any TypeScript function, called every 10 ms (slot `start`) — instead of
 * run_regularly code. Brian's operation draws with numpy's `rand()`; this one uses the network's
 * generator.
 *
 * Not in the tutorial: a second StateMonitor records I every 10 ms so that the currents can be
 * printed.
 *
 * Run: npx tsc -b && node dist/examples/brian-tutorial/hh-network-operation.js [duration]   (default '50 ms')
 * Prints, per 10 ms, the current, the range of v and the spikes; then v at every spike.
 */
import { Network } from '@neurite/runtime';
import { isMain, type ExampleOptions } from './common.js';
import { currentsFrom, El, eqs_HH, HH_PARAMETERS, nA, printHH, type HHResult } from './hh-model.js';

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
  // we replace the loop with a network_operation
  net.networkOperation(
    function change_I() {
      group.set('I', net.rng.uniform() * 50 * nA); // rand()*50*nA
    },
    { dt: '10 ms' },
  );
  await net.run(options.duration ?? '50 ms');
  return printHH(net, 'HH neuron, a network_operation sets a random current every 10 ms', statemon, spikemon, currentsFrom(currentmon));
}

if (isMain(import.meta.url)) await main({ ...(process.argv[2] ? { duration: process.argv[2] } : {}) });
