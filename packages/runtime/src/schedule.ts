/**
 * The order of work within a time step, as in Brian: slots `start, groups, thresholds, synapses,
 * resets, end`, each with `before_` and `after_` variants; within a slot, by `order`, then by
 * name, so that runs are deterministic.
 */
import { ValueError } from './quantity.js';

export const SLOTS = ['start', 'groups', 'thresholds', 'synapses', 'resets', 'end'] as const;
export type Slot = (typeof SLOTS)[number];
export type When = Slot | `before_${Slot}` | `after_${Slot}`;

/** Position of a `when` value: before_X < X < after_X < before_Y ... */
export function slotRank(when: string): number {
  const m = /^(before_|after_)?(.+)$/.exec(when)!;
  const k = (SLOTS as readonly string[]).indexOf(m[2]!);
  if (k < 0) throw new ValueError(`'${when}' is not a schedule slot; use one of ${SLOTS.join(', ')} (optionally with before_ or after_)`);
  return 3 * k + (m[1] === 'before_' ? 0 : m[1] === 'after_' ? 2 : 1);
}

export interface Scheduled {
  readonly name: string;
  readonly when: When;
  readonly order: number;
}

export function sortSchedule<T extends Scheduled>(items: readonly T[]): T[] {
  // Each item's slot rank once (a regular expression), not once per comparison.
  const ranked = items.map((item) => ({ item, rank: slotRank(item.when) }));
  ranked.sort((a, b) => a.rank - b.rank || a.item.order - b.item.order || (a.item.name < b.item.name ? -1 : a.item.name > b.item.name ? 1 : 0));
  return ranked.map((r) => r.item);
}
