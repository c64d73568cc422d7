/**
 * The parser's entry points: quantities, numbers, equations (with comments and blank lines),
 * statements, and Python's operator precedence.
 */
import { describe, expect, it } from 'vitest';
import { ast, type BinaryOp, type Expr, type UnaryOp } from '../src/ast.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { parseEquations, parseExpression, parseQuantity, parseStatements } from '../src/parse.js';
import { span } from '../src/source.js';
import { DIMENSIONLESS, dim, sameDim, type Dimension } from '../src/units/dimension.js';
import { stripSpans } from './helpers/strip-spans.js';

const SECOND = dim({ second: 1 });
const VOLT = dim({ metre: 2, kilogram: 1, second: -3, amp: -1 });
const FARAD = dim({ metre: -2, kilogram: -1, second: 4, amp: 2 });
const HERTZ = dim({ second: -1 });

/** `[code, covered text]` of each diagnostic. */
const located = (text: string, ds: readonly Diagnostic[]) => ds.map((d) => [d.code, text.slice(d.span.start, d.span.end)]);

// ---------------------------------------------------------------------------------------------

describe('parseQuantity', () => {
  function quantity(text: string, si: number, d: Dimension, relTol = 1e-12): void {
    const r = parseQuantity(text);
    expect(r.diagnostics, text).toEqual([]);
    expect(r.quantity, text).toBeDefined();
    const { value, dim: actual } = r.quantity!;
    expect(Math.abs(value - si), `${text}: ${value} vs ${si}`).toBeLessThanOrEqual(relTol * Math.abs(si));
    expect(sameDim(actual, d), text).toBe(true);
  }

  it.each([
    ['5 ms', 5e-3, SECOND],
    ['-65 mV', -65e-3, VOLT],
    ['0.1*ms', 1e-4, SECOND],
    ['10 Hz', 10, HERTZ],
    ['-65*mV', -65e-3, VOLT],
    ['5mV', 5e-3, VOLT],
    ['  5 ms  # a comment', 5e-3, SECOND],
    ['1/ms', 1e3, HERTZ],
    ['(50*mV)**2', 2.5e-3, dim({ metre: 4, kilogram: 2, second: -6, amp: -2 })],
    ['20000*umetre**2', 2e-8, dim({ metre: 2 })],
  ])('%s', (text, si, d) => quantity(text, si, d));

  it("'1*ufarad*cm**-2 * 20000*umetre**2' is the tutorial's 200 pF", () => {
    quantity('1*ufarad*cm**-2 * 20000*umetre**2', 2e-10, FARAD);
  });

  it('reads "<number> <unit>" (the fast path sweeps use) to exactly the value the grammar gives', () => {
    // Parentheses keep these forms off the fast path, so the right-hand side is the grammar's value.
    const numbers = ['5', '0.1', '1.', '.25', '2.5e-3', '1E3', '65', '0', '1.0000000000000002', '3.3333333333333335'];
    const units = ['ms', 'mV', 'Hz', 'nS', 'second', 's', 'pF', 'Mohm', 'mohm', 'umetre'];
    for (const n of numbers) {
      for (const u of units) {
        for (const [fast, slow] of [[`${n} ${u}`, `(${n})*${u}`], [`${n}*${u}`, `(${n})*(${u})`], [`-${n} ${u}`, `-(${n})*${u}`], [`${n}${u}`, `((${n})*${u})`]] as const) {
          const a = parseQuantity(fast).quantity;
          const b = parseQuantity(slow).quantity;
          expect(a, fast).toBeDefined();
          expect(Object.is(a!.value, b!.value), `${fast}: ${a!.value} vs ${slow}: ${b!.value}`).toBe(true);
          expect(sameDim(a!.dim, b!.dim), fast).toBe(true);
        }
      }
      expect(Object.is(parseQuantity(n).quantity!.value, parseQuantity(`(${n})`).quantity!.value), n).toBe(true);
      expect(Object.is(parseQuantity(`-${n}`).quantity!.value, parseQuantity(`-(${n})`).quantity!.value), `-${n}`).toBe(true);
    }
  });

  it('gives a repeated text the same result without parsing it again', () => {
    expect(parseQuantity('7 ms')).toBe(parseQuantity('7 ms'));
    expect(parseExpression('v > 1')).toBe(parseExpression('v > 1'));
    expect(parseEquations('dv/dt = -v/tau : 1')).toBe(parseEquations('dv/dt = -v/tau : 1'));
    expect(parseStatements('v = 0')).toBe(parseStatements('v = 0'));
    // Bad input is remembered with its diagnostics too.
    expect(parseQuantity('5 foo').diagnostics).toEqual(parseQuantity('5 foo').diagnostics);
  });

  it('reads constants and plain numbers as dimensionless', () => {
    quantity('pi', Math.PI, DIMENSIONLESS);
    quantity('2*pi', 2 * Math.PI, DIMENSIONLESS);
    quantity('e', Math.E, DIMENSIONLESS);
    quantity('3', 3, DIMENSIONLESS);
    quantity('1e-3', 1e-3, DIMENSIONLESS);
  });

  it.each([
    ['5 foo', 'unknown-unit', 'foo'],
    ['5 msec', 'unknown-unit', 'msec'],
    ['v * mV', 'unknown-unit', 'v'],
    ['5*mV + 2*ms', 'dimension-mismatch', '5*mV + 2*ms'],
    ['exp(1*mV)', 'dimensionless-argument', '1*mV'],
    ['5 mV mV', 'syntax-error', 'mV'],
    ['5 < 3', 'syntax-error', '5 < 3'],
    ['', 'empty-input', ''],
    ['  # nothing', 'empty-input', '  # nothing'],
  ])('rejects %j', (text, code, covered) => {
    const r = parseQuantity(text);
    expect(r.quantity).toBeUndefined();
    expect(located(text, r.diagnostics)).toEqual([[code, covered]]);
  });

  it('suggests a unit for a misspelt one', () => {
    expect(parseQuantity('5 mvlt').diagnostics[0]!.hint).toBe("did you mean 'mvolt'?");
  });
});

// ---------------------------------------------------------------------------------------------

describe('number literals', () => {
  function literal(text: string) {
    const r = parseExpression(text);
    expect(r.diagnostics, text).toEqual([]);
    const e = r.expr!;
    if (e.kind !== 'number') throw new Error(`${text} parsed as ${e.kind}`);
    return { value: e.value, isInteger: e.isInteger, span: e.span };
  }

  it.each([
    ['1', 1, true],
    ['42', 42, true],
    ['1.', 1, false],
    ['1.0', 1, false],
    ['.5', 0.5, false],
    ['1e-3', 0.001, false],
    ['1E3', 1000, false],
    ['2.5e+2', 250, false],
  ])('%s is %d, isInteger %s', (text, value, isInteger) => {
    expect(literal(text)).toEqual({ value, isInteger, span: span(0, text.length) });
  });

  it('does not read Python forms the language lacks', () => {
    for (const text of ['1_000', '0x10', '3j']) expect(parseExpression(text).diagnostics.map((d) => d.code), text).toEqual(['syntax-error']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('parseEquations', () => {
  it('reads the three kinds of line with their units and flags', () => {
    const r = parseEquations('dv/dt = -v/tau : volt (unless refractory)\nI = g*v : amp\ng : siemens (constant, shared)');
    expect(r.diagnostics).toEqual([]);
    expect(r.equations.map((e) => [e.kind, e.name, e.unit.kind, e.flags.map((f) => f.name)])).toEqual([
      ['differential', 'v', 'unit', ['unless refractory']],
      ['subexpression', 'I', 'unit', []],
      ['parameter', 'g', 'unit', ['constant', 'shared']],
    ]);
    expect(sameDim(r.equations[0]!.unit.dim, VOLT)).toBe(true);
    expect(sameDim(r.equations[1]!.unit.dim, dim({ amp: 1 }))).toBe(true);
  });

  it('reads 1, boolean and integer as dimensionless unit fields', () => {
    const r = parseEquations('x : 1\nb : boolean\nk : integer\ng : siemens/metre**2');
    expect(r.equations.map((e) => e.unit.kind)).toEqual(['dimensionless', 'boolean', 'integer', 'unit']);
    for (const e of r.equations.slice(0, 3)) expect(e.unit.dim).toEqual(DIMENSIONLESS);
    expect(sameDim(r.equations[3]!.unit.dim, dim({ metre: -4, kilogram: -1, second: 3, amp: 2 }))).toBe(true);
  });

  it('skips comments and blank lines, and keeps comments out of spans', () => {
    const text = '# LIF neuron\n\ndv/dt = -v/tau : volt  # the membrane\n\n   # done\nI : amp # input\n';
    const r = parseEquations(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.equations.map((e) => r.source.slice(e.span))).toEqual(['dv/dt = -v/tau : volt', 'I : amp']);
    expect(r.equations.map((e) => r.source.slice(e.nameSpan))).toEqual(['v', 'I']);
  });

  it('accepts an empty model and a model of only comments', () => {
    expect(parseEquations('')).toMatchObject({ equations: [], diagnostics: [] });
    expect(parseEquations('\n  # nothing here\n\n')).toMatchObject({ equations: [], diagnostics: [] });
  });

  it.each([
    ['dv/dt = -v/tau volt', 'missing-colon', 'volt'],
    ['dv/dt = -v/tau', 'missing-unit', ''],
    ['dv/dx = 1 : 1', 'bad-differential', 'dv/dx'],
    ['v : mV', 'unit-not-base', 'mV'],
    ['g : mS/cm**2', 'unit-not-base', 'mS/cm**2'],
    ['x : foo', 'unknown-unit', 'foo'],
    ['x = a ^ 2 : 1', 'caret-power', '^'],
    ['x = a < b < c : boolean', 'chained-comparison', 'a < b < c'],
  ])('reports %j', (text, code, covered) => {
    expect(located(text, parseEquations(text).diagnostics)).toEqual([[code, covered]]);
  });

  it("says which SI unit to write instead of a prefixed one", () => {
    expect(parseEquations('v : mV').diagnostics[0]!.hint).toContain("'volt'");
  });

  it('keeps parsing after a bad line', () => {
    const r = parseEquations('dv/dt = -v/tau volt\nI : amp\nx = : 1\ny : 1');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['missing-colon', 'syntax-error']);
    expect(r.equations.map((e) => e.name)).toEqual(['I', 'y']);
  });
});

describe('parseStatements', () => {
  it('reads every assignment operator, separated by newlines or ;', () => {
    const r = parseStatements('v = Vr; w += 1\nx -= 2\ny *= 3; z /= 4');
    expect(r.diagnostics).toEqual([]);
    expect(r.statements.map((s) => [s.target, s.op])).toEqual([
      ['v', '='],
      ['w', '+='],
      ['x', '-='],
      ['y', '*='],
      ['z', '/='],
    ]);
    expect(r.statements.map((s) => r.source.slice(s.span))).toEqual(['v = Vr', 'w += 1', 'x -= 2', 'y *= 3', 'z /= 4']);
  });

  it('skips comments in code', () => {
    const r = parseStatements('# reset\nv = Vr  # back to rest\n');
    expect(r.statements.map((s) => s.target)).toEqual(['v']);
  });

  it('rejects an empty code block and non-statements', () => {
    expect(parseStatements('').diagnostics.map((d) => d.code)).toEqual(['empty-input']);
    expect(located('v == 1', parseStatements('v == 1').diagnostics)).toEqual([['syntax-error', '==']]);
    expect(located('1 = v', parseStatements('1 = v').diagnostics)).toEqual([['syntax-error', '1']]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('Python operator precedence', () => {
  const S = span(0);
  const n = (name: string) => ast.name(name, S);
  const num = (v: number) => ast.num(v, S);
  const un = (op: UnaryOp, e: Expr) => ast.unary(op, e, S);
  const bin = (op: BinaryOp, l: Expr, r: Expr) => ast.binary(op, l, r, S);

  function tree(text: string): unknown {
    const r = parseExpression(text);
    expect(r.diagnostics, text).toEqual([]);
    return stripSpans(r.expr);
  }

  it.each<[string, Expr]>([
    ['a + b * c', bin('+', n('a'), bin('*', n('b'), n('c')))],
    ['a - b - c', bin('-', bin('-', n('a'), n('b')), n('c'))],
    ['a / b * c', bin('*', bin('/', n('a'), n('b')), n('c'))],
    ['a // b % c', bin('%', bin('//', n('a'), n('b')), n('c'))],
    ['a**b**c', bin('**', n('a'), bin('**', n('b'), n('c')))],
    ['-x**2', un('-', bin('**', n('x'), num(2)))],
    ['2**-1', bin('**', num(2), un('-', num(1)))],
    ['-a * b', bin('*', un('-', n('a')), n('b'))],
    ['a * -b', bin('*', n('a'), un('-', n('b')))],
    ['a < b + c', bin('<', n('a'), bin('+', n('b'), n('c')))],
    ['not a < b', un('not', bin('<', n('a'), n('b')))],
    ['not a and b', bin('and', un('not', n('a')), n('b'))],
    ['a or b and c', bin('or', n('a'), bin('and', n('b'), n('c')))],
    ['a and b or c', bin('or', bin('and', n('a'), n('b')), n('c'))],
    ['(a + b) * c', bin('*', bin('+', n('a'), n('b')), n('c'))],
    ['f(a, b + 1)', ast.call('f', S, [n('a'), bin('+', n('b'), num(1))], S)],
  ])('%s', (text, expected) => {
    expect(tree(text)).toEqual(stripSpans(expected));
  });

  it('gives every node the span of its text', () => {
    const text = 'a + b * c';
    const e = parseExpression(text).expr!;
    if (e.kind !== 'binary' || e.right.kind !== 'binary') throw new Error('unexpected tree');
    expect(text.slice(e.span.start, e.span.end)).toBe('a + b * c');
    expect(text.slice(e.right.span.start, e.right.span.end)).toBe('b * c');
  });

  it("reports '^' and suggests '**'", () => {
    const r = parseExpression('x ^ 2');
    expect(located('x ^ 2', r.diagnostics)).toEqual([['caret-power', '^']]);
    expect(r.diagnostics[0]!.hint).toContain('**');
  });

  it('rejects chained comparisons', () => {
    expect(located('a < b < c', parseExpression('a < b < c').diagnostics)).toEqual([['chained-comparison', 'a < b < c']]);
  });
});

describe("parseQuantity accepts 's' for second (API strings like '1 s'), model code does not", () => {
  it('reads 1 s and 10*s as seconds', () => {
    expect(parseQuantity('1 s').quantity).toEqual({ value: 1, dim: [0, 0, 1, 0, 0, 0, 0] });
    expect(parseQuantity('10*s').quantity?.value).toBe(10);
  });

  it("keeps 's' free in equations", () => {
    const r = parseEquations('ds/dt = -s/tau : 1\nx : s');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unknown-unit']);
  });
});
