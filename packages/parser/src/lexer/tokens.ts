/**
 * Token definitions for the model language (Python-flavoured, as Brian's strings are).
 * Order matters: Chevrotain tries patterns in array order, so longer operators come before their
 * prefixes (`**` before `*`, `+=` before `+`) and keywords before identifiers (`longer_alt` keeps
 * `android` an identifier).
 */
import type { TokenType } from 'chevrotain';
import { createToken, Lexer } from '../chevrotain.js';

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  // A backslash before a line break continues the line, as in Python.
  pattern: /(?:[ \t\r\f]|\\\r?\n)+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: Lexer.SKIPPED });
export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true, label: 'the end of the line' });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });
const keyword = (name: string, word: string) =>
  createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'` });
export const And = keyword('And', 'and');
export const Or = keyword('Or', 'or');
export const Not = keyword('Not', 'not');
export const True = keyword('True', 'True');
export const False = keyword('False', 'False');

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});

const op = (name: string, pattern: string, categories?: TokenType[]) =>
  createToken({
    name,
    pattern: new RegExp(pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')),
    label: `'${pattern}'`,
    ...(categories ? { categories } : {}),
  });

/** Categories let one grammar rule consume any member (e.g. every comparison operator). */
export const AssignOp = createToken({ name: 'AssignOp', pattern: Lexer.NA, label: "'=' or an update like '+='" });
export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA, label: 'a comparison' });
export const AddOp = createToken({ name: 'AddOp', pattern: Lexer.NA, label: "'+' or '-'" });
export const MulOp = createToken({ name: 'MulOp', pattern: Lexer.NA, label: "'*', '/', '//' or '%'" });
export const PowOp = createToken({ name: 'PowOp', pattern: Lexer.NA, label: "'**'" });

export const Pow = op('Pow', '**', [PowOp]);
export const Caret = op('Caret', '^', [PowOp]); // accepted by the grammar, reported with a hint
export const PlusAssign = op('PlusAssign', '+=', [AssignOp]);
export const MinusAssign = op('MinusAssign', '-=', [AssignOp]);
export const StarAssign = op('StarAssign', '*=', [AssignOp]);
export const SlashAssign = op('SlashAssign', '/=', [AssignOp]);
export const FloorDiv = op('FloorDiv', '//', [MulOp]);
export const Eq = op('Eq', '==', [CompareOp]);
export const NotEq = op('NotEq', '!=', [CompareOp]);
export const LessEq = op('LessEq', '<=', [CompareOp]);
export const GreaterEq = op('GreaterEq', '>=', [CompareOp]);
export const Less = op('Less', '<', [CompareOp]);
export const Greater = op('Greater', '>', [CompareOp]);
export const Equals = op('Equals', '=', [AssignOp]);
export const Plus = op('Plus', '+', [AddOp]);
export const Minus = op('Minus', '-', [AddOp]);
export const Star = op('Star', '*', [MulOp]);
export const Slash = op('Slash', '/', [MulOp]);
export const Percent = op('Percent', '%', [MulOp]);
export const LParen = op('LParen', '(');
export const RParen = op('RParen', ')');
export const Comma = op('Comma', ',');
export const Colon = op('Colon', ':');
export const Semicolon = op('Semicolon', ';');

/** All tokens in matching order. */
export const allTokens: TokenType[] = [
  WhiteSpace, Comment, Newline,
  NumberLiteral,
  And, Or, Not, True, False, Identifier,
  Pow, Caret, PlusAssign, MinusAssign, StarAssign, SlashAssign, FloorDiv,
  Eq, NotEq, LessEq, GreaterEq, Less, Greater, Equals,
  Plus, Minus, Star, Slash, Percent,
  LParen, RParen, Comma, Colon, Semicolon,
  AssignOp, CompareOp, AddOp, MulOp, PowOp,
];
