/**
 * `checkModel`: from parsed equations to a {@link CheckedModel}, or diagnostics. Runs every check
 * and reports every problem found: names, flags, subexpression cycles, dimensions and types of
 * every equation, noise terms, summed variables.
 */
import { unitText } from '../units/unit-text.js';
import { walkExpr } from '../ast.js';
import type {
  CheckedModel,
  Equation,
  Expr,
  SubexpressionEquation,
  ValueType,
  VariableInfo,
  VariableOrigin,
} from '../ast.js';
import { diag, hasErrors, type Diagnostic, type HasDiagnostics } from '../diagnostics.js';
import type { EquationsResult } from '../parse.js';
import type { SourceText, Span } from '../source.js';
import { divDim, isDimensionless, sameDim, type Dimension } from '../units/dimension.js';
import { internalVariables, SECOND } from './builtins.js';
import { orderSubexpressions } from './dependencies.js';
import { checkFlags, hasFlag, type GroupKind } from './flags.js';
import { checkDefinedNames } from './identifiers.js';
import { infer } from './infer.js';
import { Scope, type ScopeOptions } from './scope.js';

export interface CheckOptions extends ScopeOptions {
  readonly kind: GroupKind;
}

export interface CheckResult extends HasDiagnostics {
  /** Present iff there are no errors. */
  readonly model: CheckedModel | undefined;
}

const ORIGIN: Record<Equation['kind'], VariableOrigin> = { differential: 'state', parameter: 'parameter', subexpression: 'subexpression' };

function variableOf(eq: Equation): VariableInfo {
  const type: ValueType = eq.unit.kind === 'boolean' ? 'boolean' : eq.unit.kind === 'integer' ? 'integer' : 'float';
  return {
    name: eq.name,
    origin: ORIGIN[eq.kind],
    dim: eq.unit.dim,
    type,
    shared: hasFlag(eq, 'shared'),
    // A linked variable is another group's: read here, written there (as in Brian).
    readOnly: eq.kind === 'subexpression' || hasFlag(eq, 'constant') || hasFlag(eq, 'linked'),
    flags: eq.flags.map((f) => f.name),
    equation: eq,
  };
}

/** Checks parsed equations in the context of a group kind, a namespace and (for synapses) the connected groups. */
export function checkModel(parsed: EquationsResult, options: CheckOptions): CheckResult {
  const { source } = parsed;
  // Lines that did not parse are left out; the rest is still checked, so that all errors in a
  // model are reported at once (uses of the names those lines define are not reported again).
  const out: Diagnostic[] = [...parsed.diagnostics];
  const { equations } = parsed;
  const group = options.kind;

  checkDefinedNames(equations, group, out);
  for (const eq of equations) checkFlags(eq, group, out);

  const variables = new Map<string, VariableInfo>();
  for (const v of internalVariables(group)) variables.set(v.name, v);
  // Summed variables write into another group; they are not variables of this one.
  for (const eq of equations) if (!hasFlag(eq, 'summed') && !variables.has(eq.name)) variables.set(eq.name, variableOf(eq));

  const subs = equations.filter((e): e is SubexpressionEquation => e.kind === 'subexpression');
  const subexpressionOrder = orderSubexpressions(subs.filter((s) => !hasFlag(s, 'summed')), out);

  const scope = new Scope(group, variables, { ...options, brokenNames: parsed.brokenNames });
  // Noise term → the equations using it, with the span of the first use in each.
  const noiseUsers = new Map<string, { eq: Equation; span: Span }[]>();
  const noiseTerms: string[] = [];
  for (const eq of equations) checkEquation(eq, scope, noiseUsers, noiseTerms, options, out);
  for (const [name, users] of noiseUsers) {
    if (name === 'xi' && users.length > 1) out.push(diag.noiseReused(users[1]!.span));
  }

  const diagnostics = sortBySpan(out);
  if (hasErrors(diagnostics)) return { source, diagnostics, model: undefined };
  return {
    source,
    diagnostics,
    model: { kind: group, equations, variables, subexpressionOrder, externals: scope.usedExternals, noiseTerms },
  };
}

function checkEquation(
  eq: Equation,
  scope: Scope,
  noiseUsers: Map<string, { eq: Equation; span: Span }[]>,
  noiseTerms: string[],
  options: CheckOptions,
  out: Diagnostic[],
): void {
  if (eq.kind === 'parameter') return;
  const ctx = {
    allowNoise: eq.kind === 'differential',
    onNoise: (name: string, span: Span) => {
      if (!noiseTerms.includes(name)) noiseTerms.push(name);
      const users = noiseUsers.get(name) ?? [];
      if (!users.some((u) => u.eq === eq)) users.push({ eq, span });
      noiseUsers.set(name, users);
    },
  };
  const rhs = infer(eq.expr, scope, ctx, out);
  if (!rhs) return;
  if (eq.kind === 'differential') {
    const expected = divDim(eq.unit.dim, SECOND);
    if (!sameDim(rhs.dim, expected)) {
      const lhs = `d${eq.name}/dt`;
      const hint = !sameDim(rhs.dim, eq.unit.dim)
        ? undefined
        : dividesBySomething(eq.expr)
          ? `the right side has the unit of ${eq.name} itself; the time constant it is divided by must have a unit of time (e.g. '10 ms' in the namespace, not 0.01)`
          : `the right side has the unit of ${eq.name} itself; divide it by a time constant, e.g. -${eq.name}/tau`;
      out.push(diag.equationDimension(eq.expr.span, lhs, perSecond(eq.unit.dim), unitText(rhs.dim), hint));
    }
    return;
  }
  // Subexpression (possibly summed).
  if (eq.unit.kind === 'boolean' && rhs.type !== 'boolean') {
    out.push(diag.notBoolean(eq.expr.span, `the subexpression '${eq.name}'`, rhs.type === 'integer' ? 'an integer' : 'a number'));
    return;
  }
  if (!sameDim(rhs.dim, eq.unit.dim)) {
    out.push(diag.equationDimension(eq.expr.span, `'${eq.name}'`, unitText(eq.unit.dim), unitText(rhs.dim)));
    return;
  }
  if (rhs.stochastic && !hasFlag(eq, 'constant over dt') && !hasFlag(eq, 'summed')) {
    out.push(diag.stochasticSubexpression(eq.nameSpan, eq.name));
  }
  if (hasFlag(eq, 'summed')) checkSummedTarget(eq, options, out);
}

/** `x_post = ... : unit (summed)` must name a parameter of the target group with the same unit. */
function checkSummedTarget(eq: SubexpressionEquation, options: CheckOptions, out: Diagnostic[]): void {
  const m = /^(.+)_(pre|post)$/.exec(eq.name);
  if (!m) {
    out.push(diag.summedTarget(eq.nameSpan, `the summed variable '${eq.name}' must name its target as 'x_post' or 'x_pre'`, `e.g. '${eq.name}_post = ... : unit (summed)'`));
    return;
  }
  const side = m[2] as 'pre' | 'post';
  const group = side === 'pre' ? options.pre : options.post;
  if (!group) {
    out.push(diag.prePostUnavailable(eq.nameSpan, eq.name, side));
    return;
  }
  const target = group.variables.get(m[1]!);
  if (!target || target.origin !== 'parameter') {
    out.push(
      diag.summedTarget(
        eq.nameSpan,
        target ? `'${m[1]}' in the ${side}synaptic group is not a parameter, so a summed variable cannot write to it` : `the ${side}synaptic group has no variable '${m[1]}'`,
        `declare it there as a parameter, e.g. '${m[1]} : ${unitText(eq.unit.dim)}'`,
      ),
    );
    return;
  }
  if (!sameDim(target.dim, eq.unit.dim)) {
    out.push(diag.summedTarget(eq.unit.span, `the summed variable has unit ${unitText(eq.unit.dim)}, but its target '${m[1]}' has ${unitText(target.dim)}`));
  }
}

/** `-v/tau` with a dimensionless `tau`: the division is there, the divisor lacks its unit. */
function dividesBySomething(e: Expr): boolean {
  let found = false;
  walkExpr(e, (n) => {
    if (n.kind === 'binary' && n.op === '/') found = true;
  });
  return found;
}

function perSecond(d: Dimension): string {
  return isDimensionless(d) ? '1/second' : `${unitText(d)}/second`;
}

export function sortBySpan(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

export type { SourceText };
