/**
 * Layout: splits a token stream into logical lines, the units the grammar parses one at a time.
 *
 * A line break ends a logical line unless the expression clearly goes on:
 * - inside parentheses,
 * - after a trailing operator, comma or `=` (as in the COBAHH model: `... (Ei-v)-` ⏎ `g_na*...`),
 * - before a line that starts with something no line can start with (a leading `*` or `+`).
 * Statement code also splits at `;`.
 *
 * Parenthesis errors are found here, where they can be reported precisely: a `)` without `(`, or a
 * `(` still open when the next line plainly starts a new equation or statement. Such lines are
 * marked `broken` and not parsed further, so one missing parenthesis gives one error, not three.
 */
import type { IToken, TokenType } from 'chevrotain';
import { tokenMatcher } from '../chevrotain.js';
import * as T from './tokens.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { span, type Span } from '../source.js';

export type LayoutMode = 'equations' | 'statements' | 'expression';

export interface LogicalLine {
  readonly tokens: IToken[];
  /** True when the layout step already reported an error inside this line. */
  readonly broken: boolean;
}

/**
 * Nesting limits. The grammar is recursive descent (about ten stack frames per parenthesis), so
 * without a limit a few hundred `(` overflow the stack; no model comes near these numbers.
 */
export const MAX_PAREN_DEPTH = 50;
export const MAX_PREFIX_RUN = 20;
/**
 * Tokens per logical line. Every later pass (CST→AST, the checker, the evaluators) recurses down
 * the left spine of `a + b + c + ...`, so a chain of thousands of terms would overflow the stack
 * there; the longest line of the COBAHH model has about 80 tokens.
 */
export const MAX_LINE_TOKENS = 2000;

const continuesAfter: TokenType[] = [T.AddOp, T.MulOp, T.PowOp, T.CompareOp, T.And, T.Or, T.Not, T.Comma, T.LParen, T.AssignOp];

/** Offsets of a token as a span. */
export function tokenSpan(t: IToken): Span {
  return span(t.startOffset, t.startOffset + t.image.length);
}

function isAny(t: IToken | undefined, types: readonly TokenType[]): boolean {
  return t !== undefined && types.some((tt) => tokenMatcher(t, tt));
}

/** Does the token sequence starting at `k` look like the start of a new equation or statement? */
function startsNewLine(tokens: readonly IToken[], k: number, mode: LayoutMode): boolean {
  const a = tokens[k];
  if (!a || !tokenMatcher(a, T.Identifier)) return false;
  const b = tokens[k + 1];
  if (mode === 'statements') return isAny(b, [T.AssignOp]);
  return isAny(b, [T.Colon, T.Equals]) || (isAny(b, [T.Slash]) && tokens[k + 2]?.image === 'dt');
}

export function layoutLines(tokens: readonly IToken[], mode: LayoutMode): { lines: LogicalLine[]; diagnostics: Diagnostic[] } {
  const lines: LogicalLine[] = [];
  const diagnostics: Diagnostic[] = [];
  let current: IToken[] = [];
  let broken = false;
  const open: IToken[] = []; // stack of unclosed '('
  let prefixRun = 0; // consecutive sign/`not` tokens, each one more level of recursion

  const endLine = () => {
    if (open.length > 0) {
      diagnostics.push(diag.unclosedParen(tokenSpan(open[open.length - 1]!)));
      broken = true;
      open.length = 0;
    }
    if (current.length > MAX_LINE_TOKENS) {
      const first = current[0]!;
      const last = current[current.length - 1]!;
      diagnostics.push(
        diag.tooLong(span(first.startOffset, last.startOffset + last.image.length), current.length, MAX_LINE_TOKENS),
      );
      broken = true;
    }
    if (current.length > 0) lines.push({ tokens: current, broken });
    current = [];
    broken = false;
  };

  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const isBreak = tokenMatcher(t, T.Newline) || (mode === 'statements' && tokenMatcher(t, T.Semicolon) && open.length === 0);
    if (isBreak) {
      if (mode === 'expression') continue;
      const next = tokens[k + 1];
      const last = current[current.length - 1];
      const atLineStart = next === undefined || tokenMatcher(next, T.Newline) || tokenMatcher(next, T.Semicolon) || tokenMatcher(next, T.Identifier);
      const goesOn =
        tokenMatcher(t, T.Newline) &&
        (isAny(last, continuesAfter) || !atLineStart || (open.length > 0 && !startsNewLine(tokens, k + 1, mode)));
      if (!goesOn) endLine();
      continue;
    }
    prefixRun = isAny(t, [T.AddOp, T.Not]) ? prefixRun + 1 : 0;
    if (prefixRun === MAX_PREFIX_RUN + 1) {
      diagnostics.push(diag.tooDeep(tokenSpan(t), `more than ${MAX_PREFIX_RUN} signs in a row are`));
      broken = true;
    }
    if (tokenMatcher(t, T.LParen)) {
      open.push(t);
      if (open.length === MAX_PAREN_DEPTH + 1) {
        diagnostics.push(diag.tooDeep(tokenSpan(t), `parentheses more than ${MAX_PAREN_DEPTH} levels deep are`));
        broken = true;
      }
    } else if (tokenMatcher(t, T.RParen)) {
      if (open.length === 0) {
        diagnostics.push(diag.unmatchedParen(tokenSpan(t)));
        broken = true;
        continue;
      }
      open.pop();
    }
    current.push(t);
  }
  endLine();
  return { lines, diagnostics };
}
