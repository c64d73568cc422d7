/**
 * Brian tutorial 3, "Changing things during a run", sixth cell: the fix of hh-capacitance.ts —
 * `I : amp (shared)` makes the current one value for the whole group, so run_regularly's
 * `I = rand()*50*nA` draws one current every 10 ms and all three neurons (C = 0.8, 1, 1.2 µF/cm²
 * times the area) receive it. "Ahh, that's more like it!"
 *
 * Run: npx tsc -b && node dist/examples/brian-tutorial/hh-shared-variable.js [duration]   (default '50 ms')
 * Prints, per 10 ms and neuron, the (now common) current, the range of v and the spikes (from a
 * SpikeMonitor and a monitor of I every 10 ms that the tutorial's cell does not have).
 */
import { Network } from '@neurite/runtime';
import { isMain, type ExampleOptions } from './common.js';
import { currentsFrom, El, eqs_HH_3, HH_PARAMETERS, printHH, unitCapacitance, type HHResult } from './hh-model.js';

export async function main(options: ExampleOptions = {}): Promise<HHResult> {
  const N = 3;
  const net = new Network({ seed: options.seed ?? 1 });
  const group = net.neuronGroup(N, eqs_HH_3, {
    threshold: 'v > -40*mV',
    refractory: 'v > -40*mV',
    method: 'exponential_euler',
    namespace: HH_PARAMETERS,
  });
  group.set('v', El);
  group.set('C', [0.8, 1, 1.2].map((c) => c * unitCapacitance)); // array([0.8, 1, 1.2])*ufarad*cm**-2*area
  const statemon = net.stateMonitor(group, 'v', { record: true });
  const spikemon = net.spikeMonitor(group); // not in the tutorial: to print the spikes
  const currentmon = net.stateMonitor(group, 'I', { record: [0, 1, 2], dt: '10 ms' }); // nor this
  group.runRegularly('I = rand()*50*nA', { dt: '10 ms' });
  await net.run(options.duration ?? '50 ms');
  return printHH(net, 'Three HH neurons (C = 0.8, 1, 1.2 uF/cm2 * area), I : amp (shared), run_regularly', statemon, spikemon, currentsFrom(currentmon));
}

if (isMain(import.meta.url)) await main({ ...(process.argv[2] ? { duration: process.argv[2] } : {}) });
