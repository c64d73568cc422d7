/**
 * `(constant)` per-neuron parameters: the group computes expressions of them (`exp(-dt/tau)`)
 * once per run instead of every step (codegen's hoistConstants). A constant may still change
 * between runs — by assignment or restore() — and the next run must use the new values.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '../src/index.js';

const MODEL = 'dv/dt = (I - v)/tau : 1\ntau : second (constant)\nI : 1 (constant)';

/** v(t) = I + (v0 - I) exp(-t/tau), per neuron. */
const analytic = (v0: number, I: number, tau: number, t: number) => I + (v0 - I) * Math.exp(-t / tau);

function build() {
  const net = new Network({ dt: '0.1 ms' });
  const G = net.neuronGroup(3, MODEL, { method: 'exact' });
  G.set('tau', [0.002, 0.005, 0.01]);
  G.set('I', [1, 2, -1]);
  return { net, G };
}

describe('(constant) parameters', () => {
  it('integrate exactly, with exp(-dt/tau) computed once per run rather than in the step', async () => {
    const { net, G } = build();
    await net.run('10 ms');
    const v = G.get('v');
    [0.002, 0.005, 0.01].forEach((tau, i) => expect(v[i]).toBeCloseTo(analytic(0, [1, 2, -1][i]!, tau, 0.01), 12));
    const kernels = G.kernels;
    expect(kernels.get(`${G.name}_stateupdater`)!.source).not.toMatch(/Math\.exp(m1)?\(/);
    expect(kernels.get(`${G.name}_stateupdater_precompute`)!.source).toMatch(/Math\.exp(m1)?\(/);
  });

  it('take new values set between runs', async () => {
    const { net, G } = build();
    await net.run('10 ms');
    const v1 = Array.from(G.get('v'));
    G.set('tau', [0.02, 0.001, 0.004]);
    G.set('I', [0.5, 0.5, 0.5]);
    await net.run('5 ms');
    const v = G.get('v');
    [0.02, 0.001, 0.004].forEach((tau, i) => expect(v[i]).toBeCloseTo(analytic(v1[i]!, 0.5, tau, 0.005), 12));
  });

  it('take the stored values back on restore(), and a run with another dt uses that dt', async () => {
    const { net, G } = build();
    net.store();
    await net.run('10 ms');
    const first = Array.from(G.get('v'));
    net.restore();
    G.set('tau', [1, 1, 1]);
    await net.run('10 ms');
    expect(Array.from(G.get('v'))).not.toEqual(first);
    net.restore();
    await net.run('10 ms');
    expect(Array.from(G.get('v'))).toEqual(first);
    // Another dt: the hoisted propagator must follow it.
    net.restore();
    net.dt = '0.05 ms';
    await net.run('10 ms');
    [0.002, 0.005, 0.01].forEach((tau, i) => expect(G.get('v')[i]).toBeCloseTo(analytic(0, [1, 2, -1][i]!, tau, 0.01), 12));
  });

  it('take values a network operation sets during a run from the next step on', async () => {
    const { net, G } = build();
    // At 5 ms, I jumps to 3 for every neuron: v(10 ms) = 3 + (v(5 ms) - 3) exp(-5 ms/tau).
    net.networkOperation((t) => {
      if (t > 0) G.set('I', 3);
    }, { dt: '5 ms' });
    await net.run('10 ms');
    [0.002, 0.005, 0.01].forEach((tau, i) => {
      const half = analytic(0, [1, 2, -1][i]!, tau, 0.005);
      expect(G.get('v')[i]).toBeCloseTo(analytic(half, 3, tau, 0.005), 12);
    });
  });

  it('cannot be written by the model\'s own code', async () => {
    const { net, G } = build();
    G.runRegularly('tau = 2*tau');
    await expect(net.run('1 ms')).rejects.toThrow(/tau/);
  });
});
