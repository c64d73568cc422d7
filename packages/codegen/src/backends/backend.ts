/**
 * The interface every backend implements, and the arguments a compiled kernel takes. Backends sit
 * in a registry keyed by name (`backends/registry.ts`); only `backends/gpujs/` imports gpu.js.
 */
import type { WasmTier } from './wasm/wasm-kernel.js';
import type { KernelIR } from '../ir.js';
import type { RandomSource } from '../random.js';

export type StateArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/** Reserved array names for event lists and connectivity, shared by lowering and backends. */
export const ARRAYS = {
  /** Input of `events` and `pathway` loops: element indices, `count` of them (a scalar). */
  events: '_events',
  /** Output of threshold kernels: the indices of elements that emitted, in increasing order. */
  spikes: '_spikes',
  /**
   * Pathway CSR by presynaptic neuron: synapses of neuron p are `synapses[ptr[p] .. ptr[p+1])`;
   * an empty `synapses` means the identity (the synapses of p are `ptr[p] .. ptr[p+1]`).
   */
  ptr: '_ptr',
  synapses: '_synapses',
  /** Per synapse: its presynaptic and postsynaptic neuron (indices into the groups' arrays). */
  preIndex: '_synaptic_pre',
  postIndex: '_synaptic_post',
} as const;

/** Reserved scalar names. */
export const SCALARS = { N: 'N', t: 't', dt: 'dt', count: 'count' } as const;

export interface KernelArgs {
  /** Every array in `kernel.ir.arrays`, by name. Writes happen in place. */
  readonly arrays: Readonly<Record<string, StateArray>>;
  /** Every `builtin` and `external` scalar in `kernel.ir.scalars`, by name. Derived scalars are computed by the kernel. */
  readonly scalars: Readonly<Record<string, number>>;
  /** Implementations of `kernel.ir.externs` (user functions, TimedArray lookups). */
  readonly externs?: Readonly<Record<string, (...args: number[]) => number>>;
  /** Required if the kernel draws random numbers. */
  readonly rng?: RandomSource;
  /**
   * Optional: threads that may share the kernel's elements (JS backend, WebAssembly tier, arrays
   * in a shared WasmArena; see backends/wasm/team.ts). Results are the same with or without.
   */
  readonly team?: KernelTeam;
}

/**
 * Threads that run parts of one kernel call (backends/wasm/team.ts's WasmTeam). The JS backend's
 * invoker writes the call's arguments into `args`, calls `start`, runs its own part `0..start()`,
 * and returns what `finish` returns.
 */
export interface KernelTeam {
  /** Elements below which a call stays on the calling thread. */
  readonly minElements: number;
  /** The arguments of the next call (scalars, then the arrays' byte offsets). */
  readonly args: Float64Array;
  /** The team's number for `tier` on the memory of `buffer`, or -1 where it cannot share the kernel. */
  slot(tier: WasmTier, buffer: ArrayBufferLike): number;
  /** Begins a call of `slot` over `n` elements; returns the end of the caller's part. */
  start(slot: number, n: number): number;
  /** Waits for the other parts; returns the call's event count (or WASM_DECLINED), events in element order. */
  finish(slot: number, own: number): number;
}

export interface CompiledKernel {
  readonly ir: KernelIR;
  readonly backend: string;
  /** The generated source, for inspection and golden tests. */
  readonly source: string;
  /** Runs the kernel once. Threshold kernels return the number of elements that emitted an event. */
  run(args: KernelArgs): number;
  /**
   * Optional: readies the kernel for calls with these arguments (the JS backend checks here,
   * once, whether the arrays share one memory that WebAssembly could run on; it instantiates the
   * module only in the first call with enough elements, so small groups never pay for it), so that
   * the first call does little one-time work. A simulator calls it when it builds a run's
   * arguments; calls work without it.
   */
  bind?(args: KernelArgs): void;
  /**
   * JS backend: the kernel's WebAssembly version, as WebAssembly text — or why it has none (it
   * then always runs as JavaScript). Both versions compute the same bits.
   */
  readonly wasm?: { readonly text: string } | { readonly unsupported: string };
  /** JS backend: calls so far that ran as WebAssembly and as JavaScript. */
  readonly calls?: { readonly wasm: number; readonly js: number };
}

export interface BackendCapabilities {
  /** Float precision of the arithmetic. */
  readonly precision: 'double' | 'single';
  /** Loop kinds the backend can run. */
  readonly loops: readonly KernelIR['loop']['kind'][];
}

export interface Backend {
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  compile(kernel: KernelIR): CompiledKernel;
}
