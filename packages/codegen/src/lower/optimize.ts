/**
 * IR → IR optimisation: loop-invariant code motion. Any maximal sub-expression of the loop body
 * that depends only on literals and scalar arguments (e.g. `exp(-dt/taum)`) is computed once per
 * call in the preamble and read from a local in the loop. Identical sub-expressions share one
 * local. This is what V8 cannot do for us: it does not hoist `Math.exp` out of a loop.
 */
import { assertNever } from '@neurite/parser';
import type { IRExpr, IRStmt, KernelIR } from '../ir.js';

function isInvariant(e: IRExpr): boolean {
  switch (e.kind) {
    case 'literal':
    case 'scalar':
      return true;
    case 'load':
    case 'local':
    case 'index':
    case 'extern': // user functions may have state (and TimedArrays read t per element anyway)
      return false;
    case 'unary':
      return isInvariant(e.arg);
    case 'binary':
      return isInvariant(e.left) && isInvariant(e.right);
    case 'call':
      return e.args.every(isInvariant);
    case 'select':
      return isInvariant(e.cond) && isInvariant(e.then) && isInvariant(e.else);
    default:
      return assertNever(e, 'IR expression');
  }
}

/** Worth a local: anything but a bare literal or scalar, or a sign in front of one. */
function isTrivial(e: IRExpr): boolean {
  return e.kind === 'literal' || e.kind === 'scalar' || (e.kind === 'unary' && (e.arg.kind === 'literal' || e.arg.kind === 'scalar'));
}

export function hoistInvariants(kernel: KernelIR): KernelIR {
  const hoisted: IRStmt[] = [];
  const byKey = new Map<string, string>();
  const hoist = (e: IRExpr): IRExpr => {
    if (isInvariant(e) && !isTrivial(e)) {
      const key = JSON.stringify(e);
      let local = byKey.get(key);
      if (!local) {
        local = `_inv${byKey.size}`;
        byKey.set(key, local);
        hoisted.push({ kind: 'let', name: local, type: e.type, value: e });
      }
      return { kind: 'local', name: local, type: e.type };
    }
    switch (e.kind) {
      case 'unary':
        return { ...e, arg: hoist(e.arg) };
      case 'binary':
        return { ...e, left: hoist(e.left), right: hoist(e.right) };
      case 'call':
        return { ...e, args: e.args.map(hoist) };
      case 'extern':
        return { ...e, args: e.args.map(hoist) };
      case 'select':
        return { ...e, cond: hoist(e.cond), then: hoist(e.then), else: hoist(e.else) };
      default:
        return e;
    }
  };
  const stmt = (s: IRStmt): IRStmt => {
    switch (s.kind) {
      case 'let':
        return s.value.kind === 'random' ? (s.value.dist === 'poisson' ? { ...s, value: { ...s.value, lambda: hoist(s.value.lambda) } } : s) : { ...s, value: hoist(s.value) };
      case 'assign':
        return { ...s, value: hoist(s.value) };
      case 'store':
        return { ...s, value: hoist(s.value) };
      case 'if':
        return { ...s, cond: hoist(s.cond), then: s.then.map(stmt), else: s.else.map(stmt) };
      case 'emit':
        return s;
      default:
        return assertNever(s, 'IR statement');
    }
  };
  const body = kernel.body.map(stmt);
  if (hoisted.length === 0) return kernel;
  // Hoisted values are computed before the preamble's own statements: they read only scalars.
  return { ...kernel, preamble: [...hoisted, ...kernel.preamble], body };
}
