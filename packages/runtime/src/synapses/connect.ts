/**
 * Synapse creation (Brian's `Synapses.connect`): computes the (i, j) pairs to add, relative to the
 * source and target (subgroup indices), checked in full before anything is created — so an error
 * leaves the synapses as they were.
 *
 * Modes, as in Brian:
 * - `connect()`: all to all;
 * - `connect({ i, j })`: explicit pairs (numbers or arrays, a number broadcast), optionally thinned
 *   by a numeric `p` (one draw per pair);
 * - `connect({ j: 'i' })`: for each presynaptic `i`, one target given by an integer expression of
 *   `i`, `N_pre`, `N_post`, presynaptic variables and constants;
 * - `connect({ condition, p })`: every pair where `condition` holds, each with probability `p`
 *   (a number or an expression, which may use `i`, `j` and pre/post variables). This runs the
 *   `lowerConnect` kernel (JS backend) once per presynaptic neuron, with the network's seeded
 *   generator: the same seed gives the same synapses. A number p is sampled as Brian's
 *   `sample(N_post, p)` does ({@link sampleRow}: geometric jumps, ~N·p draws per row instead of N),
 *   and the condition is tested on the sampled candidates only; an expression p gets one draw per
 *   candidate pair.
 * `n` creates that many synapses per chosen pair. `skipIfInvalid` drops out-of-range pairs
 * instead of failing.
 */
import {
  ast,
  checkExpression,
  CONSTANTS,
  DIMENSIONLESS,
  lookupUnit,
  parseExpression,
  span,
  throwIfErrors,
  type CheckedModel,
  type Expr,
  type ExternalSymbol,
  type Namespace,
} from '@neurite/parser';
import { evaluate, jsBackend, lowerConnect, type Random, type StateArray } from '@neurite/codegen';
import { ValueError } from '../quantity.js';
import type { SpikeSource } from '../sim-object.js';

export interface ConnectOptions {
  /** A condition on `i`, `j` and pre-/postsynaptic variables (`'i != j'`), or `true` / `false`. */
  readonly condition?: string | boolean;
  /** Presynaptic indices (with `j`). */
  readonly i?: number | ArrayLike<number>;
  /** Postsynaptic indices (with `i`), or an integer expression of `i` (`'i'`, `'N_post - 1 - i'`). */
  readonly j?: number | ArrayLike<number> | string;
  /** Probability of each candidate pair: a number, or an expression (with `condition`). Default 1. */
  readonly p?: number | string;
  /** Synapses per chosen pair (multisynapses). Default 1. */
  readonly n?: number;
  /** Drop pairs with an index out of range instead of failing. */
  readonly skipIfInvalid?: boolean;
  /** Names the Synapses' own namespace does not define. */
  readonly namespace?: Namespace;
}

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

/** New synapses, as indices relative to the source and target. */
export interface Pairs {
  readonly i: Int32Array;
  readonly j: Int32Array;
}

class PairBuffer {
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  length = 0;

  push(i: number, j: number, n: number): void {
    if (this.length + n > this.a.length) {
      let cap = this.a.length * 2;
      while (cap < this.length + n) cap *= 2;
      const a = new Int32Array(cap);
      const b = new Int32Array(cap);
      a.set(this.a.subarray(0, this.length));
      b.set(this.b.subarray(0, this.length));
      this.a = a;
      this.b = b;
    }
    for (let k = 0; k < n; k++) {
      this.a[this.length] = i;
      this.b[this.length++] = j;
    }
  }

  pairs(): Pairs {
    return { i: this.a.slice(0, this.length), j: this.b.slice(0, this.length) };
  }
}

export function connectPairs(ctx: ConnectContext, options: ConnectOptions): Pairs {
  const { what } = ctx;
  const n = options.n ?? 1;
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`${what}: connect(): n must be a non-negative integer, not ${n}`);
  const hasIJ = options.i !== undefined || (options.j !== undefined && typeof options.j !== 'string');
  if (options.condition !== undefined && (options.i !== undefined || options.j !== undefined)) {
    throw new ValueError(`${what}: connect(): a condition cannot be combined with i or j; put the test on i and j into the condition`);
  }
  if (hasIJ) {
    if (options.i === undefined || options.j === undefined || typeof options.j === 'string') {
      throw new ValueError(`${what}: connect(): presynaptic indices i need postsynaptic indices j (numbers or arrays), and the other way round`);
    }
    return fromArrays(ctx, options.i, options.j, options.p, n, options.skipIfInvalid === true);
  }
  if (typeof options.j === 'string') {
    if (options.p !== undefined && options.p !== 1) throw new ValueError(`${what}: connect(): j = '${options.j}' cannot be combined with p; use connect({ condition, p }) instead`);
    return fromExpression(ctx, options.j, n, options.skipIfInvalid === true);
  }
  return fromCondition(ctx, options.condition ?? true, options.p ?? 1, n);
}

function checkIndex(ctx: ConnectContext, side: 'pre' | 'post', value: number, where: string): boolean {
  const group = side === 'pre' ? ctx.source : ctx.target;
  if (!Number.isInteger(value)) throw new ValueError(`${ctx.what}: connect(): ${side}synaptic index ${value} (${where}) is not an integer`);
  return value >= 0 && value < group.N;
}

function outOfRange(ctx: ConnectContext, side: 'pre' | 'post', value: number, where: string): ValueError {
  const group = side === 'pre' ? ctx.source : ctx.target;
  const range = group.N === 0 ? 'it has no neurons' : `valid: 0 to ${group.N - 1}`;
  return new ValueError(`${ctx.what}: connect(): ${side}synaptic index ${value} (${where}) is out of range for '${group.name}' (${range}); no synapses were created (pass skipIfInvalid: true to skip such pairs)`);
}

function fromArrays(ctx: ConnectContext, i: number | ArrayLike<number>, j: number | ArrayLike<number>, p: number | string | undefined, n: number, skip: boolean): Pairs {
  const is = typeof i === 'number' ? undefined : i;
  const js = typeof j === 'number' ? undefined : j;
  if (is && js && is.length !== js.length) throw new ValueError(`${ctx.what}: connect(): i and j must have the same length, got ${is.length} and ${js.length}`);
  if (typeof p === 'string') throw new ValueError(`${ctx.what}: connect(): with explicit i and j, p must be a number, not '${p}'`);
  const prob = p ?? 1;
  if (!(prob >= 0 && prob <= 1)) throw new ValueError(`${ctx.what}: connect(): p must be a probability between 0 and 1, not ${prob}`);
  const count = is ? is.length : js ? js.length : 1;
  const out = new PairBuffer();
  for (let k = 0; k < count; k++) {
    const a = is ? is[k]! : (i as number);
    const b = js ? js[k]! : (j as number);
    const where = count === 1 ? 'the given pair' : `pair ${k}`;
    const okA = checkIndex(ctx, 'pre', a, where);
    const okB = checkIndex(ctx, 'post', b, where);
    if (!okA || !okB) {
      if (skip) continue;
      throw okA ? outOfRange(ctx, 'post', b, where) : outOfRange(ctx, 'pre', a, where);
    }
    // As Brian: one draw per given pair, in order, when p < 1.
    if (prob !== 1 && !(ctx.rng.uniform() < prob)) continue;
    out.push(a, b, n);
  }
  return out.pairs();
}

/** Constant values and functions of the namespace symbols an expression uses. */
function externalsOf(externals: ReadonlyMap<string, ExternalSymbol>): { constants: Record<string, number>; functions: Record<string, (...args: number[]) => number> } {
  const constants: Record<string, number> = {};
  const functions: Record<string, (...args: number[]) => number> = {};
  for (const s of externals.values()) {
    if (s.kind === 'constant') constants[s.name] = s.value;
    else if (s.implementation) functions[s.name] = s.implementation;
  }
  return { constants, functions };
}

/** The values of a connected group's variable, indexed relative to the (sub)group. */
function groupView(group: SpikeSource, model: CheckedModel, name: string): StateArray {
  const a = group.array(name);
  return model.variables.get(name)?.shared ? a : a.subarray(group.offset, group.offset + group.N);
}

function fromExpression(ctx: ConnectContext, text: string, n: number, skip: boolean): Pairs {
  const { what } = ctx;
  if (/\bfor\b/.test(text)) {
    throw new ValueError(`${what}: connect(): the generator syntax j = '${text}' is not supported yet; use connect({ condition, p }) (e.g. condition: 'abs(i - j) <= 2')`);
  }
  const checked = throwIfErrors(
    checkExpression(parseExpression(text), ctx.model, { expect: DIMENSIONLESS, what: 'the postsynaptic index j', namespace: ctx.namespace, pre: ctx.pre, post: ctx.post }),
    `${what}, connect(j)`,
  );
  if (checked.inferred?.type !== 'integer') throw new ValueError(`${what}: connect(): j = '${text}' must be an integer expression of i (e.g. 'i', 'N_post - 1 - i', 'int(i/2)')`);
  const { constants, functions } = externalsOf(checked.externals);
  let i = 0;
  const env = {
    get: (name: string): number | undefined => {
      if (name === 'i') return i;
      if (name === 'N_pre') return ctx.source.N;
      if (name === 'N_post') return ctx.target.N;
      if (name in constants) return constants[name];
      const m = /^(.+)_pre$/.exec(name);
      if (m && ctx.pre.variables.has(m[1]!)) return groupView(ctx.source, ctx.pre, m[1]!)[ctx.pre.variables.get(m[1]!)!.shared ? 0 : i];
      const c = CONSTANTS.get(name);
      if (c !== undefined) return c;
      return lookupUnit(name)?.scale;
    },
    call: (name: string, args: readonly number[]) => functions[name]?.(...args),
    random: ctx.rng,
  };
  const out = new PairBuffer();
  for (; i < ctx.source.N; i++) {
    let j: number;
    try {
      j = evaluate(checked.expr!, env);
    } catch (e) {
      throw new ValueError(`${what}: connect(): cannot evaluate j = '${text}' for i = ${i}: ${e instanceof Error ? e.message : String(e)} (j may only use i, N_pre, N_post, presynaptic variables and constants)`);
    }
    const where = `j = '${text}' for i = ${i}`;
    if (!checkIndex(ctx, 'post', j, where)) {
      if (skip) continue;
      throw outOfRange(ctx, 'post', j, where);
    }
    out.push(i, j, n);
  }
  return out.pairs();
}

function fromCondition(ctx: ConnectContext, condition: string | boolean, p: number | string, n: number): Pairs {
  const { what } = ctx;
  const out = new PairBuffer();
  if (condition === false) return out.pairs();
  if (typeof p === 'number' && !(p >= 0 && p <= 1)) throw new ValueError(`${what}: connect(): p must be a probability between 0 and 1, not ${p}`);
  const scopeOptions = { namespace: ctx.namespace, pre: ctx.pre, post: ctx.post };
  const cond =
    typeof condition === 'string'
      ? throwIfErrors(checkExpression(parseExpression(condition), ctx.model, { expect: 'boolean', what: 'the connection condition', ...scopeOptions }), `${what}, connect condition`)
      : undefined;
  const prob: { expr: Expr; externals: ReadonlyMap<string, ExternalSymbol> } | undefined =
    typeof p === 'string'
      ? (() => {
          const r = throwIfErrors(checkExpression(parseExpression(p), ctx.model, { expect: DIMENSIONLESS, what: 'the connection probability p', ...scopeOptions }), `${what}, connect p`);
          return { expr: r.expr!, externals: r.externals };
        })()
      : p === 1
        ? undefined
        : { expr: ast.num(p, span(0), false), externals: new Map() };
  if (!cond && !prob) {
    for (let i = 0; i < ctx.source.N; i++) for (let j = 0; j < ctx.target.N; j++) out.push(i, j, n);
    return out.pairs();
  }
  // A number p: sample the candidates of each row (Brian's `sample(N_post, p)`), then test the
  // condition on the sampled ones only. An expression p is drawn against per pair, in the kernel.
  const sampled = typeof p === 'number';
  const externals = new Map([...(cond?.externals ?? []), ...(prob?.externals ?? [])]);
  const ir = lowerConnect(
    { model: ctx.model, pre: ctx.pre, post: ctx.post, externals, connect: true },
    { name: 'connect', ...(cond ? { condition: cond.expr! } : {}), ...(prob && !sampled ? { p: prob.expr } : {}), loop: sampled ? 'events' : 'range' },
  );
  const kernel = jsBackend.compile(ir);
  const spikes = new Int32Array(Math.max(1, ctx.target.N));
  const candidates = new Int32Array(Math.max(1, ctx.target.N));
  const arrays: Record<string, StateArray> = { _spikes: spikes, _events: candidates };
  for (const a of ir.arrays) {
    if (a.name === '_spikes' || a.name === '_events') continue;
    const m = /^(.+)_(pre|post)$/.exec(a.name);
    const side = m?.[2];
    const model = side === 'pre' ? ctx.pre : ctx.post;
    if (!m || !model.variables.has(m[1]!)) {
      throw new ValueError(`${what}: connect(): '${a.name}' cannot be used in a connection condition; it may use i, j, N_pre, N_post, pre-/postsynaptic variables (v_pre, v_post) and constants`);
    }
    arrays[a.name] = groupView(side === 'pre' ? ctx.source : ctx.target, model, m[1]!);
  }
  const { constants, functions } = externalsOf(externals);
  const scalars: Record<string, number> = { ...constants, N: ctx.target.N, N_pre: ctx.source.N, N_post: ctx.target.N, _i: 0, t: ctx.t, dt: ctx.dt };
  if (sampled) scalars['count'] = 0; // the number of sampled candidates in `_events`
  for (const s of ir.scalars) {
    if (!(s.name in scalars)) throw new ValueError(`${what}: connect(): '${s.name}' cannot be used in a connection condition`);
  }
  const call = { arrays, scalars, externs: functions, rng: ctx.rng };
  const rows = ctx.source.N;
  const N = ctx.target.N;
  if (!sampled) {
    for (let i = 0; i < rows; i++) {
      scalars['_i'] = i;
      const count = kernel.run(call);
      for (let k = 0; k < count; k++) out.push(i, spikes[k]!, n);
    }
    return out.pairs();
  }
  for (let i = 0; i < rows; i++) {
    const m = sampleRow(ctx.rng, N, p, candidates);
    if (m === 0) continue;
    if (!cond) {
      for (let k = 0; k < m; k++) out.push(i, candidates[k]!, n);
      continue;
    }
    scalars['_i'] = i;
    scalars['count'] = m;
    const count = kernel.run(call);
    for (let k = 0; k < count; k++) out.push(i, spikes[k]!, n);
  }
  return out.pairs();
}

/**
 * Brian's `sample(N, p)` (its `synapses_create_generator` templates): writes into `out`, in
 * increasing order, the indices `0 <= j < N` of independent Bernoulli(p) trials that succeeded, and
 * returns how many. For p < 0.25 it draws the gap to the next success instead of one number per
 * candidate — the gap `floor(log(U)/log(1-p))`, U uniform in (0, 1], is geometric with
 * P(gap >= k) = (1-p)^k, so the selected set has exactly the distribution of one draw per
 * candidate, with about N·p + 1 draws. (The random stream, and so the synapses a seed gives, differ
 * from drawing once per candidate; a seed still gives the same synapses every time.)
 */
export function sampleRow(rng: Random, N: number, p: number, out: Int32Array): number {
  let m = 0;
  if (!(p > 0) || N === 0) return 0;
  if (p >= 1) {
    for (let j = 0; j < N; j++) out[m++] = j;
    return m;
  }
  if (p >= 0.25) {
    for (let j = 0; j < N; j++) if (rng.uniform() < p) out[m++] = j;
    return m;
  }
  const scale = 1 / Math.log1p(-p); // negative
  for (let j = -1; ; ) {
    // 1 - uniform() is in (0, 1]: the logarithm is finite and not positive, the gap >= 0.
    j += 1 + Math.floor(Math.log(1 - rng.uniform()) * scale);
    if (!(j < N)) break;
    out[m++] = j;
  }
  return m;
}
