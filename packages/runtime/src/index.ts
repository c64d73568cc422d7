/**
 * @neurite/runtime — networks of neuron groups, synapses, inputs and monitors.
 *
 * ```ts
 * import { Network } from '@neurite/runtime';
 * const net = new Network({ dt: '0.1 ms', seed: 1 });
 * const G = net.neuronGroup(10, 'dv/dt = -v/tau : volt', { namespace: { tau: '10 ms' } });
 * await net.run('100 ms');
 * ```
 */
export { Network, type NetworkOptions, type RunOptions, type BackendOption } from './network.js';
export { Profile, type ProfileEntry } from './profiling.js';
export { NeuronGroup, type NeuronGroupOptions } from './groups/neuron-group.js';
export { Subgroup } from './groups/subgroup.js';
export { Synapses, type SynapsesOptions, type ConnectOptions, type SynapseSelection } from './synapses/synapses.js';
export { SpikeMonitor, type SpikeMonitorOptions } from './monitors/spike-monitor.js';
export { EventMonitor, type EventMonitorOptions } from './monitors/event-monitor.js';
export { EventSpace } from './groups/event-space.js';
export type { LinkOptions, LinkSource } from './groups/linked-variable.js';
export { StateMonitor, type StateMonitorOptions } from './monitors/state-monitor.js';
export { ValueError, toSI, type QuantityLike } from './quantity.js';
export type { SimObject, SpikeSource, Operation, StepContext, RunContext } from './sim-object.js';
export { SLOTS, type When } from './schedule.js';
export { TimedArray, bindTimedArrays, timedArrayK, type TimedArrayOptions } from './inputs/timed-array.js';
export { PoissonGroup, type PoissonGroupOptions, type PoissonRates } from './inputs/poisson-group.js';
export { SpikeGeneratorGroup, type SpikeGeneratorGroupOptions, type SpikeTimes } from './inputs/spike-generator-group.js';
export { PoissonInput, BinomialSampler, type PoissonInputOptions } from './inputs/poisson-input.js';
export { PopulationRateMonitor, type PopulationRateMonitorOptions } from './monitors/rate-monitor.js';
export { NetworkOperation, type NetworkOperationCallback, type NetworkOperationOptions } from './operations/network-operation.js';
export { type BatchOptions } from './batch/run-batch.js';
export { BatchResult, type BatchReadable } from './batch/batch-result.js';
export { BatchedNetwork, type BatchedRunOptions } from './batch/batched-network.js';
export type { BatchValues } from './batch/batch.js';
