/**
 * A group's state update and threshold run as one fused operation (codegen's fuseKernels: one
 * loop, each neuron updated and tested before the next) where the schedule runs them one right
 * after the other — nothing in between could see or change the group's variables halfway, so the
 * result is the same, and the group's arrays stream through the caches once per step instead of
 * twice.
 *
 * Groups offer the pair when they build a run's operations ({@link offerFusion}); the network
 * takes the offer after sorting the schedule ({@link fuseSchedule}), except in profiled runs,
 * whose report names Brian's operations one by one.
 */
import type { Operation } from '../sim-object.js';

interface Offer {
  readonly second: Operation;
  /** The fused operation, or undefined where the kernels cannot be fused (they then run apart). */
  readonly make: () => Operation | undefined;
}

const OFFERS = new WeakMap<Operation, Offer>();

/** `first` and `second` may run as `make()` when the schedule puts them next to each other. */
export function offerFusion(first: Operation, second: Operation, make: () => Operation | undefined): void {
  OFFERS.set(first, { second, make });
}

/** The sorted schedule with every offered pair that is adjacent (and runs every step) fused. */
export function fuseSchedule(ops: readonly Operation[]): Operation[] {
  const out: Operation[] = [];
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k]!;
    const offer = OFFERS.get(op);
    if (offer !== undefined && ops[k + 1] === offer.second && op.period === 1 && offer.second.period === 1) {
      const fused = offer.make();
      if (fused !== undefined) {
        out.push(fused);
        k++;
        continue;
      }
    }
    out.push(op);
  }
  return out;
}
