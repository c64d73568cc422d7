/**
 * Brian tutorial 3, "Multiple runs", second cell: the same sweep over 30 time constants as
 * multiple-runs.ts, but the network is built once; `store()` saves its initial state and each
 * iteration `restore()`s it and runs with the new tau (taken from the run's namespace: no
 * recompilation, tau is a kernel argument).
 *
 * Random numbers: Brian's `restore()` leaves the random generator alone by default
 * (`restore_random_state=False`), so each iteration draws new Poisson spikes and the curve is as
 * noisy as the first cell's — with the same seed, it is the same curve. Neurite's `restore()` always
 * brings back the generator's state too (Brian's `restore(restore_random_state=True)`); this
 * example keeps Brian's default by putting the generator's state back after each restore. With
 * `restoreRandomState: true` every iteration replays the same input spikes instead (then the
 * rates equal those of spike-generator-replay.ts and many-taus.ts).
 *
 * Run: npx tsc -b && node dist/examples/brian-tutorial/store-restore.js [duration] [--restore-random-state]
 * Prints the output rate (Hz) for each tau.
 */
import { Network } from '@neurite/runtime';
import { input_rate, isMain, num_inputs, printPerTau, seconds, tau_range, weight, type ExampleOptions } from './common.js';
import type { RatesResult } from './multiple-runs.js';

export interface StoreRestoreOptions extends ExampleOptions {
  /** Restore the random generator as well (Brian's `restore_random_state=True`); default false, as Brian. */
  readonly restoreRandomState?: boolean;
}

export async function main(options: StoreRestoreOptions = {}): Promise<RatesResult> {
  const duration = options.duration ?? '1 s';
  const restoreRandomState = options.restoreRandomState ?? false;
  const started = performance.now();
  const output_rates: number[] = [];
  const counts: number[] = [];
  // Construct the network just once
  const net = new Network({ seed: options.seed ?? 1 });
  const P = net.poissonGroup(num_inputs, input_rate);
  const eqs = `
  dv/dt = -v/tau : 1
  `;
  const G = net.neuronGroup(1, eqs, { threshold: 'v>1', reset: 'v=0', method: 'exact' });
  const S = net.synapses(P, G, { onPre: 'v += weight' });
  S.connect();
  const M = net.spikeMonitor(G);
  // Store the current state of the network
  net.store();
  for (const tau of tau_range) {
    // Restore the original state of the network (Brian's default keeps the random generator going)
    const random = net.rng.getState();
    net.restore();
    if (!restoreRandomState) net.rng.setState(random);
    // Run it with the new value of tau
    await net.run(duration, { namespace: { tau: seconds(tau), weight } });
    output_rates.push(M.numSpikes / (net.t));
    counts.push(M.numSpikes);
  }
  const wall = (performance.now() - started) / 1000;
  console.log(`Store/restore, one network, ${tau_range.length} runs of ${duration}${restoreRandomState ? ' (random state restored too)' : ''}: ${wall.toFixed(2)} s wall`);
  printPerTau('output rate (sp/s)', tau_range, output_rates);
  return { tau: tau_range, rates: output_rates, counts, wall };
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  const duration = args.find((a) => !a.startsWith('--'));
  await main({ ...(duration ? { duration } : {}), restoreRandomState: args.includes('--restore-random-state') });
}
