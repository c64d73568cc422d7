/**
 * Scheduled operations that call one compiled kernel per step — the state updater, threshold,
 * reset, custom events, run_regularly and run_on_event code.
 *
 * They are classes, not closures made per run, on purpose: every group's state updater then runs
 * the same `run` function, so the code V8 optimises (and inlines into the generated step loop,
 * see step-loop.ts) for one network serves every later network and every later run, instead of
 * being thrown away when the next run brings a new closure.
 */
import type { CompiledKernel, KernelArgs } from '@neurite/codegen';
import type { When } from '../schedule.js';
import type { Operation, StepContext } from '../sim-object.js';

/** Where a step's events are counted: a group, or one of its custom event spaces. */
export interface EventCount {
  spikeCount: number;
}

/** The scalars a kernel reads anew at each call (`t`, and `count` for event loops). */
type StepScalars = Record<string, number>;

/** Where an operation runs in the schedule (see schedule.ts). */
export interface Schedule {
  readonly name: string;
  readonly when: When;
  readonly order: number;
  readonly period: number;
}

/** The schedule fields every operation class shares; subclasses implement `run`. */
export abstract class ScheduledOp implements Operation {
  readonly name: string;
  readonly when: When;
  readonly order: number;
  readonly period: number;

  constructor(schedule: Schedule) {
    this.name = schedule.name;
    this.when = schedule.when;
    this.order = schedule.order;
    this.period = schedule.period;
  }

  abstract run(ctx: StepContext): void;
}

/** Runs a kernel over all elements every `period` steps (state updater, run_regularly). */
export class KernelOp extends ScheduledOp {
  constructor(schedule: Schedule, private readonly kernel: CompiledKernel, private readonly call: KernelArgs, private readonly scalars: StepScalars) {
    super(schedule);
    kernel.bind?.(call);
  }

  run(ctx: StepContext): void {
    this.scalars['t'] = ctx.t;
    this.kernel.run(this.call);
  }
}

/** Runs a threshold-like kernel and records how many elements emitted (threshold, custom events). */
export class EmitOp extends ScheduledOp {
  constructor(schedule: Schedule, private readonly kernel: CompiledKernel, private readonly call: KernelArgs, private readonly scalars: StepScalars, private readonly into: EventCount) {
    super(schedule);
    kernel.bind?.(call);
  }

  run(ctx: StepContext): void {
    this.scalars['t'] = ctx.t;
    this.into.spikeCount = this.kernel.run(this.call);
  }
}

/** Runs a kernel over this step's events of `source`, if there are any (reset, run_on_event code). */
export class OnEventsOp extends ScheduledOp {
  constructor(schedule: Schedule, private readonly kernel: CompiledKernel, private readonly call: KernelArgs, private readonly scalars: StepScalars, private readonly source: EventCount) {
    super(schedule);
    kernel.bind?.(call);
  }

  run(ctx: StepContext): void {
    const n = this.source.spikeCount;
    if (n === 0) return;
    this.scalars['t'] = ctx.t;
    this.scalars['count'] = n;
    this.kernel.run(this.call);
  }
}
