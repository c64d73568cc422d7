/**
 * Splits an expression into a linear combination of chosen variables plus a remainder that does
 * not involve them: `e = Σ_k c_k·x_k + r`. Used for `exact` (linear systems in the state
 * variables), `exponential_euler` (linear in the variable itself) and to separate noise terms
 * (`xi` enters linearly). Symbolic, over the AST; coefficients are simplified but not expanded.
 */
import { assertNever, type Expr } from '@neurite/parser';
import { add, dependsOn, div, mul, neg, num, simplify, sub } from './expr.js';

export interface LinearForm {
  /** Coefficient of each variable that occurs (variables with coefficient 0 are absent). */
  readonly coefficients: ReadonlyMap<string, Expr>;
  /** The part that involves none of the variables. */
  readonly rest: Expr;
}

export type LinearResult = { readonly ok: true; readonly form: LinearForm } | { readonly ok: false; readonly reason: string };

const ZERO = num(0);

function scale(f: LinearForm, by: Expr, op: '*' | '/'): LinearForm {
  const apply = (e: Expr) => simplify(op === '*' ? mul(e, by) : div(e, by));
  return { coefficients: new Map([...f.coefficients].map(([k, c]) => [k, apply(c)])), rest: apply(f.rest) };
}

function combine(a: LinearForm, b: LinearForm, op: '+' | '-'): LinearForm {
  const coefficients = new Map(a.coefficients);
  for (const [k, c] of b.coefficients) {
    const prev = coefficients.get(k);
    coefficients.set(k, simplify(prev ? (op === '+' ? add(prev, c) : sub(prev, c)) : op === '+' ? c : neg(c)));
  }
  return { coefficients, rest: simplify(op === '+' ? add(a.rest, b.rest) : sub(a.rest, b.rest)) };
}

/** `e` as a linear form in `vars`, or the reason it is not linear in them. */
export function linearForm(e: Expr, vars: ReadonlySet<string>): LinearResult {
  const describe = (n: Expr) => (n.kind === 'name' ? `'${n.name}'` : 'the variables');
  const go = (n: Expr): LinearForm | string => {
    if (!dependsOn(n, vars)) return { coefficients: new Map(), rest: n };
    switch (n.kind) {
      case 'number':
      case 'boolean':
        return { coefficients: new Map(), rest: n };
      case 'name':
        return { coefficients: new Map([[n.name, num(1)]]), rest: ZERO };
      case 'unary': {
        if (n.op === 'not') return `'not' is applied to ${describe(n.operand)}`;
        const inner = go(n.operand);
        return typeof inner === 'string' || n.op === '+' ? inner : scale(inner, num(-1), '*');
      }
      case 'binary': {
        const l = go(n.left);
        if (typeof l === 'string') return l;
        const r = go(n.right);
        if (typeof r === 'string') return r;
        const lConst = !dependsOn(n.left, vars);
        const rConst = !dependsOn(n.right, vars);
        switch (n.op) {
          case '+':
          case '-':
            return combine(l, r, n.op);
          case '*':
            if (lConst) return scale(r, n.left, '*');
            if (rConst) return scale(l, n.right, '*');
            return 'it contains a product of variables';
          case '/':
            if (rConst) return scale(l, n.right, '/');
            return 'a variable occurs in a denominator';
          case '**':
            if (n.right.kind === 'number' && n.right.value === 1) return l;
            return 'a variable is raised to a power';
          default:
            return `a variable occurs in a '${n.op}' operation`;
        }
      }
      case 'call':
        return `a variable occurs inside ${n.callee}()`;
      default:
        return assertNever(n, 'expression');
    }
  };
  const result = go(e);
  if (typeof result === 'string') return { ok: false, reason: result };
  const coefficients = new Map([...result.coefficients].filter(([, c]) => !(c.kind === 'number' && c.value === 0)));
  return { ok: true, form: { coefficients, rest: result.rest } };
}
