/** Namespaces of groups and runs: merging (the group's own names win) and the cache key of kernels. */
import { parseQuantity, type Namespace, type NamespaceValue } from '@neurite/parser';
import { bindTimedArrays } from '../inputs/timed-array.js';

/** The run namespace fills the names the group's own namespace does not define (Brian's rule). */
export function mergeNamespaces(own: Namespace | undefined, run: Namespace | undefined): Namespace {
  return { ...(run ?? {}), ...(own ?? {}) };
}

/**
 * The namespace an object's code sees in a run — its own names over the run's — with every
 * TimedArray in it bound to the run's clock: their indexing and whether they are constant over a
 * step (which decides the integrator) depend on it. Every object that compiles code calls this in
 * `prepare`, so none can leave a TimedArray of its own namespace on another clock.
 */
export function runNamespace(own: Namespace | undefined, run: { readonly namespace: Namespace; readonly dt: number }): Namespace {
  const namespace = mergeNamespaces(own, run.namespace);
  bindTimedArrays(namespace, run.dt);
  return namespace;
}

function kindOf(v: NamespaceValue): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'num';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return `q${JSON.stringify(parseQuantity(v).quantity?.dim ?? 'invalid')}`;
  if (typeof v === 'function') return `fn${v.length}`;
  // Whether a function is constant over a step (a TimedArray is when the clock's dt divides its
  // own) decides which integrators apply, so it is part of the shape.
  if ('kind' in v && v.kind === 'function') return `ext${v.arity}${v.constantOverDt === true ? 'c' : ''}`;
  return `q${JSON.stringify((v as { dim: unknown }).dim)}`;
}

/**
 * What compiled kernels depend on: the names and the kinds (and units) of the values, not the
 * values themselves, which are kernel arguments. Functions are keyed by identity, since their
 * implementation is part of the compiled model, and by whether they are constant over a step.
 */
export function namespaceSignature(ns: Namespace): string {
  const fnIds = new Map<unknown, number>();
  return Object.keys(ns)
    .sort()
    .map((k) => {
      const v = ns[k]!;
      const id = typeof v === 'function' || (typeof v === 'object' && 'kind' in v) ? `#${fnIds.get(v) ?? (fnIds.set(v, idOf(v)), idOf(v))}` : '';
      return `${k}:${kindOf(v)}${id}`;
    })
    .join(',');
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(v: object): number {
  let id = ids.get(v);
  if (id === undefined) ids.set(v, (id = nextId++));
  return id;
}
