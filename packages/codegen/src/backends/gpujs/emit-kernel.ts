/**
 * KernelIR → gpu.js kernel sources: one kernel per output (ONE OUTPUT CELL PER THREAD).
 *
 * Why one kernel per output and not a kernel map: gpu.js kernel maps only exist on the GL
 * backends (webasm and webgpu fall back to the cpu backend or refuse them), while separate kernels
 * run on every mode. Each output kernel is the body *sliced* to what that output depends on
 * (backwards from the output through locals, mirrors and conditions), so a kernel recomputes only
 * the locals it needs; all of them read the state from before the call.
 *
 * Kernel shapes (the thread index is `this.thread.x`):
 * - element kernel (loops 'range', 'events', 'pathway'; one thread per element of the written
 *   array): arrays the body writes at the loop element are *mirrored* in locals (`M_v`),
 *   initialised from the old value, so a read after a write sees the new value exactly as in JS;
 *   the body runs under a guard (`_idx < N`, or a per-element flag built on the host for event
 *   lists and active synapses); the thread returns its mirror, or a 0/1 `emit` flag (threshold);
 * - gather kernel (accumulations `target[_post] += expr`): one thread per target element loops
 *   over its synapses in a CSR sorted by target (`G_ptr`, `G_syn`, built on the host), runs the body
 *   for every active synapse and sums the accumulated terms.
 *
 * Code rules that keep gpu.js's GLSL translation happy: every value is a float (literals are
 * written `1.0`, booleans are 0/1 floats, the loop index is copied into a float local before it is
 * used as a value); conditions are real booleans; helper functions (exprel, floor division, ...)
 * are added to the GPU instance with `addFunction`, prefixed `nrt_` (gpu.js's GLSL preamble already
 * defines `_pow` and `_round`, and a clash fails to compile). Identifiers carry a kind prefix (`A_` array,
 * `S_` scalar, `P_` preamble local, `H_` shared value, `R_` random draws, `L_` local, `M_` mirror)
 * and never contain `__` (reserved in GLSL).
 */
import { assertNever } from '@neurite/parser';
import type { IndexRef, IRExpr, IRStmt, IRType, KernelIR } from '../../ir.js';
import type { GatherTarget, KernelAnalysis } from './analyze.js';
import { GpujsUnsupportedError } from './analyze.js';
import { forEachExpr } from '../../ir-visit.js';

/** What a device kernel computes. */
export type OutputSpec =
  | { readonly kind: 'array'; readonly array: string }
  | { readonly kind: 'emit' }
  | { readonly kind: 'gather'; readonly target: GatherTarget };

/** A kernel argument, in order; the runner maps each to a value. */
export type Param =
  | { readonly kind: 'scalar'; readonly name: string }
  | { readonly kind: 'preamble'; readonly name: string }
  | { readonly kind: 'shared'; readonly array: string }
  | { readonly kind: 'array'; readonly array: string }
  | { readonly kind: 'draw'; readonly local: string }
  /** Per-element 0/1 guard: the event list's elements, or the active synapses of a pathway. */
  | { readonly kind: 'flag' }
  /** Gather CSR: offsets per target element, and synapse indices sorted by target. */
  | { readonly kind: 'gptr' }
  | { readonly kind: 'gsyn' };

export interface DeviceKernelSource {
  readonly output: OutputSpec;
  /** A JS function expression in gpu.js's kernel subset. */
  readonly source: string;
  readonly params: readonly Param[];
  /** Identifier of each parameter in `source`, same order as `params`. */
  readonly paramNames: readonly string[];
}

/**
 * Helper functions added to every GPU instance (gpu.js compiles in only those a kernel calls).
 * All work in float32: expm1/log1p/exprel use series near 0, where `exp(x) - 1` cancels.
 */
export const DEVICE_HELPERS: readonly string[] = [
  'function nrt_expm1(x) { if (Math.abs(x) < 0.1) { return x * (1.0 + x / 2.0 * (1.0 + x / 3.0 * (1.0 + x / 4.0 * (1.0 + x / 5.0 * (1.0 + x / 6.0))))); } return Math.exp(x) - 1.0; }',
  'function nrt_exprel(x) { if (x === 0.0) { return 1.0; } if (Math.abs(x) < 0.1) { return 1.0 + x / 2.0 * (1.0 + x / 3.0 * (1.0 + x / 4.0 * (1.0 + x / 5.0 * (1.0 + x / 6.0)))); } return (Math.exp(x) - 1.0) / x; }',
  'function nrt_log1p(x) { if (Math.abs(x) < 0.1) { return x * (1.0 - x * (0.5 - x * (1.0 / 3.0 - x * (0.25 - x * (0.2 - x * (1.0 / 6.0 - x / 7.0)))))); } return Math.log(1.0 + x); }',
  // Floor division of integers (as floats), exact: the remainder corrects a rounded quotient.
  'function nrt_fdiv(a, b) { let q = Math.floor(a / b); const r = a - q * b; if (b > 0.0) { if (r >= b) { q = q + 1.0; } else if (r < 0.0) { q = q - 1.0; } } else { if (r <= b) { q = q + 1.0; } else if (r > 0.0) { q = q - 1.0; } } return q; }',
  'function nrt_imod(a, b) { return a - b * nrt_fdiv(a, b); }',
  // Python's float modulo: the result has the sign of the divisor.
  'function nrt_mod(a, b) { const r = a % b; if (r !== 0.0 && r * b < 0.0) { return r + b; } return r; }',
  // Mesa/ANGLE's GLSL tanh, sinh, atan, asin and acos lose up to 4e-4 (and tanh overflows to NaN):
  // series near 0, expm1 elsewhere, and Cephes' single-precision atanf/asinf/acosf.
  'function nrt_tanh(x) { const a = Math.abs(x); if (a > 10.0) { if (x > 0.0) { return 1.0; } return -1.0; } if (a < 0.125) { const z = x * x; return x * (1.0 - z * (1.0 / 3.0 - z * (2.0 / 15.0 - z * (17.0 / 315.0)))); } const e = nrt_expm1(2.0 * x); return e / (e + 2.0); }',
  'function nrt_sinh(x) { if (Math.abs(x) < 0.125) { const z = x * x; return x * (1.0 + z / 6.0 * (1.0 + z / 20.0 * (1.0 + z / 42.0))); } return (Math.exp(x) - Math.exp(-x)) * 0.5; }',
  'function nrt_atan(v) { let x = Math.abs(v); let y0 = 0.0; if (x > 2.414213562373095) { y0 = 1.5707963267948966; x = -1.0 / x; } else if (x > 0.41421356237309503) { y0 = 0.7853981633974483; x = (x - 1.0) / (x + 1.0); } const z = x * x; const y = y0 + ((((0.0805374449538 * z - 0.138776856032) * z + 0.199777106478) * z - 0.333329491539) * z * x + x); if (v < 0.0) { return -y; } return y; }',
  'function nrt_asin(v) { const a = Math.abs(v); if (a > 1.0) { return Math.asin(v); } let z = a; if (a >= 0.0001) { let x = a; let w = a * a; let big = 0.0; if (a > 0.5) { w = 0.5 * (1.0 - a); x = Math.sqrt(w); big = 1.0; } z = ((((0.042163199048 * w + 0.024181311049) * w + 0.045470025998) * w + 0.074953002686) * w + 0.16666752422) * w * x + x; if (big > 0.5) { z = 1.5707963267948966 - (z + z); } } if (v < 0.0) { return -z; } return z; }',
  'function nrt_acos(x) { if (x < -0.5) { return 3.141592653589793 - 2.0 * nrt_asin(Math.sqrt(0.5 * (1.0 + x))); } if (x > 0.5) { return 2.0 * nrt_asin(Math.sqrt(0.5 * (1.0 - x))); } return 1.5707963267948966 - nrt_asin(x); }',
  'function nrt_timestep(t, dt) { return Math.trunc((t + 0.001 * dt) / dt); }',
  'function nrt_sq(x) { return x * x; }',
  'function nrt_cube(x) { return x * x * x; }',
  // a ** b; GLSL pow is undefined for a < 0, JS gives the real power for integer exponents.
  'function nrt_pow(a, b) { if (a >= 0.0) { return Math.pow(a, b); } const fb = Math.floor(b); if (fb !== b) { return Math.pow(a, b); } const r = Math.pow(-a, b); if (fb - 2.0 * Math.floor(fb / 2.0) !== 0.0) { return -r; } return r; }',
];

/** A float literal that looks like one (`1.0`, `(-0.5)`, `1e-7`). */
export function floatLiteral(v: number): string {
  if (Number.isNaN(v)) return '(0.0 / 0.0)';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  const a = Math.abs(v);
  const s = Number.isInteger(a) && a < 1e21 ? `${a}.0` : String(a);
  return v < 0 || Object.is(v, -0) ? `(-${s})` : s;
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

const CMP: Record<string, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '==': '===', '!=': '!==' };

type Mode = { readonly kind: 'element'; readonly guard: 'count' | 'flag' } | { readonly kind: 'gather' };

class DeviceEmitter {
  readonly params: Param[] = [];
  readonly paramNames: string[] = [];
  private readonly paramKeys = new Map<string, string>();
  private readonly idents = new Map<string, string>();
  private readonly taken = new Set<string>(['_idx', '_fidx', '_t', '_acc', '_b', '_e', '_j', '_emitted']);
  readonly mirrors = new Set<string>();
  usesFidx = false;
  private readonly arrayTypes: ReadonlyMap<string, IRType>;

  constructor(
    private readonly ir: KernelIR,
    private readonly an: KernelAnalysis,
    private readonly mode: Mode,
  ) {
    this.arrayTypes = new Map(ir.arrays.map((a) => [a.name, a.type]));
  }

  private ident(key: string, prefix: string, name: string): string {
    let id = this.idents.get(key);
    if (id) return id;
    const base = `${prefix}_${sanitize(name) || 'x'}`;
    id = base;
    for (let n = 1; this.taken.has(id); n++) id = `${base}_${n}`;
    this.taken.add(id);
    this.idents.set(key, id);
    return id;
  }

  param(p: Param): string {
    const key = JSON.stringify(p);
    let id = this.paramKeys.get(key);
    if (id) return id;
    switch (p.kind) {
      case 'scalar':
        id = this.ident(key, 'S', p.name);
        break;
      case 'preamble':
        id = this.ident(key, 'P', p.name);
        break;
      case 'shared':
        id = this.ident(key, 'H', p.array);
        break;
      case 'array':
        id = this.ident(key, 'A', p.array);
        break;
      case 'draw':
        id = this.ident(key, 'R', p.local);
        break;
      case 'flag':
        id = this.ident(key, 'G', 'flag');
        break;
      case 'gptr':
        id = this.ident(key, 'G', 'ptr');
        break;
      case 'gsyn':
        id = this.ident(key, 'G', 'syn');
        break;
      default:
        return assertNever(p, 'parameter');
    }
    this.paramKeys.set(key, id);
    this.params.push(p);
    this.paramNames.push(id);
    return id;
  }

  local(name: string): string {
    if (this.an.bodyLocals.has(name)) return this.ident(`local:${name}`, 'L', name);
    return this.param({ kind: 'preamble', name });
  }

  mirror(array: string): string {
    this.mirrors.add(array);
    return this.ident(`mirror:${array}`, 'M', array);
  }

  private isMirrored(array: string): boolean {
    return this.an.written.includes(array);
  }

  /** The loop element as an array subscript. */
  private subscript(i: IndexRef): string {
    switch (i.kind) {
      case 'loop':
        return '_idx';
      case 'local':
        return this.local(i.name);
      case 'shared':
        return '0';
      case 'position': // refused by analyze(): gathers and monitors are host work
        throw new Error('internal error: position index on the device');
      default:
        return assertNever(i, 'index');
    }
  }

  private load(array: string, index: IndexRef): string {
    if (index.kind === 'shared') return this.param({ kind: 'shared', array });
    if (index.kind === 'loop' && this.isMirrored(array)) return this.mirror(array);
    return `${this.param({ kind: 'array', array })}[${this.subscript(index)}]`;
  }

  private indexValue(i: IndexRef): string {
    switch (i.kind) {
      case 'loop':
        if (this.mode.kind === 'gather') return '_idx';
        this.usesFidx = true;
        return '_fidx';
      case 'local':
        return this.local(i.name);
      case 'shared':
        return '0.0';
      case 'position': // refused by analyze()
        throw new Error('internal error: position index on the device');
      default:
        return assertNever(i, 'index');
    }
  }

  /** A float-valued expression. */
  num(e: IRExpr): string {
    switch (e.kind) {
      case 'literal':
        return floatLiteral(e.value);
      case 'scalar':
        return this.param({ kind: 'scalar', name: e.name });
      case 'load':
        return this.load(e.array, e.index);
      case 'local':
        return this.local(e.name);
      case 'index':
        return this.indexValue(e.index);
      case 'unary':
        if (e.op === 'not') return `(${this.bool(e)} ? 1.0 : 0.0)`;
        return e.op === '-' ? `(-${this.num(e.arg)})` : this.num(e.arg);
      case 'binary':
        return this.binary(e);
      case 'call':
        return this.call(e.fn, e.args);
      case 'extern':
        throw new GpujsUnsupportedError(`gpujs backend, kernel '${this.ir.name}': calls the function '${e.name}', which cannot run on the GPU yet`);
      case 'select':
        return `(${this.bool(e.cond)} ? ${this.num(e.then)} : ${this.num(e.else)})`;
      default:
        return assertNever(e, 'IR expression');
    }
  }

  /** A boolean-valued expression (a GLSL `bool`). */
  bool(e: IRExpr): string {
    if (e.kind === 'binary') {
      const cmp = CMP[e.op];
      if (cmp) return `(${this.num(e.left)} ${cmp} ${this.num(e.right)})`;
      if (e.op === 'and') return `(${this.bool(e.left)} && ${this.bool(e.right)})`;
      if (e.op === 'or') return `(${this.bool(e.left)} || ${this.bool(e.right)})`;
    }
    if (e.kind === 'unary' && e.op === 'not') return `(!${this.bool(e.arg)})`;
    if (e.kind === 'literal') return e.value !== 0 ? 'true' : 'false';
    return `(${this.num(e)} !== 0.0)`;
  }

  private binary(e: Extract<IRExpr, { kind: 'binary' }>): string {
    const intOperands = e.left.type !== 'float' && e.right.type !== 'float';
    switch (e.op) {
      case '+':
      case '-':
      case '*':
      case '/':
        return `(${this.num(e.left)} ${e.op} ${this.num(e.right)})`;
      case '//':
        return intOperands ? `nrt_fdiv(${this.num(e.left)}, ${this.num(e.right)})` : `Math.floor(${this.num(e.left)} / ${this.num(e.right)})`;
      case '%':
        return intOperands ? `nrt_imod(${this.num(e.left)}, ${this.num(e.right)})` : `nrt_mod(${this.num(e.left)}, ${this.num(e.right)})`;
      case '**': {
        const base = this.num(e.left);
        if (e.right.kind === 'literal') {
          const n = e.right.value;
          if (n === 1) return base;
          if (n === 2) return `nrt_sq(${base})`;
          if (n === 3) return `nrt_cube(${base})`;
          if (n === 0.5) return `Math.sqrt(${base})`;
          if (!Number.isInteger(n)) return `Math.pow(${base}, ${floatLiteral(n)})`;
        }
        return `nrt_pow(${base}, ${this.num(e.right)})`;
      }
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '==':
      case '!=':
      case 'and':
      case 'or':
        return `(${this.bool(e)} ? 1.0 : 0.0)`;
      default:
        return assertNever(e.op, 'binary operator');
    }
  }

  private call(fn: string, args: readonly IRExpr[]): string {
    const a = args.map((x) => this.num(x));
    switch (fn) {
      case 'exprel':
      case 'expm1':
      case 'log1p':
        return `nrt_${fn}(${a[0]})`;
      case 'timestep':
        return `nrt_timestep(${a[0]}, ${a[1]})`;
      case 'clip':
        return `Math.min(Math.max(${a[0]}, ${a[1]}), ${a[2]})`;
      case 'int':
        return `Math.trunc(${a[0]})`;
      case 'arcsin':
        return `nrt_asin(${a[0]})`;
      case 'arccos':
        return `nrt_acos(${a[0]})`;
      case 'arctan':
        return `nrt_atan(${a[0]})`;
      case 'tanh':
      case 'sinh':
        return `nrt_${fn}(${a[0]})`;
      case 'exp':
      case 'log':
      case 'log10':
      case 'sqrt':
      case 'abs':
      case 'sign':
      case 'sin':
      case 'cos':
      case 'tan':
      case 'cosh':
      case 'floor':
      case 'ceil':
        return `Math.${fn}(${a.join(', ')})`;
      default:
        throw new GpujsUnsupportedError(`gpujs backend, kernel '${this.ir.name}': the function '${fn}' is not supported on the GPU`);
    }
  }

  /** A value stored into `array`: integer arrays truncate like an Int32Array store does in JS. */
  private storedValue(array: string, value: IRExpr): string {
    const v = this.num(value);
    return this.arrayTypes.get(array) === 'integer' && value.type === 'float' ? `Math.trunc(${v})` : v;
  }

  stmts(ss: readonly IRStmt[], ind: string, out: string[]): void {
    for (const s of ss) this.stmt(s, ind, out);
  }

  private stmt(s: IRStmt, ind: string, out: string[]): void {
    switch (s.kind) {
      case 'let': {
        const name = this.local(s.name);
        if (s.value.kind === 'random') out.push(`${ind}let ${name} = ${this.param({ kind: 'draw', local: s.name })}[_idx];`);
        else out.push(`${ind}let ${name} = ${this.num(s.value)};`);
        return;
      }
      case 'assign':
        out.push(`${ind}${this.local(s.name)} = ${this.num(s.value)};`);
        return;
      case 'store': {
        if (s.index.kind === 'local') {
          // Only the gather target's stores survive slicing.
          out.push(`${ind}_acc = (_acc ${s.op === '+=' ? '+' : '-'} ${this.num(s.value)});`);
          return;
        }
        if (s.index.kind === 'shared') throw new GpujsUnsupportedError(`gpujs backend, kernel '${this.ir.name}': writes the shared variable '${s.array}' per element`);
        const m = this.mirror(s.array);
        const arrayType = this.arrayTypes.get(s.array) === 'float' ? 'float' : 'integer';
        const type = s.op === '/=' || s.value.type === 'float' || arrayType === 'float' ? 'float' : 'integer';
        const old: IRExpr = { kind: 'load', array: s.array, index: s.index, type: arrayType };
        const value: IRExpr = s.op === '=' ? s.value : { kind: 'binary', op: s.op[0] as '+' | '-' | '*' | '/', left: old, right: s.value, type };
        out.push(`${ind}${m} = ${this.storedValue(s.array, value)};`);
        return;
      }
      case 'if': {
        out.push(`${ind}if (${this.bool(s.cond)}) {`);
        this.stmts(s.then, ind + '  ', out);
        if (s.else.length) {
          out.push(`${ind}} else {`);
          this.stmts(s.else, ind + '  ', out);
        }
        out.push(`${ind}}`);
        return;
      }
      case 'emit':
        out.push(`${ind}_emitted = 1.0;`);
        return;
      default:
        assertNever(s, 'IR statement');
    }
  }
}

// --- slicing ---------------------------------------------------------------------------------------

function addDeps(e: IRExpr, written: readonly string[], needed: Set<string>): void {
  forEachExpr(e, (x) => {
    if (x.kind === 'local') needed.add(`L:${x.name}`);
    else if (x.kind === 'index' && x.index.kind === 'local') needed.add(`L:${x.index.name}`);
    else if (x.kind === 'load') {
      if (x.index.kind === 'loop' && written.includes(x.array)) needed.add(`M:${x.array}`);
      if (x.index.kind === 'local') needed.add(`L:${x.index.name}`);
    }
  });
}

/**
 * The statements an output depends on, in order. `needed` holds `L:<local>` and `M:<array>`
 * (a mirror read later) keys and is updated to what the kept statements need from before them.
 */
function slice(ss: readonly IRStmt[], needed: Set<string>, target: OutputSpec, written: readonly string[]): IRStmt[] {
  const out: IRStmt[] = [];
  for (let i = ss.length - 1; i >= 0; i--) {
    const s = ss[i]!;
    switch (s.kind) {
      case 'let':
      case 'assign':
        if (needed.has(`L:${s.name}`)) {
          out.push(s);
          if (s.kind === 'assign') addDeps(s.value, written, needed);
          else if (s.value.kind !== 'random') addDeps(s.value, written, needed);
        }
        break;
      case 'store': {
        const keep =
          s.index.kind === 'loop'
            ? needed.has(`M:${s.array}`)
            : s.index.kind === 'local' && target.kind === 'gather' && target.target.array === s.array;
        if (keep) {
          out.push(s);
          addDeps(s.value, written, needed);
          if (s.index.kind === 'loop' && s.op !== '=') needed.add(`M:${s.array}`);
        }
        break;
      }
      case 'emit':
        if (target.kind === 'emit') out.push(s);
        break;
      case 'if': {
        const nThen = new Set(needed);
        const nElse = new Set(needed);
        const then = slice(s.then, nThen, target, written);
        const otherwise = slice(s.else, nElse, target, written);
        if (then.length > 0 || otherwise.length > 0) {
          out.push({ ...s, then, else: otherwise });
          for (const k of nThen) needed.add(k);
          for (const k of nElse) needed.add(k);
          addDeps(s.cond, written, needed);
        }
        break;
      }
      default:
        assertNever(s, 'IR statement');
    }
  }
  return out.reverse();
}

// --- kernels ----------------------------------------------------------------------------------------

/** The outputs of a kernel, in a fixed order: written arrays, then the emit flag, then gathers. */
export function outputsOf(an: KernelAnalysis): OutputSpec[] {
  return [
    ...an.written.map((array): OutputSpec => ({ kind: 'array', array })),
    ...(an.emits ? [{ kind: 'emit' } as const] : []),
    ...an.gathers.map((target): OutputSpec => ({ kind: 'gather', target })),
  ];
}

export function emitDeviceKernel(ir: KernelIR, an: KernelAnalysis, output: OutputSpec): DeviceKernelSource {
  if (output.kind === 'gather') return emitGather(ir, an, output);
  const guard = ir.loop.kind === 'range' ? 'count' : 'flag';
  const em = new DeviceEmitter(ir, an, { kind: 'element', guard });
  const needed = new Set<string>(output.kind === 'array' ? [`M:${output.array}`] : []);
  const body = slice(ir.body, needed, output, an.written);
  const inner: string[] = [];
  em.stmts(body, '    ', inner);
  const result = output.kind === 'array' ? em.mirror(output.array) : '_emitted';
  // Mirrors and the guard come after the body was emitted, so their parameters are known.
  const head: string[] = ['  const _idx = this.thread.x;'];
  if (em.usesFidx) head.push('  let _fidx = 0.0;', '  _fidx = _idx;');
  for (const m of [...em.mirrors].sort()) head.push(`  let ${em.mirror(m)} = ${em.param({ kind: 'array', array: m })}[_idx];`);
  if (output.kind === 'emit') head.push('  let _emitted = 0.0;');
  const cond = guard === 'count' ? `_idx < ${em.param({ kind: 'scalar', name: 'N' })}` : `${em.param({ kind: 'flag' })}[_idx] > 0.5`;
  const lines = [...head, `  if (${cond}) {`, ...inner, '  }', `  return ${result};`];
  return { output, source: `function (${em.paramNames.join(', ')}) {\n${lines.join('\n')}\n}`, params: em.params, paramNames: em.paramNames };
}

function emitGather(ir: KernelIR, an: KernelAnalysis, output: Extract<OutputSpec, { kind: 'gather' }>): DeviceKernelSource {
  const em = new DeviceEmitter(ir, an, { kind: 'gather' });
  const body = slice(ir.body, new Set<string>(), output, an.written);
  const inner: string[] = [];
  const active = ir.loop.kind === 'pathway';
  const ind = active ? '      ' : '    ';
  em.stmts(body, ind, inner);
  const mirrors = [...em.mirrors].sort().map((m) => `${ind}let ${em.mirror(m)} = ${em.param({ kind: 'array', array: m })}[_idx];`);
  const t = output.target;
  const init = t.zeroed ? '0.0' : `${em.param({ kind: 'array', array: t.array })}[_t]`;
  const ptr = em.param({ kind: 'gptr' });
  const syn = em.param({ kind: 'gsyn' });
  const lines = [
    '  const _t = this.thread.x;',
    `  let _acc = ${init};`,
    `  const _b = ${ptr}[_t];`,
    `  const _e = ${ptr}[_t + 1];`,
    '  for (let _j = _b; _j < _e; _j++) {',
    `    let _idx = ${syn}[_j];`,
    ...(active ? [`    if (${em.param({ kind: 'flag' })}[_idx] > 0.5) {`] : []),
    ...mirrors,
    ...inner,
    ...(active ? ['    }'] : []),
    '  }',
    '  return _acc;',
  ];
  return { output, source: `function (${em.paramNames.join(', ')}) {\n${lines.join('\n')}\n}`, params: em.params, paramNames: em.paramNames };
}
