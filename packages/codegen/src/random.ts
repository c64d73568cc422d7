/**
 * The one seeded random generator of Neurite. Kernels of every backend draw from it (a GPU backend
 * pre-generates a step's draws on the host in the same order), so a seed gives the same run on
 * every backend that uses it, and its state can be stored and restored with the network.
 *
 * Generator: xoshiro128** (Blackman & Vigna), 32-bit state words, seeded through splitmix32.
 * Uniform doubles use 53 random bits; normals use the Box–Muller transform (the second value of
 * each pair is cached and is part of the state).
 */

/** Serializable generator state. */
export interface RandomState {
  readonly s: readonly [number, number, number, number];
  /** A cached second normal deviate, or null. */
  readonly spareNormal: number | null;
}

function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * What kernels draw from. Each draw of a loop body names the element it is for (the loop's `_idx`:
 * a neuron, or a synapse in a pathway): a {@link Random} ignores it, while a batched network with
 * a seed per copy (`runBatch({ seeds })`) answers each draw from the generator of the element's
 * copy, so every copy sees the draws, in the order, that a run with its seed alone would see.
 */
export interface RandomSource {
  uniform(element?: number): number;
  normal(element?: number): number;
  poisson(lambda: number, element?: number): number;
  /** The generator that draws for `element` (a {@link Random} is its own). */
  streamFor(element: number): Random;
}

const TWO_POW_53 = 9007199254740992;
const TWO_POW_26 = 67108864;

/**
 * The state words are kept as signed 32-bit integers (`| 0`), the same bits as the algorithm's
 * unsigned words: V8 keeps such fields as small integers, while unsigned words above 2^31 made
 * them doubles, boxed on every write — 27 instead of ~4 ns per uniform draw, which a
 * PoissonGroup makes for every neuron and step.
 */
export class Random implements RandomSource {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /**
   * The cached second normal deviate, valid while `hasSpare`. A number field that never holds
   * null: alternating a double with null made V8 box every deviate stored (an allocation per pair).
   */
  private spare = 0;
  private hasSpare = false;

  /** A generator seeded with `seed` (any integer; only the low 32 bits count). */
  constructor(seed = 0) {
    this.seed(seed);
  }

  seed(seed: number): void {
    const next = splitmix32(seed);
    this.s0 = next() | 0;
    this.s1 = next() | 0;
    this.s2 = next() | 0;
    this.s3 = next() | 0;
    // The all-zero state is a fixed point of xoshiro; splitmix32 never yields four zeros in a row,
    // but keep the invariant explicit.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.hasSpare = false;
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    return this.next() >>> 0;
  }

  /** Next 32 random bits as a signed integer (xoshiro128**; every value stays an int32). */
  private next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1), 53 random bits. (`element`, see {@link RandomSource}, is ignored.) */
  uniform(_element?: number): number {
    const a = this.next() >>> 5; // 27 bits
    const b = this.next() >>> 6; // 26 bits
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /** Standard normal deviate (Box–Muller). */
  normal(_element?: number): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    // 1 - u is in (0, 1], so the logarithm is finite.
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }

  /**
   * Poisson deviate with mean `lambda`: Knuth's multiplication method for small means, a normal
   * approximation rounded to an integer beyond 50 (as Brian's BinomialFunction does for large n·p).
   */
  poisson(lambda: number, _element?: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }

  streamFor(_element: number): Random {
    return this;
  }

  getState(): RandomState {
    // As unsigned words, the form setState stores, so equal states compare equal.
    return { s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spareNormal: this.hasSpare ? this.spare : null };
  }

  setState(state: RandomState): void {
    [this.s0, this.s1, this.s2, this.s3] = state.s.map((x) => x | 0) as [number, number, number, number];
    this.hasSpare = state.spareNormal !== null;
    this.spare = state.spareNormal ?? 0;
  }
}

/** `x` rotated left by `k` bits, as a signed 32-bit integer. */
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
