import { describe, expect, it } from 'vitest';
import { Network, TimedArray, timedArrayK, ValueError } from '../src/index.js';

const ms = 1e-3;
const mV = 1e-3;
const nA = 1e-9;

describe('TimedArray', () => {
  it('drives a model through I = I_rec(t) : amp, one value per TimedArray step, the last value held after the end', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const values = [0.7, 0.1, 0.35];
    const I_rec = new TimedArray(values, '10 ms', { unit: 'nA' });
    const G = net.neuronGroup(1, 'dv/dt = (I*R - v)/tau : volt\nI = I_rec(t) : amp', { namespace: { I_rec, tau: '5 ms', R: '100 Mohm' } });
    const mon = net.stateMonitor(G, ['I', 'v'], { record: [0] });
    await net.run('50 ms');
    const I = mon.values('I')[0]!;
    expect(I.length).toBe(500);
    for (let k = 0; k < 500; k++) expect(I[k]).toBe(values[Math.min(Math.floor(k / 100), 2)]! * nA);
    // The value changes exactly at the grid points 10 ms and 20 ms.
    expect([I[99], I[100], I[199], I[200], I[499]]).toEqual([0.7 * nA, 0.1 * nA, 0.1 * nA, 0.35 * nA, 0.35 * nA]);
  });

  it('reproduces the examples of Brian’s docstring (1-D, and 2-D with f(t, i % 2))', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const ta = new TimedArray([1, 2, 3, 4], '0.1 ms', { unit: 'mV' });
    expect(ta.at(0.3 * ms)).toBeCloseTo(4 * mV, 15);
    const G = net.neuronGroup(1, 'v = ta(t) : volt', { namespace: { ta } });
    const mon = net.stateMonitor(G, 'v', { record: true });
    const ta2d = new TimedArray(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      '0.1 ms',
      { unit: 'mV' },
    );
    const H = net.neuronGroup(4, 'v = ta2d(t, i % 2) : volt', { namespace: { ta2d } });
    const monH = net.stateMonitor(H, 'v', { record: true });
    await net.run('1 ms');
    expect(Array.from(mon.values('v', 'mV')[0]!, (x) => Math.round(x * 1e9) / 1e9)).toEqual([1, 2, 3, 4, 4, 4, 4, 4, 4, 4]);
    const v = monH.values('v', 'mV').map((row) => Array.from(row.subarray(0, 2), (x) => Math.round(x * 1e9) / 1e9));
    expect(v).toEqual([
      [1, 3],
      [2, 4],
      [1, 3],
      [2, 4],
    ]);
  });

  it('gives NaN for a column outside the array, and clips time at both ends', async () => {
    const ta = new TimedArray(
      [
        [1, 2],
        [3, 4],
      ],
      '1 ms',
    );
    expect(ta.at(-5 * ms, 0)).toBe(1);
    expect(ta.at(100 * ms, 1)).toBe(4);
    expect(ta.at(0, 2)).toBeNaN();
    expect(ta.at(0, -1)).toBeNaN();
    const net = new Network({ dt: '0.1 ms' });
    const G = net.neuronGroup(3, 'x = ta(t, i) : 1', { namespace: { ta } });
    const mon = net.stateMonitor(G, 'x', { record: true });
    await net.run('0.2 ms');
    const x = mon.values('x');
    expect(Array.from(x[0]!)).toEqual([1, 1]);
    expect(Array.from(x[1]!)).toEqual([2, 2]);
    expect(x[2]![0]).toBeNaN();
  });

  it("uses Brian's index int((t/ε + 0.5)/K) with K from the clock dt it is bound to", () => {
    expect(timedArrayK(1e-4, 1e-2)).toBe(1024); // 2**ceil(log2(800))
    expect(timedArrayK(1e-3, 1e-2)).toBe(128); // 2**ceil(log2(80))
    expect(timedArrayK(1e-3, 1e-4)).toBe(1); // TimedArray dt finer than the clock: plain rounding
    const ta = new TimedArray([0, 1], '10 ms', { clockDt: '1 ms' });
    // Times within 0.5/K of a TimedArray step (here 10 ms / 256 = 39 µs) already read the next value.
    expect(ta.at(10 * ms - 30e-6)).toBe(1);
    expect(ta.at(10 * ms - 50e-6)).toBe(0);
    ta.bindClock('0.1 ms'); // K = 1024: within 4.9 µs
    expect(ta.at(10 * ms - 30e-6)).toBe(0);
    expect(ta.at(10 * ms - 4e-6)).toBe(1);
    // Exactly on the grid, nothing depends on K, and floating-point noise does not matter.
    for (const clock of [1e-5, 1e-4, 1e-3, 1e-2]) {
      ta.bindClock(clock);
      expect(ta.at(0.01)).toBe(1);
      expect(ta.at(0.03 - 0.02)).toBe(1); // 0.009999999999999998 s: floating-point noise below 10 ms
    }
    // A coarser clock than the TimedArray's dt reads rounded rows (K = 1).
    const fine = new TimedArray([0, 1, 2, 3], '0.1 ms', { clockDt: '1 ms' });
    expect(fine.at(0.14e-3)).toBe(1);
    expect(fine.at(0.16e-3)).toBe(2);
    expect(fine.constantOverDt).toBe(false); // Brian: not constant over a step of a coarser clock
    expect(new TimedArray([0], '10 ms').constantOverDt).toBe(true);
    // net.timedArray binds to the network's dt.
    const net = new Network({ dt: '1 ms' });
    expect(net.timedArray([0, 1], '10 ms').boundClockDt).toBe(1e-3);
  });

  it('reads the right rows on any clock whose dt divides its own, bound or not', async () => {
    for (const dt of ['0.01 ms', '0.1 ms', '0.5 ms', '1 ms']) {
      const net = new Network({ dt });
      const unbound = new TimedArray([3, 1, 4, 1, 5], '2 ms');
      const bound = net.timedArray([3, 1, 4, 1, 5], '2 ms');
      const G = net.neuronGroup(1, 'a = unbound(t) : 1\nb = bound(t) : 1', { namespace: { unbound, bound } });
      const mon = net.stateMonitor(G, ['a', 'b'], { record: [0] });
      await net.run('12 ms');
      const expected = Array.from(mon.t, (t) => [3, 1, 4, 1, 5][Math.min(Math.floor(t / (2 * ms) + 1e-9), 4)]);
      expect(Array.from(mon.values('a')[0]!)).toEqual(expected);
      expect(Array.from(mon.values('b')[0]!)).toEqual(expected);
    }
  });

  it('keeps exact integration applicable (constant over a step) and matches the step-wise analytic solution', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const drive = [1, -0.5, 2, 0.25];
    const stim = new TimedArray(drive, '2 ms');
    const G = net.neuronGroup(1, 'dv/dt = (stim(t) - v)/tau : 1', { method: 'exact', namespace: { stim, tau: '3 ms' } });
    const mon = net.stateMonitor(G, 'v', { record: [0] });
    await net.run('12 ms');
    const v = mon.values('v')[0]!;
    const a = Math.exp(-0.1 / 3);
    let expected = 0;
    for (let k = 0; k < v.length; k++) {
      expect(v[k]).toBeCloseTo(expected, 12);
      const x = drive[Math.min(Math.floor(k / 20), drive.length - 1)]!;
      expected = x + (expected - x) * a;
    }
  });

  it('checks its units in models and reports bad input clearly', async () => {
    expect(() => new TimedArray([1, 2], '1 ms', { unit: 'furlong' })).toThrow(/'furlong' is not a unit/);
    expect(() => new TimedArray([], '1 ms')).toThrow(ValueError);
    expect(() => new TimedArray([[1, 2], [3]], '1 ms')).toThrow(/rows of equal length/);
    expect(() => new TimedArray([1], '1 mV')).toThrow(/dt must be a value in second/);
    expect(() => new TimedArray([1], 0)).toThrow(/dt must be a positive time/);
    expect(() => new TimedArray([[1]], '1 ms').at(0)).toThrow(/2-D: call it as at\(t, i\)/);
    const I_rec = new TimedArray([1, 2], '1 ms', { unit: 'nA' });
    const net = new Network();
    // A current used as a voltage: the model check names the unit mismatch.
    expect(() => net.neuronGroup(1, 'v = I_rec(t) : volt', { namespace: { I_rec } })).toThrow(/volt|amp/);
    expect(() => net.neuronGroup(1, 'I = I_rec(t, 1) : amp', { namespace: { I_rec } })).toThrow(/'I_rec' takes 1 argument, but 2 were given/);
    // From the run's namespace, the same error comes when the run starts, and changes nothing.
    const H = net.neuronGroup(1, 'I = f(t) : amp');
    const mon = net.stateMonitor(H, 'I', { record: true });
    const f2 = new TimedArray([[1]], '1 ms', { unit: 'nA' });
    await expect(net.run('1 ms', { namespace: { f: f2 } })).rejects.toThrow(/'f' takes 2 arguments, but 1 was given/);
    expect(net.t).toBe(0);
    await net.run('1 ms', { namespace: { f: I_rec } });
    expect(mon.values('I')[0]![0]).toBe(1 * nA);
  });
});

describe('TimedArray in a synapse model', () => {
  it("is read on the run's clock, as in a group: not constant over a 0.3 ms step of a 1 ms array, so Euler, not exact", async () => {
    // Made with the default clock (0.1 ms, which divides 1 ms); the network runs at 0.3 ms.
    const I = new TimedArray([1, 1, 1, 1], '1 ms');
    const net = new Network({ dt: '0.3 ms' });
    const G = net.neuronGroup(1, 'v : 1');
    // In the synapses' own namespace: no group binds it to the run's clock for them.
    const S = net.synapses(G, G, { model: 'dw/dt = (I(t) - w)/(10*ms) : 1 (clock-driven)', namespace: { I } });
    S.connect();
    await net.run('0.3 ms');
    expect(S.get('w')[0]).toBeCloseTo(0.03, 14); // Euler: dt/tau; exact would give 1 - exp(-0.03)
  });
});
