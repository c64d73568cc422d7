/**
 * The reference interpreter: evaluates expressions and statements of the model language directly
 * on the AST, in float64, with Python semantics for `//` and `%` as in Brian. It is the oracle of
 * the differential tests (every backend must agree with it) and evaluates host-side expressions
 * (coefficients of `exact` integration) from namespace values.
 */
import { assertNever, type Expr, type Statement } from '@neurite/parser';
import { exp, expm1, exprel } from '../math/exp.js';

/** Values of names, and implementations of non-built-in functions. */
export interface Environment {
  readonly get: (name: string) => number | undefined;
  readonly call?: (name: string, args: readonly number[]) => number | undefined;
  /** Source of `rand()` / `randn()` draws. */
  readonly random?: { uniform(): number; normal(): number; poisson(lambda: number): number };
}

export class EvaluationError extends Error {}

/** Python's `%`: the result has the sign of the divisor. */
export function pythonMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Brian's `timestep(t, dt)`: the step index of time t, robust to rounding just below a step. */
export function timestep(t: number, dt: number): number {
  return Math.trunc((t + 1e-3 * dt) / dt);
}

/** Pure built-in functions by name. */
export const BUILTIN_IMPLEMENTATIONS: Readonly<Record<string, (...args: number[]) => number>> = {
  // exp and expm1 as the kernels compute them (math/exp.ts), so that a value folded or computed
  // on the host is the one a kernel would give.
  exp,
  log: Math.log,
  log10: Math.log10,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: Math.sign,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  expm1,
  log1p: Math.log1p,
  exprel,
  floor: Math.floor,
  ceil: Math.ceil,
  int: Math.trunc,
  clip: (x, lo, hi) => Math.min(Math.max(x, lo), hi),
  timestep,
  // Internal: used by integrators for `(unless refractory)`.
  select: (c, a, b) => (c ? a : b),
};

const asBool = (x: number): boolean => x !== 0;

export function evaluate(e: Expr, env: Environment): number {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'boolean':
      return e.value ? 1 : 0;
    case 'name': {
      const v = env.get(e.name);
      if (v === undefined) throw new EvaluationError(`no value for '${e.name}'`);
      return v;
    }
    case 'unary': {
      const x = evaluate(e.operand, env);
      return e.op === '-' ? -x : e.op === '+' ? x : asBool(x) ? 0 : 1;
    }
    case 'binary': {
      if (e.op === 'and') return asBool(evaluate(e.left, env)) && asBool(evaluate(e.right, env)) ? 1 : 0;
      if (e.op === 'or') return asBool(evaluate(e.left, env)) || asBool(evaluate(e.right, env)) ? 1 : 0;
      const a = evaluate(e.left, env);
      const b = evaluate(e.right, env);
      switch (e.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '//': return Math.floor(a / b);
        case '%': return pythonMod(a, b);
        case '**': return a ** b;
        case '<': return a < b ? 1 : 0;
        case '<=': return a <= b ? 1 : 0;
        case '>': return a > b ? 1 : 0;
        case '>=': return a >= b ? 1 : 0;
        case '==': return a === b ? 1 : 0;
        case '!=': return a !== b ? 1 : 0;
        default: return assertNever(e.op, 'operator');
      }
    }
    case 'call': {
      const args = e.args.map((a) => evaluate(a, env));
      if (e.callee === 'rand' || e.callee === 'randn' || e.callee === 'poisson') {
        if (!env.random) throw new EvaluationError(`${e.callee}() needs a random generator`);
        return e.callee === 'rand' ? env.random.uniform() : e.callee === 'randn' ? env.random.normal() : env.random.poisson(args[0]!);
      }
      const f = BUILTIN_IMPLEMENTATIONS[e.callee];
      if (f) return f(...args);
      const v = env.call?.(e.callee, args);
      if (v === undefined) throw new EvaluationError(`no implementation of '${e.callee}'`);
      return v;
    }
    default:
      return assertNever(e, 'expression');
  }
}

/**
 * Runs statements on a mutable scope (name → value). Compound assignments update in place. Names
 * not in `scope` are read from `env`.
 */
export function execute(statements: readonly Statement[], scope: Map<string, number>, env: Environment): void {
  const local: Environment = { ...env, get: (n) => scope.get(n) ?? env.get(n) };
  for (const s of statements) {
    const value = evaluate(s.expr, local);
    if (s.op === '=') {
      scope.set(s.target, value);
      continue;
    }
    const old = local.get(s.target);
    if (old === undefined) throw new EvaluationError(`no value for '${s.target}'`);
    scope.set(s.target, s.op === '+=' ? old + value : s.op === '-=' ? old - value : s.op === '*=' ? old * value : old / value);
  }
}
