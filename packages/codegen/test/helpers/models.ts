/** Shorthands for building checked models and statements in codegen tests. */
import {
  checkExpression,
  checkModel,
  checkStatements,
  parseEquations,
  parseExpression,
  parseStatements,
  throwIfErrors,
  type CheckedModel,
  type Dimension,
  type Expr,
  type ExternalSymbol,
  type Namespace,
  type Statement,
} from '@neurite/parser';

export function checked(
  equations: string,
  namespace: Namespace = {},
  kind: 'neurons' | 'synapses' = 'neurons',
  groups: { pre?: CheckedModel; post?: CheckedModel } = {},
): CheckedModel {
  return throwIfErrors(checkModel(parseEquations(equations), { kind, namespace, ...groups })).model!;
}

/** Statements checked against a model (so tests cannot lower code the checker would reject). */
export function code(text: string, model: CheckedModel, namespace: Namespace = {}, groups: { pre?: CheckedModel; post?: CheckedModel } = {}): Statement[] {
  return [...throwIfErrors(checkStatements(parseStatements(text), model, { namespace, ...groups })).statements!];
}

/** A checked expression and the namespace symbols it uses (pass them as `externals` when lowering). */
export function condition(
  text: string,
  model: CheckedModel,
  namespace: Namespace = {},
  expect: 'boolean' | Dimension = 'boolean',
): { expr: Expr; externals: ReadonlyMap<string, ExternalSymbol> } {
  const r = throwIfErrors(checkExpression(parseExpression(text), model, { expect, what: 'the expression', namespace }));
  return { expr: r.expr!, externals: r.externals };
}

/** Integrator-style statements (temporaries like `_v`), parsed but not checked. */
export function raw(text: string): Statement[] {
  return [...throwIfErrors(parseStatements(text)).statements];
}
