/**
 * What the network schedules. Every object (group, synapses, monitor, input) contributes
 * operations; the network runs them in schedule order every step (or every `period` steps).
 */
import type { Backend } from '@neurite/codegen';
import type { KernelTeam, Random, RandomSource } from '@neurite/codegen';
import type { GroupVariables, Namespace } from '@neurite/parser';
import type { Scheduled } from './schedule.js';
import type { Batch } from './batch/batch.js';

/** The per-step view of time. Mutated in place by the network (no allocation per step). */
export interface StepContext {
  /** Current time in seconds, `tick * dt`. */
  t: number;
  /** Steps taken so far. */
  tick: number;
  readonly dt: number;
  readonly rng: Random;
}

export interface Operation extends Scheduled {
  /** Runs every `period` steps (1: every step); period p runs at ticks 0, p, 2p, ... */
  readonly period: number;
  run(ctx: StepContext): void;
}

/** What `prepare` receives at the start of each run. */
export interface RunContext {
  readonly dt: number;
  readonly backend: Backend;
  /** The run's namespace; objects merge it under their own (their own names win). */
  readonly namespace: Namespace;
  /**
   * What the kernels of an object with `elements` elements (neurons, synapses) draw from: the
   * network's generator, or in a batch with a seed per copy one generator per copy (see
   * batch/copy-streams.ts).
   */
  random(elements: number): RandomSource;
  /** Threads that may share large groups' kernels (Network's `threads`), or undefined. */
  readonly team?: KernelTeam | undefined;
}

export interface SimObject {
  readonly name: string;
  /** Checks and compiles (cached) before a run; throws on bad models, leaving the network usable. */
  prepare(run: RunContext): void;
  /** The scheduled work of this object; called after `prepare`. */
  operations(): readonly Operation[];
  /** A deep copy of the object's state (arrays, queued spikes, recordings) for `store`. */
  snapshot(): unknown;
  /** Restores a snapshot taken from this object. */
  restore(snapshot: unknown): void;
  /**
   * Called when the network's dt changes between runs (time is kept): objects that hold time in
   * steps (spike queues) convert it. Optional: most objects keep time in seconds or per run.
   */
  dtChanged?(oldDt: number, newDt: number): void;
  /**
   * Variables of other groups that this object overwrites every step (Brian's summed variables).
   * Optional; the network refuses two writers of one variable in overlapping elements.
   */
  writtenTargets?(): readonly WrittenTarget[];
  /**
   * Adds this object's copies to a batch (`Network.runBatch`): B copies side by side, state as now.
   * Optional: objects without it cannot be batched (runBatch says so).
   */
  replicate?(batch: Batch): void;
}

/** A variable of a group (or subgroup) that an object overwrites every step, for conflict checks. */
export interface WrittenTarget {
  readonly group: SpikeSource;
  readonly variable: string;
  /** For messages: `the summed variable 'x_post' of Synapses 'S'`. */
  readonly writer: string;
}

/**
 * A group that emits spikes and has variables: neuron groups, Poisson and spike generator groups,
 * subgroups. `spikes[0 .. spikeCount)` are the indices that spiked in the current step, valid from
 * the `thresholds` slot on.
 */
export interface SpikeSource {
  readonly name: string;
  readonly N: number;
  readonly spikes: Int32Array;
  readonly spikeCount: number;
  /** For synapses and monitors: the group's variables and their storage. */
  readonly variables: GroupVariables;
  array(name: string): Float64Array | Int32Array | Uint8Array;
  /** Offset of index 0 into the storage arrays (non-zero for subgroups). */
  readonly offset: number;
  /** The number of spikes in `spikes` for step `tick` (subgroups filter their parent's spikes on demand). */
  spikesAt(tick: number): number;
  /**
   * The group's custom events (Brian's `events`), besides `'spike'`. Absent: the group has none.
   */
  readonly eventNames?: readonly string[];
  /**
   * The view of one custom event as a spike source: the same N, offset, variables and storage, but
   * `spikes` / `spikeCount` / `spikesAt` list the elements that had `event` in the current step.
   * The same object every call (listeners may keep it). Throws a ValueError naming `who` (the
   * object asking) and listing the known events when the group has no such event.
   */
  eventSource?(event: string, who?: string): SpikeSource;
}
