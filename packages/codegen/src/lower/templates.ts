/**
 * One function per operation the runtime needs, each producing a {@link KernelIR}: state update,
 * threshold, reset and other code blocks, setting a variable, synaptic pathways, summed variables.
 * Semantics follow Brian2's templates (refractoriness, scalar-before-vector statements,
 * event-driven variables updated at each event, summed variables zeroed then accumulated).
 */
import type { Expr, Statement } from '@neurite/parser';
import { ARRAYS, SCALARS } from '../backends/backend.js';
import type { DerivedScalars, IRExpr, IRStmt, KernelIR, Loop, Operation } from '../ir.js';
import { LOOP } from '../ir.js';
import { storedSubexpressions } from '../stateupdaters/ode-system.js';
import { linearForm } from '../symbolic/linear.js';
import { call, mul, name, num, simplify, sub } from '../symbolic/expr.js';
import { Lowerer, LoweringError, type LoweringScope } from './lowerer.js';
import { hoistInvariants, reciprocalDivisions, shareExpm1, shareRepeatedCalls } from './optimize.js';
import { constantParameters } from './constant-parameters.js';
import { hoistElementConstants } from './hoist-constants.js';

/**
 * Refractoriness, as in Brian: a time (a quantity or an expression with unit second, evaluated
 * every step) after the last spike, or a condition that keeps the neuron refractory while true.
 */
export type RefractorySpec = { readonly kind: 'time'; readonly expr: Expr } | { readonly kind: 'condition'; readonly expr: Expr };

interface KernelParts {
  readonly name: string;
  readonly operation: Operation;
  readonly loop: Loop;
  readonly preamble?: readonly IRStmt[];
  readonly body: readonly IRStmt[];
  readonly derived?: readonly DerivedScalars[];
  readonly zeroed?: readonly string[];
  /** Move per-element constant expressions out of the loop (see hoist-constants.ts). */
  readonly hoist?: HoistConstantsOption | undefined;
  /** Let exp(z) and exprel(z) share one expm1(z) (double-precision backends; see optimize.ts). */
  readonly shareExpm1?: boolean | undefined;
}

/** Which per-element arrays are constant during a run, and how many arrays the caller reserved. */
export interface HoistConstantsOption {
  readonly constantArrays: ReadonlySet<string>;
  readonly limit: number;
}

/** Declares what the loop itself reads and writes, beyond what the code mentions. */
function declareLoop(l: Lowerer, loop: Loop, emits: boolean): void {
  switch (loop.kind) {
    case 'range':
      l.scalar(SCALARS.N, 'integer', 'builtin');
      break;
    case 'events':
      l.scalar(SCALARS.count, 'integer', 'builtin');
      l.declareArray(ARRAYS.events, 'integer', 'read');
      break;
    case 'pathway':
      l.scalar(SCALARS.count, 'integer', 'builtin');
      l.declareArray(ARRAYS.events, 'integer', 'read');
      l.declareArray(ARRAYS.ptr, 'integer', 'read');
      l.declareArray(ARRAYS.synapses, 'integer', 'read');
      break;
  }
  if (emits) l.declareArray(ARRAYS.spikes, 'integer', 'write');
}

function finish(l: Lowerer, parts: KernelParts): KernelIR {
  const body = [...l.indexPrologue(), ...parts.body];
  declareLoop(l, parts.loop, parts.operation === 'threshold' || parts.operation === 'connect');
  const kernel: KernelIR = {
    name: parts.name,
    operation: parts.operation,
    loop: parts.loop,
    arrays: l.declaredArrays(),
    scalars: l.declaredScalars(),
    externs: l.declaredExterns(),
    derived: parts.derived ?? [],
    preamble: parts.preamble ?? [],
    body,
    randoms: l.randomKinds(),
    zeroed: parts.zeroed ?? [],
  };
  const optimize = (k: KernelIR) => {
    const shared = shareRepeatedCalls(hoistInvariants(k));
    return parts.shareExpm1 ? shareExpm1(shared) : shared;
  };
  // Before hoisting: the reciprocal of a (constant) per-element parameter is hoisted per element,
  // a scalar's per call.
  const reciprocals = reciprocalDivisions(kernel, constantParameters(l.scope.model));
  if (!parts.hoist) return optimize(reciprocals);
  const moved = hoistElementConstants(reciprocals, { ...parts.hoist, name: `${parts.name}_precompute` });
  if (!moved.hoisted) return optimize(reciprocals);
  return { ...optimize(moved.kernel), hoisted: { arrays: moved.hoisted.arrays, precompute: optimize(moved.hoisted.precompute) } };
}

/** `not_refractory = ...` at the start of each step (Brian's refractory code in the state updater). */
function refractoryUpdate(ref: RefractorySpec): Statement[] {
  const nr = 'not_refractory';
  if (ref.kind === 'time') {
    // timestep(t - lastspike, dt) >= timestep(refractory, dt): integer steps, robust to rounding.
    const sinceSpike = call('timestep', sub(name('t'), name('lastspike')), name('dt'));
    const period = call('timestep', ref.expr, name('dt'));
    return [stmt(nr, { kind: 'binary', op: '>=', left: sinceSpike, right: period, span: ref.expr.span })];
  }
  // A condition: refractory for as long as it holds, once a spike made the neuron refractory.
  const notCond: Expr = { kind: 'unary', op: 'not', operand: ref.expr, span: ref.expr.span };
  return [stmt(nr, { kind: 'binary', op: 'or', left: name(nr), right: notCond, span: ref.expr.span })];
}

function stmt(target: string, expr: Expr): Statement {
  return { kind: 'statement', target, targetSpan: expr.span, op: '=', expr, span: expr.span };
}

/** The state updater of a group: the integrator's statements, after the refractoriness update. */
export function lowerStateUpdate(
  scope: LoweringScope,
  update: { readonly statements: readonly Statement[]; readonly derived: readonly DerivedScalars[] },
  options: {
    readonly name: string;
    readonly refractory?: RefractorySpec | undefined;
    readonly hoist?: HoistConstantsOption | undefined;
    /** Let exp(z) and exprel(z) share one expm1(z): for double-precision backends only. */
    readonly shareExpm1?: boolean | undefined;
  },
): KernelIR {
  const derived = new Set(update.derived.flatMap((d) => d.outputs));
  const l = new Lowerer({ ...scope, derived });
  const refractory = options.refractory ? refractoryUpdate(options.refractory) : [];
  // `(constant over dt)` subexpressions are evaluated once, at the start of the step.
  const stored = storedSubexpressions(scope.model).map((s) => stmt(s.name, s.expr));
  const body = l.statements([...refractory, ...stored, ...update.statements]);
  return finish(l, { name: options.name, operation: 'state-update', loop: { kind: 'range' }, body, derived: update.derived, hoist: options.hoist, shareExpm1: options.shareExpm1 });
}

/**
 * The threshold: emits every element whose condition holds (in increasing order). With
 * refractoriness, only non-refractory elements can spike, and a spike sets `not_refractory` to
 * false and `lastspike` to t.
 */
export function lowerThreshold(scope: LoweringScope, condition: Expr, options: { readonly name: string; readonly refractory: boolean }): KernelIR {
  const l = new Lowerer(scope);
  const body: IRStmt[] = [];
  let cond = l.condition(condition, body);
  const then: IRStmt[] = [{ kind: 'emit' }];
  if (options.refractory) {
    const nr = l.expr(name('not_refractory'));
    cond = { kind: 'binary', op: 'and', left: cond, right: nr, type: 'boolean' };
    then.push(l.store('not_refractory', LOOP, '=', { kind: 'literal', value: 0, type: 'boolean' }, 'boolean'));
    then.push(l.store('lastspike', LOOP, '=', l.expr(name('t')), 'float'));
  }
  body.push({ kind: 'if', cond, then, else: [] });
  return finish(l, { name: options.name, operation: 'threshold', loop: { kind: 'range' }, body });
}

/** True if a statement writes a shared variable (one value for the group). */
function writesShared(scope: LoweringScope, s: Statement): boolean {
  return scope.model.variables.get(s.target)?.shared === true;
}

/**
 * A code block (reset, run_regularly, custom event code): statements over all elements (`range`)
 * or over the elements of an event list (`events`, e.g. the neurons that spiked). As in Brian,
 * statements that write shared variables run once, before the per-element statements, and may
 * only read shared values.
 */
export function lowerStatements(
  scope: LoweringScope,
  statements: readonly Statement[],
  options: { readonly name: string; readonly operation?: Operation; readonly loop: 'range' | 'events'; readonly condition?: Expr },
): KernelIR {
  const l = new Lowerer(scope);
  const shared = statements.filter((s) => writesShared(scope, s));
  const vector = statements.filter((s) => !writesShared(scope, s));
  const firstVector = statements.findIndex((s) => !writesShared(scope, s));
  const lastShared = statements.map((s) => writesShared(scope, s)).lastIndexOf(true);
  if (firstVector !== -1 && lastShared > firstVector) {
    throw new LoweringError(`statements that set shared variables must come before the others ('${statements[lastShared]!.target}' comes after '${statements[firstVector]!.target}')`);
  }
  const preamble = l.statements(shared);
  let body = l.statements(vector);
  if (options.condition) {
    const prelude: IRStmt[] = [];
    const cond = l.condition(options.condition, prelude);
    body = [...prelude, { kind: 'if', cond, then: body, else: [] }];
  }
  return finish(l, { name: options.name, operation: options.operation ?? 'statements', loop: { kind: options.loop }, preamble, body });
}

/** Sets one variable from an expression for every element (optionally where a condition holds). */
export function lowerSet(scope: LoweringScope, variable: string, value: Expr, options: { readonly name: string; readonly condition?: Expr }): KernelIR {
  return lowerStatements(scope, [stmt(variable, value)], { name: options.name, operation: 'set', loop: 'range', ...(options.condition ? { condition: options.condition } : {}) });
}

/**
 * Updates of event-driven variables (`dApre/dt = -Apre/taupre : 1 (event-driven)`) from
 * `lastupdate` to `t`, solved exactly: such equations must be linear and each depend only on
 * itself (Brian's restriction). Returns the statements, or nothing if the model has none.
 */
function eventDrivenUpdates(scope: LoweringScope): Statement[] {
  const eqs = scope.model.equations.filter((e) => e.kind === 'differential' && e.flags.some((f) => f.name === 'event-driven'));
  if (eqs.length === 0) return [];
  const names = new Set(eqs.map((e) => e.name));
  const delta = sub(name('t'), name('lastupdate'));
  const out: Statement[] = [];
  for (const eq of eqs) {
    if (eq.kind !== 'differential') continue;
    const lin = linearForm(eq.expr, names);
    if (!lin.ok) throw new LoweringError(`the event-driven equation for '${eq.name}' is not linear: ${lin.reason}`);
    const others = [...lin.form.coefficients.keys()].filter((k) => k !== eq.name);
    if (others.length > 0) throw new LoweringError(`the event-driven equation for '${eq.name}' depends on '${others[0]}'; event-driven equations must be independent`);
    const a = lin.form.coefficients.get(eq.name) ?? num(0);
    const b = lin.form.rest;
    // x(t) = x·e^{aΔ} + b·Δ·exprel(aΔ): exact, and stable at a = 0.
    const aDelta = simplify(mul(a, delta));
    const value = simplify({ kind: 'binary', op: '+', left: mul(name(eq.name), call('exp', aDelta)), right: mul(mul(b, delta), call('exprel', aDelta)), span: eq.span });
    out.push(stmt(`_ed_${eq.name}`, value));
  }
  for (const eq of eqs) out.push(stmt(eq.name, name(`_ed_${eq.name}`)));
  return out;
}

/**
 * A synaptic pathway (`on_pre` / `on_post`): runs the code for every synapse of the neurons in the
 * event list. Event-driven variables are brought up to date first and `lastupdate` set after.
 */
export function lowerPathway(scope: LoweringScope, statements: readonly Statement[], options: { readonly name: string }): KernelIR {
  const l = new Lowerer(scope);
  const ed = eventDrivenUpdates(scope);
  const after = ed.length > 0 ? [stmt('lastupdate', name('t'))] : [];
  const body = l.statements([...ed, ...statements, ...after]);
  return finish(l, { name: options.name, operation: 'pathway', loop: { kind: 'pathway' }, body });
}

/**
 * A summed variable (`Igap_post = w*(v_pre - v_post) : amp (summed)`): the target array is set to
 * zero, then every synapse adds its term to its target neuron.
 */
export function lowerSummed(scope: LoweringScope, target: string, expr: Expr, options: { readonly name: string }): KernelIR {
  const m = /^(.+)_(pre|post)$/.exec(target);
  if (!m) throw new LoweringError(`internal error: summed variable '${target}' has no _pre/_post suffix`);
  const l = new Lowerer(scope);
  const body = l.statements([{ kind: 'statement', target, targetSpan: expr.span, op: '+=', expr, span: expr.span }]);
  return finish(l, { name: options.name, operation: 'summed', loop: { kind: 'range' }, body, zeroed: [target] });
}

/**
 * Synapse creation for one presynaptic neuron `_i` (a scalar argument): emits, in increasing order,
 * every candidate postsynaptic neuron `j < N` for which `condition` holds and a uniform draw is
 * below `p` (Brian's `connect(condition, p)`; either may be omitted). The caller runs it for each
 * presynaptic neuron and creates the synapses; `N` is the size of the postsynaptic group.
 *
 * With `loop: 'events'` the candidates are not all `j < N` but the `count` indices in `_events`
 * (increasing): the caller has already sampled them with probability `p` (Brian's
 * `sample(N_post, p)`: geometric jumps, about N·p draws instead of N), and the kernel only keeps
 * those for which `condition` holds.
 */
export function lowerConnect(scope: LoweringScope, options: { readonly name: string; readonly condition?: Expr; readonly p?: Expr; readonly loop?: 'range' | 'events' }): KernelIR {
  const l = new Lowerer({ ...scope, connect: true });
  const body: IRStmt[] = [];
  const tests: IRExpr[] = [];
  if (options.condition) tests.push(l.condition(options.condition, body));
  if (options.p) {
    const p = l.condition(options.p, body);
    const draw = l.condition(call('rand'), body);
    tests.push({ kind: 'binary', op: '<', left: draw, right: p, type: 'boolean' });
  }
  const cond = tests.reduce<IRExpr | undefined>((acc, t) => (acc ? { kind: 'binary', op: 'and', left: acc, right: t, type: 'boolean' } : t), undefined);
  body.push(cond ? { kind: 'if', cond, then: [{ kind: 'emit' }], else: [] } : { kind: 'emit' });
  return finish(l, { name: options.name, operation: 'connect', loop: { kind: options.loop ?? 'range' }, body });
}

/**
 * A monitor's gather: for each listed element (`_events`, `count` of them), writes the value of
 * each variable — subexpressions included, computed on the spot — into `_record_<variable>` at
 * the element's position in the list. The caller appends the record arrays to its recording.
 */
export function lowerGather(scope: LoweringScope, variables: readonly string[], options: { readonly name: string }): KernelIR {
  const l = new Lowerer(scope);
  const body: IRStmt[] = variables.map((v) => {
    const value = l.expr(name(v));
    return l.store(`_record_${v}`, { kind: 'position' }, '=', value, value.type);
  });
  return finish(l, { name: options.name, operation: 'gather', loop: { kind: 'events' }, body });
}
