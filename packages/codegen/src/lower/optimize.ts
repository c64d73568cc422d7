/**
 * IR → IR optimisation: loop-invariant code motion. Any maximal sub-expression of the loop body
 * that depends only on literals and scalar arguments (e.g. `exp(-dt/taum)`) is computed once per
 * call in the preamble and read from a local in the loop. Identical sub-expressions share one
 * local. This is what V8 cannot do for us: it does not hoist `Math.exp` out of a loop. A division
 * of a varying value by a run constant becomes a multiplication by its reciprocal (see
 * {@link reciprocalDivisions}).
 */
import { assertNever } from '@neurite/parser';
import type { IRExpr, IRStmt, KernelIR } from '../ir.js';
import { forEachExpr, mapIRExpr, mapIRStatements, walkStmts } from '../ir-visit.js';
import { EXP_METHOD } from '../math/exp.js';

/** The IR expressions without sub-expressions (a user function call is not one: see {@link everyLeaf}). */
type IRLeaf = Extract<IRExpr, { kind: 'literal' | 'scalar' | 'load' | 'local' | 'index' }>;

/**
 * True if every leaf of `e` passes `leaf` and `e` calls no user function — those may have state
 * (and TimedArrays read `t` per element anyway), so no property below holds through one.
 */
function everyLeaf(e: IRExpr, leaf: (x: IRLeaf) => boolean): boolean {
  switch (e.kind) {
    case 'literal':
    case 'scalar':
    case 'load':
    case 'local':
    case 'index':
      return leaf(e);
    case 'extern':
      return false;
    case 'unary':
      return everyLeaf(e.arg, leaf);
    case 'binary':
      return everyLeaf(e.left, leaf) && everyLeaf(e.right, leaf);
    case 'call':
      return e.args.every((a) => everyLeaf(a, leaf));
    case 'select':
      return everyLeaf(e.cond, leaf) && everyLeaf(e.then, leaf) && everyLeaf(e.else, leaf);
    default:
      return assertNever(e, 'IR expression');
  }
}

/** The same in every iteration: made of literals and scalar arguments. */
const isInvariant = (e: IRExpr): boolean => everyLeaf(e, (x) => x.kind === 'literal' || x.kind === 'scalar');

/**
 * Made of literals only (`4*mV` lowers to `4 * 0.001`): the same in every formulation of a model,
 * unlike a scalar argument, which runBatch turns into a per-element array.
 */
const isLiteral = (e: IRExpr): boolean => everyLeaf(e, (x) => x.kind === 'literal');

/** Worth a local: anything but a bare literal or scalar, or a sign in front of one. */
function isTrivial(e: IRExpr): boolean {
  return e.kind === 'literal' || e.kind === 'scalar' || (e.kind === 'unary' && (e.arg.kind === 'literal' || e.arg.kind === 'scalar'));
}

/** The value of an expression of plain literals and arithmetic (`4 * 0.001`), if it is one. */
function literalValue(e: IRExpr): number | undefined {
  if (e.kind === 'literal') return e.value;
  if (e.kind === 'unary' && (e.op === '-' || e.op === '+')) {
    const v = literalValue(e.arg);
    return v === undefined ? undefined : e.op === '-' ? -v : v;
  }
  if (e.kind !== 'binary') return undefined;
  const l = literalValue(e.left);
  const r = literalValue(e.right);
  if (l === undefined || r === undefined) return undefined;
  switch (e.op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    default:
      return undefined;
  }
}

/** A divisor whose reciprocal is a normal, finite double (so `x * (1/d)` is within one rounding of `x / d`). */
function hasNormalReciprocal(d: IRExpr): boolean {
  const v = literalValue(d);
  if (v === undefined) return false;
  const r = Math.abs(1 / v);
  return Number.isFinite(r) && r >= 2 ** -1022;
}

/** Functions whose result jumps: a one-rounding change in their argument can change it entirely (user functions, too, may). */
const STEP_FUNCTIONS: ReadonlySet<string> = new Set(['floor', 'ceil', 'int', 'sign', 'timestep']);
/** Operators whose result jumps in their operands (comparisons, logic, `%`, `//`). */
const STEP_OPERATORS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '==', '!=', 'and', 'or', '%', '//']);

/**
 * Whether the operands of `e` reach a step, given whether `e` itself does (`exact`). A select's
 * condition always does; its branches inherit `exact`. The one statement of the rule, which
 * {@link forEachLocal} and {@link hoistInvariants} both follow.
 */
function operandsExact(e: IRExpr, exact: boolean): boolean {
  switch (e.kind) {
    case 'unary':
      return exact || e.op === 'not';
    case 'binary':
      return exact || STEP_OPERATORS.has(e.op);
    case 'call':
      return exact || STEP_FUNCTIONS.has(e.fn);
    case 'extern':
      // A user function (a TimedArray's lookup, say) may jump anywhere: its arguments are exact.
      return true;
    default:
      return exact;
  }
}

/** Calls `f` for every local that `e` reads; `exact` says whether that use is under a step (see {@link exactLocals}). */
function forEachLocal(e: IRExpr, exact: boolean, f: (name: string, exact: boolean) => void): void {
  const inner = operandsExact(e, exact);
  switch (e.kind) {
    case 'local':
      f(e.name, exact);
      return;
    case 'literal':
    case 'scalar':
    case 'load':
    case 'index':
      return;
    case 'unary':
      forEachLocal(e.arg, inner, f);
      return;
    case 'binary':
      forEachLocal(e.left, inner, f);
      forEachLocal(e.right, inner, f);
      return;
    case 'call':
    case 'extern':
      for (const a of e.args) forEachLocal(a, inner, f);
      return;
    case 'select':
      forEachLocal(e.cond, true, f);
      forEachLocal(e.then, inner, f);
      forEachLocal(e.else, inner, f);
      return;
    default:
      assertNever(e, 'IR expression');
  }
}

/**
 * The locals whose value reaches a comparison, a condition, `%`, `//`, floor, ceil, int or sign in
 * this kernel (directly, or through other locals): their divisions stay divisions, so that such a
 * result is the one the reference interpreter — and the model's author — computes.
 */
function exactLocals(stmts: readonly IRStmt[]): Set<string> {
  const exact = new Set<string>();
  const reads = new Map<string, Set<string>>();
  const visit = (ss: readonly IRStmt[]): void => {
    for (const s of ss) {
      switch (s.kind) {
        case 'let':
        case 'assign': {
          const value = s.kind === 'let' ? (s.value.kind === 'random' ? (s.value.dist === 'poisson' ? s.value.lambda : undefined) : s.value) : s.value;
          if (!value) break;
          const deps = reads.get(s.name) ?? new Set<string>();
          reads.set(s.name, deps);
          forEachLocal(value, false, (name, step) => (step ? exact.add(name) : deps.add(name)));
          break;
        }
        case 'store':
          forEachLocal(s.value, false, (name, step) => void (step && exact.add(name)));
          break;
        case 'if':
          forEachLocal(s.cond, true, (name) => void exact.add(name));
          visit(s.then);
          visit(s.else);
          break;
        case 'emit':
          break;
        default:
          assertNever(s, 'IR statement');
      }
    }
  };
  visit(stmts);
  const pending = [...exact];
  while (pending.length > 0) {
    for (const dep of reads.get(pending.pop()!) ?? []) {
      if (!exact.has(dep)) {
        exact.add(dep);
        pending.push(dep);
      }
    }
  }
  return exact;
}

/**
 * Turns a division of a value that varies by a run constant `d` into a multiplication by its
 * reciprocal, `x * (1/d)`, for {@link hoistInvariants} (scalar `d`: once per call) or
 * hoistElementConstants (`d` reading `(constant)` per-element parameters: once per run) to
 * compute — where the result is smooth in the quotient: not in a value that reaches a comparison,
 * a condition, `%`, `//`, floor, ceil, int or sign (see {@link exactLocals}), where one rounding
 * could change the outcome entirely (`floor(x/0.1)` at x = 0.3). `d` qualifies when it is made of
 * literals, scalar arguments (the same for every element of a call) and loads of `constantArrays`
 * (the same for the whole run) — "a run constant" below; a literal divisor must have a normal
 * double as its reciprocal (a runtime one is not checked: a divisor below 1e-308 is not a
 * physical constant in SI units).
 *
 * Why: a division costs several multiplications (one f64x2 division every 4–5 cycles on x64):
 * the COBAHH state update had ~18 by literal constants per neuron (106 → 95 ns per neuron-step),
 * a forward-Euler LIF `dv/dt = (v0 - v)/tau + I/tau2` two by namespace constants per neuron
 * (1.26 → 0.58 s for 10^9 neuron-updates). Brian's generated code gets the same from g++'s
 * `-ffast-math` (its default in both runtime and standalone). `x * (1/d)` differs from `x / d`
 * by at most one rounding — far below any integration error — and the same in every tier, which
 * all run this IR.
 *
 * The same in every formulation of a model: runBatch turns a namespace constant (a scalar) into
 * a `(constant)` per-element parameter, and copies must stay bit-identical to sequential runs —
 * both are run constants, so `x / tau` becomes `x * (1/tau)` either way, and `1/tau` rounds the
 * same whether computed per call or per element. A quotient of run constants (`tau2 / tau`) stays
 * a division, computed once either way. Division by zero gives what the division gives
 * (±Infinity, or NaN for 0/0).
 */
export function reciprocalDivisions(kernel: KernelIR, constantArrays: ReadonlySet<string>): KernelIR {
  const fixed = (e: IRExpr): boolean => everyLeaf(e, (x) => x.kind === 'literal' || x.kind === 'scalar' || (x.kind === 'load' && constantArrays.has(x.array)));
  const exactNames = exactLocals(kernel.body);
  let changed = false;
  /** `exact`: the value reaches a step (see exactLocals), so divisions stay divisions. */
  const rewrite = (e: IRExpr, exact: boolean): IRExpr => {
    const inner = operandsExact(e, exact);
    switch (e.kind) {
      case 'unary':
        return { ...e, arg: rewrite(e.arg, inner) };
      case 'binary': {
        const d = e.right;
        if (!exact && e.op === '/' && e.type === 'float' && fixed(d) && !fixed(e.left) && (!isLiteral(d) || hasNormalReciprocal(d))) {
          changed = true;
          const reciprocal: IRExpr = { kind: 'binary', op: '/', left: { kind: 'literal', value: 1, type: 'float' }, right: d, type: 'float' };
          return { ...e, op: '*', left: rewrite(e.left, false), right: reciprocal };
        }
        return { ...e, left: rewrite(e.left, inner), right: rewrite(d, inner) };
      }
      case 'call':
        return { ...e, args: e.args.map((a) => rewrite(a, inner)) };
      case 'extern':
        return { ...e, args: e.args.map((a) => rewrite(a, inner)) };
      case 'select':
        return { ...e, cond: rewrite(e.cond, true), then: rewrite(e.then, inner), else: rewrite(e.else, inner) };
      case 'literal':
      case 'scalar':
      case 'load':
      case 'local':
      case 'index':
        return e;
      default:
        return assertNever(e, 'IR expression');
    }
  };
  const stmt = (s: IRStmt): IRStmt => {
    switch (s.kind) {
      case 'let': {
        const exact = exactNames.has(s.name);
        return s.value.kind === 'random' ? (s.value.dist === 'poisson' ? { ...s, value: { ...s.value, lambda: rewrite(s.value.lambda, exact) } } : s) : { ...s, value: rewrite(s.value, exact) };
      }
      case 'assign':
        return { ...s, value: rewrite(s.value, exactNames.has(s.name)) };
      case 'store':
        return { ...s, value: rewrite(s.value, false) };
      case 'if':
        return { ...s, cond: rewrite(s.cond, true), then: s.then.map(stmt), else: s.else.map(stmt) };
      case 'emit':
        return s;
      default:
        return assertNever(s, 'IR statement');
    }
  };
  const body = kernel.body.map(stmt);
  return changed ? { ...kernel, body } : kernel;
}

/**
 * Hoists loop invariants (see the file comment): every maximal sub-expression of the loop body
 * made of literals and scalar arguments — among them the reciprocals {@link reciprocalDivisions}
 * made — is computed once per call, before the loop.
 */
export function hoistInvariants(kernel: KernelIR): KernelIR {
  const hoisted: IRStmt[] = [];
  const byKey = new Map<string, string>();
  const local = (e: IRExpr): IRExpr => {
    const key = JSON.stringify(e);
    let name = byKey.get(key);
    if (!name) {
      name = `_inv${byKey.size}`;
      byKey.set(key, name);
      hoisted.push({ kind: 'let', name, type: e.type, value: e });
    }
    return { kind: 'local', name, type: e.type };
  };
  const body = mapIRStatements(kernel.body, (e) => (isInvariant(e) && !isTrivial(e) ? local(e) : undefined));
  if (hoisted.length === 0) return kernel;
  // Hoisted values are computed before the preamble's own statements: they read only scalars.
  return { ...kernel, preamble: [...hoisted, ...kernel.preamble], body };
}

/** The loop-body locals that some `assign` changes (their value differs between two uses). */
function assignedLocals(stmts: readonly IRStmt[]): Set<string> {
  const out = new Set<string>();
  walkStmts(stmts, (s) => void (s.kind === 'assign' && out.add(s.name)), () => undefined);
  return out;
}

/**
 * Has the same value wherever it appears in one iteration, as long as the arrays it loads (added
 * to `loads`) are not stored to between the uses: no user functions, no reassigned locals.
 */
function isStable(e: IRExpr, assigned: ReadonlySet<string>, loads: Set<string> = new Set()): boolean {
  return everyLeaf(e, (x) => {
    if (x.kind === 'local') return !assigned.has(x.name);
    if (x.kind === 'load') loads.add(x.array);
    return true;
  });
}

/**
 * True if no statement of `body` from `first` up to (not including) `last` stores to one of
 * `loads` — a statement's store happens after its value is computed — so an expression reading
 * only those arrays has the same value in statement `first` and in statement `last`.
 */
function unchangedBetween(body: readonly IRStmt[], first: number, last: number, loads: ReadonlySet<string>): boolean {
  let stored = false;
  walkStmts(body.slice(first, last), (s) => void (s.kind === 'store' && loads.has(s.array) && (stored = true)), () => undefined);
  return !stored;
}

/** Calls `f` on every built-in call in `e`, outer calls before the calls in their arguments. */
function forEachCall(e: IRExpr, f: (call: Extract<IRExpr, { kind: 'call' }>) => void): void {
  forEachExpr(e, (x) => void (x.kind === 'call' && f(x)));
}

/** The value a top-level statement of the body computes, if any (ifs and emits are left alone). */
function valueOf(s: IRStmt): IRExpr | undefined {
  if (s.kind === 'assign' || s.kind === 'store') return s.value;
  if (s.kind === 'let' && s.value.kind !== 'random') return s.value;
  return undefined;
}

/**
 * Common calls of the loop body: a built-in function call (`exp`, `exprel`, ...) written more than
 * once with the same arguments in the top-level statements of the body — exponential Euler repeats
 * each rate function, `alpha_m` in both A and B — is computed once into a local just before the
 * first statement that needs it. Only calls whose value cannot differ between the uses are shared
 * (see isStable), so every result is the same number as before, bit for bit: only fewer calls.
 */
export function shareRepeatedCalls(kernel: KernelIR): KernelIR {
  const assigned = assignedLocals(kernel.body);
  // Each candidate call: the statements it appears in (in order) and the arrays it loads.
  const uses = new Map<string, { statements: number[]; loads: Set<string> }>();
  kernel.body.forEach((s, k) => {
    const v = valueOf(s);
    if (v) forEachCall(v, (c) => {
      const loads = new Set<string>();
      if (!isStable(c, assigned, loads)) return;
      const key = JSON.stringify(c);
      const u = uses.get(key);
      if (u) u.statements.push(k);
      else uses.set(key, { statements: [k], loads });
    });
  });
  // Shared only if no statement from the first use up to (not including) the last stores to an
  // array it loads — a statement's store happens after its value is computed.
  const repeated = new Set<string>();
  for (const [key, { statements, loads }] of uses) {
    if (statements.length >= 2 && unchangedBetween(kernel.body, statements[0]!, statements[statements.length - 1]!, loads)) repeated.add(key);
  }
  if (repeated.size === 0) return kernel;
  const locals = new Map<string, string>();
  const body: IRStmt[] = [];
  // Rewrites `e`, defining (into `body`, before the statement being rewritten) each repeated call at its first use.
  const rewrite = (e: IRExpr): IRExpr =>
    mapIRExpr(e, (x) => {
      if (x.kind !== 'call') return undefined;
      const key = JSON.stringify(x);
      if (!repeated.has(key)) return undefined;
      let local = locals.get(key);
      if (local === undefined) {
        const value: IRExpr = { ...x, args: x.args.map(rewrite) };
        local = `_cse${locals.size}`;
        locals.set(key, local);
        body.push({ kind: 'let', name: local, type: x.type, value });
      }
      return { kind: 'local', name: local, type: x.type };
    });
  for (const s of kernel.body) {
    if (valueOf(s) === undefined) body.push(s);
    else body.push({ ...s, value: rewrite(valueOf(s)!) } as IRStmt);
  }
  return { ...kernel, body };
}

/** `exprel(z)` from `e = expm1(z)`, exactly as the backends' exprel computes it from its own expm1 (math/exp.ts's exprelSource). */
function exprelFrom(z: IRExpr, e: IRExpr): IRExpr {
  const f = (value: number): IRExpr => ({ kind: 'literal', value, type: 'float' });
  const bin = (op: '+' | '*' | '/' | '==' | '<', left: IRExpr, right: IRExpr): IRExpr => ({ kind: 'binary', op, left, right, type: op === '==' || op === '<' ? 'boolean' : 'float' });
  // x === 0 ? 1 : |x| < EXPREL_SERIES ? 1 + x/2 + x*x/6 : expm1(x)/x  (left to right, as exprelSource writes it)
  const series = bin('+', bin('+', f(1), bin('/', z, f(2))), bin('/', bin('*', z, z), f(6)));
  const small: IRExpr = { kind: 'select', cond: bin('<', { kind: 'call', fn: 'abs', args: [z], type: 'float' }, f(EXP_METHOD.EXPREL_SERIES)), then: series, else: bin('/', e, z), type: 'float' };
  return { kind: 'select', cond: bin('==', z, f(0)), then: f(1), else: small, type: 'float' };
}

/**
 * `exp(z)` and `exprel(z)` of the same z in the loop body share one `expm1(z)`: exponential Euler
 * in the exprel form, `x*exp(A*dt) + B*dt*exprel(A*dt)`, computes both for every variable. With
 * `e = expm1(z)`, `exp(z)` becomes `1 + e` (within an ulp of `exp(z)`: not bit for bit the same
 * number) and `exprel(z)` is computed from `e` exactly as before. Only for double precision: a
 * float32 backend computes exprel with its own series, where `1 + expm1` would lose digits.
 * Same stability conditions as {@link shareRepeatedCalls}; run it after that pass.
 */
export function shareExpm1(kernel: KernelIR): KernelIR {
  const assigned = assignedLocals(kernel.body);
  // Per argument z: the statements with exp(z), with exprel(z), and the arrays z loads.
  const uses = new Map<string, { exp: number[]; exprel: number[]; loads: Set<string>; z: IRExpr }>();
  kernel.body.forEach((s, k) => {
    const v = valueOf(s);
    if (v) forEachCall(v, (c) => {
      if (c.fn !== 'exp' && c.fn !== 'exprel') return;
      const z = c.args[0]!;
      const loads = new Set<string>();
      if (!isStable(z, assigned, loads)) return;
      const key = JSON.stringify(z);
      let u = uses.get(key);
      if (!u) uses.set(key, (u = { exp: [], exprel: [], loads, z }));
      u[c.fn].push(k);
    });
  });
  const shared = new Map<string, { z: string; e: string; first: number }>();
  for (const [key, u] of uses) {
    if (u.exp.length === 0 || u.exprel.length === 0) continue;
    const all = [...u.exp, ...u.exprel].sort((a, b) => a - b);
    if (!unchangedBetween(kernel.body, all[0]!, all[all.length - 1]!, u.loads)) continue;
    shared.set(key, { z: `_em${shared.size}_z`, e: `_em${shared.size}`, first: all[0]! });
  }
  if (shared.size === 0) return kernel;
  const rewrite = (e: IRExpr): IRExpr =>
    mapIRExpr(e, (x) => {
      if (x.kind !== 'call' || (x.fn !== 'exp' && x.fn !== 'exprel')) return undefined;
      const s = shared.get(JSON.stringify(x.args[0]));
      if (!s) return undefined;
      const z: IRExpr = { kind: 'local', name: s.z, type: 'float' };
      const em: IRExpr = { kind: 'local', name: s.e, type: 'float' };
      return x.fn === 'exp' ? { kind: 'binary', op: '+', left: { kind: 'literal', value: 1, type: 'float' }, right: em, type: 'float' } : exprelFrom(z, em);
    });
  const body: IRStmt[] = [];
  kernel.body.forEach((s, k) => {
    for (const [key, sh] of shared) {
      if (sh.first !== k) continue;
      const z = uses.get(key)!.z;
      body.push({ kind: 'let', name: sh.z, type: 'float', value: z });
      body.push({ kind: 'let', name: sh.e, type: 'float', value: { kind: 'call', fn: 'expm1', args: [{ kind: 'local', name: sh.z, type: 'float' }], type: 'float' } });
    }
    const v = valueOf(s);
    body.push(v === undefined ? s : ({ ...s, value: rewrite(v) } as IRStmt));
  });
  return { ...kernel, body };
}
