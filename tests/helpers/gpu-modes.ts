/**
 * Which gpu.js backends ("modes") can really run kernels in this process.
 *
 * Nothing happens at import time: gpu.js is loaded, and kernels are created, only when
 * `availableGpuModes()` is first called; the answer is cached for the rest of the process.
 *
 * A mode counts as available only when gpu.js's own static check passes AND a tiny 4-element
 * kernel compiles, runs on that very backend (no silent "Falling back to CPU") and returns the
 * right numbers. Every failure is caught and turned into a reason; detection never throws.
 *
 * Where each mode comes from on Node (gpu.js 2.24.1):
 * - headlessgl: the optional npm package `gl` (headless-gl, a native addon built from source when
 *   Debian's libgl/libxi/libxext headers and pkg-config are present) plus an X display (xvfb-run).
 *   Renders with Mesa llvmpipe in software; this is gpu.js's real GLSL shader path.
 * - webgl2: needs a browser canvas; never available on Node.
 * - webgpu: needs `navigator.gpu`. gpu.js never loads the `webgpu` npm package (Dawn) itself; we
 *   only probe that addon in a child process, for the reason text, because a native addon that
 *   fails badly could otherwise take this process down.
 * - webasm, cpu: pure JS/WebAssembly, available everywhere.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export type ProbedGpuMode = 'headlessgl' | 'webgl2' | 'webgpu' | 'webasm' | 'cpu';

export interface GpuModeStatus {
  readonly mode: ProbedGpuMode;
  readonly available: boolean;
  /** Why the mode cannot run here (only when `available` is false). */
  readonly why?: string;
}

export const PROBED_GPU_MODES: readonly ProbedGpuMode[] = ['headlessgl', 'webgl2', 'webgpu', 'webasm', 'cpu'];

type GpuJs = typeof import('gpu.js');

/** The kernel class each mode must really run on (gpu.js's index.d.ts does not list them all). */
const KERNEL_CLASS: Record<ProbedGpuMode, string> = {
  headlessgl: 'HeadlessGLKernel',
  webgl2: 'WebGL2Kernel',
  webgpu: 'WebGPUKernel',
  webasm: 'WebAssemblyKernel',
  cpu: 'CPUKernel',
};

const req = createRequire(import.meta.url);

let cached: Promise<GpuModeStatus[]> | undefined;

/** One status per mode in `PROBED_GPU_MODES`, in that order. Cached; never rejects. */
export function availableGpuModes(): Promise<GpuModeStatus[]> {
  cached ??= probeAll();
  return cached;
}

/** The status of one mode (runs the full detection once, then answers from the cache). */
export async function gpuModeStatus(mode: ProbedGpuMode): Promise<GpuModeStatus> {
  const all = await availableGpuModes();
  return all.find((s) => s.mode === mode)!;
}

/** "gpu.js mode headlessgl: available" / "gpu.js mode webgpu: not available here (reason)". */
export function describeGpuMode(s: GpuModeStatus): string {
  return s.available ? `gpu.js mode ${s.mode}: available` : `gpu.js mode ${s.mode}: not available here (${s.why})`;
}

async function probeAll(): Promise<GpuModeStatus[]> {
  let gpujs: GpuJs;
  try {
    gpujs = await loadGpuJs();
  } catch (e) {
    const why = `gpu.js does not load: ${message(e)}`;
    return PROBED_GPU_MODES.map((mode) => ({ mode, available: false, why }));
  }
  const out: GpuModeStatus[] = [];
  for (const mode of PROBED_GPU_MODES) {
    try {
      out.push(await probe(gpujs, mode));
    } catch (e) {
      out.push({ mode, available: false, why: message(e) });
    }
  }
  return out;
}

async function loadGpuJs(): Promise<GpuJs> {
  const mod = (await import('gpu.js')) as GpuJs & { default?: GpuJs };
  // gpu.js is CommonJS: Node exposes module.exports as `default` (and usually as named exports too).
  return mod.GPU ? mod : mod.default!;
}

async function probe(gpujs: GpuJs, mode: ProbedGpuMode): Promise<GpuModeStatus> {
  const { GPU } = gpujs;
  const no = (why: string): GpuModeStatus => ({ mode, available: false, why });
  switch (mode) {
    case 'headlessgl':
      if (!GPU.isHeadlessGLSupported) return no(headlessGlReason());
      break;
    case 'webgl2':
      if (!GPU.isWebGL2Supported) {
        return no(
          !('document' in globalThis)
            ? 'needs a browser canvas, and Node has no `document`; headless-gl gives WebGL 1 only'
            : 'GPU.isWebGL2Supported is false',
        );
      }
      break;
    case 'webgpu':
      if (!GPU.isWebGPUSupported) return no(await webGpuReason());
      if (!(await withTimeout(GPU.isWebGPUAvailable(), 10_000, 'requestAdapter()'))) {
        return no('navigator.gpu exists but requestAdapter() gives no adapter');
      }
      break;
    case 'webasm':
      if (!GPU.isWebAssemblySupported) return no('GPU.isWebAssemblySupported is false');
      break;
    case 'cpu':
      break;
  }
  const failure = await tryKernel(gpujs, mode);
  return failure === undefined ? { mode, available: true } : no(failure);
}

/** Compile and run `a[i] + b[i]` over 4 elements; undefined when it worked, else what went wrong. */
async function tryKernel(gpujs: GpuJs, mode: ProbedGpuMode): Promise<string | undefined> {
  const gpu = new gpujs.GPU({ mode });
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  try {
    // a source string, so no TypeScript/vitest transform can change what gpu.js parses
    const add = gpu.createKernel('function (a, b) { return a[this.thread.x] + b[this.thread.x]; }', {
      output: [4],
    });
    const raw: unknown = await withTimeout(
      Promise.resolve(add([1, 2, 3, 4], [10, 20, 30, 40.5])),
      30_000,
      'the test kernel',
    );
    const ran = (add as unknown as { kernel?: object }).kernel?.constructor;
    const expected = (gpujs as unknown as Record<string, unknown>)[KERNEL_CLASS[mode]];
    if (ran !== expected) {
      const note = warnings.find((w) => /fall/i.test(w));
      return `the test kernel ran on ${ran?.name ?? 'an unknown backend'}, not ${KERNEL_CLASS[mode]}${note ? `: ${note}` : ''}`;
    }
    const got = Array.from(raw as ArrayLike<number>);
    const want = [11, 22, 33, 44.5];
    if (got.length !== 4 || got.some((v, i) => v !== want[i])) {
      return `the test kernel returned [${got.join(', ')}] instead of [${want.join(', ')}]`;
    }
    return undefined;
  } catch (e) {
    return `the test kernel failed: ${message(e)}`;
  } finally {
    console.warn = warn;
    try {
      await withTimeout(Promise.resolve(gpu.destroy()), 10_000, 'gpu.destroy()');
    } catch {
      // a failed teardown does not change the verdict
    }
  }
}

function headlessGlReason(): string {
  // gpu.js requires 'gl' from its own location; ask the same way to get the real error.
  let gl: unknown;
  try {
    const fromGpuJs = createRequire(req.resolve('gpu.js'));
    gl = fromGpuJs('gl');
  } catch (e) {
    const first = (message(e).split('\n')[0] ?? '').replace(/[:.\s]+$/, '');
    return `npm package gl (headless-gl) is not installed or not built: ${first}; .ci/run builds it from source`;
  }
  if (typeof gl !== 'function') return 'npm package gl loaded but does not export a context factory';
  if (!process.env['DISPLAY']) {
    return 'gl is built but there is no X display, DISPLAY is unset; run under xvfb-run -a -s "-ac -screen 0 1280x1024x24"';
  }
  return `gl is built but could not create a WebGL context on DISPLAY=${process.env['DISPLAY']}; is libgl1-mesa-dri installed?`;
}

/**
 * gpu.js only looks at navigator.gpu. Say why it is missing, and whether the `webgpu` npm package
 * (Dawn) could load here at all: tried in a child process with a time limit, never in this one.
 */
async function webGpuReason(): Promise<string> {
  const base =
    !('navigator' in globalThis)
      ? `Node ${process.version} has no navigator.gpu, and gpu.js does not load the webgpu (Dawn) addon itself`
      : 'navigator.gpu is missing';
  let entry: string;
  try {
    entry = req.resolve('webgpu');
  } catch {
    return `${base}; npm package webgpu is not installed`;
  }
  const script = `
    const { create } = await import(${JSON.stringify(pathToFileURL(entry).href)});
    const adapter = await create([]).requestAdapter();
    console.log(adapter ? 'adapter' : 'no adapter');
    process.exit(0);`;
  const result = await new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { timeout: 20_000, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (!err) {
          resolve(
            stdout.trim() === 'adapter'
              ? 'its Dawn addon loads and finds an adapter, but nothing installs it as navigator.gpu'
              : 'its Dawn addon loads but finds no adapter',
          );
          return;
        }
        const text = `${stderr}\n${err.message}`;
        const glibcxx = /(GLIBCXX_[\d.]+)'? not found/.exec(text);
        if (glibcxx) {
          resolve(`its Dawn addon does not load: ${glibcxx[1]} not found in this system's libstdc++`);
        } else if (err.killed) {
          resolve('its Dawn addon probe timed out');
        } else {
          const line = text.split('\n').find((l) => /error/i.test(l)) ?? text.trim().split('\n')[0];
          resolve(`its Dawn addon does not load: ${(line ?? '').trim().slice(0, 200)}`);
        }
      },
    );
  });
  return `${base}; npm package webgpu: ${result}`;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
