/**
 * `compileModel`: one model string (plus threshold, reset, refractoriness) to compiled kernels a
 * user can inspect (`kernel.source`) and call on their own typed arrays — without a network. The
 * runtime builds groups from the same pieces.
 */
import {
  checkExpression,
  checkModel,
  checkStatements,
  diag,
  EquationError,
  parseEquations,
  parseExpression,
  parseQuantity,
  parseStatements,
  ast,
  formatDimension,
  sameDim,
  span,
  throwIfErrors,
  type CheckedModel,
  type Diagnostic,
  type Expr,
  type ExternalSymbol,
  type Namespace,
  type SourceText,
} from '@neurite/parser';
import { dim } from '@neurite/parser';
import type { Backend, CompiledKernel } from './backends/backend.js';
import type { KernelIR } from './ir.js';
import { getBackend } from './backends/registry.js';
import { lowerStatements, lowerStateUpdate, lowerThreshold, type RefractorySpec } from './lower/templates.js';
import { buildOdeSystem, OdeSystemError } from './stateupdaters/ode-system.js';
import { chooseStateUpdater } from './stateupdaters/registry.js';
import { constantParameters } from './lower/constant-parameters.js';

export interface CompileModelOptions {
  /** Name of the group, used in kernel names and error messages. Default `'neurongroup'`. */
  readonly name?: string;
  readonly namespace?: Namespace;
  /** Integration method or list of methods (first applicable wins). Default `['exact', 'euler', 'heun']`. */
  readonly method?: string | readonly string[];
  /** Spike condition, e.g. `'v > Vt'`. */
  readonly threshold?: string;
  /** Statements run for each spiking neuron, e.g. `'v = Vr'`. */
  readonly reset?: string;
  /** A time (`'5 ms'`, `'ref'` for a per-neuron variable) or a condition (`'v > -40*mV'`). */
  readonly refractory?: string;
  /** Backend name (`'js'`, `'gpujs'`) or instance. Default `'js'`. */
  readonly backend?: string | Backend;
  /**
   * Custom events (Brian's `events={'up': 'v > -55*mV'}`): name → condition. Each becomes a
   * threshold-like kernel that emits the elements where its condition holds; refractoriness never
   * applies to them (as in Brian: only `spike` is masked by `not_refractory`).
   */
  readonly events?: Readonly<Record<string, string>>;
  /**
   * Move expressions of `(constant)` per-element parameters (`exp(-dt/tau)`) out of the state
   * updater's loop into at most this many arrays, computed once per run by `precompute` (see
   * {@link CompiledModel.precompute}). Default 0: off, so the state updater takes only the model's
   * arrays.
   */
  readonly hoistConstants?: number;
}

/**
 * A model's checked equations, method, constants and functions, with one `K` per kernel: the
 * kernels' IR in a {@link ModelPlan}, compiled kernels in a {@link CompiledModel}.
 */
export interface ModelKernels<K> {
  readonly model: CheckedModel;
  /** The integration method that was applied. */
  readonly method: string;
  readonly stateUpdate: K;
  /**
   * With `hoistConstants`, when the state updater reads hoisted arrays (`stateUpdate.ir.hoisted.arrays`,
   * N floats each): the kernel that fills them. Run it with the same arguments before the first
   * step of every run (the `(constant)` parameters and `dt` it reads are fixed during a run).
   */
  readonly precompute?: K;
  readonly threshold?: K;
  readonly reset?: K;
  /** One emitting kernel per custom event (same calling convention as `threshold`), by event name. */
  readonly events: ReadonlyMap<string, K>;
  /** Values (SI) of the namespace constants the kernels take as scalar arguments. */
  readonly constants: Readonly<Record<string, number>>;
  /** Implementations of the namespace functions the kernels call. */
  readonly functions: Readonly<Record<string, (...args: number[]) => number>>;
}

/** What {@link compileModel} returns: the model with its compiled kernels. */
export type CompiledModel = ModelKernels<CompiledKernel>;

/**
 * Everything {@link compileModel} decides before a backend compiles anything: the checked model,
 * the method and each kernel's IR. Immutable, and free of per-kernel state (call counters, bound
 * arrays), so one plan can be instantiated for any number of groups ({@link instantiateModel});
 * the runtime keeps plans by model text, options and namespace shape, so that groups built again
 * with the same model (the copies of every `runBatch`, networks rebuilt in a loop) skip checking,
 * integration and lowering.
 */
export type ModelPlan = ModelKernels<KernelIR>;

const SECOND = dim({ second: 1 });

function collect(symbols: Iterable<ExternalSymbol>, constants: Record<string, number>, functions: Record<string, (...args: number[]) => number>): void {
  for (const s of symbols) {
    if (s.kind === 'constant') constants[s.name] = s.value;
    else if (s.implementation) functions[s.name] = s.implementation;
  }
}

/** Throws with a code frame under the first differential equation the reason names (or the first one). */
function integrationError(model: CheckedModel, source: SourceText, reason: string, origin: string): never {
  const des = model.equations.filter((e) => e.kind === 'differential');
  const named = des.find((e) => reason.includes(`'${e.name}'`)) ?? des[0];
  const span = named?.span ?? { start: 0, end: source.text.length };
  const d: Diagnostic = diag.noIntegrationMethod(span, reason);
  throw new EquationError([d], source, origin);
}

/** Compiles a neuron model; throws an {@link EquationError} (with code frames) on bad input. */
export function compileModel(equations: string, options: CompileModelOptions = {}): CompiledModel {
  const backend = typeof options.backend === 'object' ? options.backend : getBackend(options.backend ?? 'js');
  return instantiateModel(planModel(equations, { ...options, backend }), backend);
}

/** Kernels of `plan` compiled by `backend`: new kernels (own counters and state) on every call. */
export function instantiateModel(plan: ModelPlan, backend: Backend): CompiledModel {
  const { stateUpdate, precompute, threshold, reset } = plan;
  return {
    model: plan.model,
    method: plan.method,
    stateUpdate: backend.compile(stateUpdate),
    ...(precompute ? { precompute: backend.compile(precompute) } : {}),
    ...(threshold ? { threshold: backend.compile(threshold) } : {}),
    ...(reset ? { reset: backend.compile(reset) } : {}),
    events: new Map([...plan.events].map(([name, ir]) => [name, backend.compile(ir)])),
    constants: plan.constants,
    functions: plan.functions,
  };
}

/**
 * The plan of {@link compileModel} (parse, check, integrate, lower), without compiling kernels;
 * `options.backend` matters only through its capabilities (double precision lets `exp` and
 * `exprel` of the same argument share one `expm1`). Throws as compileModel does.
 */
export function planModel(equations: string, options: CompileModelOptions = {}): ModelPlan {
  const groupName = options.name ?? 'neurongroup';
  const namespace = options.namespace ?? {};
  const backend = typeof options.backend === 'object' ? options.backend : getBackend(options.backend ?? 'js');
  const parsed = parseEquations(equations);
  const checked = throwIfErrors(checkModel(parsed, { kind: 'neurons', namespace }), `${groupName}, model`);
  const model = checked.model!;
  const constants: Record<string, number> = {};
  const functions: Record<string, (...args: number[]) => number> = {};
  collect(model.externals.values(), constants, functions);

  let system;
  try {
    system = buildOdeSystem(model);
  } catch (e) {
    if (e instanceof OdeSystemError) integrationError(model, checked.source, e.message, `${groupName}, model`);
    throw e;
  }
  const update = chooseStateUpdater(system, options.method);
  if (!update.ok) integrationError(model, checked.source, update.reason, `${groupName}, model`);

  let refractory: RefractorySpec | undefined;
  let refractoryExternals: ReadonlyMap<string, ExternalSymbol> = new Map();
  if (options.refractory !== undefined) {
    const quantity = parseQuantity(options.refractory);
    if (quantity.quantity) {
      // A constant period such as '5 ms' (the common case).
      if (!sameDim(quantity.quantity.dim, SECOND)) {
        const d = diag.equationDimension(span(0, options.refractory.length), 'the refractory period', 'second', formatDimension(quantity.quantity.dim));
        throw new EquationError([d], quantity.source, `${groupName}, refractory`);
      }
      refractory = { kind: 'time', expr: ast.num(quantity.quantity.value, span(0), false) };
    } else {
      const r = parseExpression(options.refractory);
      // A condition ('v > -40*mV') or an expression with unit second ('ref', a per-neuron variable).
      const asCondition = checkExpression(r, model, { expect: 'boolean', what: 'the refractory condition', namespace });
      const asTime = asCondition.expr ? asCondition : checkExpression(r, model, { expect: SECOND, what: 'the refractory period', namespace });
      throwIfErrors(asTime, `${groupName}, refractory`);
      collect(asTime.externals.values(), constants, functions);
      refractoryExternals = asTime.externals;
      refractory = { kind: asTime === asCondition ? 'condition' : 'time', expr: asTime.expr as Expr };
    }
  }

  const hoist = options.hoistConstants ? { constantArrays: constantParameters(model), limit: options.hoistConstants } : undefined;
  const shareExpm1 = backend.capabilities.precision === 'double';
  const stateUpdateIR = lowerStateUpdate({ model, externals: refractoryExternals }, update, { name: `${groupName}_stateupdater`, refractory, hoist, shareExpm1 });
  const precompute = stateUpdateIR.hoisted?.precompute;
  let threshold: KernelIR | undefined;
  if (options.threshold !== undefined) {
    const t = throwIfErrors(checkExpression(parseExpression(options.threshold), model, { expect: 'boolean', what: 'the threshold', namespace }), `${groupName}, threshold`);
    collect(t.externals.values(), constants, functions);
    threshold = lowerThreshold({ model, externals: t.externals }, t.expr!, { name: `${groupName}_thresholder`, refractory: refractory !== undefined });
  }
  const events = new Map<string, KernelIR>();
  for (const [event, condition] of Object.entries(options.events ?? {})) {
    const c = throwIfErrors(checkExpression(parseExpression(condition), model, { expect: 'boolean', what: `the condition of the event '${event}'`, namespace }), `${groupName}, event '${event}'`);
    collect(c.externals.values(), constants, functions);
    events.set(event, lowerThreshold({ model, externals: c.externals }, c.expr!, { name: `${groupName}_${event}_thresholder`, refractory: false }));
  }
  let reset: KernelIR | undefined;
  if (options.reset !== undefined) {
    const r = throwIfErrors(checkStatements(parseStatements(options.reset), model, { namespace }), `${groupName}, reset`);
    collect(r.externals.values(), constants, functions);
    reset = lowerStatements({ model, externals: r.externals }, r.statements!, { name: `${groupName}_resetter`, operation: 'reset', loop: 'events' });
  }
  return {
    model,
    method: update.method,
    stateUpdate: stateUpdateIR,
    ...(precompute ? { precompute } : {}),
    ...(threshold ? { threshold } : {}),
    ...(reset ? { reset } : {}),
    events,
    constants,
    functions,
  };
}
