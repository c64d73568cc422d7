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
