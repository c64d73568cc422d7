/**
 * Brian tutorial 3, "Multiple runs", third cell: to see the effect of tau alone, the Poisson input
 * is generated once (a network with only the PoissonGroup and a SpikeMonitor), and its spikes are
 * replayed by a SpikeGeneratorGroup in a second network that is stored once and restored before
 * each of the 30 runs. Every run now sees the same input, so the rate grows smoothly with tau.
 *
 * Brian needs explicit `Network(...)` objects here so that the loop does not run the Poisson group
 * again; in Neurite every object belongs to the network that made it, so the two networks are
 * simply two `Network`s.
 *
 * Run: npx tsc -b && node dist/examples/brian-tutorial/spike-generator-replay.js [duration]
 * Prints the number of replayed input spikes and the output rate (Hz) for each tau.
 */
import { Network } from '@neurite/runtime';
import { input_rate, isMain, num_inputs, printPerTau, seconds, tau_range, weight, type ExampleOptions } from './common.js';
import type { RatesResult } from './multiple-runs.js';

export interface ReplayResult extends RatesResult {
  /** Number of input spikes recorded and replayed. */
  readonly inputSpikes: number;
}

export async function main(options: ExampleOptions = {}): Promise<ReplayResult> {
  const duration = options.duration ?? '1 s';
  const started = performance.now();
  const output_rates: number[] = [];
  const counts: number[] = [];

  // Construct the Poisson spikes just once
  const poissonNet = new Network({ seed: options.seed ?? 1 });
  const P = poissonNet.poissonGroup(num_inputs, input_rate);
  const MP = poissonNet.spikeMonitor(P);
  await poissonNet.run(duration);
  // And keep a copy of those spikes
  const spikes_i = MP.i;
  const spikes_t = MP.t;

  // Now construct the network that we run each time;
  // the SpikeGeneratorGroup gets the spikes that we created before
  const net = new Network({ seed: options.seed ?? 1 });
  const SGG = net.spikeGeneratorGroup(num_inputs, spikes_i, spikes_t);
  const eqs = `
  dv/dt = -v/tau : 1
  `;
  const G = net.neuronGroup(1, eqs, { threshold: 'v>1', reset: 'v=0', method: 'exact' });
  const S = net.synapses(SGG, G, { onPre: 'v += weight' });
  S.connect();
  const M = net.spikeMonitor(G);
  // Store the current state of the network
  net.store();
  for (const tau of tau_range) {
    // Restore the original state of the network
    net.restore();
    // Run it with the new value of tau
    await net.run(duration, { namespace: { tau: seconds(tau), weight } });
    output_rates.push(M.numSpikes / net.t);
    counts.push(M.numSpikes);
  }
  const wall = (performance.now() - started) / 1000;
  console.log(`SpikeGeneratorGroup replay of ${spikes_i.length} Poisson input spikes, ${tau_range.length} runs of ${duration}: ${wall.toFixed(2)} s wall`);
  printPerTau('output rate (sp/s)', tau_range, output_rates);
  return { tau: tau_range, rates: output_rates, counts, wall, inputSpikes: spikes_i.length };
}

if (isMain(import.meta.url)) await main({ ...(process.argv[2] ? { duration: process.argv[2] } : {}) });
