/**
 * Synapse plans (the checked model and every kernel's IR of a Synapses object) shared by the
 * Synapses of a process, as groups/model-plans.ts does for neuron groups: `runBatch` builds new
 * Synapses on every call, as does a script that rebuilds its network, and with the plan found here
 * such an object only instantiates its kernels instead of checking and lowering the same code again.
 *
 * Invariant: a plan depends only on its groups' checked models (by identity: groups built from one
 * model plan share its model) and on what its key holds — the backend, the namespace's shape
 * (namespaceSignature), the groups' offsets, the object's name (it names the kernels), the
 * integration method, the model text, and each pathway's name, side, kernel name and code.
 */
import type { KernelIR } from '@neurite/codegen';
import type { CheckedModel, ExternalSymbol } from '@neurite/parser';

export interface SynapsePlan {
  readonly model: CheckedModel;
  /** Namespace symbols any kernel uses, as resolved when planned. */
  readonly externals: ReadonlyMap<string, ExternalSymbol>;
  readonly stateUpdate: KernelIR | undefined;
  /** Summed variables (`Igap_post`) and their kernels, before a subgroup target's zeroing is taken out. */
  readonly summed: readonly { readonly name: string; readonly ir: KernelIR }[];
  readonly pathways: ReadonlyMap<string, KernelIR>;
}

const PLANS = new WeakMap<CheckedModel, WeakMap<CheckedModel, Map<string, SynapsePlan>>>();
/** Plans kept per pair of group models (bounded like the other caches: emptied when full). */
const LIMIT = 64;

/** The plan for these groups and key, made by `make` once (errors are thrown, not kept). */
export function synapsePlan(pre: CheckedModel, post: CheckedModel, key: string, make: () => SynapsePlan): SynapsePlan {
  let byPost = PLANS.get(pre);
  if (byPost === undefined) PLANS.set(pre, (byPost = new WeakMap()));
  let byKey = byPost.get(post);
  if (byKey === undefined) byPost.set(post, (byKey = new Map()));
  let plan = byKey.get(key);
  if (plan === undefined) {
    plan = make();
    if (byKey.size >= LIMIT) byKey.clear();
    byKey.set(key, plan);
  }
  return plan;
}
