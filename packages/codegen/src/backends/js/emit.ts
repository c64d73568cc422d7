/**
 * KernelIR → JavaScript source. The output is one function over typed arrays with a fixed
 * positional signature (scalars, then arrays, then externs, then the random generator, all in
 * declaration order), built once with `new Function` by `js-backend.ts`.
 *
 * Naming: arrays are `a_<name>`, scalars `s_<name>`, externs `f_<name>`; locals keep their names,
 * which always start with `_` — so no model name can collide with a JS keyword or with each other.
 * Booleans live in Uint8Arrays as 0/1 and are used as JS truthiness.
 */
import { assertNever, type BinaryOp } from '@neurite/parser';
import type { IndexRef, IRExpr, IRStmt, KernelIR } from '../../ir.js';
import { ARRAYS, SCALARS } from '../backend.js';

export const arrayParam = (name: string) => `a_${name}`;
export const scalarParam = (name: string) => `s_${name}`;
export const externParam = (name: string) => `f_${name}`;
export const RNG_PARAM = '_rng';

/** The kernel's parameter list, in order. */
export function parameterNames(k: KernelIR): string[] {
  return [
    ...k.scalars.map((s) => scalarParam(s.name)),
    ...k.arrays.map((a) => arrayParam(a.name)),
    ...k.externs.map((f) => externParam(f.name)),
    RNG_PARAM,
  ];
}

/** Helper functions the generated code may call; only the ones used are emitted. */
const HELPERS: Record<string, string> = {
  _exprel: 'function _exprel(x) { return x === 0 ? 1 : Math.abs(x) < 1e-5 ? 1 + x / 2 + x * x / 6 : Math.expm1(x) / x; }',
  _mod: 'function _mod(a, b) { const r = a % b; return r !== 0 && (r < 0) !== (b < 0) ? r + b : r; }',
  _timestep: 'function _timestep(t, dt) { return Math.trunc((t + 1e-3 * dt) / dt); }',
};

// JS precedence of the operators we emit (higher binds tighter).
const PREC: Record<string, number> = { '||': 3, '&&': 4, '===': 8, '!==': 8, '<': 9, '<=': 9, '>': 9, '>=': 9, '+': 11, '-': 11, '*': 12, '/': 12, '%': 12 };
const UNARY_PREC = 14;
const ATOM = 20;

const JS_OP: Partial<Record<BinaryOp, string>> = { and: '&&', or: '||', '==': '===', '!=': '!==' };

function literal(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return Object.is(value, -0) ? '-0' : String(value);
}

class Emitter {
  readonly helpers = new Set<string>();

  index(i: IndexRef): string {
    switch (i.kind) {
      case 'loop':
        return '_idx';
      case 'shared':
        return '0';
      case 'local':
        return i.name;
      case 'position':
        return '_k';
      default:
        return assertNever(i, 'index');
    }
  }

  /** Returns [source, precedence]. */
  expr(e: IRExpr): [string, number] {
    switch (e.kind) {
      case 'literal':
        return [literal(e.value), e.value < 0 || Object.is(e.value, -0) ? UNARY_PREC : ATOM];
      case 'scalar':
        return [scalarParam(e.name), ATOM];
      case 'load':
        return [`${arrayParam(e.array)}[${this.index(e.index)}]`, ATOM];
      case 'local':
        return [e.name, ATOM];
      case 'index':
        return [this.index(e.index), ATOM];
      case 'unary': {
        const arg = this.wrap(e.arg, UNARY_PREC);
        if (e.op === 'not') return [`!${arg}`, UNARY_PREC];
        // `- -x` must not become `--x`.
        return [e.op === '-' ? `-${arg.startsWith('-') ? ` ${arg}` : arg}` : `+${arg.startsWith('+') ? ` ${arg}` : arg}`, UNARY_PREC];
      }
      case 'binary':
        return this.binary(e);
      case 'call':
        return [this.call(e.fn, e.args), ATOM];
      case 'extern':
        return [`${externParam(e.name)}(${e.args.map((a) => this.expr(a)[0]).join(', ')})`, ATOM];
      case 'select':
        return [`${this.wrap(e.cond, 3)} ? ${this.wrap(e.then, 2)} : ${this.wrap(e.else, 2)}`, 2];
      default:
        return assertNever(e, 'IR expression');
    }
  }

  /** Source of `e`, parenthesised if it binds looser than `min`. */
  wrap(e: IRExpr, min: number): string {
    const [s, p] = this.expr(e);
    return p < min ? `(${s})` : s;
  }

  private binary(e: Extract<IRExpr, { kind: 'binary' }>): [string, number] {
    switch (e.op) {
      case '**': {
        // Small integer powers as products: exact and much faster than Math.pow.
        if (e.right.kind === 'literal' && (e.right.value === 2 || e.right.value === 3) && (e.left.kind === 'load' || e.left.kind === 'local' || e.left.kind === 'scalar')) {
          const b = this.expr(e.left)[0];
          return [e.right.value === 2 ? `${b} * ${b}` : `${b} * ${b} * ${b}`, PREC['*']!];
        }
        return [`Math.pow(${this.expr(e.left)[0]}, ${this.expr(e.right)[0]})`, ATOM];
      }
      case '//':
        return [`Math.floor(${this.wrap(e.left, PREC['/']!)} / ${this.wrap(e.right, PREC['/']! + 1)})`, ATOM];
      case '%':
        this.helpers.add('_mod');
        return [`_mod(${this.expr(e.left)[0]}, ${this.expr(e.right)[0]})`, ATOM];
      default: {
        const op = JS_OP[e.op] ?? e.op;
        const p = PREC[op]!;
        // Booleans compared for equality: compare as numbers, since a loaded boolean is 0/1.
        const numeric = (op === '===' || op === '!==') && (e.left.type === 'boolean' || e.right.type === 'boolean');
        const l = numeric ? `+${this.wrap(e.left, UNARY_PREC)}` : this.wrap(e.left, p);
        const r = numeric ? `+${this.wrap(e.right, UNARY_PREC)}` : this.wrap(e.right, p + 1);
        return [`${l} ${op} ${r}`, p];
      }
    }
  }

  private call(fn: string, args: readonly IRExpr[]): string {
    const a = args.map((x) => this.expr(x)[0]);
    switch (fn) {
      case 'exprel':
        this.helpers.add('_exprel');
        return `_exprel(${a[0]})`;
      case 'timestep':
        this.helpers.add('_timestep');
        return `_timestep(${a[0]}, ${a[1]})`;
      case 'clip':
        return `Math.min(Math.max(${a[0]}, ${a[1]}), ${a[2]})`;
      case 'int':
        return `Math.trunc(${a[0]})`;
      case 'arcsin':
        return `Math.asin(${a[0]})`;
      case 'arccos':
        return `Math.acos(${a[0]})`;
      case 'arctan':
        return `Math.atan(${a[0]})`;
      default:
        return `Math.${fn}(${a.join(', ')})`;
    }
  }

  stmts(ss: readonly IRStmt[], indent: string, out: string[]): void {
    for (const s of ss) this.stmt(s, indent, out);
  }

  private stmt(s: IRStmt, ind: string, out: string[]): void {
    switch (s.kind) {
      case 'let': {
        const v = s.value;
        if (v.kind === 'random') {
          const draw = v.dist === 'poisson' ? `${RNG_PARAM}.poisson(${this.expr(v.lambda)[0]})` : `${RNG_PARAM}.${v.dist}()`;
          out.push(`${ind}let ${s.name} = ${draw};`);
        } else out.push(`${ind}let ${s.name} = ${this.expr(v)[0]};`);
        return;
      }
      case 'assign':
        out.push(`${ind}${s.name} = ${this.expr(s.value)[0]};`);
        return;
      case 'store': {
        const target = `${arrayParam(s.array)}[${this.index(s.index)}]`;
        // Booleans are stored as 0/1; a JS boolean would be coerced anyway, but explicit is clearer.
        const isBoolean = s.value.type === 'boolean' && s.op === '=' && s.value.kind !== 'literal';
        const value = isBoolean ? `${this.wrap(s.value, 3)} ? 1 : 0` : this.expr(s.value)[0];
        out.push(`${ind}${target} ${s.op} ${value};`);
        return;
      }
      case 'if':
        out.push(`${ind}if (${this.expr(s.cond)[0]}) {`);
        this.stmts(s.then, ind + '  ', out);
        if (s.else.length) {
          out.push(`${ind}} else {`);
          this.stmts(s.else, ind + '  ', out);
        }
        out.push(`${ind}}`);
        return;
      case 'emit':
        out.push(`${ind}${arrayParam(ARRAYS.spikes)}[_count++] = _idx;`);
        return;
      default:
        assertNever(s, 'IR statement');
    }
  }
}

/**
 * The body of a `new Function` that returns the kernel: helper functions, then
 * `return function <name>(<params>) { ... }`. The kernel returns the number of emitted events.
 */
export function emitJs(k: KernelIR): string {
  const em = new Emitter();
  const lines: string[] = [];
  const inner = '    ';
  em.stmts(k.preamble, '  ', lines);
  for (const z of k.zeroed) lines.push(`  ${arrayParam(z)}.fill(0);`);
  lines.push('  let _count = 0;');
  const body: string[] = [];
  // A kernel with nothing to do per element (only a preamble) does not loop at all.
  const loop = k.body.length === 0 ? undefined : k.loop;
  switch (loop?.kind) {
    case undefined:
      break;
    case 'range':
      lines.push(`  for (let _idx = 0; _idx < ${scalarParam(SCALARS.N)}; _idx++) {`);
      em.stmts(k.body, inner, body);
      lines.push(...body, '  }');
      break;
    case 'events':
      lines.push(`  for (let _k = 0; _k < ${scalarParam(SCALARS.count)}; _k++) {`, `${inner}const _idx = ${arrayParam(ARRAYS.events)}[_k];`);
      em.stmts(k.body, inner, body);
      lines.push(...body, '  }');
      break;
    case 'pathway':
      lines.push(
        `  for (let _k = 0; _k < ${scalarParam(SCALARS.count)}; _k++) {`,
        `${inner}const _source = ${arrayParam(ARRAYS.events)}[_k];`,
        `${inner}for (let _s = ${arrayParam(ARRAYS.ptr)}[_source], _end = ${arrayParam(ARRAYS.ptr)}[_source + 1]; _s < _end; _s++) {`,
        `${inner}  const _idx = ${arrayParam(ARRAYS.synapses)}[_s];`,
      );
      em.stmts(k.body, inner + '  ', body);
      lines.push(...body, `${inner}}`, '  }');
      break;
    default:
      assertNever(loop, 'loop');
  }
  lines.push('  return _count;');
  const helpers = [...em.helpers].sort().map((h) => HELPERS[h]!);
  return [
    '"use strict";',
    ...helpers,
    `return function ${k.name.replace(/[^A-Za-z0-9_]/g, '_')}(${parameterNames(k).join(', ')}) {`,
    ...lines,
    '};',
  ].join('\n');
}
