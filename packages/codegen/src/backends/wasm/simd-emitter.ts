/**
 * The two-lane (f64x2) body of a range loop: the same IR statements as the scalar emitter, on
 * elements idx and idx+1 at once. Each lane performs exactly the IEEE operations the scalar code
 * performs, so results are bit-identical (WebAssembly has no fused multiply-add to contract to).
 *
 * Only straight-line bodies qualify (see {@link simdUnsupported}): no `if`, no events, no stores
 * outside the loop element, and nothing that calls the host — `select` blends its arms by the
 * condition's lane mask, computing a costly arm only where a lane takes it (arms have no effects
 * and cannot trap: every load is at the loop element or element 0). State updaters of linear and
 * exactly integrated models are the target; anything else keeps the scalar loop. Booleans are
 * lane masks (all ones or all zeros per 64-bit lane).
 */
import { assertNever, type BinaryOp } from '@neurite/parser';
import type { IRExpr, IRStmt, IRType, KernelIR } from '../../ir.js';
import { forEachExpr } from '../../ir-visit.js';
import type { Instr, ValType } from './encoder.js';
import { emitSimdExp, SIMD_EXP_CALLS, type SimdExpHost } from './simd-exp.js';
import { ALL_ONES, bytesOfF64x2, bytesOfI32x4, ZEROS } from './v128-const.js';

/** What the SIMD emitter needs from the function being built (the scalar emitter provides it). */
export interface SimdHost extends SimdExpHost {
  local(name: string, type: ValType): number;
  get(name: string): number;
  arrayType(name: string): IRType;
  arrayBase(name: string): number;
  scalarIndex(name: string): number;
  readonly loopArrays: Set<string>;
  /** `timestep(x, dt) >= k` → the f64 local holding its bound on x (computed before the loop). */
  readonly timestepBounds: ReadonlyMap<IRExpr, number>;
  /** Type of a local the preamble defined (undefined for body locals). */
  preambleLocalType(name: string): ValType | undefined;
}

type VKind = 'num' | 'mask';

const F64X2_ARITH: Partial<Record<BinaryOp, Instr[0]>> = { '+': 'f64x2.add', '-': 'f64x2.sub', '*': 'f64x2.mul', '/': 'f64x2.div' };
const F64X2_COMPARE: Partial<Record<BinaryOp, Instr[0]>> = { '<': 'f64x2.lt', '<=': 'f64x2.le', '>': 'f64x2.gt', '>=': 'f64x2.ge', '==': 'f64x2.eq', '!=': 'f64x2.ne' };

const SIMPLE_CALLS = new Set(['sqrt', 'abs', 'floor', 'ceil', 'int', 'clip', 'timestep']);

/** Why an expression cannot be computed on two lanes, or undefined if it can. */
export function simdExprUnsupported(e: IRExpr): string | undefined {
  const expr = (e: IRExpr): string | undefined => {
    switch (e.kind) {
      case 'literal':
      case 'scalar':
      case 'local':
        return undefined;
      case 'index':
        return e.index.kind === 'loop' || e.index.kind === 'shared' ? undefined : `index ${e.index.kind}`;
      case 'load':
        return e.index.kind === 'loop' || e.index.kind === 'shared' ? undefined : `a load at a ${e.index.kind} index`;
      case 'unary':
        return expr(e.arg);
      case 'binary':
        if (e.op === '%') return 'the % operator calls the host';
        if (e.op === '**' && !(e.right.kind === 'literal' && e.right.value === 2 && (e.left.kind === 'load' || e.left.kind === 'local' || e.left.kind === 'scalar'))) return 'powers call the host';
        return expr(e.left) ?? expr(e.right);
      case 'call':
        if (!SIMPLE_CALLS.has(e.fn) && !SIMD_EXP_CALLS.has(e.fn)) return `${e.fn}() calls the host`;
        for (const a of e.args) {
          const r = expr(a);
          if (r) return r;
        }
        return undefined;
      case 'extern':
        return `the host function ${e.name}`;
      case 'select':
        return expr(e.cond) ?? expr(e.then) ?? expr(e.else);
      default:
        return assertNever(e, 'IR expression');
    }
  };
  return expr(e);
}

/**
 * A loop body of the form `if (cond) { ... }` (a threshold) whose condition can be tested on two
 * lanes and whose branch writes only the loop element (and the event list): the loop can test
 * pairs of elements at once and run the scalar code only for pairs where a lane holds. Returns the
 * condition, or undefined.
 */
export function simdPrecheck(k: KernelIR): IRExpr | undefined {
  if (k.loop.kind !== 'range' || k.body.length !== 1) return undefined;
  const s = k.body[0]!;
  if (s.kind !== 'if' || s.else.length > 0 || simdExprUnsupported(s.cond) !== undefined) return undefined;
  const local = (ss: readonly IRStmt[]): boolean =>
    ss.every((t) => (t.kind === 'store' ? t.index.kind === 'loop' : t.kind === 'if' ? local(t.then) && local(t.else) : t.kind !== 'let' || t.value.kind !== 'random'));
  return local(s.then) ? relaxPrecheck(s.cond, new Map(k.arrays.map((a) => [a.name, a.type]))) : undefined;
}

/**
 * A cheaper condition that holds wherever `cond` does (a superset): conjuncts that read a boolean
 * array (such as `not_refractory`) are dropped, since widening bytes to lanes costs more than the
 * comparison saves. Sound because the precheck only decides whether to run the scalar code, which
 * re-tests the exact condition.
 */
function relaxPrecheck(cond: IRExpr, types: ReadonlyMap<string, string>): IRExpr {
  if (cond.kind !== 'binary' || cond.op !== 'and') return cond;
  const left = relaxPrecheck(cond.left, types);
  const right = relaxPrecheck(cond.right, types);
  const readsBoolean = (e: IRExpr): boolean => e.kind === 'load' && types.get(e.array) === 'boolean';
  if (readsBoolean(right)) return left;
  if (readsBoolean(left)) return right;
  return left === cond.left && right === cond.right ? cond : { ...cond, left, right };
}

/**
 * A body of straight-line statements that can run on two lanes, then one threshold-like `if`
 * (see {@link simdPrecheck}) — a state update fused with its threshold (lower/fuse.ts): the
 * statements run for a pair of elements at once, then the pair's condition is tested on two lanes
 * and the scalar `if` runs for each element of a pair where a lane holds. Returns the parts, or
 * undefined.
 */
export function simdSplit(k: KernelIR): { readonly prefix: readonly IRStmt[]; readonly tail: readonly IRStmt[]; readonly test: IRExpr } | undefined {
  if (k.loop.kind !== 'range' || k.body.length < 2) return undefined;
  const prefix = k.body.slice(0, -1);
  const tail = k.body.slice(-1);
  if (simdUnsupported({ ...k, body: prefix }) !== undefined) return undefined;
  const test = simdPrecheck({ ...k, body: tail });
  return test === undefined ? undefined : { prefix, tail, test };
}

/** Why a kernel's loop cannot be vectorised, or undefined if it can. */
export function simdUnsupported(k: KernelIR): string | undefined {
  if (k.loop.kind !== 'range') return 'only range loops are vectorised';
  const types = new Map(k.arrays.map((a) => [a.name, a.type]));
  const expr = simdExprUnsupported;
  const stmt = (s: IRStmt): string | undefined => {
    switch (s.kind) {
      case 'let':
        return s.value.kind === 'random' ? 'random draws' : expr(s.value);
      case 'assign':
        return expr(s.value);
      case 'store': {
        if (s.index.kind !== 'loop') return `a store at a ${s.index.kind} index`;
        const type = types.get(s.array);
        if (type === 'integer') return 'a store into an integer array';
        if (type === 'boolean') {
          const zeroOne = s.value.kind === 'literal' && (s.value.value === 0 || s.value.value === 1);
          if (s.op !== '=' || (s.value.type !== 'boolean' && !zeroOne)) return 'a number stored into a boolean array';
        }
        return expr(s.value);
      }
      case 'if':
        return 'a branch';
      case 'emit':
        return 'events';
      default:
        return assertNever(s, 'IR statement');
    }
  };
  for (const s of k.body) {
    const r = stmt(s);
    if (r) return r;
  }
  return undefined;
}

/**
 * True if computing `e` on two lanes costs enough (a division, a square root, an exp) that a
 * select should compute it only where a lane takes it (see SimdEmitter's guardedSelect); a
 * well-predicted branch costs less than one f64x2.div.
 */
export function costly(e: IRExpr): boolean {
  let found = false;
  forEachExpr(e, (x) => {
    if ((x.kind === 'binary' && (x.op === '/' || x.op === '**')) || (x.kind === 'call' && (x.fn === 'sqrt' || SIMD_EXP_CALLS.has(x.fn)))) found = true;
  });
  return found;
}

export class SimdEmitter {
  /** Set-up before the loop: splats of scalars, preamble locals and bounds. */
  readonly prologue: Instr[] = [];
  /** The loop body for elements idx, idx+1 (idx in the host's `_idx`, byte offsets in `_idx0/2/3`). */
  readonly code: Instr[] = [];
  private readonly splats = new Map<string, number>();
  private readonly bodyLocals = new Map<string, { index: number; kind: VKind }>();
  /** Arrays whose two elements are in a v128 local (loaded on first use: the body has no branches). */
  private readonly cached = new Map<string, number>();
  /** Loads and indices are of elements idx + elementOffset and the next one (see `emitMask`). */
  private elementOffset = 0;
  /** Guarded selects emitted so far (their mask locals get distinct names). */
  private selects = 0;

  constructor(
    private readonly host: SimdHost,
    private readonly k: KernelIR,
  ) {}

  private emit(...ins: Instr[]): void {
    this.code.push(...ins);
  }

  emitBody(): void {
    this.emitStatements(this.k.body);
  }

  /** Vector registers the loop keeps live throughout: one per splatted scalar or preamble value. */
  get splatCount(): number {
    return this.splats.size;
  }

  /** Emits straight-line statements of the body (see {@link simdUnsupported}) for the pair of elements from idx + elementOffset. */
  emitStatements(stmts: readonly IRStmt[], elementOffset = 0): void {
    this.cached.clear();
    this.elementOffset = elementOffset;
    for (const s of stmts) this.stmt(s);
    this.cached.clear();
    this.elementOffset = 0;
  }

  /** Emits `cond` for the two elements, leaving a lane mask on the stack. */
  emitMask(cond: IRExpr, elementOffset = 0): void {
    // Another pair of elements: values cached for the previous pair do not apply.
    this.cached.clear();
    this.elementOffset = elementOffset;
    this.mask(cond);
    this.cached.clear();
    this.elementOffset = 0;
  }

  // --- set-up ---------------------------------------------------------------------------------------

  /** A v128 local holding `source` (an f64 or i32 local) in both lanes, made once in the prologue. */
  private splat(key: string, source: number, type: ValType): number {
    let local = this.splats.get(key);
    if (local === undefined) {
      local = this.host.local(`_splat_${key}`, 'v128');
      if (type === 'f64') this.prologue.push(['local.get', source], ['f64x2.splat'], ['local.set', local]);
      else this.prologue.push(['local.get', source], ['i64.extend_i32_u'], ['i64x2.splat'], ['v128.const', ZEROS], ['i64x2.ne'], ['local.set', local]);
      this.splats.set(key, local);
    }
    return local;
  }

  // --- memory ---------------------------------------------------------------------------------------

  private address(array: string, shift: number): void {
    this.host.loopArrays.add(array);
    this.emit(['local.get', this.host.arrayBase(array)], ['local.get', this.host.get(`_idx${shift}`)], ['i32.add']);
  }

  private loadLoop(array: string): VKind {
    const type = this.host.arrayType(array);
    const cached = this.cached.get(array);
    if (cached !== undefined) {
      this.emit(['local.get', cached]);
      return type === 'boolean' ? 'mask' : 'num';
    }
    switch (type) {
      case 'float':
        this.address(array, 3);
        this.emit(['v128.load', this.elementOffset * 8]);
        break;
      case 'integer':
        this.address(array, 2);
        this.emit(['v128.load64_zero', this.elementOffset * 4], ['f64x2.convert_low_i32x4_s']);
        break;
      case 'boolean':
        // Two bytes → one per 64-bit lane → a mask (any non-zero byte is true, as in JavaScript).
        this.address(array, 0);
        this.emit(['i32.load16_u', this.elementOffset], ['i64.extend_i32_u'], ['i64x2.splat'], ['v128.const', bytesOfI32x4(0xff, 0, 0xff00, 0)], ['v128.and'], ['v128.const', ZEROS], ['i64x2.ne']);
        break;
      default:
        assertNever(type, 'array type');
    }
    const local = this.host.local(`_vel_${array}`, 'v128');
    this.emit(['local.tee', local]);
    this.cached.set(array, local);
    return type === 'boolean' ? 'mask' : 'num';
  }

  private loadShared(array: string): VKind {
    const type = this.host.arrayType(array);
    this.emit(['local.get', this.host.arrayBase(array)]);
    switch (type) {
      case 'float':
        this.emit(['f64.load', 0], ['f64x2.splat']);
        return 'num';
      case 'integer':
        this.emit(['i32.load', 0], ['f64.convert_i32_s'], ['f64x2.splat']);
        return 'num';
      case 'boolean':
        this.emit(['i32.load8_u', 0], ['i64.extend_i32_u'], ['i64x2.splat'], ['v128.const', ZEROS], ['i64x2.ne']);
        return 'mask';
      default:
        return assertNever(type, 'array type');
    }
  }

  // --- expressions ------------------------------------------------------------------------------------

  private expr(e: IRExpr): VKind {
    switch (e.kind) {
      case 'literal':
        if (e.type === 'boolean') {
          this.emit(['v128.const', e.value ? ALL_ONES : ZEROS]);
          return 'mask';
        }
        this.emit(['v128.const', bytesOfF64x2(e.value)]);
        return 'num';
      case 'scalar': {
        const local = this.splat(`s_${e.name}`, this.host.scalarIndex(e.name), 'f64');
        this.emit(['local.get', local]);
        if (e.type === 'boolean') {
          this.truthy();
          return 'mask';
        }
        return 'num';
      }
      case 'load':
        switch (e.index.kind) {
          case 'loop':
            return this.loadLoop(e.array);
          case 'shared':
            return this.loadShared(e.array);
          default:
            throw new Error(`internal: vectorised load at a ${e.index.kind} index`);
        }
      case 'local': {
        const body = this.bodyLocals.get(e.name);
        if (body) {
          this.emit(['local.get', body.index]);
          return body.kind;
        }
        const type = this.host.preambleLocalType(e.name);
        if (type === undefined) throw new Error(`internal: local '${e.name}' read before it is set`);
        this.emit(['local.get', this.splat(`l_${e.name}`, this.host.get(e.name), type)]);
        return type === 'i32' ? 'mask' : 'num';
      }
      case 'index':
        if (e.index.kind === 'shared') {
          this.emit(['v128.const', bytesOfF64x2(0)]);
          return 'num';
        }
        this.emit(['local.get', this.host.get('_idx')], ['i32x4.splat'], ['v128.const', bytesOfI32x4(this.elementOffset, this.elementOffset + 1, 0, 0)], ['i32x4.add'], ['f64x2.convert_low_i32x4_s']);
        return 'num';
      case 'unary':
        switch (e.op) {
          case 'not':
            this.mask(e.arg);
            this.emit(['v128.not']);
            return 'mask';
          case '-':
            this.num(e.arg);
            this.emit(['f64x2.neg']);
            return 'num';
          case '+':
            this.num(e.arg);
            return 'num';
          default:
            return assertNever(e, 'unary operator');
        }
      case 'binary':
        return this.binary(e);
      case 'call':
        this.call(e);
        return 'num';
      case 'extern':
        throw new Error(`internal: vectorised host function '${e.name}'`);
      case 'select':
        return costly(e.then) || costly(e.else) ? this.guardedSelect(e) : this.blendedSelect(e);
      default:
        return assertNever(e, 'IR expression');
    }
  }

  /** `cond ? then : else` on both lanes: both arms computed, then blended by the condition's mask. */
  private blendedSelect(e: Extract<IRExpr, { kind: 'select' }>): VKind {
    // v128.bitselect(a, b, m) = (a & m) | (b & ~m): lane-wise `m ? a : b`.
    this.arm(e.then, e.type);
    this.arm(e.else, e.type);
    this.mask(e.cond);
    this.emit(['v128.bitselect']);
    return e.type === 'boolean' ? 'mask' : 'num';
  }

  /**
   * A select with a costly arm (see {@link costly}): that arm is computed only where a lane takes
   * it — the condition is tested first, and e.g. exprel's series, 1 + z/2 + z²/6 with its two
   * divisions, is skipped in the pairs (nearly all) where no |z| is below 1e-5. Each lane still
   * gets its own arm's value, so the bits are the same as blending.
   */
  private guardedSelect(e: Extract<IRExpr, { kind: 'select' }>): VKind {
    const m = this.host.local(`_vsel_${this.selects++}`, 'v128');
    this.mask(e.cond);
    this.emit(['local.set', m]);
    // A skipped arm leaves a zero vector (the blend does not keep it); arrays an arm loads are
    // not cached past it (the arm may not run).
    const guarded = (arm: IRExpr, runs: readonly Instr[]): void => {
      if (!costly(arm)) return this.arm(arm, e.type);
      this.emit(['local.get', m], ...runs, ['if', 'v128']);
      const cached = new Map(this.cached);
      this.arm(arm, e.type);
      this.cached.clear();
      for (const [k, v] of cached) this.cached.set(k, v);
      this.emit(['else'], ['v128.const', ZEROS], ['end']);
    };
    guarded(e.then, [['v128.any_true']]);
    guarded(e.else, [['i64x2.all_true'], ['i32.eqz']]);
    this.emit(['local.get', m], ['v128.bitselect']);
    return e.type === 'boolean' ? 'mask' : 'num';
  }

  private arm(e: IRExpr, type: IRType): void {
    if (type === 'boolean') this.mask(e);
    else this.num(e);
  }

  private num(e: IRExpr): void {
    // A mask as 0/1: the bits of 1.0 where the lane is true, +0.0 elsewhere.
    if (this.expr(e) === 'mask') this.emit(['v128.const', bytesOfF64x2(1)], ['v128.and']);
  }

  private mask(e: IRExpr): void {
    if (this.expr(e) === 'num') this.truthy();
  }

  /** Numbers → JavaScript truthiness per lane (false for ±0 and NaN). */
  private truthy(): void {
    this.emit(['f64x2.abs'], ['v128.const', ZEROS], ['f64x2.gt']);
  }

  private binary(e: Extract<IRExpr, { kind: 'binary' }>): VKind {
    const bound = this.host.timestepBounds.get(e);
    if (bound !== undefined) {
      this.num((e.left as Extract<IRExpr, { kind: 'call' }>).args[0]!);
      this.emit(['local.get', this.splat(`bound${bound}`, bound, 'f64')], ['f64x2.ge']);
      return 'mask';
    }
    const arith = F64X2_ARITH[e.op];
    if (arith) {
      this.num(e.left);
      this.num(e.right);
      this.emit([arith]);
      return 'num';
    }
    const compare = F64X2_COMPARE[e.op];
    if (compare) {
      this.num(e.left);
      this.num(e.right);
      this.emit([compare]);
      return 'mask';
    }
    switch (e.op) {
      case 'and':
      case 'or':
        this.mask(e.left);
        this.mask(e.right);
        this.emit([e.op === 'and' ? 'v128.and' : 'v128.or']);
        return 'mask';
      case '**':
        this.num(e.left);
        this.num(e.left);
        this.emit(['f64x2.mul']);
        return 'num';
      case '//':
        this.num(e.left);
        this.num(e.right);
        this.emit(['f64x2.div'], ['f64x2.floor']);
        return 'num';
      default:
        throw new Error(`internal: vectorised operator '${e.op}'`);
    }
  }

  private call(e: Extract<IRExpr, { kind: 'call' }>): void {
    const [a, b, c] = e.args;
    const unary = (op: Instr[0]) => {
      this.num(a!);
      this.emit([op]);
    };
    switch (e.fn) {
      case 'sqrt':
        return unary('f64x2.sqrt');
      case 'abs':
        return unary('f64x2.abs');
      case 'floor':
        return unary('f64x2.floor');
      case 'ceil':
        return unary('f64x2.ceil');
      case 'int':
        return unary('f64x2.trunc');
      case 'clip':
        this.num(a!);
        this.num(b!);
        this.emit(['f64x2.max']);
        this.num(c!);
        this.emit(['f64x2.min']);
        return;
      case 'timestep':
        this.num(a!);
        this.emit(['v128.const', bytesOfF64x2(1e-3)]);
        this.num(b!);
        this.emit(['f64x2.mul'], ['f64x2.add']);
        this.num(b!);
        this.emit(['f64x2.div'], ['f64x2.trunc']);
        return;
      case 'exp':
      case 'expm1':
      case 'exprel':
        this.num(a!);
        emitSimdExp(this.host, this.code, e.fn);
        return;
      default:
        throw new Error(`internal: vectorised call of ${e.fn}`);
    }
  }

  // --- statements -------------------------------------------------------------------------------------

  private stmt(s: IRStmt): void {
    switch (s.kind) {
      case 'let':
      case 'assign': {
        if (s.value.kind === 'random') throw new Error('internal: vectorised random draw');
        const existing = this.bodyLocals.get(s.name);
        const kind: VKind = s.kind === 'let' ? (s.type === 'boolean' ? 'mask' : 'num') : existing!.kind;
        if (kind === 'mask') this.mask(s.value);
        else this.num(s.value);
        const index = existing?.index ?? this.host.local(`_vl_${s.name}`, 'v128');
        this.bodyLocals.set(s.name, { index, kind });
        this.emit(['local.set', index]);
        return;
      }
      case 'store':
        return this.store(s);
      case 'if':
      case 'emit':
        throw new Error(`internal: vectorised ${s.kind}`);
      default:
        assertNever(s, 'IR statement');
    }
  }

  private store(s: Extract<IRStmt, { kind: 'store' }>): void {
    const type = this.host.arrayType(s.array);
    const value = this.host.local(`_vstore_${s.array}`, 'v128');
    switch (type) {
      case 'float':
        if (s.op === '=') this.num(s.value);
        else {
          this.loadLoop(s.array);
          this.num(s.value);
          this.emit([F64X2_ARITH[s.op[0] as BinaryOp]!]);
        }
        this.emit(['local.set', value]);
        this.address(s.array, 3);
        this.emit(['local.get', value], ['v128.store', this.elementOffset * 8]);
        break;
      case 'boolean': {
        this.mask(s.value);
        this.emit(['local.set', value]);
        // Lane masks → 0/1 bytes at idx and idx+1.
        this.emit(['local.get', value], ['v128.const', bytesOfI32x4(1, 0, 1, 0)], ['v128.and']);
        const bytes = this.host.local(`_vbytes_${s.array}`, 'v128');
        this.emit(['local.set', bytes]);
        this.address(s.array, 0);
        this.emit(['local.get', bytes], ['v128.store8_lane', this.elementOffset, 0]);
        this.address(s.array, 0);
        this.emit(['local.get', bytes], ['v128.store8_lane', this.elementOffset + 1, 8]);
        break;
      }
      case 'integer':
        throw new Error('internal: vectorised integer store');
      default:
        assertNever(type, 'array type');
    }
    this.cached.set(s.array, value);
  }
}
