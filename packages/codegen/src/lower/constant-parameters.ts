import type { CheckedModel } from '@neurite/parser';

/**
 * Per-element float parameters flagged `(constant)`: no code writes them during a run (only the
 * host, between steps, which then refreshes what was computed from them), so their expressions
 * may be computed once per run (`hoistConstants`; a NeuronGroup sizes its room by them) and a
 * division by one is a division by a run constant (optimize.ts, `reciprocalDivisions`).
 */
export function constantParameters(model: CheckedModel): Set<string> {
  const out = new Set<string>();
  for (const v of model.variables.values()) if (v.origin === 'parameter' && !v.shared && v.type === 'float' && v.flags.includes('constant')) out.add(v.name);
  return out;
}
