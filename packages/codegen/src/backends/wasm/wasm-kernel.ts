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
  /**
   * Arrays indexed by the loop element, and by the event position, as indices into the kernel's
   * `arrays` declarations (for the invoker's length checks).
   */
  readonly loopArrayIndices: readonly number[];
  readonly positionArrayIndices: readonly number[];
  /** True if the function takes `from, to` after the arrays (range loops; see WasmKernelModule). */
  readonly takesRange: boolean;
  /** Why parts of a call must not run on several threads (see WasmKernelModule), or undefined. */
  readonly notThreadable: string | undefined;
  /** The parameter index of the events array, or -1 (see WasmKernelModule). */
  readonly eventsParam: number;
  /** Scalars and arrays the function takes before its trailing `from, to` or `len`. */
  readonly argumentCount: number;
  readonly exportName: string;
  /** Imported functions, in import order: `Math.<name>`, or a helper (see WASM_HELPERS). */
  readonly imports: readonly { readonly module: 'Math' | 'helpers'; readonly name: string }[];
  /** The exported function for the memory behind `buffer`, or undefined (not an arena, or no WebAssembly). */
  functionFor(buffer: ArrayBufferLike): WasmFn | undefined;
  /** The compiled module for a shared or an unshared memory (compiled on first use), or undefined if the engine refused. */
  moduleFor(shared: boolean): WasmModuleHandle | undefined;
}

/** True if `buffer` is a SharedArrayBuffer (a shared memory's: see WasmArena's `shared`). */
export const isShared = (buffer: ArrayBufferLike): boolean => typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;

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
  const modules: [WasmModuleHandle | undefined, WasmModuleHandle | undefined] = [undefined, undefined];
  const moduleFor = (shared: boolean): WasmModuleHandle | undefined => {
    const k = shared ? 1 : 0;
    try {
      // Compiled synchronously on first use: kernels are small, and a run needs them now.
      return (modules[k] ??= new api.Module(encodeModule(emitted.module, { sharedMemory: shared })));
    } catch {
      // An engine that refuses (e.g. a browser's limit on synchronous compiles on the main
      // thread): stay on the JavaScript version, which computes the same numbers.
      return undefined;
    }
  };
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
      const module = moduleFor(isShared(buffer));
      try {
        if (module === undefined) throw new Error('no module');
        const instance = new api.Instance(module, { ...imports, env: { memory } });
        fn = instance.exports[emitted.exportName] as WasmFn;
      } catch {
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
  const indexOf = (name: string): number => {
    const k = ir.arrays.findIndex((a) => a.name === name);
    if (k < 0) throw new Error(`internal error: kernel '${ir.name}' indexes the undeclared array '${name}'`);
    return k;
  };
  return {
    ok: true,
    tier: {
      get text() {
        return (text ??= printModule(emitted.module));
      },
      loopArrayIndices: emitted.loopArrays.map(indexOf),
      positionArrayIndices: emitted.positionArrays.map(indexOf),
      takesRange: emitted.takesRange,
      notThreadable: emitted.notThreadable,
      eventsParam: emitted.eventsParam,
      argumentCount: ir.scalars.length + ir.arrays.length,
      exportName: emitted.exportName,
      imports: emitted.imports,
      functionFor,
      moduleFor,
    },
  };
}
