/**
 * Brian tutorial 3 ("Introduction to Brian part 3: Simulations"), section "Multiple runs", first
 * cell: how does the firing rate of a leaky integrate-and-fire neuron driven by 100 Poisson inputs
 * (10 Hz each, weight 0.1) depend on its membrane time constant? For each of 30 values of tau
 * (linspace(1, 10, 30) ms) the whole network is built again and run for 1 s.
 *
 * Brian draws every random number from one global generator that carries on from run to run, so
 * each iteration sees new Poisson spikes and the curve is noisy. Each Neurite network owns its
 * generator; handing the state of one network's generator to the next reproduces Brian's behaviour
 * (and makes this loop give exactly the rates of store-restore.ts, which runs the same draws).
 *
 * Run: npx tsc -b && node dist/examples/brian-tutorial/multiple-runs.js [duration]   (default '1 s')
 * Prints the output rate (Hz) for each tau — the tutorial's plot of rate against tau.
 */
import { Network } from '@neurite/runtime';
import { input_rate, isMain, num_inputs, printPerTau, seconds, tau_range, weight, type ExampleOptions, type RandomState } from './common.js';

export interface RatesResult {
  /** Time constants in seconds. */
  readonly tau: readonly number[];
  /** Output rate (Hz) for each tau. */
  readonly rates: readonly number[];
  /** Output spike count for each tau. */
  readonly counts: readonly number[];
  /** Wall time of the whole loop in seconds. */
  readonly wall: number;
}

export async function main(options: ExampleOptions = {}): Promise<RatesResult> {
  const duration = options.duration ?? '1 s';
  const started = performance.now();
  const output_rates: number[] = [];
  const counts: number[] = [];
  let random: RandomState | undefined;
  // Iterate over range of time constants
  for (const tau of tau_range) {
    // Construct the network each time
    const net = new Network({ seed: options.seed ?? 1 });
    if (random) net.rng.setState(random); // Brian's global generator carries on
    const P = net.poissonGroup(num_inputs, input_rate);
    const eqs = `
    dv/dt = -v/tau : 1
    `;
    const G = net.neuronGroup(1, eqs, { threshold: 'v>1', reset: 'v=0', method: 'exact' });
    const S = net.synapses(P, G, { onPre: 'v += weight' });
    S.connect();
    const M = net.spikeMonitor(G);
    // Run it and store the output firing rate in the list; tau and weight come from the run's
    // namespace, as Brian takes them from the caller's variables.
    await net.run(duration, { namespace: { tau: seconds(tau), weight } });
    output_rates.push(M.numSpikes / net.t);
    counts.push(M.numSpikes);
    random = net.rng.getState();
  }
  const wall = (performance.now() - started) / 1000;
  console.log(`Multiple runs, network rebuilt for each of ${tau_range.length} values of tau (${duration} each): ${wall.toFixed(2)} s wall`);
  printPerTau('output rate (sp/s)', tau_range, output_rates);
  return { tau: tau_range, rates: output_rates, counts, wall };
}

if (isMain(import.meta.url)) await main({ ...(process.argv[2] ? { duration: process.argv[2] } : {}) });
