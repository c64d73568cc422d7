import { describe, expect, it } from 'vitest';
import { BinomialSampler, Network, TimedArray, ValueError } from '../src/index.js';
import { Random } from '@neurite/codegen';

const ms = 1e-3;

/** |x - mean| within 4 standard deviations of a binomial count. */
function expectBinomialCount(x: number, trials: number, p: number): void {
  const mean = trials * p;
  const sd = Math.sqrt(trials * p * (1 - p));
  expect(Math.abs(x - mean)).toBeLessThan(4 * sd);
}

describe('PoissonGroup', () => {
  it('spikes N·rate·T times on average, at most once per element and step', async () => {
    const net = new Network({ dt: '0.1 ms', seed: 11 });
    const P = net.poissonGroup(1000, '10 Hz');
    const M = net.spikeMonitor(P);
    await net.run('1 second');
    // Each of N·steps Bernoulli trials spikes with p = rate·dt.
    expectBinomialCount(M.numSpikes, 1000 * 10000, 10 * 1e-4);
    // Per element, the count is binomial too; no element spikes twice in one step.
    const seen = new Set<string>();
    const i = M.i;
    const t = M.t;
    for (let k = 0; k < i.length; k++) {
      const key = `${i[k]}@${Math.round(t[k]! / 1e-4)}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(P.rates).toEqual(new Float64Array(1000).fill(10));
  });

  it('takes one rate per element (Hz), and a rate of 1/dt spikes every step', async () => {
    const net = new Network({ dt: '0.1 ms', seed: 2 });
    const rates = [0, 5, 50, 10000];
    const P = net.poissonGroup(4, rates);
    const M = net.spikeMonitor(P);
    await net.run('2 second');
    const c = M.count;
    expect(c[0]).toBe(0);
    expectBinomialCount(c[1]!, 20000, 5e-4);
    expectBinomialCount(c[2]!, 20000, 5e-3);
    expect(c[3]).toBe(20000);
    P.set('rates', '20 Hz');
    expect(P.get('rates')).toEqual(new Float64Array(4).fill(20));
    expect(() => P.set('v' as 'rates', 1)).toThrow(/has no variable 'v'; its only variable is 'rates'/);
  });

  it('takes an expression of i, t and namespace values (TimedArray included)', async () => {
    const net = new Network({ dt: '0.1 ms', seed: 5 });
    const P = net.poissonGroup(100, '10*Hz + 5*Hz*i');
    const stimulus = new TimedArray([0, 200], '0.5 second', { unit: 'Hz' });
    const S = net.poissonGroup(200, 'stimulus(t)', { namespace: { stimulus } });
    const MP = net.spikeMonitor(P);
    const MS = net.spikeMonitor(S);
    await net.run('1 second');
    // Σ_i (10 + 5 i) Hz · 1 s
    const expectedRate = 100 * 10 + (5 * 99 * 100) / 2;
    expect(Math.abs(MP.numSpikes - expectedRate)).toBeLessThan(4 * Math.sqrt(expectedRate));
    // No spikes while the stimulus is 0, then 200 Hz for 0.5 s.
    expect(MS.t.every((t) => t >= 0.5 - 1e-12)).toBe(true);
    expectBinomialCount(MS.numSpikes, 200 * 5000, 200 * 1e-4);
    // The expression can also come from the run's namespace.
    const net2 = new Network({ dt: '0.1 ms', seed: 5 });
    const R = net2.poissonGroup(10, 'r0 * (1 + 0*i)');
    const MR = net2.spikeMonitor(R);
    await net2.run('100 ms', { namespace: { r0: '10000 Hz' } });
    expect(MR.numSpikes).toBe(10 * 1000);
  });

  it('is reproducible for a seed, usable through slices, and its spikes come in the thresholds slot', async () => {
    const run = async (seed: number) => {
      const net = new Network({ seed });
      const P = net.poissonGroup(50, '40 Hz');
      const M = net.spikeMonitor(P);
      const Msub = net.spikeMonitor(P.slice(10, 20));
      await net.run('200 ms');
      return { i: M.i, t: M.t, sub: Msub.i, subT: Msub.t };
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a.i).toEqual(b.i);
    expect(a.t).toEqual(b.t);
    expect(a.i).not.toEqual(c.i);
    // The slice sees the spikes of elements 10..19, renumbered from 0, at the same times.
    const want = Array.from(a.i).flatMap((i, k) => (i >= 10 && i < 20 ? [[i - 10, a.t[k]]] : []));
    expect(Array.from(a.sub, (i, k) => [i, a.subT[k]])).toEqual(want);
  });

  it('reports bad rates clearly', async () => {
    const net = new Network();
    expect(() => net.poissonGroup(10, '10 mV')).toThrow(/rates must be a rate in Hz, but '10 mV' is not/);
    expect(() => net.poissonGroup(10, [1, 2, 3])).toThrow(/expected 10 rates/);
    expect(() => net.poissonGroup(10, -1)).toThrow(ValueError);
    expect(() => net.poissonGroup(0, '1 Hz')).toThrow(/N must be a positive integer/);
    expect(() => net.poissonGroup(10, '10*mV*i')).toThrow(/PoissonGroup 'poissongroup_\d+', rates/);
    const P = net.poissonGroup(10, 'rate_from_run');
    expect(() => P.set('rates', '5 Hz')).toThrow(/its rates are the expression/);
    await expect(net.run('1 ms')).rejects.toThrow(/rate_from_run/);
    await net.run('1 ms', { namespace: { rate_from_run: '5 Hz' } });
    expect(net.t).toBeCloseTo(1 * ms, 15);
  });
});

describe('BinomialSampler (Brian’s BinomialFunction)', () => {
  it('draws exact binomials by inversion when n·p <= 5 or n·(1-p) <= 5, with the right mean and variance', () => {
    const rng = new Random(1);
    for (const [n, p] of [
      [10, 0.3],
      [100, 0.001],
      [20, 0.9],
      [7, 1],
      [5, 0],
    ] as const) {
      const s = new BinomialSampler(n, p);
      expect(s.useNormal).toBe(false);
      const draws = 20000;
      let sum = 0;
      let sq = 0;
      let valid = true;
      for (let k = 0; k < draws; k++) {
        const x = s.sample(rng);
        valid &&= Number.isInteger(x) && x >= 0 && x <= n;
        sum += x;
        sq += x * x;
      }
      expect(valid).toBe(true);
      const mean = sum / draws;
      const variance = sq / draws - mean * mean;
      const v = n * p * (1 - p);
      expect(Math.abs(mean - n * p)).toBeLessThanOrEqual(4 * Math.sqrt(v / draws) + 1e-12);
      if (v > 0) expect(Math.abs(variance / v - 1)).toBeLessThan(0.1);
      else expect(variance).toBe(0);
    }
  });

  it('switches to the (unrounded) normal approximation when n·p > 5 and n·(1-p) > 5, as Brian does', () => {
    const rng = new Random(3);
    const s = new BinomialSampler(10000, 0.01);
    expect(s.useNormal).toBe(true);
    const xs = Array.from({ length: 20000 }, () => s.sample(rng));
    expect(xs.some((x) => !Number.isInteger(x))).toBe(true);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean - 100)).toBeLessThan(4 * Math.sqrt(99 / xs.length));
    expect(Math.abs(variance / 99 - 1)).toBeLessThan(0.05);
  });
});

describe('PoissonInput', () => {
  it('adds a binomial number of input spikes times the weight to the target variable every step', async () => {
    const net = new Network({ dt: '0.1 ms', seed: 4 });
    const G = net.neuronGroup(100, 'x : 1');
    const input = net.poissonInput(G, 'x', 50, '20 Hz', 1);
    await net.run('500 ms');
    const x = G.get('x');
    // n·p = 50·0.002 = 0.1: the exact binomial, so whole counts.
    expect(input.distribution?.useNormal).toBe(false);
    expect(x.every((v) => Number.isInteger(v))).toBe(true);
    const total = x.reduce((a, b) => a + b, 0);
    expectBinomialCount(total, 100 * 50 * 5000, 20 * 1e-4);
  });

  it('evaluates a weight expression per element, in the target’s units, on slices too', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.neuronGroup(6, 'dv/dt = 0*volt/second : volt');
    // rate = 1/dt: every input spikes every step, so each step adds exactly N·weight.
    net.poissonInput(G.slice(2, 5), 'v', 3, '10 kHz', 'w0*(i + 1)', { namespace: { w0: '0.5 mV' } });
    net.poissonInput(G, 'v', 2, '10 kHz', '1 mV');
    await net.run('1 ms');
    const v = Array.from(G.get('v'), (x) => Math.round(x * 1e12) / 1e9);
    expect(v).toEqual([0, 1, 2, 3, 4, 5].map((i) => 10 * 2 * 1 + (i >= 2 && i < 5 ? 10 * 3 * 0.5 * (i + 1) : 0)));
  });

  it('runs in the synapses slot: after the state update, before resets, so it can trigger a spike in the same step', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.neuronGroup(1, 'dv/dt = -v/(10*ms) : 1', { threshold: 'v > 1', reset: 'v = 0' });
    const trace = net.stateMonitor(G, 'v', { record: true, when: 'after_synapses' });
    net.poissonInput(G, 'v', 1, '10 kHz', 0.3);
    const M = net.spikeMonitor(G);
    await net.run('1 ms');
    // v grows by 0.3 per step after decay; the thresholder (before synapses) sees it the next step.
    expect(trace.values('v')[0]![0]).toBeCloseTo(0.3, 12);
    expect(M.numSpikes).toBeGreaterThan(0);
  });

  it('reports a wrong target or weight clearly', async () => {
    const net = new Network();
    const G = net.neuronGroup(2, 'dv/dt = -v/(10*ms) : volt\nI = v/(1*ohm) : amp');
    expect(() => net.poissonInput(G, 'u', 10, '1 Hz', '1 mV')).toThrow(/'neurongroup' has no variable 'u'; its variables are: v/);
    expect(() => net.poissonInput(G, 'I', 10, '1 Hz', '1 mV')).toThrow(/cannot receive input \(it is a subexpression\)/);
    expect(() => net.poissonInput(G, 'v', 10, '1 Hz', '1 nA')).toThrow(/the weight '1 nA' has unit amp, but 'v' of 'neurongroup' has unit volt/);
    expect(() => net.poissonInput(G, 'v', 10, '1 mV', '1 mV')).toThrow(/rate must be a value in (Hz|hertz|second\^-1|1\/second)/);
    expect(() => net.poissonInput(G, 'v', 1.5, '1 Hz', '1 mV')).toThrow(/N \(the number of inputs\) must be a non-negative integer/);
    const bad = net.poissonInput(G, 'v', 10, '1 Hz', 'w*nA', { name: 'bad' });
    await expect(net.run('1 ms', { namespace: { w: 1 } })).rejects.toThrow(/PoissonInput 'bad', weight/);
    expect(bad.rate).toBe(1);
  });
});
