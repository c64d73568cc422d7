/**
 * What the language provides without a namespace: built-in functions with their dimension and type
 * rules, the internal variables every group has, and the names no model may redefine.
 */
import { unitText } from '../units/unit-text.js';
import type { ValueType, VariableInfo } from '../ast.js';
import { DIMENSIONLESS, dim, isDimensionless, powDim, sameDim, type Dimension } from '../units/dimension.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import type { Span } from '../source.js';

/** What the checker knows about a value: its dimension, its type, and its value if it is a compile-time constant. */
export interface Inferred {
  readonly dim: Dimension;
  readonly type: ValueType;
  readonly value?: number;
  /** True if the expression involves rand(), randn() or poisson(): a new value every call. */
  readonly stochastic?: boolean;
}

export const SECOND = dim({ second: 1 });
/** Dimension of white noise `xi`: 1/sqrt(second). */
export const NOISE_DIM = dim({ second: -0.5 });

export interface BuiltinFunction {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Argument spans are passed for messages; pushes diagnostics and returns undefined on error. */
  readonly infer: (args: readonly Inferred[], spans: readonly Span[], out: Diagnostic[]) => Inferred | undefined;
  /** Draws random numbers: not constant over a time step, not allowed in plain subexpressions. */
  readonly stochastic?: boolean;
}

const float = (d: Dimension): Inferred => ({ dim: d, type: 'float' });

function dimensionless(name: string, type: ValueType = 'float'): BuiltinFunction['infer'] {
  return (args, spans, out) => {
    let ok = true;
    args.forEach((a, k) => {
      if (!isDimensionless(a.dim)) {
        out.push(diag.dimensionlessArgument(spans[k]!, name, unitText(a.dim)));
        ok = false;
      }
    });
    return ok ? { dim: DIMENSIONLESS, type } : undefined;
  };
}

const table: BuiltinFunction[] = [
  ...['exp', 'log', 'log10', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan', 'expm1', 'log1p', 'exprel'].map(
    (name): BuiltinFunction => ({ name, minArgs: 1, maxArgs: 1, infer: dimensionless(name) }),
  ),
  { name: 'sqrt', minArgs: 1, maxArgs: 1, infer: ([a]) => float(powDim(a!.dim, 0.5)) },
  { name: 'abs', minArgs: 1, maxArgs: 1, infer: ([a]) => ({ dim: a!.dim, type: a!.type === 'boolean' ? 'integer' : a!.type }) },
  { name: 'sign', minArgs: 1, maxArgs: 1, infer: ([a]) => ({ dim: DIMENSIONLESS, type: a!.type === 'float' ? 'float' : 'integer' }) },
  { name: 'floor', minArgs: 1, maxArgs: 1, infer: ([a]) => float(a!.dim) },
  { name: 'ceil', minArgs: 1, maxArgs: 1, infer: ([a]) => float(a!.dim) },
  {
    name: 'clip',
    minArgs: 3,
    maxArgs: 3,
    infer: (args, spans, out) => {
      const [a, lo, hi] = args as [Inferred, Inferred, Inferred];
      let ok = true;
      for (const k of [1, 2]) {
        const b = args[k]!;
        // Brian accepts a plain 0 or inf as a bound for any unit; so do we.
        const neutral = b.value === 0 || b.value === Infinity || b.value === -Infinity;
        if (!sameDim(a.dim, b.dim) && !(neutral && isDimensionless(b.dim))) {
          out.push(diag.argumentDimension(spans[k]!, 'clip', unitText(a.dim), unitText(b.dim)));
          ok = false;
        }
      }
      const type: ValueType = [a, lo, hi].every((x) => x.type !== 'float') ? 'integer' : 'float';
      return ok ? { dim: a.dim, type } : undefined;
    },
  },
  { name: 'int', minArgs: 1, maxArgs: 1, infer: dimensionless('int', 'integer') },
  { name: 'rand', minArgs: 0, maxArgs: 0, stochastic: true, infer: () => ({ dim: DIMENSIONLESS, type: 'float', stochastic: true }) },
  { name: 'randn', minArgs: 0, maxArgs: 0, stochastic: true, infer: () => ({ dim: DIMENSIONLESS, type: 'float', stochastic: true }) },
  {
    name: 'poisson',
    minArgs: 1,
    maxArgs: 1,
    stochastic: true,
    infer: (args, spans, out) => {
      const r = dimensionless('poisson', 'integer')(args, spans, out);
      return r && { ...r, stochastic: true };
    },
  },
  {
    name: 'timestep',
    minArgs: 2,
    maxArgs: 2,
    infer: (args, spans, out) => {
      let ok = true;
      args.forEach((a, k) => {
        if (!sameDim(a.dim, SECOND)) {
          out.push(diag.argumentDimension(spans[k]!, 'timestep', 'second', unitText(a.dim)));
          ok = false;
        }
      });
      return ok ? { dim: DIMENSIONLESS, type: 'integer' } : undefined;
    },
  },
];

/** Built-in functions by name. */
export const BUILTIN_FUNCTIONS: ReadonlyMap<string, BuiltinFunction> = new Map(table.map((f) => [f.name, f]));

function internal(name: string, d: Dimension, type: ValueType, shared: boolean, readOnly: boolean): VariableInfo {
  return { name, origin: 'internal', dim: d, type, shared, readOnly, flags: [] };
}

const COMMON: readonly VariableInfo[] = [
  internal('t', SECOND, 'float', true, true),
  internal('dt', SECOND, 'float', true, true),
  internal('t_in_timesteps', DIMENSIONLESS, 'integer', true, true),
  internal('i', DIMENSIONLESS, 'integer', false, true),
  internal('N', DIMENSIONLESS, 'integer', true, true),
];

/** Internal variables of a group kind, visible to all its code. */
export function internalVariables(kind: 'neurons' | 'synapses'): readonly VariableInfo[] {
  if (kind === 'neurons') {
    return [...COMMON, internal('lastspike', SECOND, 'float', false, false), internal('not_refractory', DIMENSIONLESS, 'boolean', false, false)];
  }
  return [
    ...COMMON,
    internal('j', DIMENSIONLESS, 'integer', false, true),
    internal('N_pre', DIMENSIONLESS, 'integer', true, true),
    internal('N_post', DIMENSIONLESS, 'integer', true, true),
    internal('N_incoming', DIMENSIONLESS, 'integer', false, true),
    internal('N_outgoing', DIMENSIONLESS, 'integer', false, true),
    internal('lastupdate', SECOND, 'float', false, false),
    internal('delay', SECOND, 'float', false, false),
  ];
}

/** Why each internal name is reserved, for the message. */
export const RESERVED_MEANINGS: Readonly<Record<string, string>> = {
  t: 'the current time',
  dt: 'the time step',
  t_in_timesteps: 'the current time step',
  i: 'the index of the element',
  j: 'the index of the postsynaptic neuron',
  N: 'the number of elements',
  N_pre: 'the size of the presynaptic group',
  N_post: 'the size of the postsynaptic group',
  N_incoming: 'the number of incoming synapses',
  N_outgoing: 'the number of outgoing synapses',
  lastspike: 'the time of the last spike',
  not_refractory: 'the refractory state',
  lastupdate: 'the time of the last update',
  delay: 'the synaptic delay',
  xi: 'white noise',
};

/** `xi` or `xi_<suffix>`: a white-noise term. */
export function isNoiseName(name: string): boolean {
  return name === 'xi' || /^xi_[A-Za-z0-9_]+$/.test(name);
}
