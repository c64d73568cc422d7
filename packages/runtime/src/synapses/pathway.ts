/**
 * A synaptic pathway (Brian's `SynapticPathway`): `on_pre` code run for the synapses of this step's
 * presynaptic spikes, or `on_post` code for postsynaptic spikes — in slot `synapses`, order -1 for
 * pre and +1 for post, as in Brian; pathways of the same order run by name (the network sorts
 * operations by order, then name). Each pathway has its own queue and delays.
 *
 * Connectivity is a CSR by source neuron (relative to a subgroup source): the synapses of neuron
 * `k` are `syn[ptr[k] .. ptr[k+1])`, in creation order. Rebuilt before a run when synapses changed.
 * When the synapses are stored in order of their source (one connect() creates them so), `syn` is
 * the identity and is passed to the kernel empty, which saves the kernel one load per event.
 *
 * Delays, in steps, rounded as Brian's queue does (`(int)(delay/dt + 0.5)`, cspikequeue.cpp):
 * - all zero and nothing queued: the kernel's `pathway` loop runs directly over this step's
 *   spikes and the CSR (no copying);
 * - otherwise each spike pushes its synapses into the {@link SpikeQueue} (one bulk copy per spike
 *   when all delays are equal, Brian's scalar-delay fast path), and the list of synapses due in
 *   this step is delivered through the same `pathway` kernel, given a one-row CSR
 *   (`_events = [0]`, `_ptr = [0, count]`, `_synapses = the list`). Delay 0 is delivered in the
 *   step of the spike. So heterogeneous delays need no other kind of kernel — and GPU backends that
 *   run `pathway` loops run them too.
 */
import type { CompiledKernel, KernelArgs, RandomSource, StateArray } from '@neurite/codegen';
import { ValueError } from '../quantity.js';
import type { Operation, SpikeSource, StepContext } from '../sim-object.js';
import { SpikeQueue } from './spike-queue.js';
import { record } from '../kernel-records.js';

export type PrePost = 'pre' | 'post';

/** Delay steps of each synapse (length N), or one value for all. */
export type DelaySteps = Int32Array | number;

/** Brian's rounding of a delay to steps (`(int)(delay/dt + 0.5)` in its spike queue). */
export function delayToSteps(delay: number, dt: number): number {
  return Math.floor(delay / dt + 0.5);
}

export interface PathwayKernelArgs {
  readonly kernel: CompiledKernel;
  /** Every array the kernel declares except the loop's own (`_events`, `_ptr`, `_synapses`). */
  readonly arrays: Readonly<Record<string, StateArray>>;
  /** Shared with the other kernels of the Synapses object; `t` and `count` are set here. */
  readonly scalars: Record<string, number>;
  readonly externs: Readonly<Record<string, (...args: number[]) => number>>;
  readonly rng: RandomSource;
}

export class SynapticPathway {
  readonly queue = new SpikeQueue();
  private ptr = new Int32Array(1);
  /** The CSR's synapse list; empty when it is the identity (synapses stored in source order). */
  private syn = new Int32Array(0);
  /** How many synapses the CSR holds. */
  private size = 0;
  /** The identity list `0 .. size-1`, written out for the queue when `syn` is empty. */
  private identity = new Int32Array(0);
  private csrVersion = -1;

  constructor(
    readonly prepost: PrePost,
    /** Operation name: `<synapses>_<pathway>` (`S_pre`, `S_post`, `S_up`). */
    readonly name: string,
    readonly code: string,
    /** The group whose spikes trigger the code (the target, for `on_post`). */
    readonly source: SpikeSource,
    /** The pathway's name: `pre`, `post`, or a key of an `onPre` / `onPost` record. */
    readonly pathway: string = prepost,
  ) {}

  /**
   * Rebuilds the CSR by source neuron from the synapses' (absolute) source indices if they changed.
   * Synapses already in order of their source (as one connect() creates them) need no synapse
   * list: the CSR is the identity, passed to kernels as an empty `_synapses` (see ARRAYS.ptr).
   */
  updateConnectivity(sourceIndex: Int32Array, version: number): void {
    if (version === this.csrVersion) return;
    const n = this.source.N;
    const offset = this.source.offset;
    const ptr = new Int32Array(n + 1);
    let sorted = true;
    for (let s = 0, last = -Infinity; s < sourceIndex.length; s++) {
      const k = sourceIndex[s]!;
      if (k < last) sorted = false;
      last = k;
      ptr[k - offset + 1]!++;
    }
    for (let k = 0; k < n; k++) ptr[k + 1]! += ptr[k]!;
    let syn = new Int32Array(0);
    if (!sorted) {
      const fill = ptr.slice(0, n);
      syn = new Int32Array(sourceIndex.length);
      // Counting sort: stable, so each neuron's synapses stay in creation order (as in Brian).
      for (let s = 0; s < sourceIndex.length; s++) syn[fill[sourceIndex[s]! - offset]!++] = s;
    }
    this.ptr = ptr;
    this.syn = syn;
    this.size = sourceIndex.length;
    this.csrVersion = version;
  }

  /** The CSR's synapse list, written out when it is the identity (the queue copies from it). */
  private synapseList(): Int32Array {
    if (this.syn.length === this.size) return this.syn;
    if (this.identity.length !== this.size) {
      this.identity = new Int32Array(this.size);
      for (let s = 0; s < this.size; s++) this.identity[s] = s;
    }
    return this.identity;
  }

  /** The operation for one run. `delays` are in steps (already checked to be non-negative). */
  operation(args: PathwayKernelArgs, delays: DelaySteps): Operation {
    const { kernel, scalars, externs, rng } = args;
    const source = this.source;
    const ptr = this.ptr;
    const queue = this.queue;
    const order = this.prepost === 'pre' ? -1 : 1;
    const direct = delays === 0 && queue.pending === 0;
    if (direct) {
      const call = { arrays: record<StateArray>(args.arrays, { _events: source.spikes, _ptr: ptr, _synapses: this.syn }), scalars, externs, rng };
      return new DirectPathwayOp(this.name, order, source, kernel, call, scalars);
    }
    let maxDelay = typeof delays === 'number' ? delays : 0;
    if (typeof delays !== 'number') for (let s = 0; s < delays.length; s++) if (delays[s]! > maxDelay) maxDelay = delays[s]!;
    queue.ensureDelay(maxDelay);
    const rowPtr = new Int32Array(2);
    const arrays = record<StateArray>(args.arrays, { _events: new Int32Array(1), _ptr: rowPtr, _synapses: queue.current() });
    const call = { arrays, scalars, externs, rng };
    return new QueuedPathwayOp(this.name, order, source, kernel, call, scalars, queue, ptr, this.synapseList(), delays, rowPtr);
  }
}

// The operations are classes rather than closures made per run, so that V8's optimised code for
// `run` serves every run and every network (see operations/kernel-ops.ts).

/** No delays and nothing queued: the kernel runs over this step's spikes of the source directly. */
class DirectPathwayOp implements Operation {
  readonly when = 'synapses' as const;
  readonly period = 1;

  constructor(
    readonly name: string,
    readonly order: number,
    private readonly source: SpikeSource,
    private readonly kernel: CompiledKernel,
    private readonly call: KernelArgs,
    private readonly scalars: Record<string, number>,
  ) {
    kernel.bind?.(call);
  }

  run(ctx: StepContext): void {
    const n = this.source.spikesAt(ctx.tick);
    if (n === 0) return;
    this.scalars['t'] = ctx.t;
    this.scalars['count'] = n;
    this.kernel.run(this.call);
  }
}

/** With delays: this step's spikes go into the queue, and the synapses due now are processed. */
class QueuedPathwayOp implements Operation {
  readonly when = 'synapses' as const;
  readonly period = 1;
  /** One delay (steps) for every synapse, or -1 when `steps` holds one per synapse. */
  private readonly homogeneous: number;
  private readonly steps: Int32Array;

  constructor(
    readonly name: string,
    readonly order: number,
    private readonly source: SpikeSource,
    private readonly kernel: CompiledKernel,
    private readonly call: { readonly arrays: Record<string, StateArray> } & KernelArgs,
    private readonly scalars: Record<string, number>,
    private readonly queue: SpikeQueue,
    private readonly ptr: Int32Array,
    private readonly syn: Int32Array,
    delays: DelaySteps,
    private readonly rowPtr: Int32Array,
  ) {
    this.homogeneous = typeof delays === 'number' ? delays : -1;
    this.steps = typeof delays === 'number' ? new Int32Array(0) : delays;
    kernel.bind?.(call);
  }

  run(ctx: StepContext): void {
    const { source, queue, ptr, syn, homogeneous, steps } = this;
    const n = source.spikesAt(ctx.tick);
    const spikes = source.spikes;
    for (let k = 0; k < n; k++) {
      const neuron = spikes[k]!;
      const start = ptr[neuron]!;
      const end = ptr[neuron + 1]!;
      if (homogeneous >= 0) queue.pushRange(homogeneous, syn, start, end);
      else for (let s = start; s < end; s++) queue.push(steps[syn[s]!]!, syn[s]!);
    }
    const count = queue.currentCount();
    if (count > 0) {
      this.call.arrays['_synapses'] = queue.current();
      this.rowPtr[1] = count;
      this.scalars['t'] = ctx.t;
      this.scalars['count'] = 1;
      this.kernel.run(this.call);
    }
    queue.advance();
  }
}

/**
 * Delays (seconds, one per synapse) to steps; errors name the first bad synapse. Returns one
 * number when all synapses have the same delay.
 */
export function delaySteps(delays: ArrayLike<number>, dt: number, describe: (synapse: number) => string): DelaySteps {
  const n = delays.length;
  if (n === 0) return 0;
  // Usually every synapse has the same delay: one comparison per synapse, no array.
  const d0 = delays[0]!;
  let s = 1;
  while (s < n && delays[s] === d0) s++;
  if (!Number.isFinite(d0) || d0 < 0) throw new ValueError(`${describe(0)} has the delay ${d0} s; delays must be finite and not negative`);
  if (s === n) return delayToSteps(d0, dt);
  const steps = new Int32Array(n);
  let same = true;
  const first = delayToSteps(d0, dt);
  for (s = 0; s < n; s++) {
    const d = delays[s]!;
    if (!Number.isFinite(d) || d < 0) throw new ValueError(`${describe(s)} has the delay ${d} s; delays must be finite and not negative`);
    const k = delayToSteps(d, dt);
    steps[s] = k;
    if (k !== first) same = false;
  }
  return same ? first : steps;
}
