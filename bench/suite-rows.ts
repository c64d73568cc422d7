/**
 * Filling the suite's table rows. A row either measures everything at once (Brian2 cython) or
 * returns a {@link Round} — one timed run — so that bench/suite.ts can interleave the runs of
 * Neurite and Brian's binary, as bench/cuba.ts does: on this shared 2-vCPU VM the load changes
 * from minute to minute, and interleaving makes both see the same load.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChildSpec } from './suite-child.js';
import { REPO_ROOT } from './suite-config.js';
import { parseWallLine, runBinary, runScript, tail, type ScriptOutput } from './suite-brian.js';
import { neuriteRun, type Engine, type NeuriteRun } from './suite-neurite.js';
import type { Cell } from './suite-report.js';

/** One timed run of a row, appended to its cell. */
export type Round = () => void;

/** Progress on stderr, so a long suite shows where it is. */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Longest a single Neurite run may take before it is stopped (COBAHH on js takes ~20 s). */
const RUN_TIMEOUT_MS = 600_000;
/** Biological times of the two probe runs that size a gpujs cell. */
const PROBE_S = [0.02, 0.06] as const;

/**
 * A Neurite row. On a gpujs engine two short probe runs come first; the difference of their
 * simulation times gives the cost per simulated second without the first step's kernel
 * compilation, which both pay. When the full run would take longer than `capS`, the cell gets
 * that estimate (from the longer probe plus the rest at that rate) and no full runs.
 */
export function neuriteRow(cell: Cell, engine: Engine, spec: ChildSpec, capS: number): Round | undefined {
  const [short, long] = PROBE_S;
  if (engine.backend !== 'js' && spec.duration > long) {
    const probes = PROBE_S.map((duration) => neuriteRun(engine, { ...spec, duration }, RUN_TIMEOUT_MS));
    const failed = probes.find((p): p is string => typeof p === 'string');
    if (failed !== undefined) {
      cell.missing = failed;
      return undefined;
    }
    const [a, b] = probes as [NeuriteRun, NeuriteRun];
    const perSecond = Math.max(0, (b.simMs - a.simMs) / (long - short));
    const estimate = b.simMs + perSecond * (spec.duration - long);
    log(`    ${engine.label}: probes ${short} s / ${long} s → ≈ ${(estimate / 1000).toFixed(1)} s for ${spec.duration} s`);
    if (estimate > capS * 1000) {
      cell.buildMs.push(b.buildMs);
      cell.simMs.push(estimate);
      cell.maxRssKb.push(b.maxRssKb);
      cell.estimated = true;
      cell.notes.push(
        `Not run in full: estimated at more than ${capS} s per run (BENCH_GPUJS_CAP_S). The simulation time is extrapolated from two runs of ` +
          `${short} s and ${long} s (their difference gives the time per simulated second without the kernel compilation both pay); build time and memory are from the ${long} s run.`,
      );
      return undefined;
    }
  }
  return () => {
    if (cell.missing) return;
    const r = neuriteRun(engine, spec, RUN_TIMEOUT_MS);
    if (typeof r === 'string') {
      cell.missing = r;
      return;
    }
    cell.buildMs.push(r.buildMs);
    cell.simMs.push(r.simMs);
    cell.maxRssKb.push(r.maxRssKb);
    cell.e2eMs.push(r.e2eMs);
    cell.spikes = r.spikes;
  };
}

/** A Brian2 script and how to call it. */
export interface BrianScript {
  readonly python: string;
  readonly script: string;
  /** Arguments after the target (`standalone` or `cython`). */
  readonly args: readonly string[];
  readonly parse?: (stdout: string) => ScriptOutput;
}

/**
 * Brian2's cpp_standalone row: the script once (its process time is the end-to-end figure: Python
 * start, code generation, g++, execution), then one {@link Round} per run of the compiled binary.
 * With `fresh`, the project directory is deleted first, so g++ builds everything.
 */
export function standaloneRow(cell: Cell, s: BrianScript, project: string, fresh: boolean): Round | undefined {
  if (fresh) rmSync(project, { recursive: true, force: true });
  const cached = existsSync(resolve(project, 'main'));
  const run = runScript(s.python, s.script, ['standalone', ...s.args], s.parse ?? parseWallLine);
  if (typeof run === 'string') {
    cell.missing = run;
    return undefined;
  }
  cell.e2eMs.push(run.processMs);
  cell.spikes = run.spikes;
  const script = cached ? 'the script' : 'the script in a fresh project directory';
  const build = cached ? 'g++ reusing the objects of an earlier build' : 'a full g++ build';
  cell.notes.push(
    `Brian2 standalone: end-to-end is one run of ${script} (Python start to exit: importing brian2, code generation, ${build}, execution). ` +
      "Build = binary process time − its simulation (synapse creation, I/O); simulation = Brian's own timer (results/last_run_info.txt); memory = the binary's peak RSS.",
  );
  return () => {
    if (cell.missing) return;
    const b = runBinary(s.python, project);
    if (typeof b === 'string') {
      cell.missing = b;
      return;
    }
    cell.buildMs.push(b.processMs - b.simMs);
    cell.simMs.push(b.simMs);
    cell.maxRssKb.push(b.maxRssKb);
  };
}

/** Brian2's cython row: `runs` runs of the script, each a fresh Python process. */
export function cythonRow(cell: Cell, s: BrianScript, runs: number, timedPart: string): void {
  cell.notes.push(
    `Brian2 cython: simulation = the script's timed ${timedPart} (including Brian's per-run preparation; compiled extensions are cached in ~/.cython, ` +
      'so on a cold cache the first run is slower); build = the rest of the Python process (start, importing brian2, building and connecting the network); end-to-end = the whole process.',
  );
  for (let k = 0; k < runs; k++) {
    const r = runScript(s.python, s.script, ['cython', ...s.args], s.parse ?? parseWallLine);
    if (typeof r === 'string') {
      cell.missing = r;
      return;
    }
    cell.buildMs.push(r.processMs - r.runMs);
    cell.simMs.push(r.runMs);
    cell.maxRssKb.push(r.maxRssKb);
    cell.e2eMs.push(r.processMs);
    cell.spikes = r.spikes;
  }
}

/** The tau-sweep benchmark (bench/tau-sweep.ts): `--child=<mode>` prints one JSON line. */
const TAU_SWEEP = resolve(REPO_ROOT, 'dist', 'bench', 'tau-sweep.js');

interface TauSweepChild {
  readonly buildMs: number;
  readonly simMs: number;
  readonly spikes: number;
  readonly maxRssKb: number;
}

/** A Neurite tau-sweep row (`sequential` or `batched`), via dist/bench/tau-sweep.js if it exists. */
export function tauSweepRow(cell: Cell, mode: 'sequential' | 'batched' | 'sequential-warm' | 'batched-warm' | 'sequential-steady' | 'batched-steady'): Round | undefined {
  if (!existsSync(TAU_SWEEP)) {
    cell.missing = 'not available (dist/bench/tau-sweep.js is missing: bench/tau-sweep.ts not merged yet)';
    return undefined;
  }
  return () => {
    if (cell.missing) return;
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [TAU_SWEEP, `--child=${mode}`], { cwd: REPO_ROOT, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
    const e2eMs = performance.now() - t0;
    let out: TauSweepChild | undefined;
    try {
      out = r.status === 0 ? (JSON.parse(r.stdout.trim().split('\n').pop()!) as TauSweepChild) : undefined;
    } catch {
      out = undefined;
    }
    if (!out) {
      cell.missing = `tau-sweep.js --child=${mode} failed (status ${r.status}): ${tail(r.stderr ?? '', 1)}`;
      return;
    }
    cell.buildMs.push(out.buildMs);
    cell.simMs.push(out.simMs);
    cell.maxRssKb.push(out.maxRssKb);
    cell.e2eMs.push(e2eMs);
    cell.spikes = out.spikes;
  };
}

/** Reads tau_sweep.py's JSON line. */
export function parseTauSweep(stdout: string): ScriptOutput {
  try {
    const j = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { spikes: number; wallS: number };
    return { spikes: j.spikes, wallS: j.wallS };
  } catch {
    return undefined;
  }
}
