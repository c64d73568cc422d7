/**
 * Neurite's side of the benchmark suite: which engines (the `js` backend, and the gpujs backend in
 * every gpu.js mode that works in Node here) and one run of a model in a fresh `node` process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { CHILD_SCRIPT, childArgs, type ChildResult, type ChildSpec } from './suite-child.js';
import { REPO_ROOT } from './suite-config.js';
import { tail } from './suite-brian.js';

/** A way to run Neurite: a backend name for suite-child.ts, and a command to wrap node in. */
export interface Engine {
  /** `js` or `gpujs-<mode>`. */
  readonly backend: string;
  /** The Network's `threads` option (default 1). */
  readonly threads?: number;
  /** As shown in the table. */
  readonly label: string;
  /** Prepended to the node command, e.g. `xvfb-run -a` for headless-gl (it needs an X display). */
  readonly wrapper: readonly string[];
}

/** gpu.js modes worth a row: the synchronous ones with a kernel class of their own ('gpu' only picks one of them). */
const GPUJS_MODES = ['cpu', 'webasm', 'headlessgl', 'webgl', 'webgl2'] as const;

const XVFB_RUN = '/usr/bin/xvfb-run';

/** Probes headless-gl in a child under xvfb-run (it needs an X display, which this process may lack). */
function probeUnderXvfb(mode: string): { available: boolean; reason?: string } {
  const code = `import('@neurite/codegen/gpujs').then((g) => console.log(JSON.stringify(g.probeGpujsMode(${JSON.stringify(mode)}))))`;
  const r = spawnSync(XVFB_RUN, ['-a', process.execPath, '-e', code], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  try {
    return JSON.parse((r.stdout ?? '').trim().split('\n').pop() ?? '') as { available: boolean; reason?: string };
  } catch {
    return { available: false, reason: `probe under xvfb-run failed: ${tail(r.stderr ?? '')}` };
  }
}

/**
 * The engines that run here: `js`, then gpujs in each gpu.js mode whose probe (the codegen's
 * `probeGpujsMode`: a test kernel runs on that very backend) passes — in this process, or for
 * headlessgl under xvfb-run. Also says why the other modes are missing.
 */
export async function neuriteEngines(): Promise<{ readonly engines: Engine[]; readonly unavailable: string[] }> {
  const engines: Engine[] = [{ backend: 'js', label: 'Neurite js', wrapper: [] }];
  // Brian's OpenMP counterpart: large groups' state update and threshold shared by the cores.
  const cores = availableParallelism();
  if (cores > 1) engines.push({ backend: 'js', threads: cores, label: `Neurite js, ${cores} threads`, wrapper: [] });
  const unavailable: string[] = [];
  let probe: (mode: string) => { available: boolean; reason?: string };
  try {
    probe = (await import('@neurite/codegen/gpujs')).probeGpujsMode;
  } catch (e) {
    return { engines, unavailable: [`gpujs backend: ${e instanceof Error ? e.message : String(e)}`] };
  }
  for (const mode of GPUJS_MODES) {
    let status = probe(mode);
    let wrapper: string[] = [];
    if (!status.available && mode === 'headlessgl' && existsSync(XVFB_RUN)) {
      const x = probeUnderXvfb(mode);
      if (x.available) [status, wrapper] = [x, [XVFB_RUN, '-a']];
      else status = { available: false, reason: `${status.reason}; under xvfb-run: ${x.reason}` };
    }
    if (status.available) engines.push({ backend: `gpujs-${mode}`, label: `Neurite gpujs ${mode}${wrapper.length ? ' (xvfb-run)' : ''}`, wrapper });
    else unavailable.push(`gpujs ${mode}: ${status.reason}`);
  }
  return { engines, unavailable };
}

/** One child run and its end-to-end time (spawn to exit), or an error message. */
export interface NeuriteRun extends ChildResult {
  readonly e2eMs: number;
}

/** Runs `spec` on `engine` in a fresh process (killed after `timeoutMs`). */
export function neuriteRun(engine: Engine, spec: ChildSpec, timeoutMs: number): NeuriteRun | string {
  const cmd = [...engine.wrapper, process.execPath, CHILD_SCRIPT, ...childArgs({ ...spec, backend: engine.backend, ...(engine.threads !== undefined ? { threads: engine.threads } : {}) })];
  const t0 = performance.now();
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: REPO_ROOT, encoding: 'utf8', timeout: timeoutMs });
  const e2eMs = performance.now() - t0;
  if (r.error || r.status !== 0) {
    return r.signal === 'SIGTERM' ? `stopped after ${(timeoutMs / 1000).toFixed(0)} s` : `failed (status ${r.status}): ${tail(r.stderr ?? '', 1)}`;
  }
  try {
    return { ...(JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult), e2eMs };
  } catch {
    return `no result: ${tail(r.stdout ?? '', 1)}`;
  }
}
