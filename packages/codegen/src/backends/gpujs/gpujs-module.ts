/**
 * The only place that loads gpu.js (2.24.1, CommonJS). It is loaded lazily, on the first kernel
 * build, so importing the backend never fails where a gpu.js mode (or gpu.js itself) is missing.
 *
 * The typings below are the few members we use, written by hand: gpu.js's own `index.d.ts` does not
 * describe every mode we pass and types kernels as user functions, which generated source is not.
 */
import { createRequire } from 'node:module';

/** A result kept on the device: a GL texture (headlessgl/webgl/webgl2) or, on cpu/webasm, an array. */
export interface GpuTexture {
  toArray(): Float32Array;
  delete(): void;
}

export type DeviceArray = GpuTexture | Float32Array;

/** A compiled gpu.js kernel (gpu.js calls it a "kernel run shortcut"). */
export interface GpuKernel {
  (...args: unknown[]): unknown;
  /** The backend kernel that really ran (after gpu.js's silent fallbacks), once built. */
  readonly kernel?: { readonly constructor: { readonly name: string }; readonly fallbackReason?: string | null };
  destroy?(removeCanvasReferences?: boolean): void;
}

export interface GpuInstance {
  readonly mode?: string;
  createKernel(source: string, settings: Readonly<Record<string, unknown>>): GpuKernel;
  addFunction(source: string, settings?: Readonly<Record<string, unknown>>): GpuInstance;
  destroy(): Promise<void> | void;
}

export interface GpuJsModule {
  readonly GPU: (new (settings: { mode?: string }) => GpuInstance) & {
    readonly isHeadlessGLSupported: boolean;
    readonly isWebGLSupported: boolean;
    readonly isWebGL2Supported: boolean;
    readonly isWebGPUSupported: boolean;
    readonly isWebAssemblySupported: boolean;
  };
  readonly Texture: abstract new (...args: never[]) => GpuTexture;
}

let loaded: GpuJsModule | undefined;

/** gpu.js itself, loaded on first use. Throws a plain error if the package cannot be loaded. */
export function loadGpuJs(): GpuJsModule {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    try {
      loaded = require('gpu.js') as GpuJsModule;
    } catch (e) {
      throw new Error(`the gpujs backend needs the npm package gpu.js, which does not load here: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return loaded;
}

/** True if a device value is a texture (GL modes) rather than a plain array (cpu, webasm). */
export function isTexture(v: unknown): v is GpuTexture {
  return typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && typeof (v as GpuTexture).toArray === 'function';
}

/** Modes the synchronous gpujs backend accepts. 'webgpu' and 'async' return promises from every call. */
export const SYNC_MODES = ['gpu', 'cpu', 'webasm', 'headlessgl', 'webgl', 'webgl2'] as const;

/** The kernel class each explicit mode must run on (no silent fallback). */
export const KERNEL_CLASS: Readonly<Record<string, string>> = {
  cpu: 'CPUKernel',
  webasm: 'WebAssemblyKernel',
  headlessgl: 'HeadlessGLKernel',
  webgl: 'WebGLKernel',
  webgl2: 'WebGL2Kernel',
};

export interface GpujsModeStatus {
  readonly mode: string;
  readonly available: boolean;
  /** Why not (only when unavailable). */
  readonly reason?: string;
}

const probed = new Map<string, GpujsModeStatus>();

/**
 * Whether a gpu.js mode can run kernels in this process: gpu.js accepts the mode, a 4-element
 * kernel runs on that very backend (no fallback) and gives the right numbers. Cached; never throws.
 */
export function probeGpujsMode(mode: string): GpujsModeStatus {
  const cached = probed.get(mode);
  if (cached) return cached;
  const result = probe(mode);
  probed.set(mode, result);
  return result;
}

function probe(mode: string): GpujsModeStatus {
  if (!(SYNC_MODES as readonly string[]).includes(mode)) {
    return { mode, available: false, reason: `mode '${mode}' is asynchronous or unknown; the gpujs backend runs kernels synchronously (${SYNC_MODES.join(', ')})` };
  }
  let gpu: GpuInstance | undefined;
  try {
    const { GPU } = loadGpuJs();
    if (mode === 'headlessgl' && !GPU.isHeadlessGLSupported) return { mode, available: false, reason: headlessGlReason() };
    if ((mode === 'webgl' || mode === 'webgl2') && !('document' in globalThis)) {
      return { mode, available: false, reason: 'needs a browser canvas (no `document` in Node; headless-gl is mode headlessgl)' };
    }
    gpu = new GPU({ mode });
    const k = gpu.createKernel('function (a) { return a[this.thread.x] + 0.5; }', { output: [4], precision: 'single' });
    const out = k(new Float32Array([1, 2, 3, 4])) as ArrayLike<number>;
    const ran = k.kernel?.constructor.name ?? '?';
    const want = KERNEL_CLASS[mode];
    if (want && ran !== want) return { mode, available: false, reason: `gpu.js ran the test kernel on ${ran}, not ${want}` };
    const got = Array.from(out);
    if (got.join() !== '1.5,2.5,3.5,4.5') return { mode, available: false, reason: `the test kernel returned [${got.join(', ')}]` };
    return { mode, available: true };
  } catch (e) {
    return { mode, available: false, reason: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
  } finally {
    try {
      void Promise.resolve(gpu?.destroy()).catch(() => undefined);
    } catch {
      // teardown failures do not change the answer
    }
  }
}

function headlessGlReason(): string {
  try {
    // gpu.js requires 'gl' from its own location; ask the same way.
    const fromGpuJs = createRequire(createRequire(import.meta.url).resolve('gpu.js'));
    fromGpuJs('gl');
  } catch (e) {
    return `the npm package gl (headless-gl) is not installed or not built: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
  }
  if (!process.env['DISPLAY']) return 'gl is built but there is no X display (DISPLAY is unset); run under xvfb-run -a';
  return `gl is built but cannot create a WebGL context on DISPLAY=${process.env['DISPLAY']}`;
}
