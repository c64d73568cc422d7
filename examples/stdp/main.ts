/**
 * Spike-timing-dependent plasticity (Song, Miller & Abbott 2000), as Brian2's
 * examples/synapses/STDP.py: 1000 Poisson inputs at 15 Hz drive one conductance-based
 * integrate-and-fire neuron through plastic synapses. Each synapse keeps two traces, updated only
 * at spikes (`(event-driven)`): a presynaptic spike adds `dApre` to `Apre` and moves the weight by
 * `Apost`, a postsynaptic spike adds `dApost` (negative, slightly larger) to `Apost` and moves the
 * weight by `Apre`, weights clipped to [0, gmax]. Competition between the inputs drives the
 * weights from their uniform start towards the two bounds: a bimodal distribution after ~100 s.
 *
 * Run: npx tsc -b && node dist/examples/stdp/main.js [duration] [seed]   (default '100 s', seed 1)
 * Prints the output spike count and rate, the wall time and a histogram of w/gmax (ten bins).
 */
import { pathToFileURL } from 'node:url';
import { Network } from '@neurite/runtime';

export interface StdpOptions {
  /** Biological time (default `'100 s'`, as Brian's example). */
  readonly duration?: string;
  readonly seed?: number;
  /** Print the summary (default true). */
  readonly print?: boolean;
}

export interface StdpResult {
  /** Initial and final weights over gmax, per synapse. */
  readonly initial: Float64Array;
  readonly final: Float64Array;
  /** Output spikes and the simulated time (s). */
  readonly numSpikes: number;
  readonly seconds: number;
  /** Wall time of the run (s). */
  readonly wall: number;
}

/** The constants of Brian's STDP.py (dApre and dApost already scaled by gmax, as it does). */
export const STDP_NAMESPACE = {
  taum: '10 ms',
  taupre: '20 ms',
  taupost: '20 ms',
  Ee: '0 mV',
  vt: '-54 mV',
  vr: '-60 mV',
  El: '-74 mV',
  taue: '5 ms',
  gmax: 0.01,
  dApre: 0.01 * 0.01,
  dApost: -0.01 * (20 / 20) * 1.05 * 0.01,
} as const;

export async function main(options: StdpOptions = {}): Promise<StdpResult> {
  const duration = options.duration ?? '100 s';
  const net = new Network({ seed: options.seed ?? 1 });
  const namespace = STDP_NAMESPACE;
  const input = net.poissonGroup(1000, '15 Hz');
  // v starts at 0 V, above threshold, as in Brian's script: the neuron fires at once and resets.
  const neuron = net.neuronGroup(1, 'dv/dt = (ge * (Ee-v) + El - v) / taum : volt\ndge/dt = -ge / taue : 1', {
    threshold: 'v>vt',
    reset: 'v = vr',
    method: 'euler',
    namespace,
  });
  const S = net.synapses(input, neuron, {
    model: `w : 1
            dApre/dt = -Apre / taupre : 1 (event-driven)
            dApost/dt = -Apost / taupost : 1 (event-driven)`,
    onPre: `ge += w
            Apre += dApre
            w = clip(w + Apost, 0, gmax)`,
    onPost: `Apost += dApost
             w = clip(w + Apre, 0, gmax)`,
    namespace,
  });
  S.connect();
  S.set('w', 'rand() * gmax');
  const spikes = net.spikeMonitor(neuron);
  const initial = S.get('w').map((w) => w / namespace.gmax);
  const started = performance.now();
  await net.run(duration);
  const wall = (performance.now() - started) / 1000;
  const final = S.get('w').map((w) => w / namespace.gmax);
  const result: StdpResult = { initial, final, numSpikes: spikes.numSpikes, seconds: net.t, wall };
  if (options.print ?? true) {
    console.log(`STDP: 1000 Poisson inputs at 15 Hz -> 1 neuron, ${net.t.toFixed(1)} s simulated`);
    console.log(`  output spikes: ${result.numSpikes} (${(result.numSpikes / net.t).toFixed(1)} Hz), wall time ${wall.toFixed(2)} s`);
    console.log(`  w/gmax, ten bins from 0 to 1: start ${histogram(initial).join(' ')}`);
    console.log(`                                end   ${histogram(final).join(' ')}`);
  }
  return result;
}

/** Counts of `values` (in [0, 1]) in ten equal bins, 1 in the last. */
export function histogram(values: ArrayLike<number>): number[] {
  const bins = new Array<number>(10).fill(0);
  for (let k = 0; k < values.length; k++) bins[Math.min(9, Math.floor(values[k]! * 10))]!++;
  return bins;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main({ ...(process.argv[2] ? { duration: process.argv[2] } : {}), ...(process.argv[3] ? { seed: Number(process.argv[3]) } : {}) });
}
