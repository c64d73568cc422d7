/** `v128.const` immediates (16 bytes, little-endian) for the two-lane emitters. */

/** Both f64 lanes set to `v`. */
export function bytesOfF64x2(v: number): number[] {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, v, true);
  view.setFloat64(8, v, true);
  return [...new Uint8Array(view.buffer)];
}

/** Four i32 lanes. */
export function bytesOfI32x4(a: number, b: number, c: number, d: number): number[] {
  const view = new DataView(new ArrayBuffer(16));
  [a, b, c, d].forEach((x, k) => view.setInt32(4 * k, x, true));
  return [...new Uint8Array(view.buffer)];
}

/** Both i64 lanes set to `v` (taken modulo 2^64). */
export function bytesOfI64x2(v: bigint): number[] {
  const view = new DataView(new ArrayBuffer(16));
  view.setBigUint64(0, BigInt.asUintN(64, v), true);
  view.setBigUint64(8, BigInt.asUintN(64, v), true);
  return [...new Uint8Array(view.buffer)];
}

export const ALL_ONES: readonly number[] = Array<number>(16).fill(0xff);
export const ZEROS: readonly number[] = Array<number>(16).fill(0);
