/**
 * Evaluates a unit expression (`siemens/metre**2`, `mV`, `1/second`) to a {@link Unit} using
 * Brian's unit table. Used for the unit field of equations and for the unit of a quantity string.
 */
import type { Expr } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { closest } from '../suggest.js';
import { DIMENSIONLESS, divDim, mulDim, powDim, type Unit } from './dimension.js';
import { lookupUnit, unitNames } from './unit-table.js';

/**
 * `aliases` maps extra names to unit names (quantity strings accept `s` for second; the unit field
 * of equations does not).
 */
export function evaluateUnitExpr(e: Expr, diagnostics: Diagnostic[], aliases?: ReadonlyMap<string, string>): Unit | undefined {
  switch (e.kind) {
    case 'number':
      return { dim: DIMENSIONLESS, scale: e.value };
    case 'name': {
      const u = lookupUnit(aliases?.get(e.name) ?? e.name);
      if (!u) diagnostics.push(diag.unknownUnit(e.span, e.name, closest(e.name, unitNames())));
      return u;
    }
    case 'unary': {
      // Only signs of exponents reach here (the unit grammar has no other unary).
      const inner = evaluateUnitExpr(e.operand, diagnostics, aliases);
      return inner && e.op === '-' ? { dim: inner.dim, scale: -inner.scale } : inner;
    }
    case 'binary': {
      const left = evaluateUnitExpr(e.left, diagnostics, aliases);
      if (e.op === '**') {
        const exponent = e.right.kind === 'number' ? e.right.value : e.right.kind === 'unary' && e.right.operand.kind === 'number' ? (e.right.op === '-' ? -1 : 1) * e.right.operand.value : undefined;
        if (exponent === undefined) {
          diagnostics.push(diag.invalidUnit(e.right.span, 'a unit exponent must be a number'));
          return undefined;
        }
        return left && { dim: powDim(left.dim, exponent), scale: left.scale ** exponent };
      }
      const right = evaluateUnitExpr(e.right, diagnostics, aliases);
      if (!left || !right) return undefined;
      if (e.op === '*') return { dim: mulDim(left.dim, right.dim), scale: left.scale * right.scale };
      if (e.op === '/') return { dim: divDim(left.dim, right.dim), scale: left.scale / right.scale };
      diagnostics.push(diag.invalidUnit(e.span, `'${e.op}' cannot be used in a unit`, "combine units with '*', '/' and '**'"));
      return undefined;
    }
    case 'boolean':
    case 'call':
      diagnostics.push(diag.invalidUnit(e.span, 'expected a unit'));
      return undefined;
  }
}
