/**
 * Synapses features beyond the basics: multisynaptic indices, named pathways, selections in
 * set/get, the summed-variable writer check, dt changes with queued spikes.
 */
import { describe, expect, it } from 'vitest';
import { Network, ValueError, type NetworkOptions } from '../src/index.js';

const ms = 1e-3;
const dt = 0.1 * ms;

/** A group whose neuron k fires exactly once, at step `steps[k]` (-1: never). */
function spikingAt(net: Network, steps: readonly number[]) {
  const G = net.neuronGroup(steps.length, 'ts : second', { threshold: 'abs(t - ts) < 0.5*dt' });
  G.set('ts', steps.map((s) => (s < 0 ? -1 : s * dt)));
  return G;
}

function network(options: NetworkOptions = {}) {
  return new Network({ dt: '0.1 ms', ...options });
}

describe('Synapses: multisynaptic index', () => {
  it('numbers the synapses of each (i, j) pair 0, 1, 2, ... in creation order, across connect() calls', async () => {
    const net = network();
    const P = spikingAt(net, [5, -1]);
    const Q = net.neuronGroup(2, 'x : 1');
    const S = net.synapses(P, Q, { onPre: 'x_post += 1 + k', multisynapticIndex: 'k' });
    S.connect({ i: [0, 0, 1, 0], j: [1, 1, 1, 0] });
    S.connect({ i: 0, j: 1, n: 2 });
    // Pairs: (0,1) (0,1) (1,1) (0,0) (0,1) (0,1).
    expect([...S.get('k')]).toEqual([0, 1, 0, 0, 2, 3]);
    await net.run(6 * dt);
    // Neuron 0 spikes: Q[1] gets 1+2+3+4 (k = 0..3), Q[0] gets 1 (k = 0).
    expect([...Q.get('x')]).toEqual([1, 10]);
    expect(() => S.set('k', 0)).toThrow(/'k' cannot be set/);
    expect(() => net.synapses(P, Q, { model: 'k : 1', multisynapticIndex: 'k' })).toThrow(/multisynapticIndex 'k' is already defined by the model/);
  });
});
