/**
 * Evaluates constant expressions with units — the values of quantity strings such as
 * `'1*ufarad*cm**-2 * 20000*umetre**2'` — to a number in SI base units and its dimension, checking
 * dimensions on the way (`5*mV + 2*ms` is an error, not 0.007).
 */
import { unitText } from './unit-text.js';
import type { Expr } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { closest } from '../suggest.js';
import { DIMENSIONLESS, divDim, isDimensionless, mulDim, powDim, sameDim, type Quantity } from './dimension.js';
import { lookupUnit, unitNames } from './unit-table.js';

/**
 * Short unit names accepted in quantity strings of the API (`'1 s'`, as in `net.run('1 s')`) but
 * not in model code, where Brian has no such units and `s` stays free as a variable name.
 */
export const QUANTITY_ALIASES: ReadonlyMap<string, string> = new Map([['s', 'second']]);

/** The unit a name means in a quantity string (a Brian unit, or one of {@link QUANTITY_ALIASES}). */
export function lookupQuantityUnit(name: string): ReturnType<typeof lookupUnit> {
  return lookupUnit(QUANTITY_ALIASES.get(name) ?? name);
}

/** Mathematical constants usable wherever a value is expected, as in Brian. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
  ['inf', Infinity],
]);

const PURE_FUNCTIONS: Record<string, (x: number) => number> = {
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
  log10: Math.log10,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
};

/** Value of a constant expression, or undefined with diagnostics pushed. */
export function evaluateQuantity(e: Expr, diagnostics: Diagnostic[]): Quantity | undefined {
  switch (e.kind) {
    case 'number':
      return { value: e.value, dim: DIMENSIONLESS };
    case 'boolean':
      return { value: e.value ? 1 : 0, dim: DIMENSIONLESS };
    case 'name': {
      const c = CONSTANTS.get(e.name);
      if (c !== undefined) return { value: c, dim: DIMENSIONLESS };
      const u = lookupQuantityUnit(e.name);
      if (u) return { value: u.scale, dim: u.dim };
      diagnostics.push(diag.unknownUnit(e.span, e.name, closest(e.name, unitNames())));
      return undefined;
    }
    case 'unary': {
      const x = evaluateQuantity(e.operand, diagnostics);
      if (!x) return undefined;
      if (e.op === 'not') {
        diagnostics.push(diag.syntax(e.span, "'not' cannot be used in a quantity"));
        return undefined;
      }
      return e.op === '-' ? { value: -x.value, dim: x.dim } : x;
    }
    case 'call': {
      const f = PURE_FUNCTIONS[e.callee];
      if (!f) {
        diagnostics.push(diag.unknownFunction(e.calleeSpan, e.callee, closest(e.callee, Object.keys(PURE_FUNCTIONS))));
        return undefined;
      }
      if (e.args.length !== 1) {
        diagnostics.push(diag.wrongArity(e.span, e.callee, '1 argument', e.args.length));
        return undefined;
      }
      const x = evaluateQuantity(e.args[0]!, diagnostics);
      if (!x) return undefined;
      if (e.callee === 'sqrt') return { value: Math.sqrt(x.value), dim: powDim(x.dim, 0.5) };
      if (e.callee === 'abs') return { value: Math.abs(x.value), dim: x.dim };
      if (!isDimensionless(x.dim)) {
        diagnostics.push(diag.dimensionlessArgument(e.args[0]!.span, e.callee, unitText(x.dim)));
        return undefined;
      }
      return { value: f(x.value), dim: DIMENSIONLESS };
    }
    case 'binary': {
      const a = evaluateQuantity(e.left, diagnostics);
      const b = evaluateQuantity(e.right, diagnostics);
      if (!a || !b) return undefined;
      switch (e.op) {
        case '*':
          return { value: a.value * b.value, dim: mulDim(a.dim, b.dim) };
        case '/':
          return { value: a.value / b.value, dim: divDim(a.dim, b.dim) };
        case '**':
          if (!isDimensionless(b.dim)) {
            diagnostics.push(diag.exponentNotDimensionless(e.right.span, unitText(b.dim)));
            return undefined;
          }
          return { value: a.value ** b.value, dim: powDim(a.dim, b.value) };
        case '+':
        case '-':
          if (!sameDim(a.dim, b.dim)) {
            diagnostics.push(diag.operandDimensions(e.span, e.op === '+' ? 'add' : 'subtract', unitText(a.dim), unitText(b.dim)));
            return undefined;
          }
          return { value: e.op === '+' ? a.value + b.value : a.value - b.value, dim: a.dim };
        default:
          diagnostics.push(diag.syntax(e.span, `'${e.op}' cannot be used in a quantity`, 'a quantity is a number times a unit, e.g. 5*mV or 5 mV'));
          return undefined;
      }
    }
  }
}
