/**
 * One gpu.js `GPU` instance (one mode, one GL context) and the state arrays kept on it.
 *
 * Device values are float32: GL textures (`pipeline: true`, `immutable: true`, so each kernel call
 * returns a new texture and older ones stay valid until deleted) or, on cpu/webasm, Float32Arrays.
 * A {@link GpuState} pairs each state array with its device copy and tracks which side is newer,
 * so kernels can run step after step on the device and the host downloads only when asked (or
 * when host code, like a preamble or a threshold's compaction, needs the values).
 */
import type { StateArray } from '../backend.js';
import { DEVICE_HELPERS } from './emit-kernel.js';
import { isTexture, KERNEL_CLASS, loadGpuJs, SYNC_MODES, type DeviceArray, type GpuInstance, type GpuKernel } from './gpujs-module.js';

export const KERNEL_SETTINGS = { pipeline: true, immutable: true, precision: 'single', tactic: 'precision' } as const;

export class GpujsDevice {
  private instance: GpuInstance | undefined;
  private readonly uploaders = new Map<number, GpuKernel>();
  /** Class names of the gpu.js kernels that ran (after gpu.js's silent fallbacks). */
  readonly kernelClasses = new Set<string>();

  constructor(readonly mode: string | undefined) {
    if (mode !== undefined && !(SYNC_MODES as readonly string[]).includes(mode)) {
      throw new Error(
        `gpujs backend: mode '${mode}' is not supported; use one of ${SYNC_MODES.join(', ')} ` +
          `('webgpu' and 'async' return a promise from every kernel call, and this backend is synchronous)`,
      );
    }
  }

  get gpu(): GpuInstance {
    if (!this.instance) {
      const { GPU } = loadGpuJs();
      try {
        this.instance = new GPU(this.mode === undefined ? {} : { mode: this.mode });
      } catch (e) {
        throw new Error(`gpujs backend: gpu.js mode '${this.mode ?? 'gpu'}' is not available here: ${e instanceof Error ? e.message : String(e)}`);
      }
      for (const h of DEVICE_HELPERS) this.instance.addFunction(h);
    }
    return this.instance;
  }

  createKernel(source: string, settings: Readonly<Record<string, unknown>>): GpuKernel {
    return this.gpu.createKernel(source, { ...KERNEL_SETTINGS, ...settings });
  }

  /** Runs a kernel and checks that gpu.js did not silently fall back to another backend. */
  call(k: GpuKernel, args: readonly unknown[]): DeviceArray {
    const out = k(...args) as DeviceArray;
    const cls = k.kernel?.constructor.name;
    if (cls) {
      this.kernelClasses.add(cls);
      const want = this.mode === undefined ? undefined : KERNEL_CLASS[this.mode];
      if (want && cls !== want) {
        throw new Error(`gpujs backend: gpu.js ran a kernel on ${cls} instead of ${want}${k.kernel?.fallbackReason ? ` (${k.kernel.fallbackReason})` : ''}`);
      }
    }
    return out;
  }

  /** Copies a host array to the device (float32). */
  upload(host: ArrayLike<number>): DeviceArray {
    const n = host.length;
    let k = this.uploaders.get(n);
    if (!k) {
      k = this.createKernel('function (a) { return a[this.thread.x]; }', { output: [n] });
      this.uploaders.set(n, k);
    }
    return this.call(k, [host instanceof Float32Array ? host : Float32Array.from(host)]);
  }

  /** Device values as a Float32Array (a download for textures). */
  read(dev: DeviceArray): Float32Array {
    return isTexture(dev) ? dev.toArray() : dev;
  }

  release(dev: DeviceArray | undefined): void {
    if (dev && isTexture(dev)) dev.delete();
  }

  async dispose(): Promise<void> {
    const gpu = this.instance;
    this.instance = undefined;
    this.uploaders.clear();
    if (gpu) await gpu.destroy();
  }
}

/** Writes float32 device values into a host array in place (integers and booleans rounded). */
export function writeBack(values: Float32Array, host: StateArray): void {
  const n = Math.min(values.length, host.length);
  if (host instanceof Float32Array || host instanceof Float64Array) {
    if (n === values.length) host.set(values);
    else host.set(values.subarray(0, n));
  } else {
    for (let i = 0; i < n; i++) host[i] = Math.round(values[i]!);
  }
}

interface Entry {
  host: StateArray;
  dev: DeviceArray | undefined;
  hostValid: boolean;
  devValid: boolean;
}

/**
 * State arrays kept on the device between kernel calls. Create with
 * `backend.createGpuState({ v, ge, ... })`, run kernels with `kernel.runResident(state, args)`,
 * read with `state.host('v')` (downloads if the device is newer) or `state.download()` (all).
 * Host arrays are written in place, so the objects given here always hold the latest downloaded values.
 * After changing a host array yourself, call `state.hostChanged(name)`.
 */
export class GpuState {
  private readonly entries = new Map<string, Entry>();
  private readonly aliases = new Map<string, string>();

  constructor(
    readonly device: GpujsDevice,
    arrays: Readonly<Record<string, StateArray>> = {},
  ) {
    for (const [name, a] of Object.entries(arrays)) this.set(name, a);
  }

  /** Adds or replaces an array (the host array is the current value; it is uploaded when first needed). */
  set(name: string, host: StateArray): void {
    const old = this.entries.get(name);
    if (old) this.device.release(old.dev);
    this.aliases.delete(name);
    this.entries.set(name, { host, dev: undefined, hostValid: true, devValid: false });
  }

  /** Makes `name` refer to the array `target` (e.g. `v_post` to a neuron group's `v`). */
  alias(name: string, target: string): void {
    this.entry(target);
    const old = this.entries.get(name);
    if (old) this.device.release(old.dev);
    this.entries.delete(name);
    this.aliases.set(name, target);
  }

  has(name: string): boolean {
    return this.entries.has(this.aliases.get(name) ?? name);
  }

  names(): string[] {
    return [...this.entries.keys(), ...this.aliases.keys()].sort();
  }

  length(name: string): number {
    return this.entry(name).host.length;
  }

  private entry(name: string): Entry {
    const e = this.entries.get(this.aliases.get(name) ?? name);
    if (!e) throw new Error(`gpujs state has no array '${name}' (it has: ${this.names().join(', ') || 'none'})`);
    return e;
  }

  /** The host array, downloaded first if the device has newer values. */
  host(name: string): StateArray {
    const e = this.entry(name);
    if (!e.hostValid) {
      writeBack(this.device.read(e.dev!), e.host);
      e.hostValid = true;
    }
    return e.host;
  }

  /** The device copy, uploaded first if the host has newer values. */
  deviceArray(name: string): DeviceArray {
    const e = this.entry(name);
    if (!e.devValid) {
      const dev = this.device.upload(e.host);
      this.device.release(e.dev);
      e.dev = dev;
      e.devValid = true;
    }
    return e.dev!;
  }

  /** Records a new device value computed by a kernel (the host copy becomes stale). */
  commit(name: string, dev: DeviceArray): void {
    const e = this.entry(name);
    if (e.dev !== dev) this.device.release(e.dev);
    e.dev = dev;
    e.devValid = true;
    e.hostValid = false;
  }

  /** Records that the host array was changed on the host (the device copy becomes stale). */
  hostChanged(name: string): void {
    const e = this.entry(name);
    e.hostValid = true;
    e.devValid = false;
  }

  /** Downloads the given arrays (default: all) into their host arrays, in place. */
  download(names?: readonly string[]): void {
    for (const n of names ?? [...this.entries.keys()]) this.host(n);
  }

  /** Downloads what the device still holds newer, then frees the device copies (textures). */
  dispose(): void {
    this.download();
    for (const e of this.entries.values()) {
      this.device.release(e.dev);
      e.dev = undefined;
      e.devValid = false;
    }
  }
}
