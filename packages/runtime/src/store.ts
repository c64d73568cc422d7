/** store()/restore(): state only — arrays, time, queued spikes, recordings, RNG state — never the model. */
import type { Random, RandomState } from '@neurite/codegen';
import type { Clock } from './clock.js';
import type { SimObject } from './sim-object.js';

export interface Snapshot {
  readonly ticks: number;
  /** The dt the ticks count (a restore brings it back; absent in files from before it was stored). */
  readonly dt?: number;
  readonly rng: RandomState;
  readonly objects: ReadonlyMap<string, unknown>;
}

export function storeState(objects: readonly SimObject[], clock: Clock, rng: Random): Snapshot {
  return { ticks: clock.ticks, dt: clock.dt, rng: rng.getState(), objects: new Map(objects.map((o) => [o.name, o.snapshot()])) };
}

export function restoreState(s: Snapshot, objects: readonly SimObject[], clock: Clock, rng: Random): void {
  for (const o of objects) {
    const state = s.objects.get(o.name);
    // Objects created after the store keep their state (Brian requires the same objects; we are lenient).
    if (state !== undefined) o.restore(state);
  }
  if (s.dt !== undefined) clock.dt = s.dt;
  clock.ticks = s.ticks;
  rng.setState(s.rng);
}

/** Thrown when a stored state cannot be read back (missing or corrupt file, or another network's state). */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

const MAGIC = 'neurite-store-v1';

/**
 * Writes named snapshots to a file (Node only): V8's structured serialisation keeps typed arrays
 * and maps exactly, so a restore is bit-identical. One file holds several names, like Brian's.
 */
export async function writeSnapshots(file: string, snapshots: ReadonlyMap<string, Snapshot>): Promise<void> {
  const [{ serialize }, { writeFile }] = await Promise.all([import('node:v8'), import('node:fs/promises')]);
  await writeFile(file, serialize({ magic: MAGIC, snapshots }));
}

export async function readSnapshots(file: string): Promise<Map<string, Snapshot>> {
  const [{ deserialize }, { readFile }] = await Promise.all([import('node:v8'), import('node:fs/promises')]);
  let data: unknown;
  try {
    data = deserialize(await readFile(file));
  } catch (e) {
    throw new StoreError(`cannot read stored state from '${file}': ${e instanceof Error ? e.message : String(e)} (is it a file written by net.store(name, { file })?)`);
  }
  const d = data as { magic?: unknown; snapshots?: unknown };
  if (d?.magic !== MAGIC || !(d.snapshots instanceof Map)) throw new StoreError(`'${file}' is not a Neurite state file (written by net.store(name, { file }))`);
  return d.snapshots as Map<string, Snapshot>;
}
