/**
 * Synapse kernels: compiling with the network's backend (falling back to the JS backend where the
 * backend cannot run a kernel), and making `i` and `j` relative to subgroups.
 *
 * Indices. `_synaptic_pre` / `_synaptic_post` store absolute neuron indices, so that `v_pre` /
 * `v_post` index the connected groups' storage arrays directly (a subgroup shares its parent's
 * arrays). The lowerer resolves `i` and `j` in synapse code to the values of the index locals
 * `_pre` / `_post` — absolute indices. For a subgroup, Brian's `i` and `j` are relative
 * (`i = _synaptic_pre - _source_offset`), so {@link relativeIndices} rewrites every *use of the
 * index value* (`{ kind: 'index', index: _pre }`) into `_pre - offset`, leaving the loads of
 * `v_pre[_pre]` alone. Offsets are fixed when the Synapses object is created, so they are literals.
 */
import { jsBackend, mapIRStatements, type Backend, type CompiledKernel, type IRExpr, type IRStmt, type KernelIR } from '@neurite/codegen';

/** The index locals the lowerer defines in synapse kernels (`PRE_LOCAL` / `POST_LOCAL` in codegen). */
const INDEX_LOCALS = { _pre: 'pre', _post: 'post' } as const;

/** Rewrites `i` / `j` (the index values of `_pre` / `_post`) to be relative to the given offsets. */
export function relativeIndices(ir: KernelIR, offsets: { readonly pre: number; readonly post: number }): KernelIR {
  if (offsets.pre === 0 && offsets.post === 0) return ir;
  const replace = (e: IRExpr): IRExpr | undefined => {
    if (e.kind !== 'index' || e.index.kind !== 'local') return undefined;
    const side = INDEX_LOCALS[e.index.name as keyof typeof INDEX_LOCALS];
    const offset = side === undefined ? 0 : offsets[side];
    if (offset === 0) return undefined;
    return { kind: 'binary', op: '-', left: e, right: { kind: 'literal', value: offset, type: 'integer' }, type: 'integer' };
  };
  const stmts = (ss: readonly IRStmt[]): IRStmt[] => mapIRStatements(ss, replace);
  return { ...ir, preamble: stmts(ir.preamble), body: stmts(ir.body) };
}

/**
 * Compiles with `backend`; where a GPU backend refuses a kernel (gpujs: user functions, writes
 * other than `+=`/`-=` into another group, ... — its `GpujsUnsupportedError`), the kernel runs on
 * the JS backend instead, over the same host arrays. Other errors propagate.
 */
export function compileWithFallback(ir: KernelIR, backend: Backend): CompiledKernel {
  if (backend.name === jsBackend.name) return backend.compile(ir);
  try {
    return backend.compile(ir);
  } catch (e) {
    // Matched by class name: importing the gpujs module here would load it for CPU-only networks.
    if (e instanceof Error && e.constructor.name === 'GpujsUnsupportedError') return jsBackend.compile(ir);
    throw e;
  }
}
