/**
 * Changing the network's dt between runs (Brian's `defaultclock.dt = ...`): time is kept, the
 * integration continues exactly with the new step, recordings continue on the new grid, and a dt
 * that does not divide the current time is refused without changing anything.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '../src/index.js';

const ms = 1e-3;

function relaxing() {
  const net = new Network({ dt: '0.1 ms' });
  // dv/dt = (1 - v)/tau, v(0) = 0: v(t) = 1 - exp(-t/tau) whatever the steps (exact integration).
  const G = net.neuronGroup(1, 'dv/dt = (1 - v)/tau : 1', { method: 'exact', namespace: { tau: '10 ms' } });
  const trace = net.stateMonitor(G, 'v', { record: [0] });
  return { net, G, trace };
}

describe('changing dt between runs', () => {
  it('continues the integration and the recording on the new grid', async () => {
    const { net, G, trace } = relaxing();
    await net.run('10 ms');
    net.dt = '0.05 ms';
    expect(net.dt).toBe(0.05 * ms);
    expect(net.t).toBeCloseTo(10 * ms, 15);
    await net.run('10 ms');
    expect(net.t).toBeCloseTo(20 * ms, 12);
    expect(G.get('v')[0]).toBeCloseTo(1 - Math.exp(-2), 12);
    // 100 samples at 0.1 ms, then 200 at 0.05 ms, each at the start of its step.
    expect(trace.t.length).toBe(300);
    expect(trace.t[99]).toBeCloseTo(9.9 * ms, 12);
    expect(trace.t[100]).toBeCloseTo(10 * ms, 12);
    expect(trace.t[101]).toBeCloseTo(10.05 * ms, 12);
    const v = trace.values('v')[0]!;
    for (const k of [0, 57, 99, 100, 101, 299]) expect(v[k]).toBeCloseTo(1 - Math.exp(-trace.t[k]! / (10 * ms)), 12);
  });

  it('refuses a dt that does not divide the current time, changing nothing', async () => {
    const { net, G, trace } = relaxing();
    await net.run('0.5 ms');
    expect(() => {
      net.dt = '0.3 ms';
    }).toThrow(/cannot change dt from 0\.0001 s to 0\.0003 s at t = 0\.0005 s.*not a whole number of steps.*e\.g\. 0\.0006 s/);
    expect(net.dt).toBe(0.1 * ms);
    expect(net.t).toBeCloseTo(0.5 * ms, 15);
    const recorded = trace.t.length;
    await net.run('0.5 ms');
    expect(trace.t.length).toBe(recorded + 5);
    expect(G.get('v')[0]).toBeCloseTo(1 - Math.exp(-0.1), 12);
  });

  it('refuses a change during a run; the network stays usable', async () => {
    const { net } = relaxing();
    net.networkOperation(() => {
      net.dt = '0.05 ms';
    });
    await expect(net.run('1 ms')).rejects.toThrow(/cannot change dt during a run/);
    expect(net.dt).toBe(0.1 * ms);
  });

  it('refuses a dt that is not a positive time', () => {
    const { net } = relaxing();
    expect(() => {
      net.dt = '-1 ms';
    }).toThrow(/dt must be a positive time/);
    expect(() => {
      net.dt = '1 mV';
    }).toThrow(/Network dt/);
  });

  it('objects with their own dt must be multiples of the new dt at the next run', async () => {
    const { net, G } = relaxing();
    net.stateMonitor(G, 'v', { record: [0], dt: '0.2 ms' });
    await net.run('2 ms');
    net.dt = '0.08 ms';
    await expect(net.run('1 ms')).rejects.toThrow(/not a whole multiple of the network's dt/);
  });

  it('store/restore brings back the dt with the time', async () => {
    const { net, G } = relaxing();
    await net.run('2 ms');
    net.store('coarse');
    net.dt = '0.05 ms';
    await net.run('2 ms');
    net.restore('coarse');
    expect(net.dt).toBe(0.1 * ms);
    expect(net.t).toBeCloseTo(2 * ms, 15);
    await net.run('2 ms');
    expect(G.get('v')[0]).toBeCloseTo(1 - Math.exp(-0.4), 12);
  });
});
