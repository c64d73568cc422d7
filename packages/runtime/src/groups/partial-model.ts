/**
 * A model whose namespace is not complete yet (names that only run()'s namespace will supply):
 * its variables — names, units, types, flags — are known from the equations alone, which is all
 * that set(), get() and synapse creation need before the first run. Expressions that use a
 * missing name still fail, with the checker's message, when they are checked.
 */
import { internalVariables, type CheckedModel, type EquationsResult, type ValueType, type VariableInfo } from '@neurite/parser';

export function partialModel(parsed: EquationsResult, kind: 'neurons' | 'synapses'): CheckedModel {
  const variables = new Map<string, VariableInfo>();
  for (const v of internalVariables(kind)) variables.set(v.name, v);
  for (const eq of parsed.equations) {
    if (eq.flags.some((f) => f.name === 'summed')) continue;
    const type: ValueType = eq.unit.kind === 'boolean' ? 'boolean' : eq.unit.kind === 'integer' ? 'integer' : 'float';
    const flags = eq.flags.map((f) => f.name);
    variables.set(eq.name, {
      name: eq.name,
      origin: eq.kind === 'differential' ? 'state' : eq.kind,
      dim: eq.unit.dim,
      type,
      shared: flags.includes('shared'),
      readOnly: eq.kind === 'subexpression' || flags.includes('constant') || flags.includes('linked'),
      flags,
      equation: eq,
    });
  }
  const subexpressionOrder = parsed.equations.filter((e) => e.kind === 'subexpression').map((e) => e.name);
  return { kind, equations: parsed.equations, variables, subexpressionOrder, externals: new Map(), noiseTerms: [] };
}
