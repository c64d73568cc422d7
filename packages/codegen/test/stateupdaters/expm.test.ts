import { describe, expect, it } from 'vitest';
import { expm, propagators, toRowMajor } from '../../src/stateupdaters/expm.js';

type Rows = number[][];

const flat = (m: Rows): Float64Array => toRowMajor(m).data;

/** max |x − y| / max |y|: the error relative to the size of the expected matrix. */
function relError(actual: Float64Array, expected: Rows | Float64Array): number {
  const e = expected instanceof Float64Array ? expected : flat(expected);
  expect(actual.length).toBe(e.length);
  let err = 0;
  let scale = 0;
  for (let k = 0; k < e.length; k++) {
    err = Math.max(err, Math.abs(actual[k]! - e[k]!));
    scale = Math.max(scale, Math.abs(e[k]!));
  }
  return err / scale;
}

/** Largest entrywise relative error (for matrices whose nonzero entries all matter, e.g. diagonals). */
function entryError(actual: Float64Array, expected: Rows): number {
  const e = flat(expected);
  let err = 0;
  for (let k = 0; k < e.length; k++) {
    if (e[k] === 0) expect(actual[k]).toBe(0);
    else err = Math.max(err, Math.abs(actual[k]! - e[k]!) / Math.abs(e[k]!));
  }
  return err;
}

const diag = (d: number[]): Rows => d.map((x, i) => d.map((_, j) => (i === j ? x : 0)));
const scaled = (m: Rows, s: number): Rows => m.map((r) => r.map((x) => x * s));
/** (e^{λt} − 1)/λ, and t at λ = 0. */
const phi1 = (lambda: number, t: number): number => (lambda === 0 ? t : Math.expm1(lambda * t) / lambda);

function matmul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) out[i * n + j]! += a[i * n + k]! * b[k * n + j]!;
  return out;
}

/** Deterministic pseudo-random numbers in [-1, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

describe('expm', () => {
  it('accepts rows or row-major data, and rejects non-square input', () => {
    const m = [[1, 2], [3, 4]];
    expect(expm(m)).toEqual(expm(Float64Array.from([1, 2, 3, 4])));
    expect(() => expm(Float64Array.from([1, 2, 3]))).toThrow(/n\*n/);
    expect(() => expm([[1, 2], [3]])).toThrow(/row 1/);
    expect(expm([]).length).toBe(0);
  });

  it('is exp elementwise on a diagonal, for every Padé degree and with scaling', () => {
    // Norms below θ3, θ5, θ7, θ9, θ13 and far above (scaling and squaring).
    for (const s of [1e-3, 0.1, 0.5, 1.5, 4, 30]) {
      const d = [-1, 0.25, 0, -0.6].map((x) => x * s);
      expect(entryError(expm(diag(d)), diag(d.map(Math.exp)))).toBeLessThan(1e-15);
    }
  });

  it('does not let one large eigenvalue spoil the others (independent blocks)', () => {
    // Without splitting, ‖A‖ = 3e5 would force 16 squarings on e^90 too (error 2^16·u ≈ 1e-11).
    const d = [-3e5, 90, -0.5, 1e-9];
    expect(entryError(expm(diag(d)), diag(d.map(Math.exp)))).toBeLessThan(1e-15);
    const m = [[-3e5, 0, 0], [0, 1, 2], [0, -2, 1]];
    const e = Math.E;
    expect(relError(expm(m), [[0, 0, 0], [0, e * Math.cos(2), e * Math.sin(2)], [0, -e * Math.sin(2), e * Math.cos(2)]])).toBeLessThan(1e-15);
  });

  it('gives the rotation matrix for a rotation generator', () => {
    for (const theta of [1e-6, 0.01, 0.3, 1, 2, Math.PI, 10, 100]) {
      const a = expm([[0, theta], [-theta, 0]]);
      const c = Math.cos(theta);
      const s = Math.sin(theta);
      expect(relError(a, [[c, s], [-s, c]])).toBeLessThan(theta > 20 ? 1e-13 * theta : 1e-14);
    }
  });

  it('handles a Jordan block (nilpotent part) exactly', () => {
    for (const [lambda, t] of [[0, 1], [0, 7], [-3, 0.5], [2, 0.1], [-0.5, 20]] as const) {
      const e = Math.exp(lambda * t);
      const a = expm(scaled([[lambda, 1, 0], [0, lambda, 1], [0, 0, lambda]], t));
      expect(relError(a, [[e, e * t, (e * t * t) / 2], [0, e, e * t], [0, 0, e]])).toBeLessThan(1e-14);
    }
    // A pure nilpotent matrix: the exponential is a finite sum.
    const n = [[0, 2, -1, 4], [0, 0, 3, 1], [0, 0, 0, 5], [0, 0, 0, 0]];
    const N = flat(n);
    const N2 = matmul(N, N, 4);
    const N3 = matmul(N2, N, 4);
    const expected = new Float64Array(16);
    for (let k = 0; k < 16; k++) expected[k] = (k % 5 === 0 ? 1 : 0) + N[k]! + N2[k]! / 2 + N3[k]! / 6;
    expect(relError(expm(n), expected)).toBeLessThan(1e-15);
  });

  it('is accurate for large norms (scaling and squaring)', () => {
    // Upper triangular with distinct eigenvalues: exp = [[e^a, b(e^a − e^c)/(a − c)], [0, e^c]],
    // every entry to full precision (the diagonal and superdiagonal are recomputed when squaring).
    for (const [a, b, c] of [[-20, 7, -25], [-1, 300, -2], [10, -40, 12], [-60, 1, 0], [-300, 1e6, -400]] as const) {
      const ea = Math.exp(a);
      const ec = Math.exp(c);
      const off = (b * ec * Math.expm1(a - c)) / (a - c);
      expect(entryError(expm([[a, b], [0, c]]), [[ea, off], [0, ec]])).toBeLessThan(1e-15);
      // The same matrix in lower triangular order.
      expect(entryError(expm([[c, 0], [b, a]]), [[ec, 0], [off, ea]])).toBeLessThan(1e-15);
    }
    // Not triangular in any order: exp(S·T·S⁻¹) = S·exp(T)·S⁻¹ with S = [[1, 0], [1, 1]].
    // S·T = [[a, b], [a, b + c]]; (S·T)·S⁻¹ with S⁻¹ = [[1, 0], [-1, 1]].
    for (const [a, b, c] of [[-20, 7, -25], [-3, 10, 4], [-40, 0, -45]] as const) {
      const m = [[a - b, b], [a - b - c, b + c]];
      const ea = Math.exp(a);
      const ec = Math.exp(c);
      const off = (b * ec * Math.expm1(a - c)) / (a - c);
      // S·exp(T)·S⁻¹ with exp(T) = [[ea, off], [0, ec]].
      const expected = [[ea - off, off], [ea - off - ec, off + ec]];
      expect(relError(expm(m), expected)).toBeLessThan(1e-13);
    }
  });

  it('balances mixed units: a coupling of 5e9/s next to rates of 50/s', () => {
    // dv/dt = -v/20ms + I/C, dI/dt = -I/5ms with C = 200 pF, one step of 0.1 ms.
    const dt = 1e-4;
    const [l1, b, l2] = [-50, 1 / 200e-12, -200];
    const off = (b * Math.exp(l2 * dt) * Math.expm1((l1 - l2) * dt)) / (l1 - l2);
    const a = expm(scaled([[l1, b], [0, l2]], dt));
    expect(entryError(a, [[Math.exp(l1 * dt), off], [0, Math.exp(l2 * dt)]])).toBeLessThan(1e-14);
  });

  it('satisfies exp(M)·exp(−M) = I and exp(M)² = exp(2M) on random matrices', () => {
    const rand = lcg(42);
    for (const n of [1, 2, 3, 5, 8]) {
      for (const size of [0.01, 1, 6, 40]) {
        const m = Array.from({ length: n }, () => Array.from({ length: n }, () => rand() * size));
        const e = expm(m);
        const inverse = expm(scaled(m, -1));
        const id = flat(diag(new Array<number>(n).fill(1)));
        // exp(M)·exp(−M) loses accuracy with the condition of exp(M): compare relative to ‖e‖·‖e⁻¹‖.
        const cond = Math.max(...e.map(Math.abs)) * Math.max(...inverse.map(Math.abs));
        expect(relError(matmul(e, inverse, n), id)).toBeLessThan(1e-13 * Math.max(1, cond));
        expect(relError(matmul(e, e, n), expm(scaled(m, 2)))).toBeLessThan(1e-13 * Math.max(1, size));
      }
    }
  });

  it('propagates NaN and infinity as NaN', () => {
    expect([...expm([[Number.NaN, 0], [0, 1]])].every(Number.isNaN)).toBe(true);
    expect([...expm([[Infinity, 0], [0, 1]])].every(Number.isNaN)).toBe(true);
  });
});

describe('propagators', () => {
  it('gives A = I and G = dt·I for M = 0', () => {
    const { n, A, G } = propagators([[0, 0], [0, 0]], 1e-4);
    expect(n).toBe(2);
    expect([...A]).toEqual([1, 0, 0, 1]);
    expect(relError(G, [[1e-4, 0], [0, 1e-4]])).toBeLessThan(1e-15);
  });

  it('gives exp(λdt) and (exp(λdt) − 1)/λ on a diagonal, to full precision', () => {
    for (const dt of [1e-4, 0.01, 1, 30]) {
      const d = [-50, -200, 0, 3, -1e4];
      const { A, G } = propagators(diag(d), dt);
      expect(entryError(A, diag(d.map((l) => Math.exp(l * dt))))).toBeLessThan(1e-15);
      expect(entryError(G, diag(d.map((l) => phi1(l, dt))))).toBeLessThan(1e-15);
    }
  });

  it('integrates a feed-forward system (CUBA: v driven by ge and gi), in any order', () => {
    // dv/dt = (ge + gi − v)/τm, dge/dt = −ge/τe, dgi/dt = −gi/τi.
    const [tm, te, ti, dt] = [20e-3, 5e-3, 10e-3, 1e-4];
    const drive = (tau: number) => (tau / (tau - tm)) * (Math.exp(-dt / tau) - Math.exp(-dt / tm));
    const { A, G } = propagators([[-1 / tm, 1 / tm, 1 / tm], [0, -1 / te, 0], [0, 0, -1 / ti]], dt);
    expect(entryError(A, [[Math.exp(-dt / tm), drive(te), drive(ti)], [0, Math.exp(-dt / te), 0], [0, 0, Math.exp(-dt / ti)]])).toBeLessThan(1e-14);
    expect(Math.abs(G[0]! / (tm * -Math.expm1(-dt / tm)) - 1)).toBeLessThan(1e-15);
    const reordered = propagators([[-1 / te, 0, 0], [0, -1 / ti, 0], [1 / tm, 1 / tm, -1 / tm]], dt);
    expect(reordered.A[6]).toBe(A[1]);
    expect(reordered.A[7]).toBe(A[2]);
    expect(reordered.G[8]).toBe(G[0]);
  });

  it('integrates a rotation generator', () => {
    for (const [omega, dt] of [[2 * Math.PI * 10, 1e-4], [1, 1], [3, 5], [100, 1]] as const) {
      const th = omega * dt;
      const c = Math.cos(th);
      const s = Math.sin(th);
      const oneMinusCos = 2 * Math.sin(th / 2) ** 2;
      const { A, G } = propagators([[0, omega], [-omega, 0]], dt);
      const tol = th > 20 ? 1e-13 * th : 1e-14;
      expect(relError(A, [[c, s], [-s, c]])).toBeLessThan(tol);
      expect(relError(G, [[s / omega, oneMinusCos / omega], [-oneMinusCos / omega, s / omega]])).toBeLessThan(tol);
    }
  });

  it('integrates a Jordan block', () => {
    // e^{Ms} = e^{λs}[[1, s], [0, 1]]; ∫₀^dt s·e^{λs} ds = (e^{λdt}(λdt − 1) + 1)/λ².
    for (const [lambda, dt] of [[-3, 0.5], [-50, 0.01], [4, 0.25]] as const) {
      const e = Math.exp(lambda * dt);
      const g01 = (e * (lambda * dt - 1) + 1) / lambda ** 2;
      const { A, G } = propagators([[lambda, 1], [0, lambda]], dt);
      expect(relError(A, [[e, e * dt], [0, e]])).toBeLessThan(1e-14);
      expect(relError(G, [[phi1(lambda, dt), g01], [0, phi1(lambda, dt)]])).toBeLessThan(1e-13);
    }
    // λ = 0: G = [[dt, dt²/2, dt³/6], [0, dt, dt²/2], [0, 0, dt]].
    const dt = 0.3;
    const { A, G } = propagators([[0, 1, 0], [0, 0, 1], [0, 0, 0]], dt);
    expect(relError(A, [[1, dt, dt ** 2 / 2], [0, 1, dt], [0, 0, 1]])).toBeLessThan(1e-15);
    expect(relError(G, [[dt, dt ** 2 / 2, dt ** 3 / 6], [0, dt, dt ** 2 / 2], [0, 0, dt]])).toBeLessThan(1e-15);
  });

  it('handles a singular M (a variable without decay)', () => {
    // dx/dt = y, dy/dt = -k·y: e^{Mt} = [[1, (1 − e^{−kt})/k], [0, e^{−kt}]].
    const k = 40;
    const dt = 0.05;
    const p = phi1(-k, dt);
    const { A, G } = propagators([[0, 1], [0, -k]], dt);
    expect(relError(A, [[1, p], [0, Math.exp(-k * dt)]])).toBeLessThan(1e-14);
    expect(relError(G, [[dt, (dt - p) / k], [0, p]])).toBeLessThan(1e-14);
  });

  it('is accurate for stiff steps (large ‖M·dt‖)', () => {
    const dt = 1;
    const { A, G } = propagators([[-200, 150], [0, -300]], dt);
    // Off-diagonal of A: 150(e^{-200} − e^{-300})/100; of G: ∫ A₀₁(s) ds.
    const a01 = (150 * Math.exp(-300) * Math.expm1(100)) / 100;
    const g01 = (150 / 100) * (phi1(-200, dt) - phi1(-300, dt));
    expect(relError(A, [[Math.exp(-200), a01], [0, Math.exp(-300)]])).toBeLessThan(1e-13);
    expect(relError(G, [[phi1(-200, dt), g01], [0, phi1(-300, dt)]])).toBeLessThan(1e-13);
  });

  it('satisfies M·G = A − I on random matrices', () => {
    const rand = lcg(7);
    for (const n of [1, 2, 4, 6]) {
      for (const size of [0.1, 3, 30]) {
        const m = Array.from({ length: n }, () => Array.from({ length: n }, () => rand() * size));
        const dt = 0.1;
        const { A, G } = propagators(m, dt);
        const MG = matmul(flat(m), G, n);
        const AminusI = A.map((x, k) => x - (k % (n + 1) === 0 ? 1 : 0));
        expect(relError(MG, AminusI)).toBeLessThan(1e-12);
      }
    }
  });
});
