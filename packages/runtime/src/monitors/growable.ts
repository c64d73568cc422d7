/**
 * Typed arrays that grow by doubling, for recordings: amortised O(1) appends, no per-step allocation.
 *
 * Storage is allocated at the first append, not at construction: a monitor that records nothing
 * (most of a batch's per-copy monitors, or one whose group stays silent) costs no buffer — runBatch
 * makes one monitor per copy on every call, and 2 × 30 buffers of 1024 values were a tenth of a
 * warm 30-copy sweep. The first buffer is small (64 values) for the same reason: a fresh 8 KB
 * typed array costs ~10 µs in a running simulation (V8 accounts it as external memory, which
 * brings garbage collections forward), so the tau sweep's 60 per-copy buffers of 1024 values took
 * 0.6 of its 1.6 ms of simulation, against ~0 for 64 values; doubling from 64 rather than 1024
 * costs a long recording four more copies of small arrays.
 */
const EMPTY_F64 = new Float64Array(0);
const EMPTY_I32 = new Int32Array(0);
/** Values in the first buffer of a recording (see above). */
const FIRST_CAPACITY = 64;

export class GrowableFloat64 {
  private data: Float64Array = EMPTY_F64;
  length = 0;

  /** `capacity`: the size of the first allocation (at least 16). */
  constructor(private readonly capacity = FIRST_CAPACITY) {}

  push(x: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = x;
  }

  /** Makes room for `n` more values and returns the backing array (valid until the next growth). */
  reserve(n: number): Float64Array {
    if (this.length + n > this.data.length) this.grow(this.length + n);
    return this.data;
  }

  private grow(min: number): void {
    let cap = this.data.length === 0 ? Math.max(16, this.capacity) : this.data.length * 2;
    while (cap < min) cap *= 2;
    const next = new Float64Array(cap);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /** A copy of the values. */
  values(): Float64Array {
    return this.data.slice(0, this.length);
  }

  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  snapshot(): Float64Array {
    return this.values();
  }

  restore(values: Float64Array): void {
    this.length = 0;
    this.reserve(values.length).set(values);
    this.length = values.length;
  }
}

export class GrowableInt32 {
  private data: Int32Array = EMPTY_I32;
  length = 0;

  /** `capacity`: the size of the first allocation (at least 16). */
  constructor(private readonly capacity = FIRST_CAPACITY) {}

  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length === 0 ? Math.max(16, this.capacity) : this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }

  values(): Int32Array {
    return this.data.slice(0, this.length);
  }

  restore(values: Int32Array): void {
    this.length = 0;
    for (const v of values) this.push(v);
  }
}
