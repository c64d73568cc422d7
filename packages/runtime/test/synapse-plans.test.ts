/**
 * Synapse plans shared across Synapses objects (synapses/synapse-plans.ts): Synapses of another
 * network with the same groups' model, code and namespace shape reuse the plan (checked model and
 * kernel IR) but get kernels of their own; a different function or other code must not be served
 * a stale plan.
 */
import { describe, expect, it } from 'vitest';
import { Network, type Synapses } from '../src/index.js';

/** Two neurons, neuron 0 driven to spike, one synapse 0 → 1 running `code`; returns the synapses and v of neuron 1. */
async function network(code: string, namespace: Record<string, unknown> = {}): Promise<{ S: Synapses; v: number }> {
  const net = new Network();
  const G = net.neuronGroup(2, 'dv/dt = (drive - v)/(10*ms) : 1\ndrive : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'exact' });
  G.set('drive', 'int(i == 0)*2');
  const S = net.synapses(G, G, { onPre: code });
  S.connect({ i: 0, j: 1 });
  await net.run('20 ms', { namespace: namespace as never });
  return { S, v: G.get('v')[1]! };
}

const pathway = (S: Synapses) => S.kernels.get(`${S.name}_pre`)!;

describe('synapse plans shared by Synapses', () => {
  it('Synapses of another network reuse the plan of the same code, with kernels of their own', async () => {
    const a = await network('v_post += 0.25');
    const b = await network('v_post += 0.25');
    expect(pathway(b.S).ir).toBe(pathway(a.S).ir);
    expect(pathway(b.S)).not.toBe(pathway(a.S));
    expect(b.v).toBe(a.v);
    expect(a.v).toBeGreaterThan(0);
  });

  it('other code, or another function of the same name, gets a plan of its own', async () => {
    const a = await network('v_post += 0.25');
    const c = await network('v_post += 0.5');
    expect(pathway(c.S).ir).not.toBe(pathway(a.S).ir);
    expect(c.v).toBeCloseTo(2 * a.v, 12);
    const once = await network('v_post += f(0.25)', { f: (x: number) => x });
    const twice = await network('v_post += f(0.25)', { f: (x: number) => 2 * x });
    expect(pathway(twice.S).ir).not.toBe(pathway(once.S).ir);
    expect(twice.v).toBeCloseTo(2 * once.v, 12);
  });
});
