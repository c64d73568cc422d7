/**
 * Namespaces: the external constants and functions a model refers to by name. Values are given
 * the way users write them in the public API and resolved here, once per check.
 */
import type { ExternalFunction, ExternalSymbol } from '../ast.js';
import { parseQuantity } from '../parse.js';
import { DIMENSIONLESS, type Dimension, type Quantity } from '../units/dimension.js';

/**
 * A value in a namespace:
 * - a number: dimensionless (as in Brian: `{ tau: 0.01 }` is not 10 ms);
 * - a string: a quantity with units, `'10 ms'`, `'-49*mV'`;
 * - a {@link Quantity} object `{ value, dim }` (value in SI units);
 * - a boolean;
 * - an {@link ExternalFunction} (e.g. a TimedArray), or a plain JS function of dimensionless numbers.
 */
export type NamespaceValue = number | boolean | string | Quantity | ExternalFunction | ((...args: number[]) => number);

export type Namespace = Readonly<Record<string, NamespaceValue>>;

/** On error: a one-line message about the value, and how to fix it when there is something specific to say. */
export type Resolution = { readonly symbol: ExternalSymbol } | { readonly error: string; readonly hint?: string };

function isQuantity(v: unknown): v is Quantity {
  return typeof v === 'object' && v !== null && typeof (v as Quantity).value === 'number' && Array.isArray((v as Quantity).dim);
}

function isExternalFunction(v: unknown): v is ExternalFunction {
  return typeof v === 'object' && v !== null && (v as ExternalFunction).kind === 'function';
}

/** Resolves one namespace entry; the error text explains what was wrong with the value. */
export function resolveNamespaceValue(name: string, value: NamespaceValue): Resolution {
  if (typeof value === 'number') return { symbol: { kind: 'constant', name, value, dim: DIMENSIONLESS, type: Number.isInteger(value) ? 'integer' : 'float' } };
  if (typeof value === 'boolean') return { symbol: { kind: 'constant', name, value: value ? 1 : 0, dim: DIMENSIONLESS, type: 'boolean' } };
  if (typeof value === 'string') {
    const r = parseQuantity(value);
    if (!r.quantity) {
      // One line, not a nested code frame: the frame points at the use in the model, the value is quoted.
      const inner = r.diagnostics[0];
      return {
        error: `the namespace value of '${name}', '${value}', is not a quantity${inner ? `: ${inner.message}` : ''}`,
        hint: inner?.hint ?? "write a number and a unit, e.g. '10 ms' or '-65*mV'",
      };
    }
    return { symbol: constant(name, r.quantity) };
  }
  if (isQuantity(value)) return { symbol: constant(name, value) };
  if (isExternalFunction(value)) return { symbol: { ...value, kind: 'function', name } };
  if (typeof value === 'function') {
    const argDims: Dimension[] = Array.from({ length: value.length }, () => DIMENSIONLESS);
    return { symbol: { kind: 'function', name, arity: value.length, argDims, returnDim: DIMENSIONLESS, returnType: 'float', implementation: value } };
  }
  return { error: `the namespace value of '${name}' must be a number, a quantity string like '10 ms', a quantity or a function` };
}

function constant(name: string, q: Quantity): ExternalSymbol {
  return { kind: 'constant', name, value: q.value, dim: q.dim, type: 'float' };
}
