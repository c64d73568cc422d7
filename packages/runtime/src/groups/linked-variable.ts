/**
 * Linked variables (Brian's `x : volt (linked)` and `G.x = linked_var(H, 'y', index=...)`): a
 * parameter of one group that reads another group's variable, through one index per element.
 *
 * Kernels read `x` at element `_idx` as `_linked_x[_linked_x_index[_idx]]` (see `linkedArray` in
 * @neurite/codegen): `_linked_x` is the source's storage array itself (never a copy, so the link
 * sees every change of `y`), `_linked_x_index` holds absolute indices into it.
 */
import { formatDimension, sameDim, type GroupVariables, type VariableInfo } from '@neurite/parser';
import { ValueError } from '../quantity.js';
import type { Storage } from '../variables.js';

/** What a variable can be linked to: a neuron group or a subgroup (anything with variables and storage). */
export interface LinkSource {
  readonly name: string;
  readonly N: number;
  /** Offset of index 0 into the storage arrays (non-zero for subgroups). */
  readonly offset: number;
  readonly variables: GroupVariables;
  array(name: string): Float64Array | Int32Array | Uint8Array;
}

export interface LinkOptions {
  /**
   * For each element of the linked group, the element of the source to read (relative to the
   * source, so a subgroup's element 0 is its first): an array of N integers, or the name of an
   * integer variable of the linked group (read at the start of every run). Without it the link is
   * one-to-one for groups of equal size, and one-to-all for a source of size 1 or a shared variable.
   */
  readonly index?: ArrayLike<number> | string;
}

/** A link, checked when it is made. `indices` is updated in place (kernels keep the reference). */
export interface Link {
  readonly source: LinkSource;
  readonly sourceVariable: string;
  /** The source's storage array (shared by the source and every kernel reading the link). */
  readonly array: Storage;
  /** Absolute indices into `array`, one per element of the linked group. */
  readonly indices: Int32Array;
  /** The linked group's integer variable holding the (relative) indices, refreshed each run. */
  readonly indexVariable?: string;
  /** Length of the source variable (1 if shared): the bound for indices. */
  readonly sourceLength: number;
  /** What a relative index adds to become absolute (the source's offset; 0 for a shared variable). */
  readonly base: number;
}

/** Checks a link of `group.variable` to `source.sourceVariable` (Brian's rules) and builds its indices. */
export function makeLink(
  group: { readonly name: string; readonly N: number; readonly variables: GroupVariables },
  variable: string,
  source: LinkSource,
  sourceVariable: string,
  options: LinkOptions,
): Link {
  const what = `NeuronGroup '${group.name}', link('${variable}', '${source.name}', '${sourceVariable}')`;
  const info = group.variables.variables.get(variable);
  if (!info) throw new ValueError(`${what}: '${group.name}' has no variable '${variable}'`);
  if (!info.flags.includes('linked')) {
    throw new ValueError(`${what}: '${variable}' is not declared '(linked)'; declare it as a parameter with the flag, e.g. '${variable} : ${unitHint(info)} (linked)'`);
  }
  const target = source.variables.variables.get(sourceVariable);
  if (!target) {
    const names = [...source.variables.variables.values()].filter((v) => v.origin === 'state' || v.origin === 'parameter').map((v) => v.name);
    throw new ValueError(`${what}: '${source.name}' has no variable '${sourceVariable}'; its variables are: ${names.join(', ')}`);
  }
  if (target.origin === 'subexpression' || target.flags.includes('linked') || ['t', 'dt', 'i', 'N', 't_in_timesteps'].includes(target.name)) {
    throw new ValueError(`${what}: '${sourceVariable}' has no storage of its own (${target.origin === 'subexpression' ? 'a subexpression' : target.flags.includes('linked') ? 'itself a linked variable' : 'a value of the simulator'}); link to a state variable or parameter`);
  }
  if (!sameDim(info.dim, target.dim)) {
    throw new ValueError(`${what}: the units differ ('${variable}' is in ${formatDimension(info.dim)}, '${sourceVariable}' in ${formatDimension(target.dim)})`);
  }
  if (info.type !== target.type) throw new ValueError(`${what}: the types differ ('${variable}' is ${info.type}, '${sourceVariable}' is ${target.type})`);
  const sourceLength = target.shared ? 1 : source.N;
  const base = target.shared ? 0 : source.offset;
  const indices = new Int32Array(group.N);
  const index = options.index;
  if (typeof index === 'string') {
    const v = group.variables.variables.get(index);
    if (!v || v.type !== 'integer' || v.origin === 'subexpression' || v.shared) {
      throw new ValueError(`${what}: the index '${index}' must be an integer variable of '${group.name}' (e.g. '${index} : integer (constant)')`);
    }
    return { source, sourceVariable, array: source.array(sourceVariable), indices, indexVariable: index, sourceLength, base };
  }
  if (index !== undefined) {
    if (index.length !== group.N) throw new ValueError(`${what}: the index has ${index.length} values; it needs one per element of '${group.name}' (${group.N})`);
    fillIndices(indices, index, sourceLength, base, what);
  } else if (target.shared || (source.N === 1 && group.N !== 1)) {
    indices.fill(base);
  } else if (source.N === group.N) {
    for (let k = 0; k < group.N; k++) indices[k] = base + k;
  } else {
    throw new ValueError(`${what}: the sizes differ (${group.N} != ${source.N}); pass options.index, the element of '${source.name}' each element of '${group.name}' reads`);
  }
  return { source, sourceVariable, array: source.array(sourceVariable), indices, sourceLength, base };
}

/** Refreshes a link's indices from its index variable (at the start of a run). */
export function refreshLink(link: Link, values: ArrayLike<number>, what: string): void {
  if (link.indexVariable === undefined) return;
  fillIndices(link.indices, values, link.sourceLength, link.base, `${what}, index '${link.indexVariable}'`);
}

function fillIndices(out: Int32Array, relative: ArrayLike<number>, length: number, base: number, what: string): void {
  for (let k = 0; k < out.length; k++) {
    const r = relative[k]!;
    if (!Number.isInteger(r) || r < 0 || r >= length) {
      throw new ValueError(`${what}: element ${k} has the index ${r}, outside the valid range [0, ${length})`);
    }
    out[k] = base + r;
  }
}

function unitHint(info: VariableInfo): string {
  return info.type === 'float' ? formatDimension(info.dim) || '1' : info.type;
}
