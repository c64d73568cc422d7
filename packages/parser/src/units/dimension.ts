/**
 * Physical dimensions as exponent vectors over the 7 SI base quantities, and units as a dimension
 * plus a scale to SI. This small algebra is what the checker runs; it never allocates strings on
 * the hot path and compares with a tolerance that absorbs `0.1 + 0.2`-style exponent drift
 * (exponents can be fractional, e.g. `second**-0.5` for `xi`).
 */

/** Order of the exponents, as in Brian: length, mass, time, current, temperature, amount, luminosity. */
export const BASE_QUANTITIES = ['metre', 'kilogram', 'second', 'amp', 'kelvin', 'mole', 'candela'] as const;
const BASE_SYMBOLS = ['m', 'kg', 's', 'A', 'K', 'mol', 'cd'] as const;

/** Exponents of the 7 SI base quantities. Invariant: length 7; frozen. */
export type Dimension = readonly [number, number, number, number, number, number, number];

/** A named unit: its dimension and the factor that converts a value in this unit to SI base units. */
export interface Unit {
  readonly dim: Dimension;
  /** SI value of one of this unit (`mV` → 1e-3). */
  readonly scale: number;
}

/** A number in SI base units with its dimension — what `parseQuantity('5 ms')` returns. */
export interface Quantity {
  readonly value: number;
  readonly dim: Dimension;
}

const EPS = 1e-9;

function freeze(d: number[]): Dimension {
  return Object.freeze(d.map((x) => (Math.abs(x - Math.round(x)) < EPS ? Math.round(x) : x))) as unknown as Dimension;
}

export const DIMENSIONLESS: Dimension = freeze([0, 0, 0, 0, 0, 0, 0]);

/** Builds a dimension from named exponents: `dim({ metre: 2, kilogram: 1, second: -3, amp: -1 })` is volt. */
export function dim(exps: Partial<Record<(typeof BASE_QUANTITIES)[number], number>>): Dimension {
  return freeze(BASE_QUANTITIES.map((q) => exps[q] ?? 0));
}

export function mulDim(a: Dimension, b: Dimension): Dimension {
  return freeze(a.map((x, k) => x + b[k]!));
}

export function divDim(a: Dimension, b: Dimension): Dimension {
  return freeze(a.map((x, k) => x - b[k]!));
}

export function powDim(a: Dimension, p: number): Dimension {
  return freeze(a.map((x) => x * p));
}

export function sameDim(a: Dimension, b: Dimension): boolean {
  for (let k = 0; k < 7; k++) if (Math.abs(a[k]! - b[k]!) > EPS) return false;
  return true;
}

export function isDimensionless(a: Dimension): boolean {
  return sameDim(a, DIMENSIONLESS);
}

/**
 * Human-readable form in SI base symbols, e.g. `m^2 kg s^-3 A^-1`; `1` when dimensionless.
 * Messages prefer {@link formatDimension} from the unit table, which names known units (`volt`).
 */
export function formatBaseDimension(d: Dimension): string {
  const parts: string[] = [];
  d.forEach((x, k) => {
    if (x === 0) return;
    const e = Number.isInteger(x) ? String(x) : String(+x.toFixed(6));
    parts.push(x === 1 ? BASE_SYMBOLS[k]! : `${BASE_SYMBOLS[k]}^${e}`);
  });
  return parts.length ? parts.join(' ') : '1';
}
