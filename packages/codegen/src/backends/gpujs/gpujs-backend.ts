/**
 * The gpujs backend: KernelIR → gpu.js kernels (float32), in any synchronous gpu.js mode
 * ('gpu' = gpu.js's choice, 'headlessgl', 'webgl', 'webgl2', 'webasm', 'cpu').
 *
 * A compiled kernel runs in three parts:
 * 1. host, before: the preamble (invariants, shared variables) through the JS backend; derived
 *    scalars; the body's random draws, pre-generated in the JS backend's order; per-element flags
 *    for event lists and active synapses; target-sorted CSRs for accumulations;
 * 2. device: one gpu.js kernel per output (see `emit-kernel.ts`), all reading the state from before
 *    the call; the new values replace the state when all have run;
 * 3. host, after: a threshold's 0/1 flags are downloaded and compacted into `_spikes` (increasing
 *    order), and the count is returned.
 *
 * `run(args)` takes host arrays and writes the results back in place (upload, run, download).
 * `runResident(state, args)` runs on a {@link GpuState} that keeps the arrays on the device between
 * calls; only flags (threshold) and what host code needs are downloaded.
 */
import type { KernelIR } from '../../ir.js';
import type { RandomSource } from '../../random.js';
import { ARRAYS, SCALARS, type Backend, type BackendCapabilities, type CompiledKernel, type KernelArgs, type StateArray } from '../backend.js';
import { DerivedCache, KernelArgumentError } from '../js/js-backend.js';
import { analyzeKernel, type KernelAnalysis } from './analyze.js';
import { walkStmts } from '../../ir-visit.js';
import { GpujsDevice, GpuState, writeBack } from './device.js';
import { emitDeviceKernel, outputsOf, type DeviceKernelSource, type Param } from './emit-kernel.js';
import type { DeviceArray, GpuKernel } from './gpujs-module.js';
import { buildCsr, DrawPlanner, forEachElement, generateDraws, HostPreamble, type Csr, type HostArgs } from './host.js';

export interface GpujsCapabilities extends BackendCapabilities {
  /** The gpu.js mode asked for (undefined: gpu.js's own choice). */
  readonly mode: string | undefined;
  /** What `compile` refuses, with a clear error. */
  readonly unsupported: readonly string[];
}

/** Arguments of a device-resident run. */
export interface ResidentArgs {
  /** Every `builtin` and `external` scalar of the kernel. */
  readonly scalars: Readonly<Record<string, number>>;
  /** Host arrays for this call only (event lists, the spike buffer, ...); they take precedence over the state's. */
  readonly arrays?: Readonly<Record<string, StateArray>>;
  readonly externs?: Readonly<Record<string, (...args: number[]) => number>>;
  readonly rng?: RandomSource;
}

export interface GpujsCompiledKernel extends CompiledKernel {
  /** Runs with the state arrays on the device; returns the number of emitted events (threshold). */
  runResident(state: GpuState, args: ResidentArgs): number;
  /** The device kernels' sources, one per output. */
  readonly deviceKernels: readonly DeviceKernelSource[];
}

export interface GpujsBackend extends Backend {
  readonly capabilities: GpujsCapabilities;
  compile(kernel: KernelIR): GpujsCompiledKernel;
  /** State kept on this backend's device; `arrays` are uploaded when first needed. */
  createGpuState(arrays?: Readonly<Record<string, StateArray>>): GpuState;
  /** Class names of the gpu.js kernels that ran so far ('CPUKernel', 'WebAssemblyKernel', 'HeadlessGLKernel', ...). */
  kernelClasses(): string[];
  /** Destroys the gpu.js instance (textures included); the backend can still be used afterwards (a new instance is made). */
  dispose(): Promise<void>;
}

const UNSUPPORTED = [
  'calls of user functions and TimedArrays (externs) in per-element code',
  "pathway writes to another group's variable other than '+=' / '-=' (no scatter on the GPU)",
  'per-element writes of shared variables',
  'threshold (emit) outside a loop over all elements',
] as const;

interface Prepared {
  readonly output: DeviceKernelSource;
  readonly kernels: Map<string, GpuKernel>;
}

interface CsrCacheEntry {
  readonly nSyn: number;
  readonly nTarget: number;
  readonly csr: Csr;
  readonly dev: { ptr: DeviceArray; syn: DeviceArray };
}

/** Names of arrays the preamble stores into. */
function preambleWrites(ir: KernelIR): string[] {
  const out = new Set<string>();
  walkStmts(ir.preamble, (s) => void (s.kind === 'store' && out.add(s.array)), () => undefined);
  return [...out];
}

class GpujsKernel implements GpujsCompiledKernel {
  readonly backend = 'gpujs';
  readonly source: string;
  readonly deviceKernels: readonly DeviceKernelSource[];
  private readonly an: KernelAnalysis;
  private readonly prepared: Prepared[];
  private readonly preamble: HostPreamble;
  private readonly planner: DrawPlanner | undefined;
  private readonly derived: DerivedCache;
  private readonly derivedValues: Record<string, number> = {};
  private readonly derivedNames: ReadonlySet<string>;
  private readonly preambleWritten: readonly string[];
  private readonly csrCache = new Map<string, WeakMap<object, CsrCacheEntry>>();
  private flags: Float32Array | undefined;
  private readonly drawBuffers = new Map<string, Float32Array>();

  constructor(
    readonly ir: KernelIR,
    private readonly device: GpujsDevice,
  ) {
    this.an = analyzeKernel(ir);
    this.deviceKernels = outputsOf(this.an).map((o) => emitDeviceKernel(ir, this.an, o));
    this.prepared = this.deviceKernels.map((output) => ({ output, kernels: new Map() }));
    this.preamble = new HostPreamble(ir, this.an);
    this.planner = this.an.draws.length > 0 && !this.an.simpleDraws ? new DrawPlanner(ir, this.an) : undefined;
    this.derived = new DerivedCache(ir);
    this.derivedNames = new Set(ir.scalars.filter((x) => x.source === 'derived').map((x) => x.name));
    this.preambleWritten = preambleWrites(ir);
    this.source = this.describe();
  }

  private describe(): string {
    const lines = [`// gpujs kernel '${this.ir.name}' (${this.ir.operation}, loop '${this.ir.loop.kind}')`];
    if (this.preamble.kernel) lines.push('// host preamble (JS backend):', this.preamble.kernel.source);
    if (this.an.draws.length > 0) {
      lines.push(`// random draws per element, generated on the host ${this.planner ? 'by replaying the body in JS (conditional draws)' : 'in loop order'}: ${this.an.draws.map((d) => `${d.local} (${d.draw.dist})`).join(', ')}`);
    }
    for (const k of this.deviceKernels) {
      const what = k.output.kind === 'array' ? `array '${k.output.array}'` : k.output.kind === 'emit' ? 'threshold flags (compacted into _spikes on the host)' : `gather into '${k.output.target.array}' over synapses by '${k.output.target.indexArray}'`;
      lines.push(`// device kernel: ${what}`, k.source);
    }
    return lines.join('\n');
  }

  run(args: KernelArgs): number {
    const state = new GpuState(this.device, args.arrays);
    try {
      return this.runResident(state, { scalars: args.scalars, ...(args.rng ? { rng: args.rng } : {}), ...(args.externs ? { externs: args.externs } : {}) });
    } finally {
      state.dispose(); // downloads what the device changed into the caller's arrays
    }
  }

  runResident(state: GpuState, args: ResidentArgs): number {
    const ir = this.ir;
    const an = this.an;
    const hostArray = (name: string): StateArray => {
      const a = args.arrays?.[name];
      if (a) return a;
      if (!state.has(name)) throw new KernelArgumentError(`kernel '${ir.name}' needs the array '${name}'`);
      return state.host(name);
    };
    const lengthOf = (name: string): number => args.arrays?.[name]?.length ?? (state.has(name) ? state.length(name) : 0);

    // 1. Host: preamble, derived scalars, shared values.
    const hostArrays: Record<string, StateArray> = {};
    for (const a of an.preambleArrays) hostArrays[a] = hostArray(a);
    const needsRng = an.draws.length > 0 || ir.preamble.some((s) => s.kind === 'let' && s.value.kind === 'random');
    if (needsRng && !args.rng) throw new KernelArgumentError(`kernel '${ir.name}' draws random numbers and needs 'rng'`);
    const hostValues = this.preamble.run({ arrays: hostArrays, scalars: args.scalars, externs: args.externs, rng: args.rng });
    for (const a of this.preambleWritten) if (!args.arrays?.[a]) state.hostChanged(a);
    this.derived.fill(args.scalars, this.derivedValues);

    // 2. The loop's domain.
    let domain = 0;
    const loopHost: Record<string, StateArray> = {};
    switch (ir.loop.kind) {
      case 'range':
        domain = args.scalars[SCALARS.N] ?? 0;
        if (domain === 0) {
          // Nothing to loop over; summed targets are still zeroed, as in the JS backend.
          for (const z of ir.zeroed) {
            hostArray(z).fill(0);
            if (!args.arrays?.[z]) state.hostChanged(z);
          }
          return 0;
        }
        break;
      case 'events':
      case 'pathway':
        if ((args.scalars[SCALARS.count] ?? 0) === 0) return 0;
        loopHost[ARRAYS.events] = hostArray(ARRAYS.events);
        if (ir.loop.kind === 'pathway') {
          loopHost[ARRAYS.ptr] = hostArray(ARRAYS.ptr);
          const ptr = loopHost[ARRAYS.ptr]!;
          const synapses = hostArray(ARRAYS.synapses);
          loopHost[ARRAYS.synapses] = synapses;
          // An empty list is the identity over all the CSR's synapses (see ARRAYS.ptr).
          domain = synapses.length > 0 ? synapses.length : ptr[ptr.length - 1]!;
        }
        break;
    }
    for (const a of an.loopArrays) domain = Math.max(domain, lengthOf(a));
    const hostArgs: HostArgs = { arrays: loopHost, scalars: args.scalars, externs: args.externs, rng: args.rng };

    // 3. Per-element guard flags (event lists, active synapses).
    let flags: Float32Array | undefined;
    if (ir.loop.kind !== 'range') {
      if (this.flags?.length !== domain) this.flags = new Float32Array(domain);
      flags = this.flags;
      flags.fill(0);
      forEachElement(ir, loopHost, args.scalars, (idx) => void (flags![idx] = 1));
    }

    // 4. Random draws, in the JS backend's order.
    const draws: Record<string, Float32Array> = {};
    if (an.draws.length > 0) {
      for (const d of an.draws) {
        let b = this.drawBuffers.get(d.local);
        if (b?.length !== domain) {
          b = new Float32Array(domain);
          this.drawBuffers.set(d.local, b);
        }
        draws[d.local] = b;
      }
      if (this.planner) {
        const all: Record<string, StateArray> = { ...loopHost };
        for (const a of this.planner.kernel.ir.arrays) {
          const m = /^__w_(.*)$/.exec(a.name);
          const name = m ? m[1]! : a.name;
          if (!name.startsWith('__r_') && !(name in all) && (args.arrays?.[name] || state.has(name))) all[name] = hostArray(name);
        }
        this.planner.run({ ...hostArgs, arrays: all }, hostValues, args.rng!, draws);
      } else generateDraws(ir, an, hostValues, hostArgs, args.rng!, draws);
    }

    // 5. Device kernels: all read the old state; results are committed afterwards.
    const transient: DeviceArray[] = [];
    const deviceOf = (name: string): DeviceArray => {
      const a = args.arrays?.[name];
      if (a) {
        const d = this.device.upload(a);
        transient.push(d);
        return d;
      }
      if (!state.has(name)) throw new KernelArgumentError(`kernel '${ir.name}' needs the array '${name}'`);
      return state.deviceArray(name);
    };
    const results: { output: DeviceKernelSource; value: DeviceArray }[] = [];
    try {
      for (const p of this.prepared) {
        const out = p.output.output;
        let csr: CsrCacheEntry | undefined;
        let outLen: number;
        if (out.kind === 'gather') {
          outLen = lengthOf(out.target.array);
          const nSyn = ir.loop.kind === 'range' ? (args.scalars[SCALARS.N] ?? 0) : lengthOf(out.target.indexArray);
          csr = this.csr(out.target.indexArray, hostArray(out.target.indexArray), nSyn, outLen);
        } else outLen = out.kind === 'array' ? lengthOf(out.array) : domain;
        if (outLen === 0) continue;
        const values = p.output.params.map((param) => this.paramValue(param, { args, hostValues, hostArray, deviceOf, draws, flags, csr }));
        // gpu.js bakes sizes into a compiled kernel: one per output length, argument lengths and loop bound.
        const key = [outLen, csr?.csr.maxDegree ?? 0, ...p.output.params.map((q) => this.paramLength(q, lengthOf, domain, csr))].join(',');
        let k = p.kernels.get(key);
        if (!k) {
          k = this.device.createKernel(p.output.source, { output: [outLen], ...(csr ? { loopMaxIterations: Math.max(1, csr.csr.maxDegree) } : {}) });
          p.kernels.set(key, k);
        }
        try {
          results.push({ output: p.output, value: this.device.call(k, values) });
        } catch (e) {
          throw new Error(`gpujs backend: kernel '${ir.name}' failed on the device (${describeOutput(p.output)}): ${e instanceof Error ? e.message : String(e)}\n${p.output.source}`, { cause: e });
        }
      }
    } catch (e) {
      for (const r of results) this.device.release(r.value);
      throw e;
    } finally {
      for (const t of transient) this.device.release(t);
    }

    // 6. Commit, and compact threshold flags.
    let count = 0;
    for (const r of results) {
      const out = r.output.output;
      if (out.kind === 'emit') {
        const f = this.device.read(r.value);
        this.device.release(r.value);
        const spikes = hostArray(ARRAYS.spikes);
        const n = Math.min(args.scalars[SCALARS.N] ?? 0, f.length);
        for (let i = 0; i < n; i++) if (f[i]! > 0.5) spikes[count++] = i;
        if (!args.arrays?.[ARRAYS.spikes]) state.hostChanged(ARRAYS.spikes);
        continue;
      }
      const name = out.kind === 'array' ? out.array : out.target.array;
      if (args.arrays?.[name]) {
        // A per-call host array: write back now.
        writeBack(this.device.read(r.value), args.arrays[name]);
        this.device.release(r.value);
      } else state.commit(name, r.value);
    }
    return count;
  }

  private csr(indexArray: string, index: StateArray, nSyn: number, nTarget: number): CsrCacheEntry {
    let byArray = this.csrCache.get(indexArray);
    if (!byArray) {
      byArray = new WeakMap();
      this.csrCache.set(indexArray, byArray);
    }
    const hit = byArray.get(index);
    if (hit && hit.nSyn === nSyn && hit.nTarget === nTarget) return hit;
    if (hit) {
      this.device.release(hit.dev.ptr);
      this.device.release(hit.dev.syn);
    }
    const csr = buildCsr(index, nSyn, nTarget);
    const entry = { nSyn, nTarget, csr, dev: { ptr: this.device.upload(csr.ptr), syn: this.device.upload(csr.syn) } };
    byArray.set(index, entry);
    return entry;
  }

  private paramLength(p: Param, lengthOf: (name: string) => number, domain: number, csr: CsrCacheEntry | undefined): number {
    switch (p.kind) {
      case 'scalar':
      case 'preamble':
      case 'shared':
        return -1;
      case 'array':
        return lengthOf(p.array);
      case 'draw':
      case 'flag':
        return domain;
      case 'gptr':
        return csr!.csr.ptr.length;
      case 'gsyn':
        return csr!.csr.syn.length;
    }
  }

  private paramValue(
    p: Param,
    c: {
      args: ResidentArgs;
      hostValues: { preamble: Readonly<Record<string, number>> };
      hostArray: (name: string) => StateArray;
      deviceOf: (name: string) => DeviceArray;
      draws: Readonly<Record<string, Float32Array>>;
      flags: Float32Array | undefined;
      csr: CsrCacheEntry | undefined;
    },
  ): unknown {
    switch (p.kind) {
      case 'scalar': {
        const v = this.derivedNames.has(p.name) ? this.derivedValues[p.name] : c.args.scalars[p.name];
        if (v === undefined) throw new KernelArgumentError(`kernel '${this.ir.name}' needs the scalar '${p.name}'`);
        return v;
      }
      case 'preamble':
        return c.hostValues.preamble[p.name] ?? 0;
      case 'shared':
        return c.hostArray(p.array)[0] ?? 0;
      case 'array':
        return c.deviceOf(p.array);
      case 'draw':
        return c.draws[p.local]!;
      case 'flag':
        return c.flags!;
      case 'gptr':
        return c.csr!.dev.ptr;
      case 'gsyn':
        return c.csr!.dev.syn;
    }
  }
}


function describeOutput(k: DeviceKernelSource): string {
  const o = k.output;
  return o.kind === 'array' ? `output '${o.array}'` : o.kind === 'emit' ? 'threshold flags' : `gather into '${o.target.array}'`;
}

/** A gpujs backend for one gpu.js mode (default: gpu.js's choice — headlessgl, then webgl2, webgl, webasm, cpu). */
export function createGpujsBackend(options: { readonly mode?: string } = {}): GpujsBackend {
  const device = new GpujsDevice(options.mode);
  return {
    name: 'gpujs',
    capabilities: { precision: 'single', loops: ['range', 'events', 'pathway'], mode: options.mode, unsupported: UNSUPPORTED },
    compile: (kernel: KernelIR) => new GpujsKernel(kernel, device),
    createGpuState: (arrays = {}) => new GpuState(device, arrays),
    kernelClasses: () => [...device.kernelClasses].sort(),
    dispose: () => device.dispose(),
  };
}

/** The registered gpujs backend, in gpu.js's default mode. */
export const gpujsBackend: GpujsBackend = createGpujsBackend();
