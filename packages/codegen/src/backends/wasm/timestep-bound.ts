/**
 * `timestepAtLeast(dt, k)`: Brian's refractoriness test `timestep(x, dt) >= k` as one comparison
 * `x >= bound`, for the WebAssembly kernels' preambles.
 *
 * Written once as source text, like math/exp.ts: the main thread builds its function from the
 * text, and a worker thread (team.ts) builds its own from the same text — so a kernel that needs
 * the bound can run on several threads, each with its own memo, and all get the same bound.
 */

/**
 * Source declaring `_timestepAtLeast(dt, k)`: the least double x (−Infinity included) for which
 * `Math.trunc((x + 1e-3*dt) / dt) >= k` holds, or NaN where it holds for none. For dt > 0 the
 * test is monotonic in x (each step — a correctly rounded +, a ÷ by a positive number, trunc,
 * >= — never decreases), so `x >= bound` is exactly the same test for every x, NaN included.
 * Bisection over the doubles in order (doubles in increasing order ↔ integers in increasing
 * order, −NaN excluded); the last inputs are remembered, since a run asks with the same dt and k
 * at every step. Callers check dt > 0 themselves. Self-contained: it reads nothing outside the text.
 */
export const TIMESTEP_AT_LEAST_SOURCE = `const _timestepAtLeast = (() => {
  const ge = (x, dt, k) => Math.trunc((x + 1e-3 * dt) / dt) >= k;
  const bits = new DataView(new ArrayBuffer(8));
  const key = (x) => { bits.setFloat64(0, x); const u = bits.getBigUint64(0); return u >> 63n ? -(u & 0x7fffffffffffffffn) : u; };
  const fromKey = (q) => { bits.setBigUint64(0, q < 0n ? -q | 0x8000000000000000n : q); return bits.getFloat64(0); };
  let lastDt = NaN, lastK = NaN, lastBound = NaN;
  return (dt, k) => {
    if (dt === lastDt && k === lastK) return lastBound;
    let bound;
    if (!ge(Infinity, dt, k)) bound = NaN;
    else if (ge(-Infinity, dt, k)) bound = -Infinity;
    else {
      // Invariant: false at lo, true at hi.
      let lo = key(-Infinity), hi = key(Infinity);
      while (hi - lo > 1n) { const mid = (lo + hi) >> 1n; if (ge(fromKey(mid), dt, k)) hi = mid; else lo = mid; }
      bound = fromKey(hi);
    }
    lastDt = dt; lastK = k; lastBound = bound;
    return bound;
  };
})();`;

/**
 * The least double x for which `Math.trunc((x + 1e-3*dt) / dt) >= k` holds (NaN where none does);
 * see {@link TIMESTEP_AT_LEAST_SOURCE}. Invariant: for dt > 0, `x >= timestepAtLeast(dt, k)` equals
 * `Math.trunc((x + 1e-3*dt) / dt) >= k` for every double x.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- one text for every thread is the point
export const timestepAtLeast = new Function(`"use strict";\n${TIMESTEP_AT_LEAST_SOURCE}\nreturn _timestepAtLeast;`)() as (dt: number, k: number) => number;
