/**
 * Update programs of explicit integrators (Brian's `ExplicitStateUpdater` descriptions): parsing,
 * validation, and expansion of a program over the whole vector of state variables.
 *
 * A program is a few statements in the model language, e.g. rk2:
 * ```
 * k = dt*f(x,t)
 * x_new = x + dt*f(x + k/2, t + dt/2)
 * ```
 * `x` is the state, `f(x, t)` the drift, `g(x, t)` the coefficient of a noise term, `dW` its
 * Wiener increment (variance dt), `xi` the standard normal behind it (`dW = dt**0.5*xi`), `dt` the
 * step, `t` the time at the start of the step. Every other name is a temporary defined earlier.
 */
import { BUILTIN_FUNCTIONS, CONSTANTS, parseStatements, printExpr, referencedNames, walkExpr, type Expr, type Statement } from '@neurite/parser';
import type { OdeEquation } from '../ir.js';
import { add, assign, call, dependsOn, mul, name, neg, num, pow, simplify, sub, substitute } from '../symbolic/expr.js';

/** Names with a fixed meaning in a program; none of them may be assigned. */
const RESERVED = new Set(['x', 't', 'dt', 'dW', 'xi', 'f', 'g', 'x_new']);

/** One statement of x_new's right-hand side, split into additive terms. */
interface Term {
  readonly negative: boolean;
  readonly expr: Expr;
  /** Involves the noise (g, dW, xi or a stochastic temporary): evaluated once per noise term and summed. */
  readonly stochastic: boolean;
}

/** A parsed and validated update program. */
export interface UpdateProgram {
  /** The intermediate statements, in order. `stochastic`: it involves the noise, so it has one value per noise term. */
  readonly steps: readonly { readonly name: string; readonly expr: Expr; readonly stochastic: boolean }[];
  /** The right-hand side of `x_new`, as additive terms. */
  readonly output: readonly Term[];
  /** True if any statement uses the noise (`g`, `dW` or `xi`). */
  readonly usesNoise: boolean;
  /**
   * Why the program cannot be applied to equations with several noise terms, if it cannot: a
   * noise-dependent term of x_new that does not vanish without noise (say `x_support`, which also
   * holds `x + dt*f(x,t)`) would be counted once per noise term.
   */
  readonly singleNoiseOnly: string | undefined;
}

/** Thrown for a malformed program: a programming error of whoever defines the integrator. */
export class UpdateProgramError extends Error {}

const isCallOf = (e: Expr, fns: ReadonlySet<string>): boolean => {
  let found = false;
  walkExpr(e, (n) => {
    if (n.kind === 'call' && fns.has(n.callee)) found = true;
  });
  return found;
};
const F_OR_G = new Set(['f', 'g']);
const G = new Set(['g']);

/** Parses and validates a program. @throws UpdateProgramError with the reason. */
export function parseUpdateProgram(method: string, source: string): UpdateProgram {
  const fail = (why: string): never => {
    throw new UpdateProgramError(`the update program of '${method}' is invalid: ${why}`);
  };
  const parsed = parseStatements(source);
  const first = parsed.diagnostics.find((d) => d.severity === 'error');
  if (first) fail(first.message);
  const statements = parsed.statements;
  const last = statements[statements.length - 1];
  if (!last || last.target !== 'x_new') fail("the last statement must be 'x_new = ...'");

  const steps: { name: string; expr: Expr; stochastic: boolean }[] = [];
  const stochasticSteps = new Set<string>();
  const usesNoiseDirectly = (e: Expr) => isCallOf(e, G) || dependsOn(e, (n) => n === 'dW' || n === 'xi');
  const isStochastic = (e: Expr) => usesNoiseDirectly(e) || dependsOn(e, stochasticSteps);
  const defined = new Set<string>();
  for (const s of statements) {
    if (s.op !== '=') fail(`'${s.target} ${s.op} ...': only '=' is allowed`);
    if (s !== last && RESERVED.has(s.target)) fail(`'${s.target}' has a fixed meaning and cannot be assigned`);
    if (defined.has(s.target)) fail(`'${s.target}' is assigned twice`);
    validateExpr(s.expr, defined, fail);
    defined.add(s.target);
    if (s === last) continue;
    const stochastic = isStochastic(s.expr);
    steps.push({ name: s.target, expr: s.expr, stochastic });
    if (stochastic) stochasticSteps.add(s.target);
  }
  const output = splitOutput(last!.expr, isStochastic);
  const usesNoise = statements.some((s) => usesNoiseDirectly(s.expr));

  // What each temporary is when there is no noise (g, dW and xi all 0), to check that every
  // noise-dependent term of x_new is a pure noise increment. f stays symbolic: it is not zero.
  const noiseless = new Map<string, Expr>();
  const withoutNoise = (e: Expr): Expr =>
    simplify(substitute(stripG(e), new Map([['dW', num(0)], ['xi', num(0)], ...noiseless])));
  for (const s of steps) noiseless.set(s.name, withoutNoise(s.expr));
  const lingering = output.find((t) => {
    const rest = withoutNoise(t.expr);
    return t.stochastic && !(rest.kind === 'number' && rest.value === 0);
  });
  const singleNoiseOnly = lingering
    ? `its term '${printExpr(lingering.expr)}' of x_new depends on the noise but does not vanish without it, so it cannot be summed over several noise terms`
    : undefined;
  return { steps, output, usesNoise, singleNoiseOnly };
}

/** Replaces every `g(...)` by 0. */
function stripG(e: Expr): Expr {
  switch (e.kind) {
    case 'call':
      return e.callee === 'g' ? num(0) : { ...e, args: e.args.map(stripG) };
    case 'unary':
      return { ...e, operand: stripG(e.operand) };
    case 'binary':
      return { ...e, left: stripG(e.left), right: stripG(e.right) };
    default:
      return e;
  }
}

function validateExpr(e: Expr, defined: ReadonlySet<string>, fail: (why: string) => never): void {
  walkExpr(e, (n) => {
    if (n.kind === 'name' && !RESERVED.has(n.name) && !defined.has(n.name) && !CONSTANTS.has(n.name)) {
      fail(`unknown name '${n.name}' (a program may use x, t, dt, dW, xi, f(x, t), g(x, t), numbers and the names it assigned before)`);
    }
    if (n.kind === 'name' && (n.name === 'f' || n.name === 'g' || n.name === 'x_new')) fail(`'${n.name}' is not a value`);
    if (n.kind !== 'call') return;
    if (n.callee === 'f' || n.callee === 'g') {
      if (n.args.length !== 2) fail(`'${n.callee}' takes two arguments, the state and the time: '${printExpr(n)}'`);
      const [state, time] = n.args as [Expr, Expr];
      if (isCallOf(state, F_OR_G) || isCallOf(time, F_OR_G)) fail(`f and g cannot be nested: '${printExpr(n)}' (assign the inner value to a name first)`);
      const timeNames = referencedNames(time).filter((m) => m !== 't' && m !== 'dt' && !CONSTANTS.has(m));
      if (timeNames.length > 0) fail(`the time argument of '${printExpr(n)}' may only use t and dt`);
      return;
    }
    const builtin = BUILTIN_FUNCTIONS.get(n.callee);
    if (!builtin) fail(`unknown function '${n.callee}'`);
    if (builtin!.stochastic) fail(`'${n.callee}()' draws random numbers; use dW (or xi) for the noise`);
  });
}

/**
 * x_new's right-hand side as signed additive terms. A noise-dependent product that also holds
 * noise-free parts (`x*(1 + g(x,t)*dW)`) is multiplied out, so that the noise-free part is not
 * counted once per noise term; products that are all noise stay as written, for readability.
 */
function splitOutput(e: Expr, isStochastic: (e: Expr) => boolean): Term[] {
  const out: Term[] = [];
  for (const t of sumTerms(e, false, false)) {
    if (!isStochastic(t.expr)) {
      out.push({ ...t, stochastic: false });
      continue;
    }
    const expanded = sumTerms(t.expr, t.negative, true);
    const parts = expanded.some((p) => !isStochastic(p.expr)) ? expanded : [t];
    for (const p of parts) out.push({ ...p, stochastic: isStochastic(p.expr) });
  }
  return out;
}

/** Flattens `+`, `-` and signs; with `distribute`, also multiplies out `*` and `/` over sums. */
function sumTerms(e: Expr, negative: boolean, distribute: boolean): { negative: boolean; expr: Expr }[] {
  if (e.kind === 'unary' && (e.op === '-' || e.op === '+')) return sumTerms(e.operand, e.op === '-' ? !negative : negative, distribute);
  if (e.kind !== 'binary') return [{ negative, expr: e }];
  if (e.op === '+' || e.op === '-') {
    return [...sumTerms(e.left, negative, distribute), ...sumTerms(e.right, e.op === '-' ? !negative : negative, distribute)];
  }
  if (distribute && e.op === '*') {
    const right = sumTerms(e.right, false, true);
    return sumTerms(e.left, negative, true).flatMap((a) => right.map((b) => ({ negative: a.negative !== b.negative, expr: mul(a.expr, b.expr) })));
  }
  if (distribute && e.op === '/') {
    return sumTerms(e.left, negative, true).map((a) => ({ negative: a.negative, expr: { ...e, left: a.expr } }));
  }
  return [{ negative, expr: e }];
}

/** `_<noise>`: the standard normal drawn for a noise term in this step. */
export const noiseDraw = (noise: string): string => `_${noise}`;

/**
 * Expands a program over a system of equations into statements, as Brian's
 * `ExplicitStateUpdater.__call__`: random draws, then every temporary for every variable stage by
 * stage (one per noise term for temporaries that involve the noise), then `_v = ...` and `v = _v`.
 * Temporaries that simplify to a number or a name are inlined, and temporaries nothing uses are
 * dropped. Returns a reason instead when the generated names clash.
 */
export function expandProgram(program: UpdateProgram, equations: readonly OdeEquation[], noiseTerms: readonly string[]): Statement[] | string {
  const byName = new Map(equations.map((eq) => [eq.name, eq]));
  const states = equations.map((eq) => eq.name);
  const stepIsPerNoise = new Map(program.steps.map((s) => [s.name, s.stochastic && noiseTerms.length > 0]));
  const tempName = (step: string, v: string, noise: string | undefined) => (stepIsPerNoise.get(step) ? `__${step}_${v}_${noise!}` : `__${step}_${v}`);
  // Every name this expansion may assign, checked up front: a clash would silently mix two values.
  const generated = [
    ...noiseTerms.map(noiseDraw),
    ...program.steps.flatMap((s) => states.flatMap((v) => (stepIsPerNoise.get(s.name) ? noiseTerms : [undefined]).map((n) => tempName(s.name, v, n)))),
    ...states.map((v) => `_${v}`),
  ];
  const seen = new Set<string>();
  for (const g of generated) {
    if (seen.has(g)) return `the generated name '${g}' is used twice (a state variable's name clashes with a temporary of the method); rename the variable`;
    seen.add(g);
  }
  /** Temporaries replaced by their (atomic) value. */
  const inlined = new Map<string, Expr>();

  /** The program expression `e` for state variable `v` (and noise term `noise`, where the noise is involved). */
  const expand = (e: Expr, v: string, noise: string | undefined): Expr => {
    switch (e.kind) {
      case 'number':
      case 'boolean':
        return e;
      case 'name': {
        if (e.name === 'x') return name(v);
        if (e.name === 'dW') return noise === undefined ? num(0) : mul(pow(name('dt'), num(0.5)), name(noiseDraw(noise)));
        if (e.name === 'xi') return noise === undefined ? num(0) : name(noiseDraw(noise));
        if (!stepIsPerNoise.has(e.name)) return e; // t, dt, pi, ...
        const temp = tempName(e.name, v, noise);
        return inlined.get(temp) ?? name(temp);
      }
      case 'call': {
        if (e.callee !== 'f' && e.callee !== 'g') return { ...e, args: e.args.map((a) => expand(a, v, noise)) };
        const eq = byName.get(v)!;
        const rhs = e.callee === 'f' ? eq.drift : noise === undefined ? undefined : eq.diffusion.get(noise);
        if (!rhs) return num(0);
        const [state, time] = e.args as [Expr, Expr];
        const replacements = new Map<string, Expr>([['t', time]]);
        for (const y of referencedNames(rhs)) if (byName.has(y)) replacements.set(y, expand(state, y, noise));
        return substitute(rhs, replacements);
      }
      case 'unary':
        return { ...e, operand: expand(e.operand, v, noise) };
      case 'binary':
        return { ...e, left: expand(e.left, v, noise), right: expand(e.right, v, noise) };
    }
  };

  const temps: Statement[] = [];
  for (const step of program.steps) {
    for (const v of states) {
      for (const noise of stepIsPerNoise.get(step.name) ? noiseTerms : [undefined]) {
        const value = simplify(expand(step.expr, v, noise));
        const temp = tempName(step.name, v, noise);
        if (value.kind === 'number' || value.kind === 'name') inlined.set(temp, value);
        else temps.push(assign(temp, value));
      }
    }
  }
  const finals = states.map((v) => {
    let sum: Expr | undefined;
    for (const term of program.output) {
      for (const noise of term.stochastic && noiseTerms.length > 0 ? noiseTerms : [undefined]) {
        const value = simplify(expand(term.expr, v, noise));
        if (value.kind === 'number' && value.value === 0) continue;
        sum = sum === undefined ? (term.negative ? neg(value) : value) : term.negative ? sub(sum, value) : add(sum, value);
      }
    }
    return assign(`_${v}`, simplify(sum ?? num(0)));
  });

  // Keep only the temporaries the final values need (directly or through other temporaries).
  const live = new Set<string>();
  const markUses = (s: Statement) => referencedNames(s.expr).forEach((n) => live.add(n));
  finals.forEach(markUses);
  const kept: Statement[] = [];
  for (let k = temps.length - 1; k >= 0; k--) {
    const s = temps[k]!;
    if (!live.has(s.target)) continue;
    kept.unshift(s);
    markUses(s);
  }

  const draws = noiseTerms.map((noise) => assign(noiseDraw(noise), call('randn')));
  const statements = [...draws, ...kept, ...finals, ...states.map((v) => assign(v, name(`_${v}`)))];
  return statements;
}
