/**
 * Brian's generator syntax for `connect()` (`parse_synapse_generator` in
 * brian2/synapses/parse_synaptic_generator_syntax.py), parsed into slices of the text:
 *
 * ```
 * ELEMENT for VAR in range(HIGH) | range(LOW, HIGH[, STEP])
 *                  | sample(...same..., p=P) | sample(...same..., size=SIZE)   [if CONDITION]
 * ```
 *
 * e.g. `'k for k in range(i-3, i+4) if k >= 0'`, `'k for k in sample(N_post, p=0.1)'`. As in Brian,
 * an expression without `for` (`'i'`, `'i + 1 if i < 5'`) is one element: `ELEMENT for _ in
 * range(1) [if CONDITION]`.
 *
 * Only the structure is parsed here; every sub-expression is parsed by `parseExpression` with its
 * spans kept relative to the whole generator text ({@link parseSlice}), so that errors anywhere —
 * structure, syntax of a sub-expression, units, an out-of-range index — print one code frame of
 * the generator with a caret under the culprit.
 */
import { diag, EquationError, parseExpression, SourceText, span, type ExpressionResult } from '@neurite/parser';

/** A piece of the generator text: `text === source.slice(start, end)`, trimmed. */
export interface Slice {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export type IteratorFunction = 'range' | 'sample';

/** A parsed generator. Invariant: `high` is always present; `p` xor `size` for `sample`, neither for `range`. */
export interface GeneratorSyntax {
  /** The text as written (spans of every slice point into it). */
  readonly source: string;
  /** The index expression (`k`, `k + i`). */
  readonly element: Slice;
  /** The iteration variable (`k`); `_` where the text had no `for`. */
  readonly variable: Slice;
  readonly iterator: IteratorFunction;
  /** The iterator's call (`range(...)`), for messages. */
  readonly call: Slice;
  readonly low: Slice | undefined;
  readonly high: Slice;
  readonly step: Slice | undefined;
  readonly p: Slice | undefined;
  readonly size: Slice | undefined;
  readonly condition: Slice | undefined;
  /** Written without `for`: one element, `range(1)`. */
  readonly implicit: boolean;
}

const EXAMPLE = "write e.g. 'k for k in range(i-3, i+4) if k >= 0' or 'k for k in sample(N_post, p=0.1)'";

/** Does the text use the generator syntax (a `for` outside parentheses)? */
export function isGenerator(text: string): boolean {
  return /\bfor\b/.test(mask(text).masked);
}

/**
 * Parses a generator (see the module comment). Throws an {@link EquationError} — a code frame with a
 * caret under the problem — for malformed text; `origin` names the object and argument
 * (`"Synapses 'S', connect(j)"`).
 */
export function parseGenerator(text: string, origin: string): GeneratorSyntax {
  const fail = (start: number, end: number, message: string, hint: string = EXAMPLE): never => {
    throw new EquationError([diag.syntax(span(start, Math.max(end, start + 1)), message, hint)], new SourceText(text), origin);
  };
  const { masked, unclosed, unmatched } = mask(text);
  if (unclosed >= 0) fail(unclosed, unclosed + 1, `this '(' is never closed`, "add the missing ')'");
  if (unmatched >= 0) fail(unmatched, unmatched + 1, `this ')' has no matching '('`, "remove it or add the missing '('");
  const fors = words(masked, 'for');
  if (fors.length === 0) {
    // Brian's `_finalize_generator_expression`: `expr [if cond]` is `expr for _ in range(1) [if cond]`.
    const ifs = words(masked, 'if');
    if (ifs.length > 1) fail(ifs[1]!, ifs[1]! + 2, "only one 'if' is allowed");
    const element = slice(text, 0, ifs[0] ?? text.length);
    if (element.text === '') fail(0, text.length, 'the index expression is missing');
    const condition = ifs.length === 1 ? slice(text, ifs[0]! + 2, text.length) : undefined;
    if (condition && condition.text === '') fail(ifs[0]!, ifs[0]! + 2, "the condition after 'if' is missing");
    const one = { text: '1', start: element.start, end: element.end };
    return { source: text, element, variable: { text: '_', start: 0, end: 0 }, iterator: 'range', call: element, low: undefined, high: one, step: undefined, p: undefined, size: undefined, condition, implicit: true };
  }
  if (fors.length > 1) fail(fors[1]!, fors[1]! + 3, "a generator may have only one 'for' (Brian iterates over one variable)");
  const forAt = fors[0]!;
  const element = slice(text, 0, forAt);
  if (element.text === '') fail(forAt, forAt + 3, "the index expression before 'for' is missing");

  const afterFor = forAt + 3;
  const v = /^(\s*)([A-Za-z_]\w*)\s+in\b/.exec(masked.slice(afterFor));
  if (!v) fail(afterFor, text.length, "expected 'VARIABLE in range(...)' or 'VARIABLE in sample(...)' after 'for'");
  const varStart = afterFor + v![1]!.length;
  const variable: Slice = { text: v![2]!, start: varStart, end: varStart + v![2]!.length };
  const afterIn = afterFor + v![0]!.length;
  const c = /^(\s*)([A-Za-z_]\w*)\s*\(/.exec(masked.slice(afterIn));
  if (!c) fail(afterIn, text.length, "expected range(...) or sample(...) after 'in'");
  const nameStart = afterIn + c![1]!.length;
  const name = c![2]!;
  if (name !== 'range' && name !== 'sample') fail(nameStart, nameStart + name.length, `'${name}' is not an iterator Brian supports`, "iterate over range(...) or sample(..., p=...) / sample(..., size=...)");
  const open = afterIn + c![0]!.length - 1;
  const close = matching(text, open);
  const call: Slice = { text: text.slice(nameStart, close + 1), start: nameStart, end: close + 1 };

  const rest = masked.slice(close + 1);
  let condition: Slice | undefined;
  const r = /^\s*if\b/.exec(rest);
  if (r) {
    condition = slice(text, close + 1 + r[0].length, text.length);
    if (condition.text === '') fail(close + 1 + r[0].length - 2, close + 1 + r[0].length, "the condition after 'if' is missing");
    const more = words(masked.slice(condition.start), 'if');
    if (more.length > 0) fail(condition.start + more[0]!, condition.start + more[0]! + 2, "a generator may have only one 'if'");
  } else if (rest.trim() !== '') {
    const at = close + 1 + rest.search(/\S/);
    fail(at, text.length, `unexpected text after ${name}(...)`, "only 'if CONDITION' may follow the iterator");
  }

  // Arguments: split at commas outside nested parentheses.
  const positional: Slice[] = [];
  const keywords = new Map<string, Slice>();
  const inner = text.slice(open + 1, close);
  let from = open + 1;
  const pieces: [number, number][] = [];
  if (inner.trim() !== '') {
    let depth = 0;
    for (let k = 0; k <= inner.length; k++) {
      const ch = inner[k];
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
      else if (k === inner.length || (ch === ',' && depth === 0)) {
        pieces.push([from, open + 1 + k]);
        from = open + 2 + k;
      }
    }
  }
  for (const [a, b] of pieces) {
    const piece = slice(text, a, b);
    if (piece.text === '') fail(a, b, `an argument of ${name}() is missing`);
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(piece.text);
    if (kw) {
      const key = kw[1]!;
      const value = slice(text, piece.start + kw[0].length, piece.end);
      if (name === 'range') fail(piece.start, piece.end, 'range() takes no keyword arguments', 'write range(HIGH), range(LOW, HIGH) or range(LOW, HIGH, STEP)');
      if (key !== 'p' && key !== 'size') fail(piece.start, piece.start + key.length, `sample() has no argument '${key}'`, 'give either p=PROBABILITY or size=NUMBER');
      if (keywords.size > 0) fail(piece.start, piece.end, 'sample() takes either p or size, not both', 'give either p=PROBABILITY or size=NUMBER');
      if (value.text === '') fail(piece.start, piece.end, `the value of ${key} is missing`);
      keywords.set(key, value);
    } else {
      if (keywords.size > 0) fail(piece.start, piece.end, 'a positional argument cannot follow a keyword argument', `write ${name}(LOW, HIGH, STEP, ...) with the keyword last`);
      positional.push(piece);
    }
  }
  if (positional.length < 1 || positional.length > 3) fail(call.start, call.end, `${name}() takes 1 to 3 positional arguments (HIGH, or LOW, HIGH[, STEP]), got ${positional.length}`);
  if (name === 'sample' && keywords.size === 0) fail(call.start, call.end, 'sample() needs p=PROBABILITY or size=NUMBER', "e.g. sample(N_post, p=0.1) or sample(N_post, size=10)");
  const [low, high, step] = positional.length === 1 ? [undefined, positional[0]!, undefined] : [positional[0]!, positional[1]!, positional[2]];
  return { source: text, element, variable, iterator: name as IteratorFunction, call, low, high, step, p: keywords.get('p'), size: keywords.get('size'), condition, implicit: false };
}

/**
 * Parses one slice of the generator as an expression, with spans into the whole text (the text
 * before the slice is blanked, so offsets are unchanged) and the whole text as source, so
 * diagnostics print the generator with a caret under the slice's problem.
 */
export function parseSlice(g: GeneratorSyntax, s: Slice): ExpressionResult {
  const r = parseExpression(' '.repeat(s.start) + s.text);
  return { ...r, source: new SourceText(g.source) };
}

/** The text with everything inside parentheses blanked (so words found in it are at depth 0). */
function mask(text: string): { masked: string; unclosed: number; unmatched: number } {
  let depth = 0;
  const opens: number[] = [];
  let unmatched = -1;
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (ch === '(') {
      opens.push(k);
      out += depth === 0 ? ch : ' ';
      depth++;
    } else if (ch === ')') {
      if (depth === 0) {
        if (unmatched < 0) unmatched = k;
        out += ch;
        continue;
      }
      opens.pop();
      depth--;
      out += depth === 0 ? ch : ' ';
    } else out += depth > 0 ? ' ' : ch;
  }
  return { masked: out, unclosed: opens.length > 0 ? opens[0]! : -1, unmatched };
}

/** Offsets of the keyword `word` (as a whole word) in `masked`. */
function words(masked: string, word: string): number[] {
  const out: number[] = [];
  const re = new RegExp(`\\b${word}\\b`, 'g');
  for (let m = re.exec(masked); m; m = re.exec(masked)) out.push(m.index);
  return out;
}

function slice(text: string, start: number, end: number): Slice {
  const raw = text.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const t = raw.trim();
  return { text: t, start: start + lead, end: start + lead + t.length };
}

/** The offset of the ')' closing the '(' at `open` (the text is known to be balanced). */
function matching(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === '(') depth++;
    else if (text[k] === ')' && --depth === 0) return k;
  }
  return text.length - 1;
}
