/**
 * Integration methods by name, and Brian's rule for choosing one: `method` may be a name or a
 * list, and the first method in the list that applies wins. The default list is Brian's,
 * `['exact', 'euler', 'heun']`. When none applies, the error lists why each was refused.
 */
import type { OdeSystem, StateUpdateResult, StateUpdater } from '../ir.js';
import { exactStateUpdater } from './exact.js';
import { exponentialEulerStateUpdater } from './exponential-euler.js';
import { eulerStateUpdater, heunStateUpdater, milsteinStateUpdater, rk2StateUpdater, rk4StateUpdater } from './explicit.js';

export const DEFAULT_METHODS: readonly string[] = ['exact', 'euler', 'heun'];

/** Other names Brian accepts for the same method. */
const ALIASES: Readonly<Record<string, string>> = { linear: 'exact' };

const methods = new Map<string, StateUpdater>(
  [exactStateUpdater, exponentialEulerStateUpdater, eulerStateUpdater, rk2StateUpdater, rk4StateUpdater, heunStateUpdater, milsteinStateUpdater].map((m) => [m.name, m]),
);

/** Adds a user-defined method (e.g. one made with `explicitStateUpdater`). Names are unique. */
export function registerStateUpdater(updater: StateUpdater): void {
  if (methods.has(updater.name) || updater.name in ALIASES) throw new Error(`an integration method named '${updater.name}' already exists`);
  methods.set(updater.name, updater);
}

export function methodNames(): string[] {
  return [...methods.keys(), ...Object.keys(ALIASES)];
}

/** Applies the first applicable method of `method` (a name or a list) to the system. */
export function chooseStateUpdater(system: OdeSystem, method: string | readonly string[] = DEFAULT_METHODS): StateUpdateResult {
  const names = typeof method === 'string' ? [method] : method;
  const refusals: string[] = [];
  for (const n of names) {
    const updater = methods.get(ALIASES[n] ?? n);
    if (!updater) {
      refusals.push(`'${n}' is not an integration method (known: ${methodNames().join(', ')})`);
      continue;
    }
    const result = updater.apply(system);
    if (result.ok) return result;
    // Reasons usually name their method already ("euler cannot integrate ..."); don't say it twice.
    refusals.push(result.reason.startsWith(updater.name) ? result.reason : `${n}: ${result.reason}`);
  }
  const reason = refusals.length === 1 ? refusals[0]! : `no integration method applies:\n${refusals.map((r) => `  - ${r}`).join('\n')}`;
  return { ok: false, method: names.join(', '), reason };
}
