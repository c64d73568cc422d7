/**
 * NeuronGroup: N elements sharing one model, with optional threshold, reset and refractoriness.
 *
 * The model is parsed when the group is created (syntax errors are reported at once, where the
 * user wrote the model) and checked and compiled before each run, when the run's namespace is
 * known. Compiled kernels are cached on the namespace's shape (names and kinds of values), so new
 * values for the same names — a parameter sweep — never recompile: they are kernel arguments.
 */
import {
  checkExpression,
  checkModel,
  parseEquations,
  parseExpression,
  parseQuantity,
  resolveNamespaceValue,
  sameDim,
  throwIfErrors,
  type CheckedModel,
  type EquationsResult,
  type GroupVariables,
  type Namespace,
  type VariableInfo,
} from '@neurite/parser';
import { constantParameters, fuseKernels, TEAM_MIN_ELEMENTS, instantiateModel, jsBackend, linkedArray, linkedIndexArray, WasmArena, lowerGather, lowerSet, lowerStatements, type Backend, type CompiledKernel, type CompiledModel, type KernelArgs } from '@neurite/codegen';
import { checkStatements, parseStatements } from '@neurite/parser';
import type { QuantityLike } from '../quantity.js';
import { toSI, ValueError } from '../quantity.js';
import { slotRank, type When } from '../schedule.js';
import type { Operation, RunContext, SimObject, SpikeSource } from '../sim-object.js';
import { modelPlan } from './model-plans.js';
import { copyArrays, initialValue, isStored, type Storage } from '../variables.js';
import { namespaceSignature, mergeNamespaces, runNamespace } from './namespace.js';
import { Subgroup } from './subgroup.js';
import { partialModel } from './partial-model.js';
import { checkEventName, EventSpace } from './event-space.js';
import { makeLink, refreshLink, type Link, type LinkOptions, type LinkSource } from './linked-variable.js';
import { Batch, type BatchParameter } from '../batch/batch.js';
import { integrationMethod } from '../batch/integration.js';
import { EmitOp, KernelOp, OnEventsOp, type Schedule } from '../operations/kernel-ops.js';
import { offerFusion } from '../operations/fusion.js';
import { record } from '../kernel-records.js';

export interface NeuronGroupOptions {
  readonly threshold?: string;
  readonly reset?: string;
  /** A time (`'5 ms'`), an expression with unit second, or a condition (`'v > -40*mV'`). */
  readonly refractory?: QuantityLike;
  readonly method?: string | readonly string[];
  readonly namespace?: Namespace;
  readonly name?: string;
  readonly order?: number;
  /**
   * Custom events (Brian's `events`): name → condition, e.g. `{ up: 'v > -55*mV' }`. Each is
   * checked every step in slot `after_thresholds` (Brian's default), for every element —
   * refractoriness does not apply unless the condition says so (`'v > Vt and not_refractory'`).
   * React to one with {@link NeuronGroup.runOnEvent}, a Synapses `onEvent`, or an EventMonitor.
   */
  readonly events?: Readonly<Record<string, string>>;
}

interface Compiled {
  readonly model: CompiledModel;
  readonly scalars: Record<string, number>;
  /**
   * run_regularly kernels by position in the group's list, compiled the first time they run with
   * this namespace shape, with the namespace constants each one uses (fresh values every run).
   */
  readonly regular: { readonly kernel: CompiledKernel; readonly constants: Readonly<Record<string, number>> }[];
  /** run_on_event kernels by position in the group's list (as `regular`). */
  readonly onEvent: { readonly kernel: CompiledKernel; readonly constants: Readonly<Record<string, number>> }[];
  /** The state update fused with the threshold (operations/fusion.ts), once asked for; null: they cannot be fused. */
  fused?: CompiledKernel | null;
}

/** Code run for the elements that had an event (Brian's `run_on_event`). */
interface EventCode {
  readonly event: string;
  readonly code: string;
  readonly when: When;
  readonly order: number;
  readonly name: string;
  kernel?: CompiledKernel;
  scalars?: Record<string, number>;
}

interface RegularCode {
  readonly code: string;
  readonly dt: number | undefined;
  readonly when: When;
  readonly order: number;
  readonly name: string;
  kernel?: CompiledKernel;
  scalars?: Record<string, number>;
}

export class NeuronGroup implements SimObject, SpikeSource {
  readonly offset = 0;
  readonly spikes: Int32Array;
  spikeCount = 0;
  private readonly parsed: EquationsResult;
  private readonly storage = new Map<string, Storage>();
  private readonly cache = new Map<string, Compiled>();
  private current: Compiled | undefined;
  private ops: Operation[] = [];
  private readonly regular: RegularCode[] = [];
  private readonly eventCode: EventCode[] = [];
  /** Custom events' index lists, by name, in the order of `options.events`. */
  private readonly eventSpaces = new Map<string, EventSpace>();
  /** Linked variables (`x : volt (linked)`) by name, once linked with {@link link}. */
  private readonly links = new Map<string, Link>();
  private checked: CheckedModel | undefined;
  /** The memory every array of the group lives in (see the constructor). */
  private readonly arena: WasmArena;
  /** How many hoisted-constant arrays the arena has room for; they are allocated on first use. */
  private readonly hoistSlots: number;
  private readonly hoisted: Float64Array[] = [];
  /** Recomputes this run's hoisted constants (undefined before the first run or without any). */
  private refreshHoisted: (() => void) | undefined;

  constructor(
    readonly N: number,
    readonly modelText: string,
    readonly name: string,
    private readonly options: NeuronGroupOptions,
    private readonly network: { readonly dt: number; readonly rng: import('@neurite/codegen').Random; readonly threads?: number; periodOf(dt: number, what: string): number },
  ) {
    if (!Number.isInteger(N) || N < 0) throw new ValueError(`NeuronGroup '${name}': N must be a non-negative integer, not ${N}`);
    this.parsed = throwIfErrors(parseEquations(modelText), `NeuronGroup '${name}', model`);
    const probe = checkModel(this.parsed, { kind: 'neurons', namespace: options.namespace ?? {} });
    const partial = partialModel(this.parsed, 'neurons');
    // Storage comes from the parse alone, so set()/get() work before the first run. All of it,
    // spikes included, lives in one WebAssembly memory, so the JS backend can run this group's
    // kernels as WebAssembly in place (see @neurite/codegen's WasmArena).
    const stored = [...partial.variables.values()].filter(isStored);
    const events = Object.entries(options.events ?? {});
    for (const [event, condition] of events) {
      checkEventName(`NeuronGroup '${name}'`, event);
      throwIfErrors(parseExpression(condition), `NeuronGroup '${name}', event '${event}'`);
    }
    // Event spaces too, so that event kernels also run in place as WebAssembly.
    const spaces = events.map(() => ['integer', N] as const);
    // Room for the arrays that hold expressions of `(constant)` parameters (`exp(-dt/tau)`),
    // computed once per run instead of every step (codegen's hoistConstants): they must live in
    // the same memory for the WebAssembly tier, and the memory cannot grow. Two per constant
    // parameter (and two more) covers the exact integrator's propagator entries of linear models.
    const constants = constantParameters(partial).size;
    this.hoistSlots = constants > 0 ? 2 * constants + 2 : 0;
    const hoisted = Array.from({ length: this.hoistSlots }, () => ['float', N] as const);
    // In shared memory where the network has threads that may share this group's kernels.
    const shared = (network.threads ?? 1) > 1 && N >= TEAM_MIN_ELEMENTS;
    const arena = new WasmArena(WasmArena.sizeOf([...stored.map((v) => [v.type, v.shared ? 1 : N] as const), ['integer', N], ...spaces, ...hoisted]), { shared });
    this.arena = arena;
    for (const v of stored) this.storage.set(v.name, arena.allocate(v.type, v.shared ? 1 : N).fill(initialValue(v.name)));
    this.spikes = arena.allocate('integer', N);
    for (const [event] of events) this.eventSpaces.set(event, new EventSpace(this, event, arena.allocate('integer', N)));
    // Report model errors that no namespace can fix (units, flags) right away; unknown names may
    // still come from the run's namespace.
    const fatal = probe.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'unknown-identifier' && d.code !== 'unknown-function');
    if (fatal.length > 0) throwIfErrors({ source: probe.source, diagnostics: fatal }, `NeuronGroup '${name}', model`);
    // Names still missing may come from run()'s namespace; until then the variables are known from
    // the equations alone, so set(), get() and connect() work before the first run (as in Brian).
    this.checked = probe.model ?? partial;
  }

  /** The group's variables (after the first run or a complete namespace, fully checked). */
  get variables(): GroupVariables {
    const model = this.current?.model.model ?? this.checked;
    if (!model) throw new ValueError(`NeuronGroup '${this.name}': its model refers to names that are not defined yet (they may come from run()'s namespace); run the network first`);
    return model;
  }

  /** Position within its schedule slots (Brian's `order`); summed variables into it run just before it. */
  get order(): number {
    return this.options.order ?? 0;
  }

  /** Scalar kernel arguments of the current run (namespace constants, N, dt), for monitors' gathers. */
  get kernelScalars(): Readonly<Record<string, number>> | undefined {
    return this.current?.scalars;
  }

  get kernelFunctions(): Readonly<Record<string, (...args: number[]) => number>> | undefined {
    return this.current?.model.functions;
  }

  spikesAt(_tick: number): number {
    return this.spikeCount;
  }

  /**
   * The compiled kernels of the last run, by operation name (inspect `.source`, `.backend`, and
   * `.wasm` / `.calls` for the WebAssembly tier): state updater, thresholder, resetter, each
   * custom event's `<name>_<event>_thresholder`, run_on_event and run_regularly code.
   */
  get kernels(): ReadonlyMap<string, CompiledKernel> {
    const out = new Map<string, CompiledKernel>();
    const c = this.current;
    if (!c) return out;
    out.set(`${this.name}_stateupdater`, c.model.stateUpdate);
    if (c.model.precompute) out.set(`${this.name}_stateupdater_precompute`, c.model.precompute);
    if (c.model.threshold) out.set(`${this.name}_thresholder`, c.model.threshold);
    if (c.model.reset) out.set(`${this.name}_resetter`, c.model.reset);
    for (const [event, kernel] of c.model.events) out.set(`${this.name}_${event}_thresholder`, kernel);
    for (const e of this.eventCode) if (e.kernel) out.set(e.name, e.kernel);
    for (const r of this.regular) if (r.kernel) out.set(r.name, r.kernel);
    return out;
  }

  /** Every event of the group: `'spike'` when it has a threshold, then its custom events. */
  get eventNames(): readonly string[] {
    return [...(this.options.threshold !== undefined ? ['spike'] : []), ...this.eventSpaces.keys()];
  }

  /** The elements that had a custom event in the current step, as a spike source (`'spike'`: the group). */
  eventSource(event: string, who = `NeuronGroup '${this.name}'`): SpikeSource {
    if (event === 'spike') return this;
    const space = this.eventSpaces.get(event);
    if (!space) throw this.unknownEvent(event, who);
    return space;
  }

  private unknownEvent(event: string, who: string): ValueError {
    const known = this.eventNames;
    const hint = event === 'spike' ? " (give the group a 'threshold' to define it)" : " (define it with the 'events' option of net.neuronGroup)";
    return new ValueError(`${who}: NeuronGroup '${this.name}' has no event '${event}'${hint}; its events are: ${known.length ? known.join(', ') : 'none'}`);
  }

  array(name: string): Storage {
    const a = this.storage.get(name);
    if (a) return a;
    // Kernels (and monitors' gathers) read linked variables through these two arrays.
    for (const [v, link] of this.links) {
      if (name === linkedArray(v)) return link.array;
      if (name === linkedIndexArray(v)) return link.indices;
    }
    if (this.links.has(name)) throw new ValueError(`NeuronGroup '${this.name}': '${name}' is linked to '${this.links.get(name)!.source.name}.${this.links.get(name)!.sourceVariable}' and has no storage of its own; read it with get('${name}')`);
    throw new ValueError(`NeuronGroup '${this.name}' has no stored variable '${name}'`);
  }

  /**
   * Links the parameter `variable` (declared `(linked)` in the model) to `sourceVariable` of
   * `source` (Brian's `G.x = linked_var(H, 'y', index=...)`): kernels then read the source's
   * current value — changes of `y` are seen at once, and `x` cannot be assigned here. One-to-one
   * for equal sizes, one-to-all for a source of size 1 or a shared variable, otherwise through
   * `options.index`. Linking again replaces the link.
   */
  link(variable: string, source: LinkSource, sourceVariable: string, options: LinkOptions = {}): void {
    this.links.set(variable, makeLink(this, variable, source, sourceVariable, options));
  }

  /** Storage and link arrays by kernel name: what every kernel of this group may read. */
  private kernelArrays(): Record<string, Storage | Int32Array> {
    const arrays: Record<string, Storage | Int32Array> = Object.fromEntries(this.storage);
    for (const [v, link] of this.links) {
      arrays[linkedArray(v)] = link.array;
      arrays[linkedIndexArray(v)] = link.indices;
    }
    return arrays;
  }

  /** Throws, naming the group and the variable, if a linked variable is not linked; refreshes index variables. */
  private checkLinks(): void {
    for (const info of this.variables.variables.values()) {
      if (info.origin !== 'parameter' || !info.flags.includes('linked')) continue;
      const link = this.links.get(info.name);
      if (!link) {
        throw new ValueError(`NeuronGroup '${this.name}': the linked variable '${info.name}' is not linked to anything; link it before running, e.g. ${this.name}.link('${info.name}', otherGroup, 'y')`);
      }
      if (link.indexVariable !== undefined) refreshLink(link, this.array(link.indexVariable), `NeuronGroup '${this.name}', link('${info.name}')`);
    }
  }

  // --- user API -------------------------------------------------------------------------------------

  /**
   * Sets a variable: a number (SI units) for every element, an array of N values (SI), a quantity
   * string (`'-70 mV'`), or an expression evaluated per element (`'Vr + rand()*(Vt - Vr)'`).
   * `condition` restricts an expression to the elements where it holds.
   */
  set(variable: string, value: number | ArrayLike<number> | string, options: { readonly condition?: string } = {}): void {
    const info = this.describe(variable);
    this.assign(info, variable, value, options);
    // A `(constant)` parameter set by a network operation during a run: the expressions hoisted
    // out of the step (hoistedArrays) must take the new values from the next step on, as they
    // would if they were still computed in the loop.
    if (info.flags.includes('constant')) this.refreshHoisted?.();
  }

  private assign(info: VariableInfo, variable: string, value: number | ArrayLike<number> | string, options: { readonly condition?: string }): void {
    const target = this.array(variable);
    const what = `NeuronGroup '${this.name}': value of '${variable}'`;
    if (typeof value === 'number') {
      if (options.condition) return this.setExpression(variable, String(value), options.condition);
      target.fill(value);
      return;
    }
    if (typeof value === 'string') {
      const q = parseQuantity(value);
      if (q.quantity && !options.condition) {
        target.fill(toSI(value, info.dim, what));
        return;
      }
      return this.setExpression(variable, value, options.condition);
    }
    if (value.length !== target.length) throw new ValueError(`${what}: expected ${target.length} values, got ${value.length}`);
    for (let k = 0; k < target.length; k++) target[k] = value[k]!;
  }

  /** A copy of a variable's values (SI units). Subexpressions are computed. */
  get(variable: string): Float64Array {
    const info = this.describe(variable, true);
    if (info.origin === 'parameter' && info.flags.includes('linked')) {
      this.checkLinks();
      const link = this.links.get(variable)!;
      return Float64Array.from(link.indices, (k) => link.array[k]!);
    }
    if (info.origin === 'subexpression' && !info.flags.includes('constant over dt')) {
      const model = this.variables as CheckedModel;
      const kernel = jsBackend.compile(lowerGather({ model }, [variable], { name: `${this.name}_get_${variable}` }));
      const out = new Float64Array(this.N);
      const arrays: Record<string, Storage | Float64Array | Int32Array> = this.kernelArrays();
      arrays[`_record_${variable}`] = out;
      arrays['_events'] = Int32Array.from({ length: this.N }, (_, k) => k);
      kernel.run({ arrays, scalars: { count: this.N, N: this.N, t: 0, dt: this.network.dt, ...this.current?.scalars } });
      return out;
    }
    return Float64Array.from(this.array(variable));
  }

  /** Statements run for every element on their own clock (Brian's `run_regularly`). */
  runRegularly(code: string, options: { readonly dt?: QuantityLike; readonly when?: When; readonly order?: number; readonly name?: string } = {}): void {
    throwIfErrors(parseStatements(code), `NeuronGroup '${this.name}', run_regularly`);
    this.regular.push({
      code,
      dt: options.dt === undefined ? undefined : toSI(options.dt, [0, 0, 1, 0, 0, 0, 0], `NeuronGroup '${this.name}', run_regularly dt`),
      when: options.when ?? 'start',
      order: options.order ?? this.options.order ?? 0,
      name: options.name ?? `${this.name}_run_regularly${this.regular.length ? `_${this.regular.length}` : ''}`,
    });
  }

  /**
   * Statements run for the elements that had `event` in the step (Brian's `run_on_event`): by
   * default in slot `after_resets`, at the group's order. One block of code per event; `'spike'`
   * is allowed when the group has a threshold but no `reset` (which is the same thing).
   */
  runOnEvent(event: string, code: string, options: { readonly when?: When; readonly order?: number; readonly name?: string } = {}): void {
    const who = `NeuronGroup '${this.name}', runOnEvent('${event}')`;
    if (!this.eventNames.includes(event)) throw this.unknownEvent(event, who);
    if ((event === 'spike' && this.options.reset !== undefined) || this.eventCode.some((c) => c.event === event)) {
      throw new ValueError(`${who}: code for the event '${event}' was already added${event === 'spike' ? " (the 'reset' option)" : ''}; put all of it in one block`);
    }
    if (options.when !== undefined) slotRank(options.when);
    throwIfErrors(parseStatements(code), who);
    this.eventCode.push({ event, code, when: options.when ?? 'after_resets', order: options.order ?? this.options.order ?? 0, name: options.name ?? `${this.name}_${event}_resetter` });
  }

  /** Elements `start <= i < stop` as a group usable as a synapse source/target or monitored group. */
  slice(start: number, stop: number): Subgroup {
    return new Subgroup(this, start, stop);
  }

  // --- network protocol --------------------------------------------------------------------------------

  prepare(run: RunContext): void {
    this.checkLinks();
    const namespace = runNamespace(this.options.namespace, run);
    const shape = namespaceSignature(namespace);
    const key = `${run.backend.name}|${shape}`;
    let compiled = this.cache.get(key);
    if (!compiled) {
      const refractory = this.options.refractory;
      const plan = modelPlan(this.modelText, {
        name: this.name,
        namespace,
        backend: run.backend,
        hoistConstants: this.hoistSlots,
        ...(this.options.method !== undefined ? { method: this.options.method } : {}),
        ...(this.options.threshold !== undefined ? { threshold: this.options.threshold } : {}),
        ...(this.options.reset !== undefined ? { reset: this.options.reset } : {}),
        ...(refractory !== undefined ? { refractory: refractoryText(refractory) } : {}),
        ...(this.options.events !== undefined ? { events: this.options.events } : {}),
      }, shape);
      compiled = { model: instantiateModel(plan, run.backend), scalars: {}, regular: [], onEvent: [] };
      this.cache.set(key, compiled);
    }
    // Values may differ between runs even when the shape does not: refresh them every run.
    compiled.scalars['N'] = this.N;
    compiled.scalars['dt'] = run.dt;
    compiled.scalars['t'] = 0;
    Object.assign(compiled.scalars, currentValues(compiled.model.constants, namespace));
    this.current = compiled;
    this.regular.forEach((r, k) => this.bindCode(r, compiled, compiled.regular, k, `NeuronGroup '${this.name}', run_regularly`, { loop: 'range' }, namespace, run));
    this.eventCode.forEach((c, k) => this.bindCode(c, compiled, compiled.onEvent, k, `NeuronGroup '${this.name}', runOnEvent('${c.event}')`, { operation: 'reset', loop: 'events' }, namespace, run));
    this.ops = this.buildOperations(compiled, run);
  }

  /**
   * The arrays the state updater reads hoisted constants from, filled for this run: `(constant)`
   * parameters and `dt` do not change during a run's steps, but may between runs (set(),
   * restore()) and between steps (set() from a network operation, which calls refreshHoisted).
   */
  private hoistedArrays(compiled: Compiled, arrays: Record<string, Storage | Int32Array>, run: RunContext): void {
    const names = compiled.model.stateUpdate.ir.hoisted?.arrays ?? [];
    names.forEach((name, k) => {
      this.hoisted[k] ??= this.arena.allocate('float', this.N);
      arrays[name] = this.hoisted[k]!;
    });
    const precompute = compiled.model.precompute;
    if (precompute === undefined) {
      this.refreshHoisted = undefined;
      return;
    }
    const args = { arrays, scalars: compiled.scalars, externs: compiled.model.functions, rng: run.random(this.N) };
    this.refreshHoisted = () => void precompute.run(args);
    this.refreshHoisted();
  }

  /**
   * Gives run_regularly or run_on_event code its kernel — compiled the first time this namespace
   * shape runs it, then kept in `cache[k]` — and this run's scalar values.
   */
  private bindCode(
    code: RegularCode | EventCode,
    compiled: Compiled,
    cache: Compiled['regular'],
    k: number,
    origin: string,
    lowering: { readonly operation?: 'reset'; readonly loop: 'range' | 'events' },
    namespace: Namespace,
    run: RunContext,
  ): void {
    let entry = cache[k];
    if (!entry) {
      const model = compiled.model.model;
      const checked = throwIfErrors(checkStatements(parseStatements(code.code), model, { namespace }), origin);
      const kernel = run.backend.compile(lowerStatements({ model, externals: checked.externals }, checked.statements!, { name: code.name, ...lowering }));
      entry = { kernel, constants: constantsOf(checked.externals) };
      cache[k] = entry;
    }
    code.kernel = entry.kernel;
    code.scalars = record(compiled.scalars, currentValues(entry.constants, namespace));
  }

  operations(): readonly Operation[] {
    return this.ops;
  }

  private buildOperations(compiled: Compiled, run: RunContext): Operation[] {
    const { model, scalars } = compiled;
    const arrays = this.kernelArrays();
    arrays['_spikes'] = this.spikes;
    this.hoistedArrays(compiled, arrays, run);
    const functions = model.functions;
    const order = this.options.order ?? 0;
    const ops: Operation[] = [];
    const rng = run.random(this.N);
    // Kernel arguments are built once per run, not per call: kernels read `scalars` (t, count) anew
    // at every call, and the arrays and functions do not change during a run.
    const call = { arrays, scalars, externs: functions, rng, team: run.team };
    const every = (name: string, when: When, o = order) => ({ name, when, order: o, period: 1 });
    const update = new KernelOp(every(`${this.name}_stateupdater`, 'groups'), model.stateUpdate, call, scalars);
    ops.push(update);
    if (model.threshold) {
      const threshold = new EmitOp(every(`${this.name}_thresholder`, 'thresholds'), model.threshold, call, scalars, this);
      ops.push(threshold);
      if (run.backend.name === 'js') offerFusion(update, threshold, () => this.fusedOperation(compiled, run.backend, every(`${this.name}_stateupdater_thresholder`, 'groups'), call, scalars));
    }
    if (model.reset) {
      const resetCall = { arrays: record<Storage | Int32Array>(arrays, { _events: this.spikes }), scalars, externs: functions, rng };
      ops.push(new OnEventsOp(every(`${this.name}_resetter`, 'resets'), model.reset, resetCall, scalars, this));
    }
    for (const [event, check] of model.events) {
      const space = this.eventSpaces.get(event)!;
      // The same kernel shape as the threshold, writing into the event's own index list.
      const eventCall = { arrays: record<Storage | Int32Array>(arrays, { _spikes: space.spikes }), scalars, externs: functions, rng };
      ops.push(new EmitOp(every(`${this.name}_${event}_thresholder`, 'after_thresholds'), check, eventCall, scalars, space));
    }
    for (const c of this.eventCode) {
      const source = this.eventSource(c.event);
      const codeCall = { arrays: record<Storage | Int32Array>(arrays, { _events: source.spikes }), scalars: c.scalars!, externs: functions, rng };
      ops.push(new OnEventsOp(every(c.name, c.when, c.order), c.kernel!, codeCall, c.scalars!, source));
    }
    for (const r of this.regular) {
      const period = r.dt === undefined ? 1 : this.network.periodOf(r.dt, `run_regularly '${r.name}'`);
      ops.push(new KernelOp({ name: r.name, when: r.when, order: r.order, period }, r.kernel!, { arrays, scalars: r.scalars!, externs: functions, rng }, r.scalars!));
    }
    return ops;
  }

  /** The state updater and thresholder as one operation (see operations/fusion.ts), or undefined. */
  private fusedOperation(compiled: Compiled, backend: Backend, schedule: Schedule, call: KernelArgs, scalars: Record<string, number>): Operation | undefined {
    if (compiled.fused === undefined) {
      const { stateUpdate, threshold } = compiled.model;
      const r = fuseKernels(stateUpdate.ir, threshold!.ir, `${this.name}_stateupdater_thresholder`);
      compiled.fused = r.ok ? backend.compile(r.kernel) : null;
    }
    return compiled.fused === null ? undefined : new EmitOp(schedule, compiled.fused, call, scalars, this);
  }

  /**
   * Adds this group's copies to a batch (see `Network.runBatch`): one group of `copies × N`
   * elements with the same model, code and current state in every copy; per-copy parameters set.
   */
  replicate(batch: Batch): void {
    const who = `NeuronGroup '${this.name}'`;
    if (this.links.size > 0) throw batch.unsupported(who, 'has linked variables');
    for (const [name, a] of this.storage) if (this.describeStored(name)?.shared ?? a.length !== this.N) throw batch.unsupported(who, `has the shared variable '${name}' (the copies would share it)`);
    const o = this.options;
    const texts = [this.modelText, o.threshold, o.reset, typeof o.refractory === 'string' ? o.refractory : undefined, ...Object.values(o.events ?? {}), ...this.regular.map((r) => r.code), ...this.eventCode.map((e) => e.code)];
    batch.checkCode(who, texts);
    const params = batch.parametersOf(this.name, texts, (n) => (this.storage.has(n) ? this.describeStored(n)?.dim : undefined), o.namespace);
    const namespace = Batch.without(o.namespace, params.declare);
    const model = this.modelText + Batch.declarations(params.declare);
    const method = params.declare.length > 0 ? this.batchMethod(batch, model, params.declare) : o.method;
    const g = batch.network.neuronGroup(this.N * batch.copies, model, { ...o, ...(namespace ? { namespace } : {}), ...(method !== undefined ? { method } : {}), name: this.name });
    for (const [name, a] of this.storage) batch.tile(g.array(name), a);
    for (const p of [...params.declare, ...params.assign]) batch.fill(() => g.array(p.name), p, this.N);
    for (const r of this.regular) g.runRegularly(r.code, { ...(r.dt !== undefined ? { dt: r.dt } : {}), when: r.when, order: r.order, name: r.name });
    for (const e of this.eventCode) g.runOnEvent(e.event, e.code, { when: e.when, order: e.order, name: e.name });
    batch.placeGroup(this, g, this.N);
  }

  /**
   * The method the replica must use: the one the original gets (with copy 0's values), which must
   * also integrate the replica, whose constants became per-element parameters.
   */
  private batchMethod(batch: Batch, replicaModel: string, declared: readonly BatchParameter[]): string | readonly string[] | undefined {
    const who = `NeuronGroup '${this.name}'`;
    // A single method named by the user is used as it is (the replica's compilation reports it if
    // it cannot integrate the replica); otherwise the one the last run chose, or would choose.
    const given = this.options.method;
    if (typeof given === 'string') return given;
    if (this.current) return this.current.model.method;
    const namespace = mergeNamespaces(this.options.namespace, batch.namespace);
    const withValues: Namespace = { ...namespace, ...Object.fromEntries(declared.map((p) => [p.name, { value: p.values[0]!, dim: p.dim }])) };
    const original = integrationMethod(this.modelText, withValues, given);
    if (!original.ok) return given; // the run will report the model's problem as usual
    const replica = integrationMethod(replicaModel, Batch.without(namespace, declared) ?? {}, original.method);
    if (!replica.ok) {
      const names = declared.map((p) => `'${p.name}'`).join(', ');
      throw batch.unsupported(who, `is integrated with '${original.method}', which cannot integrate it with ${names} different per copy (${replica.reason})`);
    }
    return original.method;
  }

  private describeStored(name: string): VariableInfo | undefined {
    return (this.current?.model.model ?? this.checked)?.variables.get(name);
  }

  snapshot(): unknown {
    const events = new Map([...this.eventSpaces].map(([k, e]) => [k, { indices: e.spikes.slice(), count: e.spikeCount }]));
    return { arrays: copyArrays(this.storage), spikes: this.spikes.slice(), spikeCount: this.spikeCount, events };
  }

  restore(snapshot: unknown): void {
    const s = snapshot as { arrays: Map<string, Storage>; spikes: Int32Array; spikeCount: number; events?: Map<string, { indices: Int32Array; count: number }> };
    for (const [k, a] of s.arrays) this.storage.get(k)?.set(a);
    this.spikes.set(s.spikes);
    this.spikeCount = s.spikeCount;
    for (const [k, e] of s.events ?? []) {
      const space = this.eventSpaces.get(k);
      if (!space) continue;
      space.spikes.set(e.indices);
      space.spikeCount = e.count;
    }
  }

  // --- helpers --------------------------------------------------------------------------------------

  private describe(variable: string, readable = false): VariableInfo {
    const model = this.current?.model.model ?? this.checked;
    const info = model?.variables.get(variable);
    if (info) {
      if (!readable && info.flags.includes('linked')) {
        const link = this.links.get(variable);
        throw new ValueError(`NeuronGroup '${this.name}': '${variable}' cannot be set: it is declared '(linked)'${link ? ` and reads '${link.source.name}.${link.sourceVariable}'; set that variable instead` : `; link it to another group's variable with ${this.name}.link('${variable}', group, 'name')`}`);
      }
      if (!readable && (info.origin === 'subexpression' || (info.origin === 'internal' && !this.storage.has(variable)))) {
        throw new ValueError(`NeuronGroup '${this.name}': '${variable}' cannot be set (it is ${info.origin === 'subexpression' ? 'a subexpression, computed from its equation' : 'set by the simulator'})`);
      }
      return info;
    }
    if (this.storage.has(variable)) return { name: variable, origin: 'parameter', dim: [0, 0, 0, 0, 0, 0, 0], type: 'float', shared: false, readOnly: false, flags: [] };
    const names = [...this.storage.keys()].filter((k) => k !== 'lastspike' && k !== 'not_refractory');
    throw new ValueError(`NeuronGroup '${this.name}' has no variable '${variable}'; its variables are: ${names.join(', ')}`);
  }

  private setExpression(variable: string, expr: string, condition: string | undefined): void {
    const model = this.variables as CheckedModel;
    const namespace = this.options.namespace ?? {};
    const info = model.variables.get(variable)!;
    const value = throwIfErrors(checkExpression(parseExpression(expr), model, { expect: info.dim, what: `the value of '${variable}'`, namespace }), `NeuronGroup '${this.name}', set('${variable}')`);
    const cond = condition === undefined ? undefined : throwIfErrors(checkExpression(parseExpression(condition), model, { expect: 'boolean', what: 'the condition', namespace }), `NeuronGroup '${this.name}', set('${variable}') condition`);
    if (info.type === 'float' && !sameDim(value.inferred!.dim, info.dim)) throw new ValueError(`unit mismatch setting '${variable}'`);
    const externals = new Map([...value.externals, ...(cond?.externals ?? [])]);
    const kernel = jsBackend.compile(lowerSet({ model, externals }, variable, value.expr!, { name: `${this.name}_set_${variable}`, ...(cond ? { condition: cond.expr! } : {}) }));
    const scalars: Record<string, number> = { N: this.N, t: 0, dt: this.network.dt, ...constantsOf(externals) };
    const functions = Object.fromEntries([...externals.values()].flatMap((s) => (s.kind === 'function' && s.implementation ? [[s.name, s.implementation]] : [])));
    kernel.run({ arrays: this.kernelArrays(), scalars, externs: functions, rng: this.network.rng });
  }
}

/** Refractoriness as compileModel takes it: numbers are seconds (SI), as everywhere in the API. */
function refractoryText(r: QuantityLike): string {
  if (typeof r === 'string') return r;
  const seconds = typeof r === 'number' ? r : toSI(r, [0, 0, 1, 0, 0, 0, 0], 'refractory');
  return `${seconds}*second`;
}

function constantsOf(externals: ReadonlyMap<string, import('@neurite/parser').ExternalSymbol>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of externals.values()) if (s.kind === 'constant') out[s.name] = s.value;
  return out;
}

/**
 * The values `namespace` now gives the constants a compiled kernel takes (by name), in SI units;
 * a name the namespace no longer resolves to a constant keeps the value it was compiled with.
 */
function currentValues(compiledWith: Readonly<Record<string, number>>, namespace: Namespace): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, old] of Object.entries(compiledWith)) {
    const v = namespace[name];
    const r = v === undefined ? undefined : resolveNamespaceValue(name, v);
    out[name] = r && 'symbol' in r && r.symbol.kind === 'constant' ? r.symbol.value : old;
  }
  return out;
}
