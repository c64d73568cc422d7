/**
 * Diagnostics are data: every problem the parser or checker finds is a {@link Diagnostic} built by
 * one factory in {@link diag} (the catalog), so wording lives in one place and tests can name codes.
 * Messages say what is wrong; `hint` says how to fix it. Nothing here throws, except
 * {@link EquationError}, which the public API uses to surface a batch of diagnostics at once.
 */
import type { Span } from './source.js';
import { SourceText } from './source.js';
import { formatDiagnostics } from './format-diagnostic.js';

export type Severity = 'error' | 'warning';

/** A problem in user input, located by a span into the source it was found in. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** What is wrong, in one sentence without a trailing period; names the offending text. */
  readonly message: string;
  readonly span: Span;
  /** How to fix it, when there is something specific to say. */
  readonly hint?: string;
}

const q = (s: string) => `'${s}'`;

/** How messages print "no unit" (see `formatDimension` in units/unit-table.ts). */
export const DIMENSIONLESS_TEXT = '1 (dimensionless)';

function error(code: DiagnosticCode, span: Span, message: string, hint?: string): Diagnostic {
  return hint === undefined ? { code, severity: 'error', message, span } : { code, severity: 'error', message, span, hint };
}

function didYouMean(suggestion: string | undefined): string | undefined {
  return suggestion === undefined ? undefined : `did you mean ${q(suggestion)}?`;
}

/** The catalog: one factory per diagnostic code. */
export const diag = {
  // --- lexical and syntax -------------------------------------------------------------------
  /** `text` is the whole run of characters the lexer skipped, e.g. `&&`; the hint goes by the first. */
  unexpectedCharacter: (span: Span, text: string) => {
    const hints: Record<string, string> = {
      '&': "use 'and' for a logical and",
      '|': "use 'or' for a logical or",
      '!': "use 'not' for a logical not ('!=' is 'not equal')",
      '[': 'indexing is not part of the language; use a TimedArray or a parameter per element',
      '"': 'string literals are not part of the language',
      "'": 'string literals are not part of the language',
    };
    const first = String.fromCodePoint(text.codePointAt(0) ?? 0);
    const plural = [...text].length > 1 ? 's' : '';
    return error('unexpected-character', span, `unexpected character${plural} ${q(text)}`, hints[first]);
  },
  syntax: (span: Span, message: string, hint?: string) => error('syntax-error', span, message, hint),
  tooDeep: (span: Span, what: string) =>
    error('too-deep', span, `${what} nested too deeply to parse`, 'split the expression into subexpressions'),
  tooLong: (span: Span, tokens: number, max: number) =>
    error('too-long', span, `this line has ${tokens} tokens, more than the ${max} a line may have`, 'split the expression into subexpressions'),
  unclosedParen: (span: Span) =>
    error('unclosed-paren', span, `this '(' is never closed`, "add the missing ')'"),
  unmatchedParen: (span: Span) =>
    error('unmatched-paren', span, `this ')' has no matching '('`, "remove it or add the missing '('"),
  caretPower: (span: Span) =>
    error('caret-power', span, `'^' is not an operator`, "use '**' for powers, as in Python: x**2"),
  missingUnit: (span: Span, name: string) =>
    error(
      'missing-unit',
      span,
      `the equation for ${q(name)} has no unit`,
      "end the line with ': unit', e.g. ': volt', or ': 1' if it is dimensionless",
    ),
  missingColon: (span: Span, found: string) =>
    error('missing-colon', span, `expected ':' before the unit ${q(found)}`, `write ': ${found}'`),
  badDifferential: (span: Span, written: string) =>
    error(
      'bad-differential',
      span,
      `${q(written)} is not a derivative with respect to time`,
      "write a differential equation as 'dx/dt = ...' for a variable x",
    ),
  chainedComparison: (span: Span) =>
    error('chained-comparison', span, 'chained comparisons are not supported', "write 'a < b and b < c' instead of 'a < b < c'"),
  emptyInput: (span: Span, what: string) => error('empty-input', span, `the ${what} is empty`),

  // --- units -----------------------------------------------------------------------------------
  unknownUnit: (span: Span, name: string, suggestion?: string) =>
    error('unknown-unit', span, `unknown unit ${q(name)}`, didYouMean(suggestion) ?? "units are Brian's names: volt, mV, siemens, nS, second, ms, Hz, amp, ..."),
  unitNotBase: (span: Span, written: string, base: string | undefined) =>
    error(
      'unit-not-base',
      span,
      `the unit field takes SI units without prefix, not ${q(written)}`,
      base === undefined ? 'write the unit in SI base units' : `write ${q(base)}; values are always stored in SI units`,
    ),
  invalidUnit: (span: Span, message: string, hint?: string) => error('invalid-unit', span, message, hint),

  // --- names and flags ------------------------------------------------------------------------
  unknownIdentifier: (span: Span, name: string, suggestion?: string) =>
    error(
      'unknown-identifier',
      span,
      `unknown identifier ${q(name)}`,
      didYouMean(suggestion) ?? `define it in the model (e.g. '${name} : volt'), or pass it in the namespace`,
    ),
  unknownFunction: (span: Span, name: string, suggestion?: string) =>
    error('unknown-function', span, `unknown function ${q(name)}`, didYouMean(suggestion) ?? 'pass a function or TimedArray of that name in the namespace'),
  notAFunction: (span: Span, name: string) =>
    error('not-a-function', span, `${q(name)} is not a function and cannot be called`),
  functionWithoutCall: (span: Span, name: string) =>
    error('function-not-called', span, `${q(name)} is a function`, `call it: ${name}(...)`),
  wrongArity: (span: Span, name: string, expected: string, got: number) =>
    error('wrong-arity', span, `${q(name)} takes ${expected}, but ${got} ${got === 1 ? 'was' : 'were'} given`),
  reservedName: (span: Span, name: string, meaning: string) =>
    error('reserved-name', span, `${q(name)} is reserved (${meaning}) and cannot be defined in the model`, 'choose another name'),
  shadowsName: (span: Span, name: string, what: string) =>
    error('shadows-name', span, `${q(name)} is the name of ${what} and cannot be a model variable`, 'choose another name'),
  invalidName: (span: Span, name: string, why: string) => error('invalid-name', span, `${q(name)} is not a valid variable name: ${why}`),
  duplicateDefinition: (span: Span, name: string) =>
    error('duplicate-definition', span, `${q(name)} is defined more than once`, 'keep one definition per variable'),
  unknownFlag: (span: Span, name: string, suggestion?: string) =>
    error('unknown-flag', span, `unknown flag ${q(name)}`, didYouMean(suggestion)),
  duplicateFlag: (span: Span, name: string) => error('duplicate-flag', span, `flag ${q(name)} is given twice`),
  flagNotAllowed: (span: Span, flag: string, lineKind: string, groupKind: string, allowed: readonly string[]) =>
    error(
      'flag-not-allowed',
      span,
      `flag ${q(flag)} is not allowed on a ${lineKind} in ${groupKind}`,
      allowed.length ? `allowed here: ${allowed.map(q).join(', ')}` : 'no flags are allowed here',
    ),
  incompatibleFlags: (span: Span, a: string, b: string) =>
    error('incompatible-flags', span, `flags ${q(a)} and ${q(b)} cannot be combined`),

  // --- dimensions and types -------------------------------------------------------------------
  equationDimension: (span: Span, lhs: string, expected: string, actual: string, hint?: string) =>
    error('dimension-mismatch', span, `the right side of ${lhs} has unit ${actual}, but ${lhs} needs ${expected}`, hint),
  operandDimensions: (span: Span, op: string, left: string, right: string) =>
    error(
      'dimension-mismatch',
      span,
      `cannot ${op} ${left} and ${right}: both sides need the same unit`,
      // Advice about plain numbers only helps when one side is one; `volt + amp` needs no hint.
      left === DIMENSIONLESS_TEXT || right === DIMENSIONLESS_TEXT ? 'multiply a plain number by a unit, e.g. 5*mV instead of 5' : undefined,
    ),
  dimensionlessArgument: (span: Span, fn: string, actual: string) => {
    // The example must fit the unit: `exp(v/mV)` is no help for log(t).
    const hint =
      actual === 'volt'
        ? `divide by a reference value, e.g. ${fn}(v/mV)`
        : actual === 'second'
          ? `divide by a reference time, e.g. ${fn}(t/ms)`
          : `divide by a reference value in ${actual}`;
    return error('dimensionless-argument', span, `${fn}() needs a dimensionless argument, but this has unit ${actual}`, hint);
  },
  argumentDimension: (span: Span, fn: string, expected: string, actual: string) =>
    error('dimension-mismatch', span, `argument of ${fn}() has unit ${actual}, but ${expected} is expected`),
  exponentNotDimensionless: (span: Span, actual: string) =>
    error('dimension-mismatch', span, `an exponent must be dimensionless, but this has unit ${actual}`),
  floorDivisionDimension: (span: Span, actual: string) =>
    error(
      'dimension-mismatch',
      span,
      `floor division '//' needs dimensionless operands, but this has unit ${actual}`,
      "divide by a unit first, e.g. (v/mV) // 1, or use '/'",
    ),
  exponentNotConstant: (span: Span) =>
    error(
      'exponent-not-constant',
      span,
      'a quantity with a unit can only be raised to a constant power',
      'use a number as exponent, e.g. v**2, or make the base dimensionless',
    ),
  notBoolean: (span: Span, what: string, actualType: string) =>
    error('not-boolean', span, `${what} must be a boolean condition, but this is ${actualType}`, "compare values, e.g. 'v > Vt'"),
  booleanOperand: (span: Span, op: string) =>
    error('not-boolean', span, `the operands of '${op}' must be boolean conditions`, "compare values, e.g. 'v > Vt and t > 5*ms'"),
  noiseOutsideDifferential: (span: Span, name: string) =>
    error('noise-not-allowed', span, `the noise term ${q(name)} can only appear in differential equations`),
  noiseReused: (span: Span) =>
    error('noise-reused', span, "'xi' is used in more than one equation, which would make them share one noise source", "use separate noise terms 'xi_1', 'xi_2', ... (the same name means the same noise)"),
  cyclicSubexpressions: (span: Span, cycle: readonly string[]) =>
    error('cyclic-subexpressions', span, `subexpressions refer to each other in a cycle: ${cycle.join(' -> ')}`, 'define at least one of them without the others'),
  assignmentDimension: (span: Span, target: string, op: string, expected: string, actual: string) => {
    const what = op === '+=' ? 'the value added to it' : op === '-=' ? 'the value subtracted from it' : 'the value assigned to it';
    return error(
      'dimension-mismatch',
      span,
      `${q(target)} has unit ${expected}, but ${what} has unit ${actual}`,
      actual === DIMENSIONLESS_TEXT ? `give the value a unit, e.g. 3*mV instead of 3` : undefined,
    );
  },
  factorDimension: (span: Span, target: string, op: string, actual: string) =>
    error('dimension-mismatch', span, `${q(target)} can only be ${op === '*=' ? 'multiplied' : 'divided'} by a dimensionless factor, but this has unit ${actual}`),
  readOnlyTarget: (span: Span, name: string, why: string) =>
    error('read-only', span, `cannot assign to ${q(name)}: ${why}`),
  namespaceValue: (span: Span, message: string, hint?: string) => error('invalid-namespace-value', span, message, hint),
  prePostUnavailable: (span: Span, name: string, side: 'pre' | 'post') =>
    error('unknown-identifier', span, `${q(name)} refers to the ${side}synaptic group, whose variables were not given`, `pass '${side}' (the checked model of the ${side}synaptic group) when checking synapses`),
  summedTarget: (span: Span, message: string, hint?: string) => error('summed-target', span, message, hint),
  noIntegrationMethod: (span: Span, reason: string) =>
    error('no-integration-method', span, reason, "choose a method that applies with the 'method' option, e.g. method: 'rk4'"),
  stochasticSubexpression: (span: Span, name: string) =>
    error('stochastic-subexpression', span, `the subexpression ${q(name)} draws random numbers, so its value would change every time it is used`, "add the flag '(constant over dt)' to draw once per time step"),
  /** A connect() index expression that does not give a valid index (not an integer, out of range, depends on the wrong index). */
  connectIndex: (span: Span, message: string, hint?: string) => error('connect-index', span, message, hint),
} as const;

/** Every code the catalog can produce. */
export type DiagnosticCode =
  | 'unexpected-character'
  | 'syntax-error'
  | 'too-deep'
  | 'too-long'
  | 'unclosed-paren'
  | 'unmatched-paren'
  | 'caret-power'
  | 'missing-unit'
  | 'missing-colon'
  | 'bad-differential'
  | 'chained-comparison'
  | 'empty-input'
  | 'unknown-unit'
  | 'unit-not-base'
  | 'invalid-unit'
  | 'unknown-identifier'
  | 'invalid-namespace-value'
  | 'unknown-function'
  | 'not-a-function'
  | 'function-not-called'
  | 'wrong-arity'
  | 'reserved-name'
  | 'shadows-name'
  | 'invalid-name'
  | 'duplicate-definition'
  | 'unknown-flag'
  | 'duplicate-flag'
  | 'flag-not-allowed'
  | 'incompatible-flags'
  | 'dimension-mismatch'
  | 'dimensionless-argument'
  | 'exponent-not-constant'
  | 'not-boolean'
  | 'noise-not-allowed'
  | 'noise-reused'
  | 'cyclic-subexpressions'
  | 'read-only'
  | 'summed-target'
  | 'stochastic-subexpression'
  | 'no-integration-method'
  | 'connect-index';

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * Thrown by APIs that cannot return diagnostics as data (e.g. building a NeuronGroup). Carries all
 * diagnostics of the failed input; `message` is the formatted code frames, so an uncaught error
 * prints something a user can act on.
 */
export class EquationError extends Error {
  override readonly name = 'EquationError';
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly source: SourceText,
    /** Which object and which of its code strings, e.g. "NeuronGroup 'P', model". */
    readonly origin?: string,
  ) {
    super(formatDiagnostics(diagnostics, source, origin === undefined ? {} : { origin }));
  }
}

/** Anything parsed from one source text: the diagnostics found and the text they point into. */
export interface HasDiagnostics {
  readonly source: SourceText;
  readonly diagnostics: readonly Diagnostic[];
}

/** Throws an {@link EquationError} if `result` has errors; otherwise returns it unchanged. */
export function throwIfErrors<T extends HasDiagnostics>(result: T, origin?: string): T {
  if (hasErrors(result.diagnostics)) throw new EquationError(result.diagnostics, result.source, origin);
  return result;
}
