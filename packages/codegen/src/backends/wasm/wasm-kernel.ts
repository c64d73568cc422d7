/**
 * The WebAssembly tier of a kernel: the emitted module, compiled on first use and instantiated
 * once per WasmArena memory it runs on.
 *
 * A kernel runs here only when every array it is given lives in the same arena (see `arena.ts`)
 * and is long enough for the loop; the JS backend's invoker checks that and otherwise runs the
 * JavaScript version, so results never depend on which tier ran (the tests check both agree bit
 * for bit).
 */
import type { KernelIR } from '../../ir.js';
import { memoryOf } from './arena.js';
import { wasmApi, type WasmMemory, type WasmModuleHandle } from './wasm-api.js';
import { encodeModule, printModule } from './encoder.js';
import { emitWasm, WASM_HELPERS, WasmUnsupported, type WasmKernelModule } from './emit-wasm.js';

export type WasmFn = (...args: number[]) => number;

/** What a compiled kernel says about its WebAssembly tier. */
export interface WasmTier {
  /** The module in WebAssembly text (flat form). */
  readonly text: string;
  /** Arrays indexed by the loop element, and by the event position (for the invoker's length checks). */
  readonly loopArrays: readonly string[];
  readonly positionArrays: readonly string[];
  readonly takesLength: boolean;
  /** The exported function for the memory behind `buffer`, or undefined (not an arena, or no WebAssembly). */
  functionFor(buffer: ArrayBufferLike): WasmFn | undefined;
}

/** Why a kernel has no WebAssembly tier, or the tier. */
export type WasmTierResult = { readonly ok: true; readonly tier: WasmTier } | { readonly ok: false; readonly reason: string };

const hostImports = (m: WasmKernelModule): Record<string, Record<string, unknown>> => {
  const math: Record<string, unknown> = {};
  const helpers: Record<string, unknown> = {};
  for (const i of m.imports) {
    if (i.module === 'Math') math[i.name] = (Math as unknown as Record<string, unknown>)[i.name];
    else helpers[i.name] = WASM_HELPERS[i.name as keyof typeof WASM_HELPERS];
  }
  return { Math: math, helpers };
};

export function wasmTier(ir: KernelIR): WasmTierResult {
  const api = wasmApi;
  if (!api) return { ok: false, reason: 'this engine has no WebAssembly' };
  let emitted: WasmKernelModule;
  try {
    emitted = emitWasm(ir);
  } catch (e) {
    if (e instanceof WasmUnsupported) return { ok: false, reason: e.message };
    throw e;
  }
  let module: WasmModuleHandle | undefined;
  let failed = false;
  const instances = new WeakMap<WasmMemory, WasmFn>();
  let lastBuffer: ArrayBufferLike | undefined;
  let lastFn: WasmFn | undefined;
  const imports = hostImports(emitted);
  const functionFor = (buffer: ArrayBufferLike): WasmFn | undefined => {
    if (buffer === lastBuffer) return lastFn;
    const memory = memoryOf(buffer);
    if (memory === undefined || failed) return undefined;
    let fn = instances.get(memory);
    if (fn === undefined) {
      try {
        // Compiled synchronously on first use: kernels are small, and a run needs them now.
        module ??= new api.Module(encodeModule(emitted.module));
        const instance = new api.Instance(module, { ...imports, env: { memory } });
        fn = instance.exports[emitted.exportName] as WasmFn;
      } catch {
        // An engine that refuses (e.g. a browser's limit on synchronous compiles on the main
        // thread): stay on the JavaScript version, which computes the same numbers.
        failed = true;
        return undefined;
      }
      instances.set(memory, fn);
    }
    lastBuffer = buffer;
    lastFn = fn;
    return fn;
  };
  let text: string | undefined;
  return {
    ok: true,
    tier: {
      get text() {
        return (text ??= printModule(emitted.module));
      },
      loopArrays: emitted.loopArrays,
      positionArrays: emitted.positionArrays,
      takesLength: emitted.takesLength,
      functionFor,
    },
  };
}
