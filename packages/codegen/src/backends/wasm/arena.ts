/**
 * WasmArena: typed arrays that live in one WebAssembly.Memory, so that WebAssembly kernels can
 * work on them in place (a kernel receives each array as a byte offset into the memory).
 *
 * Invariants:
 * - the memory is sized once, when the arena is created, and never grows: growing would detach
 *   the ArrayBuffer and empty every view handed out before;
 * - every array is 8-byte aligned and no two arrays overlap;
 * - the first {@link CONSTANT_POOL_BYTES} bytes hold constants the kernels read at fixed
 *   addresses (the exp table, {@link EXP_TABLE_OFFSET}), written once here and never handed out;
 * - to user code the arrays are ordinary Float64Array / Int32Array / Uint8Array views (over a
 *   SharedArrayBuffer for a `shared` arena, which worker threads can work on too: see team.ts).
 *
 * Kernels find the memory of an array through {@link memoryOf}; arrays that are not in an arena
 * (user-made arrays, monitors' growing buffers) simply run the kernel's plain JavaScript version.
 */

import { EXP_HI, EXP_LO } from '../../math/exp.js';
import { wasmApi, type WasmMemory } from './wasm-api.js';

const PAGE = 65536;
const memories = new WeakMap<ArrayBufferLike, WasmMemory>();

/** The WebAssembly.Memory whose buffer is `buffer`, if it is an arena's. */
export function memoryOf(buffer: ArrayBufferLike): WasmMemory | undefined {
  return memories.get(buffer);
}

/** True where this JavaScript engine has WebAssembly (every current browser and Node). */
export const WASM_AVAILABLE = wasmApi !== undefined;

export type ArenaType = 'float' | 'integer' | 'boolean';

const BYTES: Record<ArenaType, number> = { float: 8, integer: 4, boolean: 1 };

const align8 = (n: number) => (n + 7) & ~7;

/**
 * Byte address, in every arena's memory, of math/exp.ts's table of 2^(j/64) as 64 pairs of
 * doubles (hi_j, lo_j), 16 bytes each: the two-lane exp (simd-exp.ts) loads one pair per lane.
 */
export const EXP_TABLE_OFFSET = 0;

/** Bytes at the start of every arena that hold constants (see the invariants above). */
export const CONSTANT_POOL_BYTES = 1024;

/** The exp table as the pairs (hi_j, lo_j), built once and copied into every arena. */
const EXP_PAIRS = Float64Array.from({ length: 2 * EXP_HI.length }, (_, k) => (k % 2 === 0 ? EXP_HI : EXP_LO)[k >> 1]!);

export class WasmArena {
  readonly memory: WasmMemory | undefined;
  private readonly buffer: ArrayBuffer | SharedArrayBuffer;
  private used = CONSTANT_POOL_BYTES;

  /**
   * An arena of `bytes` bytes. Without WebAssembly, the arena is a plain ArrayBuffer (kernels then
   * run as JavaScript), so code that allocates from arenas works everywhere. A `shared` arena's
   * memory is a shared WebAssembly.Memory (where the engine has SharedArrayBuffer), which a
   * WasmTeam's worker threads can run kernels on.
   */
  constructor(
    readonly bytes: number,
    options: { readonly shared?: boolean } = {},
  ) {
    const total = CONSTANT_POOL_BYTES + bytes;
    if (wasmApi) {
      const pages = Math.ceil(total / PAGE);
      const shared = options.shared === true && typeof SharedArrayBuffer !== 'undefined';
      this.memory = new wasmApi.Memory(shared ? { initial: pages, maximum: pages, shared } : { initial: pages });
      this.buffer = this.memory.buffer;
      memories.set(this.buffer, this.memory);
    } else {
      this.memory = undefined;
      this.buffer = new ArrayBuffer(total);
    }
    new Float64Array(this.buffer, EXP_TABLE_OFFSET, EXP_PAIRS.length).set(EXP_PAIRS);
  }

  /** Bytes needed for arrays of these types and lengths (with alignment padding). */
  static sizeOf(arrays: Iterable<readonly [ArenaType, number]>): number {
    let n = 0;
    for (const [type, length] of arrays) n += align8(length * BYTES[type]);
    return n;
  }

  allocate(type: 'float', length: number): Float64Array;
  allocate(type: 'integer', length: number): Int32Array;
  allocate(type: 'boolean', length: number): Uint8Array;
  allocate(type: ArenaType, length: number): Float64Array | Int32Array | Uint8Array;
  allocate(type: ArenaType, length: number): Float64Array | Int32Array | Uint8Array {
    const size = align8(length * BYTES[type]);
    if (this.used + size > this.buffer.byteLength) {
      throw new RangeError(`internal error: WasmArena of ${this.bytes} bytes cannot fit another ${size} (${this.used} used)`);
    }
    const offset = this.used;
    this.used += size;
    switch (type) {
      case 'float':
        return new Float64Array(this.buffer, offset, length);
      case 'integer':
        return new Int32Array(this.buffer, offset, length);
      case 'boolean':
        return new Uint8Array(this.buffer, offset, length);
    }
  }
}
