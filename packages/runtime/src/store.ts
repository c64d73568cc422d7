/** store()/restore(): state only — arrays, time, queued spikes, recordings, RNG state — never the model. */
import type { Random, RandomState } from '@neurite/codegen';
import type { Clock } from './clock.js';
import type { SimObject } from './sim-object.js';

export interface Snapshot {
  readonly ticks: number;
  readonly rng: RandomState;
  readonly objects: ReadonlyMap<string, unknown>;
}

export function storeState(objects: readonly SimObject[], clock: Clock, rng: Random): Snapshot {
  return { ticks: clock.ticks, rng: rng.getState(), objects: new Map(objects.map((o) => [o.name, o.snapshot()])) };
}

export function restoreState(s: Snapshot, objects: readonly SimObject[], clock: Clock, rng: Random): void {
  for (const o of objects) {
    const state = s.objects.get(o.name);
    // Objects created after the store keep their state (Brian requires the same objects; we are lenient).
    if (state !== undefined) o.restore(state);
  }
  clock.ticks = s.ticks;
  rng.setState(s.rng);
}
