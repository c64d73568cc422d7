import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import {
  ast,
  FLAG_NAMES,
  type AssignOp,
  type BinaryOp,
  type Equation,
  type Expr,
  type Flag,
  type Statement,
  type UnaryOp,
  type UnitSpec,
} from '../src/ast.js';
import { parseEquations, parseExpression, parseStatements } from '../src/parse.js';
import { PRECEDENCE, printEquation, printExpr, printStatement } from '../src/print.js';
import { span } from '../src/source.js';
import { stripSpans } from './helpers/strip-spans.js';

const S = span(0);
const n = (name: string) => ast.name(name, S);
const num = (v: number, isInteger = Number.isInteger(v)) => ast.num(v, S, isInteger);
const un = (op: UnaryOp, e: Expr) => ast.unary(op, e, S);
const bin = (op: BinaryOp, l: Expr, r: Expr) => ast.binary(op, l, r, S);

/** Parses an expression that must be valid. */
function parseOk(text: string): Expr {
  const r = parseExpression(text);
  expect(r.diagnostics, text).toEqual([]);
  return r.expr!;
}

/** Source text → canonical text. */
const canon = (text: string) => printExpr(parseOk(text));

describe('printExpr: exact output', () => {
  it('parenthesises left-associative operators on the right only', () => {
    expect(printExpr(bin('-', n('a'), bin('-', n('b'), n('c'))))).toBe('a - (b - c)');
    expect(printExpr(bin('-', bin('-', n('a'), n('b')), n('c')))).toBe('a - b - c');
    expect(canon('a/(b*c)')).toBe('a / (b * c)');
    expect(canon('(a/b)*c')).toBe('a / b * c');
    expect(canon('a + (b * c)')).toBe('a + b * c');
    expect(canon('(a + b) * c')).toBe('(a + b) * c');
    expect(canon('a // b % c')).toBe('a // b % c');
  });

  it('treats ** as right-associative with a unary-level exponent and an atom base', () => {
    expect(printExpr(bin('**', bin('**', n('a'), n('b')), n('c')))).toBe('(a**b)**c');
    expect(printExpr(bin('**', n('a'), bin('**', n('b'), n('c'))))).toBe('a**b**c');
    expect(printExpr(bin('**', n('a'), un('-', n('b'))))).toBe('a**-b');
    expect(printExpr(bin('**', un('-', n('x')), num(2)))).toBe('(-x)**2');
    expect(printExpr(un('-', bin('**', n('x'), num(2))))).toBe('-x**2');
    expect(canon('2**(-1)')).toBe('2**-1');
    expect(canon('a**(b*c)')).toBe('a**(b * c)');
    expect(canon('(a*b)**c')).toBe('(a * b)**c');
  });

  it('prints unary operators', () => {
    expect(printExpr(un('-', un('-', n('x'))))).toBe('--x');
    expect(canon('-(a + b)')).toBe('-(a + b)');
    expect(canon('not not x')).toBe('not not x');
    expect(canon('-(not x)')).toBe('-(not x)');
    expect(canon('a * -b')).toBe('a * -b');
  });

  it('knows not binds looser than comparisons, and comparisons do not chain', () => {
    expect(canon('not (a < b)')).toBe('not a < b');
    expect(canon('(not a) < b')).toBe('(not a) < b');
    expect(canon('(a < b) == c')).toBe('(a < b) == c');
    expect(canon('a < (b == c)')).toBe('a < (b == c)');
    expect(canon('not a and b')).toBe('not a and b');
    expect(canon('not (a and b)')).toBe('not (a and b)');
    expect(canon('a or b and c')).toBe('a or b and c');
    expect(canon('(a or b) and c')).toBe('(a or b) and c');
    expect(canon('v > Vt and not_refractory')).toBe('v > Vt and not_refractory');
  });

  it('prints numbers so that they read back with the same value and integer flag', () => {
    expect(printExpr(num(3))).toBe('3');
    expect(printExpr(num(3, false))).toBe('3.0');
    expect(printExpr(num(0.5))).toBe('0.5');
    expect(printExpr(num(1e-3))).toBe('0.001');
    expect(printExpr(num(1e-7))).toBe('1e-7');
    expect(printExpr(num(1e21, true))).toBe('1000000000000000000000');
    expect(printExpr(num(1e21, false))).toBe('1e+21');
    expect(canon('1.')).toBe('1.0');
    expect(canon('.5')).toBe('0.5');
    expect(canon('2e3')).toBe('2000.0');
    // Literals too large for a double read as Infinity; they print as literals that overflow again.
    expect(stripSpans(parseOk(canon('1e999')))).toEqual(stripSpans(num(Infinity, false)));
    expect(stripSpans(parseOk(canon('9'.repeat(400))))).toEqual(stripSpans(num(Infinity, true)));
  });

  it('prints a hand-built negative literal like a unary minus', () => {
    expect(printExpr(num(-2))).toBe('-2');
    expect(printExpr(bin('**', num(-2), num(2)))).toBe('(-2)**2');
    expect(printExpr(bin('-', n('a'), num(-0.5)))).toBe('a - -0.5');
    expect(() => printExpr(num(Number.NaN))).toThrow(/NaN/);
  });

  it('prints calls, booleans and whole models', () => {
    expect(canon('clip( v,0 ,1 )')).toBe('clip(v, 0, 1)');
    expect(canon('rand()')).toBe('rand()');
    expect(canon('True or False')).toBe('True or False');
    expect(canon('exp((a or b))')).toBe('exp(a or b)');
  });

  it('prints left-associative chains of any length (no recursion per operator)', () => {
    const length = 50_000;
    let chain: Expr = n('v0');
    for (let k = 1; k < length; k++) chain = bin(k % 2 ? '+' : '-', chain, bin('*', n(`v${k}`), num(2)));
    const expected = ['v0', ...Array.from({ length: length - 1 }, (_, k) => `${(k + 1) % 2 ? '+' : '-'} v${k + 1} * 2`)].join(' ');
    expect(printExpr(chain)).toBe(expected);
  });

  it('has a row for every operator', () => {
    expect(Object.keys(PRECEDENCE.binary).sort()).toEqual(
      ['!=', '%', '*', '**', '+', '-', '/', '//', '<', '<=', '==', '>', '>=', 'and', 'or'].sort(),
    );
    expect(Object.keys(PRECEDENCE.unary).sort()).toEqual(['+', '-', 'not']);
  });
});

describe('printStatement / printEquation: exact output', () => {
  it('prints statements', () => {
    const r = parseStatements('v = Vr; w += 1\nx *= 2');
    expect(r.diagnostics).toEqual([]);
    expect(r.statements.map(printStatement)).toEqual(['v = Vr', 'w += 1', 'x *= 2']);
  });

  it('prints the CUBA model and a synapse model', () => {
    const cuba = parseEquations('dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)\ndge/dt = -ge/taue : volt\ndgi/dt = -gi/taui : volt');
    expect(cuba.diagnostics).toEqual([]);
    expect(cuba.equations.map((eq) => printEquation(eq))).toEqual([
      'dv/dt = (ge + gi - (v - El)) / taum : volt (unless refractory)',
      'dge/dt = -ge / taue : volt',
      'dgi/dt = -gi / taui : volt',
    ]);
    const syn = parseEquations('w : 1\ndApre/dt = -Apre/taupre : 1 (event-driven)\nx_b : boolean (shared,constant)\nk: integer\ng = w*siemens/metre**2 : siemens/metre**2');
    expect(syn.diagnostics).toEqual([]);
    expect(syn.equations.map((eq) => printEquation(eq))).toEqual([
      'w : 1',
      'dApre/dt = -Apre / taupre : 1 (event-driven)',
      'x_b : boolean (shared, constant)',
      'k : integer',
      'g = w * siemens / metre**2 : siemens / metre**2',
    ]);
  });

  it('writes unitText verbatim in place of the unit field', () => {
    const eq = parseEquations('g = w : siemens/metre**2 (constant over dt)').equations[0]!;
    expect(printEquation(eq, 'siemens/metre**2')).toBe('g = w : siemens/metre**2 (constant over dt)');
  });
});

// ---------------------------------------------------------------------------------------------
// Round trip: parse(print(ast)) == ast, modulo spans.

/** Offsets of each matching `( ... )` pair in `text` that groups, i.e. is not a call's argument list. */
function groupingParens(text: string): [number, number][] {
  const pairs: [number, number][] = [];
  const stack: { at: number; call: boolean }[] = [];
  for (let k = 0; k < text.length; k++) {
    if (text[k] === '(') stack.push({ at: k, call: /[A-Za-z0-9_]/.test(text[k - 1] ?? '') });
    else if (text[k] === ')') {
      const o = stack.pop()!;
      if (!o.call) pairs.push([o.at, k]);
    }
  }
  return pairs;
}

const NAMES = ['v', 'x', 'ge', 'tau', 'E_L', 'e', 'pi', 'xi_1', 'android', 'notable', 'order', 'True_', 'dt', 'not_refractory'];
const BINARY_OPS = Object.keys(PRECEDENCE.binary) as BinaryOp[];
const UNARY_OPS: UnaryOp[] = ['-', '+', 'not'];
const ASSIGN_OPS: AssignOp[] = ['=', '+=', '-=', '*=', '/='];

const numberArb: fc.Arbitrary<Expr> = fc.oneof(
  // integer-flagged: written as plain digits
  fc.oneof(fc.nat(1000), fc.maxSafeNat(), fc.constantFrom(0, 1, 2 ** 53, 1e21, 1e300)).map((v) => num(v, true)),
  // flagged non-integer: written with '.' or an exponent, whatever the value
  fc
    .oneof(
      fc.constantFrom(0.5, 1e-3, 1e-7, 3, 0, 1e21, 5e-324, Number.MAX_VALUE),
      fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
    )
    .filter((v) => !Object.is(v, -0))
    .map((v) => num(v, false)),
);

const leafArb: fc.Arbitrary<Expr> = fc.oneof(
  numberArb,
  fc.boolean().map((b) => ast.bool(b, S)),
  fc.constantFrom(...NAMES).map(n),
);

const { expr: exprArb } = fc.letrec<{ expr: Expr; call: Expr; unary: Expr; binary: Expr }>((tie) => ({
  // The first alternative is what the generator falls back to at maximum depth.
  expr: fc.oneof({ maxDepth: 5, depthIdentifier: 'expr' }, leafArb, tie('call'), tie('unary'), tie('binary'), tie('binary')),
  call: fc
    .record({ callee: fc.constantFrom('exp', 'clip', 'rand'), args: fc.array(tie('expr'), { maxLength: 3 }) })
    .map(({ callee, args }) => ast.call(callee, S, args, S)),
  unary: fc.record({ op: fc.constantFrom(...UNARY_OPS), operand: tie('expr') }).map(({ op, operand }) => un(op, operand)),
  binary: fc
    .record({ op: fc.constantFrom(...BINARY_OPS), left: tie('expr'), right: tie('expr') })
    .map(({ op, left, right }) => bin(op, left, right)),
}));

/** Unit fields to draw from; their UnitSpecs come from the parser, as the printer never builds one. */
const UNIT_TEXTS = ['volt', 'siemens/metre**2', '1', 'boolean', 'integer', 'metre**-2', 'amp/(metre*second)', '1/second', 'volt**0.5', 'mmolar'];
const UNIT_SPECS: UnitSpec[] = UNIT_TEXTS.map((u) => {
  const r = parseEquations(`x : ${u}`);
  if (r.diagnostics.length > 0 || !r.equations[0]) throw new Error(`bad unit in test setup: ${u}`);
  return r.equations[0].unit;
});

const flagsArb: fc.Arbitrary<Flag[]> = fc
  .shuffledSubarray([...FLAG_NAMES])
  .map((names) => names.map((name) => ({ name, span: S })));

const equationArb: fc.Arbitrary<Equation> = fc
  .record({
    kind: fc.constantFrom('differential', 'subexpression', 'parameter'),
    name: fc.constantFrom(...NAMES),
    expr: exprArb,
    unit: fc.constantFrom(...UNIT_SPECS),
    flags: flagsArb,
  })
  .map(({ kind, name, expr, unit, flags }): Equation => {
    const base = { name, nameSpan: S, unit, flags, span: S };
    return kind === 'parameter' ? { kind, ...base } : { kind, expr, ...base };
  });

const statementArb: fc.Arbitrary<Statement> = fc
  .record({ target: fc.constantFrom(...NAMES), op: fc.constantFrom(...ASSIGN_OPS), expr: exprArb })
  .map(({ target, op, expr }) => ({ kind: 'statement', target, targetSpan: S, op, expr, span: S }));

describe('round trip through the parser', () => {
  it('expressions', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const text = printExpr(e);
        const r = parseExpression(text);
        expect(r.diagnostics, text).toEqual([]);
        expect(stripSpans(r.expr), text).toEqual(stripSpans(e));
        // Canonical: printing is idempotent on its own output.
        expect(printExpr(r.expr!)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('expressions carry no redundant parentheses', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const text = printExpr(e);
        for (const [open, close] of groupingParens(text)) {
          const without = text.slice(0, open) + ' ' + text.slice(open + 1, close) + ' ' + text.slice(close + 1);
          const r = parseExpression(without);
          // Dropping a needed pair either breaks the parse or changes the tree.
          const same = r.diagnostics.length === 0 && isDeepStrictEqual(stripSpans(r.expr), stripSpans(e));
          expect(same, `parentheses at ${open} in '${text}' are redundant`).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('statements', () => {
    fc.assert(
      fc.property(fc.array(statementArb, { minLength: 1, maxLength: 3 }), fc.constantFrom('\n', '; '), (ss, sep) => {
        const text = ss.map(printStatement).join(sep);
        const r = parseStatements(text);
        expect(r.diagnostics, text).toEqual([]);
        expect(stripSpans(r.statements), text).toEqual(stripSpans(ss));
      }),
      { numRuns: 300 },
    );
  });

  it('equations', () => {
    fc.assert(
      fc.property(fc.array(equationArb, { minLength: 1, maxLength: 3 }), (eqs) => {
        const text = eqs.map((eq) => printEquation(eq)).join('\n');
        const r = parseEquations(text);
        expect(r.diagnostics, text).toEqual([]);
        expect(stripSpans(r.equations), text).toEqual(stripSpans(eqs));
      }),
      { numRuns: 300 },
    );
  });
});
