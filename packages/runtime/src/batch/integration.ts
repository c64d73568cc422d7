/**
 * Which integration method a model gets: a batch must integrate each copy exactly as the original
 * would, but turning a constant into a per-element parameter can change the automatic choice
 * (a linear system with a constant `tau` is integrated exactly; with `tau` per neuron our exact
 * integrator does not apply and the choice would fall to Euler). So the replica is given the
 * original's method, and refused if that method cannot integrate it.
 */
import { buildOdeSystem, chooseStateUpdater, OdeSystemError } from '@neurite/codegen';
import { checkModel, parseEquations, type Namespace } from '@neurite/parser';

export type MethodChoice = { readonly ok: true; readonly method: string } | { readonly ok: false; readonly reason: string };

/** The method `method` (a name, a list, or the default list) picks for `model`, or why none applies. */
export function integrationMethod(model: string, namespace: Namespace, method?: string | readonly string[]): MethodChoice {
  const checked = checkModel(parseEquations(model), { kind: 'neurons', namespace });
  if (!checked.model) return { ok: false, reason: checked.diagnostics.map((d) => d.message).join('; ') };
  try {
    const r = chooseStateUpdater(buildOdeSystem(checked.model), method);
    return r.ok ? { ok: true, method: r.method } : { ok: false, reason: r.reason };
  } catch (e) {
    if (e instanceof OdeSystemError) return { ok: false, reason: e.message };
    throw e;
  }
}
