/**
 * Records handed to kernels (`scalars`, `arrays`, `externs`), built by assignment.
 *
 * Why not `{ ...a, ...b }`: V8 gives a spread copy the hidden class its clone cache finds, and once
 * that cache has gone megamorphic — in a process that has built a few dozen networks, as every
 * `runBatch` builds one — each copy gets a hidden class of its own. The step loop's optimised code
 * checks the hidden class of the records it reads, so every new network then deoptimised it in the
 * middle of a run (`--trace-deopt`: 'wrong map' at a pathway's `scalars['count'] = n`) and V8
 * compiled the loop again and again. Objects built from `{}` by assigning the same keys in the same
 * order share one hidden class.
 *
 * Invariant: the result has the own enumerable keys of the sources, in order of first appearance,
 * each with the value of the last source that has it (what a spread gives).
 */
export function record<T>(...sources: readonly Readonly<Record<string, T>>[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const source of sources) for (const key of Object.keys(source)) out[key] = source[key]!;
  return out;
}
