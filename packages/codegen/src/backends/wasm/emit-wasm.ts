/**
 * KernelIR → a WebAssembly function that computes exactly what the JavaScript kernel computes.
 *
 * Scope: `range` and `events` loops (state updates, thresholds, resets, run_regularly, set) whose
 * code needs nothing from the host but Math functions — no random draws, no user functions or
 * TimedArrays, no stores into integer arrays (JavaScript's Int32Array wraps where WebAssembly's
 * conversions saturate), no indices read from locals (their bounds cannot be checked cheaply).
 * Anything else throws {@link WasmUnsupported}, and the kernel runs as JavaScript only.
 *
 * Exactness: every number is an f64, as in JavaScript, and every operation is the one the JS
 * emitter writes, in the same order: IEEE +, −, ×, ÷, sqrt, floor, ceil, trunc, min and max are
 * bit-identical in both; exp, expm1 and exprel are imported from the JS tier's own functions
 * (math/exp.ts, which the JS emitter inlines), log, pow and the other transcendental functions
 * from the engine's `Math`. So a kernel gives the same bits on either tier, which the tests check.
 *
 * Booleans are i32 0/1 (loads from Uint8Arrays are normalised with `!= 0`), numbers used as
 * conditions follow JavaScript truthiness (`NaN` and ±0 are false).
 *
 * Signature: `(scalars as f64 ..., arrays as i32 byte offsets ..., [len i32]) → i32 count`, in
 * declaration order; `len` (events loops only) is the length every loop-indexed array has at
 * least: event indices at or beyond it are skipped, so a bad event list cannot write outside its
 * arrays (JavaScript ignores such writes too).
 */
import { assertNever, type BinaryOp } from '@neurite/parser';
import type { IndexRef, IRExpr, IRStmt, IRType, KernelIR } from '../../ir.js';
import { mapIRStatements, walkStmts } from '../../ir-visit.js';
import { ARRAYS, SCALARS } from '../backend.js';
import type { Instr, ValType, WasmFunction, WasmImportFunction, WasmModule } from './encoder.js';
import { exp, EXP_FUNCTION_SOURCES, EXP_TABLES_SOURCE, expm1, exprel } from '../../math/exp.js';
import { timestepAtLeast, TIMESTEP_AT_LEAST_SOURCE } from './timestep-bound.js';
import { SimdEmitter, simdPrecheck, simdSplit, simdUnsupported, type SimdHost } from './simd-emitter.js';

/** What a WebAssembly kernel returns when it declines a call (before writing anything): run the JavaScript version. */
export const WASM_DECLINED = -1;

/** Elements a threshold tests with SIMD before branching to the scalar code (a multiple of 2). */
const PRECHECK_WIDTH = 8;

/**
 * Elements per chunk of a fused state update and threshold (a multiple of PRECHECK_WIDTH): small
 * enough that a chunk of every array the two kernels touch stays in the L1 cache between them.
 */
const FUSED_CHUNK = 256;

/** Why a kernel cannot run as WebAssembly (it runs as JavaScript). */
export class WasmUnsupported extends Error {}

/** Math functions a kernel may import, by the name they have on `Math`. */
const MATH_IMPORTS = ['log', 'log10', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'asin', 'acos', 'atan', 'log1p', 'sign', 'pow'] as const;

/** Host helpers with JavaScript's exact semantics (the JS emitter's helpers). */
export const WASM_HELPERS = {
  // The JS tier's own exp and expm1 (math/exp.ts), not Math's: both tiers give the same bits.
  exp,
  expm1,
  exprel,
  /** `a % b` with the sign of `b`, as Python and Brian. */
  mod: (a: number, b: number): number => {
    const r = a % b;
    return r !== 0 && r < 0 !== b < 0 ? r + b : r;
  },
  timestepAtLeast,
};

/**
 * The helpers a worker thread (team.ts) can build from source text, and the name each has there:
 * exp, expm1 and exprel from math/exp.ts's one text (the same bits), timestepAtLeast from
 * timestep-bound.ts's (each thread keeps its own memo), `mod` from its own (it reads nothing but
 * its arguments). Every {@link WASM_HELPERS} entry is here, so no helper keeps a kernel on one thread.
 */
export const THREAD_SAFE_HELPERS: Readonly<Record<keyof typeof WASM_HELPERS, string>> = {
  exp: '_exp',
  expm1: '_expm1',
  exprel: '_exprel',
  mod: '_mod',
  timestepAtLeast: '_timestepAtLeast',
};

/** Source declaring every {@link THREAD_SAFE_HELPERS} function under its name there. */
export const THREAD_SAFE_HELPERS_SOURCE = [
  EXP_TABLES_SOURCE,
  ...Object.values(EXP_FUNCTION_SOURCES),
  `const _mod = ${WASM_HELPERS.mod.toString()};`,
  TIMESTEP_AT_LEAST_SOURCE,
].join('\n');

type Kind = 'f64' | 'bool';

const ARRAY_TYPES: Record<IRType, { shift: number; load: 'f64.load' | 'i32.load' | 'i32.load8_u' }> = {
  float: { shift: 3, load: 'f64.load' },
  integer: { shift: 2, load: 'i32.load' },
  boolean: { shift: 0, load: 'i32.load8_u' },
};

const F64_COMPARE: Partial<Record<BinaryOp, 'f64.lt' | 'f64.le' | 'f64.gt' | 'f64.ge' | 'f64.eq' | 'f64.ne'>> = {
  '<': 'f64.lt',
  '<=': 'f64.le',
  '>': 'f64.gt',
  '>=': 'f64.ge',
  '==': 'f64.eq',
  '!=': 'f64.ne',
};

const F64_ARITH: Partial<Record<BinaryOp, 'f64.add' | 'f64.sub' | 'f64.mul' | 'f64.div'>> = { '+': 'f64.add', '-': 'f64.sub', '*': 'f64.mul', '/': 'f64.div' };

/** What the emitted module needs from the host at instantiation (besides the memory). */
export interface WasmKernelModule {
  readonly module: WasmModule;
  /** The exported kernel function's name. */
  readonly exportName: string;
  /** Imported functions in import order: `Math.<name>` or a {@link WASM_HELPERS} entry. */
  readonly imports: readonly { readonly module: 'Math' | 'helpers'; readonly name: string }[];
  /**
   * True if the function takes the trailing `from, to` arguments (range loops): it visits the
   * elements `from <= i < to` only, `N` staying the size of the group. Callers pass `0, N`; a
   * thread team (team.ts) splits the range, in multiples of eight, between threads. False for
   * events loops, which take a trailing `len` instead (event indices at or past it are skipped).
   */
  readonly takesRange: boolean;
  /**
   * Why the function must not run on several threads at once over parts of its range, or
   * undefined where it may: it then writes only its own elements (and its events, see
   * `eventsParam`) and imports only functions a worker can rebuild ({@link THREAD_SAFE_HELPERS}).
   */
  readonly notThreadable: string | undefined;
  /** The parameter index of `_spikes`, where the function appends its events, or -1. */
  readonly eventsParam: number;
  /** Arrays indexed by the loop element (their length must cover every element visited). */
  readonly loopArrays: readonly string[];
  /** Arrays indexed by the event position `_k` (their length must cover `count`). */
  readonly positionArrays: readonly string[];
}

class FunctionBuilder implements SimdHost {
  readonly code: Instr[] = [];
  readonly locals: { name: string; type: ValType }[] = [];
  private readonly localIndex = new Map<string, number>();
  readonly importIndex = new Map<string, number>();
  readonly imports: { module: 'Math' | 'helpers'; name: string; arity: number }[] = [];
  /** Arrays whose loop element is kept in a local (see `hoistable`). */
  readonly cached = new Set<string>();
  private readonly arrayTypes: Map<string, IRType>;
  private readonly arrayParam: Map<string, number>;
  private readonly scalarParam: Map<string, number>;
  readonly loopArrays = new Set<string>();
  readonly positionArrays = new Set<string>();
  /** Arrays written at another element than the loop's own (a shared variable): not thread-safe. */
  readonly sharedStores = new Set<string>();
  /** `timestep(x, dt) >= k` comparisons in the loop → the local holding their bound on x. */
  readonly timestepBounds = new Map<IRExpr, number>();
  /** Locals the preamble defined (loop-invariant), by name. */
  readonly preambleLocals = new Map<string, ValType>();
  inLoop = false;

  constructor(
    k: KernelIR,
    readonly paramNames: string[],
  ) {
    this.arrayTypes = new Map(k.arrays.map((a) => [a.name, a.type]));
    this.scalarParam = new Map(k.scalars.map((s, i) => [s.name, i]));
    this.arrayParam = new Map(k.arrays.map((a, i) => [a.name, k.scalars.length + i]));
  }

  emit(...ins: Instr[]): void {
    this.code.push(...ins);
  }

  arrayBase(name: string): number {
    const index = this.arrayParam.get(name);
    if (index === undefined) throw new WasmUnsupported(`internal: array '${name}' is not declared`);
    return index;
  }

  scalarIndex(name: string): number {
    const index = this.scalarParam.get(name);
    if (index === undefined) throw new WasmUnsupported(`internal: scalar '${name}' is not declared`);
    return index;
  }

  preambleLocalType(name: string): ValType | undefined {
    return this.preambleLocals.get(name);
  }

  /** A new local (names are unique within the function). */
  local(name: string, type: ValType): number {
    const existing = this.localIndex.get(name);
    if (existing !== undefined) {
      if (this.locals[existing - this.paramNames.length]!.type !== type) throw new WasmUnsupported(`local '${name}' is used with two types`);
      return existing;
    }
    const index = this.paramNames.length + this.locals.length;
    this.locals.push({ name, type });
    this.localIndex.set(name, index);
    return index;
  }

  get(name: string): number {
    const index = this.localIndex.get(name);
    if (index === undefined) throw new WasmUnsupported(`internal: local '${name}' read before it is set`);
    return index;
  }

  callImport(module: 'Math' | 'helpers', name: string, arity: number): void {
    this.emit(['call', this.importFunction(module, name, arity)]);
  }

  /** The function index of an imported function (imported on first use). */
  importFunction(module: 'Math' | 'helpers', name: string, arity: number): number {
    const key = `${module}.${name}`;
    let index = this.importIndex.get(key);
    if (index === undefined) {
      index = this.imports.length;
      this.imports.push({ module, name, arity });
      this.importIndex.set(key, index);
    }
    return index;
  }

  arrayType(name: string): IRType {
    const t = this.arrayTypes.get(name);
    if (t === undefined) throw new WasmUnsupported(`internal: array '${name}' is not declared`);
    return t;
  }

  /** Pushes the byte address of `array[index]`. */
  address(array: string, index: IndexRef): void {
    const base = this.arrayParam.get(array);
    if (base === undefined) throw new WasmUnsupported(`internal: array '${array}' is not declared`);
    const shift = ARRAY_TYPES[this.arrayType(array)].shift;
    switch (index.kind) {
      case 'shared':
        this.emit(['local.get', base]);
        return;
      case 'loop':
        this.loopArrays.add(array);
        this.emit(['local.get', base], ['local.get', this.get(`_idx${shift}`)], ['i32.add']);
        return;
      case 'position':
        this.positionArrays.add(array);
        this.emit(['local.get', base], ['local.get', this.get('_k')], ['i32.const', shift], ['i32.shl'], ['i32.add']);
        return;
      case 'local':
        throw new WasmUnsupported(`an array index read from the local '${index.name}'`);
      default:
        assertNever(index, 'index');
    }
  }

  /** Pushes `array[index]` as a value. */
  load(array: string, index: IndexRef): Kind {
    if (index.kind === 'loop' && this.cached.has(array)) {
      this.emit(['local.get', this.get(`_el_${array}`)]);
      return this.arrayType(array) === 'boolean' ? 'bool' : 'f64';
    }
    return this.loadMemory(array, index);
  }

  loadMemory(array: string, index: IndexRef): Kind {
    const type = this.arrayType(array);
    this.address(array, index);
    this.emit([ARRAY_TYPES[type].load, 0]);
    switch (type) {
      case 'float':
        return 'f64';
      case 'integer':
        this.emit(['f64.convert_i32_s']);
        return 'f64';
      case 'boolean':
        // A Uint8Array may hold any byte; JavaScript's truthiness makes every non-zero true.
        this.emit(['i32.const', 0], ['i32.ne']);
        return 'bool';
      default:
        return assertNever(type, 'array type');
    }
  }

  scalar(name: string): void {
    const index = this.scalarParam.get(name);
    if (index === undefined) throw new WasmUnsupported(`internal: scalar '${name}' is not declared`);
    this.emit(['local.get', index]);
  }

  // --- expressions ------------------------------------------------------------------------------------

  /** Emits `e`, returning the kind of value left on the stack. */
  expr(e: IRExpr): Kind {
    switch (e.kind) {
      case 'literal':
        if (e.type === 'boolean') {
          this.emit(['i32.const', e.value ? 1 : 0]);
          return 'bool';
        }
        this.emit(['f64.const', e.value]);
        return 'f64';
      case 'scalar':
        this.scalar(e.name);
        if (e.type === 'boolean') {
          this.truthy();
          return 'bool';
        }
        return 'f64';
      case 'load':
        return this.load(e.array, e.index);
      case 'local': {
        this.emit(['local.get', this.get(e.name)]);
        return e.type === 'boolean' ? 'bool' : 'f64';
      }
      case 'index':
        this.indexValue(e.index);
        return 'f64';
      case 'unary':
        switch (e.op) {
          case 'not':
            this.bool(e.arg);
            this.emit(['i32.eqz']);
            return 'bool';
          case '-':
            this.f64(e.arg);
            this.emit(['f64.neg']);
            return 'f64';
          case '+':
            // JavaScript's unary + on a boolean gives 0/1; on a number, the number.
            this.f64(e.arg);
            return 'f64';
          default:
            return assertNever(e, 'unary operator');
        }
      case 'binary':
        return this.binary(e);
      case 'call':
        this.call(e.fn, e.args);
        return 'f64';
      case 'extern':
        throw new WasmUnsupported(`the function '${e.name}' is supplied by the host`);
      case 'select': {
        const both = e.type === 'boolean';
        if (cheap(e.then) && cheap(e.else)) {
          // Both arms computed, then `select`: no effects and no traps in them (loads are at the
          // loop element or element 0), and V8 compiles this much better than a branch.
          if (both) this.bool(e.then);
          else this.f64(e.then);
          if (both) this.bool(e.else);
          else this.f64(e.else);
          this.bool(e.cond);
          this.emit(['select']);
          return both ? 'bool' : 'f64';
        }
        // Otherwise `if` with a result: like JavaScript's ?:, only the taken arm is computed.
        this.bool(e.cond);
        this.emit(['if', both ? 'i32' : 'f64']);
        if (both) this.bool(e.then);
        else this.f64(e.then);
        this.emit(['else']);
        if (both) this.bool(e.else);
        else this.f64(e.else);
        this.emit(['end']);
        return both ? 'bool' : 'f64';
      }
      default:
        return assertNever(e, 'IR expression');
    }
  }

  f64(e: IRExpr): void {
    if (this.expr(e) === 'bool') this.emit(['f64.convert_i32_u']);
  }

  bool(e: IRExpr): void {
    if (this.expr(e) === 'f64') this.truthy();
  }

  /** f64 on the stack → its JavaScript truthiness (false for ±0 and NaN). */
  private truthy(): void {
    this.emit(['f64.abs'], ['f64.const', 0], ['f64.gt']);
  }

  private indexValue(index: IndexRef): void {
    switch (index.kind) {
      case 'loop':
        this.emit(['local.get', this.get('_idx')], ['f64.convert_i32_s']);
        return;
      case 'shared':
        this.emit(['f64.const', 0]);
        return;
      case 'local':
        this.emit(['local.get', this.get(index.name)]);
        return;
      case 'position':
        this.emit(['local.get', this.get('_k')], ['f64.convert_i32_s']);
        return;
      default:
        assertNever(index, 'index');
    }
  }

  private binary(e: Extract<IRExpr, { kind: 'binary' }>): Kind {
    const bound = this.timestepBounds.get(e);
    if (bound !== undefined) {
      // timestep(x, dt) >= k as x >= bound (see `timestepAtLeast`; the kernel checked dt > 0).
      this.f64((e.left as Extract<IRExpr, { kind: 'call' }>).args[0]!);
      this.emit(['local.get', bound], ['f64.ge']);
      return 'bool';
    }
    const arith = F64_ARITH[e.op];
    if (arith) {
      this.f64(e.left);
      this.f64(e.right);
      this.emit([arith]);
      return 'f64';
    }
    const compare = F64_COMPARE[e.op];
    if (compare) {
      // Through f64 for every operand kind: JavaScript compares booleans as 0/1 too.
      this.f64(e.left);
      this.f64(e.right);
      this.emit([compare]);
      return 'bool';
    }
    switch (e.op) {
      case 'and':
      case 'or':
        // Both sides are side-effect free (no random draws or host calls in expressions that
        // reach here with effects), so evaluating both gives what JavaScript's && and || give.
        this.bool(e.left);
        this.bool(e.right);
        this.emit([e.op === 'and' ? 'i32.and' : 'i32.or']);
        return 'bool';
      case '**':
        if (e.right.kind === 'literal' && e.right.value === 2 && (e.left.kind === 'load' || e.left.kind === 'local' || e.left.kind === 'scalar')) {
          // As the JS emitter: x*x is what pow(x, 2) gives, bit for bit.
          this.f64(e.left);
          this.f64(e.left);
          this.emit(['f64.mul']);
          return 'f64';
        }
        this.f64(e.left);
        this.f64(e.right);
        this.callImport('Math', 'pow', 2);
        return 'f64';
      case '//':
        this.f64(e.left);
        this.f64(e.right);
        this.emit(['f64.div'], ['f64.floor']);
        return 'f64';
      case '%':
        this.f64(e.left);
        this.f64(e.right);
        this.callImport('helpers', 'mod', 2);
        return 'f64';
      default:
        throw new WasmUnsupported(`internal: operator '${e.op}'`);
    }
  }

  call(fn: Extract<IRExpr, { kind: 'call' }>['fn'], args: readonly IRExpr[]): void {
    const unary = (op: Instr[0]) => {
      this.f64(args[0]!);
      this.emit([op]);
    };
    const math = (name: (typeof MATH_IMPORTS)[number]) => {
      for (const a of args) this.f64(a);
      this.callImport('Math', name, args.length);
    };
    switch (fn) {
      case 'sqrt':
        return unary('f64.sqrt');
      case 'abs':
        return unary('f64.abs');
      case 'floor':
        return unary('f64.floor');
      case 'ceil':
        return unary('f64.ceil');
      case 'int':
        return unary('f64.trunc');
      case 'clip':
        // Math.min(Math.max(x, lo), hi): f64.max/min agree with Math.max/min on NaN and ±0.
        this.f64(args[0]!);
        this.f64(args[1]!);
        this.emit(['f64.max']);
        this.f64(args[2]!);
        this.emit(['f64.min']);
        return;
      case 'timestep':
        // Math.trunc((t + 1e-3 * dt) / dt), operation for operation.
        this.f64(args[0]!);
        this.emit(['f64.const', 1e-3]);
        this.f64(args[1]!);
        this.emit(['f64.mul'], ['f64.add']);
        this.f64(args[1]!);
        this.emit(['f64.div'], ['f64.trunc']);
        return;
      case 'exprel':
        this.f64(args[0]!);
        this.callImport('helpers', 'exprel', 1);
        return;
      case 'exp':
      case 'expm1':
        this.f64(args[0]!);
        this.callImport('helpers', fn, 1);
        return;
      case 'log':
      case 'log10':
      case 'sin':
      case 'cos':
      case 'tan':
      case 'sinh':
      case 'cosh':
      case 'tanh':
      case 'log1p':
      case 'sign':
        return math(fn);
      case 'arcsin':
        return math('asin');
      case 'arccos':
        return math('acos');
      case 'arctan':
        return math('atan');
      default:
        assertNever(fn, 'built-in function');
    }
  }

  // --- statements -------------------------------------------------------------------------------------

  stmts(ss: readonly IRStmt[]): void {
    for (const s of ss) this.stmt(s);
  }

  private stmt(s: IRStmt): void {
    switch (s.kind) {
      case 'let': {
        if (s.value.kind === 'random') throw new WasmUnsupported('random draws come from the host generator');
        const kind: ValType = s.type === 'boolean' ? 'i32' : 'f64';
        if (kind === 'i32') this.bool(s.value);
        else this.f64(s.value);
        this.emit(['local.set', this.local(s.name, kind)]);
        return;
      }
      case 'assign': {
        const index = this.get(s.name);
        const type = this.locals[index - this.paramNames.length]!.type;
        if (type === 'i32') this.bool(s.value);
        else this.f64(s.value);
        this.emit(['local.set', index]);
        return;
      }
      case 'store':
        return this.store(s);
      case 'if':
        this.bool(s.cond);
        this.emit(['if', 'void']);
        this.stmts(s.then);
        if (s.else.length > 0) {
          this.emit(['else']);
          this.stmts(s.else);
        }
        this.emit(['end']);
        return;
      case 'emit': {
        // _spikes[_count++] = _idx
        const spikes = this.arrayParam.get(ARRAYS.spikes);
        if (spikes === undefined) throw new WasmUnsupported(`internal: an emitting kernel without '${ARRAYS.spikes}'`);
        const count = this.get('_count');
        // At most one event per element: `_spikes` must be as long as the loop.
        this.loopArrays.add(ARRAYS.spikes);
        this.emit(['local.get', spikes], ['local.get', count], ['i32.const', 2], ['i32.shl'], ['i32.add'], ['local.get', this.get('_idx')], ['i32.store', 0]);
        this.emit(['local.get', count], ['i32.const', 1], ['i32.add'], ['local.set', count]);
        return;
      }
      default:
        assertNever(s, 'IR statement');
    }
  }

  private store(s: Extract<IRStmt, { kind: 'store' }>): void {
    if (s.index.kind !== 'loop') this.sharedStores.add(s.array);
    const type = this.arrayType(s.array);
    const cached = s.index.kind === 'loop' && this.cached.has(s.array);
    switch (type) {
      case 'integer':
        throw new WasmUnsupported(`a store into the integer array '${s.array}'`);
      case 'boolean': {
        if (s.op !== '=') throw new WasmUnsupported(`'${s.op}' on the boolean array '${s.array}'`);
        const v = s.value;
        const zeroOne = v.kind === 'literal' && (v.value === 0 || v.value === 1);
        if (v.type !== 'boolean' && !zeroOne) throw new WasmUnsupported(`a number stored into the boolean array '${s.array}'`);
        const value = this.local(`_store_${s.array}`, 'i32');
        if (zeroOne) this.emit(['i32.const', v.value]);
        else this.bool(v);
        this.emit(['local.set', value]);
        this.address(s.array, s.index);
        this.emit(['local.get', value], ['i32.store8', 0]);
        if (cached) this.emit(['local.get', value], ['local.set', this.get(`_el_${s.array}`)]);
        return;
      }
      case 'float': {
        const value = this.local(`_store_${s.array}`, 'f64');
        if (s.op === '=') this.f64(s.value);
        else {
          this.load(s.array, s.index);
          this.f64(s.value);
          this.emit([F64_ARITH[s.op[0] as BinaryOp]!]);
        }
        this.emit(['local.set', value]);
        this.address(s.array, s.index);
        this.emit(['local.get', value], ['f64.store', 0]);
        if (cached) this.emit(['local.get', value], ['local.set', this.get(`_el_${s.array}`)]);
        return;
      }
      default:
        assertNever(type, 'array type');
    }
  }
}

/**
 * Vector values an update may keep live across its loop for the eight-by-eight fused loop. A
 * branch in the loop of a vectorised update (the threshold test) made V8's code for CUBA's update
 * (8 splatted constants) about twice as slow — its registers no longer held the constants — while
 * LIF's (one or two) ran ~15 % faster than in chunks. Measured on x64 (16 vector registers,
 * shared with the scalar code in the branch).
 */
const PAIRWISE_MAX_SPLATS = 4;

/**
 * Arrays worth keeping in a local for the loop body: float and boolean arrays read at the loop
 * element by a statement at the top level of the body (so the load happens anyway). A store to
 * such an array anywhere writes the local too; other arrays are read from memory, which every
 * store keeps current. As in the JS emitter, this assumes differently named arrays do not overlap.
 */
function hoistable(k: KernelIR): string[] {
  const out = new Set<string>();
  const visit = (e: IRExpr): void => {
    switch (e.kind) {
      case 'load':
        if (e.index.kind === 'loop') out.add(e.array);
        return;
      case 'literal':
      case 'scalar':
      case 'local':
      case 'index':
        return;
      case 'unary':
        return visit(e.arg);
      case 'binary':
        // The right side of and/or is evaluated in any case here (see `binary`).
        visit(e.left);
        return visit(e.right);
      case 'call':
      case 'extern':
        return e.args.forEach(visit);
      case 'select':
        // Only the condition is certain to be evaluated.
        return visit(e.cond);
      default:
        return assertNever(e, 'IR expression');
    }
  };
  for (const s of k.body) {
    switch (s.kind) {
      case 'let':
        if (s.value.kind !== 'random') visit(s.value);
        break;
      case 'assign':
        visit(s.value);
        break;
      case 'store':
        visit(s.value);
        if (s.op !== '=' && s.index.kind === 'loop') out.add(s.array);
        break;
      case 'if':
        visit(s.cond);
        break;
      case 'emit':
        break;
      default:
        assertNever(s, 'IR statement');
    }
  }
  const types = new Map(k.arrays.map((a) => [a.name, a.type]));
  return [...out].filter((a) => types.get(a) === 'float' || types.get(a) === 'boolean').sort();
}

/** Expressions worth computing even when not needed: arithmetic on loads, locals and scalars, no calls. */
function cheap(e: IRExpr): boolean {
  switch (e.kind) {
    case 'literal':
    case 'scalar':
    case 'local':
    case 'index':
    case 'load':
      return true;
    case 'unary':
      return cheap(e.arg);
    case 'binary':
      return e.op !== '**' && e.op !== '%' && cheap(e.left) && cheap(e.right);
    case 'call':
    case 'extern':
    case 'select':
      return false;
    default:
      return assertNever(e, 'IR expression');
  }
}

/** True for expressions with one value for the whole call: literals, scalars, and locals the preamble defines. */
function invariant(e: IRExpr, preambleLocals: ReadonlySet<string>): boolean {
  switch (e.kind) {
    case 'literal':
    case 'scalar':
      return true;
    case 'local':
      return preambleLocals.has(e.name);
    case 'unary':
      return invariant(e.arg, preambleLocals);
    case 'binary':
      return invariant(e.left, preambleLocals) && invariant(e.right, preambleLocals);
    case 'load':
    case 'index':
    case 'call':
    case 'extern':
    case 'select':
      return false;
    default:
      return assertNever(e, 'IR expression');
  }
}

/**
 * Computes, after the preamble, the bound of every loop comparison `timestep(x, dt) >= k` whose
 * dt (a scalar or literal) and k are the same for the whole call (the refractoriness test), into
 * a local. Returns the dt expressions the bounds assume positive: the kernel checks them first
 * (see {@link WASM_DECLINED}).
 */
function hoistTimestepBounds(b: FunctionBuilder, k: KernelIR): IRExpr[] {
  const preambleLocals = new Set(k.preamble.flatMap((s) => (s.kind === 'let' ? [s.name] : [])));
  const found: Extract<IRExpr, { kind: 'binary' }>[] = [];
  // A walk over every expression of the body (the rewrite itself is discarded): the callback
  // sees the original nodes, which are the ones the emitter meets later.
  mapIRStatements(k.body, (e) => {
    const dt = e.kind === 'binary' && e.left.kind === 'call' && e.left.fn === 'timestep' ? e.left.args[1]! : undefined;
    if (e.kind === 'binary' && e.op === '>=' && dt && (dt.kind === 'scalar' || dt.kind === 'literal') && e.right.type === 'integer' && invariant(e.right, preambleLocals)) {
      found.push(e);
    }
    return undefined;
  });
  found.forEach((e, n) => {
    const local = b.local(`_timestep_bound${n}`, 'f64');
    b.f64((e.left as Extract<IRExpr, { kind: 'call' }>).args[1]!);
    b.f64(e.right);
    b.callImport('helpers', 'timestepAtLeast', 2);
    b.emit(['local.set', local]);
    b.timestepBounds.set(e, local);
  });
  return found.map((e) => (e.left as Extract<IRExpr, { kind: 'call' }>).args[1]!);
}

/** The WebAssembly version of a kernel, or throws {@link WasmUnsupported} saying why there is none. */
/** Built-in functions WebAssembly has no instruction for: a call goes out to `Math` (or a helper). */
const HOST_CALLED: ReadonlySet<string> = new Set(['exp', 'log', 'log10', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan', 'expm1', 'log1p', 'sign', 'exprel']);

/** The first built-in the loop body calls on the host, if any (calls in the preamble run once per call and do not count). */
function hostCallInLoop(k: KernelIR): string | undefined {
  let found: string | undefined;
  walkStmts(k.body, () => undefined, (e) => {
    if (found === undefined && e.kind === 'call' && HOST_CALLED.has(e.fn)) found = e.fn;
  });
  return found;
}

/**
 * Why emitWasm refuses `k` whatever its loop body computes, read from the IR alone (its loop kind,
 * random draws, host functions, zeroed targets), or undefined. The JS backend asks it before
 * emitting anything, to give such kernels no WebAssembly path.
 */
export function refusedOutright(k: KernelIR): string | undefined {
  if (k.loop.kind === 'pathway') return 'pathway loops run as JavaScript (event-driven, over the host CSR)';
  if (k.randoms.length > 0) return 'random draws come from the host generator';
  if (k.externs.length > 0) return `host functions (${k.externs.map((e) => e.name).join(', ')})`;
  if (k.zeroed.length > 0) return 'zeroed accumulation targets';
  return undefined;
}

export function emitWasm(k: KernelIR): WasmKernelModule {
  // A pathway loop is refused before its body is looked at; for other loops a per-element host
  // call is the reason given first.
  const refused = refusedOutright(k);
  if (k.loop.kind === 'pathway') throw new WasmUnsupported(refused!);
  // Measured: a WebAssembly call of an imported function costs ~15 ns more than the same call
  // from JavaScript, and the JS emitter inlines exp, expm1 and exprel (math/exp.ts); kernels that
  // make such calls per element run several times faster as JavaScript (a per-neuron log, a
  // threshold with an exp in its branch). Loops that run on two lanes compute exp, expm1 and
  // exprel themselves (simd-exp.ts) and call the host only for arguments outside the tables.
  const host = hostCallInLoop(k);
  const unsupported = simdUnsupported(k);
  const split = unsupported === undefined ? undefined : simdSplit(k);
  const vectorised = unsupported === undefined || (split !== undefined && hostCallInLoop({ ...k, body: split.tail }) === undefined);
  if (host !== undefined && !vectorised) throw new WasmUnsupported(`it calls ${host}() for every element, which runs faster as JavaScript`);
  if (refused !== undefined) throw new WasmUnsupported(refused);
  const events = k.loop.kind === 'events';
  const paramNames = [...k.scalars.map((s) => `s_${s.name}`), ...k.arrays.map((a) => `a_${a.name}`), ...(events ? ['_len'] : ['_from', '_to'])];
  const b = new FunctionBuilder(k, paramNames);
  const count = b.local('_count', 'i32');
  const idx = b.local('_idx', 'i32');
  // The loop element's byte offset for 1-, 4- and 8-byte arrays (see `address`).
  const idx0 = b.local('_idx0', 'i32');
  const idx2 = b.local('_idx2', 'i32');
  const idx3 = b.local('_idx3', 'i32');
  const kk = b.local('_k', 'i32');
  const end = b.local('_end', 'i32');

  // Checks that must pass before anything is written go first; the preamble comes after them.
  const checks = b.code.length;
  b.stmts(k.preamble);
  for (const s of k.preamble) if (s.kind === 'let') b.preambleLocals.set(s.name, s.type === 'boolean' ? 'i32' : 'f64');
  if (k.body.length > 0) {
    const positive = hoistTimestepBounds(b, k);
    const guard: Instr[] = [];
    for (const dt of positive) {
      const g = new FunctionBuilder(k, paramNames);
      g.f64(dt);
      guard.push(...g.code, ['f64.const', 0], ['f64.gt'], ['i32.eqz'], ['if', 'void'], ['i32.const', WASM_DECLINED], ['return'], ['end']);
    }
    b.code.splice(checks, 0, ...guard);
    b.inLoop = true;
    // Loop bounds: from..to (range; the caller's part of 0..N) or 0..count (events).
    if (events) {
      b.scalar(SCALARS.count);
      b.emit(['i32.trunc_sat_f64_s'], ['local.set', end], ['i32.const', 0], ['local.set', kk]);
    } else {
      b.emit(['local.get', paramNames.length - 1], ['local.set', end], ['local.get', paramNames.length - 2], ['local.set', kk]);
    }
    const setOffsets = (): void => {
      b.emit(['local.get', idx], ['local.set', idx0]);
      b.emit(['local.get', idx], ['i32.const', 2], ['i32.shl'], ['local.set', idx2]);
      b.emit(['local.get', idx], ['i32.const', 3], ['i32.shl'], ['local.set', idx3]);
    };
    const bodyHoisted = hoistable(k);
    /** The scalar code of `stmts` for the element in `_idx`: hoisted loads, then the statements. */
    const scalarElement = (stmts: readonly IRStmt[] = k.body, hoisted: readonly string[] = bodyHoisted): void => {
      setOffsets();
      b.cached.clear();
      for (const a of hoisted) {
        const kind = b.loadMemory(a, { kind: 'loop' });
        b.emit(['local.set', b.local(`_el_${a}`, kind === 'bool' ? 'i32' : 'f64')]);
        b.cached.add(a);
      }
      b.stmts(stmts);
    };
    /** `cond` for the PRECHECK_WIDTH elements from `_idx` (four f64x2 pairs, or-ed) into a new emitter's code. */
    const wideMask = (cond: IRExpr): SimdEmitter => {
      const simd = new SimdEmitter(b, k);
      for (let e = 0; e < PRECHECK_WIDTH; e += 2) {
        simd.emitMask(cond, e);
        if (e > 0) simd.code.push(['v128.or']);
      }
      return simd;
    };
    /** `mask`, then where any lane holds, the scalar code of the `width` elements from `_k`, in order. */
    const scalarWhereAny = (mask: readonly Instr[], width: number, stmts?: readonly IRStmt[], hoisted?: readonly string[]): void => {
      b.emit(...mask, ['v128.any_true'], ['if', 'void']);
      for (let e = 0; e < width; e++) {
        if (e > 0) b.emit(['local.get', kk], ['i32.const', e], ['i32.add'], ['local.set', idx]);
        scalarElement(stmts, hoisted);
      }
      b.emit(['end']);
    };
    /** Opens the loop over `_k` from its current value while `_k < limit` (closed by `closeLoop`). */
    const openLoop = (limit: number): void => {
      b.emit(['block', 'void'], ['local.get', kk], ['local.get', limit], ['i32.ge_s'], ['br_if', 0], ['loop', 'void'], ['local.get', kk], ['local.set', idx]);
      setOffsets();
    };
    /** `_k += step`, and again while `_k < limit`. */
    const closeLoop = (step: number, limit: number): void => {
      b.emit(['local.get', kk], ['i32.const', step], ['i32.add'], ['local.tee', kk], ['local.get', limit], ['i32.lt_s'], ['br_if', 0], ['end'], ['end']);
    };
    /** A local holding `end` rounded down to a multiple of `width` (a power of two). */
    const roundedEnd = (name: string, width: number): number => {
      const local = b.local(name, 'i32');
      b.emit(['local.get', end], ['i32.const', -width], ['i32.and'], ['local.set', local]);
      return local;
    };
    const precheck = simdPrecheck(k);
    if (precheck) {
      // A threshold: most elements have no event. Test eight at a time (four f64x2 pairs); where
      // a lane holds, run the scalar code for the eight elements in order (it re-tests the exact
      // condition, which has no effects). The last N mod 8 elements go to the scalar loop below.
      const simd = wideMask(precheck);
      const groups = roundedEnd('_groups_end', PRECHECK_WIDTH);
      b.emit(...simd.prologue);
      openLoop(groups);
      scalarWhereAny(simd.code, PRECHECK_WIDTH);
      closeLoop(PRECHECK_WIDTH, groups);
    } else if (unsupported === undefined) {
      // Pairs of elements with f64x2, then the last element (odd N) with the scalar loop below.
      const simd = new SimdEmitter(b, k);
      simd.emitBody();
      const pairs = roundedEnd('_pairs_end', 2);
      b.emit(...simd.prologue);
      openLoop(pairs);
      b.emit(...simd.code);
      closeLoop(2, pairs);
    } else if (split) {
      // A state update fused with its threshold (lower/fuse.ts): each element is updated before
      // it is tested and events come in element order, which is all fusion needs (neither kernel
      // looks at another element than its own). The update runs on two lanes; the test re-runs
      // the exact condition in scalar code where a lane holds.
      const update = new SimdEmitter(b, k);
      update.emitStatements(split.prefix);
      const tailHoisted = hoistable({ ...k, body: split.tail });
      if (update.splatCount <= PAIRWISE_MAX_SPLATS) {
        // Eight by eight: the update of four pairs, then their conditions on two lanes, or-ed
        // (reading what the update stored), and one branch for the eight. Only for updates that
        // keep few values in vector registers. One pair per branch took twice as long for LIF
        // (its loop's cost was the test and branch, not the arithmetic).
        for (let e = 2; e < PRECHECK_WIDTH; e += 2) update.emitStatements(split.prefix, e);
        for (let e = 0; e < PRECHECK_WIDTH; e += 2) {
          update.emitMask(split.test, e);
          if (e > 0) update.code.push(['v128.or']);
        }
        const groups = roundedEnd('_groups_end', PRECHECK_WIDTH);
        b.emit(...update.prologue);
        openLoop(groups);
        scalarWhereAny(update.code, PRECHECK_WIDTH, split.tail, tailHoisted);
        closeLoop(PRECHECK_WIDTH, groups);
      } else {
        // Chunk by chunk: the update of FUSED_CHUNK elements (a loop without branches, as an
        // update alone), then their threshold, eight tested at once as a threshold alone, while
        // the chunk is still in the L1 cache (chunks of 64 or fewer were slower for CUBA).
        const test = wideMask(split.test);
        const groups = roundedEnd('_groups_end', PRECHECK_WIDTH);
        const chunkStart = b.local('_chunk_start', 'i32');
        const chunkEnd = b.local('_chunk_end', 'i32');
        b.emit(...update.prologue, ...test.prologue);
        b.emit(['block', 'void'], ['local.get', kk], ['local.get', groups], ['i32.ge_s'], ['br_if', 0], ['loop', 'void']);
        // chunkEnd = min(kk + FUSED_CHUNK, groups): a non-empty multiple of 8 elements.
        b.emit(['local.get', kk], ['local.set', chunkStart], ['local.get', kk], ['i32.const', FUSED_CHUNK], ['i32.add'], ['local.tee', chunkEnd], ['local.get', groups], ['i32.gt_s']);
        b.emit(['if', 'void'], ['local.get', groups], ['local.set', chunkEnd], ['end']);
        b.emit(['loop', 'void'], ['local.get', kk], ['local.set', idx]);
        setOffsets();
        b.emit(...update.code);
        b.emit(['local.get', kk], ['i32.const', 2], ['i32.add'], ['local.tee', kk], ['local.get', chunkEnd], ['i32.lt_s'], ['br_if', 0], ['end']);
        b.emit(['local.get', chunkStart], ['local.set', kk], ['loop', 'void'], ['local.get', kk], ['local.set', idx]);
        setOffsets();
        scalarWhereAny(test.code, PRECHECK_WIDTH, split.tail, tailHoisted);
        b.emit(['local.get', kk], ['i32.const', PRECHECK_WIDTH], ['i32.add'], ['local.tee', kk], ['local.get', chunkEnd], ['i32.lt_s'], ['br_if', 0], ['end']);
        b.emit(['local.get', kk], ['local.get', groups], ['i32.lt_s'], ['br_if', 0], ['end'], ['end']);
      }
    }
    b.emit(['block', 'void'], ['local.get', kk], ['local.get', end], ['i32.ge_s'], ['br_if', 0], ['loop', 'void']);
    if (events) {
      // _idx = _events[_k]; skipped unless 0 <= _idx < len.
      b.address(ARRAYS.events, { kind: 'position' });
      b.emit(['i32.load', 0], ['local.set', idx]);
      b.emit(['block', 'void'], ['local.get', idx], ['local.get', paramNames.length - 1], ['i32.lt_s'], ['local.get', idx], ['i32.const', 0], ['i32.ge_s'], ['i32.and'], ['i32.eqz'], ['br_if', 0]);
    } else {
      b.emit(['local.get', kk], ['local.set', idx]);
    }
    scalarElement();
    if (events) b.emit(['end']);
    b.emit(['local.get', kk], ['i32.const', 1], ['i32.add'], ['local.tee', kk], ['local.get', end], ['i32.lt_s'], ['br_if', 0], ['end'], ['end']);
  }
  b.emit(['local.get', count]);

  const imports: WasmImportFunction[] = b.imports.map((i) => ({
    module: i.module,
    name: i.name,
    type: { params: Array<ValType>(i.arity).fill('f64'), results: ['f64'] },
  }));
  const exportName = k.name.replace(/[^A-Za-z0-9_]/g, '_');
  // Imported functions take the first function indices: calls were numbered by import order.
  const fn: WasmFunction = {
    name: exportName,
    type: { params: paramNames.map((p) => (p.startsWith('s_') ? 'f64' : 'i32')), results: ['i32'] },
    paramNames,
    locals: b.locals,
    body: b.code,
  };
  const loopArrays = [...b.loopArrays].filter((a) => a !== ARRAYS.events).sort();
  const helper = b.imports.find((i) => i.module === 'helpers' && !(i.name in THREAD_SAFE_HELPERS));
  const notThreadable = events
    ? 'it loops over events'
    : b.sharedStores.size > 0
      ? `it writes the shared variable '${[...b.sharedStores][0]!}'`
      : helper !== undefined
        ? `it calls the host helper ${helper.name}()`
        : undefined;
  return {
    module: { imports, functions: [fn] },
    exportName,
    imports: b.imports.map((i) => ({ module: i.module, name: i.name })),
    takesRange: !events,
    notThreadable,
    eventsParam: paramNames.indexOf(`a_${ARRAYS.spikes}`),
    loopArrays,
    positionArrays: [...b.positionArrays].sort(),
  };
}

export { MATH_IMPORTS };
