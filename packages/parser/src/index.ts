/**
 * @neurite/parser — Brian-style model strings to a typed, checked model.
 *
 * ```ts
 * import { parseEquations, checkModel, throwIfErrors } from '@neurite/parser';
 * const parsed = throwIfErrors(parseEquations('dv/dt = -v/tau : volt'));
 * const checked = throwIfErrors(checkModel(parsed, { kind: 'neurons', namespace: { tau: '10 ms' } }));
 * ```
 */
export * from './ast.js';
export * from './source.js';
export * from './diagnostics.js';
export * from './format-diagnostic.js';
export * from './parse.js';
export * from './units/dimension.js';
export { lookupUnit, isUnitName, unitNames, siUnitName, formatDimension } from './units/unit-table.js';
export { CONSTANTS } from './units/quantity.js';
export { checkModel, type CheckOptions, type CheckResult } from './check/check-model.js';
export {
  checkStatements,
  checkExpression,
  type CodeCheckResult,
  type StatementsCheckResult,
  type ExpressionCheckResult,
  type ExpressionCheckOptions,
} from './check/check-code.js';
export { resolveNamespaceValue, type Namespace, type NamespaceValue, type Resolution } from './check/namespace.js';
export type { ScopeOptions } from './check/scope.js';
export { BUILTIN_FUNCTIONS, internalVariables, isNoiseName, type Inferred } from './check/builtins.js';
export { printExpr, printStatement, printEquation, PRECEDENCE } from './print.js';
