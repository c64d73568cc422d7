/**
 * What a StateMonitor records from. Anything whose elements have variables — neurons of a group or
 * subgroup, synapses of a Synapses object — provides a {@link Recorder}: prepared once per run,
 * then called at each recording step, writing the current values into the monitor's buffers
 * without allocating. Groups get theirs from {@link groupRecorder}; other sources implement
 * {@link Recordable}.
 */
import { jsBackend, lowerGather } from '@neurite/codegen';
import type { CheckedModel } from '@neurite/parser';
import { ValueError } from '../quantity.js';
import type { SpikeSource } from '../sim-object.js';

/**
 * Writes the values of the prepared variables, for the prepared element indices, into
 * `out[v][k]` (variable v in the order given, index k); `t` is the current time.
 */
export type Recorder = (t: number, out: readonly Float64Array[]) => void;

/** A source that prepares its own recorders (e.g. Synapses, whose elements are synapses). */
export interface Recordable {
  readonly name: string;
  /** Number of elements (`record: true` records all of them). */
  readonly N: number;
  /**
   * A recorder of `variables` at element `indices`, valid for one run (called from the monitor's
   * prepare). Throws a ValueError, naming `monitor` and listing the variables there are, for an
   * unknown variable.
   */
  recorder(variables: readonly string[], indices: Int32Array, monitor: string): Recorder;
}

/** What a monitor needs from a group beyond SpikeSource: scalar values for computing subexpressions. */
export interface Monitorable extends SpikeSource {
  readonly kernelScalars?: Readonly<Record<string, number>>;
  readonly kernelFunctions?: Readonly<Record<string, (...args: number[]) => number>>;
}

export function isRecordable(source: Recordable | Monitorable): source is Recordable {
  return typeof (source as Partial<Recordable>).recorder === 'function';
}

/**
 * A recorder of a group's variables: stored ones are read from the storage arrays (offset for
 * subgroups), subexpressions computed by a gather kernel.
 */
export function groupRecorder(src: Monitorable, variables: readonly string[], indices: Int32Array, monitor: string): Recorder {
  const model = src.variables as CheckedModel;
  const n = indices.length;
  const offset = src.offset;
  const stored: StoredColumn[] = [];
  const computed: { slot: number; name: string }[] = [];
  variables.forEach((v, slot) => {
    const info = model.variables.get(v);
    if (!info) {
      const names = [...model.variables.values()].filter((x) => x.origin !== 'internal' || x.name === 'i').map((x) => x.name);
      throw new ValueError(`${monitor}: '${src.name}' has no variable '${v}'; its variables are: ${names.join(', ')}`);
    }
    // Linked variables read another group's array through an index: gathered like subexpressions.
    const isStored = (info.origin !== 'subexpression' || info.flags.includes('constant over dt')) && !info.flags.includes('linked');
    if (isStored) stored.push({ slot, array: src.array(v), shared: info.shared, indexOffset: offset, valueOffset: 0 });
    else computed.push({ slot, name: v });
  });
  if (computed.length === 0) return columnRecorder(indices, stored, []);
  const outs = computed.map(() => new Float64Array(n));
  const gather = jsBackend.compile(lowerGather({ model }, computed.map((c) => c.name), { name: `${monitor}_gather` }));
  const arrays: Record<string, Float64Array | Int32Array | Uint8Array> = {};
  // Everything but the loop's own arrays comes from the group (linked variables' arrays included).
  for (const a of gather.ir.arrays) if (a.name !== '_events' && !a.name.startsWith('_record_')) arrays[a.name] = src.array(a.name);
  computed.forEach((c, k) => (arrays[`_record_${c.name}`] = outs[k]!));
  arrays['_events'] = Int32Array.from(indices, (i) => i + offset);
  const scalars: Record<string, number> = { count: n };
  return columnRecorder(indices, stored, computed.map((c, k) => ({ slot: c.slot, values: outs[k]! })), (t) => {
    Object.assign(scalars, src.kernelScalars);
    // The group's scalars carry its resetter's `count` (spikes of the step): ours is n.
    scalars['count'] = n;
    scalars['t'] = t;
    gather.run({ arrays, scalars, externs: src.kernelFunctions ?? {} });
  });
}

/**
 * A stored variable a recorder copies: `array[shared ? 0 : index + indexOffset] - valueOffset`
 * (index offsets for subgroups' storage, value offsets for absolute neuron indices read as relative).
 */
export interface StoredColumn {
  readonly slot: number;
  readonly array: ArrayLike<number>;
  readonly shared: boolean;
  readonly indexOffset: number;
  readonly valueOffset: number;
}

/**
 * The recorder shared by every source: copies the stored columns at `indices`, then runs `gather`
 * (if any), which fills each computed column's `values` for the same indices.
 */
export function columnRecorder(
  indices: Int32Array,
  stored: readonly StoredColumn[],
  computed: readonly { readonly slot: number; readonly values: Float64Array }[],
  gather?: (t: number) => void,
): Recorder {
  const n = indices.length;
  return (t, out) => {
    for (const s of stored) {
      const dst = out[s.slot]!;
      for (let k = 0; k < n; k++) dst[k] = s.array[s.shared ? 0 : indices[k]! + s.indexOffset]! - s.valueOffset;
    }
    if (gather) {
      gather(t);
      for (const c of computed) out[c.slot]!.set(c.values);
    }
  };
}
