/**
 * The parser's entry points. Each takes a string and returns the AST together with every
 * diagnostic found; none throws on bad input. The pipeline is
 * `tokenize → layoutLines → (per logical line) grammar → CST→AST`, so a syntax error in one line
 * does not hide errors in the others.
 */
import type { CstNode, IRecognitionException, IToken } from 'chevrotain';
import { EOF } from './chevrotain.js';
import type { Equation, Expr, Statement } from './ast.js';
import { CstToAst } from './cst-to-ast.js';
import { diag, type Diagnostic, type HasDiagnostics } from './diagnostics.js';
import { modelParser } from './grammar/model-parser.js';
import { layoutLines, tokenSpan, type LayoutMode } from './lexer/lines.js';
import { tokenize } from './lexer/lexer.js';
import * as T from './lexer/tokens.js';
import { SourceText, span } from './source.js';
import { DIMENSIONLESS, mulDim, type Quantity } from './units/dimension.js';
import { evaluateQuantity, lookupQuantityUnit } from './units/quantity.js';
import { isUnitName } from './units/unit-table.js';

export interface EquationsResult extends HasDiagnostics {
  /** The equations of every line that parsed, in source order. Complete only if there are no errors. */
  readonly equations: readonly Equation[];
  /**
   * Names defined by lines that did not parse. The checker treats them as known but unusable, so
   * that a syntax error in the line defining `v` doesn't also produce "unknown identifier 'v'"
   * wherever `v` is used.
   */
  readonly brokenNames: readonly string[];
}

export interface StatementsResult extends HasDiagnostics {
  readonly statements: readonly Statement[];
}

export interface ExpressionResult extends HasDiagnostics {
  /** Undefined when the text is not an expression. */
  readonly expr: Expr | undefined;
}

export interface QuantityResult extends HasDiagnostics {
  readonly quantity: Quantity | undefined;
}

type Rule = 'equationLine' | 'statementLine' | 'expressionLine' | 'quantityLine';

interface ParsedLine {
  readonly cst: CstNode;
  readonly tokens: IToken[];
}

/**
 * Runs one grammar rule over each logical line; returns the CSTs of the lines that parsed. The
 * tokens of lines that did not parse go to `failed`, if given.
 */
function parseLines(text: string, mode: LayoutMode, rule: Rule, diagnostics: Diagnostic[], failed?: IToken[][]): ParsedLine[] {
  const lexed = tokenize(text);
  diagnostics.push(...lexed.diagnostics);
  const { lines, diagnostics: layoutDiagnostics } = layoutLines(lexed.tokens, mode);
  diagnostics.push(...layoutDiagnostics);
  const parsed: ParsedLine[] = [];
  for (const line of lines) {
    if (line.broken || hasSkippedCharacter(line.tokens, lexed.diagnostics)) {
      failed?.push(line.tokens);
      continue;
    }
    modelParser.input = line.tokens;
    let cst: CstNode;
    try {
      cst = modelParser[rule]();
    } catch (e) {
      // Safety net behind the nesting limits of the layout step: a stack overflow in the
      // recursive-descent parser becomes a diagnostic, never an exception (the next
      // `modelParser.input = ...` resets the parser's state).
      if (!(e instanceof RangeError)) throw e;
      const first = line.tokens[0]!;
      const last = line.tokens[line.tokens.length - 1]!;
      diagnostics.push(diag.tooDeep(span(first.startOffset, last.startOffset + last.image.length), 'this line is'));
      failed?.push(line.tokens);
      continue;
    }
    const error = modelParser.errors[0];
    if (error) {
      diagnostics.push(syntaxDiagnostic(error, line.tokens, mode));
      failed?.push(line.tokens);
    } else parsed.push({ cst, tokens: line.tokens });
  }
  return parsed;
}

/**
 * Did the lexer skip a character between the first and last token of a line (`&&`, `v[0]`,
 * `"a"`)? Such a line means something other than what is left of it: the unexpected character is
 * its error, and parsing or checking the rest would only blame the wrong tokens.
 */
function hasSkippedCharacter(tokens: readonly IToken[], lexErrors: readonly Diagnostic[]): boolean {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const end = last.startOffset + last.image.length;
  return lexErrors.some((d) => d.span.start > first.startOffset && d.span.start < end);
}

/** Turns the first Chevrotain error of a line into a diagnostic, with a special case or two. */
function syntaxDiagnostic(e: IRecognitionException, lineTokens: readonly IToken[], mode: LayoutMode): Diagnostic {
  const last = lineTokens[lineTokens.length - 1]!;
  const atEnd = e.token.tokenType === EOF || Number.isNaN(e.token.startOffset);
  const where = atEnd ? span(last.startOffset + last.image.length) : tokenSpan(e.token);
  // `dv/dt = -v/tau volt`: a unit where ':' should come first.
  if (e.name === 'NotAllInputParsedException' && mode === 'equations' && isUnitName(e.token.image)) {
    return diag.missingColon(where, e.token.image);
  }
  if (e.token.tokenType === T.Semicolon && mode === 'equations') {
    return diag.syntax(where, "unexpected ';'", 'write one equation per line');
  }
  return diag.syntax(where, e.message);
}

/** The variable a (possibly malformed) equation line defines: `v` for `dv/dt ...`, `x` for `x = ...` or `x : ...`. */
function definedName(tokens: readonly (IToken | undefined)[]): string | undefined {
  const first = tokens[0];
  if (!first || first.tokenType !== T.Identifier) return undefined;
  const isDerivative = tokens[1]?.tokenType === T.Slash && tokens[2]?.image === 'dt' && first.image.length > 1 && first.image.startsWith('d');
  return isDerivative ? first.image.slice(1) : first.image;
}

/**
 * Text with nothing to parse: only what the lexer skips (whitespace, comments, and `\` line
 * continuations, which a plain `\s` test misses) and, in code blocks, the `;` separators. Without
 * these, `'\\\n'` or `';'` gave no result and no diagnostic.
 */
const BLANK = /^(?:\s|\\\r?\n|#[^\n]*)*$/;
const BLANK_CODE = /^(?:[\s;]|\\\r?\n|#[^\n]*)*$/;

function emptyCheck(text: string, what: string, diagnostics: Diagnostic[], blank: RegExp = BLANK): boolean {
  if (blank.test(text)) {
    diagnostics.push(diag.emptyInput(span(0, text.length), what));
    return true;
  }
  return false;
}

/**
 * Results of the entry points by text. The same strings are parsed again and again: a group's
 * model when it is prepared for another namespace, every copy's code in `runBatch`, the same
 * quantity in every run of a sweep — and a cold parse costs ~0.1 ms. Results are immutable (every
 * AST type is readonly), so one object can be handed to every caller. Bounded: a cache that fills
 * up is emptied (simple, and parsing the same few hundred strings is all that is ever repeated).
 */
class ParseCache<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly limit = 512) {}

  get(text: string, parse: (text: string) => T): T {
    let result = this.entries.get(text);
    if (result === undefined) {
      result = parse(text);
      if (this.entries.size >= this.limit) this.entries.clear();
      this.entries.set(text, result);
    }
    return result;
  }
}

const equationsCache = new ParseCache<EquationsResult>();
const statementsCache = new ParseCache<StatementsResult>();
const expressionCache = new ParseCache<ExpressionResult>();
const quantityCache = new ParseCache<QuantityResult>();

/**
 * Parses a model: one equation per line (`dx/dt = ... : unit (flags)`, `x = ... : unit`,
 * `x : unit`), with `#` comments, blank lines, and expressions continued over lines inside
 * parentheses or after a trailing operator. An empty model is valid (a group with no variables).
 */
export function parseEquations(text: string): EquationsResult {
  return equationsCache.get(text, parseEquationsUncached);
}

function parseEquationsUncached(text: string): EquationsResult {
  const source = new SourceText(text);
  const diagnostics: Diagnostic[] = [];
  const conv = new CstToAst(text);
  const equations: Equation[] = [];
  const failed: IToken[][] = [];
  const brokenNames: string[] = [];
  for (const line of parseLines(text, 'equations', 'equationLine', diagnostics, failed)) {
    const eq = conv.equation(line.cst);
    if (eq) equations.push(eq);
    else failed.push(line.tokens);
  }
  for (const tokens of failed) {
    const name = definedName(tokens);
    if (name !== undefined) brokenNames.push(name);
  }
  diagnostics.push(...conv.diagnostics);
  return { source, equations, brokenNames, diagnostics: sortDiagnostics(diagnostics) };
}

/** Parses code blocks (reset, on_pre, on_post, run_regularly): statements separated by newlines or `;`. */
export function parseStatements(text: string): StatementsResult {
  return statementsCache.get(text, parseStatementsUncached);
}

function parseStatementsUncached(text: string): StatementsResult {
  const source = new SourceText(text);
  const diagnostics: Diagnostic[] = [];
  const conv = new CstToAst(text);
  const statements = emptyCheck(text, 'code block', diagnostics, BLANK_CODE)
    ? []
    : parseLines(text, 'statements', 'statementLine', diagnostics).map((l) => conv.statement(l.cst));
  diagnostics.push(...conv.diagnostics);
  return { source, statements, diagnostics: sortDiagnostics(diagnostics) };
}

/** Parses one expression (threshold, condition, connect `p`, ...). Line breaks are whitespace. */
export function parseExpression(text: string): ExpressionResult {
  return expressionCache.get(text, parseExpressionUncached);
}

function parseExpressionUncached(text: string): ExpressionResult {
  const source = new SourceText(text);
  const diagnostics: Diagnostic[] = [];
  const conv = new CstToAst(text);
  let expr: Expr | undefined;
  if (!emptyCheck(text, 'expression', diagnostics)) {
    const line = parseLines(text, 'expression', 'expressionLine', diagnostics)[0];
    if (line) expr = conv.expression(line.cst);
  }
  diagnostics.push(...conv.diagnostics);
  return { source, expr, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * Parses a quantity such as `'-65 mV'`, `'0.1*ms'`, `'10 Hz'` or
 * `'1*ufarad*cm**-2 * 20000*umetre**2'` into its SI value and dimension. A unit may follow the
 * number after a space. Only numbers, units and the constants pi, e, inf may appear.
 */
export function parseQuantity(text: string): QuantityResult {
  return quantityCache.get(text, (t) => simpleQuantity(t) ?? parseQuantityUncached(t));
}

/**
 * A number, optionally followed by one unit name (after a space or `*`): `'5 ms'`, `'-65*mV'`,
 * `'0.1'` — the forms sweeps write by the hundred. Same value as the grammar's path (the number
 * as `Number` reads it, times the unit's scale; a leading `-` negates, exactly); anything else,
 * constants such as `pi` included, returns undefined and goes through the grammar.
 */
const SIMPLE_QUANTITY = /^\s*(-?)((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\s*\*\s*|\s+)?([A-Za-z_][A-Za-z0-9_]*)?\s*$/;

function simpleQuantity(text: string): QuantityResult | undefined {
  const m = SIMPLE_QUANTITY.exec(text);
  if (m === null) return undefined;
  const [, minus, digits, name] = m;
  const number = Number(digits);
  let quantity: Quantity;
  if (name === undefined) {
    quantity = { value: minus ? -number : number, dim: DIMENSIONLESS };
  } else {
    const unit = lookupQuantityUnit(name);
    if (unit === undefined) return undefined;
    const value = number * unit.scale;
    quantity = { value: minus ? -value : value, dim: unit.dim };
  }
  return { source: new SourceText(text), quantity, diagnostics: [] };
}

function parseQuantityUncached(text: string): QuantityResult {
  const source = new SourceText(text);
  const diagnostics: Diagnostic[] = [];
  const conv = new CstToAst(text);
  let quantity: Quantity | undefined;
  if (!emptyCheck(text, 'quantity', diagnostics)) {
    const line = parseLines(text, 'expression', 'quantityLine', diagnostics)[0];
    if (line) {
      const { expr, unit, unitExpr } = conv.quantity(line.cst);
      const value = evaluateQuantity(expr, diagnostics);
      if (value && (unit || !unitExpr)) {
        quantity = unit ? { value: value.value * unit.scale, dim: mulDim(value.dim, unit.dim) } : value;
      }
    }
  }
  diagnostics.push(...conv.diagnostics);
  return { source, quantity: diagnostics.length ? undefined : quantity, diagnostics: sortDiagnostics(diagnostics) };
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}
