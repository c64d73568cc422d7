/**
 * The context in which a network's objects replicate themselves into one batched network
 * (`net.runBatch`): B independent copies side by side, each group B times larger, each Synapses
 * object block-diagonal, each monitor one per copy.
 *
 * Layout invariant: copy `c` of an original group of N elements is elements `c*N .. (c+1)*N` of
 * its replica, in the original order; copy `c` of a Synapses object with S synapses is synapses
 * `c*S .. (c+1)*S` of its replica, in the original order. Because copies never share an element
 * or a synapse and each keeps its order, every sum a copy does (a neuron's synaptic input) adds the
 * same terms in the same order as the original would: a deterministic copy is bit-identical to the
 * original run with that copy's parameter values.
 */
import { formatDimension, parseQuantity, resolveNamespaceValue, DIMENSIONLESS, type Dimension, type Namespace } from '@neurite/parser';
import { toSI, ValueError, type QuantityLike } from '../quantity.js';
import type { SpikeSource } from '../sim-object.js';
import { Subgroup } from '../groups/subgroup.js';
import type { Network } from '../network.js';

/** Per-copy values of one parameter: numbers in SI units, or quantity strings (`'5 ms'`). */
export type BatchValues = ArrayLike<number> | readonly QuantityLike[];

/** Where an original spike source lies in the batched network. */
export interface Placement {
  /** The batched object the copies live in. */
  readonly replica: SpikeSource & { readonly name: string };
  /** Elements per copy in `replica` (the original's root group size). */
  readonly stride: number;
  /** First element of the original within a copy (non-zero for a subgroup). */
  readonly start: number;
  /** The original is a subgroup: copies are not contiguous in the replica. */
  readonly partial: boolean;
}

/** What a batched object needs to know about one parameter. */
export interface BatchParameter {
  readonly name: string;
  /** The key in runBatch's `params` it comes from (`'tau'`, or `'G.tau'` for one object's). */
  readonly key: string;
  readonly dim: Dimension;
  /** One SI value per copy. */
  readonly values: Float64Array;
}

/** The per-copy parameters an object uses: new per-element parameters, and its own variables. */
export interface ParameterUse {
  /** Namespace constants the object's code uses, to be declared as per-element parameters. */
  readonly declare: readonly BatchParameter[];
  /** The object's own variables that take per-copy values. */
  readonly assign: readonly BatchParameter[];
}

/** Names whose meaning changes when copies are laid side by side (indices, sizes). */
const POSITIONAL = ['i', 'j', 'N', 'N_pre', 'N_post', 'N_incoming', 'N_outgoing'] as const;

export class Batch {
  private readonly places = new Map<object, Placement>();
  private readonly replicas = new Map<object, object>();
  private readonly perCopy = new Map<object, readonly object[]>();
  /** Parameters not (yet) used by any object, for the error on an unused name. */
  private readonly unused: Set<string>;
  private readonly params: ReadonlyMap<string, BatchValues>;
  /** Constants turned into per-element parameters (by some object). */
  private readonly declared = new Set<string>();
  /** Where each parameter's values were written (by its key in `params`), for {@link valuesWriter}. */
  private readonly fills = new Map<string, FillUse[]>();

  constructor(
    /** Number of copies, at least 1. */
    readonly copies: number,
    params: Readonly<Record<string, BatchValues>>,
    /** The network the replicas are added to. */
    readonly network: Network,
    /** The run's namespace, where namespace constants may be defined. */
    private readonly runNamespaceGiven: Namespace,
    /** Each copy draws from a generator of its own (`runBatch({ seeds })`). */
    readonly seeded = false,
    /** The call that made the batch, for error messages (`'runBatch'` or `'net.batched'`). */
    private readonly api = 'runBatch',
  ) {
    this.params = new Map(Object.entries(params));
    this.unused = new Set(this.params.keys());
  }

  /** Thrown when an object cannot be batched; says why and what to do instead. */
  unsupported(who: string, why: string): ValueError {
    return new ValueError(`${this.api} cannot copy ${who}: it ${why}. Run the copies one by one (net.restore() + net.run()), or on threads with sweep() from '@neurite/runtime/sweep'`);
  }

  /**
   * Throws if `texts` (model, conditions, code) use the element index or a group size: in a batch
   * they would count the elements of all copies, not of one.
   */
  checkCode(who: string, texts: readonly (string | undefined)[]): void {
    for (const text of texts) {
      if (text === undefined) continue;
      const names = identifiers(text);
      const hit = POSITIONAL.find((n) => names.has(n));
      if (hit !== undefined) throw this.unsupported(who, `uses '${hit}' in '${text.trim()}' (in a batch it would count the elements of all copies)`);
    }
  }

  /**
   * The per-copy parameters an object uses. A parameter named like one of the object's stored
   * variables (`variableDim` gives its unit) sets that variable in each copy; otherwise, if the object's code (`texts`)
   * uses the name, it was a namespace constant (from `namespace` or the run's) and becomes a
   * per-element parameter of the replica. A name with a dot (`'G.tau'`) applies to the object of
   * that name only.
   */
  parametersOf(objectName: string, texts: readonly (string | undefined)[], variableDim: (name: string) => Dimension | undefined, namespace: Namespace | undefined): ParameterUse {
    const used = new Set<string>();
    for (const t of texts) if (t !== undefined) for (const n of identifiers(t)) used.add(n);
    const declare: BatchParameter[] = [];
    const assign: BatchParameter[] = [];
    for (const [key, given] of this.params) {
      const dot = key.indexOf('.');
      if (dot >= 0 && key.slice(0, dot) !== objectName) continue;
      const name = dot >= 0 ? key.slice(dot + 1) : key;
      const own = variableDim(name);
      const what = `${this.api}: params['${key}']`;
      if (own !== undefined) {
        assign.push({ name, key, dim: own, values: this.valuesOf(given, own, what) });
      } else if (used.has(name) && dot < 0) {
        const dim = this.constantDim(name, namespace, given);
        declare.push({ name, key, dim, values: this.valuesOf(given, dim, what) });
        this.declared.add(name);
      } else if (dot >= 0) {
        throw new ValueError(`${what}: '${objectName}' has no variable '${name}'`);
      } else continue;
      this.unused.delete(key);
    }
    return { declare, assign };
  }

  /** The first plain parameter name (not `'G.x'`) that `texts` use, if any. */
  parameterUsedIn(texts: readonly string[]): string | undefined {
    const used = new Set(texts.flatMap((t) => [...identifiers(t)]));
    return [...this.params.keys()].find((k) => !k.includes('.') && used.has(k));
  }

  /**
   * Model lines declaring `params` as per-element parameters (`tau : second (constant)`):
   * constant, as the namespace constants they replace were — no code can write them, and the
   * group computes expressions of them (`exp(-dt/tau)`) once per run, not every step.
   */
  static declarations(params: readonly BatchParameter[]): string {
    return params.map((p) => `\n${p.name} : ${formatDimension(p.dim)} (constant)`).join('');
  }

  /** `namespace` without the names that became parameters. */
  static without(namespace: Namespace | undefined, params: readonly BatchParameter[]): Namespace | undefined {
    if (namespace === undefined || params.length === 0) return namespace;
    const out: Record<string, Namespace[string]> = { ...namespace };
    for (const p of params) delete out[p.name];
    return out;
  }

  /** The run's namespace as given to runBatch. */
  get namespace(): Namespace {
    return this.runNamespaceGiven;
  }

  /**
   * The run's namespace (`given`, by default the one the batch was made with) without the
   * constants that became per-copy parameters of some object.
   */
  runNamespace(given: Namespace = this.runNamespaceGiven): Namespace {
    const out: Record<string, Namespace[string]> = { ...given };
    for (const name of this.declared) delete out[name];
    return out;
  }

  /**
   * Fills copy c's `perCopy` elements of the array `target()` returns with the parameter's value
   * for copy c, and remembers where, so that {@link valuesWriter} can give the copies other values
   * later (a BatchedNetwork run with new `params`). `target` is called again then: it
   * must return the array where the values live at that time.
   */
  fill(target: () => FillTarget, param: BatchParameter, perCopy: number): void {
    fillCopies(target(), param.values, perCopy);
    let uses = this.fills.get(param.key);
    if (uses === undefined) this.fills.set(param.key, (uses = []));
    uses.push({ target, dim: param.dim, perCopy });
  }

  /**
   * Checks new values of parameters named when the batch was made (the keys of its `params`) and
   * returns what writes them into the copies (names not given are left as they are). Throws for an
   * unknown name, a wrong count or a value in the wrong unit — before anything is written.
   */
  valuesWriter(params: Readonly<Record<string, BatchValues>>): () => void {
    const updates: { uses: readonly FillUse[]; values: Float64Array[] }[] = [];
    for (const [key, given] of Object.entries(params)) {
      const uses = this.fills.get(key);
      if (uses === undefined) {
        const known = [...this.fills.keys()].map((k) => `'${k}'`).join(', ') || 'none';
        throw new ValueError(`BatchedNetwork: params['${key}'] was not a parameter when the batch was made (its parameters: ${known}); make a new batch with net.batched({ params }) to sweep another name`);
      }
      updates.push({ uses, values: uses.map((u) => this.valuesOf(given, u.dim, `BatchedNetwork: params['${key}']`)) });
    }
    return () => {
      for (const { uses, values } of updates) uses.forEach((u, k) => fillCopies(u.target(), values[k]!, u.perCopy));
    };
  }

  /** `values` (one copy's state) repeated for every copy, into `target` (copies × values.length). */
  tile(target: { set(a: ArrayLike<number>, offset: number): void }, values: ArrayLike<number>): void {
    for (let c = 0; c < this.copies; c++) target.set(values, c * values.length);
  }

  // --- objects and their replicas ----------------------------------------------------------------

  /** Records the replica of a group-like object (its copies are contiguous, `stride` elements each). */
  placeGroup(original: object, replica: SpikeSource & { readonly name: string }, stride: number): void {
    this.places.set(original, { replica, stride, start: 0, partial: false });
    this.replicas.set(original, replica);
  }

  /** Records the replica of a non-group object (Synapses). */
  placeObject(original: object, replica: object): void {
    this.replicas.set(original, replica);
  }

  /** Records the per-copy objects standing for one original (monitors). */
  placeCopies(original: object, copies: readonly object[]): void {
    this.perCopy.set(original, copies);
  }

  /** Where an original source (group, subgroup) lies in the batched network. */
  place(source: SpikeSource, who: string): Placement {
    const direct = this.places.get(source);
    if (direct) return direct;
    if (source instanceof Subgroup) {
      const parent = this.place(source.parent, who);
      return { replica: parent.replica, stride: parent.stride, start: parent.start + source.start, partial: true };
    }
    throw this.unsupported(who, `uses '${source.name}', which is not part of the batch (is it in this network?)`);
  }

  /** Copy c of an original source, as a spike source (a slice of its replica). */
  slice(source: SpikeSource, c: number, who: string): SpikeSource {
    const p = this.place(source, who);
    const start = c * p.stride + p.start;
    return new Subgroup(p.replica, start, start + source.N);
  }

  /** The replica of an original object (its copies side by side). */
  replicaOf<T>(original: T): T | undefined {
    return this.replicas.get(original as object) as T | undefined;
  }

  /** The per-copy objects of an original monitor. */
  copiesOf<T>(original: T): readonly T[] | undefined {
    return this.perCopy.get(original as object) as readonly T[] | undefined;
  }

  /** Throws for a parameter no object used. */
  checkAllUsed(): void {
    const [first] = this.unused;
    if (first !== undefined) throw new ValueError(`${this.api}: params['${first}'] is not used: no object has a variable '${first}' or uses a constant of that name (name a variable, 'group.variable', or a namespace constant the model uses)`);
  }

  private valuesOf(given: BatchValues, dim: Dimension, what: string): Float64Array {
    if (given.length !== this.copies) throw new ValueError(`${what}: expected one value per copy (${this.copies}), got ${given.length}`);
    return Float64Array.from({ length: this.copies }, (_, c) => toSI(given[c] as QuantityLike, dim, `${what}[${c}]`));
  }

  /** The unit of a namespace constant turned parameter: from the namespace, else from the values. */
  private constantDim(name: string, own: Namespace | undefined, given: BatchValues): Dimension {
    const value = own?.[name] ?? this.runNamespaceGiven[name];
    if (value !== undefined) {
      const r = resolveNamespaceValue(name, value);
      if ('symbol' in r && r.symbol.kind === 'constant') return r.symbol.dim;
    }
    const first = given[0] as QuantityLike | undefined;
    if (typeof first === 'string') return parseQuantity(first).quantity?.dim ?? DIMENSIONLESS;
    if (first !== undefined && typeof first === 'object') return first.dim;
    return DIMENSIONLESS;
  }
}

/** An array that per-copy values are written into. */
type FillTarget = { fill(v: number, start: number, end: number): unknown };

/** Where one parameter's values were written (see Batch.fill). */
interface FillUse {
  readonly target: () => FillTarget;
  readonly dim: Dimension;
  readonly perCopy: number;
}

/** Copy c's `perCopy` elements of `target` set to `values[c]`. */
function fillCopies(target: FillTarget, values: Float64Array, perCopy: number): void {
  for (let c = 0; c < values.length; c++) target.fill(values[c]!, c * perCopy, (c + 1) * perCopy);
}

/** The name of copy c of a monitor in the batched network. */
export function copyName(name: string, c: number): string {
  return `${name}_copy${c}`;
}

/** The identifiers of a piece of code (a cheap lexical scan: names are what code can refer to). */
function identifiers(text: string): Set<string> {
  return new Set(text.replace(/#[^\n]*/g, '').match(/[A-Za-z_]\w*/g) ?? []);
}
