/**
 * Network: owns the clock, the random generator, the backend and every object; runs the schedule.
 *
 * A run prepares every object (checks and compiles, cached), sorts their operations by schedule,
 * and loops over steps calling them — no allocation and no string work inside the loop. A failure
 * during `prepare` (a model error) leaves the network as it was: time, state and recordings untouched.
 */
import { getBackend, jsBackend, Random, WasmTeam, type Backend, type KernelTeam } from '@neurite/codegen';
import type { Namespace } from '@neurite/parser';
import { Clock } from './clock.js';
import { NeuronGroup, type NeuronGroupOptions } from './groups/neuron-group.js';
import { Synapses, type SynapsesOptions } from './synapses/synapses.js';
import { toSI, ValueError, type QuantityLike } from './quantity.js';
import { Profile } from './profiling.js';
import { sortSchedule } from './schedule.js';
import { checkWriteConflicts } from './write-conflicts.js';
import { stepLoop } from './step-loop.js';
import { fuseSchedule } from './operations/fusion.js';
import type { Operation, RunContext, SimObject, SpikeSource, StepContext } from './sim-object.js';
import { SpikeMonitor, type SpikeMonitorOptions } from './monitors/spike-monitor.js';
import { EventMonitor, type EventMonitorOptions } from './monitors/event-monitor.js';
import { eventSourceOf } from './groups/event-space.js';
import { StateMonitor, type Monitorable, type StateMonitorOptions, type StateMonitorSource } from './monitors/state-monitor.js';
import { PopulationRateMonitor, type PopulationRateMonitorOptions } from './monitors/rate-monitor.js';
import { TimedArray, type TimedArrayOptions } from './inputs/timed-array.js';
import { PoissonGroup, type PoissonGroupOptions, type PoissonRates } from './inputs/poisson-group.js';
import { SpikeGeneratorGroup, type SpikeGeneratorGroupOptions, type SpikeTimes } from './inputs/spike-generator-group.js';
import { PoissonInput, type PoissonInputOptions } from './inputs/poisson-input.js';
import { NetworkOperation, type NetworkOperationCallback, type NetworkOperationOptions } from './operations/network-operation.js';
import { SECOND } from './units.js';
import { makeBatch, runBatch, type BatchHost, type BatchOptions } from './batch/run-batch.js';
import type { BatchedNetwork } from './batch/batched-network.js';
import type { BatchResult } from './batch/batch-result.js';
import { readSnapshots, restoreState, storeState, writeSnapshots, type Snapshot } from './store.js';
import { CopyStreams } from './batch/copy-streams.js';

export type BackendOption = 'js' | 'gpujs' | { readonly name: 'gpujs'; readonly mode?: string } | Backend;

export interface NetworkOptions {
  /** Time step, default `'0.1 ms'`. */
  readonly dt?: QuantityLike;
  /** Seed of the random generator; the same seed gives the identical run. */
  readonly seed?: number;
  readonly backend?: BackendOption;
  /**
   * Threads that share the work of large neuron groups (default 1): each step, their state update
   * and threshold (run as WebAssembly, arrays in shared memory) is split between this thread and
   * `threads − 1` worker threads, as Brian's OpenMP threads do. Results are the same, bit for bit,
   * with any number of threads; groups under ~2 000 neurons, and kernels that draw random
   * numbers, stay on one thread, as do kernels too short for sharing to pay (measured during
   * the run). Node.js only (worker_threads); the workers start once a kernel is long enough,
   * are shared by every network of the process, and never keep it alive.
   */
  readonly threads?: number;
}

export interface RunOptions {
  /** Names the groups' own namespaces do not define. */
  readonly namespace?: Namespace;
  /** `'text'` prints progress to stdout; a function receives (elapsed wall seconds, fraction done). */
  readonly report?: 'text' | ((elapsed: number, completed: number) => void);
  /**
   * Times every operation (Brian's `profile=True`); read with `net.profilingSummary()` or
   * `net.profile.entries()`. Times add up over profiled runs.
   */
  readonly profile?: boolean;
}

export class Network {
  readonly clock: Clock;
  readonly rng: Random;
  private readonly objects: SimObject[] = [];
  private readonly names = new Set<string>();
  private backendOption: BackendOption;
  private backend: Backend | undefined;
  /** Set by stop() during a run; the step loop reads it after every step. */
  private readonly control = { stopRequested: false };
  private running = false;
  private readonly stored = new Map<string, Snapshot>();
  /** One generator per copy when this is a batch with a seed per copy (see run-batch.ts). */
  private copyStreams: readonly Random[] | undefined;
  /** Per-operation times of the runs made with `{ profile: true }`. */
  readonly profile = new Profile();
  /** Threads that share large groups' state update and threshold (see NetworkOptions.threads). */
  readonly threads: number;
  /** The process's team of `threads` (threads > 1; its workers start when a kernel is long enough); awaited by the first run. */
  private readonly team: Promise<KernelTeam> | undefined;

  constructor(options: NetworkOptions = {}) {
    this.clock = new Clock(toSI(options.dt ?? '0.1 ms', SECOND, 'Network dt'));
    this.rng = new Random(options.seed ?? 0);
    this.backendOption = options.backend ?? 'js';
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new ValueError(`Network: threads must be an integer from 1 to 64, not ${String(threads)}`);
    this.threads = threads;
    // Started now, so that the workers come up while the network is being built.
    this.team = threads > 1 ? WasmTeam.of(threads) : undefined;
    this.team?.catch(() => undefined);
  }

  /** The run's thread team, or undefined (one thread, or another backend than js). */
  private async teamFor(backend: Backend): Promise<KernelTeam | undefined> {
    if (this.team === undefined || backend.name !== 'js') return undefined;
    try {
      return await this.team;
    } catch (e) {
      throw new ValueError(`Network: cannot start ${this.threads} threads: ${(e as Error).message}. Create the network with threads: 1 (the default) to run on one thread`);
    }
  }

  /** Current simulation time in seconds. */
  get t(): number {
    return this.clock.t;
  }

  /** The time step in seconds. */
  get dt(): number {
    return this.clock.dt;
  }

  /**
   * Changes the time step between runs (Brian's `defaultclock.dt = ...`), keeping the current
   * time, which must be a whole number of new steps. Kernels are not recompiled (dt is a kernel
   * argument); queued synaptic events keep their delay in seconds, rounded to the new steps as
   * Brian's queue does; objects with their own dt must be multiples of the new dt at the next run.
   * An error (changing nothing) during a run or when t is not a multiple of the new dt.
   */
  set dt(value: QuantityLike) {
    if (this.running) throw new ValueError('cannot change dt during a run; change it between runs');
    const dt = toSI(value, SECOND, 'Network dt');
    const old = this.clock.dt;
    this.clock.setDt(dt);
    if (dt !== old) for (const o of this.objects) o.dtChanged?.(old, dt);
  }

  /** Steps of the network clock between runs of an object with its own dt (which must be a whole multiple). */
  periodOf(dt: number, what: string): number {
    return this.clock.period(dt, what);
  }

  /** A unique name: the requested one (an error if taken) or `<base>`, `<base>_1`, ... */
  uniqueName(base: string, requested?: string): string {
    if (requested !== undefined) {
      if (this.names.has(requested)) throw new ValueError(`the network already has an object named '${requested}'`);
      this.names.add(requested);
      return requested;
    }
    let name = base;
    for (let k = 1; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    return name;
  }

  /** Adds an object built outside the factory methods (inputs, monitors and synapses use this). */
  add<T extends SimObject>(object: T): T {
    this.objects.push(object);
    return object;
  }

  neuronGroup(N: number, model: string, options: NeuronGroupOptions = {}): NeuronGroup {
    return this.add(new NeuronGroup(N, model, this.uniqueName('neurongroup', options.name), options, this));
  }

  /** Synapses from `source` to `target` (groups or subgroups); create them with `connect()`. */
  synapses(source: SpikeSource, target: SpikeSource, options: SynapsesOptions = {}): Synapses {
    return this.add(new Synapses(source, target, this.uniqueName('synapses', options.name), options, this));
  }

  spikeMonitor(source: SpikeSource, options: SpikeMonitorOptions = {}): SpikeMonitor {
    return this.add(new SpikeMonitor(source, this.uniqueName('spikemonitor', options.name), options));
  }

  /**
   * Records one event of a group (Brian's `EventMonitor`): `'spike'` or a custom event defined with
   * the group's `events` option, with the values of `variables` at event time.
   */
  eventMonitor(source: SpikeSource, event: string, options: EventMonitorOptions = {}): EventMonitor {
    // Checked before the name is taken, so a corrected call may reuse the name.
    eventSourceOf(source, event, `EventMonitor${options.name !== undefined ? ` '${options.name}'` : ''}`);
    return this.add(new EventMonitor(source, event, this.uniqueName('eventmonitor', options.name), options));
  }

  stateMonitor(source: StateMonitorSource, variables: string | readonly string[], options: StateMonitorOptions): StateMonitor {
    const vars = typeof variables === 'string' ? [variables] : variables;
    return this.add(new StateMonitor(source, vars, this.uniqueName('statemonitor', options.name), options, this));
  }

  /** Poisson spike trains: `rates` is a rate (`'10 Hz'`, or Hz), one rate per element (Hz), or an expression (`'stimulus(t)'`). */
  poissonGroup(N: number, rates: PoissonRates, options: PoissonGroupOptions = {}): PoissonGroup {
    return this.add(new PoissonGroup(N, rates, this.uniqueName('poissongroup', options.name), options, this));
  }

  /** Plays back spikes: `indices[k]` spikes at `times[k]` (seconds, or strings such as `'5 ms'`), repeated every `period` if given. */
  spikeGeneratorGroup(N: number, indices: ArrayLike<number>, times: SpikeTimes, options: SpikeGeneratorGroupOptions = {}): SpikeGeneratorGroup {
    return this.add(new SpikeGeneratorGroup(N, indices, times, this.uniqueName('spikegeneratorgroup', options.name), options, this));
  }

  /** `N` independent Poisson inputs at `rate` on `targetVar` of every element of `target`, each spike adding `weight`. */
  poissonInput(target: Monitorable, targetVar: string, N: number, rate: QuantityLike, weight: QuantityLike, options: PoissonInputOptions = {}): PoissonInput {
    return this.add(new PoissonInput(target, targetVar, N, rate, weight, this.uniqueName('poissoninput', options.name), options));
  }

  /** Records the population rate of `source` (Hz) at every step. */
  populationRateMonitor(source: SpikeSource, options: PopulationRateMonitorOptions = {}): PopulationRateMonitor {
    return this.add(new PopulationRateMonitor(source, this.uniqueName('ratemonitor', options.name), options, this));
  }

  /** Calls `callback(t)` during runs, every step or every `options.dt`, in slot `options.when` (default `'start'`). */
  networkOperation(callback: NetworkOperationCallback, options: NetworkOperationOptions = {}): NetworkOperation {
    return this.add(new NetworkOperation(callback, this.uniqueName('networkoperation', options.name), options, this));
  }

  /** A TimedArray read on this network's clock (same as `new TimedArray(...)` bound to this network's dt). */
  timedArray(values: ArrayLike<number> | ArrayLike<ArrayLike<number>>, dt: QuantityLike, options: TimedArrayOptions = {}): TimedArray {
    return new TimedArray(values, dt, { clockDt: this.clock.dt, ...options });
  }

  /** Stops the current run at the end of the current step. */
  stop(): void {
    this.control.stopRequested = true;
  }

  private async resolveBackend(): Promise<Backend> {
    if (this.backend) return this.backend;
    const opt = this.backendOption;
    if (typeof opt === 'object' && 'compile' in opt) this.backend = opt;
    else if (opt === 'js') this.backend = jsBackend;
    else {
      // Loaded only when asked for: gpu.js is not on the start-up path of CPU simulations.
      const gpu = await import('@neurite/codegen/gpujs');
      const mode = typeof opt === 'object' ? opt.mode : undefined;
      this.backend = mode === undefined ? getBackend('gpujs') : gpu.createGpujsBackend({ mode });
    }
    return this.backend;
  }

  /** Runs for `duration` (e.g. `'1 s'`), continuing from the current time. */
  async run(duration: QuantityLike, options: RunOptions = {}): Promise<void> {
    const seconds = toSI(duration, SECOND, 'run duration');
    if (seconds < 0) throw new ValueError(`run duration must not be negative, got ${seconds} s`);
    const backend = await this.resolveBackend();
    const team = await this.teamFor(backend);
    const streams = this.copyStreams;
    const rng = this.rng;
    const run: RunContext = {
      dt: this.clock.dt,
      backend,
      namespace: options.namespace ?? {},
      random: streams === undefined ? () => rng : (elements) => new CopyStreams(streams, elements / streams.length),
      team,
    };
    for (const o of this.objects) o.prepare(run);
    checkWriteConflicts(this.objects);
    const ops = sortSchedule(this.objects.flatMap((o) => o.operations()));
    const steps = this.clock.steps(seconds);
    this.control.stopRequested = false;
    this.running = true;
    try {
      const profiling = options.profile === true;
      this.loop(profiling ? ops : fuseSchedule(ops), steps, options.report, profiling);
    } finally {
      this.running = false;
    }
  }

  /**
   * Makes this network a batch of `streams.length` copies that draw from one generator each
   * (runBatch with `seeds`): every object's elements must be copies side by side (batch.ts).
   * @internal
   */
  useCopyStreams(streams: readonly Random[]): void {
    this.copyStreams = streams;
  }

  /**
   * Runs `batch` independent copies of this network as one simulation, each copy with its own
   * values of `params` (`{ tau: ['1 ms', '2 ms', ...] }`), and returns the results per copy. The
   * network itself is not changed: the copies start from its current state. A copy whose model is
   * deterministic gives exactly (bit for bit) what `restore()` + `run()` with its values gives;
   * random draws come from one stream shared by all copies, so those differ from sequential runs
   * (same statistics, other draws). See {@link BatchOptions} and {@link BatchResult}.
   */
  runBatch(duration: QuantityLike, options: BatchOptions = {}): Promise<BatchResult> {
    return runBatch(this.batchHost(), duration, options);
  }

  /**
   * A batch that runs again: copies this network as it is now into one batched network of
   * `batch` copies (as {@link runBatch} does), which each `run(duration, { params, seeds })`
   * restores to that state, gives the run's values and runs. For sweeps that are repeated —
   * other values of the same parameters, other seeds — it builds the copies once, as
   * `restore()` + `run()` reuses a network. Later changes to this network do not reach the batch.
   */
  batched(options: Omit<BatchOptions, keyof RunOptions> & { readonly namespace?: Namespace } = {}): BatchedNetwork {
    return makeBatch(this.batchHost(), options, true);
  }

  private batchHost(): BatchHost {
    return { objects: this.objects, clock: this.clock, rng: this.rng, backend: this.backend ?? this.backendOption, threads: this.threads };
  }

  /** Brian's `profiling_summary`: the operations of profiled runs by time, largest first. */
  profilingSummary(show = 10): string {
    return this.profile.summary(show);
  }

  private loop(ops: readonly Operation[], steps: number, report: RunOptions['report'], profiling: boolean): void {
    const clock = this.clock;
    const ctx: StepContext = { t: clock.t, tick: clock.ticks, dt: clock.dt, rng: this.rng };
    const started = performance.now();
    const end = clock.ticks + steps;
    if (profiling) {
      this.profiledLoop(ops, ctx, end, report, started);
      return;
    }
    // The generated loop runs many steps per call; with progress reports, in chunks of 1024
    // steps, between which the time is checked.
    const advance = stepLoop(ops);
    let nextReport = started + 10_000;
    let tick = clock.ticks;
    while (tick < end && !this.control.stopRequested) {
      tick = advance(ops, ctx, clock, this.control, tick, report ? Math.min(end, tick + 1024) : end);
      if (report && performance.now() > nextReport) {
        nextReport = performance.now() + 10_000;
        this.report(report, started, (tick - (end - steps)) / steps);
      }
    }
    if (report) this.report(report, started, 1);
  }

  /** The loop of a profiled run: every operation timed (see profiling.ts), in schedule order. */
  private profiledLoop(ops: readonly Operation[], ctx: StepContext, end: number, report: RunOptions['report'], started: number): void {
    const clock = this.clock;
    const steps = end - clock.ticks;
    let nextReport = started + 10_000;
    for (let tick = clock.ticks; tick < end; tick++) {
      ctx.tick = tick;
      ctx.t = tick * clock.dt;
      for (let k = 0; k < ops.length; k++) {
        const op = ops[k]!;
        if (op.period === 1 || tick % op.period === 0) this.profile.timed(op, ctx);
      }
      clock.ticks = tick + 1;
      if (this.control.stopRequested) break;
      if (report && (tick & 1023) === 0 && performance.now() > nextReport) {
        nextReport = performance.now() + 10_000;
        this.report(report, started, (tick + 1 - (end - steps)) / steps);
      }
    }
    if (report) this.report(report, started, 1);
  }

  private report(report: NonNullable<RunOptions['report']>, started: number, fraction: number): void {
    const elapsed = (performance.now() - started) / 1000;
    if (report === 'text') console.log(`${(fraction * 100).toFixed(0)}% done, ${elapsed.toFixed(2)} s elapsed (t = ${this.t.toFixed(4)} s)`);
    else report(elapsed, fraction);
  }

  /**
   * Saves the state (arrays, time, queued spikes, recordings, random generator) under a name, in
   * memory — and in `file` too if given (Node; one file keeps several names). Returns a promise only
   * when writing a file.
   */
  store(name?: string): void;
  store(name: string, options: { readonly file: string }): Promise<void>;
  store(name = 'default', options?: { readonly file?: string }): void | Promise<void> {
    const snapshot = this.snapshot();
    this.stored.set(name, snapshot);
    const file = options?.file;
    if (file === undefined) return;
    return (async () => {
      const existing = await readSnapshots(file).catch(() => new Map<string, Snapshot>());
      existing.set(name, snapshot);
      await writeSnapshots(file, existing);
    })();
  }

  /**
   * Brings back a stored state — from memory, or from `file` — leaving the model, kernels and
   * objects as they are. An unknown name or an unreadable file is an error that changes nothing.
   */
  restore(name?: string): void;
  restore(name: string, options: { readonly file: string }): Promise<void>;
  restore(name = 'default', options?: { readonly file?: string }): void | Promise<void> {
    const file = options?.file;
    if (file === undefined) {
      this.restoreSnapshot(this.lookupStored(this.stored, name, 'in memory'));
      return;
    }
    return (async () => {
      const snapshots = await readSnapshots(file);
      this.restoreSnapshot(this.lookupStored(snapshots, name, `in '${file}'`));
    })();
  }

  /**
   * @internal The state as store() keeps it, but kept by the caller rather than under a name
   * (a BatchedNetwork's starting state: names belong to the user).
   */
  snapshot(): Snapshot {
    return storeState(this.objects, this.clock, this.rng);
  }

  /** @internal Brings back a state from {@link snapshot} (or store()). */
  restoreSnapshot(snapshot: Snapshot): void {
    restoreState(snapshot, this.objects, this.clock, this.rng);
  }

  private lookupStored(stored: ReadonlyMap<string, Snapshot>, name: string, where: string): Snapshot {
    const s = stored.get(name);
    if (!s) throw new ValueError(`no state stored under '${name}' ${where}; stored: ${[...stored.keys()].map((k) => `'${k}'`).join(', ') || 'none'}`);
    return s;
  }
}
