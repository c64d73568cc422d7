/** Brian's Bernoulli sampling of candidate indices (`sample(N, p=...)`), shared by the connect modes. */
import type { Random } from '@neurite/codegen';

/**
 * Brian's `sample(N, p)` (its `synapses_create_generator` templates): writes into `out`, in
 * increasing order, the indices `0 <= j < N` of independent Bernoulli(p) trials that succeeded, and
 * returns how many. For p < 0.25 it draws the gap to the next success instead of one number per
 * candidate — the gap `floor(log(U)/log(1-p))`, U uniform in (0, 1], is geometric with
 * P(gap >= k) = (1-p)^k, so the selected set has exactly the distribution of one draw per
 * candidate, with about N·p + 1 draws. (The random stream, and so the synapses a seed gives, differ
 * from drawing once per candidate; a seed still gives the same synapses every time.)
 */
export function sampleRow(rng: Random, N: number, p: number, out: Int32Array): number {
  let m = 0;
  if (!(p > 0) || N === 0) return 0;
  if (p >= 1) {
    for (let j = 0; j < N; j++) out[m++] = j;
    return m;
  }
  if (p >= 0.25) {
    for (let j = 0; j < N; j++) if (rng.uniform() < p) out[m++] = j;
    return m;
  }
  const scale = 1 / Math.log1p(-p); // negative
  for (let j = -1; ; ) {
    // 1 - uniform() is in (0, 1]: the logarithm is finite and not positive, the gap >= 0.
    j += 1 + Math.floor(Math.log(1 - rng.uniform()) * scale);
    if (!(j < N)) break;
    out[m++] = j;
  }
  return m;
}
