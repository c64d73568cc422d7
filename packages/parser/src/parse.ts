/**
 * The parser's entry points. Each takes a string and returns the AST together with every
 * diagnostic found; none throws on bad input. The pipeline is
 * `tokenize → layoutLines → (per logical line) grammar → CST→AST`, so a syntax error in one line
 * does not hide errors in the others.
 */
import { EOF, type CstNode, type IRecognitionException, type IToken } from 'chevrotain';
import type { Equation, Expr, Statement } from './ast.js';
import { CstToAst } from './cst-to-ast.js';
import { diag, type Diagnostic, type HasDiagnostics } from './diagnostics.js';
import { modelParser } from './grammar/model-parser.js';
import { layoutLines, tokenSpan, type LayoutMode } from './lexer/lines.js';
import { tokenize } from './lexer/lexer.js';
import * as T from './lexer/tokens.js';
import { SourceText, span } from './source.js';
import { mulDim, type Quantity } from './units/dimension.js';
import { evaluateQuantity } from './units/quantity.js';
import { isUnitName } from './units/unit-table.js';

export interface EquationsResult extends HasDiagnostics {
  /** The equations of every line that parsed, in source order. Complete only if there are no errors. */
  readonly equations: readonly Equation[];
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

/** Runs one grammar rule over each logical line; returns the CSTs of the lines that parsed. */
function parseLines(text: string, mode: LayoutMode, rule: Rule, diagnostics: Diagnostic[]): CstNode[] {
  const lexed = tokenize(text);
  diagnostics.push(...lexed.diagnostics);
  const { lines, diagnostics: layoutDiagnostics } = layoutLines(lexed.tokens, mode);
  diagnostics.push(...layoutDiagnostics);
  const csts: CstNode[] = [];
  for (const line of lines) {
    if (line.broken) continue;
    modelParser.input = line.tokens;
    const cst = modelParser[rule]();
    const error = modelParser.errors[0];
    if (error) diagnostics.push(syntaxDiagnostic(error, line.tokens, mode));
    else csts.push(cst);
  }
  return csts;
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

function emptyCheck(text: string, what: string, diagnostics: Diagnostic[]): boolean {
  if (/^(\s|#[^\n]*)*$/.test(text)) {
    diagnostics.push(diag.emptyInput(span(0, text.length), what));
    return true;
  }
  return false;
}

/**
 * Parses a model: one equation per line (`dx/dt = ... : unit (flags)`, `x = ... : unit`,
 * `x : unit`), with `#` comments, blank lines, and expressions continued over lines inside
 * parentheses or after a trailing operator. An empty model is valid (a group with no variables).
 */
export function parseEquations(text: string): EquationsResult {
  const source = new SourceText(text);
  const diagnostics: Diagnostic[] = [];
  const conv = new CstToAst(text);
  const equations: Equation[] = [];
  for (const cst of parseLines(text, 'equations', 'equationLine', diagnostics)) {
    const eq = conv.equation(cst);
    if (eq) equations.push(eq);
  }
  diagnostics.push(...conv.diagnostics);
  return { source, equations, diagnostics: sortDiagnostics(diagnostics) };
}

/** Parses code blocks (reset, on_pre, on_post, run_regularly): statements separated by newlines or `;`. */
export function parseStatements(text: string): StatementsResult {
  const source = new SourceText(text);
  const diagnostics: Diagnostic[] = [];
  const conv = new CstToAst(text);
  const statements = emptyCheck(text, 'code block', diagnostics)
    ? []
    : parseLines(text, 'statements', 'statementLine', diagnostics).map((c) => conv.statement(c));
  diagnostics.push(...conv.diagnostics);
  return { source, statements, diagnostics: sortDiagnostics(diagnostics) };
}

/** Parses one expression (threshold, condition, connect `p`, ...). Line breaks are whitespace. */
export function parseExpression(text: string): ExpressionResult {
  const source = new SourceText(text);
  const diagnostics: Diagnostic[] = [];
  const conv = new CstToAst(text);
  let expr: Expr | undefined;
  if (!emptyCheck(text, 'expression', diagnostics)) {
    const cst = parseLines(text, 'expression', 'expressionLine', diagnostics)[0];
    if (cst) expr = conv.expression(cst);
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
  const source = new SourceText(text);
  const diagnostics: Diagnostic[] = [];
  const conv = new CstToAst(text);
  let quantity: Quantity | undefined;
  if (!emptyCheck(text, 'quantity', diagnostics)) {
    const cst = parseLines(text, 'expression', 'quantityLine', diagnostics)[0];
    if (cst) {
      const { expr, unit, unitExpr } = conv.quantity(cst);
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
