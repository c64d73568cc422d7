/**
 * The typed AST of Neurite's model language — every node type in one place.
 *
 * Invariants shared by all nodes:
 * - every node carries the {@link Span} of the text it came from (spans of children lie inside the
 *   span of their parent);
 * - nodes are plain immutable data (no methods, no parent pointers), so they can be compared with
 *   deep equality, printed, and passed between packages;
 * - `**` written as `^` is already reported by the parser and appears here as `'**'`.
 */
import type { Dimension } from './units/dimension.js';
import type { Span } from './source.js';

// ---------------------------------------------------------------------------------------------
// Expressions

/** Binary operators, Python-style as in Brian. `//` is floor division, `%` is Python's modulo. */
export type BinaryOp =
  | '+' | '-' | '*' | '/' | '//' | '%' | '**'
  | '<' | '<=' | '>' | '>=' | '==' | '!='
  | 'and' | 'or';

export type UnaryOp = '-' | '+' | 'not';

/** A numeric literal. `isInteger` is true for literals written without `.` or exponent (`3`, not `3.` or `3e0`). */
export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
  readonly isInteger: boolean;
  readonly span: Span;
}

/** `True` / `False`. */
export interface BooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly span: Span;
}

/** A reference to a variable, constant, unit (`mV`) or noise term (`xi`, `xi_1`). Resolved by the checker. */
export interface NameRef {
  readonly kind: 'name';
  readonly name: string;
  readonly span: Span;
}

/** A call of a built-in function, user function or TimedArray: `exp(x)`, `I_rec(t)`, `rand()`. */
export interface Call {
  readonly kind: 'call';
  readonly callee: string;
  readonly calleeSpan: Span;
  readonly args: readonly Expr[];
  readonly span: Span;
}

export interface Unary {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly operand: Expr;
  readonly span: Span;
}

export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export type Expr = NumberLiteral | BooleanLiteral | NameRef | Call | Unary | Binary;

// ---------------------------------------------------------------------------------------------
// Model equations

/** Flags as written inside `( ... )` after the unit; multi-word flags are normalised to single spaces. */
export type FlagName =
  | 'unless refractory'
  | 'constant'
  | 'shared'
  | 'linked'
  | 'constant over dt'
  | 'event-driven'
  | 'clock-driven'
  | 'summed';

/** Every flag the language knows, in the order the docs list them. */
export const FLAG_NAMES: readonly FlagName[] = [
  'unless refractory',
  'constant',
  'shared',
  'linked',
  'constant over dt',
  'event-driven',
  'clock-driven',
  'summed',
];

export interface Flag {
  readonly name: FlagName;
  readonly span: Span;
}

/**
 * The unit field after `:`. `dim` is resolved from Brian's unit table at parse time (the table is
 * static, so no namespace is needed): `1` and `boolean`/`integer` are dimensionless.
 * Invariant: `kind === 'unit'` iff the field is a physical unit expression; then `expr` is it.
 */
export interface UnitSpec {
  readonly kind: 'dimensionless' | 'boolean' | 'integer' | 'unit';
  readonly expr: Expr | undefined;
  readonly dim: Dimension;
  readonly span: Span;
}

interface EquationBase {
  /** The variable being defined (for `dv/dt = ...` this is `v`). */
  readonly name: string;
  readonly nameSpan: Span;
  readonly unit: UnitSpec;
  readonly flags: readonly Flag[];
  /** The whole line (or lines, for continued expressions), comment excluded. */
  readonly span: Span;
}

/** `dx/dt = expr : unit (flags)` */
export interface DifferentialEquation extends EquationBase {
  readonly kind: 'differential';
  readonly expr: Expr;
}

/** `x = expr : unit (flags)` — evaluated on demand, never stored. */
export interface SubexpressionEquation extends EquationBase {
  readonly kind: 'subexpression';
  readonly expr: Expr;
}

/** `x : unit (flags)` — a stored value per element (or one, if `shared`). */
export interface ParameterEquation extends EquationBase {
  readonly kind: 'parameter';
}

export type Equation = DifferentialEquation | SubexpressionEquation | ParameterEquation;
export type EquationKind = Equation['kind'];

// ---------------------------------------------------------------------------------------------
// Statements (reset, on_pre, on_post, run_regularly code)

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=';

/** `target op expr`, e.g. `v = Vr`, `ge += we`. */
export interface Statement {
  readonly kind: 'statement';
  readonly target: string;
  readonly targetSpan: Span;
  readonly op: AssignOp;
  readonly expr: Expr;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Constructors, used by the CST→AST step and by tests (so tests don't spell out object literals).

export const ast = {
  num(value: number, span: Span, isInteger = Number.isInteger(value)): NumberLiteral {
    return { kind: 'number', value, isInteger, span };
  },
  bool(value: boolean, span: Span): BooleanLiteral {
    return { kind: 'boolean', value, span };
  },
  name(name: string, span: Span): NameRef {
    return { kind: 'name', name, span };
  },
  call(callee: string, calleeSpan: Span, args: readonly Expr[], span: Span): Call {
    return { kind: 'call', callee, calleeSpan, args, span };
  },
  unary(op: UnaryOp, operand: Expr, span: Span): Unary {
    return { kind: 'unary', op, operand, span };
  },
  binary(op: BinaryOp, left: Expr, right: Expr, span: Span): Binary {
    return { kind: 'binary', op, left, right, span };
  },
};

/** Compile-time exhaustiveness check for `switch` over a union's `kind`. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`internal error: unexpected ${what} ${JSON.stringify(x)}`);
}

/** Calls `visit` on `e` and every sub-expression, parents before children, left to right. */
export function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.kind) {
    case 'number':
    case 'boolean':
    case 'name':
      return;
    case 'call':
      for (const a of e.args) walkExpr(a, visit);
      return;
    case 'unary':
      walkExpr(e.operand, visit);
      return;
    case 'binary':
      walkExpr(e.left, visit);
      walkExpr(e.right, visit);
      return;
    default:
      assertNever(e, 'expression');
  }
}

/** Names referenced in `e` (variables, constants, units, noise terms), excluding called function names. Sorted, unique. */
export function referencedNames(e: Expr): string[] {
  const names = new Set<string>();
  walkExpr(e, (n) => {
    if (n.kind === 'name') names.add(n.name);
  });
  return [...names].sort();
}

// ---------------------------------------------------------------------------------------------
// The checked model: what `checkModel` hands to code generation.

/** Value types, ordered as in Brian: boolean < integer < float. */
export type ValueType = 'boolean' | 'integer' | 'float';

/**
 * Where a name that an expression can read comes from.
 * - `state`: defined by a differential equation; `parameter`: `x : unit`; `subexpression`: `x = ...`
 * - `internal`: provided by the group (t, dt, i, N, lastspike, not_refractory, j, delay, ...)
 * - `pre` / `post`: a variable of the pre- or postsynaptic group, seen from synapses
 */
export type VariableOrigin = 'state' | 'parameter' | 'subexpression' | 'internal' | 'pre' | 'post';

/** One name visible inside a group's code. Invariant: `dim` is in SI base units. */
export interface VariableInfo {
  readonly name: string;
  readonly origin: VariableOrigin;
  readonly dim: Dimension;
  readonly type: ValueType;
  /** One value for the whole group rather than one per element. */
  readonly shared: boolean;
  /** Code may not assign to it (subexpressions, t, i, N, constant parameters while running, ...). */
  readonly readOnly: boolean;
  readonly flags: readonly FlagName[];
  /** For `pre`/`post`: the name of the variable in that group (`v` for `v_post`). */
  readonly target?: string;
  /** The defining equation, for model variables. */
  readonly equation?: Equation;
}

/** The variables of a group as seen from outside, e.g. by Synapses that connect it. */
export interface GroupVariables {
  readonly variables: ReadonlyMap<string, VariableInfo>;
}

/** A constant taken from the namespace (or a unit used as a value): a number in SI units. */
export interface ExternalConstant {
  readonly kind: 'constant';
  readonly name: string;
  readonly value: number;
  readonly dim: Dimension;
  readonly type: ValueType;
}

/**
 * A function a model may call that is not built in: a user function or a TimedArray. The runtime's
 * TimedArray implements this interface. `argDims[k]` undefined means "any dimension".
 */
export interface ExternalFunction {
  readonly kind: 'function';
  /** Number of arguments the function takes. */
  readonly arity: number;
  readonly argDims?: readonly (Dimension | undefined)[];
  readonly returnDim: Dimension;
  readonly returnType?: ValueType;
  /** True if the value may be treated as constant within one time step (TimedArrays are), which keeps `exact` integration applicable. */
  readonly constantOverDt?: boolean;
  /** The function itself, in SI units, for backends that call it (the JS backend does). */
  readonly implementation?: (...args: number[]) => number;
}

export type ExternalSymbol = ExternalConstant | (ExternalFunction & { readonly name: string });

/**
 * A model that passed every check. Invariants: every name an expression uses is in `variables`,
 * `externals`, or is a built-in function, unit or constant; every equation is dimensionally
 * consistent; `subexpressionOrder` lists each subexpression after all subexpressions it uses.
 */
export interface CheckedModel extends GroupVariables {
  readonly kind: 'neurons' | 'synapses';
  readonly equations: readonly Equation[];
  readonly subexpressionOrder: readonly string[];
  /** Namespace entries the model uses, resolved to values or functions. */
  readonly externals: ReadonlyMap<string, ExternalSymbol>;
  /** Noise terms (`xi`, `xi_1`, ...) used, in order of first use. */
  readonly noiseTerms: readonly string[];
}
