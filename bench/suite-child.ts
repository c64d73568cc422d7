/**
 * One Neurite run of the benchmark suite, in a process of its own (bench/suite.ts spawns it), so
 * that each run pays module loading and JIT warm-up as a user's run does. Prints one JSON line,
 * a {@link ChildResult}.
 *
 * Run: node dist/bench/suite-child.js --model=cuba|cobahh|lif --n=4000 --duration=1 [--backend=js|gpujs-cpu|...] [--threads=2]
 *      (duration in seconds; `gpujs-<mode>` is the gpujs backend in that gpu.js mode; threads: the
 *      Network's `threads` option)
 */
import { fileURLToPath } from 'node:url';
import type { BackendOption, Network, SpikeMonitor } from '@neurite/runtime';
import { buildCobahh } from './cobahh-model.js';
import { buildCuba } from './cuba-model.js';
import { buildLif } from './lif-model.js';

/** The models the child can build, each from its shared builder. */
export const MODELS = {
  cuba: (net: Network, N: number): SpikeMonitor => buildCuba(net, N).spikes,
  cobahh: (net: Network, N: number): SpikeMonitor => buildCobahh(net, N).spikes,
  lif: (net: Network, N: number): SpikeMonitor => buildLif(net, N).spikes,
} as const;

export type ModelName = keyof typeof MODELS;

/** What one child run prints (times in ms, memory in kB). */
export interface ChildResult {
  /** Process start (`performance.timeOrigin`) to `@neurite/runtime` loaded. */
  readonly importMs: number;
  /** `new Network()` to the start of the first step (groups, connect, kernel compilation). */
  readonly buildMs: number;
  /** Start of the first step to the end of `run()`. */
  readonly simMs: number;
  readonly spikes: number;
  /** Peak resident set size of this process (`process.resourceUsage().maxRSS`). */
  readonly maxRssKb: number;
}

/** The arguments of {@link childArgs}, parsed back. */
export interface ChildSpec {
  readonly model: ModelName;
  readonly N: number;
  /** Biological time in seconds. */
  readonly duration: number;
  /** `js` or `gpujs-<mode>`. */
  readonly backend: string;
  /** The Network's `threads` (default 1). */
  readonly threads?: number;
}

/** The command line (after the script path) that makes a child run `spec`. */
export function childArgs(spec: ChildSpec): string[] {
  return [`--model=${spec.model}`, `--n=${spec.N}`, `--duration=${spec.duration}`, `--backend=${spec.backend}`, ...(spec.threads !== undefined && spec.threads > 1 ? [`--threads=${spec.threads}`] : [])];
}

/** The path of this script once compiled (dist/bench/suite-child.js). */
export const CHILD_SCRIPT = fileURLToPath(import.meta.url);

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function backendOption(name: string): BackendOption {
  if (name === 'js') return 'js';
  if (name.startsWith('gpujs-')) return { name: 'gpujs', mode: name.slice('gpujs-'.length) };
  throw new Error(`unknown backend '${name}' (js or gpujs-<mode>)`);
}

async function child(): Promise<void> {
  const model = arg('model') as ModelName;
  if (!(model in MODELS)) throw new Error(`unknown model '${model}' (${Object.keys(MODELS).join(', ')})`);
  const N = Number(arg('n') ?? 4000);
  const duration = Number(arg('duration') ?? 1);
  const { Network } = await import('@neurite/runtime');
  const importMs = performance.now();
  const started = performance.now();
  const net = new Network({ dt: '0.1 ms', seed: 1, backend: backendOption(arg('backend') ?? 'js'), threads: Number(arg('threads') ?? 1) });
  const spikes = MODELS[model](net, N);
  let firstStep = 0;
  // Called on the first step only (its period is the whole run), so it costs nothing while stepping.
  net.networkOperation(() => {
    if (firstStep === 0) firstStep = performance.now();
  }, { when: 'start', dt: `${duration} s` });
  await net.run(`${duration} s`);
  const done = performance.now();
  const result: ChildResult = {
    importMs,
    buildMs: firstStep - started,
    simMs: done - firstStep,
    spikes: spikes.numSpikes,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  console.log(JSON.stringify(result));
}

if (process.argv[1] === CHILD_SCRIPT) await child();
