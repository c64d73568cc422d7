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
 *   `i`, `N_pre`, `N_post`, presynaptic variables and constants (a generator with one element);
 * - `connect({ j: 'k for k in range(i-3, i+4) if k >= 0' })`, `connect({ i: '...' })`: Brian's
 *   generator syntax (`connect-generator.ts`), with `range(...)`, `sample(..., p=...)` and
 *   `sample(..., size=...)`;
 * - `connect({ condition, p })`: every pair where `condition` holds, each with probability `p`
 *   (a number or an expression, which may use `i`, `j` and pre/post variables). This runs the
 *   `lowerConnect` kernel (JS backend) once per presynaptic neuron, with the network's seeded
 *   generator: the same seed gives the same synapses. A number p is sampled as Brian's
 *   `sample(N_post, p)` does ({@link sampleRow}: geometric jumps, ~N·p draws per row instead of N),
 *   and the condition is tested on the sampled candidates only — or, when it depends on the
 *   presynaptic neuron alone (`'i < Ne'`), once per row before sampling it, as Brian's template
 *   does (a row that fails draws nothing); an expression p gets one draw per candidate pair.
 * `n` creates that many synapses per chosen pair: a number, or an expression evaluated per pair
 * (`'i + 1'`). `skipIfInvalid` drops out-of-range pairs instead of failing. Every random draw comes
 * from the network's seeded generator, so a seed reproduces the connectivity.
 */
import { ast, checkExpression, DIMENSIONLESS, parseExpression, span, throwIfErrors, type Expr, type ExternalSymbol, type Namespace } from '@neurite/parser';
import { jsBackend, lowerConnect, type StateArray } from '@neurite/codegen';
import { ValueError } from '../quantity.js';
import { externalsOf, groupView, pairCount, PairBuffer, type ConnectContext, type PairCount, type Pairs } from './connect-env.js';
import { fromGenerator } from './connect-generator.js';
import { isGenerator } from './generator-syntax.js';
import { isRowCondition } from './row-condition.js';
import { sampleRow } from './sample.js';

export type { ConnectContext, Pairs } from './connect-env.js';
export { sampleRow } from './sample.js';

export interface ConnectOptions {
  /** A condition on `i`, `j` and pre-/postsynaptic variables (`'i != j'`), or `true` / `false`. */
  readonly condition?: string | boolean;
  /**
   * Presynaptic indices (with `j`), or a generator over presynaptic indices for each postsynaptic
   * `j` (`'k for k in range(j-1, j+2) if k >= 0'`).
   */
  readonly i?: number | ArrayLike<number> | string;
  /**
   * Postsynaptic indices (with `i`), an integer expression of `i` (`'i'`, `'N_post - 1 - i'`), or
   * a generator (`'k for k in range(i-3, i+4) if k >= 0'`, `'k for k in sample(N_post, p=0.1)'`,
   * `'k for k in sample(N_post, size=5)'`).
   */
  readonly j?: number | ArrayLike<number> | string;
  /** Probability of each candidate pair: a number, or an expression (with `condition`). Default 1. */
  readonly p?: number | string;
  /**
   * Synapses per chosen pair (multisynapses): a non-negative integer, or an integer expression
   * evaluated per pair (`'i + 1'`, `'int(x_pre)'`). Default 1.
   */
  readonly n?: number | string;
  /** Drop pairs with an index out of range instead of failing. */
  readonly skipIfInvalid?: boolean;
  /** Names the Synapses' own namespace does not define. */
  readonly namespace?: Namespace;
}

/** The pairs `connect(options)` creates, relative to the source and target; throws before creating any on bad input. */
export function connectPairs(ctx: ConnectContext, options: ConnectOptions): Pairs {
  const { what } = ctx;
  const count = pairCount(ctx, options.n);
  const skip = options.skipIfInvalid === true;
  const gen = typeof options.i === 'string' ? 'i' : typeof options.j === 'string' ? 'j' : undefined;
  if (options.condition !== undefined && (options.i !== undefined || options.j !== undefined)) {
    throw new ValueError(`${what}: connect(): a condition cannot be combined with i or j; put the test on i and j into the condition`);
  }
  if (gen) {
    const other = gen === 'i' ? options.j : options.i;
    const text = (gen === 'i' ? options.i : options.j) as string;
    if (other !== undefined) throw new ValueError(`${what}: connect(): ${gen} = '${text}' cannot be combined with ${gen === 'i' ? 'j' : 'i'} (as in Brian); give either index arrays for both or one expression`);
    if (options.p !== undefined && options.p !== 1) {
      throw new ValueError(`${what}: connect(): ${gen} = '${text}' cannot be combined with p; use connect({ condition, p }), or sample inside the generator: '${gen === 'j' ? 'k for k in sample(N_post, p=0.1)' : 'k for k in sample(N_pre, p=0.1)'}'`);
    }
    if (gen === 'i' && !isGenerator(text)) throw new ValueError(`${what}: connect(): i = '${text}' must be a generator over presynaptic indices for each j, e.g. 'k for k in range(j-1, j+2) if k >= 0' (or use j = '...' for one target per i)`);
    const out = new PairBuffer();
    fromGenerator(ctx, text, { overPre: gen === 'j', count, skipIfInvalid: skip }, out);
    return out.pairs();
  }
  if (options.i !== undefined || options.j !== undefined) {
    if (options.i === undefined || options.j === undefined) {
      throw new ValueError(`${what}: connect(): presynaptic indices i need postsynaptic indices j (numbers or arrays), and the other way round`);
    }
    return fromArrays(ctx, options.i as number | ArrayLike<number>, options.j as number | ArrayLike<number>, options.p, count, skip);
  }
  return fromCondition(ctx, options.condition ?? true, options.p ?? 1, count);
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

function fromArrays(ctx: ConnectContext, i: number | ArrayLike<number>, j: number | ArrayLike<number>, p: number | string | undefined, n: PairCount, skip: boolean): Pairs {
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

/**
 * About how many pairs fromCondition makes, to size its buffer: all of them without a condition
 * or p; with a number p, the mean plus four standard deviations of the binomial count (a
 * condition can only make fewer). 0 (no hint) where p or n is an expression.
 */
function expectedPairs(candidates: number, condition: string | boolean, p: number | string, n: PairCount): number {
  if (typeof p !== 'number' || typeof n !== 'number' || condition === false) return 0;
  const mean = candidates * p;
  return n * (mean + 4 * Math.sqrt(mean * (1 - p)) + 16);
}

function fromCondition(ctx: ConnectContext, condition: string | boolean, p: number | string, n: PairCount): Pairs {
  const { what } = ctx;
  const out = new PairBuffer(expectedPairs(ctx.source.N * ctx.target.N, condition, p, n));
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
      out.pushRow(i, spikes, count, n);
    }
    return out.pairs();
  }
  // A condition on the presynaptic neuron alone is decided before its row is sampled, as Brian's
  // template does: a row that fails it costs no random draws (row-condition.ts).
  const byRow = cond !== undefined && isRowCondition(cond.expr!, cond.externals, [ctx.model, ctx.post]);
  for (let i = 0; i < rows; i++) {
    if (byRow) {
      // The kernel tests the condition on one candidate; the condition does not read it.
      scalars['_i'] = i;
      scalars['count'] = 1;
      candidates[0] = 0;
      if (kernel.run(call) === 0) continue;
    }
    const m = sampleRow(ctx.rng, N, p, candidates);
    if (m === 0) continue;
    if (!cond || byRow) {
      out.pushRow(i, candidates, m, n);
      continue;
    }
    scalars['_i'] = i;
    scalars['count'] = m;
    const count = kernel.run(call);
    out.pushRow(i, spikes, count, n);
  }
  return out.pairs();
}

