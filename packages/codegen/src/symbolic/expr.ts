/**
 * Small symbolic toolkit over the parser's AST: building expressions, substituting names,
 * folding constants and asking what an expression depends on. Integrators and lowering share it.
 * Built nodes get an empty span at 0: they have no source text.
 */
import { ast, assertNever, span, type BinaryOp, type Expr, type Statement } from '@neurite/parser';

const NO_SPAN = span(0);

export const num = (value: number): Expr => ast.num(value, NO_SPAN, false);
export const name = (n: string): Expr => ast.name(n, NO_SPAN);
export const call = (fn: string, ...args: Expr[]): Expr => ast.call(fn, NO_SPAN, args, NO_SPAN);
export const neg = (e: Expr): Expr => ast.unary('-', e, NO_SPAN);
export const bin = (op: BinaryOp, a: Expr, b: Expr): Expr => ast.binary(op, a, b, NO_SPAN);
export const add = (a: Expr, b: Expr): Expr => bin('+', a, b);
export const sub = (a: Expr, b: Expr): Expr => bin('-', a, b);
export const mul = (a: Expr, b: Expr): Expr => bin('*', a, b);
export const div = (a: Expr, b: Expr): Expr => bin('/', a, b);
export const pow = (a: Expr, b: Expr): Expr => bin('**', a, b);
export const assign = (target: string, expr: Expr): Statement => ({ kind: 'statement', target, targetSpan: NO_SPAN, op: '=', expr, span: NO_SPAN });

/** Rebuilds `e` bottom-up, letting `f` replace any node (after its children were rebuilt). */
export function mapExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'number':
    case 'boolean':
    case 'name':
      return f(e);
    case 'call':
      return f({ ...e, args: e.args.map((a) => mapExpr(a, f)) });
    case 'unary':
      return f({ ...e, operand: mapExpr(e.operand, f) });
    case 'binary':
      return f({ ...e, left: mapExpr(e.left, f), right: mapExpr(e.right, f) });
    default:
      return assertNever(e, 'expression');
  }
}

/** Replaces names by expressions (simultaneously: replacements are not substituted again). */
export function substitute(e: Expr, replacements: ReadonlyMap<string, Expr>): Expr {
  return mapExpr(e, (n) => (n.kind === 'name' ? replacements.get(n.name) ?? n : n));
}

/** True if `e` mentions any of `names` (as a variable, not as a called function). */
export function dependsOn(e: Expr, names: ReadonlySet<string> | ((name: string) => boolean)): boolean {
  const test = typeof names === 'function' ? names : (n: string) => names.has(n);
  switch (e.kind) {
    case 'number':
    case 'boolean':
      return false;
    case 'name':
      return test(e.name);
    case 'call':
      return e.args.some((a) => dependsOn(a, test));
    case 'unary':
      return dependsOn(e.operand, test);
    case 'binary':
      return dependsOn(e.left, test) || dependsOn(e.right, test);
    default:
      return assertNever(e, 'expression');
  }
}

/** Names of functions called anywhere in `e`. */
export function calledFunctions(e: Expr): Set<string> {
  const out = new Set<string>();
  mapExpr(e, (n) => {
    if (n.kind === 'call') out.add(n.callee);
    return n;
  });
  return out;
}

const isNum = (e: Expr, v?: number): e is Extract<Expr, { kind: 'number' }> => e.kind === 'number' && (v === undefined || e.value === v);

/**
 * Folds arithmetic on literals and removes neutral elements (`x*1`, `x+0`, `0*x`, `--x`), so that
 * generated code and golden files stay readable. Never changes the value of a finite expression
 * (`0*x` is folded only because model values are finite; NaN propagation is not preserved there).
 */
export function simplify(e: Expr): Expr {
  return mapExpr(e, (n) => {
    if (n.kind === 'unary' && n.op === '-') {
      if (isNum(n.operand)) return num(-n.operand.value);
      if (n.operand.kind === 'unary' && n.operand.op === '-') return n.operand.operand;
    }
    if (n.kind === 'unary' && n.op === '+') return n.operand;
    if (n.kind !== 'binary') return n;
    const { left: a, right: b } = n;
    if (isNum(a) && isNum(b)) {
      switch (n.op) {
        case '+': return num(a.value + b.value);
        case '-': return num(a.value - b.value);
        case '*': return num(a.value * b.value);
        case '/': if (b.value !== 0) return num(a.value / b.value); break;
        case '**': return num(a.value ** b.value);
        default: break;
      }
    }
    // Sign rewrites below are exact in IEEE arithmetic: a + (-b) == a - b, -1*x == -x.
    const negated = (e: Expr): Expr | undefined => (e.kind === 'unary' && e.op === '-' ? e.operand : isNum(e) && e.value < 0 ? num(-e.value) : undefined);
    switch (n.op) {
      case '+': {
        if (isNum(a, 0)) return b;
        if (isNum(b, 0)) return a;
        const nb = negated(b);
        if (nb) return bin('-', a, nb);
        break;
      }
      case '-': {
        if (isNum(b, 0)) return a;
        if (isNum(a, 0)) return simplify(neg(b));
        const nb = negated(b);
        if (nb) return bin('+', a, nb);
        break;
      }
      case '*':
        if (isNum(a, 0) || isNum(b, 0)) return num(0);
        if (isNum(a, 1)) return b;
        if (isNum(b, 1)) return a;
        if (isNum(a, -1)) return simplify(neg(b));
        if (isNum(b, -1)) return simplify(neg(a));
        break;
      case '/':
        if (isNum(b, 1)) return a;
        if (isNum(a, 0)) return num(0);
        break;
      case '**':
        if (isNum(b, 1)) return a;
        if (isNum(b, 0)) return num(1);
        break;
      default:
        break;
    }
    return n;
  });
}
