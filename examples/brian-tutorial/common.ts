/**
 * Helpers shared by the tutorial examples (not a tutorial cell itself): the parameters of the
 * "Multiple runs" section, numpy's `linspace`, and printing of the numbers the tutorial plots.
 */
import { pathToFileURL } from 'node:url';
import type { Network } from '@neurite/runtime';

/** What every example's `main` accepts. */
export interface ExampleOptions {
  /** Biological time of each run (default: the tutorial's). */
  readonly duration?: string;
  /** Seed of the network's random generator (default 1). */
  readonly seed?: number;
}

/** True when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
}

/** numpy's `linspace(start, stop, num)`: `num` evenly spaced values, both ends included. */
export function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  return Array.from({ length: num }, (_, k) => (k === num - 1 ? stop : start + k * step));
}

// Parameters of "Multiple runs" (all four cells use them).
export const num_inputs = 100;
export const input_rate = '10 Hz';
export const weight = 0.1;
/** `tau_range = linspace(1, 10, 30)*ms`, in seconds. */
export const tau_range: readonly number[] = linspace(1, 10, 30).map((ms) => ms * 1e-3);

/** A time in seconds as a quantity string a namespace accepts (exact: JS prints doubles round-trip). */
export function seconds(value: number): string {
  return `${value} second`;
}

/** The state of a network's random generator (Brian's one global generator carries on across networks). */
export type RandomState = ReturnType<Network['rng']['getState']>;

/** Prints `tau (ms)` against values, five pairs a line. */
export function printPerTau(label: string, taus: readonly number[], values: ArrayLike<number>, digits = 1): void {
  console.log(`  ${label} (tau in ms: value):`);
  for (let k = 0; k < taus.length; k += 5) {
    const cells: string[] = [];
    for (let m = k; m < Math.min(k + 5, taus.length); m++) cells.push(`${(taus[m]! * 1e3).toFixed(2).padStart(5)}: ${values[m]!.toFixed(digits).padStart(6)}`);
    console.log(`    ${cells.join('   ')}`);
  }
}

/** Mean and (population, as numpy's) standard deviation; NaN for an empty list. */
export function meanStd(xs: ArrayLike<number>): { mean: number; std: number } {
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN };
  let sum = 0;
  for (let k = 0; k < n; k++) sum += xs[k]!;
  const mean = sum / n;
  let sq = 0;
  for (let k = 0; k < n; k++) sq += (xs[k]! - mean) ** 2;
  return { mean, std: Math.sqrt(sq / n) };
}

/** Minimum and maximum of a trace. */
export function range(xs: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < xs.length; k++) {
    min = Math.min(min, xs[k]!);
    max = Math.max(max, xs[k]!);
  }
  return { min, max };
}

/** Values of a trace every `every` samples, as a short string. */
export function samples(xs: ArrayLike<number>, every: number, digits = 1): string {
  const out: string[] = [];
  for (let k = 0; k < xs.length; k += every) out.push(xs[k]!.toFixed(digits));
  return out.join(' ');
}
