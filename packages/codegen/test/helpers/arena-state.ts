/**
 * Arena-backed test state for kernels (so that the WebAssembly tier can run them), and bitwise
 * comparison of two states.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { setWasmEnabled, setWasmMinElements } from '../../src/backends/js/js-backend.js';
import { WasmArena } from '../../src/backends/wasm/arena.js';
import type { CompiledKernel, StateArray } from '../../src/backends/backend.js';

/**
 * For a test file whose kernels are small: every eligible call runs as WebAssembly (no minimum
 * loop length), and the tier is switched back on after each test that turned it off.
 */
export function everyCallOnWasm(): void {
  let minElements = 0;
  beforeAll(() => {
    minElements = setWasmMinElements(0);
  });
  afterEach(() => {
    setWasmEnabled(true);
  });
  afterAll(() => {
    setWasmMinElements(minElements);
  });
}

/** A deterministic generator of test values. */
export function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

export type Arrays = Record<string, StateArray>;

/** Arena-backed arrays for every array the kernels declare (length N each), filled from `seed`. */
export function arenaState(kernels: readonly CompiledKernel[], N: number, seed: number): Arrays {
  const decls = new Map<string, 'float' | 'integer' | 'boolean'>();
  for (const k of kernels) for (const a of k.ir.arrays) decls.set(a.name, a.type);
  const arena = new WasmArena(WasmArena.sizeOf([...decls.values()].map((t) => [t, N] as const)));
  const rand = lcg(seed);
  const out: Arrays = {};
  for (const [name, type] of [...decls].sort()) {
    const a = arena.allocate(type, N);
    for (let k = 0; k < N; k++) {
      if (name === 'lastspike') a[k] = rand() < 0.3 ? -1e4 : -rand() * 0.01;
      else if (type === 'boolean') a[k] = rand() < 0.7 ? 1 : 0;
      else if (type === 'integer') a[k] = Math.floor(rand() * N);
      // v: half near a membrane potential (volts), half in [0, 1.2] (dimensionless models
      // with threshold 1), so that every model's threshold fires and its reset runs.
      else if (name === 'v') a[k] = rand() < 0.5 ? (rand() - 0.5) * 0.2 : rand() * 1.2;
      else a[k] = (rand() - 0.5) * 2;
    }
    out[name] = a;
  }
  return out;
}

export function copyState(from: Arrays): Arrays {
  const decls = Object.entries(from);
  const arena = new WasmArena(WasmArena.sizeOf(decls.map(([, a]) => [a instanceof Float64Array ? 'float' : a instanceof Int32Array ? 'integer' : 'boolean', a.length] as const)));
  return Object.fromEntries(
    decls.map(([name, a]) => {
      const copy = arena.allocate(a instanceof Float64Array ? 'float' : a instanceof Int32Array ? 'integer' : 'boolean', a.length);
      copy.set(a as never);
      return [name, copy];
    }),
  );
}

const bytesOf = (a: StateArray) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * Index of the first element that differs, or -1. Same value means the same bits (so -0 and +0
 * differ), except that any NaN equals any NaN: neither JavaScript nor WebAssembly fixes the sign
 * and payload bits of a NaN an operation produces, and no user can observe them in a simulation.
 */
export function firstDifference(x: StateArray, y: StateArray): number {
  if (x instanceof Float64Array) return x.findIndex((v, k) => !Object.is(v, y[k]) && !(Number.isNaN(v) && Number.isNaN(y[k]!)));
  const bx = bytesOf(x);
  const by = bytesOf(y);
  return bx.findIndex((v, k) => v !== by[k]);
}

export function expectSameBits(a: Arrays, b: Arrays, what: string): void {
  for (const name of Object.keys(a)) {
    if (name === '_spikes') continue; // compared up to the count, below
    const first = firstDifference(a[name]!, b[name]!);
    expect(first, `${what}: array '${name}' differs at element ${first}: ${a[name]![first]} vs ${b[name]![first]}`).toBe(-1);
  }
}

