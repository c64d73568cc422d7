/**
 * COBAHH (Brette et al. 2007, Benchmark 3): 4000 Hodgkin–Huxley neurons (Traub–Miles sodium and
 * potassium channels) with conductance-based exponential synapses — 3200 excitatory neurons
 * (`ge += we`) and 800 inhibitory ones (`gi += wi`), each pair connected with probability 0.02,
 * integrated with exponential Euler. There is no reset: the 3 ms refractory period only stops one
 * upswing through -20 mV from counting as several spikes. Activity is driven by the random initial
 * conditions and sustained by the recurrent excitation.
 * The same model as Brian2's examples/COBAHH.py (../shared/brian2/cobahh.py is its timing script);
 * the network itself is built by bench/cobahh-model.ts, which the benchmark suite uses too.
 *
 * Run: npx tsc -b && node dist/examples/cobahh/main.js [N] [duration] [--backend gpujs]
 *      (default 4000 neurons, '1 s'; with N other than 4000, p = 0.02·4000/N keeps 80 inputs per neuron,
 *      as the benchmark script does)
 * Prints the number of synapses, spikes, the mean rate, the wall time and v of neurons 1, 10, 100.
 */
import { pathToFileURL } from 'node:url';
import { Network, type BackendOption } from '@neurite/runtime';
import { buildCobahh } from '../../bench/cobahh-model.js';

export interface CobahhOptions {
  /** Number of neurons (default 4000); the first 80% are excitatory. */
  readonly N?: number;
  /** Biological time (default `'1 s'`). */
  readonly duration?: string;
  readonly backend?: BackendOption;
  readonly seed?: number;
  /** Print the summary (default true). */
  readonly print?: boolean;
  /** Print progress while running (Brian's `report='text'`; default false). */
  readonly report?: boolean;
}

export interface CobahhResult {
  readonly N: number;
  readonly synapses: number;
  readonly seconds: number;
  readonly numSpikes: number;
  /** Mean firing rate in Hz. */
  readonly rate: number;
  /** Spike counts of the excitatory and inhibitory populations. */
  readonly excitatorySpikes: number;
  readonly inhibitorySpikes: number;
  /** The recorded trace: times (s) and v (mV) of neurons 1, 10 and 100 (those that exist). */
  readonly trace: { readonly t: Float64Array; readonly indices: readonly number[]; readonly v: readonly Float64Array[] };
  readonly wall: { readonly build: number; readonly run: number };
}

// The model lives in bench/cobahh-model.ts, shared with the benchmark suite; re-exported for
// users of this example.
export { COBAHH_EQUATIONS, COBAHH_NAMESPACE } from '../../bench/cobahh-model.js';

export async function main(options: CobahhOptions = {}): Promise<CobahhResult> {
  const N = options.N ?? 4000;
  const duration = options.duration ?? '1 s';
  const backend = options.backend ?? 'js';
  const print = options.print ?? true;
  const started = performance.now();
  const net = new Network({ dt: '0.1 ms', seed: options.seed ?? 1, backend });
  const { P, Ce, Ci, Ne, spikes } = buildCobahh(net, N);
  const recorded = [1, 10, 100].filter((k) => k < N);
  const trace = net.stateMonitor(P, 'v', { record: recorded });
  const built = performance.now();

  await net.run(duration, options.report ? { report: 'text' } : {});
  const done = performance.now();

  const seconds = net.t;
  const counts = spikes.count;
  let excitatorySpikes = 0;
  for (let k = 0; k < Ne; k++) excitatorySpikes += counts[k]!;
  const result: CobahhResult = {
    N,
    synapses: Ce.N + Ci.N,
    seconds,
    numSpikes: spikes.numSpikes,
    rate: spikes.numSpikes / N / seconds,
    excitatorySpikes,
    inhibitorySpikes: spikes.numSpikes - excitatorySpikes,
    trace: { t: trace.t, indices: recorded, v: trace.values('v', 'mV') },
    wall: { build: (built - started) / 1000, run: (done - built) / 1000 },
  };

  if (print) {
    const backendName = typeof backend === 'string' ? backend : backend.name;
    console.log(`COBAHH: ${N} neurons (${Ne} E, ${N - Ne} I), ${result.synapses} synapses, ${seconds} s simulated (backend ${backendName})`);
    console.log(`  spikes: ${result.numSpikes} (E ${excitatorySpikes}, I ${result.inhibitorySpikes}), mean rate ${result.rate.toFixed(2)} Hz`);
    console.log(`  wall time: build ${result.wall.build.toFixed(3)} s, run ${result.wall.run.toFixed(3)} s`);
    const t = result.trace.t;
    const every = Math.max(1, Math.floor(t.length / 10));
    for (const [k, i] of recorded.entries()) {
      const v = result.trace.v[k]!;
      let min = Infinity;
      let max = -Infinity;
      for (const x of v) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      const samples: string[] = [];
      for (let s = 0; s < v.length; s += every) samples.push(v[s]!.toFixed(1));
      console.log(`  v[${i}] (mV): min ${min.toFixed(1)}, max ${max.toFixed(1)}; every ${((every * net.dt) * 1000).toFixed(1)} ms: ${samples.join(' ')}`);
    }
  }
  return result;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const backend = args.includes('--backend') ? (args[args.indexOf('--backend') + 1] as 'js' | 'gpujs') : 'js';
  await main({
    N: Number(args.find((a) => /^\d+$/.test(a)) ?? 4000),
    duration: args.find((a) => /\d\s*m?s$/.test(a)) ?? '1 s',
    backend,
    report: true,
  });
}
