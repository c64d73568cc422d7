/**
 * fast-check generators of random, well-typed, dimensionless expressions over the variables
 * a, b, c — for differential tests between backends and the reference interpreter. Functions are
 * applied inside their domains (log of a positive value, sqrt of a non-negative one) so results are
 * mostly finite; where they are not, all implementations must still agree.
 */
import fc from 'fast-check';
import { ast, span, type Expr } from '@neurite/parser';

const S = span(0);
const n = (v: number): Expr => ast.num(v, S, Number.isInteger(v));
const v = (name: string): Expr => ast.name(name, S);
const call = (f: string, ...args: Expr[]): Expr => ast.call(f, S, args, S);
const bin = (op: Parameters<typeof ast.binary>[0], l: Expr, r: Expr): Expr => ast.binary(op, l, r, S);
const abs = (e: Expr) => call('abs', e);

export const VARIABLES = ['a', 'b', 'c'] as const;

export const randomExpr: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr; cond: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...VARIABLES).map(v),
    fc.oneof(fc.integer({ min: 0, max: 9 }), fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true })).map((x) => (x < 0 ? ast.unary('-', n(-x), S) : n(x))),
    fc.tuple(fc.constantFrom('+', '-', '*', '/') as fc.Arbitrary<'+' | '-' | '*' | '/'>, tie('expr'), tie('expr')).map(([op, l, r]) => bin(op, l, r)),
    tie('expr').map((e) => ast.unary('-', e, S)),
    fc.tuple(tie('expr'), fc.constantFrom(2, 3)).map(([e, p]) => bin('**', e, n(p))),
    fc.tuple(tie('expr'), tie('expr')).map(([x, y]) => bin('**', bin('+', abs(x), n(0.5)), call('clip', y, n(-3), n(3)))),
    fc.tuple(tie('expr'), tie('expr')).map(([x, y]) => bin('//', x, bin('+', abs(y), n(0.5)))),
    fc.tuple(tie('expr'), tie('expr')).map(([x, y]) => bin('%', x, bin('+', abs(y), n(0.5)))),
    tie('expr').map((e) => call('exp', call('clip', e, n(-5), n(5)))),
    tie('expr').map((e) => call('exprel', call('clip', e, n(-5), n(5)))),
    tie('expr').map((e) => call('log', bin('+', abs(e), n(1)))),
    tie('expr').map((e) => call('sqrt', abs(e))),
    fc.tuple(fc.constantFrom('sin', 'cos', 'tanh', 'abs', 'floor', 'ceil', 'sign', 'arctan', 'expm1', 'log1p'), tie('expr')).map(([f, e]) =>
      f === 'expm1' ? call(f, call('clip', e, n(-5), n(5))) : f === 'log1p' ? call(f, abs(e)) : call(f, e),
    ),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([x, lo, hi]) => call('clip', x, lo, bin('+', lo, abs(hi)))),
    tie('cond').map((c) => call('int', c)),
  ),
  cond: fc.oneof(
    fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!=') as fc.Arbitrary<'<' | '<=' | '>' | '>=' | '==' | '!='>, tie('expr'), tie('expr')).map(([op, l, r]) =>
      bin(op, l, r),
    ),
    fc.tuple(fc.constantFrom('and', 'or') as fc.Arbitrary<'and' | 'or'>, tie('cond'), tie('cond')).map(([op, l, r]) => bin(op, l, r)),
    tie('cond').map((c) => ast.unary('not', c, S)),
  ),
})).expr;
