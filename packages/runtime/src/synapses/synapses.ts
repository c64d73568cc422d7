/**
 * Synapses (Brian's `Synapses`): a model per synapse between a source and a target group (neuron
 * groups or subgroups), created with `connect()`, with `on_pre` / `on_post` pathways, delays,
 * clock-driven, event-driven and summed variables.
 *
 * ```ts
 * const S = net.synapses(P, P, { model: 'w : volt', onPre: 'v_post += w', delay: '2 ms' });
 * S.connect({ condition: 'i != j', p: 0.1 });
 * S.set('w', 'rand()*wmax');
 * ```
 *
 * Per step, as in Brian: the clock-driven state updater (slot `groups`, the object's order), each
 * summed variable (slot `groups`, order of its target group - 1, i.e. before the target integrates:
 * Brian's `SummedVariableUpdater`), the pre pathways (slot `synapses`, order -1), then the post
 * pathways (order +1); pathways of the same order by name. `onPre` / `onPost` may name several
 * pathways (`{ up: ..., down: ... }`), each with its own delays (`'<name>.delay'`) and queue.
 *
 * Indices: `_synaptic_pre` / `_synaptic_post` store absolute neuron indices (subgroup index +
 * offset, as Brian's `synapses_create_*` templates do); `i` and `j` — in code, in `get('i')` and in
 * `connect()` — are relative to a subgroup (see `kernels.ts`).
 *
 * Kernels are compiled with the network's backend before each run, cached on the namespace's shape;
 * where a GPU backend refuses one it runs on the JS backend (`kernels.ts`). `set()` and `get()` of
 * expressions, and `connect()`, run JS kernels on the host.
 */
import {
  checkExpression,
  checkModel,
  checkStatements,
  diag,
  DIMENSIONLESS,
  EquationError,
  parseEquations,
  parseExpression,
  parseQuantity,
  parseStatements,
  throwIfErrors,
  type CheckedModel,
  type Dimension,
  type EquationsResult,
  type ExternalSymbol,
  type Namespace,
  type ValueType,
  type VariableInfo,
} from '@neurite/parser';
import {
  buildOdeSystem,
  chooseStateUpdater,
  jsBackend,
  lowerGather,
  lowerPathway,
  lowerSet,
  lowerStateUpdate,
  lowerSummed,
  OdeSystemError,
  type Backend,
  type CompiledKernel,
  type KernelArgs,
  type KernelIR,
  type Random,
  type StateArray,
} from '@neurite/codegen';
import { mergeNamespaces, namespaceSignature, runNamespace } from '../groups/namespace.js';
import { partialModel } from '../groups/partial-model.js';
import { toSI, ValueError, type QuantityLike } from '../quantity.js';
import type { Operation, RunContext, SimObject, SpikeSource, StepContext, WrittenTarget } from '../sim-object.js';
import { SECOND } from '../units.js';
import { eventSourceOf } from '../groups/event-space.js';
import { KernelOp, ScheduledOp, type Schedule } from '../operations/kernel-ops.js';
import { Batch } from '../batch/batch.js';
import { allocate, type Storage } from '../variables.js';
import { columnRecorder, type Recorder, type StoredColumn } from '../monitors/recordable.js';
import { connectPairs, type ConnectOptions } from './connect.js';
import { compileWithFallback, relativeIndices } from './kernels.js';
import { delaySteps, SynapticPathway, type DelaySteps, type PrePost } from './pathway.js';
import type { SpikeQueueState } from './spike-queue.js';
import { POST_INDEX, PRE_INDEX, SynapticStorage, type StorageState, type VariableSpec } from './storage.js';
import { synapsePlan, type SynapsePlan } from './synapse-plans.js';
import { record } from '../kernel-records.js';

export type { ConnectOptions } from './connect.js';

/** Which synapses `set`, `get` and `indices` act on (Brian's `S.w[i, j]`, `S.w['condition']`). */
export interface SynapseSelection {
  /** Presynaptic indices (relative to a subgroup): one, or several. Omitted: any. */
  readonly i?: number | ArrayLike<number>;
  /** Postsynaptic indices (relative to a subgroup): one, or several. Omitted: any. */
  readonly j?: number | ArrayLike<number>;
  /** A condition on `i`, `j`, synaptic and pre-/postsynaptic variables (`'abs(i - j) < 2'`, `'w > 0'`). */
  readonly condition?: string;
}

export interface SynapsesOptions {
  /** Equations per synapse (`'w : 1'`, `dApre/dt = -Apre/taupre : 1 (event-driven)`, summed variables). */
  readonly model?: string;
  /**
   * The event that triggers the pathways (Brian's `on_event`): `'spike'` (default) or a custom
   * event of the source (for `onPre`) / target (for `onPost`) group, defined with its `events`
   * option. A string applies to every pathway, as in Brian; `{ pre: 'up' }` to one pathway, by
   * its name (`pre`, `post`, or a named pathway's name).
   */
  readonly onEvent?: string | Readonly<Record<string, string>>;
  /**
   * Statements run for each synapse of a presynaptic spike (after its delay), e.g. `'v_post += w'`:
   * the pathway `pre`. Or several named pathways, `{ up: 'x_post += w', down: 'y_post += w' }`
   * (Brian's `on_pre={...}`), each with its own delays and queue, run in slot `synapses` with
   * order -1, ties broken by name.
   */
  readonly onPre?: string | Readonly<Record<string, string>>;
  /** Statements run for each synapse of a postsynaptic spike: the pathway `post` (order +1), or named pathways as for `onPre`. */
  readonly onPost?: string | Readonly<Record<string, string>>;
  /**
   * The delay of the `pre` pathway for every synapse (`'2 ms'`; a number is seconds), or delays per
   * pathway by name (`{ pre: '2 ms', post: '1 ms' }`, `{ up: '0 ms', down: '5 ms' }`). Without
   * one, a pathway's delays are 0. Either way they may be set per synapse (heterogeneous delays):
   * `set('delay', ...)` for the `pre` pathway, `set('<pathway>.delay', ...)` for any pathway
   * (`'post.delay'`, `'down.delay'`); `get()` reads them the same way. (Brian allows only one value
   * for a delay given to the constructor; here it is the initial value of new synapses.)
   */
  readonly delay?: QuantityLike | Readonly<Record<string, QuantityLike>>;
  readonly namespace?: Namespace;
  /**
   * Brian's `multisynaptic_index`: the name of an integer per-synapse variable that numbers the
   * synapses between the same pair (i, j) 0, 1, 2, ... in creation order (over all `connect()`
   * calls). Read-only; usable in code (`on_pre`, conditions of `set`) and in `get()`.
   */
  readonly multisynapticIndex?: string;
  /** Integration method(s) of clock-driven equations. */
  readonly method?: string | readonly string[];
  readonly name?: string;
  /** Order of the state updater in slot `groups`. */
  readonly order?: number;
}

/** What the Synapses need from their network. */
export interface SynapsesHost {
  readonly dt: number;
  readonly t: number;
  readonly rng: Random;
}

interface SummedKernel {
  readonly kernel: CompiledKernel;
  /** Target group and variable (`Igap` of the post group for `Igap_post`). */
  readonly group: SpikeSource;
  readonly variable: string;
  readonly side: PrePost;
  /** The target is part of its storage array (a subgroup): zeroed here, not by the kernel. */
  readonly partial: boolean;
}

interface Compiled {
  readonly model: CheckedModel;
  readonly stateUpdate: CompiledKernel | undefined;
  readonly summed: readonly SummedKernel[];
  readonly pathways: ReadonlyMap<string, CompiledKernel>;
  /** Namespace symbols any kernel uses, as resolved when compiled. */
  readonly externals: ReadonlyMap<string, ExternalSymbol>;
}

interface SynapsesState {
  readonly storage: StorageState;
  readonly queues: ReadonlyMap<string, SpikeQueueState>;
}

const INTERNAL_STORED: readonly VariableSpec[] = [
  { name: 'lastupdate', type: 'float', shared: false },
  { name: 'delay', type: 'float', shared: false },
  { name: 'N_incoming', type: 'integer', shared: false },
  { name: 'N_outgoing', type: 'integer', shared: false },
];

const LOOP_ARRAYS = new Set(['_events', '_ptr', '_synapses']);

function hasFlag(eq: { readonly flags: readonly { readonly name: string }[] }, flag: string): boolean {
  return eq.flags.some((f) => f.name === flag);
}

/** A connected group's checked variables, or undefined while its model still needs the run's namespace. */
function variablesOf(group: SpikeSource): CheckedModel | undefined {
  try {
    return group.variables as CheckedModel;
  } catch {
    return undefined;
  }
}

function groupOrder(group: SpikeSource): number {
  const g = group as { readonly order?: unknown; readonly parent?: SpikeSource };
  if (typeof g.order === 'number') return g.order;
  return g.parent ? groupOrder(g.parent) : 0;
}

export class Synapses implements SimObject {
  private readonly parsed: EquationsResult;
  private readonly storage: SynapticStorage;
  /** Pathways by name (`pre`, `post`, or the names of `onPre` / `onPost` records). */
  private readonly pathways = new Map<string, SynapticPathway>();
  /** Initial delay (s) of new synapses, by pathway name (0 where not given). */
  private readonly delays: ReadonlyMap<string, number>;
  private readonly cache = new Map<string, Compiled>();
  private current: Compiled | undefined;
  private checked: CheckedModel | undefined;
  private connectModel: CheckedModel | undefined;
  private connected = false;
  private ops: Operation[] = [];

  constructor(
    readonly source: SpikeSource,
    readonly target: SpikeSource,
    readonly name: string,
    private readonly options: SynapsesOptions,
    private readonly network: SynapsesHost,
  ) {
    const what = this.what;
    this.parsed = throwIfErrors(parseEquations(options.model ?? ''), `${what}, model`);
    const multi = options.multisynapticIndex;
    if (multi !== undefined) {
      if (!/^[A-Za-z]\w*$/.test(multi)) throw new ValueError(`${what}: multisynapticIndex '${multi}' is not a valid variable name (letters, digits and '_', starting with a letter)`);
      if (this.parsed.equations.some((e) => e.name === multi)) throw new ValueError(`${what}: multisynapticIndex '${multi}' is already defined by the model; choose another name, e.g. 'synapse_number'`);
      // As in Brian, the index is a variable of the synapse model (read-only, integer): appended as a
      // constant parameter so that code and the checker see it like any other.
      this.parsed = throwIfErrors(parseEquations(`${options.model ?? ''}\n${multi} : integer (constant)`), `${what}, multisynapticIndex`);
    }
    for (const [prepost, given] of [['pre', options.onPre], ['post', options.onPost]] as const) {
      if (given === undefined) continue;
      const named = typeof given === 'string' ? { [prepost]: given } : given;
      for (const [pathway, code] of Object.entries(named)) {
        if (typeof code !== 'string') throw new ValueError(`${what}: on_${prepost}['${pathway}'] must be a string of statements, not ${typeof code}`);
        if (code.trim() === '') continue;
        if (!/^[A-Za-z]\w*$/.test(pathway)) throw new ValueError(`${what}: '${pathway}' is not a valid pathway name (letters, digits and '_', starting with a letter)`);
        if (this.pathways.has(pathway)) throw new ValueError(`${what}: the pathway '${pathway}' is defined in both on_pre and on_post; give each pathway its own name`);
        throwIfErrors(parseStatements(code), pathwayOrigin(what, prepost, pathway, typeof given !== 'string'));
        const origin = pathwayOrigin(what, prepost, pathway, typeof given !== 'string');
        const event = typeof options.onEvent === 'string' ? options.onEvent : (options.onEvent?.[pathway] ?? options.onEvent?.[prepost] ?? 'spike');
        const trigger = eventSourceOf(prepost === 'pre' ? source : target, event, origin);
        this.pathways.set(pathway, new SynapticPathway(prepost, `${name}_${pathway}`, code, trigger, pathway));
      }
    }
    this.delays = this.parseDelays(options.delay);

    const specs: VariableSpec[] = [];
    for (const eq of this.parsed.equations) {
      if (hasFlag(eq, 'summed')) continue;
      if (eq.kind === 'subexpression' && !hasFlag(eq, 'constant over dt')) continue;
      const type: ValueType = eq.unit.kind === 'boolean' ? 'boolean' : eq.unit.kind === 'integer' ? 'integer' : 'float';
      specs.push({ name: eq.name, type, shared: hasFlag(eq, 'shared') });
    }
    // One delay array per pathway: `delay` for `pre` (a model variable, as in Brian), `<name>.delay` for the others.
    for (const p of this.pathways.keys()) if (delayVariable(p) !== 'delay') specs.push({ name: delayVariable(p), type: 'float', shared: false });
    this.storage = new SynapticStorage([...specs, ...INTERNAL_STORED]);
    this.storage.derive(['N_incoming', 'N_outgoing'], () => this.updateCounts());

    // Report model errors no namespace can fix right away; unknown names may come from run()'s namespace.
    const pre = variablesOf(source);
    const post = variablesOf(target);
    if (pre && post) {
      // As Brian: a synaptic variable must not hide a pre-/postsynaptic one (`v += w` would change the synapse's `v`).
      for (const eq of this.parsed.equations) {
        if (hasFlag(eq, 'summed')) continue;
        for (const [side, group] of [['pre', pre], ['post', post]] as const) {
          const other = group.variables.get(eq.name);
          if (other && other.origin !== 'internal') {
            throw new ValueError(`${what}: the ${side}synaptic variable '${eq.name}' has the same name as a synaptic variable; rename the synaptic variable (e.g. to '${eq.name}_syn') to avoid confusion`);
          }
        }
      }
      const probe = checkModel(this.parsed, { kind: 'synapses', namespace: options.namespace ?? {}, pre, post });
      const fatal = probe.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'unknown-identifier' && d.code !== 'unknown-function');
      if (fatal.length > 0) throwIfErrors({ source: probe.source, diagnostics: fatal }, `${what}, model`);
      // Names still missing may come from run()'s namespace; until then the variables are known from
      // the equations alone, so that set() with an expression (`S.set('delay', '(1 + j)*ms')`) works
      // before the first run, as in Brian and as NeuronGroup already allows.
      this.checked = probe.model ?? partialModel(this.parsed, 'synapses');
    }
  }

  private get what(): string {
    return `Synapses '${this.name}'`;
  }

  /** Number of synapses. */
  get N(): number {
    return this.storage.N;
  }

  /** Synaptic events waiting for their delay, in all pathways. */
  get queuedEvents(): number {
    let n = 0;
    for (const p of this.pathways.values()) n += p.queue.pending;
    return n;
  }

  /** The compiled kernels of the last run, by operation name (inspect `.source` and `.backend`). */
  get kernels(): ReadonlyMap<string, CompiledKernel> {
    const c = this.current;
    const out = new Map<string, CompiledKernel>();
    if (!c) return out;
    if (c.stateUpdate) out.set(`${this.name}_stateupdater`, c.stateUpdate);
    for (const s of c.summed) out.set(`${this.name}_summed_variable_${s.variable}_${s.side}`, s.kernel);
    for (const [k, kernel] of c.pathways) out.set(`${this.name}_${k}`, kernel);
    return out;
  }

  private parseDelays(delay: SynapsesOptions['delay']): Map<string, number> {
    const out = new Map<string, number>();
    const one = (q: QuantityLike, which: string): number => {
      const d = toSI(q, SECOND, `${this.what}, delay of the pathway '${which}'`);
      if (d < 0) throw new ValueError(`${this.what}: the delay must not be negative (pathway '${which}'), got ${d} s`);
      return d;
    };
    if (delay === undefined) return out;
    if (typeof delay === 'object' && !('value' in delay)) {
      for (const [name, q] of Object.entries(delay as Readonly<Record<string, QuantityLike>>)) {
        if (!this.pathways.has(name)) {
          const known = [...this.pathways.keys()];
          throw new ValueError(`${this.what}: a delay is given for the pathway '${name}', but there is no such pathway (${known.length === 0 ? 'it has no on_pre or on_post code' : `its pathways: ${known.join(', ')}`}); ${name === 'post' ? 'a post delay needs on_post code' : 'name a pathway of onPre / onPost'}`);
        }
        out.set(name, one(q, name));
      }
      return out;
    }
    out.set('pre', one(delay as QuantityLike, 'pre'));
    return out;
  }

  /** The pathways' names, in schedule order (pre pathways first, then post; by name within each). */
  get pathwayNames(): string[] {
    return [...this.pathways.values()].sort((a, b) => (a.prepost === b.prepost ? (a.pathway < b.pathway ? -1 : 1) : a.prepost === 'pre' ? -1 : 1)).map((p) => p.pathway);
  }

  // --- creating synapses -------------------------------------------------------------------------

  /**
   * Creates synapses (Brian's `connect`); may be called several times, each call adding synapses.
   * See {@link ConnectOptions} for the modes. Indices are relative to subgroups. An error (an index
   * out of range, a bad condition) creates no synapses at all.
   */
  connect(options: ConnectOptions = {}): void {
    const pre = this.groupModel(this.source, 'pre');
    const post = this.groupModel(this.target, 'post');
    this.connectModel ??= throwIfErrors(checkModel(parseEquations(''), { kind: 'synapses', pre, post })).model!;
    const namespace = mergeNamespaces(this.options.namespace, options.namespace);
    const pairs = connectPairs(
      { what: this.what, source: this.source, target: this.target, namespace, rng: this.network.rng, t: this.network.t, dt: this.network.dt, model: this.connectModel, pre, post },
      options,
    );
    this.connected = true;
    if (pairs.i.length === 0) return;
    const so = this.source.offset;
    const to = this.target.offset;
    // Absolute indices, shifted in place: the pairs are connectPairs' own fresh arrays. A loop, not
    // TypedArray.map (a call per synapse: ~50 ms for CUBA 40 000's 3.2 M).
    const preAbs = shiftInPlace(pairs.i, so);
    const postAbs = shiftInPlace(pairs.j, to);
    const initial = new Map([...this.pathways.keys()].map((p) => [delayVariable(p), this.delays.get(p) ?? 0]));
    if (!initial.has('delay')) initial.set('delay', this.delays.get('pre') ?? 0);
    // The pairs are connectPairs' own arrays: an empty storage keeps them rather than copying.
    this.storage.append(preAbs, postAbs, (name) => initial.get(name) ?? 0, true);
    this.numberRepeats();
  }

  private groupModel(group: SpikeSource, side: PrePost): CheckedModel {
    const m = variablesOf(group);
    if (!m) throw new ValueError(`${this.what}: the ${side}synaptic group '${group.name}' refers to names that are not defined yet (they may come from run()'s namespace); run the network first`);
    return m;
  }

  /** The multisynaptic index, if asked for: Brian's `calc_repeats`, how many synapses of the same pair come before each one. */
  private numberRepeats(): void {
    const multi = this.options.multisynapticIndex;
    if (multi === undefined) return;
    const n = this.storage.N;
    const pre = this.storage.view(PRE_INDEX);
    const post = this.storage.view(POST_INDEX);
    const number = this.storage.view(multi);
    const stride = this.target.offset + this.target.N;
    const seen = new Map<number, number>();
    for (let s = 0; s < n; s++) {
      const key = pre[s]! * stride + post[s]!;
      const k = seen.get(key) ?? 0;
      number[s] = k;
      seen.set(key, k + 1);
    }
  }

  /**
   * `N_incoming` / `N_outgoing` of every synapse: synapses of its post / pre neuron (Brian's counts).
   * Run by the storage when either is read after synapses changed (SynapticStorage.derive).
   */
  private updateCounts(): void {
    const n = this.storage.N;
    for (const [index, counts, group] of [
      [PRE_INDEX, 'N_outgoing', this.source],
      [POST_INDEX, 'N_incoming', this.target],
    ] as const) {
      const idx = this.storage.view(index);
      const out = this.storage.view(counts);
      const per = new Int32Array(group.offset + group.N);
      for (let s = 0; s < n; s++) per[idx[s]!]!++;
      for (let s = 0; s < n; s++) out[s] = per[idx[s]!]!;
    }
  }

  // --- values ------------------------------------------------------------------------------------

  /**
   * Sets a synaptic variable: a number (SI units) for every synapse, an array of N values, a
   * quantity string (`'2 ms'`), or an expression evaluated per synapse (`'rand()*wmax'`,
   * `'(i + 2*j)*ms'`). `delay` sets the delays of the pre pathway per synapse, `'<pathway>.delay'`
   * those of any pathway.
   *
   * A selection restricts it to some synapses (Brian's `S.w[2, 5] = ...`, `S.w['i > j'] = ...`):
   * `{ i, j }` (numbers or arrays; an omitted one matches any) and/or a `condition` on `i`, `j`,
   * synaptic and pre-/postsynaptic variables. An array value then has one value per selected
   * synapse, in synapse order (see {@link indices}). Other synapses keep their values.
   */
  set(variable: string, value: number | ArrayLike<number> | string, options: SynapseSelection = {}): void {
    if (variable === 'pre.delay') variable = 'delay';
    const info = this.settable(variable);
    const target = this.storage.view(variable);
    const what = `${this.what}: value of '${variable}'`;
    const before = target.slice();
    const byIndex = options.i !== undefined || options.j !== undefined;
    const constant = typeof value === 'number' ? value : typeof value === 'string' && parseQuantity(value).quantity ? toSI(value, info.dim, what) : undefined;
    const isExpression = typeof value === 'string' && constant === undefined;
    // Constants and arrays go to the selected synapses; an expression is lowered with the condition.
    const selected = byIndex || (options.condition !== undefined && !isExpression) ? this.indices(options) : undefined;
    try {
      if (constant !== undefined) {
        if (selected) for (let k = 0; k < selected.length; k++) target[selected[k]!] = constant;
        else target.fill(constant);
      } else if (typeof value === 'string') {
        this.setExpression(variable, info, value, options.condition);
        // The kernel evaluates the expression for every synapse (where the condition holds);
        // synapses outside the i/j selection get their old values back.
        if (byIndex) restoreOutside(target, before, selected!);
      } else {
        value = value as ArrayLike<number>;
        const n = selected ? selected.length : target.length;
        if (value.length !== n) throw new ValueError(`${what}: expected ${n} values (one per ${selected ? 'selected ' : ''}synapse), got ${value.length}`);
        if (selected) for (let k = 0; k < n; k++) target[selected[k]!] = value[k]!;
        else target.set(Array.from(value));
      }
      if (this.isDelay(variable)) delaySteps(target, this.network.dt, (s) => this.describeSynapse(s));
    } catch (e) {
      target.set(before);
      throw e;
    }
  }

  /**
   * The indices of the synapses a selection picks, in increasing order (Brian's
   * `S.indices[i, j]` / `S.indices['condition']`): `i` and `j` are numbers or arrays of pre- and
   * postsynaptic indices (relative to subgroups; omitted: any), `condition` an expression on `i`,
   * `j`, synaptic and pre-/postsynaptic variables and constants. No selection: every synapse.
   */
  indices(selection: SynapseSelection = {}): Int32Array {
    const n = this.N;
    const keep = new Uint8Array(n).fill(1);
    for (const [key, index, offset, group] of [
      ['i', PRE_INDEX, this.source.offset, this.source],
      ['j', POST_INDEX, this.target.offset, this.target],
    ] as const) {
      const wanted = selection[key];
      if (wanted === undefined) continue;
      const list = typeof wanted === 'number' ? [wanted] : Array.from(wanted);
      for (const v of list) {
        if (!Number.isInteger(v) || v < 0 || v >= group.N) throw new ValueError(`${this.what}: selection ${key} = ${v} is not a neuron of '${group.name}' (valid: 0 to ${group.N - 1})`);
      }
      const set = new Set(list);
      const idx = this.storage.view(index);
      for (let s = 0; s < n; s++) if (keep[s] && !set.has(idx[s]! - offset)) keep[s] = 0;
    }
    if (selection.condition !== undefined) {
      const holds = this.conditionMask(selection.condition);
      for (let s = 0; s < n; s++) if (!holds[s]) keep[s] = 0;
    }
    let count = 0;
    for (let s = 0; s < n; s++) count += keep[s]!;
    const out = new Int32Array(count);
    for (let s = 0, k = 0; s < n; s++) if (keep[s]) out[k++] = s;
    return out;
  }

  /**
   * 1 where `condition` holds, per synapse: the `set` kernel with that condition writes 1 into a
   * scratch array bound in place of a time variable that the condition does not read (so no state
   * changes, and conditions mean exactly what they mean in `set`).
   */
  private conditionMask(condition: string): Float64Array {
    const scratch = new Float64Array(this.N);
    const into = /\blastupdate\b/.test(condition) ? 'delay' : 'lastupdate';
    this.setExpression(into, { dim: SECOND, type: 'float' }, '1*second', condition, scratch);
    return scratch;
  }

  /**
   * A copy of a variable's values, one per synapse (SI units): parameters and states, `delay`,
   * `'<pathway>.delay'`, `lastupdate`, subexpressions and pre-/postsynaptic values (`v_post`),
   * computed. `get('i')` and `get('j')` are the pre- and postsynaptic indices (relative to
   * subgroups). With a selection (as for {@link set}: `{ i: 2, j: 5 }`, `{ condition: 'i > j' }`),
   * the values of the selected synapses only, in synapse order.
   */
  get(variable: 'i' | 'j' | 'N_incoming' | 'N_outgoing', selection?: SynapseSelection): Int32Array;
  get(variable: string, selection?: SynapseSelection): Float64Array;
  get(variable: string, selection?: SynapseSelection): Float64Array | Int32Array {
    const all = this.getAll(variable);
    if (selection === undefined) return all;
    const picked = this.indices(selection);
    return all instanceof Int32Array ? Int32Array.from(picked, (s) => all[s]!) : Float64Array.from(picked, (s) => all[s]!);
  }

  private getAll(variable: string): Float64Array | Int32Array {
    if (variable === 'pre.delay') variable = 'delay';
    if (variable === 'i' || variable === 'j') {
      const offset = variable === 'i' ? this.source.offset : this.target.offset;
      return this.storage.view(variable === 'i' ? PRE_INDEX : POST_INDEX).map((x) => x - offset) as Int32Array;
    }
    if (variable === 'N_incoming' || variable === 'N_outgoing') return Int32Array.from(this.storage.view(variable));
    if (this.storage.has(variable) && !variable.startsWith('_')) return Float64Array.from(this.storage.view(variable));
    const model = this.modelForCode();
    const { pre, post } = this.groupModels();
    let ir: KernelIR;
    try {
      ir = lowerGather({ model, pre, post }, [variable], { name: `${this.name}_get_${variable}` });
    } catch (e) {
      const known = model.variables.has(variable) || /_(pre|post)$/.test(variable);
      if (known && e instanceof Error) throw new ValueError(`${this.what}: cannot compute '${variable}': ${e.message}`);
      throw new ValueError(`${this.what} has no variable '${variable}'; its variables are: ${this.variableNames().join(', ')}`);
    }
    ir = relativeIndices(ir, this.offsets);
    const out = new Float64Array(this.N);
    const arrays = this.bindArrays(ir);
    arrays[`_record_${variable}`] = out;
    arrays['_events'] = Int32Array.from({ length: this.N }, (_, k) => k);
    const kernel = jsBackend.compile(ir);
    kernel.run({ arrays, scalars: { ...this.constants(model.externals), ...this.baseScalars(), count: this.N }, externs: this.functions(model.externals), rng: this.network.rng });
    return out;
  }

  private variableNames(): string[] {
    const model = this.current?.model ?? this.checked;
    const own = model ? [...model.variables.values()].filter((v) => v.origin !== 'internal').map((v) => v.name) : this.storage.names().filter((n) => !n.startsWith('_'));
    const delays = [...this.pathways.keys()].map(delayVariable).filter((d) => d !== 'delay');
    return [...new Set(['i', 'j', ...own, 'delay', ...delays, 'lastupdate', 'N_incoming', 'N_outgoing'])];
  }

  /** `delay` or `<pathway>.delay`: a delay array. */
  private isDelay(variable: string): boolean {
    return variable === 'delay' || (variable.endsWith('.delay') && this.storage.has(variable));
  }

  private settable(variable: string): { readonly dim: Dimension; readonly type: ValueType } {
    const model = this.current?.model ?? this.checked;
    const info: VariableInfo | undefined = model?.variables.get(variable);
    if (variable === 'pre.delay' && this.pathways.has('pre')) return this.settable('delay');
    if (this.isDelay(variable) || variable === 'lastupdate') return { dim: SECOND, type: 'float' };
    if (variable.endsWith('.delay')) {
      throw new ValueError(`${this.what} has no pathway '${variable.slice(0, -6)}'; its pathways: ${[...this.pathways.keys()].join(', ') || 'none'} (set '<pathway>.delay')`);
    }
    if (!this.storage.has(variable) || variable.startsWith('_')) {
      if (info || variable === 'i' || variable === 'j') {
        throw new ValueError(`${this.what}: '${variable}' cannot be set (it is ${info?.origin === 'subexpression' ? 'a subexpression, computed from its equation' : 'set by the simulator'})`);
      }
      throw new ValueError(`${this.what} has no variable '${variable}'; its variables are: ${this.variableNames().join(', ')}`);
    }
    if (variable === 'N_incoming' || variable === 'N_outgoing' || variable === this.options.multisynapticIndex) throw new ValueError(`${this.what}: '${variable}' cannot be set (it is set by the simulator)`);
    const spec = this.storage.spec(variable)!;
    return { dim: info?.dim ?? DIMENSIONLESS, type: spec.type };
  }

  private setExpression(variable: string, info: { readonly dim: Dimension; readonly type: ValueType }, expr: string, condition: string | undefined, into?: StateArray): void {
    const model = this.modelForCode();
    const { pre, post } = this.groupModels();
    const namespace = this.options.namespace ?? {};
    const scope = { namespace, pre, post };
    const where = `${this.what}, set('${variable}')`;
    const value = throwIfErrors(checkExpression(parseExpression(expr), model, { expect: info.type === 'boolean' ? 'boolean' : info.dim, what: `the value of '${variable}'`, ...scope }), where);
    const cond = condition === undefined ? undefined : throwIfErrors(checkExpression(parseExpression(condition), model, { expect: 'boolean', what: 'the condition', ...scope }), `${where} condition`);
    const externals = new Map([...value.externals, ...(cond?.externals ?? [])]);
    // A pathway's delay array (`down.delay`) is not a model variable: the kernel writes `delay`,
    // bound to that array (so in its expression, `delay` also means that pathway's delay).
    const lowered = variable.endsWith('.delay') ? 'delay' : variable;
    const ir = relativeIndices(lowerSet({ model, pre, post, externals }, lowered, value.expr!, { name: `${this.name}_set_${lowered}`, ...(cond ? { condition: cond.expr! } : {}) }), this.offsets);
    const arrays = this.bindArrays(ir);
    if (lowered !== variable) arrays['delay'] = this.storage.view(variable);
    if (into) arrays[lowered] = into;
    jsBackend.compile(ir).run({ arrays, scalars: { ...this.constants(externals), ...this.baseScalars() }, externs: this.functions(externals), rng: this.network.rng });
  }

  /** The checked synapse model for host code (set/get): the last run's, or the one checked at creation. */
  private modelForCode(): CheckedModel {
    const m = this.current?.model ?? this.checked;
    if (!m) throw new ValueError(`${this.what}: its model refers to names that are not defined yet (they may come from run()'s namespace); run the network first`);
    return m;
  }

  private groupModels(): { pre: CheckedModel; post: CheckedModel } {
    return { pre: this.groupModel(this.source, 'pre'), post: this.groupModel(this.target, 'post') };
  }

  private get offsets(): { pre: number; post: number } {
    return { pre: this.source.offset, post: this.target.offset };
  }

  private describeSynapse(s: number): string {
    const i = this.storage.view(PRE_INDEX)[s]! - this.source.offset;
    const j = this.storage.view(POST_INDEX)[s]! - this.target.offset;
    return `${this.what}: synapse ${s} (i = ${i}, j = ${j})`;
  }

  // --- kernels -----------------------------------------------------------------------------------

  /** Arrays for a kernel: synaptic variables (N-element views), connectivity, and the groups' arrays for `x_pre` / `x_post`. */
  private bindArrays(ir: KernelIR): Record<string, StateArray> {
    const out: Record<string, StateArray> = {};
    for (const a of ir.arrays) {
      if (LOOP_ARRAYS.has(a.name) || a.name.startsWith('_record_')) continue;
      if (this.storage.has(a.name)) {
        out[a.name] = this.storage.view(a.name);
        continue;
      }
      const m = /^(.+)_(pre|post)$/.exec(a.name);
      if (!m) throw new Error(`internal error: ${this.what} cannot provide the array '${a.name}'`);
      out[a.name] = (m[2] === 'pre' ? this.source : this.target).array(m[1]!);
    }
    return out;
  }

  private baseScalars(): Record<string, number> {
    return { N: this.storage.N, N_pre: this.source.N, N_post: this.target.N, t: this.network.t, dt: this.network.dt, count: 0 };
  }

  private constants(externals: ReadonlyMap<string, ExternalSymbol>, namespace?: Namespace): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of externals.values()) if (s.kind === 'constant') out[s.name] = namespace ? constantValue(namespace, s.name, s.value) : s.value;
    return out;
  }

  private functions(externals: ReadonlyMap<string, ExternalSymbol>): Record<string, (...args: number[]) => number> {
    const out: Record<string, (...args: number[]) => number> = {};
    for (const s of externals.values()) if (s.kind === 'function' && s.implementation) out[s.name] = s.implementation;
    return out;
  }

  private compile(namespace: Namespace, backend: Backend): Compiled {
    const { pre, post } = this.groupModels();
    const pathways = [...this.pathways].map(([name, p]) => [name, p.prepost, p.name, p.code]);
    const key = JSON.stringify([backend.name, namespaceSignature(namespace), this.offsets, this.name, this.options.method ?? null, this.options.model ?? '', pathways]);
    const plan = synapsePlan(pre, post, key, () => this.plan(namespace, pre, post));
    const finish = (ir: KernelIR) => compileWithFallback(ir, backend);
    const summed = plan.summed.map(({ name, ir }): SummedKernel => {
      const m = /^(.+)_(pre|post)$/.exec(name)!;
      const group = m[2] === 'pre' ? this.source : this.target;
      const variable = m[1]!;
      const partial = group.offset !== 0 || group.array(variable).length !== group.N;
      // A subgroup target: zero only its slice (before the kernel), not the parent's whole array.
      return { kernel: finish(partial ? { ...ir, zeroed: [] } : ir), group, variable, side: m[2] as PrePost, partial };
    });
    const compiledPathways = new Map([...plan.pathways].map(([name, ir]) => [name, finish(ir)] as const));
    return { model: plan.model, stateUpdate: plan.stateUpdate && finish(plan.stateUpdate), summed, pathways: compiledPathways, externals: plan.externals };
  }

  /** Checks the model and code against the groups and lowers every kernel (what {@link synapsePlan} keeps). */
  private plan(namespace: Namespace, pre: CheckedModel, post: CheckedModel): SynapsePlan {
    const what = this.what;
    const model = throwIfErrors(checkModel(this.parsed, { kind: 'synapses', namespace, pre, post }), `${what}, model`).model!;
    const externals = new Map(model.externals);
    const scope = { model, pre, post };
    const relative = (ir: KernelIR) => relativeIndices(ir, this.offsets);

    let stateUpdate: KernelIR | undefined;
    const clockDriven = model.equations.some((e) => (e.kind === 'differential' && !hasFlag(e, 'event-driven')) || (e.kind === 'subexpression' && hasFlag(e, 'constant over dt')));
    if (clockDriven) {
      let update;
      try {
        update = chooseStateUpdater(buildOdeSystem(model), this.options.method);
      } catch (e) {
        if (e instanceof OdeSystemError) update = { ok: false as const, method: '', reason: e.message };
        else throw e;
      }
      if (!update.ok) {
        const des = model.equations.filter((e) => e.kind === 'differential');
        const eq = des.find((e) => update.reason.includes(`'${e.name}'`)) ?? des[0];
        throw new EquationError([diag.noIntegrationMethod(eq?.span ?? { start: 0, end: 0 }, update.reason)], this.parsed.source, `${what}, model`);
      }
      stateUpdate = relative(lowerStateUpdate(scope, update, { name: `${this.name}_stateupdater` }));
    }

    const summed: { name: string; ir: KernelIR }[] = [];
    for (const eq of model.equations) {
      if (eq.kind !== 'subexpression' || !hasFlag(eq, 'summed')) continue;
      summed.push({ name: eq.name, ir: relative(lowerSummed(scope, eq.name, eq.expr, { name: `${this.name}_summed_variable_${eq.name}` })) });
    }

    const pathways = new Map<string, KernelIR>();
    for (const [name, p] of this.pathways) {
      const prepost = p.prepost;
      const origin = pathwayOrigin(what, prepost, name, name !== prepost);
      const code = throwIfErrors(checkStatements(parseStatements(p.code), model, { namespace, pre, post }), origin);
      for (const [k, v] of code.externals) externals.set(k, v);
      try {
        pathways.set(name, relative(lowerPathway({ ...scope, externals: code.externals }, code.statements!, { name: p.name })));
      } catch (e) {
        throw new ValueError(`${origin}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return { model, stateUpdate, summed, pathways, externals };
  }

  // --- network protocol --------------------------------------------------------------------------

  prepare(run: RunContext): void {
    if (this.pathways.size > 0 && !this.connected) {
      throw new ValueError(`${this.what} does not do anything, since it has not created synapses with connect(); call connect() before running (as Brian requires)`);
    }
    const namespace = runNamespace(this.options.namespace, run);
    const key = `${run.backend.name}|${namespaceSignature(namespace)}`;
    const compiled = this.cache.get(key) ?? this.compile(namespace, run.backend);
    this.cache.set(key, compiled);

    // Delays (checked before anything changes), per pathway.
    const delays = new Map<string, DelaySteps>();
    for (const [name, p] of this.pathways) {
      p.updateConnectivity(this.storage.view(p.prepost === 'pre' ? PRE_INDEX : POST_INDEX) as Int32Array, this.storage.version);
      const which = name === 'pre' ? '' : ` (pathway '${name}')`;
      // A delay nobody set per synapse is one number: no array to make and convert.
      const variable = delayVariable(name);
      const uniform = this.storage.uniformValue(variable);
      delays.set(name, delaySteps(uniform === undefined || this.storage.N === 0 ? this.storage.view(variable) : [uniform], run.dt, (s) => `${this.describeSynapse(s)}${which}`));
    }

    this.current = compiled;
    const scalars = record<number>(this.constants(compiled.externals, namespace), this.baseScalars(), { dt: run.dt });
    const externs = this.functions(compiled.externals);
    const rng = run.random(this.N);
    const ops: Operation[] = [];
    const su = compiled.stateUpdate;
    if (su) {
      const call = { arrays: this.bindArrays(su.ir), scalars, externs, rng };
      ops.push(new KernelOp({ name: `${this.name}_stateupdater`, when: 'groups', order: this.options.order ?? 0, period: 1 }, su, call, scalars));
    }
    for (const s of compiled.summed) {
      const call = { arrays: this.bindArrays(s.kernel.ir), scalars, externs, rng };
      const schedule = { name: `${this.name}_summed_variable_${s.variable}_${s.side}`, when: 'groups' as const, order: groupOrder(s.group) - 1, period: 1 };
      // Into a subgroup: the kernel zeroes the whole target array, so zero just the subgroup's part here.
      const zero = s.partial ? { array: s.group.array(s.variable), start: s.group.offset, stop: s.group.offset + s.group.N } : undefined;
      ops.push(new SummedVariableOp(schedule, s.kernel, call, scalars, zero));
    }
    for (const [name, p] of this.pathways) {
      const kernel = compiled.pathways.get(name)!;
      ops.push(p.operation({ kernel, arrays: this.bindArrays(kernel.ir), scalars, externs, rng }, delays.get(name)!));
    }
    this.ops = ops;
  }

  operations(): readonly Operation[] {
    return this.ops;
  }

  /**
   * A StateMonitor's recorder of per-synapse variables at synapse `indices` (see `Recordable`):
   * stored variables (`w`, `delay`, `'<pathway>.delay'`, `i`, `j`, ...) are read from the storage,
   * subexpressions and pre-/postsynaptic values (`v_post`) computed by a gather kernel, as `get()`
   * computes them. Valid for one run (synapses are not created during a run).
   */
  recorder(variables: readonly string[], indices: Int32Array, monitor: string): Recorder {
    const n = indices.length;
    const stored: StoredColumn[] = [];
    const computed: { slot: number; name: string }[] = [];
    variables.forEach((v, slot) => {
      const name = v === 'pre.delay' ? 'delay' : v;
      if (name === 'i' || name === 'j') {
        // Stored as absolute neuron indices; recorded relative to a subgroup, as get('i') gives them.
        stored.push({ slot, array: this.storage.view(name === 'i' ? PRE_INDEX : POST_INDEX), shared: false, indexOffset: 0, valueOffset: name === 'i' ? this.source.offset : this.target.offset });
      } else if (this.storage.has(name) && !name.startsWith('_')) {
        stored.push({ slot, array: this.storage.view(name), shared: this.storage.spec(name)!.shared, indexOffset: 0, valueOffset: 0 });
      } else computed.push({ slot, name });
    });
    if (computed.length === 0) return columnRecorder(indices, stored, []);
    const outs = computed.map(() => new Float64Array(n));
    const model = this.modelForCode();
    const { pre, post } = this.groupModels();
    let ir: KernelIR;
    try {
      ir = relativeIndices(lowerGather({ model, pre, post }, computed.map((c) => c.name), { name: `${monitor}_gather` }), this.offsets);
    } catch {
      const unknown = computed.find((c) => !model.variables.has(c.name) && !/_(pre|post)$/.test(c.name))?.name ?? computed[0]!.name;
      throw new ValueError(`${monitor}: ${this.what} has no variable '${unknown}' to record; its variables are: ${this.variableNames().join(', ')}`);
    }
    const arrays = this.bindArrays(ir);
    computed.forEach((c, k) => (arrays[`_record_${c.name}`] = outs[k]!));
    arrays['_events'] = Int32Array.from(indices);
    const kernel = jsBackend.compile(ir);
    const scalars: Record<string, number> = { ...this.constants(model.externals), ...this.baseScalars(), count: n };
    const call = { arrays, scalars, externs: this.functions(model.externals), rng: this.network.rng };
    return columnRecorder(indices, stored, computed.map((c, k) => ({ slot: c.slot, values: outs[k]! })), (t) => {
      scalars['t'] = t;
      kernel.run(call);
    });
  }

  /** The variables this object's summed variables overwrite (`x_post = ... (summed)`: `x` of the target). */
  writtenTargets(): WrittenTarget[] {
    const out: WrittenTarget[] = [];
    for (const eq of this.parsed.equations) {
      if (!hasFlag(eq, 'summed')) continue;
      const m = /^(.+)_(pre|post)$/.exec(eq.name);
      if (!m) continue; // the model check reports it
      out.push({ group: m[2] === 'pre' ? this.source : this.target, variable: m[1]!, writer: `the summed variable '${eq.name}' of ${this.what}` });
    }
    return out;
  }

  /**
   * The network's dt changed between runs: queued events move to the step nearest their delivery
   * time in the new dt (Brian re-bins its queues the same way); delays in steps are recomputed from
   * the delays in seconds when the next run is prepared.
   */
  dtChanged(oldDt: number, newDt: number): void {
    for (const p of this.pathways.values()) p.queue.rescale(oldDt, newDt);
  }

  /**
   * Adds this object's copies to a batch (see `Network.runBatch`): one Synapses object between the
   * replicas of its groups, holding copy c's synapses at `c*N .. (c+1)*N` (block-diagonal: copy c
   * connects copy c's neurons only), with the same values and queued events in every copy.
   */
  replicate(batch: Batch): void {
    const who = this.what;
    const o = this.options;
    const codes = [...this.pathways.values()].map((p) => p.code);
    const texts = [o.model, ...codes];
    batch.checkCode(who, texts);
    const pre = batch.place(this.source, who);
    const post = batch.place(this.target, who);
    if ((pre.partial || post.partial) && this.writtenTargets().length > 0) throw batch.unsupported(who, 'has summed variables into a subgroup (copies of a subgroup are not contiguous)');
    for (const name of this.storage.names()) if (this.storage.spec(name)!.shared) throw batch.unsupported(who, `has the shared variable '${name}' (the copies would share it)`);
    const params = batch.parametersOf(this.name, texts, (n) => (this.storage.has(n) ? this.variableDim(n) : undefined), o.namespace);
    const namespace = Batch.without(o.namespace, params.declare);
    const model = (o.model ?? '') + Batch.declarations(params.declare);
    const replica = new Synapses(pre.replica, post.replica, batch.network.uniqueName('synapses', this.name), { ...o, model, ...(namespace ? { namespace } : {}) }, batch.network);
    batch.network.add(replica);
    const state = this.storage.snapshot();
    const n = state.N;
    const arrays = new Map<string, Storage>();
    for (const [name, values] of state.arrays) {
      const tiled = allocate(this.storage.spec(name)!.type, n * batch.copies);
      batch.tile(tiled, values);
      // Neuron indices move to copy c's neurons.
      const shift = name === PRE_INDEX ? pre.stride : name === POST_INDEX ? post.stride : 0;
      if (shift !== 0) for (let c = 1; c < batch.copies; c++) for (let k = c * n, end = k + n; k < end; k++) tiled[k]! += c * shift;
      arrays.set(name, tiled);
    }
    for (const p of params.declare) arrays.set(p.name, allocate('float', n * batch.copies));
    // A variable with one value for every synapse stays that value in the replica (no array).
    // The tiled arrays are the replica's own (adopted, not copied again).
    replica.storage.adopt({ N: n * batch.copies, arrays, ...(state.uniform ? { uniform: state.uniform } : {}) });
    for (const p of [...params.declare, ...params.assign]) batch.fill(() => replica.storage.view(p.name), p, n);
    replica.connected = this.connected;
    for (const [name, pathway] of this.pathways) {
      const queued = pathway.queue.snapshot().pending;
      replica.pathways.get(name)!.queue.restore({ pending: queued.map((events) => Int32Array.from({ length: events.length * batch.copies }, (_, k) => events[k % events.length]! + Math.floor(k / events.length) * n)) });
    }
    batch.placeObject(this, replica);
  }

  private variableDim(name: string): Dimension | undefined {
    if (name === 'delay' || name.endsWith('.delay')) return SECOND;
    return (this.current?.model ?? this.checked)?.variables.get(name)?.dim;
  }

  snapshot(): unknown {
    const state: SynapsesState = {
      storage: this.storage.snapshot(),
      queues: new Map([...this.pathways].map(([k, p]) => [k, p.queue.snapshot()])),
    };
    return state;
  }

  restore(snapshot: unknown): void {
    const s = snapshot as SynapsesState;
    this.storage.restore(s.storage);
    for (const [k, p] of this.pathways) {
      const q = s.queues.get(k);
      if (q) p.queue.restore(q);
      else p.queue.clear();
    }
  }
}

/** Adds `offset` to every index (in place), and returns them. */
function shiftInPlace(indices: Int32Array, offset: number): Int32Array {
  if (offset !== 0) for (let k = 0; k < indices.length; k++) indices[k]! += offset;
  return indices;
}

/** Puts back `before` everywhere except at the (increasing) indices `keep`. */
function restoreOutside(target: StateArray, before: StateArray, keep: Int32Array): void {
  for (let s = 0, k = 0; s < target.length; s++) {
    if (k < keep.length && keep[k] === s) k++;
    else target[s] = before[s]!;
  }
}

/** The storage array of a pathway's delays: `delay` for the pathway `pre` (as in Brian), `<name>.delay` otherwise. */
function delayVariable(pathway: string): string {
  return pathway === 'pre' ? 'delay' : `${pathway}.delay`;
}

/** Where a pathway's code comes from, for messages: `Synapses 'S', on_pre` or `Synapses 'S', on_pre['up']`. */
function pathwayOrigin(what: string, prepost: PrePost, name: string, named: boolean): string {
  return named ? `${what}, on_${prepost}['${name}']` : `${what}, on_${prepost}`;
}

/** The current value of a namespace constant (values may change between runs without recompiling). */
function constantValue(namespace: Namespace, name: string, fallback: number): number {
  const v = namespace[name];
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseQuantity(v).quantity?.value ?? fallback;
  if (v && typeof v === 'object' && 'value' in v) return v.value;
  return fallback;
}

/**
 * A summed variable's operation: the kernel accumulates the synapses' values into the target;
 * into a subgroup, the subgroup's part of the target is zeroed first. A class, like every
 * scheduled operation (see operations/kernel-ops.ts).
 */
class SummedVariableOp extends ScheduledOp {
  constructor(
    schedule: Schedule,
    private readonly kernel: CompiledKernel,
    private readonly call: KernelArgs,
    private readonly scalars: Record<string, number>,
    private readonly zero: { readonly array: { fill(v: number, start: number, end: number): unknown }; readonly start: number; readonly stop: number } | undefined,
  ) {
    super(schedule);
    kernel.bind?.(call);
  }

  run(ctx: StepContext): void {
    this.scalars['t'] = ctx.t;
    const zero = this.zero;
    if (zero) zero.array.fill(0, zero.start, zero.stop);
    this.kernel.run(this.call);
  }
}
