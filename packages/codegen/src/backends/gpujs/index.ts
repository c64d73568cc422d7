/**
 * The gpujs backend (gpu.js 2.24.1, float32). Importing this module registers `gpujsBackend` under
 * the name 'gpujs' (gpu.js's default mode); `createGpujsBackend({ mode })` makes one for a given
 * mode ('cpu', 'webasm', 'headlessgl', 'webgl', 'webgl2', 'gpu').
 *
 * ```ts
 * import '@neurite/codegen/gpujs'; // registers 'gpujs'
 * const b = createGpujsBackend({ mode: 'webasm' });
 * const k = b.compile(ir);
 * k.run({ arrays, scalars, rng });                // host arrays in, host arrays out
 * const state = b.createGpuState({ v, lastspike }); // or keep the arrays on the device:
 * k.runResident(state, { scalars, rng });
 * state.download();
 * ```
 */
import { registerBackend } from '../registry.js';
import { gpujsBackend } from './gpujs-backend.js';

export { createGpujsBackend, gpujsBackend, type GpujsBackend, type GpujsCapabilities, type GpujsCompiledKernel, type ResidentArgs } from './gpujs-backend.js';
export { GpuState } from './device.js';
export { GpujsUnsupportedError } from './analyze.js';
export { probeGpujsMode, SYNC_MODES as GPUJS_MODES, type GpujsModeStatus } from './gpujs-module.js';

registerBackend(gpujsBackend);
