/**
 * Storage of a Synapses object: one typed array per per-synapse variable, all with the same
 * capacity, grown by doubling as `connect()` adds synapses (amortised O(1) per synapse), plus
 * one-element arrays for shared variables. Only elements `0 .. N` are synapses; `view(name)` is
 * that prefix (a subarray: writes go to the storage).
 *
 * Connectivity lives here too: `_synaptic_pre` / `_synaptic_post` hold, per synapse, the absolute
 * index of its pre- and postsynaptic neuron in the storage of the connected groups (for a subgroup,
 * its index plus the subgroup's offset — as in Brian).
 *
 * A variable that still has one value for every synapse (`lastupdate`, `delay`, the counts, a
 * weight not yet set) is kept as that number, not as an array: the array is made at the first
 * `view()`. Networks with millions of synapses mostly never read those (CUBA 40 000: three of the
 * five per-synapse arrays, ~100 MB with the capacity, and their filling at every connect()).
 */
import type { ValueType } from '@neurite/parser';
import { allocate, type Storage } from '../variables.js';

export interface VariableSpec {
  readonly name: string;
  readonly type: ValueType;
  readonly shared: boolean;
}

export const PRE_INDEX = '_synaptic_pre';
export const POST_INDEX = '_synaptic_post';

/** Structured-cloneable state: the synapses and every variable's values. */
export interface StorageState {
  readonly N: number;
  /** The values of every variable that has an array (the neuron indices always do). */
  readonly arrays: ReadonlyMap<string, Storage>;
  /** Variables with one value for every synapse and no array (see `uniformValue`): that value. */
  readonly uniform?: ReadonlyMap<string, number>;
}

export class SynapticStorage {
  /** Number of synapses. */
  N = 0;
  private capacity = 0;
  private readonly specs = new Map<string, VariableSpec>();
  /** Arrays of the variables that have been viewed (and of shared ones, and the indices). */
  private readonly arrays = new Map<string, Storage>();
  /** The value of every synapse of a variable that has no array yet. */
  private readonly uniform = new Map<string, number>();
  /** Bumped whenever synapses are added or restored (connectivity-derived data must be rebuilt). */
  version = 0;
  /** Arrays computed from the connectivity, and what computes them (see {@link derive}). */
  private readonly derivedNames = new Set<string>();
  private computeDerived: () => void = () => {};
  private derivedVersion = -1;

  constructor(variables: readonly VariableSpec[]) {
    for (const v of [{ name: PRE_INDEX, type: 'integer', shared: false } as const, { name: POST_INDEX, type: 'integer', shared: false } as const, ...variables]) {
      this.specs.set(v.name, v);
      if (v.shared || v.name === PRE_INDEX || v.name === POST_INDEX) this.arrays.set(v.name, allocate(v.type, v.shared ? 1 : 0));
      else this.uniform.set(v.name, 0);
    }
  }

  /** The one value every synapse has for `name`, if it has no array yet (nothing was viewed). */
  uniformValue(name: string): number | undefined {
    return this.uniform.get(name);
  }

  /** The storage array of `name` (capacity elements), made from its uniform value if need be. */
  private array(name: string): Storage {
    const a = this.arrays.get(name);
    if (a) return a;
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`internal error: synapses have no array '${name}'`);
    const made = allocate(spec.type, this.capacity);
    const value = this.uniform.get(name)!;
    if (value !== 0) made.fill(value, 0, this.N);
    this.uniform.delete(name);
    this.arrays.set(name, made);
    return made;
  }

  has(name: string): boolean {
    return this.specs.has(name);
  }

  spec(name: string): VariableSpec | undefined {
    return this.specs.get(name);
  }

  names(): string[] {
    return [...this.specs.keys()];
  }

  /**
   * Declares stored arrays whose values follow from the connectivity (`N_incoming`, `N_outgoing`):
   * `compute` fills them, and runs only when one of them is viewed after synapses changed, so a
   * network that never reads them does not pay for them at every connect().
   */
  derive(names: readonly string[], compute: () => void): void {
    for (const n of names) this.derivedNames.add(n);
    this.computeDerived = compute;
    this.derivedVersion = -1;
  }

  /** The values of a variable: `N` elements (a view into the storage), or 1 for a shared variable. */
  view(name: string): Storage {
    if (this.derivedVersion !== this.version && this.derivedNames.has(name)) {
      // Marked first: compute() views the derived arrays itself.
      this.derivedVersion = this.version;
      this.computeDerived();
    }
    const a = this.array(name);
    return this.specs.get(name)!.shared ? a : a.subarray(0, this.N);
  }

  /**
   * Appends synapses (absolute neuron indices), their variables set to `initial(name)`.
   * `pre` and `post` have the same length. With `adopt`, they are the caller's to give away: an
   * empty storage keeps them as its index arrays, their buffers' room past `n` as its capacity,
   * instead of copying them — for millions of synapses, fresh memory costs more to touch than to
   * copy (~2.7 ms per MB on the benchmark machine's VM).
   */
  append(pre: ArrayLike<number>, post: ArrayLike<number>, initial: (name: string) => number, adopt = false): void {
    const n = pre.length;
    if (n === 0) return;
    const start = this.N;
    if (adopt && start === 0 && n > this.capacity && pre instanceof Int32Array && post instanceof Int32Array) this.adoptIndices(pre, post);
    else {
      this.reserve(start + n);
      // One native copy each (set takes any array-like), not a JavaScript loop per synapse.
      this.arrays.get(PRE_INDEX)!.set(pre, start);
      this.arrays.get(POST_INDEX)!.set(post, start);
    }
    for (const [name, spec] of this.specs) {
      if (spec.shared || name === PRE_INDEX || name === POST_INDEX) continue;
      const value = initial(name);
      // Still one value for all (the old synapses', when there are any): no array needed.
      if (this.uniform.has(name) && (start === 0 || this.uniform.get(name) === value)) this.uniform.set(name, value);
      else this.array(name).fill(value, start, start + n);
    }
    this.N += n;
    this.version++;
  }

  /** Takes `pre` and `post` (and the room after them) as the index arrays of an empty storage. */
  private adoptIndices(pre: Int32Array, post: Int32Array): void {
    const room = (a: Int32Array) => (a.buffer.byteLength - a.byteOffset) >> 2;
    const cap = Math.min(room(pre), room(post));
    for (const [name, spec] of this.specs) {
      if (!spec.shared && name !== PRE_INDEX && name !== POST_INDEX && this.arrays.has(name)) this.arrays.set(name, allocate(spec.type, cap));
    }
    this.arrays.set(PRE_INDEX, new Int32Array(pre.buffer, pre.byteOffset, cap));
    this.arrays.set(POST_INDEX, new Int32Array(post.buffer, post.byteOffset, cap));
    this.capacity = cap;
  }

  private reserve(n: number): void {
    if (n <= this.capacity) return;
    let cap = Math.max(16, this.capacity * 2);
    while (cap < n) cap *= 2;
    for (const [name, spec] of this.specs) {
      const old = this.arrays.get(name);
      if (spec.shared || !old) continue;
      const next = allocate(spec.type, cap);
      next.set(old.subarray(0, this.N));
      this.arrays.set(name, next);
    }
    this.capacity = cap;
  }

  /** A copy of the synapses and values; a variable with one value for all is kept as that value. */
  snapshot(): StorageState {
    const arrays = new Map<string, Storage>();
    const uniform = new Map<string, number>();
    for (const name of this.specs.keys()) {
      const value = this.uniform.get(name);
      if (value !== undefined) uniform.set(name, value);
      else arrays.set(name, this.view(name).slice());
    }
    return { N: this.N, arrays, uniform };
  }

  /**
   * `restore` into a storage that holds no synapses yet, taking `state`'s arrays as its own
   * instead of copying them: the caller gives them away (a batch's tiled copies of another
   * storage — copying them again cost an allocation and a pass over every synapse array). Each
   * array is of its variable's type and `state.N` long, which becomes the capacity.
   */
  adopt(state: StorageState): void {
    if (this.N !== 0 || this.capacity !== 0) throw new Error('internal error: adopt() into a storage that holds synapses');
    const n = state.N;
    for (const [name, values] of state.arrays) {
      const spec = this.specs.get(name);
      if (!spec) continue;
      if (spec.shared) {
        this.arrays.get(name)!.set(values.subarray(0, 1));
        continue;
      }
      if (values.length !== n) throw new Error(`internal error: adopt() of '${name}' with ${values.length} values for ${n} synapses`);
      this.arrays.set(name, values);
      this.uniform.delete(name);
    }
    // Arrays this storage already has but the state gives no array for: made at the new capacity
    // (restoreUniform then fills those the state keeps one value for).
    for (const [name, spec] of this.specs) if (!spec.shared && !state.arrays.has(name) && this.arrays.has(name)) this.arrays.set(name, allocate(spec.type, n));
    this.capacity = n;
    this.N = n;
    this.restoreUniform(state);
    this.version++;
  }

  /**
   * Brings back synapses and values (synapses created after the snapshot are removed, as in
   * Brian). Arrays already handed out by `view` stay valid: values are written into them.
   */
  restore(state: StorageState): void {
    this.reserve(state.N);
    this.N = state.N;
    for (const [name, values] of state.arrays) {
      if (!this.specs.has(name)) continue;
      const a = this.array(name);
      a.set(values.subarray(0, Math.min(values.length, a.length)));
    }
    this.restoreUniform(state);
    this.version++;
  }

  /** The variables `state` holds one value for: that value, in their array if they have one. */
  private restoreUniform(state: StorageState): void {
    for (const [name, value] of state.uniform ?? []) {
      if (!this.specs.has(name)) continue;
      const a = this.arrays.get(name);
      if (a === undefined) this.uniform.set(name, value);
      else a.fill(value, 0, this.N); // never a shared variable: snapshot() keeps those as arrays
    }
  }
}
