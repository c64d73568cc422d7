/**
 * Storage of a group's variables: one typed array per stored variable, sized once (N elements,
 * or 1 if shared): Float64Array for floats, Int32Array for integers, Uint8Array for booleans.
 */
import type { ValueType, VariableInfo } from '@neurite/parser';

export type Storage = Float64Array | Int32Array | Uint8Array;

export function allocate(type: ValueType, length: number): Storage {
  switch (type) {
    case 'float':
      return new Float64Array(length);
    case 'integer':
      return new Int32Array(length);
    case 'boolean':
      return new Uint8Array(length);
  }
}

/** Brian's initial values: 0, except `lastspike` (-1e4 s, long ago) and `not_refractory` (true). */
export function initialValue(name: string): number {
  if (name === 'lastspike') return -1e4;
  if (name === 'not_refractory') return 1;
  return 0;
}

/** True for variables that have storage (everything but subexpressions, linked variables and values the simulator passes). */
export function isStored(v: VariableInfo): boolean {
  if (v.origin === 'subexpression') return v.flags.includes('constant over dt');
  if (v.origin === 'internal') return !['t', 'dt', 't_in_timesteps', 'i', 'j', 'N', 'N_pre', 'N_post'].includes(v.name);
  // A linked parameter reads another group's storage (see NeuronGroup.link).
  return v.origin === 'state' || (v.origin === 'parameter' && !v.flags.includes('linked'));
}

/** Deep copy of a set of arrays (for store/restore). */
export function copyArrays(arrays: ReadonlyMap<string, Storage>): Map<string, Storage> {
  return new Map([...arrays].map(([k, a]) => [k, a.slice()]));
}
