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
  return [...items].sort((a, b) => slotRank(a.when) - slotRank(b.when) || a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
