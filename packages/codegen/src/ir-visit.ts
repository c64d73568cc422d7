/**
 * Generic rewriting of KernelIR, so that passes over kernels (backends, the runtime's index
 * rewrites) do not each repeat the exhaustive traversal of every node kind.
 */
import { assertNever } from '@neurite/parser';
import type { IndexRef, IRExpr, IRStmt, RandomDraw } from './ir.js';

/**
 * Rebuilds `e` top-down: `replace` sees every node first; a node it returns takes the place of the
 * original (its children are not visited), `undefined` keeps the node and rewrites its children.
 */
export function mapIRExpr(e: IRExpr, replace: (e: IRExpr) => IRExpr | undefined): IRExpr {
  const r = replace(e);
  if (r !== undefined) return r;
  const go = (x: IRExpr) => mapIRExpr(x, replace);
  switch (e.kind) {
    case 'literal':
    case 'scalar':
    case 'load':
    case 'local':
    case 'index':
      return e;
    case 'unary':
      return { ...e, arg: go(e.arg) };
    case 'binary':
      return { ...e, left: go(e.left), right: go(e.right) };
    case 'call':
    case 'extern':
      return { ...e, args: e.args.map(go) };
    case 'select':
      return { ...e, cond: go(e.cond), then: go(e.then), else: go(e.else) };
    default:
      return assertNever(e, 'IR expression');
  }
}

/**
 * Rewrites every expression of a statement list with {@link mapIRExpr} (Poisson means and `if`
 * conditions included, nested blocks too). `statement`, if given, then sees each rewritten
 * statement and may return several statements in its place (e.g. a store added after a draw).
 */
export function mapIRStatements(
  stmts: readonly IRStmt[],
  replace: (e: IRExpr) => IRExpr | undefined,
  statement: (s: IRStmt) => IRStmt[] = (s) => [s],
): IRStmt[] {
  const ex = (e: IRExpr) => mapIRExpr(e, replace);
  const value = (v: IRExpr | RandomDraw): IRExpr | RandomDraw =>
    v.kind === 'random' ? (v.dist === 'poisson' ? { ...v, lambda: ex(v.lambda) } : v) : ex(v);
  return stmts.flatMap((s): IRStmt[] => {
    switch (s.kind) {
      case 'let':
        return statement({ ...s, value: value(s.value) });
      case 'assign':
      case 'store':
        return statement({ ...s, value: ex(s.value) });
      case 'if':
        return statement({ ...s, cond: ex(s.cond), then: mapIRStatements(s.then, replace, statement), else: mapIRStatements(s.else, replace, statement) });
      case 'emit':
        return statement(s);
      default:
        return assertNever(s, 'IR statement');
    }
  });
}

/** Calls `f` on `e` and every expression inside it, parents before children (reads only). */
export function forEachExpr(e: IRExpr, f: (e: IRExpr) => void): void {
  f(e);
  switch (e.kind) {
    case 'literal':
    case 'scalar':
    case 'load':
    case 'local':
    case 'index':
      return;
    case 'unary':
      forEachExpr(e.arg, f);
      return;
    case 'binary':
      forEachExpr(e.left, f);
      forEachExpr(e.right, f);
      return;
    case 'call':
    case 'extern':
      for (const a of e.args) forEachExpr(a, f);
      return;
    case 'select':
      forEachExpr(e.cond, f);
      forEachExpr(e.then, f);
      forEachExpr(e.else, f);
      return;
    default:
      assertNever(e, 'IR expression');
  }
}

/** Calls `f` on every statement (pre-order) with its nesting depth, and `g` on every expression. */
export function walkStmts(ss: readonly IRStmt[], f: (s: IRStmt, depth: number) => void, g: (e: IRExpr) => void, depth = 0): void {
  for (const s of ss) {
    f(s, depth);
    switch (s.kind) {
      case 'let':
        if (s.value.kind === 'random') {
          if (s.value.dist === 'poisson') forEachExpr(s.value.lambda, g);
        } else forEachExpr(s.value, g);
        break;
      case 'assign':
      case 'store':
        forEachExpr(s.value, g);
        if (s.kind === 'store') indexExprs(s.index, g);
        break;
      case 'if':
        forEachExpr(s.cond, g);
        walkStmts(s.then, f, g, depth + 1);
        walkStmts(s.else, f, g, depth + 1);
        break;
      case 'emit':
        break;
      default:
        assertNever(s, 'IR statement');
    }
  }
}

function indexExprs(i: IndexRef, g: (e: IRExpr) => void): void {
  if (i.kind === 'local') g({ kind: 'local', name: i.name, type: 'integer' });
}
