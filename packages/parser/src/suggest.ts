/**
 * "Did you mean ...?" — the closest candidate by edit distance (Damerau: a swap of two neighbours
 * counts as one edit, the commonest typo). Only runs when an error is being reported.
 */

/** Edit distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[m]![n]!;
}

/**
 * The candidate closest to `name`, if it is close enough to be a plausible typo: at most one edit
 * for names of up to 4 characters, two for up to 8, three beyond, and always fewer than half the
 * letters of the longer name. Ties go to the candidate that
 * comes first, so pass candidates in order of preference (e.g. model variables before units).
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length <= 4 ? 1 : name.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = limit + 1;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name || Math.abs(c.length - name.length) >= bestDistance) continue;
    // A difference in case only is the most likely mistake of all; among such candidates the one
    // with fewest changed letters wins (`mVolt` is `mvolt`, not `Mvolt`).
    const dist = c.toLowerCase() === lower ? 0.5 * (caseChanges(name, c) / name.length) : editDistance(name, c);
    // Half the letters changed is a different word, not a typo: `Vt` is not a misspelt `t`.
    if (dist >= Math.max(name.length, c.length) / 2) continue;
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/** Number of positions at which two strings of equal length differ. */
function caseChanges(a: string, b: string): number {
  let n = 0;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) n++;
  return n;
}
