/**
 * NetworkOperation: any TypeScript function called during a run, on the network's clock or every
 * `dt` (a whole multiple of the network's dt), in a schedule slot — Brian's `network_operation`
 * (brian2/core/operations.py): default slot `start`, order 0; the callback receives the current
 * time in seconds. It may read and set group variables (`G.set`, `G.array`) and call `net.stop()`.
 */
import { toSI, ValueError, type QuantityLike } from '../quantity.js';
import { slotRank, type When } from '../schedule.js';
import type { Operation, RunContext, SimObject, StepContext } from '../sim-object.js';
import { SECOND } from '../units.js';

export interface NetworkOperationOptions {
  /** Call every `dt` (`'10 ms'` or seconds); default every step. */
  readonly dt?: QuantityLike;
  /** Schedule slot, default `'start'`. */
  readonly when?: When;
  readonly order?: number;
  readonly name?: string;
}

export type NetworkOperationCallback = (t: number) => void;

export class NetworkOperation implements SimObject {
  private readonly dt: number | undefined;
  private ops: Operation[] = [];

  constructor(
    readonly callback: NetworkOperationCallback,
    readonly name: string,
    private readonly options: NetworkOperationOptions,
    private readonly network: { periodOf(dt: number, what: string): number },
  ) {
    if (typeof callback !== 'function') throw new ValueError(`NetworkOperation '${name}': the callback must be a function (t) => void`);
    if (options.when !== undefined) slotRank(options.when);
    this.dt = options.dt === undefined ? undefined : toSI(options.dt, SECOND, `NetworkOperation '${name}': dt`);
  }

  prepare(_run: RunContext): void {
    const period = this.dt === undefined ? 1 : this.network.periodOf(this.dt, `NetworkOperation '${this.name}'`);
    this.ops = [new CallbackOp(this.name, this.options.when ?? 'start', this.options.order ?? 0, period, this.callback)];
  }

  operations(): readonly Operation[] {
    return this.ops;
  }

  /** Nothing to store: the callback's own state is the caller's. */
  snapshot(): unknown {
    return {};
  }

  restore(_snapshot: unknown): void {}
}

/** Calls the user's callback with the time (a class, like every scheduled operation: see kernel-ops.ts). */
class CallbackOp implements Operation {
  constructor(
    readonly name: string,
    readonly when: When,
    readonly order: number,
    readonly period: number,
    private readonly callback: NetworkOperationCallback,
  ) {}

  run(ctx: StepContext): void {
    this.callback(ctx.t);
  }
}
