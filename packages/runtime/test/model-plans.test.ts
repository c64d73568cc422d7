/**
 * Model plans shared across groups (groups/model-plans.ts): a new group with a model, options and
 * namespace shape the process has compiled before reuses that plan (its checked model and kernel
 * IR) but gets kernels of its own; anything that changes the plan (units in the namespace, a
 * different function, other options) must not be served a stale one.
 */
import { describe, expect, it } from 'vitest';
import { Network, TimedArray, type NeuronGroup } from '../src/index.js';

const MODEL = 'dv/dt = (I - v)/tau : 1';
/** v(t) = I + (v0 - I) exp(-t/tau), from v0 = 0. */
const analytic = (I: number, tau: number, t: number) => I * (1 - Math.exp(-t / tau));

async function runOne(namespace: Record<string, unknown>, duration = '10 ms', options: { threshold?: string } = {}): Promise<NeuronGroup> {
  const net = new Network({ dt: '0.1 ms' });
  const G = net.neuronGroup(1, MODEL, { method: 'exact', ...options });
  await net.run(duration, { namespace: namespace as never });
  return G;
}

const updater = (G: NeuronGroup) => G.kernels.get(`${G.name}_stateupdater`)!;

describe('model plans shared by groups', () => {
  it('a group of another network reuses the plan of the same model but counts its own calls', async () => {
    const A = await runOne({ I: 2, tau: '5 ms' }, '10 ms');
    const B = await runOne({ I: 3, tau: '2 ms' }, '5 ms');
    expect(updater(B).ir).toBe(updater(A).ir);
    expect(updater(B)).not.toBe(updater(A));
    expect(updater(A).calls!.js + updater(A).calls!.wasm).toBe(100);
    expect(updater(B).calls!.js + updater(B).calls!.wasm).toBe(50);
    // Each with its own values (kernel arguments, not part of the plan).
    expect(A.get('v')[0]).toBeCloseTo(analytic(2, 0.005, 0.01), 12);
    expect(B.get('v')[0]).toBeCloseTo(analytic(3, 0.002, 0.005), 12);
  });

  it('a namespace with other units is checked again, not served the earlier plan', async () => {
    await runOne({ I: 1, tau: '5 ms' });
    await expect(runOne({ I: 1, tau: '5 mV' })).rejects.toThrow(/model[\s\S]*\^/);
  });

  it('other options give another plan (a threshold added), and each group gets what it asked for', async () => {
    const plain = await runOne({ I: 2, tau: '5 ms' });
    const spiking = await runOne({ I: 2, tau: '5 ms' }, '10 ms', { threshold: 'v > 1' });
    expect(plain.kernels.has(`${plain.name}_thresholder`)).toBe(false);
    expect(spiking.kernels.has(`${spiking.name}_thresholder`)).toBe(true);
  });

  it('a different function of the same name is used, not the first one compiled', async () => {
    const model = 'dv/dt = (f(I) - v)/tau : 1';
    const run = async (f: (x: number) => number) => {
      const net = new Network({ dt: '0.1 ms' });
      const G = net.neuronGroup(1, model, { method: 'euler' });
      await net.run('10 ms', { namespace: { I: 2, tau: '5 ms', f } });
      return G.get('v')[0]!;
    };
    const doubled = await run((x) => 2 * x);
    const negated = await run((x) => -x);
    expect(doubled).toBeGreaterThan(3);
    expect(negated).toBeLessThan(-1.5);
  });

  it('a TimedArray that is constant over one clock step but not over another gets a plan for each', async () => {
    // Brian's rule: `exact` applies only when the clock's dt divides the TimedArray's dt (I(t) is
    // then constant within a step); otherwise the default method list falls to Euler.
    const I = new TimedArray([1, 1, 1, 1], '1 ms');
    const oneStep = async (dt: string) => {
      const net = new Network({ dt });
      const G = net.neuronGroup(1, 'dv/dt = (I(t) - v)/(10*ms) : 1');
      await net.run(dt, { namespace: { I } });
      return G.get('v')[0]!;
    };
    expect(await oneStep('0.1 ms')).toBeCloseTo(1 - Math.exp(-0.01), 14); // exact
    expect(await oneStep('0.3 ms')).toBeCloseTo(0.03, 14); // Euler: dt/tau
    expect(await oneStep('0.1 ms')).toBeCloseTo(1 - Math.exp(-0.01), 14);
  });
});
