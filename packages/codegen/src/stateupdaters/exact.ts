/**
 * `exact` integration (Brian's `LinearStateUpdater`, alias `linear`): for a deterministic system
 * that is linear in its state variables, `dX/dt = M·X + B` with M and B constant during a step,
 * one step is `X ← A·X + G·B` with the propagators A = expm(M·dt) and G = ∫₀^dt expm(M·s) ds.
 *
 * - Coefficients that are the same for every element (namespace constants, shared variables, dt,
 *   units) are evaluated on the host: the result carries a {@link DerivedScalars} whose outputs
 *   are the entries of A and G (`_A_v_ge`, `_G_v_v`), and the statements only multiply and add.
 *   Entries that are structurally zero (no path between the two variables in M's graph) are left
 *   out, so `dge/dt = -ge/taue` next to a coupled `v` stays `_ge = _A_ge_ge*ge`.
 * - Coefficients that differ between elements (`tau : second`) are supported for equations that
 *   are uncoupled from the rest: `_x = x*exp(a*dt) + b*dt*exprel(a*dt)`, exact also at a = 0.
 * - B may differ between elements and may call functions that are constant over a step
 *   (TimedArrays, also with `t` as argument); it is evaluated in the kernel.
 * - `(unless refractory)`: while refractory a flagged variable has derivative 0, i.e. its rows of
 *   M and B are zero. Brian writes this as a factor `int(not_refractory)` in the equations; here
 *   the host computes a second set of propagators for that reduced system, and only variables
 *   whose update differs between the two (the flagged ones and those fed by them through M) get
 *   `select(not_refractory, <full>, <reduced>)`.
 *
 * Differences to Brian: Brian diagonalises M symbolically with sympy (so it refuses some
 * non-diagonalisable systems and can produce complex expressions); we evaluate M numerically and
 * use a Padé matrix exponential, which works for every M, Jordan blocks and singular M included.
 */
import {
  BUILTIN_FUNCTIONS,
  CONSTANTS,
  lookupUnit,
  walkExpr,
  type Expr,
  type Statement,
} from '@neurite/parser';
import type { DerivedScalars, OdeSystem, StateUpdateResult, StateUpdater } from '../ir.js';
import { BUILTIN_IMPLEMENTATIONS, evaluate } from '../symbolic/evaluate.js';
import { add, assign, call, dependsOn, div, mul, name, neg, simplify } from '../symbolic/expr.js';
import { linearForm } from '../symbolic/linear.js';
import { propagators } from './expm.js';

const METHOD = 'exact';
const NOT_REFRACTORY = 'not_refractory';

// ---------------------------------------------------------------------------------------------
// Helpers shared with exponential_euler

const quoteList = (names: readonly string[]): string => {
  const q = names.map((n) => `'${n}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]!}`;
};

function varsIn(e: Expr, vars: ReadonlySet<string>): string[] {
  const out: string[] = [];
  walkExpr(e, (n) => {
    if (n.kind === 'name' && vars.has(n.name) && !out.includes(n.name)) out.push(n.name);
  });
  return out;
}

/**
 * Why `e` is not linear in `vars`, naming the variables involved (`'v' occurs inside exp()`), or
 * undefined if it is. Visits the expression in the order {@link linearForm} does, so the obstacle
 * described is the one linearForm stopped at.
 */
export function nonlinearity(e: Expr, vars: ReadonlySet<string>): string | undefined {
  const subject = (n: Expr): { names: string; one: boolean } => {
    const found = varsIn(n, vars);
    return { names: quoteList(found), one: found.length === 1 };
  };
  const go = (n: Expr): string | undefined => {
    if (!dependsOn(n, vars)) return undefined;
    switch (n.kind) {
      case 'number':
      case 'boolean':
      case 'name':
        return undefined;
      case 'unary':
        if (n.op === 'not') return `'not' is applied to ${subject(n.operand).names}`;
        return go(n.operand);
      case 'call': {
        const s = subject(n);
        return `${s.names} ${s.one ? 'occurs' : 'occur'} inside ${n.callee}()`;
      }
      case 'binary': {
        const inner = go(n.left) ?? go(n.right);
        if (inner) return inner;
        const l = dependsOn(n.left, vars);
        const r = dependsOn(n.right, vars);
        switch (n.op) {
          case '+':
          case '-':
            return undefined;
          case '*': {
            if (!l || !r) return undefined;
            const a = subject(n.left);
            return `${a.names} ${a.one ? 'is' : 'are'} multiplied by ${subject(n.right).names}`;
          }
          case '/': {
            if (!r) return undefined;
            const d = subject(n.right);
            return `${d.names} ${d.one ? 'occurs' : 'occur'} in a denominator`;
          }
          case '**': {
            if (r) {
              const x = subject(n.right);
              return `${x.names} ${x.one ? 'occurs' : 'occur'} in an exponent`;
            }
            if (n.right.kind === 'number' && n.right.value === 1) return undefined;
            const b = subject(n.left);
            return `${b.names} ${b.one ? 'is' : 'are'} raised to a power`;
          }
          default: {
            const s = subject(n);
            return `${s.names} ${s.one ? 'occurs' : 'occur'} in a '${n.op}' operation`;
          }
        }
      }
      default:
        return undefined;
    }
  };
  return go(e);
}

const isZero = (e: Expr): boolean => e.kind === 'number' && e.value === 0;

/** Hands out names for temporaries: the preferred one, or it with a numeric suffix if taken. */
function nameAllocator(taken: Iterable<string>): (preferred: string) => string {
  const used = new Set(taken);
  return (preferred) => {
    let n = preferred;
    for (let k = 2; used.has(n); k++) n = `${preferred}_${k}`;
    used.add(n);
    return n;
  };
}

/** An expression cheap enough to repeat rather than hold in a temporary. */
export function isCheap(e: Expr): boolean {
  let nodes = 0;
  let calls = false;
  walkExpr(e, (n) => {
    nodes++;
    if (n.kind === 'call') calls = true;
  });
  return !calls && nodes <= 5;
}

/** `a*dt`, written `-dt/tau` rather than `-1.0/tau*dt` when a is `±1/tau` (readable generated code). */
function timesDt(a: Expr): Expr {
  const dt = name('dt');
  if (a.kind === 'binary' && a.op === '/' && a.left.kind === 'number' && Math.abs(a.left.value) === 1) {
    return div(a.left.value < 0 ? neg(dt) : dt, a.right);
  }
  return mul(a, dt);
}

/**
 * The exact solution over one step of `dx/dt = a·x + b` with a and b constant during the step:
 * `x*exp(a*dt) + b*dt*exprel(a*dt)` (exprel(z) = (e^z − 1)/z, 1 at 0, so a = 0 gives x + b*dt).
 * `a` undefined means a = 0 structurally; `b` a literal 0 drops the second term.
 */
export function linearStep(x: string, a: Expr | undefined, b: Expr): Expr {
  const dt = name('dt');
  const bZero = isZero(b);
  if (!a) return bZero ? name(x) : simplify(add(name(x), mul(b, dt)));
  const adt = timesDt(a);
  const decay = mul(name(x), call('exp', adt));
  return bZero ? simplify(decay) : simplify(add(decay, mul(mul(b, dt), call('exprel', adt))));
}

// ---------------------------------------------------------------------------------------------
// Checks

const hasImplementation = (fn: string): boolean => Object.hasOwn(BUILTIN_IMPLEMENTATIONS, fn);
const isBuiltinFunction = (fn: string): boolean => BUILTIN_FUNCTIONS.has(fn) || hasImplementation(fn);

/**
 * Why `e` is not constant during a time step, or undefined: a call of a function that is not
 * constant over dt (`rand()`), or `t` outside the arguments of a function that is (a TimedArray).
 * Built-in functions are pure but not constant over dt, so `sin(2*pi*f*t)` depends on time.
 */
function variationDuringStep(e: Expr, system: OdeSystem, tAllowed = false): string | undefined {
  switch (e.kind) {
    case 'name':
      return e.name === 't' && !tAllowed ? "depends on the time 't'" : undefined;
    case 'call': {
      if (!system.isConstantOverDtFunction(e.callee)) return `calls ${e.callee}(), which is not constant during a time step`;
      const allowT = tAllowed || !isBuiltinFunction(e.callee);
      for (const a of e.args) {
        const r = variationDuringStep(a, system, allowT);
        if (r) return r;
      }
      return undefined;
    }
    case 'unary':
      return variationDuringStep(e.operand, system, tAllowed);
    case 'binary':
      return variationDuringStep(e.left, system, tAllowed) ?? variationDuringStep(e.right, system, tAllowed);
    default:
      return undefined;
  }
}

/** Why a coefficient cannot be evaluated once on the host for all elements, or undefined if it can. */
function perElementCause(c: Expr, system: OdeSystem): string | undefined {
  let cause: string | undefined;
  walkExpr(c, (n) => {
    if (cause) return;
    if (n.kind === 'name' && !system.isUniform(n.name)) cause = `'${n.name}' has one value per element`;
    else if (n.kind === 'call' && !(hasImplementation(n.callee) && system.isConstantOverDtFunction(n.callee))) {
      cause = `it calls ${n.callee}(), which is evaluated per element`;
    }
  });
  return cause;
}

/** The value of a unit name or a constant (pi, e, inf), which are not kernel arguments. */
function literalValue(n: string): number | undefined {
  return CONSTANTS.get(n) ?? lookupUnit(n)?.scale;
}

/** `reach[i][j]`: x_j influences x_i through M (a path j → ... → i in M's graph), or i = j. */
function reachability(n: number, edge: (i: number, j: number) => boolean): boolean[][] {
  const reach = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i === j || edge(i, j)));
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      if (!reach[i]![k]) continue;
      for (let j = 0; j < n; j++) if (reach[k]![j]) reach[i]![j] = true;
    }
  }
  return reach;
}

// ---------------------------------------------------------------------------------------------
// The state updater

export const exactStateUpdater: StateUpdater = {
  name: METHOD,
  apply(system: OdeSystem): StateUpdateResult {
    const refuse = (reason: string): StateUpdateResult => ({ ok: false, method: METHOD, reason });
    const eqs = system.equations;

    for (const eq of eqs) {
      if (eq.diffusion.size > 0) {
        return refuse(`exact integration is for deterministic equations; '${eq.name}' has noise — use 'euler', 'heun' or 'milstein'`);
      }
    }
    const vars = eqs.map((e) => e.name);
    const varSet = new Set(vars);
    const rows: { coefficients: ReadonlyMap<string, Expr>; rest: Expr }[] = [];
    for (const eq of eqs) {
      const lf = linearForm(eq.drift, varSet);
      if (!lf.ok) {
        const why = nonlinearity(eq.drift, varSet) ?? lf.reason;
        return refuse(
          `exact integration needs equations that are linear in the state variables; the equation for '${eq.name}' is not: ${why} — use 'exponential_euler', 'rk4' or 'rk2'`,
        );
      }
      rows.push({ coefficients: lf.form.coefficients, rest: simplify(lf.form.rest) });
    }
    for (const eq of eqs) {
      const why = variationDuringStep(eq.drift, system);
      if (why) {
        return refuse(
          `exact integration needs equations that are constant during a time step; the equation for '${eq.name}' ${why} — use 'rk4', 'rk2' or 'euler'`,
        );
      }
    }

    // Which equations are coupled to others, and which have coefficients the host cannot compute.
    const n = vars.length;
    const coef = (i: number, j: number): Expr | undefined => rows[i]!.coefficients.get(vars[j]!);
    const coupled = vars.map((_, i) => vars.some((__, j) => j !== i && (coef(i, j) !== undefined || coef(j, i) !== undefined)));
    const closedForm: number[] = [];
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      let cause: string | undefined;
      for (const c of row.coefficients.values()) cause ??= perElementCause(c, system);
      if (cause && coupled[i]) {
        return refuse(
          `exact integration of coupled equations needs coefficients that are the same for all elements; in the equation for '${vars[i]!}', ${cause} — use 'exponential_euler' or 'rk4'`,
        );
      }
      // Uncoupled equations with per-element coefficients, or with no coefficient at all, have a closed form.
      if (cause || (!coupled[i] && row.coefficients.size === 0)) closedForm.push(i);
    }
    const host = vars.map((_, i) => i).filter((i) => !closedForm.includes(i));

    const alloc = nameAllocator(vars.map((v) => `_${v}`));
    const values = new Map<number, Expr>(); // equation index → new value
    const temporaries: Statement[] = [];
    const selectRefractory = (full: Expr, reduced: Expr): Expr => call('select', name(NOT_REFRACTORY), full, reduced);

    for (const i of closedForm) {
      const eq = eqs[i]!;
      const a = rows[i]!.coefficients.get(eq.name);
      const step = linearStep(eq.name, a, rows[i]!.rest);
      values.set(i, eq.unlessRefractory ? selectRefractory(step, name(eq.name)) : step);
    }

    const derived: DerivedScalars[] = [];
    if (host.length > 0) {
      const h = host.length;
      const hv = host.map((i) => vars[i]!);
      const hEq = host.map((i) => eqs[i]!);
      const hRows = host.map((i) => rows[i]!);
      const hCoef = (r: number, c: number): Expr | undefined => hRows[r]!.coefficients.get(hv[c]!);
      const flagged = hEq.map((e) => e.unlessRefractory);
      const reach = reachability(h, (r, c) => hCoef(r, c) !== undefined);
      // While refractory, flagged rows are zero: their variables are fed by nothing.
      const reachReduced = reachability(h, (r, c) => !flagged[r] && hCoef(r, c) !== undefined);
      const needsSelect = hv.map((_, r) => hv.some((__, c) => flagged[c] && reach[r]![c]));
      const b = hRows.map((row) => row.rest);

      // Entries used, as [set, row, col]; set 0/1 = A/G of the full system, 2/3 = of the reduced one.
      const used: [number, number, number][] = [];
      const fullTerms = (r: number) => ({
        a: hv.flatMap((_, c) => (reach[r]![c] ? [c] : [])),
        g: hv.flatMap((_, c) => (reach[r]![c] && !isZero(b[c]!) ? [c] : [])),
      });
      const reducedTerms = (r: number) => ({
        a: hv.flatMap((_, c) => (reachReduced[r]![c] ? [c] : [])),
        g: hv.flatMap((_, c) => (reachReduced[r]![c] && !flagged[c] && !isZero(b[c]!) ? [c] : [])),
      });
      const bUses = new Array<number>(h).fill(0);
      const plans = hv.map((_, r) => {
        const full = fullTerms(r);
        const reduced = needsSelect[r] && !flagged[r] ? reducedTerms(r) : undefined;
        for (const c of full.a) used.push([0, r, c]);
        for (const c of full.g) {
          used.push([1, r, c]);
          bUses[c] = bUses[c]! + 1;
        }
        for (const c of reduced?.a ?? []) used.push([2, r, c]);
        for (const c of reduced?.g ?? []) {
          used.push([3, r, c]);
          bUses[c] = bUses[c]! + 1;
        }
        return { full, reduced };
      });

      // Names: propagator entries in a fixed order (set, row, column), then B temporaries.
      const PREFIX = ['_A', '_G', '_Ar', '_Gr'];
      used.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
      const entryName = new Map<string, string>();
      const key = (s: number, r: number, c: number) => `${s}:${r}:${c}`;
      for (const [s, r, c] of used) entryName.set(key(s, r, c), alloc(`${PREFIX[s]!}_${hv[r]!}_${hv[c]!}`));
      const bExpr = b.map((e, c) => {
        if (bUses[c]! < 2 || isCheap(e)) return e;
        const t = `__b_${hv[c]!}`; // an intermediate temporary (ir.ts: `__` cannot clash with model names)
        temporaries.push(assign(t, e));
        return name(t);
      });
      const entry = (s: number, r: number, c: number): Expr => name(entryName.get(key(s, r, c))!);
      const update = (r: number, terms: { a: number[]; g: number[] }, set: 0 | 2): Expr => {
        const aPart = terms.a.map((c) => mul(entry(set, r, c), name(hv[c]!))).reduce((x, y) => add(x, y));
        const gTerms = terms.g.map((c) => mul(entry(set + 1, r, c), bExpr[c]!));
        return gTerms.length === 0 ? aPart : add(aPart, gTerms.reduce((x, y) => add(x, y)));
      };
      hv.forEach((v, r) => {
        const plan = plans[r]!;
        const full = update(r, plan.full, 0);
        let value = full;
        if (needsSelect[r]) value = selectRefractory(full, plan.reduced ? update(r, plan.reduced, 2) : name(v));
        values.set(host[r]!, value);
      });

      // Inputs: dt and the names in M that are kernel scalars (not units or pi/e/inf).
      const literals = new Map<string, number>();
      const inputNames = new Set<string>();
      for (const row of hRows) {
        for (const c of row.coefficients.values()) {
          walkExpr(c, (node) => {
            if (node.kind !== 'name' || node.name === 'dt') return;
            const lit = literalValue(node.name);
            if (lit !== undefined) literals.set(node.name, lit);
            else inputNames.add(node.name);
          });
        }
      }
      const inputs = ['dt', ...[...inputNames].sort()];
      const outputs = used.map(([s, r, c]) => entryName.get(key(s, r, c))!);
      const matrix = hv.map((_, r) => hv.map((__, c) => hCoef(r, c)));
      const needReduced = used.some(([s]) => s >= 2);
      const compute = (inputValues: readonly number[]): readonly number[] => {
        const scope = new Map<string, number>(literals);
        inputs.forEach((nm, k) => scope.set(nm, inputValues[k]!));
        const env = { get: (nm: string) => scope.get(nm) };
        const dt = scope.get('dt')!;
        const m = matrix.map((row, r) =>
          row.map((e, c) => {
            if (!e) return 0;
            const x = evaluate(e, env);
            if (!Number.isFinite(x)) {
              throw new RangeError(`exact integration: the coefficient of '${hv[c]!}' in the equation for '${hv[r]!}' is ${x} with these constants`);
            }
            return x;
          }),
        );
        const full = propagators(m, dt);
        const reduced = needReduced ? propagators(m.map((row, r) => (flagged[r] ? row.map(() => 0) : row)), dt) : undefined;
        const sets = [full.A, full.G, reduced?.A, reduced?.G];
        return used.map(([s, r, c]) => sets[s]![r * h + c]!);
      };
      derived.push({ inputs, outputs, compute });
    }

    const statements: Statement[] = [...temporaries];
    const newName = vars.map((v) => `_${v}`);
    vars.forEach((_, i) => statements.push(assign(newName[i]!, values.get(i)!)));
    vars.forEach((v, i) => statements.push(assign(v, name(newName[i]!))));
    return { ok: true, method: METHOD, statements, derived };
  },
};
