/**
 * The core of lowering: turns model-language expressions and statements into IR, resolving every
 * name to storage. One `Lowerer` builds one kernel and records what it touches (arrays, scalars,
 * functions, random draws), which becomes the kernel's declarations.
 *
 * Name resolution (see `resolve`): integrator temporaries (`_x`) are locals; model variables are
 * arrays (index: the loop element, element 0 if shared, or the pre/post neuron of a synapse);
 * subexpressions are inlined; `t`, `dt`, `N` and namespace constants are scalar arguments; unit
 * names and `pi`, `e`, `inf` become literals.
 */
import {
  BUILTIN_FUNCTIONS,
  CONSTANTS,
  assertNever,
  lookupUnit,
  type CheckedModel,
  type Expr,
  type ExternalSymbol,
  type Statement,
  type ValueType,
  type VariableInfo,
} from '@neurite/parser';
import { ARRAYS, SCALARS } from '../backends/backend.js';
import {
  LOOP,
  SHARED,
  type ArrayDecl,
  type BuiltinFn,
  type ExternDecl,
  type IndexRef,
  type IRExpr,
  type IRStmt,
  type IRType,
  type RandomDraw,
  type ScalarDecl,
  type StoreOp,
} from '../ir.js';
import { inlinedSubexpressions, isStoredSubexpression } from '../stateupdaters/ode-system.js';

/** A model that cannot be lowered (an internal inconsistency or an unsupported construct). */
export class LoweringError extends Error {}

/** The group a kernel runs in, and for synapses the groups they connect. */
export interface LoweringScope {
  readonly model: CheckedModel;
  readonly pre?: CheckedModel | undefined;
  readonly post?: CheckedModel | undefined;
  /** Scalars the host computes (e.g. propagator entries of `exact`). */
  readonly derived?: ReadonlySet<string>;
  /**
   * Namespace symbols the code uses beyond the model's own (`checkStatements` / `checkExpression`
   * report them: a threshold `v > Vt` uses `Vt`, which the equations may not).
   */
  readonly externals?: ReadonlyMap<string, ExternalSymbol>;
  /**
   * Synapse creation: the presynaptic neuron is the scalar `_i` and the loop runs over candidate
   * postsynaptic neurons, so `i`, `j`, `x_pre` and `x_post` resolve without synapse arrays.
   */
  readonly connect?: boolean;
}

const PURE_BUILTINS = new Set<string>([...BUILTIN_FUNCTIONS.keys()].filter((f) => f !== 'rand' && f !== 'randn' && f !== 'poisson'));

/** Index locals for the neurons a synapse connects. */
export const PRE_LOCAL = '_pre';
/** Scalar argument of connect kernels: the presynaptic neuron whose synapses are being created. */
export const CONNECT_PRE = '_i';
export const POST_LOCAL = '_post';

export class Lowerer {
  private readonly arrays = new Map<string, { type: IRType; read: boolean; written: boolean }>();
  private readonly scalars = new Map<string, ScalarDecl>();
  private readonly externs = new Map<string, ExternDecl>();
  private readonly locals = new Map<string, IRType>();
  private readonly subexpressions: Map<string, Expr>;
  private readonly indexLocals = new Set<'pre' | 'post'>();
  /** Linked variables read so far (each needs its index local in the prologue). */
  private readonly linkedLocals = new Set<string>();
  /** Random draws of the statement list being lowered, hoisted to its start. */
  private draws: IRStmt[] = [];
  private readonly drawKinds: RandomDraw['dist'][] = [];
  private drawCount = 0;

  constructor(readonly scope: LoweringScope) {
    this.subexpressions = inlinedSubexpressions(scope.model);
  }

  // --- declarations -----------------------------------------------------------------------------

  private useArray(name: string, type: IRType, mode: 'read' | 'write'): void {
    const a = this.arrays.get(name) ?? { type, read: false, written: false };
    if (mode === 'read') a.read = true;
    else a.written = true;
    this.arrays.set(name, a);
  }

  scalar(name: string, type: IRType, source: ScalarDecl['source']): IRExpr {
    if (!this.scalars.has(name)) this.scalars.set(name, { name, type, source });
    return { kind: 'scalar', name, type };
  }

  /** Declares an array the loop itself uses (event lists, connectivity, the spike output). */
  declareArray(name: string, type: IRType, mode: 'read' | 'write'): void {
    this.useArray(name, type, mode);
  }

  load(array: string, index: IndexRef, type: IRType): IRExpr {
    this.useArray(array, type, 'read');
    return { kind: 'load', array, index, type };
  }

  store(array: string, index: IndexRef, op: StoreOp, value: IRExpr, type: IRType): IRStmt {
    this.useArray(array, type, 'write');
    if (op !== '=') this.useArray(array, type, 'read');
    return { kind: 'store', array, index, op, value };
  }

  declaredArrays(): ArrayDecl[] {
    return [...this.arrays]
      .map(([name, a]): ArrayDecl => ({ name, type: a.type, access: a.read && a.written ? 'readwrite' : a.written ? 'write' : 'read' }))
      .sort((x, y) => (x.name < y.name ? -1 : 1));
  }

  declaredScalars(): ScalarDecl[] {
    return [...this.scalars.values()].sort((x, y) => (x.name < y.name ? -1 : 1));
  }

  declaredExterns(): ExternDecl[] {
    return [...this.externs.values()].sort((x, y) => (x.name < y.name ? -1 : 1));
  }

  randomKinds(): RandomDraw['dist'][] {
    return [...this.drawKinds];
  }

  /** Statements that define the pre/post index locals used so far (synapse kernels). */
  indexPrologue(): IRStmt[] {
    const out: IRStmt[] = [];
    const connect = this.scope.connect === true;
    if (this.indexLocals.has('pre')) {
      const value = connect ? this.scalar(CONNECT_PRE, 'integer', 'builtin') : this.load(ARRAYS.preIndex, LOOP, 'integer');
      out.push({ kind: 'let', name: PRE_LOCAL, type: 'integer', value });
    }
    if (this.indexLocals.has('post')) {
      const value: IRExpr = connect ? { kind: 'index', index: LOOP, type: 'integer' } : this.load(ARRAYS.postIndex, LOOP, 'integer');
      out.push({ kind: 'let', name: POST_LOCAL, type: 'integer', value });
    }
    for (const v of [...this.linkedLocals].sort()) {
      out.push({ kind: 'let', name: linkedIndexLocal(v), type: 'integer', value: this.load(linkedIndexArray(v), LOOP, 'integer') });
    }
    return out;
  }

  // --- names --------------------------------------------------------------------------------------

  private external(n: string): ExternalSymbol | undefined {
    return this.scope.externals?.get(n) ?? this.scope.model.externals.get(n);
  }

  private indexFor(side: 'pre' | 'post' | 'own', shared: boolean): IndexRef {
    if (shared) return SHARED;
    if (side === 'own') return LOOP;
    this.indexLocals.add(side);
    return { kind: 'local', name: side === 'pre' ? PRE_LOCAL : POST_LOCAL };
  }

  /** The storage of a model variable: its array name and index. */
  variableStorage(info: VariableInfo): { array: string; index: IndexRef } {
    switch (info.origin) {
      case 'parameter':
        if (info.flags.includes('linked')) {
          if (this.scope.model.kind === 'synapses') {
            throw new LoweringError(`'${info.name}' is declared '(linked)': linked variables are supported in NeuronGroups only, not in Synapses yet; declare it as a plain parameter and set it from the other group's values`);
          }
          // Another group's array, read through this group's index array (see linkedArray).
          this.linkedLocals.add(info.name);
          return { array: linkedArray(info.name), index: { kind: 'local', name: linkedIndexLocal(info.name) } };
        }
        return { array: info.name, index: this.indexFor('own', info.shared) };
      case 'state':
      case 'internal':
        return { array: info.name, index: this.indexFor('own', info.shared) };
      case 'pre':
      case 'post':
        // Arrays of the connected groups are named by their suffixed name (`v_post`).
        return { array: `${info.target}_${info.origin}`, index: this.indexFor(info.origin, info.shared) };
      case 'subexpression':
        if (isStoredSubexpression(this.scope.model, info.name)) return { array: info.name, index: this.indexFor('own', info.shared) };
        throw new LoweringError(`internal error: subexpression '${info.name}' has no storage`);
      default:
        return assertNever(info.origin, 'variable origin');
    }
  }

  /** Resolves a variable of the group or a connected group, following Brian's rules for synapses. */
  private lookupVariable(n: string): VariableInfo | undefined {
    const own = this.scope.model.variables.get(n);
    if (own) return own;
    if (this.scope.model.kind !== 'synapses') return undefined;
    const m = /^(.+)_(pre|post)$/.exec(n);
    if (m) {
      const side = m[2] as 'pre' | 'post';
      const info = (side === 'pre' ? this.scope.pre : this.scope.post)?.variables.get(m[1]!);
      return info && connected(info, n, side, m[1]!);
    }
    const info = this.scope.post?.variables.get(n);
    return info && info.origin !== 'internal' ? connected(info, n, 'post', n) : undefined;
  }

  private resolveName(n: string): IRExpr {
    if (this.locals.has(n)) return { kind: 'local', name: n, type: this.locals.get(n)! };
    if (this.scope.derived?.has(n)) return this.scalar(n, 'float', 'derived');
    const sub = this.subexpressions.get(n);
    if (sub) return this.expr(sub);
    const info = this.lookupVariable(n);
    if (info) return this.variable(info);
    const ext = this.external(n);
    if (ext?.kind === 'constant') return this.scalar(n, ext.type, 'external');
    const c = CONSTANTS.get(n);
    if (c !== undefined) return { kind: 'literal', value: c, type: 'float' };
    const u = lookupUnit(n);
    if (u) return { kind: 'literal', value: u.scale, type: 'float' };
    throw new LoweringError(`internal error: cannot resolve '${n}' (the model was checked, so this is a bug)`);
  }

  private variable(info: VariableInfo): IRExpr {
    if (info.origin === 'internal') {
      switch (info.name) {
        case 't':
        case 'dt':
          return this.scalar(info.name, 'float', 'builtin');
        case 'N':
          return this.scalar(SCALARS.N, 'integer', 'builtin');
        case 't_in_timesteps':
          return { kind: 'call', fn: 'timestep', args: [this.scalar('t', 'float', 'builtin'), this.scalar('dt', 'float', 'builtin')], type: 'integer' };
        case 'i':
          if (this.scope.model.kind === 'synapses') return { kind: 'index', index: this.indexFor('pre', false), type: 'integer' };
          return { kind: 'index', index: LOOP, type: 'integer' };
        case 'j':
          return { kind: 'index', index: this.indexFor('post', false), type: 'integer' };
        case 'N_pre':
        case 'N_post':
          return this.scalar(info.name, 'integer', 'builtin');
        default:
          break; // stored per element: lastspike, not_refractory, lastupdate, delay, N_incoming, ...
      }
    }
    const { array, index } = this.variableStorage(info);
    return this.load(array, index, info.type);
  }

  // --- expressions --------------------------------------------------------------------------------

  expr(e: Expr): IRExpr {
    switch (e.kind) {
      case 'number':
        return { kind: 'literal', value: e.value, type: e.isInteger ? 'integer' : 'float' };
      case 'boolean':
        return { kind: 'literal', value: e.value ? 1 : 0, type: 'boolean' };
      case 'name':
        return this.resolveName(e.name);
      case 'unary': {
        const arg = this.expr(e.operand);
        const type: IRType = e.op === 'not' ? 'boolean' : arg.type === 'boolean' ? 'integer' : arg.type;
        return { kind: 'unary', op: e.op, arg, type };
      }
      case 'binary': {
        const left = this.expr(e.left);
        const right = this.expr(e.right);
        return { kind: 'binary', op: e.op, left, right, type: binaryType(e.op, left.type, right.type) };
      }
      case 'call':
        return this.call(e);
      default:
        return assertNever(e, 'expression');
    }
  }

  private call(e: Extract<Expr, { kind: 'call' }>): IRExpr {
    if (e.callee === 'rand' || e.callee === 'randn') return this.draw({ kind: 'random', dist: e.callee === 'rand' ? 'uniform' : 'normal', type: 'float' });
    if (e.callee === 'poisson') return this.draw({ kind: 'random', dist: 'poisson', lambda: this.expr(e.args[0]!), type: 'integer' });
    const args = e.args.map((a) => this.expr(a));
    if (e.callee === 'select') {
      const [cond, then, otherwise] = args as [IRExpr, IRExpr, IRExpr];
      return { kind: 'select', cond, then, else: otherwise, type: then.type === 'float' || otherwise.type === 'float' ? 'float' : then.type };
    }
    if (PURE_BUILTINS.has(e.callee)) return { kind: 'call', fn: e.callee as BuiltinFn, args, type: builtinType(e.callee, args) };
    const ext = this.external(e.callee);
    if (ext?.kind !== 'function') throw new LoweringError(`internal error: unknown function '${e.callee}'`);
    this.externs.set(e.callee, { name: e.callee, arity: ext.arity });
    return { kind: 'extern', name: e.callee, args, type: ext.returnType ?? 'float' };
  }

  /** A random draw becomes a local defined at the start of the current statement list. */
  private draw(d: RandomDraw): IRExpr {
    const name = `_rand${this.drawCount++}`;
    this.draws.push({ kind: 'let', name, type: d.type, value: d });
    this.drawKinds.push(d.dist);
    return { kind: 'local', name, type: d.type };
  }

  // --- statements -----------------------------------------------------------------------------------

  /**
   * Lowers a statement list; temporaries (`_x`) become locals, everything else stores. The random
   * draws of the list are hoisted to its start, in the order they occur.
   */
  statements(stmts: readonly Statement[]): IRStmt[] {
    const outer = this.draws;
    this.draws = [];
    const body: IRStmt[] = [];
    for (const s of stmts) body.push(this.statement(s));
    const result = [...this.draws, ...body];
    this.draws = outer;
    return result;
  }

  /** Lowers a condition (an expression) with its random draws hoisted before it into `prelude`. */
  condition(e: Expr, prelude: IRStmt[]): IRExpr {
    const outer = this.draws;
    this.draws = [];
    const c = this.expr(e);
    prelude.push(...this.draws);
    this.draws = outer;
    return c;
  }

  private statement(s: Statement): IRStmt {
    const value = this.expr(s.expr);
    if (s.target.startsWith('_') && !this.lookupVariable(s.target)) {
      if (this.locals.has(s.target)) return { kind: 'assign', name: s.target, value: compound(s, { kind: 'local', name: s.target, type: this.locals.get(s.target)! }, value) };
      if (s.op !== '=') throw new LoweringError(`internal error: '${s.target} ${s.op} ...' before '${s.target}' is defined`);
      this.locals.set(s.target, value.type);
      return { kind: 'let', name: s.target, type: value.type, value };
    }
    const info = this.lookupVariable(s.target);
    if (!info || (info.origin === 'subexpression' && !isStoredSubexpression(this.scope.model, info.name))) {
      throw new LoweringError(`internal error: cannot assign to '${s.target}'`);
    }
    const { array, index } = this.variableStorage(info);
    if ((info.origin === 'pre' || info.origin === 'post') && info.flags.includes('unless refractory')) {
      return this.maskedStore(info.origin, array, index, s.op, value, info.type);
    }
    return this.store(array, index, s.op, value, info.type);
  }

  /**
   * Brian: synaptic code cannot change an `(unless refractory)` variable of a neuron while it is
   * refractory (its writes are dropped). Accumulations stay accumulations (`v_post += select(nr, w, 0)`)
   * so that GPU backends can still turn them into gathers.
   */
  private maskedStore(side: 'pre' | 'post', array: string, index: IndexRef, op: StoreOp, value: IRExpr, type: IRType): IRStmt {
    const nrInfo = this.lookupVariable(`not_refractory_${side}`);
    if (!nrInfo) throw new LoweringError(`internal error: no not_refractory for the ${side}synaptic group`);
    const nr = this.variable(nrInfo);
    if (op === '+=' || op === '-=') {
      const zero: IRExpr = { kind: 'literal', value: 0, type: value.type };
      return this.store(array, index, op, { kind: 'select', cond: nr, then: value, else: zero, type: value.type }, type);
    }
    const old = this.load(array, index, type);
    const updated = op === '=' ? value : compound({ op } as Statement, old, value);
    return this.store(array, index, '=', { kind: 'select', cond: nr, then: updated, else: old, type: updated.type === 'float' ? 'float' : old.type }, type);
  }
}

/**
 * Linked variables (Brian's `x : volt (linked)` with `G.x = linked_var(H, 'y', index=...)`): a
 * read of `x` at element `_idx` is `_linked_x[_linked_x_index[_idx]]`, where the host passes the
 * source group's storage array as `_linked_x` and an index array (absolute indices into it, one
 * per element) as `_linked_x_index`. In IR this is an integer local loaded from the index array
 * (in the kernel's index prologue) and a load through that local — the same shape as a synapse's
 * `v_pre[_pre]`, so every backend that reads through index locals runs it (the WebAssembly tier
 * declines such reads: its kernels index only by the loop element).
 */
export function linkedArray(variable: string): string {
  return `_linked_${variable}`;
}

/** The index array of a linked variable (see {@link linkedArray}). */
export function linkedIndexArray(variable: string): string {
  return `_linked_${variable}_index`;
}

function linkedIndexLocal(variable: string): string {
  return `_linked_${variable}_idx`;
}

/** A variable of a connected group as seen from synapse code. */
function connected(info: VariableInfo, name: string, side: 'pre' | 'post', target: string): VariableInfo {
  if (info.flags.includes('linked')) {
    throw new LoweringError(`the linked variable '${target}' of the ${side}synaptic group cannot be used in synapse code yet; use the variable it is linked to`);
  }
  if (info.origin === 'subexpression') {
    throw new LoweringError(`the subexpression '${target}' of the ${side}synaptic group cannot be used in synapse code yet; use a parameter`);
  }
  return { ...info, name, origin: side, target };
}

function compound(s: Statement, old: IRExpr, value: IRExpr): IRExpr {
  if (s.op === '=') return value;
  const op = s.op === '+=' ? '+' : s.op === '-=' ? '-' : s.op === '*=' ? '*' : '/';
  return { kind: 'binary', op, left: old, right: value, type: binaryType(op, old.type, value.type) };
}

function numeric(a: IRType, b: IRType): IRType {
  return a === 'float' || b === 'float' ? 'float' : 'integer';
}

export function binaryType(op: string, a: IRType, b: IRType): IRType {
  switch (op) {
    case '<': case '<=': case '>': case '>=': case '==': case '!=': case 'and': case 'or':
      return 'boolean';
    case '/':
      return 'float';
    case '**':
      return 'float';
    default:
      return numeric(a, b);
  }
}

function builtinType(fn: string, args: readonly IRExpr[]): ValueType {
  switch (fn) {
    case 'int':
    case 'timestep':
      return 'integer';
    case 'abs':
      return args[0]!.type === 'float' ? 'float' : 'integer';
    case 'clip':
      return args.every((a) => a.type !== 'float') ? 'integer' : 'float';
    default:
      return 'float';
  }
}
