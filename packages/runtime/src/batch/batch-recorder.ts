/**
 * What the per-monitor recorders of a batch share: one operation records for the monitors of all
 * copies (replacing one operation per copy that would each scan the same events or gather the
 * same variables); the recordings, and so `store`/`restore`, are the per-copy monitors'.
 */
import type { Operation, RunContext, SimObject } from '../sim-object.js';

export abstract class BatchRecorder<M extends SimObject> implements SimObject {
  protected ops: Operation[] = [];

  constructor(
    readonly name: string,
    /** The monitor of each copy, in copy order. */
    protected readonly copies: readonly M[],
  ) {}

  abstract prepare(run: RunContext): void;

  operations(): readonly Operation[] {
    return this.ops;
  }

  snapshot(): unknown {
    return this.copies.map((m) => m.snapshot());
  }

  restore(snapshot: unknown): void {
    (snapshot as unknown[]).forEach((s, c) => this.copies[c]!.restore(s));
  }
}

/**
 * The copy that element `element` of a replica belongs to, or -1 for none: copy c holds elements
 * `start + c*stride .. start + c*stride + n` (see Placement; n < stride for a subgroup).
 */
export function copyOf(element: number, start: number, stride: number, n: number): number {
  const e = element - start;
  const c = Math.floor(e / stride);
  return e >= 0 && e - c * stride < n ? c : -1;
}
