/**
 * KernelIR → JavaScript source. The output is one function over typed arrays with a fixed
 * positional signature (scalars, then arrays, then externs, then the random generator, all in
 * declaration order), built once with `new Function` by `js-backend.ts`.
 *
 * Naming: arrays are `a_<name>`, scalars `s_<name>`, externs `f_<name>`; locals keep their names,
 * which always start with `_` — so no model name can collide with a JS keyword or with each other.
 * Booleans live in Uint8Arrays as 0/1 and are used as JS truthiness.
 *
 * Element caching (`l_<name>`): V8 cannot keep `a_v[_idx]` in a register across a store to another
 * typed array (they might share a buffer), so a loop body that reads the same element twice — or
 * stores and then reads it — loads it from memory each time. As Brian's templates do, the loop body
 * copies such an element into a local once and writes it through on every store (see
 * {@link planCache}). This is exact: float arrays are Float64Array (the JS backend's contract), so a
 * stored double reads back unchanged, and only 0/1 values are written through to boolean arrays;
 * integer arrays are never cached (Int32Array truncates). It assumes, as the runtime guarantees,
 * that differently named arrays read at the loop element do not overlap.
 */
import { assertNever, type BinaryOp } from '@neurite/parser';
import type { IndexRef, IRExpr, IRStmt, IRType, KernelIR } from '../../ir.js';
import { forEachExpr } from '../../ir-visit.js';
import { ARRAYS, SCALARS } from '../backend.js';
import { EXP_FUNCTION_SOURCES, EXP_TABLES_SOURCE, expm1Statements, expStatements, exprelSource } from '../../math/exp.js';

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
  // exp, expm1 and exprel (math/exp.ts): inlined in loop bodies (which need only the tables),
  // called in preambles.
  _exp_tables: EXP_TABLES_SOURCE,
  ...EXP_FUNCTION_SOURCES,
  _mod: 'function _mod(a, b) { const r = a % b; return r !== 0 && (r < 0) !== (b < 0) ? r + b : r; }',
  _timestep: 'function _timestep(t, dt) { return Math.trunc((t + 1e-3 * dt) / dt); }',
  // `_timestep(t, dt) >= k` for an integer k (the refractoriness test): if q >= k then trunc(q) >= k
  // too (k is an integer), so the truncation is only needed when q < k (a refractory neuron). This
  // spares V8's Math.trunc-to-int32 check on most elements; the result is the same for every q, k.
  _timestep_ge: 'function _timestep_ge(t, dt, k) { const q = (t + 1e-3 * dt) / dt; return q >= k || Math.trunc(q) >= k; }',
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

/** Local holding the loop element of array `name` (see the file comment). */
export const cacheLocal = (name: string) => `l_${name}`;

/** Which arrays a loop body keeps in locals, and where each local is defined. */
interface CachePlan {
  /** Loaded at the top of the body: float/boolean arrays read at the loop element twice or more. */
  readonly hoisted: readonly string[];
  /** Defined by a top-level `x = value` that is the first access of `x` (read later): no load at all. */
  readonly definers: ReadonlyMap<IRStmt, string>;
  /** Stores followed (in the source) by a read of the same element: they update the local too. */
  readonly live: ReadonlySet<IRStmt>;
}

const NO_PLAN: CachePlan = { hoisted: [], definers: new Map(), live: new Set() };

/** Calls `f` with the array of every load of a loop element inside `e`, left to right. */
function forEachLoad(e: IRExpr, f: (array: string) => void): void {
  forEachExpr(e, (x) => {
    if (x.kind === 'load' && x.index.kind === 'loop') f(x.array);
  });
}

/** Calls `load(array)` for every read and `store(array, s)` for every write of a loop element, in source order. */
function forEachAccess(ss: readonly IRStmt[], load: (array: string) => void, store: (array: string, s: IRStmt) => void): void {
  for (const s of ss) {
    switch (s.kind) {
      case 'let':
        if (s.value.kind !== 'random') forEachLoad(s.value, load);
        else if (s.value.dist === 'poisson') forEachLoad(s.value.lambda, load);
        break;
      case 'assign':
        forEachLoad(s.value, load);
        break;
      case 'store':
        forEachLoad(s.value, load);
        if (s.op !== '=' && s.index.kind === 'loop') load(s.array);
        if (s.index.kind === 'loop') store(s.array, s);
        break;
      case 'if':
        forEachLoad(s.cond, load);
        forEachAccess(s.then, load, store);
        forEachAccess(s.else, load, store);
        break;
      case 'emit':
        break;
      default:
        assertNever(s, 'IR statement');
    }
  }
}

/**
 * Plans element caching for a loop body. Only float and boolean arrays qualify. An array read at
 * the loop element two or more times (anywhere in the body) is loaded once at the top; one read
 * once, after a top-level `x = value` that is its first access, takes its local from that store.
 * Anything else (a single read, integer arrays) stays a plain load, so a kernel such as a
 * threshold, which reads each element once and conditionally, is emitted as before.
 */
function planCache(k: KernelIR): CachePlan {
  const cacheable = new Set(k.arrays.filter((a) => a.type === 'float' || a.type === 'boolean').map((a) => a.name));
  const loads = new Map<string, number>();
  forEachAccess(k.body, (a) => loads.set(a, (loads.get(a) ?? 0) + 1), () => {});
  const hoisted = [...loads].filter(([a, n]) => n >= 2 && cacheable.has(a)).map(([a]) => a);
  const definers = new Map<IRStmt, string>();
  const seen = new Set<string>(hoisted);
  for (const s of k.body) {
    const read: string[] = [];
    const written: string[] = [];
    forEachAccess([s], (a) => read.push(a), (a) => written.push(a));
    if (s.kind === 'store' && s.op === '=' && s.index.kind === 'loop' && !seen.has(s.array) && !read.includes(s.array) && cacheable.has(s.array) && loads.has(s.array)) {
      definers.set(s, s.array);
    }
    for (const a of [...read, ...written]) seen.add(a);
  }
  // A store needs to update its local only if the element is read again further on.
  const events: { array: string; store?: IRStmt }[] = [];
  forEachAccess(k.body, (array) => events.push({ array }), (array, store) => events.push({ array, store }));
  const live = new Set<IRStmt>();
  const readLater = new Set<string>();
  for (let e = events.length - 1; e >= 0; e--) {
    const { array, store } = events[e]!;
    if (!store) readLater.add(array);
    else if (readLater.has(array)) live.add(store);
  }
  return { hoisted, definers, live };
}

class Emitter {
  readonly helpers = new Set<string>();
  /** Arrays whose loop element is in a local right now (inside a loop body only). */
  private readonly cached = new Set<string>();
  private plan: CachePlan = NO_PLAN;
  private arrayTypes = new Map<string, IRType>();
  /** Scalars the loop reads (see `emitJs`: they are made numbers before the loop). */
  readonly loopScalars = new Set<string>();
  private inLoop = false;
  /**
   * Inlined exp/expm1/exprel (see {@link inlineExp}): the statements that compute them, to be
   * placed before the statement that uses them, and their results by IR node, so that an
   * expression emitted twice (a store's value) computes them once. Both are per statement.
   */
  private pending: string[] = [];
  private readonly inlined = new Map<IRExpr, string>();
  private temps = 0;

  /** Emits a loop body with element caching (see {@link planCache}). */
  loopBody(k: KernelIR, indent: string, out: string[]): void {
    this.plan = planCache(k);
    this.arrayTypes = new Map(k.arrays.map((a) => [a.name, a.type]));
    this.inLoop = true;
    for (const a of this.plan.hoisted) {
      out.push(`${indent}let ${cacheLocal(a)} = ${arrayParam(a)}[_idx];`);
      this.cached.add(a);
    }
    this.stmts(k.body, indent, out);
    this.cached.clear();
    this.plan = NO_PLAN;
    this.inLoop = false;
  }

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
        if (this.inLoop) this.loopScalars.add(e.name);
        return [scalarParam(e.name), ATOM];
      case 'load':
        if (e.index.kind === 'loop' && this.cached.has(e.array)) return [cacheLocal(e.array), ATOM];
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
        return [this.call(e), ATOM];
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
    if (e.op === '>=' && e.left.kind === 'call' && e.left.fn === 'timestep' && e.right.type === 'integer') {
      // An integer right-hand side (a step count: NaN and ±Infinity are fine too) — see the helper.
      this.helpers.add('_timestep_ge');
      const [t, dt] = e.left.args.map((a) => this.expr(a)[0]);
      return [`_timestep_ge(${t}, ${dt}, ${this.expr(e.right)[0]})`, ATOM];
    }
    switch (e.op) {
      case '**': {
        // x**2 as x*x: exact, faster, and bit-identical to pow(), which special-cases 2 (fdlibm).
        // Not x**3 as x*x*x: pow(x, 3) can differ from it in the last bit, and floor() or a
        // comparison downstream would turn that into a different result than the interpreter's.
        if (e.right.kind === 'literal' && e.right.value === 2 && (e.left.kind === 'load' || e.left.kind === 'local' || e.left.kind === 'scalar')) {
          const b = this.expr(e.left)[0];
          return [`${b} * ${b}`, PREC['*']!];
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

  /**
   * `exp`, `expm1` and `exprel` in a loop body, inlined: V8 does not inline a call of `Math.exp`
   * (a call into C++) nor, past its inlining budget, of a helper function, and a kernel such as
   * Hodgkin–Huxley's makes ten per element. The statements go before the current statement (the
   * argument is evaluated there, once: these functions are pure, so computing one that a
   * conditional would have skipped changes no result). Same text as the helpers, same bits.
   */
  private inlineExp(e: Extract<IRExpr, { kind: 'call' }>, arg: string): string {
    const n = this.temps++;
    const result = `e$${n}`;
    let value = result;
    if (e.fn === 'exp') this.pending.push(`let ${result}; ${expStatements(result, arg)}`);
    else if (e.fn === 'expm1') this.pending.push(`let ${result}; ${expm1Statements(result, arg)}`);
    else {
      const x = `x$${n}`;
      this.pending.push(`const ${x} = ${arg};`, `let ${result}; ${expm1Statements(result, x)}`);
      value = `(${exprelSource(x, result)})`;
    }
    this.inlined.set(e, value);
    return value;
  }

  private call(e: Extract<IRExpr, { kind: 'call' }>): string {
    const fn = e.fn;
    const known = this.inlined.get(e);
    if (known !== undefined) return known;
    const a = e.args.map((x) => this.expr(x)[0]);
    switch (fn) {
      case 'exp':
      case 'expm1':
      case 'exprel':
        this.helpers.add('_exp_tables');
        if (this.inLoop) return this.inlineExp(e, a[0]!);
        this.helpers.add(`_${fn}`);
        if (fn === 'exprel') this.helpers.add('_expm1');
        return `_${fn}(${a[0]})`;
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
    const mark = out.length;
    this.statement(s, ind, out);
    this.flush(ind, out, mark);
  }

  /** Puts the pending inlined computations at `mark` (before the statement that uses them). */
  private flush(ind: string, out: string[], mark: number): void {
    if (this.pending.length > 0) out.splice(mark, 0, ...this.pending.map((l) => `${ind}${l}`));
    this.pending = [];
    this.inlined.clear();
  }

  private statement(s: IRStmt, ind: string, out: string[]): void {
    switch (s.kind) {
      case 'let': {
        const v = s.value;
        if (v.kind === 'random') {
          // In a loop, each draw names its element (see RandomSource: per-copy streams of a batch).
          const element = this.inLoop ? '_idx' : '';
          const draw = v.dist === 'poisson' ? `${RNG_PARAM}.poisson(${this.expr(v.lambda)[0]}${element ? `, ${element}` : ''})` : `${RNG_PARAM}.${v.dist}(${element})`;
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
        const defines = this.plan.definers.get(s) === s.array;
        if (s.index.kind !== 'loop' || !(defines || this.cached.has(s.array))) {
          out.push(`${ind}${target} ${s.op} ${value};`);
          return;
        }
        const local = cacheLocal(s.array);
        const float = this.arrayTypes.get(s.array) === 'float';
        if (!defines && !this.plan.live.has(s)) {
          // Not read again: a plain store, computed from the local (`x += w` reads no memory).
          const op = s.op === '=' ? undefined : s.op[0]!;
          out.push(op && float ? `${ind}${target} = ${local} ${op} ${this.wrap(s.value, PREC[op]! + 1)};` : `${ind}${target} ${s.op} ${value};`);
          return;
        }
        // Write-through of a cached element: the local takes exactly the value the array holds.
        const zeroOne = isBoolean || (s.value.kind === 'literal' && (s.value.value === 0 || s.value.value === 1));
        const exact = float || (s.op === '=' && zeroOne);
        if (exact) {
          out.push(defines ? `${ind}let ${local} = ${value};` : `${ind}${local} ${s.op} ${value};`, `${ind}${target} = ${local};`);
        } else {
          // Not representable as is (a boolean array given another value): store, then read back.
          out.push(`${ind}${target} ${s.op} ${value};`, `${ind}${defines ? 'let ' : ''}${local} = ${target};`);
        }
        this.cached.add(s.array);
        return;
      }
      case 'if': {
        const cond = this.expr(s.cond)[0];
        // The condition's inlined computations go before the `if`, not into its branches.
        this.flush(ind, out, out.length);
        out.push(`${ind}if (${cond}) {`);
        this.stmts(s.then, ind + '  ', out);
        if (s.else.length) {
          out.push(`${ind}} else {`);
          this.stmts(s.else, ind + '  ', out);
        }
        out.push(`${ind}}`);
        return;
      }
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
  // Scalars the loop reads, made numbers once (`s_x = +s_x`, the identity on numbers): V8 then
  // uses them as unboxed doubles in the loop instead of checking and unboxing the tagged argument
  // at every use (its checks are not hoisted out of loops). Filled in once the loop is emitted.
  lines.push('');
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
      em.loopBody(k, inner, body);
      lines.push(...body, '  }');
      break;
    case 'events':
      lines.push(`  for (let _k = 0; _k < ${scalarParam(SCALARS.count)}; _k++) {`, `${inner}const _idx = ${arrayParam(ARRAYS.events)}[_k];`);
      em.loopBody(k, inner, body);
      lines.push(...body, '  }');
      break;
    case 'pathway': {
      // Two copies of the loop: an empty synapse list means the CSR is the identity (see the
      // 'pathway' loop in ir.ts), and the copy without the indirection `_synapses[_s]` is about
      // twice as fast on large networks: each synaptic event has one dependent load less.
      const events = arrayParam(ARRAYS.events);
      const ptr = arrayParam(ARRAYS.ptr);
      const outer = [`    for (let _k = 0; _k < ${scalarParam(SCALARS.count)}; _k++) {`, `      const _source = ${events}[_k];`];
      const identity: string[] = [];
      em.loopBody(k, '        ', identity);
      const listed: string[] = [];
      em.loopBody(k, '          ', listed);
      lines.push(
        `  if (${arrayParam(ARRAYS.synapses)}.length === 0) {`,
        ...outer,
        `      for (let _idx = ${ptr}[_source], _end = ${ptr}[_source + 1]; _idx < _end; _idx++) {`,
        ...identity,
        '      }',
        '    }',
        '  } else {',
        ...outer,
        `      for (let _s = ${ptr}[_source], _end = ${ptr}[_source + 1]; _s < _end; _s++) {`,
        `        const _idx = ${arrayParam(ARRAYS.synapses)}[_s];`,
        ...listed,
        '      }',
        '    }',
        '  }',
      );
      break;
    }
    default:
      assertNever(loop, 'loop');
  }
  lines.push('  return _count;');
  if (loop) em.loopScalars.add(loop.kind === 'range' ? SCALARS.N : SCALARS.count);
  const numbers = k.scalars.filter((s) => em.loopScalars.has(s.name)).map((s) => `${scalarParam(s.name)} = +${scalarParam(s.name)};`);
  if (numbers.length > 0) lines[0] = `  ${numbers.join(' ')}`;
  else lines.shift();
  const helpers = [...em.helpers].sort().map((h) => HELPERS[h]!);
  return [
    '"use strict";',
    ...helpers,
    `return function ${k.name.replace(/[^A-Za-z0-9_]/g, '_')}(${parameterNames(k).join(', ')}) {`,
    ...lines,
    '};',
  ].join('\n');
}
