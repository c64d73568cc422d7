/**
 * What the connect modes share: the buffer of new pairs, the values connect code sees (i, j, the
 * generator's iteration variable, pre-/postsynaptic variables, constants) for the reference
 * interpreter, and the number of synapses per pair (`n`, a number or an expression per pair).
 *
 * Connect code runs once per candidate, on the host, when `connect()` is called — never in the step
 * loop — so it is interpreted (`evaluate` of @neurite/codegen) rather than compiled.
 */
import {
  checkExpression,
  CONSTANTS,
  DIMENSIONLESS,
  lookupUnit,
  parseExpression,
  throwIfErrors,
  type CheckedModel,
  type Dimension,
  type Expr,
  type ExpressionResult,
  type ExternalSymbol,
  type Namespace,
  type VariableInfo,
} from '@neurite/parser';
import { evaluate, type Environment, type Random, type StateArray } from '@neurite/codegen';
import { ValueError } from '../quantity.js';
import type { SpikeSource } from '../sim-object.js';

export interface ConnectContext {
  /** For messages: `Synapses 'S'`. */
  readonly what: string;
  readonly source: SpikeSource;
  readonly target: SpikeSource;
  readonly namespace: Namespace;
  readonly rng: Random;
  /** The network's time and time step, for conditions that use `t` or `dt`. */
  readonly t: number;
  readonly dt: number;
  /** A synapse model without equations: connect code sees only i, j, N_pre, N_post and pre/post variables. */
  readonly model: CheckedModel;
  readonly pre: CheckedModel;
  readonly post: CheckedModel;
}

/** New synapses, as indices relative to the source and target (arrays of their own: the caller may change them). */
export interface Pairs {
  readonly i: Int32Array;
  readonly j: Int32Array;
}

/** Synapses per pair: one number for every pair, or an expression evaluated per pair. */
export type PairCount = number | ((i: number, j: number) => number);

/** New pairs, in creation order: sized ahead where the count is about known, grown by doubling past that. */
export class PairBuffer {
  private a: Int32Array;
  private b: Int32Array;
  length = 0;

  /**
   * `expected`: about how many pairs will come (a hint; more still fit). Sized to it at once,
   * the buffer is not grown by doubling and copying — for CUBA 40 000's 3.2 M synapses, thirteen
   * doublings allocated and zeroed ~64 MB (~0.13 s of a ~0.43 s build).
   */
  constructor(expected = 0) {
    const capacity = Math.max(1024, Math.ceil(expected));
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
  }

  /** Appends `count` synapses (or `count(i, j)`) from `i` to `j`. */
  push(i: number, j: number, count: PairCount): void {
    const n = typeof count === 'number' ? count : count(i, j);
    this.reserve(n);
    for (let k = 0; k < n; k++) {
      this.a[this.length] = i;
      this.b[this.length++] = j;
    }
  }

  /** Appends the pairs from `i` to each of `js[0 .. m)`, in that order, `count` synapses each. */
  pushRow(i: number, js: Int32Array, m: number, count: PairCount): void {
    if (count !== 1) {
      for (let k = 0; k < m; k++) this.push(i, js[k]!, count);
      return;
    }
    // One synapse per pair (the usual case): two native copies instead of a call per synapse.
    this.reserve(m);
    this.a.fill(i, this.length, this.length + m);
    this.b.set(js.subarray(0, m), this.length);
    this.length += m;
  }

  /** The pairs: views of the buffer, which is not written again (no copy of millions of pairs). */
  pairs(): Pairs {
    return { i: this.a.subarray(0, this.length), j: this.b.subarray(0, this.length) };
  }

  private reserve(n: number): void {
    if (this.length + n <= this.a.length) return;
    let cap = this.a.length * 2;
    while (cap < this.length + n) cap *= 2;
    const a = new Int32Array(cap);
    const b = new Int32Array(cap);
    a.set(this.a.subarray(0, this.length));
    b.set(this.b.subarray(0, this.length));
    this.a = a;
    this.b = b;
  }
}

/** The values of a connected group's variable, indexed relative to the (sub)group. */
export function groupView(group: SpikeSource, model: CheckedModel, name: string): StateArray {
  const a = group.array(name);
  return model.variables.get(name)?.shared ? a : a.subarray(group.offset, group.offset + group.N);
}

/** Constant values and functions of the namespace symbols an expression uses. */
export function externalsOf(externals: ReadonlyMap<string, ExternalSymbol>): { constants: Record<string, number>; functions: Record<string, (...args: number[]) => number> } {
  const constants: Record<string, number> = {};
  const functions: Record<string, (...args: number[]) => number> = {};
  for (const s of externals.values()) {
    if (s.kind === 'constant') constants[s.name] = s.value;
    else if (s.implementation) functions[s.name] = s.implementation;
  }
  return { constants, functions };
}

/** The connect model with the generator's iteration variable (an integer, like `i`) added. */
export function withIterationVariable(model: CheckedModel, name: string | undefined): CheckedModel {
  if (name === undefined) return model;
  const info: VariableInfo = { name, origin: 'internal', dim: DIMENSIONLESS, type: 'integer', shared: false, readOnly: true, flags: [] };
  return { ...model, variables: new Map([...model.variables, [name, info]]) };
}

/** Checks connect code (throws a code frame on errors) and returns the checked expression. */
export function checkConnectCode(
  ctx: ConnectContext,
  model: CheckedModel,
  parsed: ExpressionResult,
  expect: 'boolean' | Dimension,
  what: string,
  origin: string,
): { readonly expr: Expr; readonly externals: ReadonlyMap<string, ExternalSymbol>; readonly integer: boolean } {
  const r = throwIfErrors(checkExpression(parsed, model, { expect, what, namespace: ctx.namespace, pre: ctx.pre, post: ctx.post }), origin);
  return { expr: r.expr!, externals: r.externals, integer: r.inferred?.type === 'integer' };
}

/** Every name an expression reads, with the span of its first use. */
export function namesIn(e: Expr, out = new Map<string, Expr>()): Map<string, Expr> {
  switch (e.kind) {
    case 'name':
      if (!out.has(e.name)) out.set(e.name, e);
      break;
    case 'unary':
      namesIn(e.operand, out);
      break;
    case 'binary':
      namesIn(e.left, out);
      namesIn(e.right, out);
      break;
    case 'call':
      for (const a of e.args) namesIn(a, out);
      break;
    default:
      break;
  }
  return out;
}

/** Does the expression draw random numbers? */
export function drawsRandom(e: Expr): boolean {
  switch (e.kind) {
    case 'call':
      return e.callee === 'rand' || e.callee === 'randn' || e.callee === 'poisson' || e.args.some(drawsRandom);
    case 'unary':
      return drawsRandom(e.operand);
    case 'binary':
      return drawsRandom(e.left) || drawsRandom(e.right);
    default:
      return false;
  }
}

/**
 * Which connected group a name in connect code reads, as the checker resolves it: `x_pre` the
 * source, `x_post` and (as in Brian) a bare name the synapses don't define the target; undefined for
 * indices, counts, constants and units.
 */
export function sideOf(ctx: ConnectContext, model: CheckedModel, name: string): 'pre' | 'post' | undefined {
  if (model.variables.has(name)) return undefined;
  const m = /^(.+)_(pre|post)$/.exec(name);
  if (m) return (m[2] === 'pre' ? ctx.pre : ctx.post).variables.has(m[1]!) ? (m[2] as 'pre' | 'post') : undefined;
  const info = ctx.post.variables.get(name);
  return info && info.origin !== 'internal' ? 'post' : undefined;
}

type Reader = () => number;

/**
 * The values connect code sees, for the interpreter: set `i`, `j` and `inner` (the iteration
 * variable) before each evaluation. Names resolve as the checker resolved them (see {@link sideOf});
 * readers are cached per name.
 */
export class ConnectEnvironment implements Environment {
  i = 0;
  j = 0;
  inner = 0;
  readonly random: Random;
  private readonly readers = new Map<string, Reader | null>();
  private readonly constants: Record<string, number>;
  private readonly functions: Record<string, (...args: number[]) => number>;

  constructor(
    private readonly ctx: ConnectContext,
    private readonly model: CheckedModel,
    private readonly innerName: string | undefined,
    externals: ReadonlyMap<string, ExternalSymbol>,
  ) {
    this.random = ctx.rng;
    ({ constants: this.constants, functions: this.functions } = externalsOf(externals));
  }

  readonly get = (name: string): number | undefined => {
    let r = this.readers.get(name);
    if (r === undefined) {
      r = this.reader(name);
      this.readers.set(name, r);
    }
    return r === null ? undefined : r();
  };

  readonly call = (name: string, args: readonly number[]): number | undefined => this.functions[name]?.(...args);

  /** Whether connect code can read `name` (synaptic variables such as `delay` or `N_incoming` it cannot: no synapse exists yet). */
  knows(name: string): boolean {
    let r = this.readers.get(name);
    if (r === undefined) {
      r = this.reader(name);
      this.readers.set(name, r);
    }
    return r !== null;
  }

  private reader(name: string): Reader | null {
    const { ctx } = this;
    if (name === this.innerName) return () => this.inner;
    switch (name) {
      case 'i':
        return () => this.i;
      case 'j':
        return () => this.j;
      case 'N_pre':
        return () => ctx.source.N;
      case 'N_post':
      case 'N':
        return () => ctx.target.N;
      case 't':
        return () => ctx.t;
      case 'dt':
        return () => ctx.dt;
      default:
        break;
    }
    const side = sideOf(ctx, this.model, name);
    if (side) {
      const group = side === 'pre' ? ctx.pre : ctx.post;
      const variable = /_(pre|post)$/.test(name) && group.variables.has(name.replace(/_(pre|post)$/, '')) ? name.replace(/_(pre|post)$/, '') : name;
      const values = groupView(side === 'pre' ? ctx.source : ctx.target, group, variable);
      if (group.variables.get(variable)!.shared) return () => values[0]!;
      return side === 'pre' ? () => values[this.i]! : () => values[this.j]!;
    }
    if (name in this.constants) {
      const v = this.constants[name]!;
      return () => v;
    }
    const c = CONSTANTS.get(name) ?? lookupUnit(name)?.scale;
    return c === undefined ? null : () => c;
  }
}

/**
 * The number of synapses per pair: `n` as a number, or an expression of `i`, `j` and pre-/post-
 * synaptic variables (Brian's string `n`), evaluated for each pair that is created.
 */
export function pairCount(ctx: ConnectContext, n: number | string | undefined): PairCount {
  if (n === undefined) return 1;
  if (typeof n === 'number') {
    if (!Number.isInteger(n) || n < 0) throw new ValueError(`${ctx.what}: connect(): n must be a non-negative integer, not ${n}`);
    return n;
  }
  const origin = `${ctx.what}, connect(n)`;
  const checked = checkConnectCode(ctx, ctx.model, parseExpression(n), DIMENSIONLESS, 'the number of synapses n', origin);
  if (!checked.integer) throw new ValueError(`${ctx.what}: connect(): n = '${n}' must be an integer expression (of i, j and pre-/postsynaptic variables), e.g. 'i + 1' or 'int(2*x_pre)'`);
  const env = new ConnectEnvironment(ctx, ctx.model, undefined, checked.externals);
  for (const name of namesIn(checked.expr).keys()) {
    if (!env.knows(name)) throw new ValueError(`${ctx.what}: connect(): n = '${n}' cannot refer to '${name}'; it may use i, j, N_pre, N_post, pre-/postsynaptic variables and constants`);
  }
  return (i, j) => {
    env.i = i;
    env.j = j;
    const v = evaluate(checked.expr, env);
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`${ctx.what}: connect(): n = '${n}' is ${v} for i = ${i}, j = ${j}; it must be a non-negative integer; no synapses were created`);
    return v;
  };
}
