/**
 * The LIF network of the neuron-update benchmark (bench/lif.ts, bench/brian2/lif.py): N leaky
 * integrate-and-fire neurons without synapses. Deterministic — each neuron's drive is
 * v0 = 1.1 + 0.4 i/N and v starts at i/N — so Neurite's and Brian2's spike counts must agree exactly.
 */
import type { Network, SpikeMonitor } from '@neurite/runtime';

/** Adds the LIF group and a spike monitor that counts without recording times (as lif.py). */
export function buildLif(net: Network, N: number): { readonly spikes: SpikeMonitor } {
  const G = net.neuronGroup(N, 'dv/dt = (v0 - v)/tau : 1\nv0 : 1 (constant)', {
    threshold: 'v > 1', reset: 'v = 0', method: 'exact', namespace: { tau: '10 ms' },
  });
  G.set('v0', '1.1 + 0.4*i/N');
  G.set('v', 'i*1.0/N');
  return { spikes: net.spikeMonitor(G, { record: false }) };
}
