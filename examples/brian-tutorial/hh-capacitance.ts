/**
 * Brian tutorial 3, "Changing things during a run", fourth and fifth cells: three HH neurons with
 * different capacitances (0.8, 1 and 1.2 µF/cm² times the area) and run_regularly
 * `I = rand()*50*nA` every 10 ms. Since `I` is a per-neuron parameter, the code runs for each
 * neuron and each draws its own current — "something looks wrong": the plot of I shows three
 * different currents. hh-shared-variable.ts fixes it with `I : amp (shared)`.
 *
 * Brian records every variable with `StateMonitor(group, variables=True, record=True)`; Neurite
 * takes the list of names: v, m, n, h, I, C.
 *
 * Run: npx tsc -b && node dist/examples/brian-tutorial/hh-capacitance.js [duration]   (default '50 ms')
 * Prints, per 10 ms and neuron, the current (different for each neuron), the range of v and the
 * spikes (from a SpikeMonitor that the tutorial's cell does not have).
 */
import { Network } from '@neurite/runtime';
import { isMain, type ExampleOptions } from './common.js';
import { El, unitCapacitance, eqs_HH_2, HH_PARAMETERS, printHH, type HHResult } from './hh-model.js';

export async function main(options: ExampleOptions = {}): Promise<HHResult> {
  const N = 3;
  const net = new Network({ seed: options.seed ?? 1 });
  const group = net.neuronGroup(N, eqs_HH_2, {
    threshold: 'v > -40*mV',
    refractory: 'v > -40*mV',
    method: 'exponential_euler',
    namespace: HH_PARAMETERS,
  });
  group.set('v', El);
  // initialise with some different capacitances
  group.set('C', [0.8, 1, 1.2].map((c) => c * unitCapacitance)); // array([0.8, 1, 1.2])*ufarad*cm**-2*area
  const statemon = net.stateMonitor(group, ['v', 'm', 'n', 'h', 'I', 'C'], { record: true });
  const spikemon = net.spikeMonitor(group); // not in the tutorial: to print the spikes
  // we go back to run_regularly
  group.runRegularly('I = rand()*50*nA', { dt: '10 ms' });
  await net.run(options.duration ?? '50 ms');
  return printHH(net, 'Three HH neurons (C = 0.8, 1, 1.2 uF/cm2 * area), I : amp, run_regularly', statemon, spikemon, currentsAtSegments(statemon));
}

/** I of each neuron at the start of each 10 ms segment, from a monitor that records every step. */
export function currentsAtSegments(statemon: { readonly t: Float64Array; values(v: string, unit?: string): Float64Array[] }): number[][] {
  const I = statemon.values('I', 'nA');
  const out: number[][] = [];
  statemon.t.forEach((t, k) => {
    if (Math.abs(t / 0.01 - Math.round(t / 0.01)) < 1e-6) out.push(I.map((trace) => trace[k]!));
  });
  return out;
}

if (isMain(import.meta.url)) await main({ ...(process.argv[2] ? { duration: process.argv[2] } : {}) });
