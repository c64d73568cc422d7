/**
 * Benchmark: the 30-value tau sweep of Brian's tutorial part 3 (../shared/seeds/004_*.txt):
 * a SpikeGeneratorGroup replays 1 s of 100 Poisson inputs at 10 Hz into one neuron
 * `dv/dt = -v/tau : 1` (threshold v > 1, reset v = 0, on_pre v += 0.1), for
 * tau = linspace(1, 10, 30) ms.
 *
 * - sequential: the tutorial's loop, `store()` once, then 30 × (`restore()`, `run('1 s')`);
 * - batched: one `runBatch('1 s', { params: { tau } })` — 30 copies in one simulation.
 *
 * Issue 5's target: batched at least 5× faster than sequential. Each measurement is a fresh
 * process (`--child=sequential|batched`, printing one JSON line: buildMs — network construction
 * to `store()`; simMs — the sweep, kernel compilation included; spikes — output spikes over all
 * 30 values; maxRssKb). Both must give the same spike count per tau (checked here).
 *
 * The input spikes are those of a seeded PoissonGroup (seed 42), recorded in the child itself.
 *
 * Run: node dist/bench/tau-sweep.js [runs]   (default 5 runs of each, medians)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Network } from '@neurite/runtime';
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

async function child(mode: 'sequential' | 'batched'): Promise<ChildResult> {
  // The input: 1 s of 100 Poisson trains at 10 Hz, recorded once (as the tutorial does).
  const source = new Network({ seed: 42 });
  const P = source.poissonGroup(100, '10 Hz');
  const MP = source.spikeMonitor(P);
  await source.run('1 s');

  const t0 = performance.now();
  const net = new Network({ dt: '0.1 ms' });
  const input = net.spikeGeneratorGroup(100, MP.i, MP.t);
  const G = net.neuronGroup(1, 'dv/dt = -v/tau : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'exact' });
  const S = net.synapses(input, G, { onPre: 'v += weight' });
  S.connect();
  const M = net.spikeMonitor(G);
  net.store();
  const t1 = performance.now();
  const namespace = { weight: 0.1, tau: '1 ms' };
  let counts: number[];
  if (mode === 'sequential') {
    counts = [];
    for (const tau of TAUS_MS) {
      net.restore();
      await net.run('1 s', { namespace: { ...namespace, tau: `${tau} ms` } });
      counts.push(M.numSpikes);
    }
  } else {
    const result = await net.runBatch('1 s', { params: { tau: TAUS_MS.map((tau) => `${tau} ms`) }, namespace });
    counts = result.monitors(M).map((m) => m.numSpikes);
  }
  const t2 = performance.now();
  return { buildMs: t1 - t0, simMs: t2 - t1, spikes: counts.reduce((a, b) => a + b, 0), maxRssKb: process.resourceUsage().maxRSS, counts };
}

function spawnChild(mode: string): ChildResult {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), `--child=${mode}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tau sweep (${mode}) failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

const mode = process.argv.find((a) => a.startsWith('--child='))?.slice('--child='.length);
if (mode === 'sequential' || mode === 'batched') {
  console.log(JSON.stringify(await child(mode)));
} else {
  const runs = Math.max(1, Number(process.argv[2] ?? 5));
  const seq: ChildResult[] = [];
  const bat: ChildResult[] = [];
  // Alternating, so that both see the same load on a shared machine.
  for (let k = 0; k < runs; k++) {
    seq.push(spawnChild('sequential'));
    bat.push(spawnChild('batched'));
  }
  const s = median(seq.map((r) => r.simMs));
  const b = median(bat.map((r) => r.simMs));
  const same = seq.concat(bat).every((r) => r.counts.join() === seq[0]!.counts.join());
  console.log(`Tau sweep (Brian tutorial 3): 30 taus, 1 s each, 100 replayed inputs -> 1 neuron; ${runs} fresh processes each, medians`);
  console.log(`  sequential, 30 x restore + run: ${(s / 1000).toFixed(3)} s (runs ${seq.map((r) => (r.simMs / 1000).toFixed(3)).join(', ')})`);
  console.log(`  batched, one runBatch of 30:     ${(b / 1000).toFixed(3)} s (runs ${bat.map((r) => (r.simMs / 1000).toFixed(3)).join(', ')})`);
  console.log(`  speed-up ${(s / b).toFixed(1)}x (target >= 5x); output spikes ${seq[0]!.spikes}; same count for every tau in every run: ${same ? 'yes' : 'NO'}`);
  if (!same) process.exitCode = 1;
}
