import { describe, expect, it } from 'vitest';
import { Network } from '../src/index.js';

const ms = 1e-3;

describe('networkOperation', () => {
  it('calls the callback with t on its own clock, at the start of the step by default', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const every: number[] = [];
    const coarse: number[] = [];
    net.networkOperation((t) => every.push(t));
    net.networkOperation((t) => coarse.push(t), { dt: '1 ms' });
    await net.run('3 ms');
    expect(every.length).toBe(30);
    expect(every[17]).toBeCloseTo(1.7 * ms, 15);
    expect(coarse.map((t) => Math.round(t / ms))).toEqual([0, 1, 2]);
    // A second run continues on the same grid.
    await net.run('2.5 ms');
    expect(coarse.map((t) => Math.round(t / ms))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('changes a group between steps, as in the tutorial (a new random current every 10 ms, from the seeded generator)', async () => {
    const build = async () => {
      const net = new Network({ dt: '0.1 ms', seed: 21 });
      const G = net.neuronGroup(1, 'dv/dt = (I*R - v)/tau : volt\nI : amp', { namespace: { R: '10 Mohm', tau: '5 ms' } });
      const mon = net.stateMonitor(G, 'I', { record: [0] });
      net.networkOperation(() => G.set('I', net.rng.uniform() * 50e-9), { dt: '10 ms' });
      await net.run('50 ms');
      return mon.values('I')[0]!;
    };
    const I = await build();
    // Both run in slot start with order 0: 'networkoperation' sorts before 'statemonitor' by name,
    // so the monitor sees each new value in the step it is set. I changes at steps 0, 100, 200, ...
    const levels = [1, 100, 200, 300, 400].map((k) => I[k]!);
    expect(new Set(levels).size).toBe(5);
    for (let k = 1; k < 500; k++) if (k % 100 !== 0) expect(I[k]).toBe(I[k - 1]);
    expect(levels.every((x) => x >= 0 && x < 50e-9)).toBe(true);
    expect(await build()).toEqual(I);
  });

  it('runs in the slot it is given, and may stop the run', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const order: string[] = [];
    net.networkOperation(() => order.push('end'), { when: 'end' });
    net.networkOperation(() => order.push('start'));
    net.networkOperation(() => order.push('before_thresholds'), { when: 'before_thresholds' });
    await net.run('0.1 ms');
    expect(order).toEqual(['start', 'before_thresholds', 'end']);
    let calls = 0;
    net.networkOperation((t) => {
      calls++;
      if (t >= 0.5 * ms) net.stop();
    });
    await net.run('10 ms');
    expect(calls).toBe(5);
    expect(net.t).toBeCloseTo(0.6 * ms, 15);
  });

  it('reports a dt that is not a whole number of steps, or an unknown slot', async () => {
    const net = new Network({ dt: '0.1 ms' });
    expect(() => net.networkOperation(() => {}, { when: 'middle' as never })).toThrow(/'middle' is not a schedule slot/);
    expect(() => net.networkOperation(() => {}, { dt: '1 mV' })).toThrow(/dt must be a value in second/);
    net.networkOperation(() => {}, { dt: '0.25 ms', name: 'odd' });
    await expect(net.run('1 ms')).rejects.toThrow(/NetworkOperation 'odd': dt = 0.00025 s is not a whole multiple/);
  });
});
