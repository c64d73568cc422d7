/**
 * Benchmark: 100 000 leaky integrate-and-fire neurons without synapses, 1 s at dt 0.1 ms
 * (10^9 neuron updates), on the `js` backend — issue 5's target of at least 10^8 neuron updates
 * per second. Deterministic (no random numbers): each neuron's drive v0 = 1.1 + 0.4 i/N, so the
 * spike count can be checked against Brian2's (bench/brian2/lif.py), whose compiled standalone
 * binary is timed in the same run when /usr/bin/python3 has brian2.
 *
 * Run: npm run bench:parts (or node dist/bench/lif.js [N])
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Network } from '@neurite/runtime';
import { buildLif } from './lif-model.js';
import { median } from './median.js';

const N = Number(process.argv[2] ?? 100_000);
const STEPS = 10_000;
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');

async function neurite(): Promise<{ simMs: number; spikes: number }> {
  const net = new Network({ dt: '0.1 ms' });
  const { spikes: M } = buildLif(net, N);
  await net.run('1 ms'); // compile and warm up, then time the rest of the second
  const t0 = performance.now();
  await net.run('999 ms');
  return { simMs: ((performance.now() - t0) * STEPS) / (STEPS - 10), spikes: M.numSpikes };
}


const runs: { simMs: number; spikes: number }[] = [];
for (let k = 0; k < 3; k++) runs.push(await neurite());
const sim = median(runs.map((r) => r.simMs)) / 1000;
console.log(`LIF without synapses: ${N} neurons, 1 s, dt 0.1 ms, js backend (3 runs in one process, median)`);
console.log(`  Neurite js: ${sim.toFixed(3)} s  -> ${((N * STEPS) / sim / 1e8).toFixed(2)} x 10^8 neuron updates/s (target >= 1), ${runs[0]!.spikes} spikes`);

const python = process.env['BRIAN2_PYTHON'] ?? '/usr/bin/python3';
const hasBrian = existsSync(python) && spawnSync(python, ['-c', 'import brian2'], { encoding: 'utf8' }).status === 0;
if (!hasBrian) {
  console.log('  Brian2: not installed');
} else {
  const script = resolve(repoRoot, 'bench', 'brian2', 'lif.py');
  const built = spawnSync(python, [script, 'standalone', String(N)], { encoding: 'utf8', cwd: '/tmp' });
  const dir = `/tmp/brian2_lif_sa_${N}`;
  if (built.status !== 0 || !existsSync(`${dir}/main`)) {
    console.log(`  Brian2 standalone failed: ${built.stderr.split('\n').slice(-3).join(' ')}`);
  } else {
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      spawnSync(`${dir}/main`, [], { cwd: dir });
      times.push(Number(readFileSync(`${dir}/results/last_run_info.txt`, 'utf8').trim().split(/\s+/)[0]));
    }
    const b = median(times);
    console.log(`  Brian2 standalone binary: ${b.toFixed(3)} s (${((N * STEPS) / b / 1e8).toFixed(2)} x 10^8 updates/s); ${built.stdout.trim()}`);
    console.log(`  Neurite / Brian2 standalone = ${(sim / b).toFixed(2)}`);
  }
}
