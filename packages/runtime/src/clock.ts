/**
 * Simulation time as an integer number of steps of the network's dt, so that t never drifts
 * (t = ticks·dt is exact for the grid, unlike summing dt). Objects with their own dt run on every
 * k-th step, k = their dt / the network's dt, which must be an integer.
 */
import { ValueError } from './quantity.js';

export class Clock {
  /** Steps taken so far. */
  ticks = 0;

  constructor(public dt: number) {
    if (!(dt > 0) || !Number.isFinite(dt)) throw new ValueError(`dt must be a positive time, not ${dt} s`);
  }

  /**
   * Changes dt between runs, keeping t: the current time must be a whole number of new steps
   * (within rounding), as Brian requires; otherwise an error, and nothing changes.
   */
  setDt(dt: number): void {
    if (!(dt > 0) || !Number.isFinite(dt)) throw new ValueError(`dt must be a positive time, not ${dt} s`);
    const t = this.t;
    const ticks = Math.round(t / dt);
    if (Math.abs(ticks * dt - t) > 1e-9 * Math.max(dt, this.dt)) {
      const next = Number((Math.ceil(t / dt) * dt).toPrecision(12));
      throw new ValueError(`cannot change dt from ${this.dt} s to ${dt} s at t = ${t} s: t is not a whole number of steps of ${dt} s; run to a time that is (e.g. ${next} s) or choose a dt that divides ${t} s`);
    }
    this.dt = dt;
    this.ticks = ticks;
  }

  get t(): number {
    return this.ticks * this.dt;
  }

  /** Number of steps for a duration, rounded to the nearest step (Brian rounds the same way). */
  steps(duration: number): number {
    return Math.round(duration / this.dt);
  }

  /**
   * The period, in steps of this clock, of an object with its own `dt`; errors unless it is a
   * whole multiple of this clock's dt (within rounding).
   */
  period(dt: number, what: string): number {
    const k = Math.round(dt / this.dt);
    if (k < 1 || Math.abs(k * this.dt - dt) > 1e-9 * dt) {
      throw new ValueError(`${what}: dt = ${dt} s is not a whole multiple of the network's dt = ${this.dt} s; choose a multiple such as ${Math.max(1, k) * this.dt} s`);
    }
    return k;
  }
}
