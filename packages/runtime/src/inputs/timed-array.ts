/**
 * TimedArray: a function of time (1-D values: `f(t)`) or of time and an index (2-D values, rows
 * are time steps: `f(t, i)`) built from sampled values, usable by name in any namespace. It is an
 * {@link ExternalFunction}: the checker sees its argument and return units, the integrators treat
 * it as constant over a step (so `exact` stays applicable), and the JS backend calls
 * `implementation` with SI values.
 *
 * Indexing is Brian's (brian2/input/timedarray.py, C++/Cython implementations): with `K` the
 * power of two `max(2**ceil(log2(8·dt/clock_dt)), 1)` and `ε = dt/K`, the row for time `t` is
 * `int((t/ε + 0.5)/K)`, clipped to the first and last rows (the last value holds after the end);
 * a column outside `[0, columns)` gives NaN. Value k covers `k·dt <= t < (k+1)·dt`.
 *
 * `K` depends on the dt of the clock the array is read on. Bind it with {@link TimedArray.bindClock}
 * (`net.timedArray(...)` does; PoissonGroup binds the arrays in its namespace at each run);
 * unbound, it assumes 0.1 ms, Brian's default clock. On a clock grid whose dt divides the
 * TimedArray's dt (the usual case) the result does not depend on `K` at all.
 */
import { DIMENSIONLESS, parseQuantity, type Dimension, type ExternalFunction, type Namespace, type ValueType } from '@neurite/parser';
import { toSI, ValueError, type QuantityLike } from '../quantity.js';
import { SECOND } from '../units.js';

export interface TimedArrayOptions {
  /**
   * Unit of the values (`'amp'`, `'nA'`, `'mV'`, `'Hz'`, `'amp/metre**2'`): numbers are in this
   * unit and are scaled to SI. Default: dimensionless.
   */
  readonly unit?: string;
  /** A name used in error messages. */
  readonly name?: string;
  /** The dt of the clock the array is read on (default `'0.1 ms'`, Brian's default clock). */
  readonly clockDt?: QuantityLike;
}

/** Brian's default clock dt, assumed until a TimedArray is bound to a clock. */
const DEFAULT_CLOCK_DT = 1e-4;

/** Brian's `_find_K`: an upsampling factor (a power of two) that keeps the rounding robust. */
export function timedArrayK(clockDt: number, dt: number): number {
  return Math.max(Math.trunc(2 ** Math.ceil(Math.log2((8 / clockDt) * dt))), 1);
}

export class TimedArray implements ExternalFunction {
  readonly kind = 'function' as const;
  readonly arity: 1 | 2;
  readonly argDims: readonly Dimension[];
  readonly returnDim: Dimension;
  readonly returnType: ValueType = 'float';
  /** Brian's `is_locally_constant`: true when the clock dt divides the TimedArray's dt. */
  constantOverDt = true;
  /** The function in SI units: `(t)` or `(t, i)`. An own property, so that namespaces copy it. */
  readonly implementation: (...args: number[]) => number;
  /** Time between rows, in seconds. */
  readonly dt: number;
  /** Number of time steps (rows). */
  readonly rows: number;
  /** Number of columns (1 for a 1-D array). */
  readonly columns: number;
  /** The values in SI units, row-major (`values[row * columns + column]`). */
  readonly values: Float64Array;
  readonly name: string;
  private clockDt = DEFAULT_CLOCK_DT;
  private K = 1;
  private epsilon = 1;

  constructor(values: ArrayLike<number> | ArrayLike<ArrayLike<number>>, dt: QuantityLike, options: TimedArrayOptions = {}) {
    this.name = options.name ?? 'timedarray';
    const what = `TimedArray '${this.name}'`;
    this.dt = toSI(dt, SECOND, `${what}: dt`);
    if (!(this.dt > 0)) throw new ValueError(`${what}: dt must be a positive time, not ${this.dt} s`);
    const { scale, dim } = unitOf(options.unit, what);
    this.returnDim = dim;
    if (values.length === 0) throw new ValueError(`${what}: values must not be empty; give at least one value (one row)`);
    const first = values[0];
    if (typeof first === 'number') {
      const flat = values as ArrayLike<number>;
      this.rows = flat.length;
      this.columns = 1;
      this.arity = 1;
      this.values = new Float64Array(flat.length);
      for (let k = 0; k < flat.length; k++) {
        const v = flat[k];
        if (typeof v !== 'number') throw new ValueError(`${what}: values must be all numbers (1-D) or all rows of numbers (2-D); element ${k} is ${typeof v}`);
        this.values[k] = v * scale;
      }
    } else {
      const rows = values as ArrayLike<ArrayLike<number>>;
      const cols = first?.length ?? 0;
      if (cols === 0) throw new ValueError(`${what}: the rows of a 2-D TimedArray must not be empty`);
      this.rows = rows.length;
      this.columns = cols;
      this.arity = 2;
      this.values = new Float64Array(rows.length * cols);
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        if (!row || typeof row === 'number' || row.length !== cols) {
          throw new ValueError(`${what}: a 2-D TimedArray needs rows of equal length (rows are time steps); row 0 has ${cols} values, row ${r} has ${row && typeof row !== 'number' ? row.length : 'none'}`);
        }
        for (let c = 0; c < cols; c++) this.values[r * cols + c] = row[c]! * scale;
      }
    }
    this.argDims = this.arity === 1 ? [SECOND] : [SECOND, DIMENSIONLESS];
    this.bindClock(options.clockDt ?? DEFAULT_CLOCK_DT);
    this.implementation = this.arity === 1 ? this.make1d() : this.make2d();
  }

  /** Sets the dt of the clock the array is read on (Brian takes it from the group using the array). */
  bindClock(clockDt: QuantityLike): this {
    const dt = toSI(clockDt, SECOND, `TimedArray '${this.name}': clock dt`);
    if (!(dt > 0)) throw new ValueError(`TimedArray '${this.name}': the clock dt must be positive, not ${dt} s`);
    this.clockDt = dt;
    this.K = timedArrayK(dt, this.dt);
    this.epsilon = this.dt / this.K;
    // Brian's is_locally_constant: only if the clock dt divides the TimedArray's dt.
    const ratio = this.dt / dt;
    this.constantOverDt = dt <= this.dt && Math.abs(ratio - Math.round(ratio)) <= 1e-9 * ratio;
    return this;
  }

  /** The clock dt the array is bound to, in seconds. */
  get boundClockDt(): number {
    return this.clockDt;
  }

  /** The value at time `t` (seconds), and column `i` for a 2-D array, in SI units. */
  at(t: number, i?: number): number {
    if (this.arity === 2 && i === undefined) throw new ValueError(`TimedArray '${this.name}' is 2-D: call it as at(t, i)`);
    return this.arity === 1 ? this.implementation(t) : this.implementation(t, i!);
  }

  private row(t: number): number {
    // Brian: int((t/epsilon + 0.5)/K), truncation as C's (int) cast, then clipped.
    const k = Math.trunc((t / this.epsilon + 0.5) / this.K);
    return k < 0 ? 0 : k >= this.rows ? this.rows - 1 : k;
  }

  private make1d(): (t: number) => number {
    const values = this.values;
    return (t: number) => {
      const k = this.row(t);
      return values[k] ?? Number.NaN;
    };
  }

  private make2d(): (t: number, i: number) => number {
    const values = this.values;
    const cols = this.columns;
    return (t: number, i: number) => {
      const c = Math.trunc(i);
      if (!(c >= 0 && c < cols)) return Number.NaN;
      return values[this.row(t) * cols + c] ?? Number.NaN;
    };
  }
}

function unitOf(unit: string | undefined, what: string): { scale: number; dim: Dimension } {
  if (unit === undefined || unit === '1' || unit === '') return { scale: 1, dim: DIMENSIONLESS };
  const q = parseQuantity(`1 ${unit}`).quantity ?? parseQuantity(`1*${unit}`).quantity;
  if (!q) throw new ValueError(`${what}: '${unit}' is not a unit; give a unit name such as 'amp', 'nA', 'mV' or 'Hz'`);
  return { scale: q.value, dim: q.dim };
}

/** Binds every TimedArray of a namespace to a clock dt (groups call this before compiling). */
export function bindTimedArrays(namespace: Namespace, clockDt: number): void {
  for (const v of Object.values(namespace)) if (v instanceof TimedArray) v.bindClock(clockDt);
}
