/**
 * The generated step loop of a run: one JavaScript function that advances the network many steps
 * per call, with one call site per scheduled operation (`o3.run(ctx)`) instead of one shared call
 * site in a loop over an array of operations.
 *
 * Why: a shared call site (`ops[k].run(ctx)`) sees every kind of operation, so V8 can neither
 * inline the operations nor predict the call; with one site per operation each site sees one
 * function, and the optimising compiler inlines the operation — and through it the kernel's
 * invoker — into the loop. The source depends only on the schedule's shape (how many operations,
 * which run every step), so networks of the same shape share one compiled loop and the
 * optimisation done for the first network serves the next (runBatch copies, sweeps, rebuilt
 * networks) rather than starting again in the interpreter.
 *
 * Invariants: operations run in schedule order; an operation of period p runs at ticks divisible
 * by p; `clock.ticks` is the number of steps taken after every step; the loop stops after the step
 * in which `control.stopRequested` became true. Nothing is allocated per step.
 */
import type { Operation, StepContext } from './sim-object.js';

/** What the loop reads and writes besides the operations. */
export interface StepControl {
  readonly stopRequested: boolean;
}

/** Runs steps `from .. end` (or until a stop), returns the tick it stopped at. */
export type StepLoop = (ops: readonly Operation[], ctx: StepContext, clock: { ticks: number }, control: StepControl, from: number, end: number) => number;

const LOOPS = new Map<string, StepLoop>();

/** Source of the loop for a schedule: `periodic[k]` says whether operation k runs every step. */
function loopSource(periodic: readonly boolean[]): string {
  const lines = ['"use strict";', 'return function steps(ops, ctx, clock, control, from, end) {'];
  periodic.forEach((p, k) => {
    lines.push(`  const o${k} = ops[${k}];`);
    if (p) lines.push(`  const p${k} = o${k}.period;`);
  });
  lines.push('  const dt = ctx.dt;', '  let tick = from;', '  while (tick < end) {', '    ctx.tick = tick;', '    ctx.t = tick * dt;');
  periodic.forEach((p, k) => lines.push(p ? `    if (tick % p${k} === 0) o${k}.run(ctx);` : `    o${k}.run(ctx);`));
  lines.push('    tick++;', '    clock.ticks = tick;', '    if (control.stopRequested) break;', '  }', '  return tick;', '};');
  return lines.join('\n');
}

/** The step loop for these operations (compiled once per schedule shape, then shared). */
export function stepLoop(ops: readonly Operation[]): StepLoop {
  const periodic = ops.map((o) => o.period !== 1);
  // Keyed by the operations' names too: a loop shared by networks whose k-th operations differ
  // would see several functions at each call site again.
  const key = ops.map((o) => `${o.period === 1 ? '1' : 'p'}${o.name}`).join('\u0000');
  let loop = LOOPS.get(key);
  if (loop === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generating the loop is the point
    loop = new Function(loopSource(periodic))() as StepLoop;
    if (LOOPS.size >= 256) LOOPS.clear();
    LOOPS.set(key, loop);
  }
  return loop;
}
