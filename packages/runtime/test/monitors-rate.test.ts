import { describe, expect, it } from 'vitest';
import { Network, ValueError } from '../src/index.js';

const ms = 1e-3;
const dt = 1e-4;

describe('PopulationRateMonitor', () => {
  it('records spikes/(N·dt) at every step, so the rates sum to the spike count', async () => {
    const net = new Network({ dt: '0.1 ms', seed: 9 });
    const P = net.poissonGroup(50, '40 Hz');
    const R = net.populationRateMonitor(P);
    const M = net.spikeMonitor(P);
    await net.run('500 ms');
    expect(R.t.length).toBe(5000);
    expect(R.rate.length).toBe(5000);
    expect(R.t[7]).toBeCloseTo(7 * dt, 15);
    const total = R.rate.reduce((a, b) => a + b, 0) * 50 * dt;
    expect(total).toBeCloseTo(M.numSpikes, 8);
    // Every value is a whole number of spikes.
    expect(R.rate.every((r) => Math.abs(r * 50 * dt - Math.round(r * 50 * dt)) < 1e-9)).toBe(true);
    // The mean rate estimates 40 Hz.
    const mean = R.rate.reduce((a, b) => a + b, 0) / R.rate.length;
    // ~1000 spikes in 50 elements × 0.5 s: within 4 SD of a Poisson count.
    expect(Math.abs(mean - 40)).toBeLessThan((4 * Math.sqrt(1000)) / 25);
  });

  it('counts exactly the given spikes, for a group and for a slice', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.spikeGeneratorGroup(4, [0, 1, 3, 2], [0, 0, 0.2 * ms, 0.5 * ms]);
    const R = net.populationRateMonitor(G);
    const Rs = net.populationRateMonitor(G.slice(2, 4));
    await net.run('1 ms');
    const spikesPerStep = [2, 0, 1, 0, 0, 1, 0, 0, 0, 0];
    expect(Array.from(R.rate)).toEqual(spikesPerStep.map((n) => n / (4 * dt)));
    expect(Array.from(Rs.rate)).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 0, 0].map((n) => n / (2 * dt)));
  });

  it('bins rates like Brian’s binned_rate: means over complete bins, starting at the first recorded time', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.spikeGeneratorGroup(2, [0, 1, 0, 1], [0, 0.5 * ms, 1.2 * ms, 2.5 * ms]);
    const R = net.populationRateMonitor(G);
    await net.run('1 ms');
    net.store();
    await net.run('1.5 ms');
    const { t, rate } = R.binnedRate('1 ms');
    // 25 steps: two complete bins of 10 steps; the last 5 steps are dropped.
    expect(Array.from(t, (x) => Math.round(x / ms))).toEqual([0, 1]);
    expect(rate.length).toBe(2);
    expect(rate[0]).toBeCloseTo(2 / (2 * dt) / 10, 9);
    expect(rate[1]).toBeCloseTo(1 / (2 * dt) / 10, 9);
    // One step per bin: the recording itself.
    expect(R.binnedRate('0.1 ms').rate).toEqual(R.rate);
    expect(() => R.binnedRate('0.15 ms')).toThrow(/bin size \(0.00015 s\) must be a whole multiple of dt/);
    // Restoring brings back the recording up to the store.
    net.restore();
    expect(R.rate.length).toBe(10);
    expect(R.t.length).toBe(10);
  });

  it('smooths like Brian’s smooth_rate (numpy convolve, mode same), conserving the total away from the edges', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.spikeGeneratorGroup(1, [0, 0, 0], [5 * ms, 5.3 * ms, 12 * ms]);
    const R = net.populationRateMonitor(G);
    await net.run('20 ms');
    const rate = R.rate;
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    // Flat: width 0.5 ms → round(0.5/(2·0.1)) = round(2.5) = 2 (numpy rounds halves to even) → 5 steps.
    const flat = R.smoothRate('flat', '0.5 ms');
    expect(flat.length).toBe(rate.length);
    expect(flat[51]).toBeCloseTo((2 * 1e4) / 5, 9); // steps 49..53 hold both spikes (50 and 53)
    expect(flat[50]).toBeCloseTo(1e4 / 5, 9);
    expect(flat[47]).toBeCloseTo(0, 12);
    expect(flat[48]).toBeCloseTo(1e4 / 5, 9);
    expect(flat[55]).toBeCloseTo(1e4 / 5, 9);
    expect(flat[56]).toBeCloseTo(0, 12);
    expect(sum(flat)).toBeCloseTo(sum(rate), 6);
    // Gaussian: sd 1 ms, window ±round(2·1/0.1) = ±20 steps, normalised.
    const gauss = R.smoothRate('gaussian', '1 ms');
    expect(sum(gauss)).toBeCloseTo(sum(rate), 6);
    const w = Array.from({ length: 41 }, (_, k) => Math.exp(-((k - 20) ** 2) / (2 * 10 ** 2)));
    const norm = w.reduce((a, b) => a + b, 0);
    expect(gauss[120]).toBeCloseTo((1e4 * w[20]!) / norm, 9);
    expect(gauss[125]).toBeCloseTo((1e4 * w[15]!) / norm, 9);
    // Symmetric about each spike: nothing is shifted in time.
    expect(gauss[115]).toBeCloseTo(gauss[125]!, 9);
    // An explicit window of weights.
    const explicit = R.smoothRate([1, 2, 1]);
    expect(explicit[119]).toBeCloseTo(2500, 9);
    expect(explicit[120]).toBeCloseTo(5000, 9);
    expect(explicit[121]).toBeCloseTo(2500, 9);
  });

  it('reports bad smoothing arguments clearly', async () => {
    const net = new Network();
    const R = net.populationRateMonitor(net.spikeGeneratorGroup(1, [0], [0]), { name: 'rm' });
    await net.run('1 ms');
    expect(() => R.smoothRate('gaussian')).toThrow(/PopulationRateMonitor 'rm': smoothRate: the 'gaussian' window needs a width/);
    expect(() => R.smoothRate([1, 1])).toThrow(/odd number of weights/);
    expect(() => R.smoothRate([1, 1, 1], '1 ms')).toThrow(/a width can only be given/);
    expect(() => R.smoothRate('flat', '1 mV')).toThrow(ValueError);
    expect(() => net.populationRateMonitor(net.spikeGeneratorGroup(1, [0], [0]), { when: 'later' as never })).toThrow(/'later' is not a schedule slot/);
  });
});
