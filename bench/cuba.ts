/**
 * Benchmark: CUBA (Brette et al. 2007, benchmark 2; the model of examples/cuba/main.ts and
 * ../shared/brian2/cuba.py) — 4000 neurons, 1 s of biological time, dt 0.1 ms, on the `js` backend,
 * side by side with Brian2 2.5 on the same machine.
 *
 * Issue targets: simulation time at most that of Brian2's compiled C++ standalone binary; build to
 * first step under 300 ms.
 *
 * Neurite: each run is a fresh `node` process (this file with `--child`), so every run pays module
 * loading and JIT warm-up as a user's run does; the table gives medians over the runs.
 * - build: from `new Network()` to the start of the first step (groups, `set`, `connect`, and the
 *   checks and kernel compilation `run()` does before stepping) — measured by a network operation
 *   in slot `start` that records the time of its first call;
 * - sim: from the start of the first step to the end of `run('1 s')`;
 * - import: process start (`performance.timeOrigin`) to the end of loading `@neurite/runtime`.
 *
 * Brian2 (when `/usr/bin/python3 -c 'import brian2'` works; BRIAN2_PYTHON overrides the
 * interpreter, BRIAN2_CUBA the script): `cuba.py standalone` generates and compiles the C++ project
 * in /tmp/brian2_cuba_sa_4000 and runs it — its printed `wall` is the whole `run()` (code generation,
 * compilation and execution). The compiled binary is then run again directly, once after each
 * Neurite run (alternating, so that both see the same load on this shared VM): its process time
 * (synapse creation + simulation) and the simulation time it writes itself to
 * `results/last_run_info.txt` (Brian's own timer around the network run) are what we compare with.
 * Three more Neurite runs with NEURITE_WASM=0 show the plain JavaScript kernels for reference.
 * `cuba.py cython` is run twice; the second run's `wall` (its `run()`: simulation, with the
 * compiled extensions already cached in ~/.cython) is the figure.
 *
 * Run: npm run bench:parts      (or node dist/bench/cuba.js; BENCH_RUNS=5 by default; the whole benchmark takes about a minute
 * once Brian's cython cache is warm, up to ~3 minutes on a cold cache)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCuba } from './cuba-model.js';
import { median } from './median.js';

const N = 4000;
const DURATION = '1 s';
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');

interface NeuriteRun {
  readonly importMs: number;
  readonly buildMs: number;
  readonly simMs: number;
  readonly spikes: number;
  readonly synapses: number;
}

/** One CUBA run in this process; prints a JSON line. */
async function child(): Promise<void> {
  const { Network } = await import('@neurite/runtime');
  const imported = performance.now();
  const started = performance.now();
  const net = new Network({ dt: '0.1 ms', seed: 1, backend: 'js' });
  const { Ce, Ci, spikes } = buildCuba(net, N);
  let firstStep = 0;
  net.networkOperation(() => {
    if (firstStep === 0) firstStep = performance.now();
  }, { when: 'start' });
  await net.run(DURATION);
  const done = performance.now();
  const result: NeuriteRun = { importMs: imported, buildMs: firstStep - started, simMs: done - firstStep, spikes: spikes.numSpikes, synapses: Ce.N + Ci.N };
  console.log(JSON.stringify(result));
}

const fmt = (ms: number | undefined): string => (ms === undefined ? '—' : `${(ms / 1000).toFixed(3)} s`);

/** One Neurite run in a fresh process (`env` adds to the environment, e.g. NEURITE_WASM=0). */
function neuriteRun(env: Record<string, string> = {}): NeuriteRun {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`Neurite CUBA run failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as NeuriteRun;
}

/** One run of Brian's compiled standalone binary: process time and Brian's own simulation timer (ms). */
function binaryRun(project: string): { process: number; sim: number } | string {
  const t0 = performance.now();
  const r = spawnSync(resolve(project, 'main'), [], { cwd: project, encoding: 'utf8' });
  const t1 = performance.now();
  if (r.status !== 0) return `standalone binary failed (status ${r.status})`;
  const info = readFileSync(resolve(project, 'results', 'last_run_info.txt'), 'utf8').trim().split(/\s+/);
  return { process: t1 - t0, sim: Number(info[0]) * 1000 };
}

interface BrianFigures {
  readonly standaloneScriptWall?: number;
  readonly binaryProcess: number[];
  readonly binarySim: number[];
  readonly cythonWall?: number;
  readonly spikes?: number;
  readonly notes: string[];
}

/** The `wall` (seconds) and spike count `cuba.py` prints. */
function runCubaPy(python: string, script: string, target: string): { wall: number; spikes: number } | string {
  const r = spawnSync(python, [script, target, String(N), '1.0'], { encoding: 'utf8', timeout: 240_000 });
  const m = /spikes (\d+) rate \S+ wall ([\d.]+)/.exec(r.stdout ?? '');
  if (r.status !== 0 || !m) return `cuba.py ${target} failed (status ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`;
  return { wall: Number(m[2]) * 1000, spikes: Number(m[1]) };
}

/**
 * Brian2: the standalone script once (generates, compiles and runs the C++ project), then cython
 * twice. The compiled binary is timed later, interleaved with Neurite's runs (see `main`).
 */
function brian(python: string, script: string): BrianFigures & { project?: string } {
  const notes: string[] = [];
  let standaloneScriptWall: number | undefined;
  let spikes: number | undefined;
  let project: string | undefined;
  const sa = runCubaPy(python, script, 'standalone');
  if (typeof sa === 'string') notes.push(sa);
  else {
    standaloneScriptWall = sa.wall;
    spikes = sa.spikes;
    const dir = `/tmp/brian2_cuba_sa_${N}`;
    if (!existsSync(resolve(dir, 'main'))) notes.push(`standalone binary ${resolve(dir, 'main')} not found`);
    else project = dir;
  }
  let cythonWall: number | undefined;
  // The first run may compile Brian's cython extensions (about a minute on a cold cache).
  for (let k = 0; k < 2; k++) {
    const cy = runCubaPy(python, script, 'cython');
    if (typeof cy === 'string') {
      notes.push(cy);
      break;
    }
    cythonWall = cy.wall;
  }
  return { ...(standaloneScriptWall !== undefined ? { standaloneScriptWall } : {}), binaryProcess: [], binarySim: [], ...(cythonWall !== undefined ? { cythonWall } : {}), ...(spikes !== undefined ? { spikes } : {}), ...(project ? { project } : {}), notes };
}

async function main(): Promise<void> {
  const runs = Math.max(3, Number(process.env['BENCH_RUNS'] ?? 5));
  console.log(`CUBA: ${N} neurons, ${DURATION}, dt 0.1 ms, js backend — Neurite ${runs} runs in fresh processes (medians); node ${process.version}`);

  const python = process.env['BRIAN2_PYTHON'] ?? '/usr/bin/python3';
  const script = process.env['BRIAN2_CUBA'] ?? resolve(repoRoot, '..', 'shared', 'brian2', 'cuba.py');
  const probe = spawnSync(python, ['-c', 'import brian2'], { encoding: 'utf8' });
  let b: (BrianFigures & { project?: string }) | undefined;
  if (probe.status !== 0 || probe.error) console.log('Brian2: not installed');
  else if (!existsSync(script)) console.log(`Brian2: installed, but ${script} is missing (set BRIAN2_CUBA)`);
  else {
    const version = spawnSync(python, ['-c', 'import brian2; print(brian2.__version__)'], { encoding: 'utf8' }).stdout.trim();
    console.log(`  Brian2 ${version}: ${script} (standalone: generate + compile + run once, then the binary ${runs} times, each right after a Neurite run; cython: 2 runs) ...`);
    b = brian(python, script);
    for (const n of b.notes) console.log(`  note: ${n}`);
  }

  // Neurite and Brian's binary alternate, so that both see the same load on this shared machine.
  const nr: NeuriteRun[] = [];
  for (let k = 0; k < runs; k++) {
    nr.push(neuriteRun());
    if (b?.project) {
      const r = binaryRun(b.project);
      if (typeof r === 'string') b.notes.push(r);
      else {
        b.binaryProcess.push(r.process);
        b.binarySim.push(r.sim);
      }
    }
  }
  // For reference: the same runs with the WebAssembly tier off (plain JavaScript kernels).
  const plain = Array.from({ length: 3 }, () => neuriteRun({ NEURITE_WASM: '0' }));
  const build = median(nr.map((r) => r.buildMs));
  const sim = median(nr.map((r) => r.simMs));
  const imp = median(nr.map((r) => r.importMs));
  console.log(`  Neurite runs (build / sim): ${nr.map((r) => `${fmt(r.buildMs)} / ${fmt(r.simMs)}`).join(', ')}`);
  if (b?.binarySim.length) console.log(`  Brian2 binary runs (sim):   ${b.binarySim.map((x) => fmt(x)).join(', ')}`);
  console.log(`  Neurite: ${nr[0]!.synapses} synapses, ${nr[0]!.spikes} spikes (${(nr[0]!.spikes / N).toFixed(2)} Hz); process start to runtime loaded ${fmt(imp)}`);

  const rows: [string, string, string, string][] = [['', 'build to first step', 'simulation (1 s)', 'spikes']];
  rows.push(['Neurite js', fmt(build), fmt(sim), String(nr[0]!.spikes)]);
  rows.push(['Neurite js, WebAssembly off', fmt(median(plain.map((r) => r.buildMs))), `${fmt(median(plain.map((r) => r.simMs)))} (3 runs)`, String(plain[0]!.spikes)]);
  if (b) {
    const binSim = b.binarySim.length ? median(b.binarySim) : undefined;
    const binProc = b.binaryProcess.length ? median(b.binaryProcess) : undefined;
    const setup = binSim !== undefined && binProc !== undefined ? binProc - binSim : undefined;
    rows.push(['Brian2 standalone binary', `${fmt(setup)} (process − sim)`, fmt(binSim), String(b.spikes ?? '—')]);
    rows.push(['Brian2 standalone run()', '', `${fmt(b.standaloneScriptWall)} (incl. codegen + g++)`, '']);
    rows.push(['Brian2 cython run()', '', fmt(b.cythonWall), '']);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log('');
  for (const r of rows) console.log('  ' + r.map((cell, c) => cell.padEnd(widths[c]!)).join('  |  '));
  console.log('');

  if (b && b.binarySim.length) {
    const binSim = median(b.binarySim);
    const ratio = sim / binSim;
    console.log(`  simulation: Neurite / Brian2 standalone = ${ratio.toFixed(2)}  -> target (<= 1) ${ratio <= 1 ? 'met' : 'NOT met'}`);
    if (b.cythonWall !== undefined) console.log(`  simulation: Neurite / Brian2 cython      = ${(sim / b.cythonWall).toFixed(2)}`);
  } else console.log('  simulation target: no Brian2 standalone figure to compare with');
  console.log(`  build to first step: ${fmt(build)}  -> target (< 0.300 s) ${build < 300 ? 'met' : 'NOT met'}`);
}

if (process.argv.includes('--child')) await child();
else await main();
