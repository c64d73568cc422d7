import { describe, expect, it } from 'vitest';
import { Network, ValueError } from '../src/index.js';

const ms = 1e-3;
const dt = 1e-4;
const steps = (t: Float64Array) => Array.from(t, (x) => Math.round(x / dt));

describe('SpikeGeneratorGroup', () => {
  it('emits each spike in the step holding its time (Brian: int((t + 1e-3·dt)/dt)), sorted by time then index', async () => {
    const net = new Network({ dt: '0.1 ms' });
    // 0.3 ms / 0.1 ms = 2.9999999999999996 in floating point: Brian's shift puts it in step 3; the
    // same shift puts 0.0999 ms (within 1e-3·dt of 0.1 ms) in step 1.
    const times = [0.3 * ms, 0, 0.25 * ms, 0.1 * ms, 0.0999 * ms, 0.3 * ms, 1.05 * ms];
    const indices = [2, 1, 0, 3, 0, 1, 4];
    const G = net.spikeGeneratorGroup(5, indices, times);
    const M = net.spikeMonitor(G);
    await net.run('2 ms');
    expect(Array.from(M.i)).toEqual([1, 0, 3, 0, 1, 2, 4]);
    expect(steps(M.t)).toEqual([0, 1, 1, 2, 3, 3, 10]);
    // Recorded at the start of the step, on the grid.
    expect(M.t[5]).toBe(3 * dt);
    expect(Array.from(G.indices)).toEqual([1, 0, 3, 0, 1, 2, 4]);
  });

  it('accepts times with units and repeats them with a period', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.spikeGeneratorGroup(2, [0, 1], ['0 ms', '2 ms'], { period: '5 ms' });
    const M = net.spikeMonitor(G);
    await net.run('20 ms');
    expect(Array.from(M.t, (t) => Math.round(t / ms))).toEqual([0, 2, 5, 7, 10, 12, 15, 17]);
    expect(Array.from(M.i)).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    expect(G.period).toBeCloseTo(5 * ms, 15);
  });

  it('plays the same spikes whether a run is split or not', async () => {
    const build = () => {
      const net = new Network({ dt: '0.1 ms' });
      const G = net.spikeGeneratorGroup(3, [0, 1, 2, 0, 2], [0.5 * ms, 1 * ms, 1 * ms, 2.35 * ms, 4 * ms], { period: '4.5 ms' });
      return { net, M: net.spikeMonitor(G) };
    };
    const a = build();
    await a.net.run('13 ms');
    const b = build();
    for (const d of ['0.1 ms', '0.9 ms', '1 ms', '2.3 ms', '3 ms', '5.7 ms']) await b.net.run(d);
    expect(b.net.t).toBeCloseTo(13 * ms, 12);
    expect(b.M.i).toEqual(a.M.i);
    expect(steps(b.M.t)).toEqual(steps(a.M.t));
    expect(steps(a.M.t)).toEqual([5, 10, 10, 23, 40, 50, 55, 55, 68, 85, 95, 100, 100, 113]);
  });

  it('takes new spikes between runs with setSpikes, skipping those before the current time', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.spikeGeneratorGroup(3, [0], [1 * ms]);
    const M = net.spikeMonitor(G);
    await net.run('5 ms');
    G.setSpikes([1, 2, 0], [2 * ms, 6 * ms, 7 * ms]);
    expect(G.period).toBe(0);
    await net.run('5 ms');
    expect(Array.from(M.i)).toEqual([0, 2, 0]);
    expect(steps(M.t)).toEqual([10, 60, 70]);
    // A period: within the current period, spikes before now are skipped (not replayed at once).
    G.setSpikes([0, 1, 2], [1 * ms, 3 * ms, 4 * ms], '5 ms');
    await net.run('10 ms'); // from 10 ms: period steps 10..., spikes at 11, 13, 14, 16, 18, 19 ms
    expect(steps(M.t).slice(3)).toEqual([110, 130, 140, 160, 180, 190]);
    G.setSpikes([0, 1], [1 * ms, 3 * ms], '5 ms');
    await net.run('4 ms'); // from 20 ms
    G.setSpikes([2], [4 * ms], '5 ms');
    await net.run('3 ms'); // from 24 ms: the spike at 4 ms in the period is at 24 ms, now
    expect(steps(M.t).slice(9)).toEqual([210, 230, 240]);
  });

  it('rejects two spikes of one element in one step when a run starts, leaving the network usable', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.spikeGeneratorGroup(3, [0, 1, 0], [1 * ms, 1.02 * ms, 1.05 * ms], { name: 'input' });
    const M = net.spikeMonitor(G);
    await expect(net.run('2 ms')).rejects.toThrow(/SpikeGeneratorGroup 'input': element 0 spikes more than once in one time step .*step 10.*use a smaller dt/);
    expect(net.t).toBe(0);
    G.setSpikes([0, 1, 0], [1 * ms, 1.02 * ms, 1.15 * ms]);
    await net.run('2 ms');
    expect(steps(M.t)).toEqual([10, 10, 11]);
  });

  it('reports invalid spikes and periods clearly', async () => {
    const net = new Network({ dt: '0.1 ms' });
    expect(() => net.spikeGeneratorGroup(3, [0, 3], [0, 1 * ms], { name: 'sg' })).toThrow(/SpikeGeneratorGroup 'sg': index 3 \(spike 1\) is not an element of the group; indices must be integers in \[0, 3\)/);
    expect(() => net.spikeGeneratorGroup(3, [0, 1.5], [0, 1 * ms])).toThrow(ValueError);
    expect(() => net.spikeGeneratorGroup(3, [0, 1], [0])).toThrow(/same length, but got 2 indices and 1 times/);
    expect(() => net.spikeGeneratorGroup(3, [0], [-1 * ms])).toThrow(/spike times cannot be negative/);
    expect(() => net.spikeGeneratorGroup(3, [0], ['1 mV'])).toThrow(/spike time 0 must be a value in second/);
    expect(() => net.spikeGeneratorGroup(3, [0], [5 * ms], { period: '5 ms' })).toThrow(/period \(0\.005 s\) must be longer than the last spike time/);
    expect(() => net.spikeGeneratorGroup(3, [0], [1 * ms], { period: '-5 ms' })).toThrow(/period cannot be negative/);
    expect(() => net.spikeGeneratorGroup(0, [], [])).toThrow(/N must be a positive integer/);
    const G = net.spikeGeneratorGroup(3, [0], [0], { period: '0.25 ms', name: 'odd' });
    await expect(net.run('1 ms')).rejects.toThrow(/SpikeGeneratorGroup 'odd': the period 0.00025 s is not a whole number of steps/);
    expect(() => G.array('v')).toThrow(/has no stored variable 'v'/);
  });

  it('restores its spikes, period and position with the network', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.spikeGeneratorGroup(2, [0, 1], [1 * ms, 3 * ms]);
    const M = net.spikeMonitor(G);
    await net.run('2 ms');
    net.store('s');
    await net.run('3 ms');
    const first = steps(M.t);
    net.restore('s');
    G.setSpikes([1], [0.5 * ms]); // changed after the store: restore brings back the stored spikes
    net.restore('s');
    expect(Array.from(G.indices)).toEqual([0, 1]);
    await net.run('3 ms');
    expect(steps(M.t)).toEqual(first);
    expect(first).toEqual([10, 30]);
  });
});
