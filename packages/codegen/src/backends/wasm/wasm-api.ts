/**
 * The part of the WebAssembly JS API the wasm tier uses, typed here: TypeScript declares
 * `WebAssembly` only in the DOM libraries, which this project does not load (it targets Node and
 * browsers alike). Undefined where the engine has no WebAssembly.
 */
export interface WasmMemory {
  /** An ArrayBuffer, or a SharedArrayBuffer for a shared memory. */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

export type WasmModuleHandle = object;

export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

interface WasmApi {
  readonly Memory: new (descriptor: { readonly initial: number; readonly maximum?: number; readonly shared?: boolean }) => WasmMemory;
  readonly Module: new (bytes: Uint8Array) => WasmModuleHandle;
  readonly Instance: new (module: WasmModuleHandle, imports: Readonly<Record<string, Readonly<Record<string, unknown>>>>) => WasmInstance;
}

export const wasmApi: WasmApi | undefined = (globalThis as { readonly WebAssembly?: WasmApi }).WebAssembly;
