/**
 * Infers the dimension and type of an expression, reporting every dimension error it finds.
 * Returns `undefined` for a sub-expression that already has an error, and parents of such a node
 * stay silent, so one mistake produces one diagnostic rather than a cascade.
 */
import { unitText } from '../units/unit-text.js';
import { assertNever, type BinaryOp, type Expr, type ValueType } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { DIMENSIONLESS, divDim, isDimensionless, mulDim, powDim, sameDim } from '../units/dimension.js';
import { BUILTIN_FUNCTIONS, isNoiseName, NOISE_DIM, type Inferred } from './builtins.js';
import type { Scope } from './scope.js';

export interface InferContext {
  /** Noise terms (`xi`, `xi_*`) are only meaningful in differential equations. */
  readonly allowNoise: boolean;
  /** Called for every noise term met, so the caller can track which equations use which. */
  readonly onNoise?: (name: string, span: Expr['span']) => void;
}

function numericType(a: ValueType, b: ValueType): ValueType {
  return a === 'float' || b === 'float' ? 'float' : 'integer';
}

function fold(op: BinaryOp, a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '**': return a ** b;
    default: return undefined;
  }
}

const VERB: Partial<Record<BinaryOp, string>> = { '+': 'add', '-': 'subtract', '%': 'take the modulo of' };

export function infer(e: Expr, scope: Scope, ctx: InferContext, out: Diagnostic[]): Inferred | undefined {
  switch (e.kind) {
    case 'number':
      return { dim: DIMENSIONLESS, type: e.isInteger ? 'integer' : 'float', value: e.value };
    case 'boolean':
      return { dim: DIMENSIONLESS, type: 'boolean', value: e.value ? 1 : 0 };
    case 'name':
      return inferName(e.name, e.span, scope, ctx, out);
    case 'call':
      return inferCall(e, scope, ctx, out);
    case 'unary': {
      const x = infer(e.operand, scope, ctx, out);
      if (!x) return undefined;
      if (e.op === 'not') {
        if (x.type !== 'boolean') {
          out.push(diag.booleanOperand(e.operand.span, 'not'));
          return undefined;
        }
        return { dim: DIMENSIONLESS, type: 'boolean' };
      }
      const type: ValueType = x.type === 'boolean' ? 'integer' : x.type;
      const value = x.value === undefined ? undefined : e.op === '-' ? -x.value : x.value;
      return { ...x, type, ...(value === undefined ? {} : { value }) };
    }
    case 'binary':
      return inferBinary(e, scope, ctx, out);
    default:
      return assertNever(e, 'expression');
  }
}

function inferName(name: string, span: Expr['span'], scope: Scope, ctx: InferContext, out: Diagnostic[]): Inferred | undefined {
  if (isNoiseName(name) && !scope.variables.has(name)) {
    if (!ctx.allowNoise) {
      out.push(diag.noiseOutsideDifferential(span, name));
      return undefined;
    }
    ctx.onNoise?.(name, span);
    return { dim: NOISE_DIM, type: 'float', stochastic: true };
  }
  const r = scope.resolve(name);
  switch (r.kind) {
    case 'variable':
      return { dim: r.info.dim, type: r.info.type };
    case 'external':
      if (r.symbol.kind === 'function') {
        out.push(diag.functionWithoutCall(span, name));
        return undefined;
      }
      return { dim: r.symbol.dim, type: r.symbol.type, value: r.symbol.value };
    case 'value':
      return { dim: r.dim, type: 'float', value: r.value };
    case 'namespace-error':
      out.push(diag.namespaceValue(span, r.message, r.hint));
      return undefined;
    case 'needs-group':
      out.push(diag.prePostUnavailable(span, name, r.side));
      return undefined;
    case 'broken':
      return undefined;
    case 'unknown':
      if (BUILTIN_FUNCTIONS.has(name)) out.push(diag.functionWithoutCall(span, name));
      else out.push(diag.unknownIdentifier(span, name, scope.suggestName(name)));
      return undefined;
    default:
      return assertNever(r, 'resolution');
  }
}

function inferCall(e: Extract<Expr, { kind: 'call' }>, scope: Scope, ctx: InferContext, out: Diagnostic[]): Inferred | undefined {
  const args = e.args.map((a) => infer(a, scope, ctx, out));
  const builtin = BUILTIN_FUNCTIONS.get(e.callee);
  const resolved = builtin ? undefined : scope.resolve(e.callee);
  if (!builtin && resolved?.kind !== 'external') {
    if (resolved?.kind === 'variable' || resolved?.kind === 'value') out.push(diag.notAFunction(e.calleeSpan, e.callee));
    else out.push(diag.unknownFunction(e.calleeSpan, e.callee, scope.suggestFunction(e.callee)));
    return undefined;
  }
  if (builtin) {
    if (e.args.length < builtin.minArgs || e.args.length > builtin.maxArgs) {
      const n = builtin.minArgs;
      out.push(diag.wrongArity(e.span, e.callee, n === builtin.maxArgs ? `${n} argument${n === 1 ? '' : 's'}` : `${n} to ${builtin.maxArgs} arguments`, e.args.length));
      return undefined;
    }
    if (args.some((a) => a === undefined)) return undefined;
    return builtin.infer(args as Inferred[], e.args.map((a) => a.span), out);
  }
  const fn = (resolved as { symbol: import('../ast.js').ExternalSymbol }).symbol;
  if (fn.kind !== 'function') {
    out.push(diag.notAFunction(e.calleeSpan, e.callee));
    return undefined;
  }
  if (e.args.length !== fn.arity) {
    out.push(diag.wrongArity(e.span, e.callee, `${fn.arity} argument${fn.arity === 1 ? '' : 's'}`, e.args.length));
    return undefined;
  }
  let ok = args.every((a) => a !== undefined);
  args.forEach((a, k) => {
    const want = fn.argDims?.[k];
    if (a && want && !sameDim(a.dim, want)) {
      out.push(diag.argumentDimension(e.args[k]!.span, e.callee, unitText(want), unitText(a.dim)));
      ok = false;
    }
  });
  return ok ? { dim: fn.returnDim, type: fn.returnType ?? 'float' } : undefined;
}

function inferBinary(e: Extract<Expr, { kind: 'binary' }>, scope: Scope, ctx: InferContext, out: Diagnostic[]): Inferred | undefined {
  const a = infer(e.left, scope, ctx, out);
  const b = infer(e.right, scope, ctx, out);
  if (!a || !b) return undefined;
  const stochastic = a.stochastic || b.stochastic ? { stochastic: true } : {};
  const value = fold(e.op, a.value, b.value);
  const withValue = value === undefined ? {} : { value };
  switch (e.op) {
    case '+':
    case '-':
    case '%':
      if (!sameDim(a.dim, b.dim)) {
        out.push(diag.operandDimensions(e.span, VERB[e.op]!, unitText(a.dim), unitText(b.dim)));
        return undefined;
      }
      return { dim: a.dim, type: numericType(a.type, b.type), ...withValue, ...stochastic };
    case '*':
      return { dim: mulDim(a.dim, b.dim), type: numericType(a.type, b.type), ...withValue, ...stochastic };
    case '/':
      return { dim: divDim(a.dim, b.dim), type: 'float', ...withValue, ...stochastic };
    case '//': {
      // As in Brian: only for dimensionless values, since the floor of a quantity would depend on
      // the unit it is computed in (`v // 2` in volt is not `v // 2` in mV).
      const withUnit = !isDimensionless(a.dim) ? e.left : !isDimensionless(b.dim) ? e.right : undefined;
      if (withUnit) {
        out.push(diag.floorDivisionDimension(withUnit.span, unitText(withUnit === e.left ? a.dim : b.dim)));
        return undefined;
      }
      return { dim: DIMENSIONLESS, type: numericType(a.type, b.type), ...stochastic };
    }
    case '**': {
      if (!isDimensionless(b.dim)) {
        out.push(diag.exponentNotDimensionless(e.right.span, unitText(b.dim)));
        return undefined;
      }
      if (!isDimensionless(a.dim) && b.value === undefined) {
        out.push(diag.exponentNotConstant(e.right.span));
        return undefined;
      }
      const d = isDimensionless(a.dim) ? DIMENSIONLESS : powDim(a.dim, b.value!);
      const type: ValueType = a.type !== 'float' && b.type !== 'float' && (b.value ?? -1) >= 0 ? 'integer' : 'float';
      return { dim: d, type, ...withValue, ...stochastic };
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '==':
    case '!=':
      if (!sameDim(a.dim, b.dim)) {
        out.push(diag.operandDimensions(e.span, 'compare', unitText(a.dim), unitText(b.dim)));
        return undefined;
      }
      return { dim: DIMENSIONLESS, type: 'boolean', ...stochastic };
    case 'and':
    case 'or':
      if (a.type !== 'boolean' || b.type !== 'boolean') {
        out.push(diag.booleanOperand(a.type !== 'boolean' ? e.left.span : e.right.span, e.op));
        return undefined;
      }
      return { dim: DIMENSIONLESS, type: 'boolean', ...stochastic };
    default:
      return assertNever(e.op, 'operator');
  }
}
