/**
 * PoissonGroup: N independent Poisson spike trains. As in Brian (brian2/input/poissongroup.py) it
 * is a group with a `rates` variable (stored if given as a value or an array, a subexpression if
 * given as an expression such as `'stimulus(t)'` or `'10*Hz + 5*Hz*i'`) and the threshold
 * `rand() < rates*dt` in the `thresholds` slot: at most one spike per element and step.
 *
 * It is built on a NeuronGroup with the model `rates : Hz` (or `rates = <expr> : Hz`), so
 * expressions are checked and compiled like any model, may use `t`, `i`, namespace constants and
 * TimedArrays, and take the run's namespace for names the group's own namespace does not define.
 */
import { EquationError, parseQuantity, sameDim, type GroupVariables, type Namespace, type Quantity } from '@neurite/parser';
import type { Random } from '@neurite/codegen';
import { NeuronGroup } from '../groups/neuron-group.js';
import type { Batch } from '../batch/batch.js';
import { Subgroup } from '../groups/subgroup.js';
import { ValueError } from '../quantity.js';
import { slotRank, type When } from '../schedule.js';
import type { Operation, RunContext, SimObject, SpikeSource } from '../sim-object.js';
import { HERTZ } from '../units.js';
import type { Storage } from '../variables.js';

/** A rate (`'10 Hz'`, a quantity, or a number in Hz), one rate per element (Hz), or an expression. */
export type PoissonRates = number | string | Quantity | ArrayLike<number>;

export interface PoissonGroupOptions {
  readonly namespace?: Namespace;
  readonly name?: string;
  /** Schedule slot of the spike generation, default `'thresholds'`. */
  readonly when?: When;
  readonly order?: number;
}

type Rates = { readonly kind: 'values'; readonly values: number | ArrayLike<number> } | { readonly kind: 'expression'; readonly expr: string };

export class PoissonGroup implements SimObject, SpikeSource {
  readonly offset = 0;
  private readonly group: NeuronGroup;
  private readonly ratesSpec: Rates;
  private ops: Operation[] = [];

  constructor(
    readonly N: number,
    rates: PoissonRates,
    readonly name: string,
    private readonly options: PoissonGroupOptions,
    network: { readonly dt: number; readonly rng: Random; periodOf(dt: number, what: string): number },
  ) {
    if (!Number.isInteger(N) || N < 1) throw new ValueError(`PoissonGroup '${name}': N must be a positive integer, not ${N}`);
    if (options.when !== undefined) slotRank(options.when);
    this.ratesSpec = parseRates(rates, N, name);
    const model = this.ratesSpec.kind === 'values' ? 'rates : Hz' : `rates = ${this.ratesSpec.expr} : Hz`;
    this.group = this.wrap(
      () =>
        new NeuronGroup(N, model, name, { threshold: 'rand() < rates*dt', ...(options.namespace ? { namespace: options.namespace } : {}), ...(options.order !== undefined ? { order: options.order } : {}) }, network),
    );
    if (this.ratesSpec.kind === 'values') this.set('rates', this.ratesSpec.values);
  }

  // --- SpikeSource ----------------------------------------------------------------------------------

  get spikes(): Int32Array {
    return this.group.spikes;
  }

  get spikeCount(): number {
    return this.group.spikeCount;
  }

  spikesAt(_tick: number): number {
    return this.group.spikeCount;
  }

  get variables(): GroupVariables {
    return this.group.variables;
  }

  array(name: string): Storage {
    return this.group.array(name);
  }

  get kernelScalars(): Readonly<Record<string, number>> | undefined {
    return this.group.kernelScalars;
  }

  get kernelFunctions(): Readonly<Record<string, (...args: number[]) => number>> | undefined {
    return this.group.kernelFunctions;
  }

  // --- user API -------------------------------------------------------------------------------------

  /** The rates in Hz, one per element (an expression is evaluated at t = 0 outside a run). */
  get rates(): Float64Array {
    return this.group.get('rates');
  }

  /**
   * Sets the rates of a group created with values (not with an expression): a rate for all
   * (`'20 Hz'` or a number in Hz), or one number per element (Hz). `rates` is its only variable.
   */
  set(variable: 'rates', value: number | string | Quantity | ArrayLike<number>): void {
    if (variable !== 'rates') throw new ValueError(`PoissonGroup '${this.name}' has no variable '${String(variable)}'; its only variable is 'rates'`);
    if (this.ratesSpec.kind === 'expression') {
      throw new ValueError(`PoissonGroup '${this.name}': its rates are the expression '${this.ratesSpec.expr}'; create the group with values to set them`);
    }
    const spec = parseRates(value, this.N, this.name);
    if (spec.kind === 'expression') throw new ValueError(`PoissonGroup '${this.name}': '${spec.expr}' is not a rate; give a rate such as '20 Hz', a number in Hz, or ${this.N} numbers`);
    this.group.set('rates', spec.values);
  }

  /** A copy of the rates in Hz (`'rates'` is the only variable). */
  get(variable: 'rates'): Float64Array {
    if (variable !== 'rates') throw new ValueError(`PoissonGroup '${this.name}' has no variable '${String(variable)}'; its only variable is 'rates'`);
    return this.group.get('rates');
  }

  /** Elements `start <= i < stop` as a spike source of their own. */
  slice(start: number, stop: number): Subgroup {
    return new Subgroup(this, start, stop);
  }

  /**
   * Adds this group's copies to a batch (see `Network.runBatch`): `copies × N` trains with the
   * same rates (a rates expression may not use `i` or `N`, which would count all copies).
   */
  replicate(batch: Batch): void {
    const who = `PoissonGroup '${this.name}'`;
    const spec = this.ratesSpec;
    if (spec.kind === 'expression') {
      batch.checkCode(who, [spec.expr]);
      const param = batch.parameterUsedIn([spec.expr]);
      if (param !== undefined) throw batch.unsupported(who, `uses the batch parameter '${param}' in its rates (rates cannot differ per copy)`);
    }
    const rates: PoissonRates = spec.kind === 'expression' ? spec.expr : new Float64Array(this.N * batch.copies);
    const replica = batch.network.poissonGroup(this.N * batch.copies, rates, { ...this.options, name: this.name });
    if (spec.kind === 'values') {
      const tiled = new Float64Array(this.N * batch.copies);
      batch.tile(tiled, this.group.array('rates'));
      replica.set('rates', tiled);
    }
    batch.placeGroup(this, replica, this.N);
  }

  // --- network protocol -------------------------------------------------------------------------------

  prepare(run: RunContext): void {
    this.wrap(() => this.group.prepare(run));
    const when = this.options.when;
    // The group has no differential equations: only the thresholder does any work.
    this.ops = this.group
      .operations()
      .filter((op) => op.name.endsWith('_thresholder'))
      .map((op) => (when === undefined ? op : { ...op, when }));
  }

  operations(): readonly Operation[] {
    return this.ops;
  }

  snapshot(): unknown {
    return this.group.snapshot();
  }

  restore(snapshot: unknown): void {
    this.group.restore(snapshot);
  }

  /** Reports model errors as this group's, with the rates expression in the code frame. */
  private wrap<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof EquationError) throw new EquationError(e.diagnostics, e.source, `PoissonGroup '${this.name}', rates`);
      throw e;
    }
  }
}

function parseRates(rates: PoissonRates, N: number, name: string): Rates {
  const what = `PoissonGroup '${name}': rates`;
  if (typeof rates === 'number') {
    if (!Number.isFinite(rates) || rates < 0) throw new ValueError(`${what} must be a non-negative number of Hz, not ${rates}`);
    return { kind: 'values', values: rates };
  }
  if (typeof rates === 'string') {
    const q = parseQuantity(rates).quantity;
    if (!q) {
      if (/[\n#;]/.test(rates)) throw new ValueError(`${what}: '${rates}' must be a single expression (no newlines, ';' or comments)`);
      return { kind: 'expression', expr: rates };
    }
    return { kind: 'values', values: checkRate(q, rates, what) };
  }
  if (isQuantity(rates)) return { kind: 'values', values: checkRate(rates, String(rates.value), what) };
  if (rates.length !== N) throw new ValueError(`${what}: expected ${N} rates (one per element, in Hz), got ${rates.length}`);
  const values = Float64Array.from(rates as ArrayLike<number>);
  for (let k = 0; k < values.length; k++) {
    const r = values[k]!;
    if (!Number.isFinite(r) || r < 0) throw new ValueError(`${what}: rate ${k} is ${r}; rates must be non-negative numbers of Hz`);
  }
  return { kind: 'values', values };
}

function checkRate(q: Quantity, text: string, what: string): number {
  if (!sameDim(q.dim, HERTZ)) throw new ValueError(`${what} must be a rate in Hz, but '${text}' is not; write e.g. '10 Hz'`);
  if (!(q.value >= 0) || !Number.isFinite(q.value)) throw new ValueError(`${what} must be non-negative, not '${text}'`);
  return q.value;
}

function isQuantity(v: unknown): v is Quantity {
  return typeof v === 'object' && v !== null && typeof (v as Quantity).value === 'number' && Array.isArray((v as Quantity).dim);
}
