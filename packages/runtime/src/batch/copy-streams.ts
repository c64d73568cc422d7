/**
 * The random streams of a batch with a seed per copy (`runBatch({ seeds })`): one generator per
 * copy, and each draw answered by the generator of the copy its element belongs to.
 *
 * Why this gives every copy the run its seed gives alone: a batched object lays its copies side by
 * side (copy c of an object with n elements per copy is elements c·n .. (c+1)·n, in the original
 * order — batch.ts) and every operation visits its elements in order, so the draws for copy c's
 * elements reach generator c in the order a run of that copy alone makes them — operation after
 * operation, element after element — whatever the other copies draw.
 */
import { ValueError } from '../quantity.js';
import type { Random, RandomSource } from '@neurite/codegen';

/** Throws a ValueError naming `who` unless `seeds` holds one integer per copy. */
export function checkSeeds(who: string, seeds: readonly number[], copies: number): void {
  if (seeds.length !== copies) throw new ValueError(`${who}: seeds: expected one seed per copy (${copies}), got ${seeds.length}`);
  const bad = seeds.findIndex((s) => !Number.isInteger(s));
  if (bad >= 0) throw new ValueError(`${who}: seeds[${bad}] must be an integer, not ${String(seeds[bad])}`);
}

export class CopyStreams implements RandomSource {
  /**
   * @param streams one generator per copy
   * @param perCopy elements per copy of the object drawing (its element count / copies)
   */
  constructor(
    private readonly streams: readonly Random[],
    private readonly perCopy: number,
  ) {}

  streamFor(element: number | undefined): Random {
    // A draw outside any element's loop would belong to no copy; batches refuse what could make one
    // (shared variables), so reaching this is a bug, not a user error.
    if (element === undefined) throw new ValueError('internal error: a random draw of a batch with per-copy seeds names no element');
    return this.streams[Math.floor(element / this.perCopy)]!;
  }

  uniform(element?: number): number {
    return this.streamFor(element).uniform();
  }

  normal(element?: number): number {
    return this.streamFor(element).normal();
  }

  poisson(lambda: number, element?: number): number {
    return this.streamFor(element).poisson(lambda);
  }
}
