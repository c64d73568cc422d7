/**
 * PoissonInput: the summed effect of N independent Poisson inputs of one rate on a variable of
 * every element of a group, without creating the inputs (Brian's brian2/input/poissoninput.py).
 * Every step (slot `synapses`), each element independently gets `k·weight` added to the target
 * variable, k drawn from Binomial(N, rate·dt) — Brian's `BinomialFunction` (binomial.py):
 *
 * - when `N·p > 5` and `N·(1-p) > 5`, the normal approximation `N·p + sqrt(N·p·(1-p))·randn()`,
 *   not rounded (as in Brian);
 * - otherwise the exact binomial by inversion (Brian's copy of numpy's `rk_binomial_inversion`,
 *   one uniform per draw in the common case).
 *
 * `weight` is a quantity (`'0.1 mV'`, a number in the target's SI unit) or an expression in the
 * target's context (`'w0*(1 + i/N)'`), evaluated per element each step. The target may be a group
 * or a slice of one.
 */
import { jsBackend, type CompiledKernel, type Random } from '@neurite/codegen';
import {
  checkExpression,
  checkStatements,
  DIMENSIONLESS,
  formatDimension,
  parseExpression,
  parseQuantity,
  parseStatements,
  sameDim,
  throwIfErrors,
  type CheckedModel,
  type ExternalFunction,
  type ExternalSymbol,
  type Namespace,
  type NamespaceValue,
  type Quantity,
} from '@neurite/parser';
import { lowerStatements } from '@neurite/codegen';
import { namespaceSignature } from '../groups/namespace.js';
import { toSI, ValueError, type QuantityLike } from '../quantity.js';
import { slotRank, type When } from '../schedule.js';
import type { Operation, RunContext, SimObject, SpikeSource } from '../sim-object.js';
import { copyName, type Batch } from '../batch/batch.js';
import type { Monitorable } from '../monitors/state-monitor.js';
import { HERTZ } from '../units.js';
import { bindTimedArrays } from './timed-array.js';
import { KernelOp } from '../operations/kernel-ops.js';
import { record } from '../kernel-records.js';

export interface PoissonInputOptions {
  readonly name?: string;
  /** Schedule slot, default `'synapses'`. */
  readonly when?: When;
  readonly order?: number;
  /** Names a weight expression may use beyond the target's model and the run's namespace. */
  readonly namespace?: Namespace;
}

/**
 * Binomial(n, p) as Brian's BinomialFunction: normal approximation when n·p > 5 and n·(1-p) > 5,
 * exact inversion otherwise. Draws from the given generator only.
 */
export class BinomialSampler {
  readonly useNormal: boolean;
  private readonly loc: number;
  private readonly scale: number;
  private readonly reverse: boolean;
  private readonly P: number;
  private readonly q: number;
  private readonly qn: number;
  private readonly bound: number;

  constructor(
    readonly n: number,
    readonly p: number,
  ) {
    if (!Number.isInteger(n) || n < 0) throw new ValueError(`binomial: n must be a non-negative integer, not ${n}`);
    if (!(p >= 0 && p <= 1)) throw new ValueError(`binomial: p must lie in [0, 1], not ${p}`);
    this.useNormal = n * p > 5 && n * (1 - p) > 5;
    this.loc = n * p;
    this.scale = Math.sqrt(n * p * (1 - p));
    this.reverse = p > 0.5;
    this.P = this.reverse ? 1 - p : p;
    this.q = 1 - this.P;
    this.qn = Math.exp(n * Math.log(this.q));
    this.bound = Math.min(n, n * this.P + 10 * Math.sqrt(n * this.P * this.q + 1));
  }

  sample(rng: Random): number {
    if (this.useNormal) return rng.normal() * this.scale + this.loc;
    const { n, P, q, qn, bound } = this;
    let x = 0;
    let px = qn;
    let u = rng.uniform();
    while (u > px) {
      x++;
      if (x > bound) {
        x = 0;
        px = qn;
        u = rng.uniform();
      } else {
        u -= px;
        px = ((n - x + 1) * P * px) / (x * q);
      }
    }
    return this.reverse ? n - x : x;
  }
}

interface Compiled {
  readonly kernel: CompiledKernel;
  readonly arrays: Record<string, Float64Array | Int32Array | Uint8Array>;
}

export class PoissonInput implements SimObject {
  /** The rate of each input, in Hz. */
  readonly rate: number;
  private readonly weight: { readonly kind: 'quantity'; readonly value: number } | { readonly kind: 'expression'; readonly expr: string };
  private readonly weightGiven: QuantityLike;
  private readonly binomialName: string;
  private readonly weightName: string;
  private readonly binomial: ExternalFunction;
  private sampler: BinomialSampler | undefined;
  private rng: Random | undefined;
  private readonly cache = new Map<string, Compiled>();
  private ops: Operation[] = [];

  constructor(
    readonly target: Monitorable,
    readonly targetVar: string,
    readonly N: number,
    rate: QuantityLike,
    weight: QuantityLike,
    readonly name: string,
    private readonly options: PoissonInputOptions = {},
  ) {
    this.weightGiven = weight;
    const what = `PoissonInput '${name}'`;
    if (!Number.isInteger(N) || N < 0) throw new ValueError(`${what}: N (the number of inputs) must be a non-negative integer, not ${N}`);
    if (options.when !== undefined) slotRank(options.when);
    this.rate = toSI(rate, HERTZ, `${what}: rate`);
    if (this.rate < 0) throw new ValueError(`${what}: the rate must not be negative, got ${this.rate} Hz`);
    if (typeof weight === 'string' && !parseQuantity(weight).quantity) this.weight = { kind: 'expression', expr: weight };
    else this.weight = { kind: 'quantity', value: weightValue(weight) };
    const id = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+/, '');
    this.binomialName = `${id}_binomial`;
    this.weightName = `${id}_weight`;
    this.binomial = {
      kind: 'function',
      arity: 0,
      argDims: [],
      returnDim: DIMENSIONLESS,
      returnType: 'float',
      implementation: () => this.sampler!.sample(this.rng!),
    };
    // Check the target variable now when the target's model is known (it is for most groups).
    let model: CheckedModel | undefined;
    try {
      model = target.variables as CheckedModel;
    } catch {
      model = undefined;
    }
    if (model) this.checkTarget(model, weight);
  }

  /** The binomial distribution of input spikes per element and step, as of the last run. */
  get distribution(): BinomialSampler | undefined {
    return this.sampler;
  }

  /**
   * Adds this input to a batch (see `Network.runBatch`): on the replica of its target (every copy
   * gets its own draws), or one input per copy when the target is a subgroup.
   */
  replicate(batch: Batch): void {
    const who = `PoissonInput '${this.name}'`;
    if (this.weight.kind === 'expression') {
      batch.checkCode(who, [this.weight.expr]);
      const param = batch.parameterUsedIn([this.weight.expr]);
      if (param !== undefined) throw batch.unsupported(who, `uses the batch parameter '${param}' in its weight`);
    }
    const place = batch.place(this.target as SpikeSource, who);
    // One input per copy where the copies' elements are not contiguous, or where each copy draws
    // from a generator of its own (its binomial draws are not tied to an element: see prepare).
    const perCopy = place.partial || batch.seeded;
    const targets = perCopy ? Array.from({ length: batch.copies }, (_, c) => batch.slice(this.target as SpikeSource, c, who)) : [place.replica];
    targets.forEach((target, c) => {
      const name = perCopy ? copyName(this.name, c) : this.name;
      batch.network.poissonInput(target as Monitorable, this.targetVar, this.N, this.rate, this.weightGiven, { ...this.options, name });
    });
  }

  prepare(run: RunContext): void {
    const what = `PoissonInput '${this.name}'`;
    const model = this.target.variables as CheckedModel;
    this.checkTarget(model, undefined);
    const p = this.rate * run.dt;
    if (p > 1) throw new ValueError(`${what}: rate*dt = ${p} exceeds 1 (rate ${this.rate} Hz, dt ${run.dt} s); use a smaller dt or rate`);
    this.sampler = new BinomialSampler(this.N, p);
    // The generator of the target's first element (in a batch with per-copy seeds, its copy's:
    // such a batch gives each copy an input of its own, see replicate).
    this.rng = run.random(this.target.array(this.targetVar).length).streamFor(this.target.offset);

    const info = model.variables.get(this.targetVar)!;
    const namespace: Record<string, NamespaceValue> = { ...run.namespace };
    for (const [k, s] of model.externals) namespace[k] = symbolValue(s);
    Object.assign(namespace, this.options.namespace ?? {});
    namespace[this.binomialName] = this.binomial;
    if (this.weight.kind === 'quantity') namespace[this.weightName] = { value: this.weight.value, dim: info.dim };
    bindTimedArrays(namespace, run.dt);
    const weightCode = this.weight.kind === 'quantity' ? this.weightName : `(${this.weight.expr})`;
    const code = `${this.targetVar} += ${this.binomialName}()*${weightCode}`;
    const origin = `${what}, weight`;
    const checked = throwIfErrors(checkStatements(parseStatements(code), model, { namespace }), origin);

    const src = this.target;
    const start = src.offset;
    const stop = start + src.N;
    const key = `${start}|${namespaceSignature(namespace)}`;
    let compiled = this.cache.get(key);
    if (!compiled) {
      let condition;
      if (start > 0) {
        const c = checkExpression(parseExpression(`i >= ${start}`), model, { expect: 'boolean', what: 'the slice', namespace });
        condition = throwIfErrors(c, origin).expr!;
      }
      const kernel = jsBackend.compile(lowerStatements({ model, externals: checked.externals }, checked.statements!, { name: this.name, loop: 'range', ...(condition ? { condition } : {}) }));
      const arrays: Compiled['arrays'] = {};
      for (const a of kernel.ir.arrays) arrays[a.name] = src.array(a.name);
      compiled = { kernel, arrays };
      this.cache.set(key, compiled);
    }
    const scalars = record<number>(src.kernelScalars ?? {}, { N: stop, dt: run.dt, t: 0 });
    const externs = record(src.kernelFunctions ?? {});
    for (const s of checked.externals.values()) {
      if (s.kind === 'constant') scalars[s.name] = s.value;
      else if (s.implementation) externs[s.name] = s.implementation;
    }
    const { kernel, arrays } = compiled;
    const call = { arrays, scalars, externs, rng: this.rng }; // built once per run; `t` is read at each call
    this.ops = [new KernelOp({ name: this.name, when: this.options.when ?? 'synapses', order: this.options.order ?? 0, period: 1 }, kernel, call, scalars)];
  }

  operations(): readonly Operation[] {
    return this.ops;
  }

  /** Stateless: the random stream it draws from is stored with the network. */
  snapshot(): unknown {
    return {};
  }

  restore(_snapshot: unknown): void {}

  private checkTarget(model: CheckedModel, weight: QuantityLike | undefined): void {
    const what = `PoissonInput '${this.name}'`;
    const info = model.variables.get(this.targetVar);
    if (!info) {
      const names = [...model.variables.values()].filter((v) => v.origin === 'state' || v.origin === 'parameter').map((v) => v.name);
      throw new ValueError(`${what}: '${this.target.name}' has no variable '${this.targetVar}'; its variables are: ${names.join(', ') || 'none'}`);
    }
    if (info.readOnly || info.type !== 'float' || !(info.origin === 'state' || info.origin === 'parameter')) {
      throw new ValueError(`${what}: '${this.targetVar}' of '${this.target.name}' cannot receive input (it is ${info.origin === 'subexpression' ? 'a subexpression' : info.readOnly ? 'read-only' : `of type ${info.type}`}); target a state variable or parameter`);
    }
    if (weight !== undefined && this.weight.kind === 'quantity') {
      const wDim = weightDim(weight);
      // A plain number is in the target's SI unit (as everywhere in the API).
      if (wDim !== undefined && !sameDim(wDim, info.dim)) {
        throw new ValueError(`${what}: the weight ${typeof weight === 'string' ? `'${weight}'` : String((weight as Quantity).value)} has unit ${formatDimension(wDim)}, but '${this.targetVar}' of '${this.target.name}' has unit ${formatDimension(info.dim)}; give the weight in ${formatDimension(info.dim)}`);
      }
    }
  }
}

function weightValue(w: QuantityLike): number {
  if (typeof w === 'number') return w;
  if (typeof w === 'string') return parseQuantity(w).quantity!.value;
  return w.value;
}

function weightDim(w: QuantityLike): Quantity['dim'] | undefined {
  if (typeof w === 'number') return undefined;
  if (typeof w === 'string') return parseQuantity(w).quantity?.dim;
  return w.dim;
}

function symbolValue(s: ExternalSymbol): NamespaceValue {
  if (s.kind === 'constant') return { value: s.value, dim: s.dim };
  return s;
}

