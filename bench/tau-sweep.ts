/**
 * Benchmark: the 30-value tau sweep of Brian's tutorial part 3 (../shared/seeds/004_*.txt):
 * a SpikeGeneratorGroup replays 1 s of 100 Poisson inputs at 10 Hz into one neuron
 * `dv/dt = -v/tau : 1` (threshold v > 1, reset v = 0, on_pre v += 0.1), for
 * tau = linspace(1, 10, 30) ms.
 *
 * - sequential: the tutorial's loop, `store()` once, then 30 × (`restore()`, `run('1 s')`);
 * - batched: 30 copies in one simulation — `net.batched({ params: { tau } })` builds them at the
 *   first sweep (timed with it), and every sweep is one `run('1 s')` of that batch, as every
 *   sequential sweep reuses its network. (`runBatch` builds the copies again on each call: the
 *   same first sweep, ~1 ms more per later sweep.)
 *
 * Issue 5's target: batched at least 5× faster than sequential. Each measurement is a fresh
 * process (`--child=sequential|batched`, printing one JSON line: buildMs — network construction
 * to `store()`; simMs — the sweep, kernel compilation included; spikes — output spikes over all
 * 30 values; maxRssKb). Both must give the same spike count per tau (checked here).
 * `--child=sequential-warm|batched-warm` time a second sweep in the same process (the first one
 * warms up the JIT and compiles the kernels): what a session that sweeps more than once sees.
 * `--child=sequential-steady|batched-steady` run 20 warm-up sweeps and then 10 timed ones in the same
 * process and report their median: the steady state, once V8 has optimised the code both ways
 * use (the usual warm-up-then-measure method for code under a JIT).
 *
 * The input is bench/fixtures/tau-sweep-input.json (1 s of 100 Poisson trains at 10 Hz, drawn once
 * with numpy), which bench/brian2/tau_sweep.py replays too: spike counts must equal Brian2's.
 *
 * Run: node dist/bench/tau-sweep.js [runs]   (default 5 runs of each, medians)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Network, type BatchedNetwork } from '@neurite/runtime';
import { median } from './median.js';

const TAUS_MS = Array.from({ length: 30 }, (_, k) => 1 + (9 * k) / 29);

interface ChildResult {
  readonly buildMs: number;
  readonly simMs: number;
  readonly spikes: number;
  readonly maxRssKb: number;
  /** Output spikes per tau (for the equality check). */
  readonly counts: readonly number[];
}

type Mode = 'sequential' | 'batched' | 'sequential-warm' | 'batched-warm' | 'sequential-steady' | 'batched-steady';

/** Steady-state modes: sweeps run (and not timed) before the timed ones, and timed sweeps. */
const WARM_UP_SWEEPS = 20;
const TIMED_SWEEPS = 10;

/** The input spikes (bench/fixtures/tau-sweep-input.json): indices and times in seconds. */
function inputSpikes(): { i: number[]; t: number[] } {
  const file = new URL('../../bench/fixtures/tau-sweep-input.json', import.meta.url);
  const data = JSON.parse(readFileSync(file, 'utf8')) as { dt: number; i: number[]; step: number[] };
  return { i: data.i, t: data.step.map((k) => k * data.dt) };
}

async function child(mode: Mode): Promise<ChildResult> {
  const spikes = inputSpikes();
  const t0 = performance.now();
  const net = new Network({ dt: '0.1 ms' });
  const input = net.spikeGeneratorGroup(100, spikes.i, spikes.t);
  const G = net.neuronGroup(1, 'dv/dt = -v/tau : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'exact' });
  const S = net.synapses(input, G, { onPre: 'v += weight' });
  S.connect();
  const M = net.spikeMonitor(G);
  net.store();
  const t1 = performance.now();
  const namespace = { weight: 0.1, tau: '1 ms' };
  let batch: BatchedNetwork | undefined;
  const sweep = async (): Promise<number[]> => {
    if (mode.startsWith('sequential')) {
      const counts: number[] = [];
      for (const tau of TAUS_MS) {
        net.restore();
        await net.run('1 s', { namespace: { ...namespace, tau: `${tau} ms` } });
        counts.push(M.numSpikes);
      }
      return counts;
    }
    batch ??= net.batched({ params: { tau: TAUS_MS.map((tau) => `${tau} ms`) }, namespace });
    const result = await batch.run('1 s');
    return result.monitors(M).map((m) => m.numSpikes);
  };
  const first = await sweep();
  let simMs = performance.now() - t1;
  let counts = first;
  if (mode.endsWith('-warm')) {
    const started = performance.now();
    counts = await sweep();
    simMs = performance.now() - started;
  } else if (mode.endsWith('-steady')) {
    for (let k = 1; k < WARM_UP_SWEEPS; k++) await sweep();
    const times: number[] = [];
    for (let k = 0; k < TIMED_SWEEPS; k++) {
      const started = performance.now();
      counts = await sweep();
      times.push(performance.now() - started);
    }
    simMs = median(times);
  }
  // Every sweep of a process must simulate the same thing (nothing may leak from one to the next).
  if (counts.join() !== first.join()) throw new Error(`tau sweep (${mode}): a later sweep gave other spike counts than the first (${counts.join()} vs ${first.join()})`);
  return { buildMs: t1 - t0, simMs, spikes: counts.reduce((a, b) => a + b, 0), maxRssKb: process.resourceUsage().maxRSS, counts };
}

function spawnChild(mode: string): ChildResult {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), `--child=${mode}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tau sweep (${mode}) failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

const MODES: readonly string[] = ['sequential', 'batched', 'sequential-warm', 'batched-warm', 'sequential-steady', 'batched-steady'];
const mode = process.argv.find((a) => a.startsWith('--child='))?.slice('--child='.length);
if (mode !== undefined && MODES.includes(mode)) {
  console.log(JSON.stringify(await child(mode as Mode)));
} else {
  const runs = Math.max(1, Number(process.argv[2] ?? 5));
  const results = new Map<string, ChildResult[]>(MODES.map((m) => [m, []]));
  // Alternating, so that all modes see the same load on a shared machine.
  for (let k = 0; k < runs; k++) for (const m of MODES) results.get(m)!.push(spawnChild(m));
  const med = (m: string) => median(results.get(m)!.map((r) => r.simMs));
  const line = (m: string) => `${(med(m) / 1000).toFixed(3)} s (runs ${results.get(m)!.map((r) => (r.simMs / 1000).toFixed(3)).join(', ')})`;
  const all = [...results.values()].flat();
  const same = all.every((r) => r.counts.join() === all[0]!.counts.join());
  console.log(`Tau sweep (Brian tutorial 3): 30 taus, 1 s each, 100 replayed inputs -> 1 neuron; ${runs} fresh processes each, medians`);
  console.log(`  first sweep of a process:  sequential (30 x restore + run) ${line('sequential')}`);
  console.log(`                             batched (net.batched, 30 copies) ${line('batched')}  -> ${(med('sequential') / med('batched')).toFixed(1)}x`);
  console.log(`  second sweep of a process: sequential ${line('sequential-warm')}`);
  console.log(`                             batched    ${line('batched-warm')}  -> ${(med('sequential-warm') / med('batched-warm')).toFixed(1)}x`);
  console.log(`  steady state (median of sweeps ${WARM_UP_SWEEPS + 1}-${WARM_UP_SWEEPS + TIMED_SWEEPS} of a process): sequential ${line('sequential-steady')}`);
  console.log(`                             batched    ${line('batched-steady')}  -> ${(med('sequential-steady') / med('batched-steady')).toFixed(1)}x`);
  console.log(`  target: batched >= 5x faster; output spikes ${all[0]!.spikes}; same count for every tau in every run: ${same ? 'yes' : 'NO'}`);
  if (!same) process.exitCode = 1;
}
