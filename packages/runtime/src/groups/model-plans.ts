/**
 * Model plans (codegen's `planModel`: the checked model, its integration and each kernel's IR)
 * shared by every NeuronGroup of the process. A group keeps its compiled kernels per namespace
 * shape, but a new group starts with none — and `runBatch` builds new groups on every call, as
 * does a script that rebuilds its network in a loop. With the plan found here, such a group only
 * instantiates kernels (the JS backend also reuses their source and code), instead of checking,
 * integrating and lowering the same model again.
 *
 * Invariant: a plan depends only on what its key holds — the model text, the compile options
 * (name, method, threshold, reset, refractoriness, events, hoisting room), the namespace's shape
 * (names, kinds, units and function identities: `namespaceSignature`, the same key the groups'
 * own caches use; values are kernel arguments) and the backend's precision.
 */
import { planModel, type Backend, type CompileModelOptions, type ModelPlan } from '@neurite/codegen';

const PLANS = new Map<string, ModelPlan>();
const LIMIT = 256;

/** The plan of `equations` under these options, made once per key (errors are thrown, not kept). */
export function modelPlan(equations: string, options: CompileModelOptions & { readonly backend: Backend }, namespaceKey: string): ModelPlan {
  const { namespace, backend, ...rest } = options;
  const key = `${backend.capabilities.precision}\u0000${namespaceKey}\u0000${JSON.stringify(rest)}\u0000${equations}`;
  let plan = PLANS.get(key);
  if (plan === undefined) {
    plan = planModel(equations, { ...rest, backend, ...(namespace ? { namespace } : {}) });
    // Bounded like the parser's and the backend's caches: emptied when full.
    if (PLANS.size >= LIMIT) PLANS.clear();
    PLANS.set(key, plan);
  }
  return plan;
}
