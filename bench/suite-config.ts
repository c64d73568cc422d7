/**
 * What the benchmark suite (bench/suite.ts) runs, read from the environment:
 *
 * - `BENCH_RUNS`: timed runs per cell, default 3 (at least 3 unless quick);
 * - `BENCH_QUICK=1`: 0.1 s runs (still long enough for the gpujs probes) and 1 run, for development and smoke tests; writes
 *   dist/BENCHMARKS.quick.md instead of BENCHMARKS.md, so quick figures are never committed by mistake;
 * - `BENCH_ONLY`: comma-separated row ids (cuba-4k, cuba-40k, cobahh-4k, lif-100k, tau-sweep);
 * - `BENCH_OUT`: where to write the report;
 * - `BENCH_GPUJS_CAP_S`: a gpujs cell whose run is estimated (from two short probe runs) to take
 *   longer is not run in full but shows the estimate; default 45 (quick: 5), which keeps a full
 *   suite within ~20 minutes on this 2-vCPU VM;
 * - `BENCH_BRIAN_FRESH`: `1` deletes Brian's standalone project directories first, so its end-to-end
 *   time includes the full g++ build a user pays for a new model (the default, except in quick
 *   mode); `0` keeps them, so g++ reuses the objects of an earlier build;
 * - `BRIAN2_PYTHON` (default /usr/bin/python3), `BRIAN2_CUBA`, `BRIAN2_COBAHH` (default
 *   ../shared/brian2/cuba.py and cobahh.py).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelName } from './suite-child.js';

/** The repository root (this file runs from dist/bench). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One model row group: the same network in Neurite (suite-child.ts) and in a Brian2 script. */
export interface ModelSpec {
  readonly id: string;
  /** As shown in the table. */
  readonly label: string;
  readonly model: ModelName;
  readonly N: number;
  /** Biological time in seconds. */
  readonly duration: number;
  /** The Brian2 script; called as `script <standalone|cython> N duration`, prints `... spikes S ... wall W`. */
  readonly brianScript: string;
  /** The directory where the script puts its cpp_standalone project. */
  readonly brianProject: string;
}

export interface SuiteConfig {
  readonly quick: boolean;
  readonly runs: number;
  readonly only: readonly string[] | undefined;
  readonly out: string;
  readonly gpujsCapS: number;
  readonly brianFresh: boolean;
  readonly python: string;
  readonly models: readonly ModelSpec[];
  /** Biological time of each of the tau sweep's 30 runs (seconds). */
  readonly tauSweepDuration: number;
}

/** The suite's configuration from `env`. */
export function suiteConfig(env: NodeJS.ProcessEnv = process.env): SuiteConfig {
  const quick = env['BENCH_QUICK'] === '1';
  const runs = quick ? Number(env['BENCH_RUNS'] ?? 1) : Math.max(3, Number(env['BENCH_RUNS'] ?? 3));
  // Quick mode keeps every code path (build, compile, Brian) and shortens only the simulated time.
  const d = (full: number): number => (quick ? Math.min(full, 0.1) : full);
  const shared = resolve(REPO_ROOT, '..', 'shared', 'brian2');
  const cuba = env['BRIAN2_CUBA'] ?? resolve(shared, 'cuba.py');
  const cobahh = env['BRIAN2_COBAHH'] ?? resolve(shared, 'cobahh.py');
  const lif = resolve(REPO_ROOT, 'bench', 'brian2', 'lif.py');
  return {
    quick,
    runs,
    only: env['BENCH_ONLY'] ? env['BENCH_ONLY'].split(',').map((s) => s.trim()) : undefined,
    out: env['BENCH_OUT'] ?? resolve(REPO_ROOT, quick ? 'dist/BENCHMARKS.quick.md' : 'BENCHMARKS.md'),
    gpujsCapS: Number(env['BENCH_GPUJS_CAP_S'] ?? (quick ? 5 : 45)),
    brianFresh: (env['BENCH_BRIAN_FRESH'] ?? (quick ? '0' : '1')) !== '0',
    python: env['BRIAN2_PYTHON'] ?? '/usr/bin/python3',
    models: [
      { id: 'cuba-4k', label: 'CUBA 4 000', model: 'cuba', N: 4000, duration: d(1), brianScript: cuba, brianProject: '/tmp/brian2_cuba_sa_4000' },
      { id: 'cuba-40k', label: 'CUBA 40 000', model: 'cuba', N: 40_000, duration: d(1), brianScript: cuba, brianProject: '/tmp/brian2_cuba_sa_40000' },
      { id: 'cobahh-4k', label: 'COBAHH 4 000', model: 'cobahh', N: 4000, duration: d(1), brianScript: cobahh, brianProject: '/tmp/brian2_cobahh_sa_4000' },
      { id: 'lif-100k', label: 'LIF 100 000, no synapses', model: 'lif', N: 100_000, duration: d(1), brianScript: lif, brianProject: '/tmp/brian2_lif_sa_100000' },
    ],
    tauSweepDuration: quick ? 0.1 : 1,
  };
}

/** Whether row `id` is to run. */
export function selected(config: SuiteConfig, id: string): boolean {
  return config.only === undefined || config.only.includes(id);
}
