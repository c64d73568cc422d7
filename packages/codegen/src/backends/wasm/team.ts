/**
 * WasmTeam: worker threads that run parts of a WebAssembly kernel's range while the calling
 * thread runs the first part — a state update, a threshold, or both fused, over a group's
 * elements in a shared WasmArena.
 *
 * Why it gives the same numbers as one thread: a threadable kernel (emit-wasm's `notThreadable`
 * is undefined) writes only its own elements and appends its events; each element's arithmetic is
 * the same whichever thread and whichever lane computes it; the parts are multiples of eight
 * elements, so every part starts where the one-thread loop would start a group of eight. Each
 * part appends its events into its own stretch of the events array (the part `from..to` at
 * position `from`), and {@link WasmTeam.finish} moves them together in element order.
 *
 * A call: the invoker writes the arguments into {@link WasmTeam.args}, calls `start` (the
 * workers begin), runs its own part, then `finish` (waits for the workers; moves the events).
 * Workers spin on the control block between calls (a step of a run is tens of microseconds; a
 * futex wake-up would cost as much), and sleep in `Atomics.wait` after ~1 ms without work.
 *
 * Workers are Node worker threads (`node:worker_threads`), created from source text, so they load
 * no module at all. They are created only once a kernel's calls take long enough for sharing to
 * pay (see WORTH_SHARING_MS): starting one costs ~30 ms of a core, which on a small machine slows
 * the calling thread's own start (V8 compiles on the other cores), for nothing where every kernel
 * is short. Until all of them run, calls run on the calling thread alone (same results), so a run
 * never waits for them. They are unref'd: an idle team never keeps a process alive.
 */
import type { KernelTeam } from '../backend.js';
import { memoryOf } from './arena.js';
import type { WasmMemory } from './wasm-api.js';
import { WASM_DECLINED, THREAD_SAFE_HELPERS, THREAD_SAFE_HELPERS_SOURCE } from './emit-wasm.js';
import { isShared, type WasmTier } from './wasm-kernel.js';

/** Thrown when a team cannot start (no worker threads, no SharedArrayBuffer) or a worker fails. */
export class TeamError extends Error {}

/** Int32 slots of the control block. */
const SEQ = 0; // incremented for each call; workers wait for it to change
const DONE = 1; // workers that finished the current call
const FAILED = 2; // 1 once a worker failed (its message waits on its port)
const SLOT = 3; // the kernel of the current call
const STOP = 4; // 1: workers exit
const ONLINE = 5; // workers running their loop (each adds 1 when it starts)
const PART = 8; // worker w (1-based): from at PART + 3w, to at +1, its event count at +2
const MAX_THREADS = 64;
const CONTROL_INTS = PART + 3 * (MAX_THREADS + 1);
/** Largest argument count of a kernel a team runs (scalars and arrays). */
const MAX_ARGS = 1024;

/**
 * Elements per call below which a call stays on the calling thread: handing a part to a worker
 * costs ~1 µs, which a smaller part does not pay back.
 */
export const TEAM_MIN_ELEMENTS = 2048;

/**
 * Whether sharing a kernel pays is measured, not guessed: a cheap kernel over a few thousand
 * elements, or one whose arrays the calling thread writes between calls (a synapse pathway into
 * the group moves those cache lines back and forth between cores), can run slower shared. Each
 * kernel's first TRIAL_WARM calls are shared (the workers' WebAssembly warms up); then TRIAL_PAIRS
 * pairs of blocks of TRIAL_BLOCK calls, one on the calling thread alone and one shared, are timed
 * (each block's first TRIAL_SKIP calls, which move the cache lines, are not); the kernel is shared
 * from then on when its median step took under SHARE_GAIN of its median step alone. A step is the
 * time from one call of the kernel to the next, not the call alone: what sharing costs can land
 * in other operations (CUBA 40 000's shared update is a little faster, but the synaptic input
 * added into the worker's part then misses the cache, and its steps are slower). Medians, not
 * sums: on a virtual machine a worker is now and then descheduled for milliseconds, and one such
 * stall in a shared block outweighed the gain of the whole block (COBAHH 4 000 was kept on one
 * thread in about half of its runs). Results are the same either way, so the choice changes only
 * the speed.
 */
const TRIAL_WARM = 64;
const TRIAL_BLOCK = 16;
const TRIAL_SKIP = 4;
const TRIAL_PAIRS = 4;
const SHARE_GAIN = 0.85;

/**
 * Workers are started once some kernel's calls, alone, took at least this long (the fastest of
 * its first PROBE_CALLS calls), in ms. A shared call pays ~1 µs of hand-off and moves cache lines
 * between cores; under ~15 µs (e.g. CUBA with 4 000 neurons, ~5 µs per step) the trial would keep
 * the kernel alone anyway.
 */
const WORTH_SHARING_MS = 0.015;
const PROBE_CALLS = 16;

/** The median of `xs` (NaN for none). */
function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

/** Where a kernel stands in its trial. */
const enum Sharing {
  Trial,
  Share,
  Alone,
}

/** The source of every worker (CommonJS, evaluated by `new Worker(source, { eval: true })`). */
const WORKER_SOURCE = `"use strict";
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { control, argBuffer, port, index } = workerData;
const ctl = new Int32Array(control);
const A = new Float64Array(argBuffer);
const helpers = new Function(${JSON.stringify(`${THREAD_SAFE_HELPERS_SOURCE}\nreturn { ${Object.entries(THREAD_SAFE_HELPERS).map(([k, v]) => `${k}: ${v}`).join(', ')} };`)})();
const kernels = [];
function kernel(slot) {
  while (kernels[slot] === undefined) {
    const m = receiveMessageOnPort(port);
    if (m === undefined) throw new Error('kernel ' + slot + ' was not sent to this worker');
    const k = m.message;
    const imports = { env: { memory: k.memory }, Math: {}, helpers: {} };
    for (const i of k.imports) imports[i.module][i.name] = i.module === 'Math' ? Math[i.name] : helpers[i.name];
    const fn = new WebAssembly.Instance(k.module, imports).exports[k.exportName];
    const args = [];
    for (let j = 0; j < k.argumentCount; j++) args.push(j === k.eventsParam ? 'A[' + j + '] + from * 4' : 'A[' + j + ']');
    kernels[k.slot] = new Function('fn', 'A', 'from', 'to', 'return fn(' + args.join(', ') + ', from, to);').bind(null, fn, A);
  }
  return kernels[slot];
}
// The call count is read before counting in as online: a call begun after that is seen as new.
let seen = Atomics.load(ctl, ${SEQ});
Atomics.add(ctl, ${ONLINE}, 1);
for (;;) {
  let spins = 0;
  while (Atomics.load(ctl, ${SEQ}) === seen) {
    if (++spins > 1000000) { Atomics.wait(ctl, ${SEQ}, seen); spins = 0; }
  }
  seen = Atomics.load(ctl, ${SEQ});
  if (Atomics.load(ctl, ${STOP}) === 1) break;
  const at = ${PART} + 3 * index;
  try {
    const from = ctl[at], to = ctl[at + 1];
    ctl[at + 2] = from < to ? kernel(ctl[${SLOT}])(from, to) : 0;
  } catch (e) {
    port.postMessage(String(e && e.stack || e));
    Atomics.store(ctl, ${FAILED}, 1);
  }
  Atomics.add(ctl, ${DONE}, 1);
}
`;

interface Slot {
  readonly tier: WasmTier;
  readonly memory: WasmMemory;
  readonly name: string;
  /** The memory's bytes as 32-bit integers, for moving events (undefined: the kernel emits none). */
  readonly ints: Int32Array | undefined;
  readonly eventsParam: number;
  /** Calls begun with every worker running (the trial's clock). */
  calls: number;
  sharing: Sharing;
  /** The trial's timed steps alone and shared (see TRIAL_WARM), in ms. */
  readonly aloneMs: number[];
  readonly sharedMs: number[];
  /** The previous call was timed: alone or shared, and when it began. */
  timing: 'alone' | 'shared' | undefined;
  timedAt: number;
  /** Calls timed before any worker was started, and the fastest of them in ms (see WORTH_SHARING_MS). */
  probes: number;
  fastestMs: number;
}

type WorkerThreads = typeof import('node:worker_threads');
type WorkerHandle = InstanceType<WorkerThreads['Worker']>;

/** Teams by size, one per process: runs and networks share their threads. */
const TEAMS = new Map<number, Promise<WasmTeam>>();

export class WasmTeam implements KernelTeam {
  readonly args: Float64Array;
  readonly minElements = TEAM_MIN_ELEMENTS;
  private readonly ctl: Int32Array;
  private readonly slots: Slot[] = [];
  private readonly slotOf = new WeakMap<WasmTier, Map<ArrayBufferLike, number>>();
  /** The calling thread's part of the current call ends here; worker w's starts at w × part. */
  private part = 0;
  /** The current call runs on the calling thread only (workers still starting, or the kernel runs faster alone). */
  private alone = true;
  /** The current call is timed to decide whether to start the workers (see WORTH_SHARING_MS), from `began`. */
  private probing = false;
  private began = 0;
  private readonly workers: WorkerHandle[] = [];
  private readonly ports: InstanceType<WorkerThreads['MessagePort']>[] = [];
  private readonly receive: WorkerThreads['receiveMessageOnPort'];
  /**
   * 'measure' (default): each kernel is shared only where its trial finds sharing faster (see
   * TRIAL_WARM). 'always': every call of enough elements is shared (tests that must see sharing).
   */
  policy: 'measure' | 'always' = 'measure';

  private constructor(
    /** Threads that share a call, the calling one included (2 or more). */
    readonly threads: number,
    private readonly wt: WorkerThreads,
    private readonly control: SharedArrayBuffer,
    private readonly argBuffer: SharedArrayBuffer,
  ) {
    this.ctl = new Int32Array(control);
    this.args = new Float64Array(argBuffer);
    this.receive = wt.receiveMessageOnPort;
  }

  /**
   * The process's team of `threads` threads (the caller and `threads − 1` workers), made on first
   * use and shared by every later caller; its workers start when a kernel is long enough to share
   * (or on {@link whenRunning}). Rejects with a TeamError where this engine has no worker threads
   * or no SharedArrayBuffer.
   */
  static of(threads: number): Promise<WasmTeam> {
    if (!Number.isInteger(threads) || threads < 2 || threads > MAX_THREADS) return Promise.reject(new TeamError(`a team has 2 to ${MAX_THREADS} threads, not ${threads}`));
    let team = TEAMS.get(threads);
    if (team === undefined) {
      team = WasmTeam.start(threads);
      TEAMS.set(threads, team);
      // A team that failed to start is not kept: a later call tries again.
      team.catch(() => TEAMS.delete(threads));
    }
    return team;
  }

  private static async start(threads: number): Promise<WasmTeam> {
    if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') throw new TeamError('this engine has no SharedArrayBuffer, which threads need (in a browser: a cross-origin isolated page)');
    let wt: WorkerThreads;
    try {
      wt = await import('node:worker_threads');
    } catch {
      throw new TeamError('threads need Node.js worker_threads, which this engine does not have');
    }
    return new WasmTeam(threads, wt, new SharedArrayBuffer(CONTROL_INTS * 4), new SharedArrayBuffer(MAX_ARGS * 8));
  }

  /** True once the workers were created (they may still be starting). */
  get started(): boolean {
    return this.workers.length > 0;
  }

  /** Creates the workers (once); kernels known by then are posted to them too. */
  private spawn(): void {
    if (this.started) return;
    const { control, argBuffer } = this;
    for (let index = 1; index < this.threads; index++) {
      const { port1, port2 } = new this.wt.MessageChannel();
      const worker = new this.wt.Worker(WORKER_SOURCE, { eval: true, workerData: { control, argBuffer, port: port2, index }, transferList: [port2] });
      // Never keeps the process alive; a worker that fails never counts itself online, so calls
      // stay on the calling thread (with the same results).
      worker.unref();
      port1.unref();
      worker.on('error', () => undefined);
      this.workers.push(worker);
      this.ports.push(port1);
    }
    this.slots.forEach((s, slot) => this.post(slot, s.tier, s.memory));
  }

  /** Posts kernel `slot` to every worker, which reads it (receiveMessageOnPort) at its first call of the slot. */
  private post(slot: number, tier: WasmTier, memory: WasmMemory): void {
    const module = tier.moduleFor(true)!;
    const message = { slot, module, memory, exportName: tier.exportName, imports: tier.imports, argumentCount: tier.argumentCount, eventsParam: tier.eventsParam };
    for (const port of this.ports) port.postMessage(message);
  }

  /** Calls shared with the workers so far (for tests and profiles). */
  sharedCalls = 0;

  /** True once every worker runs: calls are shared from then on. */
  get running(): boolean {
    return Atomics.load(this.ctl, ONLINE) === this.threads - 1;
  }

  /** Resolves once every worker runs (rejects after `timeoutMs`): for runs that must share calls from their first step. */
  async whenRunning(timeoutMs = 10_000): Promise<void> {
    this.spawn();
    const until = performance.now() + timeoutMs;
    while (!this.running) {
      if (performance.now() > until) throw new TeamError(`the team's worker threads did not start within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /**
   * The team's number for `tier` over the memory behind `buffer`, or -1 where the team cannot run
   * it: the kernel is not threadable, or the memory is not a shared arena's.
   */
  slot(tier: WasmTier, buffer: ArrayBufferLike): number {
    if (tier.notThreadable !== undefined || !tier.takesRange || !isShared(buffer) || tier.argumentCount > MAX_ARGS) return -1;
    const memory = memoryOf(buffer);
    if (memory === undefined) return -1;
    let byBuffer = this.slotOf.get(tier);
    if (byBuffer === undefined) this.slotOf.set(tier, (byBuffer = new Map()));
    const known = byBuffer.get(buffer);
    if (known !== undefined) return known;
    if (tier.moduleFor(true) === undefined) return -1;
    const slot = this.slots.length;
    // Posted now if the workers exist, else when they are created.
    if (this.started) this.post(slot, tier, memory);
    const ints = tier.eventsParam >= 0 ? new Int32Array(buffer) : undefined;
    this.slots.push({ tier, memory, name: tier.exportName, ints, eventsParam: tier.eventsParam, calls: 0, sharing: Sharing.Trial, aloneMs: [], sharedMs: [], timing: undefined, timedAt: 0, probes: 0, fastestMs: Infinity });
    byBuffer.set(buffer, slot);
    return slot;
  }

  /**
   * Starts a call of `slot` over `0 <= i < n` with the arguments in {@link args}: the workers take
   * their parts; returns where the caller's part, from 0, ends.
   */
  start(slot: number, n: number): number {
    const ctl = this.ctl;
    // Until every worker runs, the caller takes the whole call; and where it runs faster alone.
    this.probing = false;
    if (!this.started) {
      if (this.policy === 'always') this.spawn();
      else {
        // Timed alone until the kernel shows whether sharing could pay (see WORTH_SHARING_MS).
        this.alone = true;
        this.probing = this.slots[slot]!.probes < PROBE_CALLS;
        if (this.probing) this.began = performance.now();
        return n;
      }
    }
    this.alone = Atomics.load(ctl, ONLINE) !== this.threads - 1 || (this.policy === 'measure' && !this.shares(this.slots[slot]!));
    if (this.alone) return n;
    this.sharedCalls++;
    const part = ((Math.ceil(n / this.threads) + 7) >> 3) << 3;
    this.part = Math.min(n, part);
    ctl[SLOT] = slot;
    for (let w = 1; w < this.threads; w++) {
      ctl[PART + 3 * w] = Math.min(n, w * part);
      ctl[PART + 3 * w + 1] = Math.min(n, (w + 1) * part);
    }
    Atomics.store(ctl, DONE, 0);
    Atomics.add(ctl, SEQ, 1);
    Atomics.notify(ctl, SEQ);
    return this.part;
  }

  /**
   * Waits for the workers' parts of the call `start` began; `own` is what the caller's part
   * returned (its event count). Returns the call's event count, its events moved together in
   * element order — or WASM_DECLINED where the kernel declined (every part does, before writing).
   */
  finish(slot: number, own: number): number {
    if (this.probing) {
      const s = this.slots[slot]!;
      s.fastestMs = Math.min(s.fastestMs, performance.now() - this.began);
      if (++s.probes === PROBE_CALLS && s.fastestMs >= WORTH_SHARING_MS) this.spawn();
      return own;
    }
    return this.alone ? own : this.gather(slot, own);
  }

  /** Whether this call of `s` is shared: its trial's plan, then its trial's verdict. */
  private shares(s: Slot): boolean {
    if (s.sharing !== Sharing.Trial) return s.sharing === Sharing.Share;
    // The step that ends now, if its call was timed.
    const now = performance.now();
    if (s.timing !== undefined) (s.timing === 'alone' ? s.aloneMs : s.sharedMs).push(now - s.timedAt);
    s.timing = undefined;
    const c = s.calls++ - TRIAL_WARM;
    if (c < 0) return true;
    const block = Math.floor(c / TRIAL_BLOCK);
    if (block >= 2 * TRIAL_PAIRS) {
      s.sharing = median(s.sharedMs) < SHARE_GAIN * median(s.aloneMs) ? Sharing.Share : Sharing.Alone;
      return s.sharing === Sharing.Share;
    }
    const shared = block % 2 === 1;
    if (c % TRIAL_BLOCK >= TRIAL_SKIP) {
      s.timing = shared ? 'shared' : 'alone';
      s.timedAt = now;
    }
    return shared;
  }

  /**
   * Each kernel's verdict so far — shared, alone, or undefined while its trial runs — its calls
   * counted by the trial, and its median timed step alone and shared in ms (for tests and profiles).
   */
  get verdicts(): { kernel: string; calls: number; shared: boolean | undefined; aloneMs: number; sharedMs: number }[] {
    return this.slots.map((s) => ({ kernel: s.name, calls: s.calls, shared: s.sharing === Sharing.Trial ? undefined : s.sharing === Sharing.Share, aloneMs: median(s.aloneMs), sharedMs: median(s.sharedMs) }));
  }

  /** The workers' part of a shared call: waits for them, then moves their events (see `finish`). */
  private gather(slot: number, own: number): number {
    const ctl = this.ctl;
    const others = this.threads - 1;
    let spins = 0;
    let since = 0;
    while (Atomics.load(ctl, DONE) !== others) {
      if ((++spins & 0xfffff) === 0) {
        since ||= performance.now();
        if (performance.now() - since > 60_000) throw new TeamError(`kernel '${this.slots[slot]!.name}': a worker thread did not finish its part within a minute`);
      }
    }
    if (Atomics.load(ctl, FAILED) === 1) {
      Atomics.store(ctl, FAILED, 0);
      const messages = this.ports.map((p) => this.receive(p)?.message).filter((m) => m !== undefined);
      throw new TeamError(`kernel '${this.slots[slot]!.name}' failed on a worker thread: ${messages.join('\n')}`);
    }
    if (own === WASM_DECLINED) return WASM_DECLINED;
    const s = this.slots[slot]!;
    if (s.ints === undefined) return own;
    const base = this.args[s.eventsParam]! >> 2;
    let total = own;
    for (let w = 1; w <= others; w++) {
      const count = ctl[PART + 3 * w + 2]!;
      const from = ctl[PART + 3 * w]!;
      if (count > 0 && from !== total) s.ints.copyWithin(base + total, base + from, base + from + count);
      total += count;
    }
    return total;
  }

  /** Ends the workers (a team is per process; tests use this to check that nothing is left). */
  async close(): Promise<void> {
    Atomics.store(this.ctl, STOP, 1);
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ);
    for (const [n, t] of TEAMS) if ((await t) === this) TEAMS.delete(n);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
