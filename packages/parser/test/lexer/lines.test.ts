/**
 * Layout: how a token stream is cut into logical lines (the units the grammar parses one at a
 * time), and how parenthesis errors are reported there — once, at the parenthesis.
 */
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/lexer/lexer.js';
import { layoutLines, MAX_PAREN_DEPTH, MAX_PREFIX_RUN, type LayoutMode } from '../../src/lexer/lines.js';
import { parseEquations, parseExpression, parseStatements } from '../../src/parse.js';

interface Layout {
  /** Each logical line as the source text it covers, from its first to its last token. */
  readonly lines: string[];
  /** Which lines were marked broken (an error was already reported inside them). */
  readonly broken: boolean[];
  /** `code@start-end` of each layout diagnostic. */
  readonly diagnostics: string[];
}

function layout(text: string, mode: LayoutMode): Layout {
  const lexed = tokenize(text);
  expect(lexed.diagnostics, 'lexer diagnostics').toEqual([]);
  const r = layoutLines(lexed.tokens, mode);
  return {
    lines: r.lines.map((l) => {
      const first = l.tokens[0]!;
      const last = l.tokens[l.tokens.length - 1]!;
      return text.slice(first.startOffset, last.startOffset + last.image.length);
    }),
    broken: r.lines.map((l) => l.broken),
    diagnostics: r.diagnostics.map((d) => `${d.code}@${d.span.start}-${d.span.end}`),
  };
}

const lines = (text: string, mode: LayoutMode) => layout(text, mode).lines;

describe('layoutLines: one logical line per physical line by default', () => {
  it('splits equations at line breaks', () => {
    expect(lines('dv/dt = -v/tau : volt\nI : amp', 'equations')).toEqual(['dv/dt = -v/tau : volt', 'I : amp']);
  });

  it('skips blank lines, comment-only lines and trailing comments', () => {
    const text = '\n\nx : 1  # first\n\n   # a comment line\n\ny : 1\n# the end';
    expect(lines(text, 'equations')).toEqual(['x : 1', 'y : 1']);
  });

  it('does not let a parenthesis inside a comment open anything', () => {
    const r = layout('dv/dt = -v/tau : 1 # see (Brette 2007\nx : 1', 'equations');
    expect(r.lines).toEqual(['dv/dt = -v/tau : 1', 'x : 1']);
    expect(r.diagnostics).toEqual([]);
  });

  it('handles Windows line endings', () => {
    expect(lines('x : 1\r\ny : 1\r\n', 'equations')).toEqual(['x : 1', 'y : 1']);
  });

  it('gives no lines for empty input', () => {
    expect(layout('', 'equations')).toEqual({ lines: [], broken: [], diagnostics: [] });
    expect(layout('\n\n  # only a comment\n', 'statements')).toEqual({ lines: [], broken: [], diagnostics: [] });
  });
});

describe('layoutLines: continuation', () => {
  it('continues inside parentheses', () => {
    const text = 'dv/dt = (gl*(El-v)\n         + ge*(Ee-v))/Cm : volt\ndm/dt = -m/ms : 1';
    expect(lines(text, 'equations')).toEqual(['dv/dt = (gl*(El-v)\n         + ge*(Ee-v))/Cm : volt', 'dm/dt = -m/ms : 1']);
  });

  it('continues inside the parentheses of a call, after a comma', () => {
    expect(lines('w = clip(w + Apost,\n  0,\n  gmax)', 'statements')).toEqual(['w = clip(w + Apost,\n  0,\n  gmax)']);
  });

  it('continues inside parentheses when the next line starts with a name that does not start an equation', () => {
    expect(lines('dv/dt = (a\n  b) : 1\nx : 1', 'equations')).toEqual(['dv/dt = (a\n  b) : 1', 'x : 1']);
  });

  it('continues after a trailing operator (the COBAHH first equation)', () => {
    const text = 'dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-\n         g_na*(m*m*m)*h*(v-ENa)-\n         g_kd*(n*n*n*n)*(v-EK))/Cm : volt\ndm/dt = alpha_m*(1-m)-beta_m*m : 1';
    const r = layout(text, 'equations');
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toBe(text.slice(0, text.indexOf('\ndm/dt')));
    expect(r.lines[1]).toBe('dm/dt = alpha_m*(1-m)-beta_m*m : 1');
  });

  it.each([
    ['+', 'dv/dt = a +\n  b : 1'],
    ['-', 'dv/dt = a -\n  b : 1'],
    ['*', 'dv/dt = a *\n  b : 1'],
    ['/', 'dv/dt = a /\n  b : 1'],
    ['//', 'dv/dt = a //\n  b : 1'],
    ['%', 'dv/dt = a %\n  b : 1'],
    ['**', 'dv/dt = a **\n  2 : 1'],
    ['>', 'x = a >\n  b : boolean'],
    ['and', 'x = a > b and\n  c : boolean'],
    ['or', 'x = a > b or\n  c : boolean'],
    ['not', 'x = not\n  c : boolean'],
    ['=', 'dv/dt =\n  -v/tau : 1'],
  ])('after a trailing %s', (_op, text) => {
    expect(lines(text, 'equations')).toEqual([text]);
  });

  it('continues after a trailing operator followed by a comment', () => {
    expect(lines('dv/dt = a +  # the leak\n  b : 1\nx : 1', 'equations')).toEqual(['dv/dt = a +  # the leak\n  b : 1', 'x : 1']);
  });

  it('continues in statements after a trailing operator and after an update operator', () => {
    expect(lines('v = a +\n  b\nw = 1', 'statements')).toEqual(['v = a +\n  b', 'w = 1']);
    expect(lines('v +=\n  b', 'statements')).toEqual(['v +=\n  b']);
  });

  it.each([
    ['+', 'dv/dt = a\n  + b : 1'],
    ['*', 'dv/dt = a\n  * b : 1'],
    ['-', 'dv/dt = a\n  - b : 1'],
    ['(', 'dv/dt = a\n  (b) : 1'],
  ])('before a line starting with %s, which no equation can start with', (_op, text) => {
    expect(lines(text, 'equations')).toEqual([text]);
  });

  it('continues before a leading operator in statements too', () => {
    expect(lines('v = a\n+ b\nw = 1', 'statements')).toEqual(['v = a\n+ b', 'w = 1']);
  });

  it('continues after a backslash at the end of a line, as in Python', () => {
    expect(lines('dv/dt = a \\\n  b : 1\nx : 1', 'equations')).toEqual(['dv/dt = a \\\n  b : 1', 'x : 1']);
  });

  it('treats every line break in an expression as whitespace', () => {
    expect(lines('v > 1\nand\nw < 2', 'expression')).toEqual(['v > 1\nand\nw < 2']);
    expect(lines('v\n>\n1', 'expression')).toEqual(['v\n>\n1']);
  });
});

describe("layoutLines: ';' in statements", () => {
  it("splits statements at ';'", () => {
    expect(lines('v = Vr; w += 1', 'statements')).toEqual(['v = Vr', 'w += 1']);
  });

  it("ignores empty statements between ';' and line breaks", () => {
    expect(lines('v = 0;;\n\n w += 1;\n;', 'statements')).toEqual(['v = 0', 'w += 1']);
  });

  it("does not split at ';' inside parentheses", () => {
    expect(lines('v = f(a; b)', 'statements')).toEqual(['v = f(a; b)']);
  });

  it("keeps ';' in an equation line, where the grammar reports it", () => {
    expect(lines('x : 1; y : 1', 'equations')).toEqual(['x : 1; y : 1']);
    const r = parseEquations('x : 1; y : 1');
    expect(r.diagnostics.map((d) => [d.code, d.span.start])).toEqual([['syntax-error', 5]]);
    expect(r.diagnostics[0]!.hint).toMatch(/one equation per line/);
  });
});

describe('layoutLines: parenthesis errors', () => {
  it("reports an unclosed '(' at the parenthesis when the next line starts a new equation", () => {
    const text = 'dv/dt = (a + b : 1\nx : 1';
    const r = layout(text, 'equations');
    expect(r.diagnostics).toEqual(['unclosed-paren@8-9']);
    expect(r.lines).toEqual(['dv/dt = (a + b : 1', 'x : 1']);
    expect(r.broken).toEqual([true, false]);
  });

  it("recognises 'dx/dt =', 'x =' and 'x :' as the start of a new equation", () => {
    for (const next of ['dm/dt = -m/ms : 1', 'y = 2 : 1', 'y : 1']) {
      const r = layout(`dv/dt = (a : 1\n${next}`, 'equations');
      expect(r.diagnostics, next).toEqual(['unclosed-paren@8-9']);
      expect(r.lines[1], next).toBe(next);
    }
  });

  it("reports an unclosed '(' in statements when the next line starts a new statement", () => {
    const r = layout('v = f(0\nw = 1', 'statements');
    expect(r.diagnostics).toEqual(['unclosed-paren@5-6']);
    expect(r.lines).toEqual(['v = f(0', 'w = 1']);
    expect(r.broken).toEqual([true, false]);
  });

  it("reports an unclosed '(' at the end of the input", () => {
    const r = layout('v > (1 +\n 2', 'expression');
    expect(r.diagnostics).toEqual(['unclosed-paren@4-5']);
    expect(r.broken).toEqual([true]);
  });

  it("reports only the innermost of several unclosed '('", () => {
    const r = layout('dv/dt = (a + (b : 1\nx : 1', 'equations');
    expect(r.diagnostics).toEqual(['unclosed-paren@13-14']);
  });

  it("reports a ')' without '(' and marks only its line broken", () => {
    const r = layout('dv/dt = a) : 1\nx : 1', 'equations');
    expect(r.diagnostics).toEqual(['unmatched-paren@9-10']);
    expect(r.broken).toEqual([true, false]);
    expect(r.lines[1]).toBe('x : 1');
  });

  it('does not continue a line after an unmatched paren', () => {
    const r = layout('v = a)\nw = 1', 'statements');
    expect(r.lines).toEqual(['v = a', 'w = 1']);
    expect(r.diagnostics).toEqual(['unmatched-paren@5-6']);
  });
});

describe('one missing parenthesis gives one diagnostic', () => {
  // COBAHH's first equation with the closing ')' before '/Cm' removed.
  const model = [
    'dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-',
    '         g_na*(m*m*m)*h*(v-ENa)-',
    '         g_kd*(n*n*n*n)*(v-EK)/Cm : volt',
    'dm/dt = alpha_m*(1-m)-beta_m*m : 1',
    'alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz',
  ].join('\n');

  it('in a model: one unclosed-paren error, and the other equations still parse', () => {
    const r = parseEquations(model);
    expect(r.diagnostics.map((d) => `${d.code}@${d.span.start}-${d.span.end}`)).toEqual(['unclosed-paren@8-9']);
    expect(r.equations.map((e) => e.name)).toEqual(['m', 'alpha_m']);
  });

  it('in a model: a stray closing paren gives one error', () => {
    const r = parseEquations('dv/dt = -v/tau) : volt\nI : amp');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unmatched-paren']);
    expect(r.equations.map((e) => e.name)).toEqual(['I']);
  });

  it('in code: one error, and the next statement still parses', () => {
    const r = parseStatements('w = clip(w + Apost, 0, gmax\nApre += dApre');
    expect(r.diagnostics.map((d) => `${d.code}@${d.span.start}-${d.span.end}`)).toEqual(['unclosed-paren@8-9']);
    expect(r.statements.map((s) => s.target)).toEqual(['Apre']);
  });

  it('in an expression: one error', () => {
    const r = parseExpression('(v > Vt and not_refractory');
    expect(r.diagnostics.map((d) => `${d.code}@${d.span.start}-${d.span.end}`)).toEqual(['unclosed-paren@0-1']);
    expect(r.expr).toBeUndefined();
  });
});

describe('nesting limits', () => {
  const nested = (n: number) => '('.repeat(n) + 'v' + ')'.repeat(n);

  it('parses parentheses nested up to the limit', () => {
    expect(parseExpression(nested(MAX_PAREN_DEPTH)).diagnostics).toEqual([]);
  });

  it('reports the first parenthesis beyond the limit, once', () => {
    const text = nested(MAX_PAREN_DEPTH + 30);
    const r = parseExpression(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['too-deep']);
    expect(r.diagnostics[0]!.span).toEqual({ start: MAX_PAREN_DEPTH, end: MAX_PAREN_DEPTH + 1 });
  });

  it('limits runs of signs, which recurse like parentheses', () => {
    expect(parseExpression(`${'-'.repeat(MAX_PREFIX_RUN)}v`).diagnostics).toEqual([]);
    const r = parseExpression(`${'-'.repeat(MAX_PREFIX_RUN + 5)}v`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['too-deep']);
    expect(r.diagnostics[0]!.span.start).toBe(MAX_PREFIX_RUN);
  });

  it('keeps checking the other lines of a model', () => {
    const r = parseEquations(`a = ${nested(MAX_PAREN_DEPTH + 1)} : 1\nb = 2 : 1`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['too-deep']);
    expect(r.equations.map((e) => e.name)).toEqual(['b']);
    expect(r.brokenNames).toEqual(['a']);
  });
});
