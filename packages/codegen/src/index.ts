/**
 * @neurite/codegen — integrators and kernel code generation.
 *
 * ```ts
 * import { compileModel } from '@neurite/codegen';
 * const m = compileModel('dv/dt = -v/tau : volt', { namespace: { tau: '10 ms' } });
 * console.log(m.stateUpdate.source);
 * const v = new Float64Array([0.01, 0.02]);
 * m.stateUpdate.run({ arrays: { v }, scalars: { N: 2, t: 0, dt: 1e-4, ...m.constants } });
 * ```
 */
export * from './ir.js';
export { mapIRExpr, mapIRStatements } from './ir-visit.js';
export * from './backends/backend.js';
export { getBackend, registerBackend, backendNames } from './backends/registry.js';
export { fuseKernels, type FuseResult } from './lower/fuse.js';
export { jsBackend, createJsBackend, setWasmEnabled, setWasmMinElements, KernelArgumentError, type JsBackendOptions } from './backends/js/js-backend.js';
export { WasmArena, memoryOf, WASM_AVAILABLE, type ArenaType } from './backends/wasm/arena.js';
export { WasmTeam, TeamError, TEAM_MIN_ELEMENTS } from './backends/wasm/team.js';
export { Random, type RandomSource, type RandomState } from './random.js';
export { constantParameters } from './lower/constant-parameters.js';
export { compileModel, instantiateModel, planModel, type CompileModelOptions, type CompiledModel, type ModelKernels, type ModelPlan } from './compile.js';
export { buildOdeSystem, inlinedSubexpressions, OdeSystemError } from './stateupdaters/ode-system.js';
export { chooseStateUpdater, registerStateUpdater, methodNames, DEFAULT_METHODS } from './stateupdaters/registry.js';
export {
  lowerStateUpdate,
  lowerThreshold,
  lowerStatements,
  lowerSet,
  lowerPathway,
  lowerSummed,
  lowerConnect,
  lowerGather,
  type RefractorySpec,
} from './lower/templates.js';
export { Lowerer, LoweringError, linkedArray, linkedIndexArray, type LoweringScope } from './lower/lowerer.js';
export { evaluate, execute, type Environment } from './symbolic/evaluate.js';
export { exp, expm1, exprel } from './math/exp.js';
export { linearForm, type LinearForm } from './symbolic/linear.js';
