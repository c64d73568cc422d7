/**
 * AST → canonical text: the inverse of the parser, up to spans and layout. For every AST the
 * parser can produce, `parse(print(ast))` gives back the same AST (modulo spans) with no
 * diagnostics; `test/print.test.ts` checks this as a property over random ASTs.
 *
 * Layout is fixed so that the output is canonical: one space around every binary operator except
 * `**` (written tight, as in `v**2`, the way Brian models write powers), none after a unary sign,
 * one after `not`, `, ` between arguments and flags. Parentheses are added only where the grammar
 * needs them, decided by one table ({@link PRECEDENCE}), so the printer cannot drift out of sync
 * with itself operator by operator.
 */
import {
  assertNever,
  type Binary,
  type BinaryOp,
  type Equation,
  type Expr,
  type NumberLiteral,
  type Statement,
  type UnaryOp,
  type UnitSpec,
} from './ast.js';

/** How an operator groups in a chain `a op b op c`; `'none'` means the chain is not allowed (comparisons). */
export type Associativity = 'left' | 'right' | 'none' | 'prefix';

/** One row of {@link PRECEDENCE}. */
export interface OperatorInfo {
  /** Binding strength: higher binds tighter. Atoms (numbers, names, calls, parenthesised expressions) bind tightest of all. */
  readonly prec: number;
  readonly assoc: Associativity;
  /**
   * Overrides the lowest precedence the right operand may have without parentheses, where the
   * grammar is not the plain rule for `assoc`. Only `**` needs it: its exponent is a unary-level
   * operand (`2**-1`), one level below `**` itself, as in Python's `power: primary ['**' u_expr]`.
   */
  readonly rightOperandMin?: number;
}

/** Precedence of atoms: numbers, booleans, names, calls. Nothing needs parentheses around one of these. */
export const ATOM_PREC = 9;

const UNARY_SIGN_PREC = 7;

/**
 * The precedence and associativity of every operator, lowest first, mirroring the grammar in
 * `grammar/model-parser.ts` (Python's order): `or` < `and` < `not` < comparisons < `+ -` <
 * `* / // %` < unary `- +` < `**` < atoms. The printer reads nothing else to decide on parentheses.
 */
export const PRECEDENCE: {
  readonly binary: Readonly<Record<BinaryOp, OperatorInfo>>;
  readonly unary: Readonly<Record<UnaryOp, OperatorInfo>>;
} = {
  binary: {
    or: { prec: 1, assoc: 'left' },
    and: { prec: 2, assoc: 'left' },
    // (`not` is 3, see below.) Comparisons do not chain: `a < b < c` is reported as an error.
    '<': { prec: 4, assoc: 'none' },
    '<=': { prec: 4, assoc: 'none' },
    '>': { prec: 4, assoc: 'none' },
    '>=': { prec: 4, assoc: 'none' },
    '==': { prec: 4, assoc: 'none' },
    '!=': { prec: 4, assoc: 'none' },
    '+': { prec: 5, assoc: 'left' },
    '-': { prec: 5, assoc: 'left' },
    '*': { prec: 6, assoc: 'left' },
    '/': { prec: 6, assoc: 'left' },
    '//': { prec: 6, assoc: 'left' },
    '%': { prec: 6, assoc: 'left' },
    // (Unary signs are 7.) The base of `**` must be an atom: `(-x)**2`, `(a**b)**c`.
    '**': { prec: 8, assoc: 'right', rightOperandMin: UNARY_SIGN_PREC },
  },
  unary: {
    not: { prec: 3, assoc: 'prefix' },
    '-': { prec: UNARY_SIGN_PREC, assoc: 'prefix' },
    '+': { prec: UNARY_SIGN_PREC, assoc: 'prefix' },
  },
};

/** The precedence of `e` as printed, i.e. how tightly its text holds together. */
function precOf(e: Expr): number {
  switch (e.kind) {
    case 'number':
      // A negative literal can only come from a hand-built AST; it prints with a leading '-', so
      // it holds together no better than a unary minus (`(-2)**2`, not `-2**2`).
      return isNegative(e.value) ? UNARY_SIGN_PREC : ATOM_PREC;
    case 'boolean':
    case 'name':
    case 'call':
      return ATOM_PREC;
    case 'unary':
      return PRECEDENCE.unary[e.op].prec;
    case 'binary':
      return PRECEDENCE.binary[e.op].prec;
    default:
      return assertNever(e, 'expression');
  }
}

/** Lowest precedence each operand of `op` may have without parentheses, derived from its row. */
function operandMins(info: OperatorInfo): { left: number; right: number } {
  const p = info.prec;
  switch (info.assoc) {
    case 'left': // a - b - c is (a - b) - c, so a right operand of equal precedence needs parentheses
      return { left: p, right: info.rightOperandMin ?? p + 1 };
    case 'right': // a ** b ** c is a ** (b ** c)
      return { left: p + 1, right: info.rightOperandMin ?? p };
    case 'none': // neither side may be another operator of the same level
      return { left: p + 1, right: info.rightOperandMin ?? p + 1 };
    case 'prefix': // the operand is `right`; --x and not not x are fine, so it may be another prefix operator
      return { left: p, right: info.rightOperandMin ?? p };
    default:
      return assertNever(info.assoc, 'associativity');
  }
}

/**
 * Prints an expression in canonical form with the fewest parentheses the grammar allows.
 *
 * @throws Error for a NaN literal, which has no textual form (the parser never produces one).
 */
export function printExpr(e: Expr): string {
  return print(e, 0);
}

/** Prints `e`, in parentheses if it binds looser than `minPrec`, the least its context accepts. */
function print(e: Expr, minPrec: number): string {
  const text = printBare(e);
  return precOf(e) < minPrec ? `(${text})` : text;
}

function printBare(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return printNumber(e);
    case 'boolean':
      return e.value ? 'True' : 'False';
    case 'name':
      return e.name;
    case 'call':
      // Arguments are whole expressions in the grammar, so they never need parentheses.
      return `${e.callee}(${e.args.map((a) => print(a, 0)).join(', ')})`;
    case 'unary': {
      const { right } = operandMins(PRECEDENCE.unary[e.op]);
      const operand = print(e.operand, right);
      // `not` is a word: without the space `not x` would lex as the name `notx`.
      return e.op === 'not' ? `not ${operand}` : `${e.op}${operand}`;
    }
    case 'binary':
      return printBinary(e);
    default:
      return assertNever(e, 'expression');
  }
}

function printBinary(e: Binary): string {
  if (e.op === '**') {
    const mins = operandMins(PRECEDENCE.binary['**']);
    return `${print(e.left, mins.left)}**${print(e.right, mins.right)}`;
  }
  // A chain `a + b - c + ...` is a left spine as long as the input (the parser puts no limit on
  // it), so walk that spine in a loop instead of recursing once per operator: recursion is then
  // only as deep as parentheses and prefix operators nest, which the parser does limit.
  const tail: string[] = [];
  let node: Binary = e;
  for (;;) {
    const mins = operandMins(PRECEDENCE.binary[node.op]);
    tail.push(`${node.op} ${print(node.right, mins.right)}`);
    const left = node.left;
    // Exactly the case in which `print(left, mins.left)` would print `left` bare, as one more link.
    if (left.kind === 'binary' && left.op !== '**' && precOf(left) >= mins.left) {
      node = left;
      continue;
    }
    return [print(left, mins.left), ...tail.reverse()].join(' ');
  }
}

function isNegative(v: number): boolean {
  return v < 0 || Object.is(v, -0);
}

/**
 * A literal that lexes back to the same value with the same `isInteger` flag: the lexer marks a
 * literal as an integer exactly when it is all digits, so integers must never print with `.` or an
 * exponent, and other values must always have one.
 */
function printNumber(n: NumberLiteral): string {
  const v = n.value;
  if (Number.isNaN(v)) throw new Error('internal error: cannot print a NaN number literal');
  if (isNegative(v)) return `-${printNumber({ ...n, value: -v })}`;
  if (v === Infinity) {
    // Only a literal too large for a double gives Infinity (`1e999`); print one that overflows too.
    return n.isInteger ? `1${'0'.repeat(309)}` : '1e999';
  }
  const s = String(v); // the shortest text that reads back as exactly v
  if (n.isInteger) {
    // String() switches to exponent form from 1e21 on; BigInt gives the exact digits of the double.
    return Number.isInteger(v) && /e/i.test(s) ? BigInt(v).toString() : s;
  }
  return /[.e]/i.test(s) ? s : `${s}.0`;
}

/** Prints an update statement: `v = Vr`, `ge += we`. */
export function printStatement(s: Statement): string {
  return `${s.target} ${s.op} ${printExpr(s.expr)}`;
}

/** The unit field: `1`, `boolean`, `integer`, or the unit expression through the same printer. */
function printUnit(u: UnitSpec): string {
  switch (u.kind) {
    case 'dimensionless':
      return '1';
    case 'boolean':
    case 'integer':
      return u.kind;
    case 'unit':
      if (!u.expr) throw new Error("internal error: a unit field of kind 'unit' has no expression");
      // The unit grammar is a subset of the expression grammar (names, numbers, * / and ** with a
      // signed number exponent), and the expression printer only adds parentheses the unit
      // grammar also accepts.
      return printExpr(u.expr);
    default:
      return assertNever(u.kind, 'unit kind');
  }
}

/**
 * Prints one model line: `dv/dt = expr : unit (flags)`, `x = expr : unit (flags)` or
 * `x : unit (flags)`.
 *
 * @param unitText the unit field to write instead of printing `eq.unit`, e.g. the text the user
 *   originally wrote (`siemens/metre**2` rather than `siemens / metre**2`).
 */
export function printEquation(eq: Equation, unitText?: string): string {
  const unit = unitText ?? printUnit(eq.unit);
  const flags = eq.flags.length > 0 ? ` (${eq.flags.map((f) => f.name).join(', ')})` : '';
  const tail = ` : ${unit}${flags}`;
  switch (eq.kind) {
    case 'differential':
      return `d${eq.name}/dt = ${printExpr(eq.expr)}${tail}`;
    case 'subexpression':
      return `${eq.name} = ${printExpr(eq.expr)}${tail}`;
    case 'parameter':
      return `${eq.name}${tail}`;
    default:
      return assertNever(eq, 'equation');
  }
}
