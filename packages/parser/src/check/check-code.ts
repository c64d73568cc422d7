/**
 * Checks code that runs in the context of a checked model: statement blocks (reset, on_pre,
 * on_post, run_regularly) and single expressions (threshold, refractory condition, connect
 * condition and probability).
 */
import { unitText } from '../units/unit-text.js';
import type { CheckedModel, ExternalSymbol, Expr, Statement } from '../ast.js';
import { diag, hasErrors, type Diagnostic, type HasDiagnostics } from '../diagnostics.js';
import type { ExpressionResult, StatementsResult } from '../parse.js';
import { isDimensionless, sameDim, type Dimension } from '../units/dimension.js';
import type { Inferred } from './builtins.js';
import { sortBySpan } from './check-model.js';
import { infer } from './infer.js';
import { Scope, type ScopeOptions } from './scope.js';

export interface CodeCheckResult extends HasDiagnostics {
  /** Namespace symbols the code uses. */
  readonly externals: ReadonlyMap<string, ExternalSymbol>;
}

export interface StatementsCheckResult extends CodeCheckResult {
  /** Present iff there are no errors. */
  readonly statements: readonly Statement[] | undefined;
}

export interface ExpressionCheckResult extends CodeCheckResult {
  readonly expr: Expr | undefined;
  /** Dimension and type of the expression, if it checked. */
  readonly inferred: Inferred | undefined;
}

const NO_NOISE = { allowNoise: false } as const;

/** Checks statements: targets must be writable variables, and each side must have the same unit. */
export function checkStatements(parsed: StatementsResult, model: CheckedModel, options: ScopeOptions = {}): StatementsCheckResult {
  const { source } = parsed;
  const scope = new Scope(model.kind, model.variables, options);
  const out: Diagnostic[] = [...parsed.diagnostics];
  for (const s of parsed.statements) checkStatement(s, scope, out);
  const diagnostics = sortBySpan(out);
  return { source, diagnostics, statements: hasErrors(diagnostics) ? undefined : parsed.statements, externals: scope.usedExternals };
}

function checkStatement(s: Statement, scope: Scope, out: Diagnostic[]): void {
  const value = infer(s.expr, scope, NO_NOISE, out);
  const target = scope.resolve(s.target);
  let targetDim: Dimension;
  let targetIsBoolean = false;
  switch (target.kind) {
    case 'variable': {
      const v = target.info;
      if (v.readOnly) {
        // Go by the defining equation, not the origin: `x_post` (or plain `x` in synapses) has
        // origin 'post' whatever kind of variable x is in the postsynaptic group.
        const definedBy = v.equation?.kind;
        const why =
          definedBy === 'subexpression'
            ? 'it is a subexpression, computed from its equation'
            : definedBy === undefined
              ? 'it is set by the simulator'
              : v.flags.includes('linked')
                ? "it is declared '(linked)': it is another group's variable, which only that group's code can change"
                : "it is declared '(constant)'";
        out.push(diag.readOnlyTarget(s.targetSpan, s.target, why));
        return;
      }
      targetDim = v.dim;
      targetIsBoolean = v.type === 'boolean';
      break;
    }
    case 'external':
    case 'value':
      out.push(diag.readOnlyTarget(s.targetSpan, s.target, 'it is a constant, not a variable of the model'));
      return;
    case 'needs-group':
      out.push(diag.prePostUnavailable(s.targetSpan, s.target, target.side));
      return;
    case 'broken':
      return;
    case 'namespace-error':
      out.push(diag.namespaceValue(s.targetSpan, target.message, target.hint));
      return;
    case 'unknown':
      out.push(diag.unknownIdentifier(s.targetSpan, s.target, scope.suggestName(s.target)));
      return;
  }
  if (!value) return;
  if (s.op === '*=' || s.op === '/=') {
    if (!isDimensionless(value.dim)) {
      out.push(diag.factorDimension(s.expr.span, s.target, s.op, unitText(value.dim)));
    }
    return;
  }
  if (targetIsBoolean && s.op === '=' && value.type !== 'boolean') {
    out.push(diag.notBoolean(s.expr.span, `the value assigned to '${s.target}'`, value.type === 'integer' ? 'an integer' : 'a number'));
    return;
  }
  if (!sameDim(value.dim, targetDim)) {
    out.push(diag.assignmentDimension(s.expr.span, s.target, s.op, unitText(targetDim), unitText(value.dim)));
  }
}

export interface ExpressionCheckOptions extends ScopeOptions {
  /** `'boolean'` for conditions, or the dimension the value must have. */
  readonly expect: 'boolean' | Dimension;
  /** What the expression is, for messages: "the threshold", "the connection probability". */
  readonly what: string;
}

/** Checks one expression and that it is a boolean condition or has the expected dimension. */
export function checkExpression(parsed: ExpressionResult, model: CheckedModel, options: ExpressionCheckOptions): ExpressionCheckResult {
  const { source } = parsed;
  const scope = new Scope(model.kind, model.variables, options);
  const none = { source, expr: undefined, inferred: undefined, externals: scope.usedExternals };
  if (hasErrors(parsed.diagnostics) || !parsed.expr) return { ...none, diagnostics: parsed.diagnostics };
  const out: Diagnostic[] = [...parsed.diagnostics];
  const inferred = infer(parsed.expr, scope, NO_NOISE, out);
  if (inferred) {
    if (options.expect === 'boolean') {
      if (inferred.type !== 'boolean') {
        out.push(diag.notBoolean(parsed.expr.span, options.what, inferred.type === 'integer' ? 'an integer' : `a value with unit ${unitText(inferred.dim)}`));
      }
    } else if (!sameDim(inferred.dim, options.expect)) {
      out.push(diag.equationDimension(parsed.expr.span, options.what, unitText(options.expect), unitText(inferred.dim)));
    }
  }
  const diagnostics = sortBySpan(out);
  if (hasErrors(diagnostics)) return { ...none, diagnostics };
  return { source, diagnostics, expr: parsed.expr, inferred, externals: scope.usedExternals };
}
