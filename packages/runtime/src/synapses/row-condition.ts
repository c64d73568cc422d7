/**
 * Connection conditions that depend on the presynaptic neuron only (`'i < Ne'`, `'x_pre > 0'`).
 *
 * Brian's synapse-creation template tests such a condition once per presynaptic neuron, before
 * it samples that neuron's targets, and skips the row when it is false — no random draws for it
 * (`synapses_create_generator`: `if(!_cond) continue;` in the outer loop unless the condition is
 * "postsynaptic"). `connect({ condition, p })` does the same for these conditions: CUBA's
 * `'i < Ne'` and `'i >= Ne'` with p = 0.02 no longer sample 40 000 rows each to keep half.
 */
import { assertNever, BUILTIN_FUNCTIONS, CONSTANTS, lookupUnit, type CheckedModel, type Expr, type ExternalSymbol } from '@neurite/parser';

/**
 * True if `e` has one value for all pairs of a presynaptic neuron: it names only `i`, `N_pre`,
 * `N_post`, presynaptic variables (`x_pre`), namespace constants, units and mathematical
 * constants, and calls only deterministic built-ins. Anything else (`j`, `x_post`, a name a
 * postsynaptic or synaptic variable could mean, a user function, `rand()`) makes it false.
 */
export function isRowCondition(e: Expr, externals: ReadonlyMap<string, ExternalSymbol>, models: readonly CheckedModel[]): boolean {
  switch (e.kind) {
    case 'number':
    case 'boolean':
      return true;
    case 'name': {
      const n = e.name;
      if (n === 'i' || n === 'N_pre' || n === 'N_post' || n.endsWith('_pre')) return true;
      if (externals.get(n)?.kind === 'constant') return true;
      if (models.some((m) => m.variables.has(n))) return false;
      return CONSTANTS.has(n) || lookupUnit(n) !== undefined;
    }
    case 'call': {
      // A random built-in has another value for every pair: such a condition is tested per pair.
      const builtin = BUILTIN_FUNCTIONS.get(e.callee);
      return builtin !== undefined && builtin.stochastic !== true && !externals.has(e.callee) && e.args.every((a) => isRowCondition(a, externals, models));
    }
    case 'unary':
      return isRowCondition(e.operand, externals, models);
    case 'binary':
      return isRowCondition(e.left, externals, models) && isRowCondition(e.right, externals, models);
    default:
      return assertNever(e, 'expression');
  }
}
