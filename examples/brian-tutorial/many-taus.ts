/**
 * Brian tutorial 3, "Multiple runs", fourth and fifth cells: instead of a loop, one group of 30
 * output neurons with tau as a per-neuron parameter (`tau : second`), all driven by the same 100
 * Poisson inputs, run once. Then the mean and standard deviation of each neuron's interspike
 * intervals, from `spikeTrains()` (NaN where a neuron has fewer than three spikes, as in the
 * tutorial's `if len(train) > 1` on the intervals).
 *
 * Every output neuron sees the same input spikes, so with the same seed its spike count equals the
 * count of the corresponding run of spike-generator-replay.ts (the input drawn by the same
 * generator in the same order).
 *
 * Run: npx tsc -b && node dist/examples/brian-tutorial/many-taus.js [duration]
 * Prints the output rate, ISI mean and ISI std (ms) for each tau.
 */
import { Network } from '@neurite/runtime';
import { input_rate, isMain, meanStd, num_inputs, printPerTau, tau_range, weight, type ExampleOptions } from './common.js';
import type { RatesResult } from './multiple-runs.js';

export interface ManyTausResult extends RatesResult {
  /** ISI mean and standard deviation (seconds) per tau; NaN with fewer than 3 spikes. */
  readonly isiMean: readonly number[];
  readonly isiStd: readonly number[];
}

export async function main(options: ExampleOptions = {}): Promise<ManyTausResult> {
  const duration = options.duration ?? '1 s';
  const started = performance.now();
  const num_tau = tau_range.length;
  const net = new Network({ seed: options.seed ?? 1 });
  const P = net.poissonGroup(num_inputs, input_rate);
  // We make tau a parameter of the group
  const eqs = `
  dv/dt = -v/tau : 1
  tau : second
  `;
  // And we have num_tau output neurons, each with a different tau
  const G = net.neuronGroup(num_tau, eqs, { threshold: 'v>1', reset: 'v=0', method: 'exact' });
  G.set('tau', tau_range);
  const S = net.synapses(P, G, { onPre: 'v += weight', namespace: { weight } });
  S.connect();
  const M = net.spikeMonitor(G);
  // Now we can just run once with no loop
  await net.run(duration);
  const counts = Array.from(M.count);
  const output_rates = counts.map((c) => c / net.t); // firing rate is count/duration

  const trains = M.spikeTrains();
  const isi_mu = new Array<number>(num_tau).fill(Number.NaN);
  const isi_std = new Array<number>(num_tau).fill(Number.NaN);
  for (let idx = 0; idx < num_tau; idx++) {
    const spikes = trains[idx]!;
    const train = spikes.slice(1).map((t, k) => t - spikes[k]!); // diff
    if (train.length > 1) ({ mean: isi_mu[idx], std: isi_std[idx] } = meanStd(train));
  }
  const wall = (performance.now() - started) / 1000;
  console.log(`One group of ${num_tau} neurons with tau as a parameter, one run of ${duration}: ${wall.toFixed(2)} s wall`);
  printPerTau('output rate (sp/s)', tau_range, output_rates);
  printPerTau('ISI mean (ms)', tau_range, isi_mu.map((x) => x * 1e3), 2);
  printPerTau('ISI std (ms)', tau_range, isi_std.map((x) => x * 1e3), 2);
  return { tau: tau_range, rates: output_rates, counts, wall, isiMean: isi_mu, isiStd: isi_std };
}

if (isMain(import.meta.url)) await main({ ...(process.argv[2] ? { duration: process.argv[2] } : {}) });
