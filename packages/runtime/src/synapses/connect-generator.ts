/**
 * `connect({ j: 'k for k in range(i-3, i+4) if k >= 0' })` and `connect({ i: '...' })`: synapse
 * creation from a generator, as Brian's `synapses_create_generator` template does it.
 *
 * For a j-generator ("over presynaptic"), for each presynaptic `i` in order:
 * 1. a condition that uses neither `j`, postsynaptic variables, the iteration variable nor `rand()`
 *    is tested once for `i` (Brian's outer condition);
 * 2. the iterator's arguments are evaluated (they may use `i`, presynaptic variables and constants,
 *    not `j` or the iteration variable) and it yields the values of the iteration variable:
 *    `range(low, high, step)` every one, `sample(..., p=P)` each with probability P (one Bernoulli
 *    trial each, drawn from the network's seeded generator), `sample(..., size=S)` S of them
 *    without replacement, in increasing order;
 * 3. the element gives `j`; a per-element condition (one that uses `j`, postsynaptic variables, the
 *    iteration variable or `rand()`) filters it. If it reads postsynaptic variables, `j` must be in
 *    range before it is tested; otherwise the range is checked after the condition — so
 *    `'k for k in range(i-1, i+2) if k >= 0 and k < N_post'` needs no `skipIfInvalid`;
 * 4. `n` synapses (a number or an expression per pair) are created for (i, j).
 * An i-generator swaps the roles: the outer loop runs over `j`, the element gives `i`.
 *
 * An index out of range is an error with a code frame of the generator (no synapses are created),
 * unless `skipIfInvalid` drops it.
 */
import { diag, DIMENSIONLESS, formatDiagnostics, SourceText, span, type Expr } from '@neurite/parser';
import { evaluate } from '@neurite/codegen';
import { ValueError } from '../quantity.js';
import { sampleRow } from './sample.js';
import { checkConnectCode, ConnectEnvironment, drawsRandom, namesIn, sideOf, withIterationVariable, type ConnectContext, type PairBuffer, type PairCount } from './connect-env.js';
import { parseGenerator, parseSlice, type GeneratorSyntax, type Slice } from './generator-syntax.js';

export interface GeneratorOptions {
  /** A j-generator (loops over presynaptic i) or an i-generator (loops over postsynaptic j). */
  readonly overPre: boolean;
  /** Synapses per created pair. */
  readonly count: PairCount;
  readonly skipIfInvalid: boolean;
}

/** Appends the pairs the generator `text` yields to `out` (see the module comment). */
export function fromGenerator(ctx: ConnectContext, text: string, options: GeneratorOptions, out: PairBuffer): void {
  const { overPre, skipIfInvalid } = options;
  const result = overPre ? 'j' : 'i';
  const outer = overPre ? 'i' : 'j';
  const resultSide = overPre ? 'post' : 'pre';
  const resultGroup = overPre ? ctx.target : ctx.source;
  const origin = `${ctx.what}, connect(${result})`;
  const g = parseGenerator(text, origin);
  const inner = g.implicit ? undefined : g.variable.text;
  if (inner === 'i' || inner === 'j' || (inner !== undefined && (ctx.model.variables.has(inner) || sideOf(ctx, ctx.model, inner)))) {
    throw frame(g, origin, g.variable, `the iteration variable '${inner}' hides a name of the synapses or their groups`, "use another name, e.g. 'k'");
  }
  const model = withIterationVariable(ctx.model, inner);
  const check = (s: Slice, expect: 'boolean' | typeof DIMENSIONLESS, what: string) => checkConnectCode(ctx, model, parseSlice(g, s), expect, what, origin);
  const usesResult = (e: Expr): Expr | undefined => {
    for (const [name, ref] of namesIn(e)) if (name === result || sideOf(ctx, model, name) === resultSide) return ref;
    return undefined;
  };
  const usesInner = (e: Expr): Expr | undefined => (inner === undefined ? undefined : namesIn(e).get(inner));

  const element = check(g.element, DIMENSIONLESS, `the ${resultSide}synaptic index ${result}`);
  if (!element.integer) {
    throw frame(g, origin, g.element, `the ${resultSide}synaptic index ${result} must be an integer expression`, g.implicit ? `e.g. '${outer}', 'N_${resultSide} - 1 - ${outer}', 'int(${outer}/2)'` : `e.g. '${g.variable.text}' or '${g.variable.text} + ${outer}'`);
  }
  const selfRef = usesResult(element.expr);
  if (selfRef) throw frame(g, origin, selfRef.span, `the index expression cannot use ${result} or ${resultSide}synaptic variables: it computes ${result}`);

  // The iterator's arguments: evaluated once per outer index, so they may not use what varies inside.
  const args: { readonly name: string; readonly slice: Slice; readonly expr: Expr }[] = [];
  const externals = new Map(element.externals);
  for (const [name, s] of [['low', g.low], ['high', g.high], ['step', g.step], ['p', g.p], ['size', g.size]] as const) {
    if (!s) continue;
    const c = check(s, DIMENSIONLESS, name === 'p' ? 'the probability p' : `the ${name === 'size' ? 'sample size' : `${name} bound`} of ${g.iterator}()`);
    if (name !== 'p' && !c.integer) throw frame(g, origin, s, `the ${name} argument of ${g.iterator}() must be an integer`, `e.g. 'N_${resultSide}', '${outer} + 3' or 'int(...)'`);
    const bad = usesResult(c.expr) ?? usesInner(c.expr);
    if (bad) throw frame(g, origin, bad.span, `the arguments of ${g.iterator}() cannot depend on ${result}, ${resultSide}synaptic variables or the iteration variable`, `they are evaluated once per ${outer}`);
    for (const [k, v] of c.externals) externals.set(k, v);
    args.push({ name, slice: s, expr: c.expr });
  }
  const cond = g.condition ? check(g.condition, 'boolean', 'the condition') : undefined;
  if (cond) for (const [k, v] of cond.externals) externals.set(k, v);
  const condUsesResult = cond !== undefined && usesResult(cond.expr) !== undefined;
  const perElement = cond !== undefined && (condUsesResult || usesInner(cond.expr) !== undefined || drawsRandom(cond.expr));

  const env = new ConnectEnvironment(ctx, model, inner, externals);
  // Names the checker accepts in synapse code but that have no value before a synapse exists.
  for (const e of [element.expr, ...args.map((a) => a.expr), ...(cond ? [cond.expr] : [])]) {
    for (const [name, ref] of namesIn(e)) {
      if (env.knows(name)) continue;
      const why = name === 'N_incoming' || name === 'N_outgoing' ? ` (as in Brian: the number of synapses is not known while they are being created)` : '';
      throw frame(g, origin, ref.span, `the connect statement cannot refer to '${name}'${why}`, `connect code may use i, j, ${inner === undefined ? '' : `${inner}, `}N_pre, N_post, pre-/postsynaptic variables and constants`);
    }
  }
  const setOuter = (v: number) => (overPre ? (env.i = v) : (env.j = v));
  const setResult = (v: number) => (overPre ? (env.j = v) : (env.i = v));
  const arg = (name: string, fallback: number): number => {
    const a = args.find((x) => x.name === name);
    return a === undefined ? fallback : evaluate(a.expr, env);
  };
  const outerN = overPre ? ctx.source.N : ctx.target.N;
  const resultN = resultGroup.N;
  let candidates = new Int32Array(16);
  const where = (o: number, k: number) => `${result} = '${text}' for ${outer} = ${o}${inner === undefined ? '' : `, ${inner} = ${k}`}`;
  const outOfRange = (r: number, o: number, k: number) =>
    frame(
      g,
      origin,
      g.element,
      `${resultSide}synaptic index ${r} (${where(o, k)}) is out of range for '${resultGroup.name}' (${resultN === 0 ? 'it has no neurons' : `valid: 0 to ${resultN - 1}`}); no synapses were created`,
      `pass skipIfInvalid: true to skip such pairs${condUsesResult ? '' : `, or exclude them with a condition, e.g. '... if ${inner ?? result} >= 0 and ${inner ?? result} < N_${resultSide}'`}`,
    );

  for (let o = 0; o < outerN; o++) {
    setOuter(o);
    if (cond && !perElement && !evaluate(cond.expr, env)) continue;
    const low = arg('low', 0);
    const high = arg('high', 0);
    const step = arg('step', 1);
    if (step === 0) throw frame(g, origin, g.step!, `the step of ${g.iterator}() is 0 for ${outer} = ${o}; it must not be zero`);
    const length = step > 0 ? Math.max(0, Math.ceil((high - low) / step)) : Math.max(0, Math.ceil((low - high) / -step));
    let m = length;
    if (g.iterator === 'sample') {
      if (candidates.length < length) candidates = new Int32Array(Math.max(length, candidates.length * 2));
      if (g.p) {
        m = sampleRow(ctx.rng, length, arg('p', 1), candidates);
      } else {
        let size = arg('size', 0);
        if (size < 0 || size > length) {
          if (!skipIfInvalid) throw frame(g, origin, g.size!, `the sample size ${size} (for ${outer} = ${o}) is ${size < 0 ? 'negative' : `larger than the ${length} values to choose from`}; no synapses were created`, 'pass skipIfInvalid: true to use as many values as there are');
          size = size < 0 ? 0 : length;
        }
        m = sampleWithoutReplacement(ctx.rng, length, size, candidates);
      }
    }
    for (let c = 0; c < m; c++) {
      const k = low + (g.iterator === 'sample' ? candidates[c]! : c) * step;
      env.inner = k;
      const r = evaluate(element.expr, env);
      setResult(r);
      const valid = r >= 0 && r < resultN;
      if (perElement) {
        // A condition that reads the other group's variables needs a valid index first (as Brian).
        if (condUsesResult && !valid) {
          if (skipIfInvalid) continue;
          throw outOfRange(r, o, k);
        }
        if (!evaluate(cond!.expr, env)) continue;
      }
      if (!valid) {
        if (skipIfInvalid) continue;
        throw outOfRange(r, o, k);
      }
      const i = overPre ? o : r;
      const j = overPre ? r : o;
      out.push(i, j, options.count);
    }
  }
}

/** A ValueError whose message is a code frame of the generator with a caret under `at`. */
function frame(g: GeneratorSyntax, origin: string, at: { readonly start: number; readonly end: number }, message: string, hint?: string): ValueError {
  return new ValueError(formatDiagnostics([diag.connectIndex(span(at.start, at.end), message, hint)], new SourceText(g.source), { origin }));
}

/**
 * Knuth's selection sampling (Algorithm S): `size` of `0 .. n-1` without replacement, each subset
 * equally likely, written to `out` in increasing order; one uniform draw per value visited.
 */
export function sampleWithoutReplacement(rng: { uniform(): number }, n: number, size: number, out: Int32Array): number {
  let m = 0;
  for (let t = 0; t < n && m < size; t++) if ((n - t) * rng.uniform() < size - m) out[m++] = t;
  return m;
}
