/**
 * The benchmark suite (issue 5): CUBA 4 000 and 40 000, COBAHH 4 000, LIF 100 000 without synapses
 * and the 30-value tau sweep of Brian's tutorial 3, each on Neurite's `js` backend, its gpujs
 * backend in every gpu.js mode that works here, Brian2's cpp_standalone binary and Brian2's cython
 * target — one run on this machine, written as one markdown table to BENCHMARKS.md with the
 * targets, notes and the static profile findings (bench/profile-findings.md).
 *
 * Run: npm run bench   (tsc -b && node dist/bench/suite.js; settings in bench/suite-config.ts:
 *      BENCH_RUNS, BENCH_QUICK=1 for a smoke test, BENCH_ONLY, BRIAN2_PYTHON, ...)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { brianVersion } from './suite-brian.js';
import { REPO_ROOT, selected, suiteConfig, type ModelSpec, type SuiteConfig } from './suite-config.js';
import { neuriteEngines, type Engine } from './suite-neurite.js';
import { med, newCell, ratioToReference, renderReport, resultsTable, type Cell } from './suite-report.js';
import { cythonRow, log, neuriteRow, parseTauSweep, standaloneRow, tauSweepRow, type BrianScript, type Round } from './suite-rows.js';

type Brian = { readonly version: string } | { readonly missing: string };

const STANDALONE = 'Brian2 cpp_standalone';
const CYTHON = 'Brian2 cython';
const TAU_SWEEP = 'Tau sweep, 30 × 1 LIF';
const SEQUENTIAL = 'Neurite js, sequential (30 × restore + run)';
const BATCHED = 'Neurite js, batched (net.batched: 30 copies in one run)';
// The same, timing a second sweep in the process (JIT warm, kernels of the first sweep compiled).
const SEQUENTIAL_WARM = 'Neurite js, sequential, second sweep of the process';
const BATCHED_WARM = 'Neurite js, batched, second sweep of the process';
// Steady state: the median of sweeps 21-30 of one process (20 warm-up sweeps first).
const SEQUENTIAL_STEADY = 'Neurite js, sequential, steady state (sweeps 21-30 of the process)';
const BATCHED_STEADY = 'Neurite js, batched, steady state (sweeps 21-30 of the process)';

/** Runs the rounds `runs` times, interleaved (one run of each row per pass). */
function interleave(rounds: readonly Round[], runs: number): void {
  for (let k = 0; k < runs; k++) for (const r of rounds) r();
}

/** The rows of one model: each Neurite engine, Brian2 standalone, Brian2 cython. */
function modelCells(spec: ModelSpec, engines: readonly Engine[], brian: Brian, config: SuiteConfig): Cell[] {
  log(`${spec.label}: ${spec.duration} s biological time, ${config.runs} run(s) per row`);
  const cells: Cell[] = [];
  const rounds: Round[] = [];
  for (const engine of engines) {
    const cell = newCell(spec.label, engine.label);
    cells.push(cell);
    const round = neuriteRow(cell, engine, { model: spec.model, N: spec.N, duration: spec.duration, backend: engine.backend }, config.gpujsCapS);
    if (round) rounds.push(round);
  }
  const sa = newCell(spec.label, STANDALONE, { reference: true });
  const cy = newCell(spec.label, CYTHON);
  const script: BrianScript = { python: config.python, script: spec.brianScript, args: [String(spec.N), String(spec.duration)] };
  const brianMissing = 'missing' in brian ? brian.missing : existsSync(spec.brianScript) ? undefined : `script ${spec.brianScript} not found`;
  if (brianMissing) sa.missing = cy.missing = brianMissing;
  else {
    log(`  ${STANDALONE}: generate, compile, run ...`);
    const round = standaloneRow(sa, script, spec.brianProject, config.brianFresh);
    if (round) rounds.push(round);
  }
  log(`  timed runs (interleaved) ...`);
  interleave(rounds, config.runs);
  if (!brianMissing) {
    log(`  ${CYTHON} ...`);
    cythonRow(cy, script, config.runs, 'run()');
  }
  return [...cells, sa, cy];
}

/** The tau sweep's rows: Neurite sequential and batched (bench/tau-sweep.ts), Brian2 standalone and cython. */
function tauSweepCells(brian: Brian, config: SuiteConfig): Cell[] {
  const label = TAU_SWEEP;
  log(`${label}: 30 taus × ${config.tauSweepDuration} s`);
  const seq = newCell(label, SEQUENTIAL);
  const bat = newCell(label, BATCHED);
  const seqWarm = newCell(label, SEQUENTIAL_WARM);
  const batWarm = newCell(label, BATCHED_WARM);
  const seqSteady = newCell(label, SEQUENTIAL_STEADY);
  const batSteady = newCell(label, BATCHED_STEADY);
  const sa = newCell(label, `${STANDALONE} (vectorised: 30 neurons, one run)`, { reference: true });
  const cy = newCell(label, `${CYTHON} (store, 30 × restore + run)`);
  const rounds = [
    tauSweepRow(seq, 'sequential'),
    tauSweepRow(bat, 'batched'),
    tauSweepRow(seqWarm, 'sequential-warm'),
    tauSweepRow(batWarm, 'batched-warm'),
    tauSweepRow(seqSteady, 'sequential-steady'),
    tauSweepRow(batSteady, 'batched-steady'),
  ].filter((r): r is Round => r !== undefined);
  const script: BrianScript = {
    python: config.python,
    script: resolve(REPO_ROOT, 'bench', 'brian2', 'tau_sweep.py'),
    args: [String(config.tauSweepDuration)],
    parse: parseTauSweep,
  };
  if ('missing' in brian) sa.missing = cy.missing = brian.missing;
  else {
    const round = standaloneRow(sa, script, '/tmp/brian2_tau_sweep_sa', config.brianFresh);
    if (round) rounds.push(round);
  }
  interleave(rounds, config.runs);
  if (!('missing' in brian)) cythonRow(cy, script, config.runs, 'loop of 30 restore() + run()');
  return [seq, bat, seqWarm, batWarm, seqSteady, batSteady, sa, cy];
}

/** Issue 5's targets, each with its figure and whether it is met. */
function targets(cells: readonly Cell[], config: SuiteConfig): string[] {
  const find = (model: string, engine: string): Cell | undefined => cells.find((c) => c.model === model && c.engine === engine && !c.missing);
  const out: string[] = [];
  // The simulation-time target covers the networks with synapses (LIF has its own target below).
  for (const { label } of config.models.filter((m) => m.model !== 'lif' && selected(config, m.id))) {
    const js = find(label, 'Neurite js');
    const ratio = js ? ratioToReference(js, cells) : undefined;
    out.push(`${label}: Neurite js simulation ≤ 1.0 × Brian2 standalone — ${ratio === undefined ? 'no figure to compare' : `${ratio.toFixed(2)} × → **${ratio <= 1 ? 'met' : 'not met'}**`}`);
  }
  // End to end: the one-thread row, and the threaded row (Brian2's figure is one thread's, its
  // OpenMP is off) where there is one.
  const threaded = cells.find((c) => /^Neurite js, \d+ threads$/.test(c.engine))?.engine;
  for (const m of config.models.filter((s) => selected(config, s.id))) {
    for (const engine of ['Neurite js', ...(threaded ? [threaded] : [])]) {
      const js = find(m.label, engine);
      const sa = find(m.label, STANDALONE);
      const a = js ? med(js.e2eMs) : undefined;
      const b = sa ? med(sa.e2eMs) : undefined;
      const r = a !== undefined && b !== undefined ? a / b : undefined;
      out.push(`${m.label}: ${engine} end-to-end ≤ 0.1 × Brian2 standalone end-to-end${config.brianFresh ? ' (full g++ build)' : ' (g++ reusing an earlier build)'} — ${r === undefined ? 'no figure to compare' : `${r.toFixed(3)} × → **${r <= 0.1 ? 'met' : 'not met'}**`}`);
    }
  }
  const lifSpec = config.models.find((m) => m.model === 'lif');
  const lif = lifSpec ? find(lifSpec.label, 'Neurite js') : undefined;
  const lifSim = lif ? med(lif.simMs) : undefined;
  if (lifSpec && selected(config, lifSpec.id)) {
    const updates = lifSim === undefined ? undefined : (lifSpec.N * Math.round(lifSpec.duration / 1e-4)) / (lifSim / 1000);
    out.push(`LIF: Neurite js ≥ 10^8 neuron updates/s — ${updates === undefined ? 'no figure' : `${(updates / 1e8).toFixed(2)} × 10^8/s → **${updates >= 1e8 ? 'met' : 'not met'}**`}`);
  }
  if (selected(config, 'tau-sweep')) {
    const sweeps = [
      ['first sweep of a process', SEQUENTIAL, BATCHED],
      ['second sweep of a process', SEQUENTIAL_WARM, BATCHED_WARM],
      ['steady state, sweeps 21-30 of a process', SEQUENTIAL_STEADY, BATCHED_STEADY],
    ] as const;
    for (const [when, s, b] of sweeps) {
      const seq = find(TAU_SWEEP, s);
      const bat = find(TAU_SWEEP, b);
      const a = seq ? med(seq.simMs) : undefined;
      const b2 = bat ? med(bat.simMs) : undefined;
      const speedup = a !== undefined && b2 !== undefined ? a / b2 : undefined;
      out.push(`Tau sweep (${when}): Neurite batched ≥ 5 × faster than sequential — ${speedup === undefined ? 'no figure' : `${speedup.toFixed(1)} × → **${speedup >= 5 ? 'met' : 'not met'}**`}`);
    }
  }
  if (config.quick) out.push('(quick mode: these verdicts come from tiny runs and mean nothing)');
  return out;
}

function machine(brian: Brian): string[] {
  const gxx = spawnSync('g++', ['-dumpfullversion'], { encoding: 'utf8' });
  const cpu = cpus();
  return [
    `${cpu.length} × ${cpu[0]?.model ?? '?'}`,
    `${(totalmem() / 2 ** 30).toFixed(0)} GB`,
    `Linux ${release()}`,
    `load average at start ${loadavg()[0]!.toFixed(2)}`,
    `Node ${process.version}`,
    'version' in brian ? `Brian2 ${brian.version}` : `Brian2 ${brian.missing}`,
    gxx.status === 0 ? `g++ ${gxx.stdout.trim()}` : 'no g++',
  ];
}

/** The commit the suite runs from (BENCHMARKS.md is committed after the run, so it names its parent). */
function revision(): string {
  const git = (...args: string[]): string => spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  // BENCHMARKS.md itself and build output do not change what is measured.
  const dirty = git('status', '--porcelain', '--untracked-files=no').split('\n').filter((l) => l && !l.endsWith('BENCHMARKS.md'));
  return dirty.length ? `${head} + uncommitted changes` : head;
}

/** The command that reproduces this run, with the settings that differ from the defaults. */
function command(): string {
  const vars = ['BENCH_QUICK', 'BENCH_RUNS', 'BENCH_ONLY', 'BENCH_GPUJS_CAP_S', 'BENCH_BRIAN_FRESH', 'BENCH_OUT', 'BRIAN2_PYTHON', 'BRIAN2_CUBA', 'BRIAN2_COBAHH'];
  const set = vars.filter((v) => process.env[v] !== undefined).map((v) => `${v}=${process.env[v]}`);
  return [...set, 'npm run bench'].join(' ');
}

const COLUMNS = [
  '**build**: Neurite — `new Network()` to the start of the first step (groups, `set`, `connect`, kernel compilation); Brian2 — see the footnotes.',
  '**simulation**: median over the runs (min–max); "≈ … (est.)" is extrapolated, not measured.',
  '**÷ Brian2 standalone**: median simulation time over that of the model\'s Brian2 cpp_standalone binary (below 1: faster than Brian).',
  '**peak memory**: peak RSS of the process that simulated (Neurite: `process.resourceUsage().maxRSS` in the child; Brian2: `getrusage(RUSAGE_CHILDREN)` via bench/brian2/measure.py).',
  '**end-to-end**: process start to results (Neurite: spawning `node` to its exit, so node start-up and loading the bundled modules, ~0.13 s, are in it).',
];

async function main(): Promise<void> {
  const started = performance.now();
  const config = suiteConfig();
  const brian = brianVersion(config.python);
  log(`Benchmark suite${config.quick ? ' (QUICK)' : ''}: ${config.runs} run(s) per row; Brian2 ${'version' in brian ? brian.version : brian.missing} (${config.python})`);
  const { engines, unavailable } = await neuriteEngines();
  log(`Neurite engines: ${engines.map((e) => e.backend).join(', ')}${unavailable.length ? `; unavailable: ${unavailable.join('; ')}` : ''}`);

  const cells: Cell[] = [];
  for (const spec of config.models) if (selected(config, spec.id)) cells.push(...modelCells(spec, engines, brian, config));
  if (selected(config, 'tau-sweep')) cells.push(...tauSweepCells(brian, config));

  const notes = [
    'Every Neurite run is a fresh `node` process (bench/suite-child.ts; the tau sweep: dist/bench/tau-sweep.js), so each pays module loading and JIT warm-up as a user\'s run does. Neurite runs and Brian2 binary runs alternate, so that both see the same load on this shared VM.',
    `gpu.js modes not in the table: ${unavailable.length ? unavailable.join('; ') : 'none'}. Mode \`gpu\` (gpu.js's own choice) picks one of the modes above and has no row of its own. Under xvfb-run, headless-gl renders in software (Mesa), not on a GPU, and end-to-end includes starting Xvfb.`,
    'Spike counts: CUBA and COBAHH draw their random connectivity and initial state from different generators (Neurite: xoshiro128**, Brian2: its own), so counts differ within the spread of seeds; LIF is deterministic and must give the same count on every engine; gpujs computes in float32.',
    'Tau sweep: every row replays the same 100 Poisson inputs (bench/fixtures/tau-sweep-input.json, drawn once with numpy RandomState(2024)), so all spike counts must agree. The ratio column compares different algorithms (Neurite sequential or batched vs Brian\'s vectorised standalone run); "second sweep of the process" rows time a sweep after a first one in the same process (JIT warm, kernels compiled), as a session that sweeps more than once sees; "steady state" rows are the median of sweeps 21-30 of one process, after 20 warm-up sweeps (the usual warm-up-then-measure method under a JIT; the first sweeps of a process pay V8\'s compilation of the simulator itself and of the generated code, ~20 ms that both ways pay once). The batched rows build the 30 copies once (`net.batched`, in the first sweep\'s time) and run that batch each sweep, as the sequential rows reuse their network; `runBatch`, which builds the copies on every call, costs ~1 ms more per later sweep.',
    `Brian2 scripts: ${[...new Set(config.models.map((m) => relative(REPO_ROOT, m.brianScript)))].join(', ')}, bench/brian2/tau_sweep.py; cpp_standalone projects in /tmp/brian2_*_sa*; Brian's default compiler flags (-O3 -ffast-math -march=native).`,
  ];
  const findings = resolve(REPO_ROOT, 'bench', 'profile-findings.md');
  const report = renderReport({
    command: command(),
    revision: revision(),
    machine: machine(brian),
    cells,
    columns: COLUMNS,
    targets: targets(cells, config),
    notes,
    profileFindings: existsSync(findings) ? readFileSync(findings, 'utf8') : '',
    elapsedMs: performance.now() - started,
    quick: config.quick,
  });
  mkdirSync(dirname(config.out), { recursive: true });
  writeFileSync(config.out, report);
  console.log(resultsTable(cells).table);
  console.log(`\nwrote ${config.out} (${((performance.now() - started) / 60_000).toFixed(1)} min)`);
}

await main();
