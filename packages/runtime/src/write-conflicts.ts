/**
 * Brian's `_check_multiple_summed_updaters` (brian2/core/network.py): a variable may be the target
 * of only one summed variable — each summed-variable updater zeroes its target before summing into
 * it, so a second writer would silently discard the first one's sum. Two writers are allowed only
 * into non-overlapping subgroups of the same group.
 */
import { ValueError } from './quantity.js';
import type { SimObject, WrittenTarget } from './sim-object.js';

/** Throws a ValueError naming both writers when two objects write the same variable in overlapping elements. */
export function checkWriteConflicts(objects: readonly SimObject[]): void {
  const seen: { readonly target: WrittenTarget; readonly storage: unknown }[] = [];
  for (const o of objects) {
    for (const t of o.writtenTargets?.() ?? []) {
      // Subgroups share their parent's arrays: the same array is the same variable.
      const storage = t.group.array(t.variable);
      for (const other of seen) {
        if (other.storage !== storage) continue;
        const a = other.target.group;
        const b = t.group;
        const same = a === b;
        if (!same && !(b.offset < a.offset + a.N && a.offset < b.offset + b.N)) continue;
        const where = same ? `in group '${b.name}'` : `in the overlapping groups '${a.name}' and '${b.name}'`;
        throw new ValueError(
          `${t.writer} and ${other.target.writer} both target the variable '${t.variable}' ${where}; a variable can be the target of only one summed variable (as in Brian), since each one overwrites it every step — sum into separate variables of the target group (e.g. '${t.variable}1' and '${t.variable}2') and add them in its equations`,
        );
      }
      seen.push({ target: t, storage });
    }
  }
}
