/**
 * Brian2's side of the benchmark suite: is it installed, and run its scripts and compiled
 * standalone binaries through bench/brian2/measure.py, which reports each child's peak RSS (Node
 * cannot see a child's resource usage).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from './suite-config.js';

const MEASURE = resolve(REPO_ROOT, 'bench', 'brian2', 'measure.py');

/** A finished child process, as measure.py saw it. */
export interface Measured {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
  readonly wallMs: number;
  readonly maxRssKb: number;
}

/** Brian2's version under `python`, or why it cannot be used (`'not installed'`). */
export function brianVersion(python: string): { readonly version: string } | { readonly missing: string } {
  const r = spawnSync(python, ['-c', 'import brian2; print(brian2.__version__)'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { missing: 'not installed' };
  return { version: r.stdout.trim().split('\n').pop() ?? '?' };
}

/** Runs `cmd` under measure.py (with `python`), in `cwd`; throws if the wrapper itself fails. */
export function runMeasured(python: string, cmd: readonly string[], cwd: string, timeoutMs = 600_000): Measured {
  const r = spawnSync(python, [MEASURE, '--cwd', cwd, ...cmd], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  const lines = (r.stdout ?? '').trimEnd().split('\n');
  const last = lines[lines.length - 1] ?? '';
  if (!last.startsWith('MEASURE ')) {
    throw new Error(`${cmd.join(' ')}: no measurement (status ${r.status}${r.error ? `, ${r.error.message}` : ''}): ${tail(r.stderr ?? '')}`);
  }
  const m = JSON.parse(last.slice('MEASURE '.length)) as { status: number; wallMs: number; maxRssKb: number };
  return { stdout: lines.slice(0, -1).join('\n'), stderr: r.stderr ?? '', ...m };
}

/** The last lines of a child's stderr, for error messages in the table notes. */
export function tail(text: string, n = 2): string {
  return text.trim().split('\n').filter((l) => !/Warning|^\s/.test(l)).slice(-n).join(' | ');
}

/** One run of a Brian2 model script (cuba.py, cobahh.py, lif.py): what it printed, and its process. */
export interface ScriptRun {
  readonly spikes: number;
  /** The script's own timed part: its `run()` (standalone: code generation + g++ + execution). */
  readonly runMs: number;
  /** Python start to exit. */
  readonly processMs: number;
  readonly maxRssKb: number;
}

/** What a Brian2 script printed: the spike count and the wall time (seconds) of its timed part. */
export type ScriptOutput = { readonly spikes: number; readonly wallS: number } | undefined;

/** Reads `... spikes S ... wall W` (cuba.py, cobahh.py, lif.py). */
export function parseWallLine(stdout: string): ScriptOutput {
  const m = /spikes (\d+)\b.*\bwall ([\d.]+)/.exec(stdout);
  return m ? { spikes: Number(m[1]), wallS: Number(m[2]) } : undefined;
}

/**
 * Runs `python script ...args` (cwd /tmp, as bench/lif.ts does) and reads its output with `parse`;
 * an error message if it fails.
 */
export function runScript(python: string, script: string, args: readonly string[], parse: (stdout: string) => ScriptOutput = parseWallLine): ScriptRun | string {
  const r = runMeasured(python, [python, script, ...args], '/tmp');
  const out = r.status === 0 ? parse(r.stdout) : undefined;
  if (!out) return `${script.split('/').pop()} ${args.join(' ')} failed (status ${r.status}): ${tail(r.stderr)}`;
  return { spikes: out.spikes, runMs: out.wallS * 1000, processMs: r.wallMs, maxRssKb: r.maxRssKb };
}

/** One run of a compiled cpp_standalone binary. */
export interface BinaryRun {
  /** Process start to exit (synapse creation, simulation, writing results). */
  readonly processMs: number;
  /** Brian's own timer around the network run (`results/last_run_info.txt`). */
  readonly simMs: number;
  readonly maxRssKb: number;
}

/** Runs `project/main` once; an error message if it fails or is missing. */
export function runBinary(python: string, project: string): BinaryRun | string {
  const main = resolve(project, 'main');
  if (!existsSync(main)) return `${main} not found`;
  const r = runMeasured(python, [main], project);
  if (r.status !== 0) return `${main} failed (status ${r.status}): ${tail(r.stderr)}`;
  const info = readFileSync(resolve(project, 'results', 'last_run_info.txt'), 'utf8').trim().split(/\s+/);
  return { processMs: r.wallMs, simMs: Number(info[0]) * 1000, maxRssKb: r.maxRssKb };
}
