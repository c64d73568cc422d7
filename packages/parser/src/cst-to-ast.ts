/**
 * CST → AST. The only module that knows the shape of Chevrotain's CST; everything after it works
 * on the typed AST of `ast.ts`. Reports the problems that are easier to see here than in the
 * grammar (`^` for powers, `dv/dx`, chained comparisons, unknown flags, unit fields) and carries on,
 * so that one line can yield several diagnostics.
 */
import type { CstNode, IToken } from 'chevrotain';
import { tokenMatcher } from './chevrotain.js';
import {
  ast,
  FLAG_NAMES,
  type AssignOp,
  type BinaryOp,
  type Equation,
  type Expr,
  type Flag,
  type FlagName,
  type Statement,
  type UnitSpec,
} from './ast.js';
import { diag, type Diagnostic } from './diagnostics.js';
import * as T from './lexer/tokens.js';
import { tokenSpan } from './lexer/lines.js';
import { span, type Span } from './source.js';
import { closest } from './suggest.js';
import { DIMENSIONLESS, type Unit } from './units/dimension.js';
import { evaluateUnitExpr } from './units/unit-expr.js';
import { QUANTITY_ALIASES } from './units/quantity.js';
import { formatDimension } from './units/unit-table.js';

function nodes(n: CstNode, key: string): CstNode[] {
  return (n.children[key] ?? []) as CstNode[];
}
function tokens(n: CstNode, key: string): IToken[] {
  return (n.children[key] ?? []) as IToken[];
}
function node(n: CstNode, key: string): CstNode {
  const c = nodes(n, key)[0];
  if (!c) throw new Error(`internal error: CST node '${n.name}' has no '${key}'`);
  return c;
}
function token(n: CstNode, key: string): IToken {
  const c = tokens(n, key)[0];
  if (!c) throw new Error(`internal error: CST node '${n.name}' has no token '${key}'`);
  return c;
}
function nodeSpan(n: CstNode): Span {
  const loc = n.location!;
  return span(loc.startOffset, (loc.endOffset ?? loc.startOffset) + 1);
}

/** Converts CSTs of one source text, collecting diagnostics as it goes. */
export class CstToAst {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly text: string) {}

  // --- expressions ----------------------------------------------------------------------------

  expression(n: CstNode): Expr {
    switch (n.name) {
      case 'expressionLine':
        return this.expression(node(n, 'expression'));
      case 'expression':
      case 'andExpr':
      case 'additive':
      case 'multiplicative':
        return this.leftChain(n);
      case 'comparison': {
        const ops = tokens(n, 'operators');
        if (ops.length > 1) this.diagnostics.push(diag.chainedComparison(nodeSpan(n)));
        return this.leftChain(n);
      }
      case 'notExpr': {
        const not = tokens(n, 'Not')[0];
        if (not) {
          const operand = this.expression(node(n, 'notExpr'));
          return ast.unary('not', operand, span(not.startOffset, operand.span.end));
        }
        return this.expression(node(n, 'comparison'));
      }
      case 'unaryExpr': {
        const sign = tokens(n, 'AddOp')[0];
        if (sign) {
          const operand = this.expression(node(n, 'unaryExpr'));
          return ast.unary(sign.image as '-' | '+', operand, span(sign.startOffset, operand.span.end));
        }
        return this.expression(node(n, 'power'));
      }
      case 'power': {
        const base = this.expression(node(n, 'atom'));
        const op = tokens(n, 'PowOp')[0];
        if (!op) return base;
        if (tokenMatcher(op, T.Caret)) this.diagnostics.push(diag.caretPower(tokenSpan(op)));
        const exponent = this.expression(node(n, 'unaryExpr'));
        return ast.binary('**', base, exponent, span(base.span.start, exponent.span.end));
      }
      case 'atom':
        return this.atom(n);
      default:
        throw new Error(`internal error: unexpected CST node '${n.name}'`);
    }
  }

  /** Folds `a op b op c` left-associatively. */
  private leftChain(n: CstNode): Expr {
    const operands = nodes(n, 'operands').map((c) => this.expression(c));
    const operators = tokens(n, 'operators');
    let result = operands[0]!;
    operators.forEach((op, k) => {
      const right = operands[k + 1]!;
      result = ast.binary(op.image as BinaryOp, result, right, span(result.span.start, right.span.end));
    });
    return result;
  }

  private atom(n: CstNode): Expr {
    const num = tokens(n, 'NumberLiteral')[0];
    if (num) return ast.num(Number(num.image), tokenSpan(num), /^\d+$/.test(num.image));
    const t = tokens(n, 'True')[0] ?? tokens(n, 'False')[0];
    if (t) return ast.bool(t.image === 'True', tokenSpan(t));
    const id = tokens(n, 'Identifier')[0];
    if (id) {
      if (tokens(n, 'LParen').length === 0) return ast.name(id.image, tokenSpan(id));
      const args = nodes(n, 'args').map((a) => this.expression(a));
      return ast.call(id.image, tokenSpan(id), args, nodeSpan(n));
    }
    return this.expression(node(n, 'inner'));
  }

  // --- units and flags ------------------------------------------------------------------------

  /** The unit field as an expression tree (names, numbers, `*`, `/`, `**`). */
  unitExpr(n: CstNode): Expr {
    switch (n.name) {
      case 'unitExpr': {
        const parts = nodes(n, 'unitPower').map((p) => this.unitExpr(p));
        const ops = [...tokens(n, 'Star'), ...tokens(n, 'Slash')].sort((a, b) => a.startOffset - b.startOffset);
        let result = parts[0]!;
        ops.forEach((op, k) => {
          const right = parts[k + 1]!;
          result = ast.binary(op.image as BinaryOp, result, right, span(result.span.start, right.span.end));
        });
        return result;
      }
      case 'unitPower': {
        const base = this.unitExpr(node(n, 'unitAtom'));
        const op = tokens(n, 'PowOp')[0];
        if (!op) return base;
        if (tokenMatcher(op, T.Caret)) this.diagnostics.push(diag.caretPower(tokenSpan(op)));
        const e = node(n, 'unitExponent');
        const numTok = token(e, 'NumberLiteral');
        const sign = tokens(e, 'AddOp')[0];
        const number = ast.num(Number(numTok.image), tokenSpan(numTok), /^\d+$/.test(numTok.image));
        const exponent = sign ? ast.unary(sign.image as '-' | '+', number, span(sign.startOffset, number.span.end)) : number;
        return ast.binary('**', base, exponent, span(base.span.start, nodeSpan(e).end));
      }
      case 'unitAtom': {
        const id = tokens(n, 'Identifier')[0];
        if (id) return ast.name(id.image, tokenSpan(id));
        const num = tokens(n, 'NumberLiteral')[0];
        if (num) return ast.num(Number(num.image), tokenSpan(num), /^\d+$/.test(num.image));
        return this.unitExpr(node(n, 'unitExpr'));
      }
      default:
        throw new Error(`internal error: unexpected CST node '${n.name}'`);
    }
  }

  /** Resolves the unit field: `1`, `boolean`, `integer`, or an SI unit without prefix. */
  unitSpec(n: CstNode): UnitSpec | undefined {
    const expr = this.unitExpr(n);
    const s = expr.span;
    if (expr.kind === 'number' && expr.value === 1) return { kind: 'dimensionless', expr: undefined, dim: DIMENSIONLESS, span: s };
    if (expr.kind === 'name' && (expr.name === 'boolean' || expr.name === 'integer')) {
      return { kind: expr.name, expr: undefined, dim: DIMENSIONLESS, span: s };
    }
    const unit = evaluateUnitExpr(expr, this.diagnostics);
    if (!unit) return undefined;
    if (!isUnitScale(unit)) {
      // formatDimension names compound units too (`siemens * metre ** -2` for `mS/cm**2`).
      this.diagnostics.push(diag.unitNotBase(s, this.text.slice(s.start, s.end), formatDimension(unit.dim)));
      return undefined;
    }
    return { kind: 'unit', expr, dim: unit.dim, span: s };
  }

  flags(n: CstNode): Flag[] {
    const result: Flag[] = [];
    for (const f of nodes(n, 'flag')) {
      const s = nodeSpan(f);
      const written = this.text.slice(s.start, s.end).replace(/\s*-\s*/g, '-').replace(/\s+/g, ' ');
      if (!(FLAG_NAMES as readonly string[]).includes(written)) {
        this.diagnostics.push(diag.unknownFlag(s, written, closest(written, FLAG_NAMES)));
        continue;
      }
      if (result.some((r) => r.name === written)) {
        this.diagnostics.push(diag.duplicateFlag(s, written));
        continue;
      }
      result.push({ name: written as FlagName, span: s });
    }
    return result;
  }

  // --- lines ----------------------------------------------------------------------------------

  /** One equation line, or undefined if it has an error that makes it unusable. */
  equation(n: CstNode): Equation | undefined {
    const lineSpan = nodeSpan(n);
    const dName = tokens(n, 'dName')[0];
    const nameTok = dName ?? token(n, 'name');
    let name = nameTok.image;
    let nameSpan = tokenSpan(nameTok);
    if (dName) {
      const dt = token(n, 'dtName');
      if (!dName.image.startsWith('d') || dName.image.length < 2 || dt.image !== 'dt') {
        this.diagnostics.push(diag.badDifferential(span(dName.startOffset, dt.startOffset + dt.image.length), this.text.slice(dName.startOffset, dt.startOffset + dt.image.length)));
        return undefined;
      }
      name = dName.image.slice(1);
      nameSpan = span(dName.startOffset + 1, dName.startOffset + dName.image.length);
    }
    const unitAndFlags = nodes(n, 'unitAndFlags')[0];
    const exprNode = nodes(n, 'expression')[0];
    const expr = exprNode && this.expression(exprNode);
    if (!unitAndFlags) {
      this.diagnostics.push(diag.missingUnit(span(lineSpan.end), name));
      return undefined;
    }
    const unit = this.unitSpec(node(unitAndFlags, 'unitExpr'));
    const flags = this.flags(unitAndFlags);
    if (!unit) return undefined;
    const base = { name, nameSpan, unit, flags, span: lineSpan };
    if (!expr) return { kind: 'parameter', ...base };
    return dName ? { kind: 'differential', expr, ...base } : { kind: 'subexpression', expr, ...base };
  }

  statement(n: CstNode): Statement {
    const target = token(n, 'Identifier');
    const op = token(n, 'AssignOp');
    const expr = this.expression(node(n, 'expression'));
    return { kind: 'statement', target: target.image, targetSpan: tokenSpan(target), op: op.image as AssignOp, expr, span: nodeSpan(n) };
  }

  /** A quantity line: the expression and, if juxtaposed (`5 ms`), the unit after it. */
  quantity(n: CstNode): { expr: Expr; unit: Unit | undefined; unitExpr: Expr | undefined } {
    const expr = this.expression(node(n, 'expression'));
    const u = nodes(n, 'unitExpr')[0];
    if (!u) return { expr, unit: undefined, unitExpr: undefined };
    const unitExpr = this.unitExpr(u);
    return { expr, unit: evaluateUnitExpr(unitExpr, this.diagnostics, QUANTITY_ALIASES), unitExpr };
  }
}

/** A unit field must be the SI unit itself: scale 1 (`volt`, `mmolar`), not `mV` (1e-3). */
function isUnitScale(u: Unit): boolean {
  return Math.abs(u.scale - 1) < 1e-9;
}
