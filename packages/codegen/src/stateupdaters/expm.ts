/**
 * The matrix exponential of small dense matrices, and the propagators of linear ODE systems built
 * on it (used by `exact` integration, on the host, once per change of `dt` or of a constant).
 *
 * `expm` is the scaling and squaring method with Padé approximants of degree 3, 5, 7, 9 or 13 and
 * the θ_m bounds of Higham (2005), "The scaling and squaring method for the matrix exponential
 * revisited" (θ13 = 5.371920351148152), with the refinements of Al-Mohy & Higham (2009), "A new
 * scaling and squaring algorithm for the matrix exponential" (the algorithm of SciPy and MATLAB):
 * - the degree and the scaling 2^-s are chosen from d_k = ‖A^k‖^(1/k) rather than ‖A‖, so a
 *   non-normal matrix is not scaled more than it needs (powers are computed exactly here: n is
 *   small), plus the correction ℓ(A, m) that bounds the backward error through ‖|A|^(2m+1)‖;
 * - for a matrix that is triangular up to a permutation (a feed-forward system such as CUBA's
 *   `v ← ge, gi`), the diagonal and first superdiagonal are recomputed exactly after each
 *   squaring (their Code Fragment 2.1);
 * - r_m(A) = (V − U)⁻¹(V + U) is solved by LU with partial pivoting.
 * Around it: a matrix that splits into independent blocks (no entries between them) is
 * exponentiated block by block, so one fast variable does not force squarings on the others;
 * and the matrix is balanced by a diagonal similarity with powers of two (exact), kept only if it
 * lowers the norm, because models mix units freely (a coupling `I/C` of 5e9 /s next to rates
 * of 50 /s).
 *
 * No dependencies: this runs when a network is built, where start-up time matters.
 */

/** A square matrix: row-major `Float64Array` (length n²) or an array of rows. */
export type Matrix = Float64Array | readonly (readonly number[])[];

/** θ_m: the largest ‖A‖ for which r_m(A) has backward error at most 2^-53 (Higham 2005, Table 2.3). */
const THETA_3 = 1.495585217958292e-2;
const THETA_5 = 2.53939833006323e-1;
const THETA_7 = 9.504178996162932e-1;
const THETA_9 = 2.097847961257068e0;
const THETA_13 = 5.371920351148152;
const UNIT_ROUNDOFF = 2 ** -53;

/** Coefficients b_0 .. b_m of the numerator of the degree-m diagonal Padé approximant of exp. */
const PADE: Readonly<Record<number, readonly number[]>> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
    670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/** The matrix as row-major data and its order; throws if it is not square. */
export function toRowMajor(m: Matrix): { readonly n: number; readonly data: Float64Array } {
  if (m instanceof Float64Array) {
    const n = Math.round(Math.sqrt(m.length));
    if (n * n !== m.length) throw new RangeError(`expm: a row-major matrix needs n*n entries, got ${m.length}`);
    return { n, data: Float64Array.from(m) };
  }
  const n = m.length;
  const data = new Float64Array(n * n);
  m.forEach((row, i) => {
    if (row.length !== n) throw new RangeError(`expm: row ${i} has ${row.length} entries, expected ${n}`);
    data.set(row, i * n);
  });
  return { n, data };
}

function identity(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

function matmul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j]! += aik * b[k * n + j]!;
    }
  }
  return out;
}

/** Σ c_k·X_k over matrices of the same size. */
function combination(terms: readonly (readonly [number, Float64Array])[], size: number): Float64Array {
  const out = new Float64Array(size);
  for (const [c, x] of terms) {
    if (c === 0) continue;
    for (let k = 0; k < size; k++) out[k]! += c * x[k]!;
  }
  return out;
}

/** Maximum absolute column sum. */
export function norm1(a: Float64Array, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]!);
    if (s > best || Number.isNaN(s)) best = s;
  }
  return best;
}

/**
 * Solves `Q·X = R` for X (n×n, row-major) by Gaussian elimination with partial pivoting. `Q` and
 * `R` are overwritten. A singular `Q` gives non-finite entries (it cannot happen for the Padé
 * denominators used here, which are well conditioned for norms up to θ13).
 */
export function luSolve(q: Float64Array, r: Float64Array, n: number): Float64Array {
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(q[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(q[i * n + k]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const tq = q[k * n + j]!;
        q[k * n + j] = q[p * n + j]!;
        q[p * n + j] = tq;
        const tr = r[k * n + j]!;
        r[k * n + j] = r[p * n + j]!;
        r[p * n + j] = tr;
      }
    }
    const pivot = q[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const f = q[i * n + k]! / pivot;
      if (f === 0) continue;
      q[i * n + k] = 0;
      for (let j = k + 1; j < n; j++) q[i * n + j]! -= f * q[k * n + j]!;
      for (let j = 0; j < n; j++) r[i * n + j]! -= f * r[k * n + j]!;
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    const pivot = q[k * n + k]!;
    for (let j = 0; j < n; j++) {
      let s = r[k * n + j]!;
      for (let i = k + 1; i < n; i++) s -= q[k * n + i]! * r[i * n + j]!;
      r[k * n + j] = s / pivot;
    }
  }
  return r;
}

/**
 * Parlett–Reinsch balancing with powers of two: returns `d` such that `D⁻¹·A·D` (D = diag(d)) has
 * rows and columns of comparable norms, and overwrites `a` with it. Rows or columns that are zero
 * off the diagonal are left alone.
 */
function balance(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n).fill(1);
  for (let sweep = 0, done = false; !done && sweep < 64; sweep++) {
    done = true;
    for (let i = 0; i < n; i++) {
      let c = 0;
      let r = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += Math.abs(a[j * n + i]!);
        r += Math.abs(a[i * n + j]!);
      }
      if (c === 0 || r === 0 || !Number.isFinite(c + r)) continue;
      const s = c + r;
      let f = 1;
      for (let g = r / 2; c < g; ) {
        f *= 2;
        c *= 4;
      }
      for (let g = r * 2; c > g; ) {
        f /= 2;
        c /= 4;
      }
      if ((c + r) / f < 0.95 * s) {
        done = false;
        d[i]! *= f;
        for (let j = 0; j < n; j++) {
          a[i * n + j]! /= f;
          a[j * n + i]! *= f;
        }
      }
    }
  }
  return d;
}

/** r_m(A) for m < 13 from the even powers I, A², A⁴, ... (Horner-free, as in Higham 2005). */
function padeLow(a: Float64Array, evenPowers: readonly Float64Array[], n: number, m: number): Float64Array {
  const b = PADE[m]!;
  const size = n * n;
  const used = evenPowers.slice(0, (m + 1) / 2);
  const u = matmul(a, combination(used.map((p, k) => [b[2 * k + 1]!, p] as const), size), n);
  const v = combination(used.map((p, k) => [b[2 * k]!, p] as const), size);
  return solvePade(u, v, size, n);
}

/** r_13(A) from A, A², A⁴, A⁶ (Higham 2005, eq. 2.12: 6 products and one solve). */
function pade13(a: Float64Array, a2: Float64Array, a4: Float64Array, a6: Float64Array, n: number): Float64Array {
  const b = PADE[13]!;
  const size = n * n;
  const id = identity(n);
  const uInner = matmul(a6, combination([[b[13]!, a6], [b[11]!, a4], [b[9]!, a2]], size), n);
  const u = matmul(a, combination([[1, uInner], [b[7]!, a6], [b[5]!, a4], [b[3]!, a2], [b[1]!, id]], size), n);
  const vInner = matmul(a6, combination([[b[12]!, a6], [b[10]!, a4], [b[8]!, a2]], size), n);
  const v = combination([[1, vInner], [b[6]!, a6], [b[4]!, a4], [b[2]!, a2], [b[0]!, id]], size);
  return solvePade(u, v, size, n);
}

function solvePade(u: Float64Array, v: Float64Array, size: number, n: number): Float64Array {
  return luSolve(combination([[1, v], [-1, u]], size), combination([[1, v], [1, u]], size), n);
}

/** 1/|c_(2m+1)| = C(2m, m)·(2m+1)!, c_(2m+1) the leading coefficient of the Padé backward error series. */
function inverseLeadingCoefficient(m: number): number {
  let c = 1;
  for (let k = 1; k <= m; k++) c = (c * (m + k)) / k; // C(2m, m)
  for (let k = 2; k <= 2 * m + 1; k++) c *= k;
  return c;
}

/**
 * ℓ(A, m) of Al-Mohy & Higham 2009 (Algorithm 6.1): extra halvings needed so that the leading term
 * of the backward error, |c_(2m+1)|·‖|A|^(2m+1)‖/‖A‖, is at most the unit roundoff. Infinity if
 * |A|^(2m+1) overflows.
 */
function ell(a: Float64Array, n: number, m: number): number {
  const normA = norm1(a, n);
  if (normA === 0) return 0;
  const abs = a.map(Math.abs);
  // |A|^(2m+1) by binary powering.
  let p = 2 * m + 1;
  let result: Float64Array | undefined;
  let base: Float64Array = abs;
  while (p > 0) {
    if (p & 1) result = result ? matmul(result, base, n) : base;
    p >>= 1;
    if (p > 0) base = matmul(base, base, n);
  }
  const alpha = norm1(result!, n) / (normA * inverseLeadingCoefficient(m));
  if (alpha === 0) return 0;
  return Math.max(Math.ceil(Math.log2(alpha / UNIT_ROUNDOFF) / (2 * m)), 0);
}

/** (e^x − e^y)/(x − y), without cancellation (e^x at x = y). */
function expDivided(x: number, y: number): number {
  const hi = Math.max(x, y);
  const lo = Math.min(x, y);
  if (hi === lo) return Math.exp(hi);
  const d = lo - hi;
  return (Math.exp(hi) * Math.expm1(d)) / d;
}

/**
 * Code Fragment 2.1 of Al-Mohy & Higham 2009 for upper triangular T: overwrites the diagonal and
 * first superdiagonal of X ≈ exp(scale·T) with their exact values.
 */
function fixTriangular(x: Float64Array, t: Float64Array, n: number, scale: number): void {
  for (let i = 0; i < n; i++) x[i * n + i] = Math.exp(scale * t[i * n + i]!);
  for (let i = 0; i + 1 < n; i++) {
    const t12 = t[i * n + i + 1]!;
    x[i * n + i + 1] = t12 === 0 ? 0 : scale * t12 * expDivided(scale * t[i * n + i]!, scale * t[(i + 1) * n + i + 1]!);
  }
}

/** The core algorithm (Al-Mohy & Higham 2009, Algorithm 6.1) on a finite matrix; `triangular` if A is upper triangular. */
function expmCore(a: Float64Array, n: number, triangular: boolean): Float64Array {
  const finish = (x: Float64Array, s: number): Float64Array => {
    if (triangular) fixTriangular(x, a, n, 2 ** -s);
    for (let j = 1; j <= s; j++) {
      x = matmul(x, x, n);
      if (triangular) fixTriangular(x, a, n, 2 ** (j - s));
    }
    return x;
  };
  const id = identity(n);
  const a2 = matmul(a, a, n);
  const a4 = matmul(a2, a2, n);
  const a6 = matmul(a4, a2, n);
  const d4 = norm1(a4, n) ** (1 / 4);
  const d6 = norm1(a6, n) ** (1 / 6);
  const eta1 = Math.max(d4, d6);
  if (eta1 <= THETA_3 && ell(a, n, 3) === 0) return finish(padeLow(a, [id, a2], n, 3), 0);
  if (eta1 <= THETA_5 && ell(a, n, 5) === 0) return finish(padeLow(a, [id, a2, a4], n, 5), 0);
  const a8 = matmul(a4, a4, n);
  const d8 = norm1(a8, n) ** (1 / 8);
  const eta3 = Math.max(d6, d8);
  if (eta3 <= THETA_7 && ell(a, n, 7) === 0) return finish(padeLow(a, [id, a2, a4, a6], n, 7), 0);
  if (eta3 <= THETA_9 && ell(a, n, 9) === 0) return finish(padeLow(a, [id, a2, a4, a6, a8], n, 9), 0);
  const d10 = norm1(matmul(a4, a6, n), n) ** (1 / 10);
  const eta5 = Math.min(eta3, Math.max(d8, d10));
  let s = Math.max(Math.ceil(Math.log2(eta5 / THETA_13)), 0);
  const extra = ell(a.map((x) => x * 2 ** -s), n, 13);
  // If |A|^27 overflowed, fall back to Higham 2005's choice from the norm.
  s += Number.isFinite(extra) ? extra : Math.max(Math.ceil(Math.log2(norm1(a, n) / 2 ** s / THETA_13)), 0);
  const scale = (x: Float64Array, k: number) => x.map((v) => v * 2 ** (-s * k));
  return finish(pade13(scale(a, 1), scale(a2, 2), scale(a4, 4), scale(a6, 6), n), s);
}

/** Index sets of the blocks of A that have no entries between them (weakly connected components). */
function blocks(a: Float64Array, n: number): number[][] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j && a[i * n + j] !== 0) parent[find(i)] = find(j);
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const list = byRoot.get(r);
    if (list) list.push(i);
    else byRoot.set(r, [i]);
  }
  return [...byRoot.values()];
}

/** An order of the indices in which A is upper triangular (a_ij ≠ 0 ⇒ i before j), or undefined if there is none. */
function triangularOrder(a: Float64Array, n: number): number[] | undefined {
  const indegree = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && a[i * n + j] !== 0) indegree[j]!++;
  const order: number[] = [];
  const done = new Array<boolean>(n).fill(false);
  while (order.length < n) {
    // The smallest ready index, so an upper triangular matrix keeps its order.
    const next = indegree.findIndex((d, k) => d === 0 && !done[k]);
    if (next < 0) return undefined;
    done[next] = true;
    order.push(next);
    for (let j = 0; j < n; j++) if (j !== next && a[next * n + j] !== 0) indegree[j]!--;
  }
  return order;
}

/** The submatrix of rows and columns `idx`, in that order (a permutation if idx lists all of them). */
const permute = (a: Float64Array, n: number, idx: readonly number[]): Float64Array => {
  const k = idx.length;
  const out = new Float64Array(k * k);
  for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) out[p * k + q] = a[idx[p]! * n + idx[q]!]!;
  return out;
};

/** exp of one block: balanced if that helps, permuted to triangular form if possible. */
function expmBlock(data: Float64Array, n: number): Float64Array {
  const original = norm1(data, n);
  const balanced = Float64Array.from(data);
  const d = balance(balanced, n);
  const useBalanced = norm1(balanced, n) < original;
  let a = useBalanced ? balanced : data;
  const order = triangularOrder(a, n);
  const reordered = order !== undefined && order.some((k, p) => k !== p);
  if (order && reordered) a = permute(a, n, order);
  let x = expmCore(a, n, order !== undefined);
  if (order && reordered) {
    const back = new Float64Array(n * n);
    for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) back[order[p]! * n + order[q]!] = x[p * n + q]!;
    x = back;
  }
  if (useBalanced) {
    // exp(D⁻¹AD) = D⁻¹·exp(A)·D, so exp(A) = D·exp(B)·D⁻¹.
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) x[i * n + j]! *= d[i]! / d[j]!;
  }
  return x;
}

/** `exp(A)` as a row-major `Float64Array`. Non-finite input gives an all-NaN result. */
export function expm(m: Matrix): Float64Array {
  const { n, data } = toRowMajor(m);
  if (n === 0) return data;
  if (!data.every(Number.isFinite)) return data.fill(Number.NaN);
  const parts = blocks(data, n);
  if (parts.length === 1) return expmBlock(data, n);
  const out = new Float64Array(n * n);
  for (const idx of parts) {
    const k = idx.length;
    const x = expmBlock(permute(data, n, idx), k);
    for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) out[idx[p]! * n + idx[q]!] = x[p * k + q]!;
  }
  return out;
}

/** Propagators of `dX/dt = M·X + B` over one step of length dt, for B constant during the step. */
export interface Propagators {
  readonly n: number;
  /** `expm(M·dt)`, row-major: `X(t+dt) = A·X(t) + G·B`. */
  readonly A: Float64Array;
  /** `∫₀^dt expm(M·s) ds`, row-major (`dt·I` for M = 0; defined for singular M). */
  readonly G: Float64Array;
}

/**
 * A = expm(M·dt) and G = ∫₀^dt expm(M·s) ds, both read off one exponential of the augmented
 * 2n×2n matrix [[M·dt, I·dt], [0, 0]], whose exponential is [[A, G], [0, I]]. Unlike
 * `M⁻¹(A − I)` this needs no inverse, so singular M (e.g. `dx/dt = c`) is fine.
 */
export function propagators(m: Matrix, dt: number): Propagators {
  const { n, data } = toRowMajor(m);
  const n2 = 2 * n;
  const aug = new Float64Array(n2 * n2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) aug[i * n2 + j] = data[i * n + j]! * dt;
    aug[i * n2 + n + i] = dt;
  }
  const e = expm(aug);
  const A = new Float64Array(n * n);
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      A[i * n + j] = e[i * n2 + j]!;
      G[i * n + j] = e[i * n2 + n + j]!;
    }
  }
  return { n, A, G };
}
