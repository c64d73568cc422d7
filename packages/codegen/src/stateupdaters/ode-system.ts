/**
 * From a checked model to the {@link OdeSystem} integrators work on: the clock-driven
 * differential equations, subexpressions inlined, noise separated into drift and diffusion.
 */
import { BUILTIN_FUNCTIONS, CONSTANTS, isNoiseName, lookupUnit, type CheckedModel, type DifferentialEquation, type Expr } from '@neurite/parser';
import type { OdeEquation, OdeSystem } from '../ir.js';
import { linearForm } from '../symbolic/linear.js';
import { simplify, substitute } from '../symbolic/expr.js';

/**
 * True for subexpressions flagged `(constant over dt)`: as in Brian, they are evaluated once at the
 * start of each step and stored (so `randn()` in them is drawn once per step, not once per use).
 */
export function isStoredSubexpression(model: CheckedModel, name: string): boolean {
  const v = model.variables.get(name);
  return v?.origin === 'subexpression' && v.flags.includes('constant over dt');
}

/**
 * Subexpression name → its expression with every other subexpression inlined. Stored
 * (`constant over dt`) subexpressions are not inlined into others: they are read like parameters.
 */
export function inlinedSubexpressions(model: CheckedModel): Map<string, Expr> {
  const inlined = new Map<string, Expr>();
  for (const n of model.subexpressionOrder) {
    const eq = model.variables.get(n)?.equation;
    if (eq?.kind === 'subexpression' && !isStoredSubexpression(model, n)) inlined.set(n, substitute(eq.expr, inlined));
  }
  return inlined;
}

/** The stored subexpressions in evaluation order, each with the others it uses inlined. */
export function storedSubexpressions(model: CheckedModel): { name: string; expr: Expr }[] {
  const inlined = inlinedSubexpressions(model);
  return model.subexpressionOrder
    .filter((n) => isStoredSubexpression(model, n))
    .map((n) => {
      const eq = model.variables.get(n)!.equation!;
      return { name: n, expr: substitute((eq as { expr: Expr }).expr, inlined) };
    });
}

/** Thrown for models whose noise does not enter linearly (`xi**2`): no integrator applies. */
export class OdeSystemError extends Error {}

export function buildOdeSystem(model: CheckedModel): OdeSystem {
  const inlined = inlinedSubexpressions(model);
  const noise = new Set(model.noiseTerms);
  const equations: OdeEquation[] = [];
  for (const eq of model.equations) {
    if (eq.kind !== 'differential' || eq.flags.some((f) => f.name === 'event-driven')) continue;
    equations.push(prepare(eq, inlined, noise));
  }
  const isUniform = (n: string): boolean => {
    const v = model.variables.get(n);
    if (v) return v.shared;
    // Namespace constants, unit names and pi/e/inf are the same for every element; anything else
    // (a synapse's `v_post`, a postsynaptic name) belongs to another group's elements.
    return model.externals.has(n) || lookupUnit(n) !== undefined || CONSTANTS.has(n);
  };
  const isConstantOverDtFunction = (fn: string): boolean => {
    const builtin = BUILTIN_FUNCTIONS.get(fn);
    if (builtin) return builtin.stochastic !== true;
    // As in Brian, only functions that say so (TimedArrays) are constant over a step.
    const ext = model.externals.get(fn);
    return ext?.kind === 'function' ? ext.constantOverDt === true : false;
  };
  return { equations, noiseTerms: model.noiseTerms, isUniform, isConstantOverDtFunction };
}

function prepare(eq: DifferentialEquation, inlined: ReadonlyMap<string, Expr>, noise: ReadonlySet<string>): OdeEquation {
  const rhs = substitute(eq.expr, inlined);
  const unlessRefractory = eq.flags.some((f) => f.name === 'unless refractory');
  const used = [...noise].filter((n) => isNoiseName(n));
  if (used.length === 0) return { name: eq.name, drift: simplify(rhs), diffusion: new Map(), unlessRefractory };
  const split = linearForm(rhs, new Set(used));
  if (!split.ok) throw new OdeSystemError(`the noise in the equation for '${eq.name}' does not enter linearly: ${split.reason}`);
  return { name: eq.name, drift: split.form.rest, diffusion: split.form.coefficients, unlessRefractory };
}
