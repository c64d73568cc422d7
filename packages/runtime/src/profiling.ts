/**
 * Per-operation timing of a run (Brian's `run(..., profile=True)` and `profiling_summary`).
 *
 * Profiling wraps each scheduled operation with `performance.now()`, so it costs about 0.1 µs per
 * operation and step: use it to find where time goes, not to measure the unprofiled speed.
 */
import type { Operation, StepContext } from './sim-object.js';

/** One row of a profile: an operation's name and its total wall time over the profiled runs. */
export interface ProfileEntry {
  readonly name: string;
  /** Seconds spent in the operation, summed over every profiled run since the network was made. */
  readonly seconds: number;
  /** How many times it ran. */
  readonly calls: number;
}

/** Accumulated times per operation name; `entries()` sorted by time, largest first. */
export class Profile {
  private readonly seconds = new Map<string, number>();
  private readonly calls = new Map<string, number>();

  /** Runs `op` once, adding its wall time. */
  timed(op: Operation, ctx: StepContext): void {
    const t0 = performance.now();
    op.run(ctx);
    const spent = (performance.now() - t0) / 1000;
    this.seconds.set(op.name, (this.seconds.get(op.name) ?? 0) + spent);
    this.calls.set(op.name, (this.calls.get(op.name) ?? 0) + 1);
  }

  entries(): ProfileEntry[] {
    return [...this.seconds].map(([name, seconds]) => ({ name, seconds, calls: this.calls.get(name)! })).sort((a, b) => b.seconds - a.seconds);
  }

  /** A text table like Brian's `profiling_summary(net, show)`: name, time, share of the total. */
  summary(show = 10): string {
    const rows = this.entries();
    if (rows.length === 0) return 'no profiled run yet: use net.run(duration, { profile: true })';
    const total = rows.reduce((s, r) => s + r.seconds, 0);
    const width = Math.max(...rows.map((r) => r.name.length), 9);
    const lines = [`${'operation'.padEnd(width)}  time (s)   share`];
    for (const r of rows.slice(0, show)) {
      lines.push(`${r.name.padEnd(width)}  ${r.seconds.toFixed(4).padStart(8)}  ${((100 * r.seconds) / total).toFixed(1).padStart(5)} %`);
    }
    return lines.join('\n');
  }
}
