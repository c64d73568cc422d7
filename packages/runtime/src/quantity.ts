/**
 * Quantities as users pass them to the API: strings with units (`'5 ms'`,
 * `'1*ufarad*cm**-2 * 20000*umetre**2'`), quantity objects, or plain numbers in SI base units.
 */
import { EquationError, formatDimension, isDimensionless, parseQuantity, sameDim, type Dimension, type Quantity } from '@neurite/parser';

export type QuantityLike = number | string | Quantity;

/** Thrown for a value of the wrong kind or unit; the message names the argument and the fix. */
export class ValueError extends Error {
  override readonly name = 'ValueError';
}

/**
 * The SI value of `value`, checked against `dim`. A plain number is taken as SI (so `0.005` for a
 * time is 5 ms); a string must carry the unit (`'5 ms'`), unless `dim` is dimensionless.
 */
export function toSI(value: QuantityLike, dim: Dimension, what: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValueError(`${what} must be a finite number, not ${value}`);
    return value;
  }
  let q: Quantity;
  if (typeof value === 'string') {
    const r = parseQuantity(value);
    if (!r.quantity) throw new EquationError(r.diagnostics, r.source, what);
    q = r.quantity;
  } else q = value;
  if (!sameDim(q.dim, dim)) {
    const expected = isDimensionless(dim) ? 'a dimensionless number' : `a value in ${formatDimension(dim)}`;
    throw new ValueError(`${what} must be ${expected}, but '${typeof value === 'string' ? value : q.value}' has unit ${formatDimension(q.dim)}`);
  }
  return q.value;
}
