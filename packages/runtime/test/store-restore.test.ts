/**
 * store()/restore() in the pattern of Brian's tutorial "Introduction to Brian part 3: Simulations":
 * record Poisson spikes once, replay them with a SpikeGeneratorGroup into a LIF neuron, store the
 * network, and for each membrane time constant (given in the run's namespace) restore and run.
 */
import { describe, expect, it } from 'vitest';
import { Network, ValueError } from '../src/index.js';

const ms = 1e-3;
const numInputs = 100;
const weight = 0.1;
const tauRange = Array.from({ length: 10 }, (_, k) => 1 + k); // ms

/** The tutorial's Poisson input: 100 inputs at 10 Hz for 1 s, recorded once. */
async function recordPoissonSpikes(seed: number): Promise<{ i: Int32Array; t: Float64Array }> {
  const net = new Network({ seed });
  const P = net.poissonGroup(numInputs, '10 Hz');
  const MP = net.spikeMonitor(P);
  await net.run('1 second');
  return { i: MP.i, t: MP.t };
}


async function lifNetwork(spikes: { i: Int32Array; t: Float64Array }) {
  const net = new Network({ seed: 1 });
  const SGG = net.spikeGeneratorGroup(numInputs, spikes.i, spikes.t);
  const G = net.neuronGroup(1, 'dv/dt = -v/tau : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'exact' });
  const S = net.synapses(SGG, G, { onPre: 'v += weight', namespace: { weight } });
  S.connect();
  const M = net.spikeMonitor(G);
  return { net, SGG, G, M };
}

describe('store and restore (tutorial pattern)', () => {
  it('replays the same input for every tau: output rates grow with tau, and a repeated tau repeats the run exactly', async () => {
    const spikes = await recordPoissonSpikes(42);
    expect(spikes.i.length).toBeGreaterThan(800);
    const { net, M } = await lifNetwork(spikes);
    net.store();
    const counts: number[] = [];
    const trains: Float64Array[] = [];
    for (const tau of tauRange) {
      net.restore();
      expect(net.t).toBe(0);
      expect(M.numSpikes).toBe(0);
      await net.run('1 second', { namespace: { tau: `${tau} ms` } });
      counts.push(M.numSpikes);
      trains.push(M.t);
    }
    // The input is identical in every run, so only tau matters: the rate rises with tau.
    for (let k = 1; k < counts.length; k++) expect(counts[k]).toBeGreaterThanOrEqual(counts[k - 1]!);
    expect(counts[counts.length - 1]!).toBeGreaterThan(counts[0]!);
    // Running tau = 5 ms again gives the identical spike train.
    net.restore();
    await net.run('1 second', { namespace: { tau: '5 ms' } });
    expect(M.t).toEqual(trains[4]);
  });

  it('a SpikeGeneratorGroup replaying recorded Poisson spikes drives the neuron exactly as the PoissonGroup did', async () => {
    const seed = 42;
    const direct = new Network({ seed });
    const P = direct.poissonGroup(numInputs, '10 Hz');
    const G = direct.neuronGroup(1, 'dv/dt = -v/tau : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'exact' });
    direct.synapses(P, G, { onPre: 'v += weight', namespace: { weight } }).connect();
    const MP = direct.spikeMonitor(P);
    const MG = direct.spikeMonitor(G);
    await direct.run('1 second', { namespace: { tau: '8 ms' } });
    const replay = await lifNetwork({ i: MP.i, t: MP.t });
    await replay.net.run('1 second', { namespace: { tau: '8 ms' } });
    expect(MG.numSpikes).toBeGreaterThan(0);
    expect(replay.M.t).toEqual(MG.t);
  });
});

describe('store and restore (what comes back)', () => {
  const build = async (seed = 3) => {
    const net = new Network({ seed });
    const P = net.poissonGroup(20, '50 Hz');
    const G = net.neuronGroup(5, 'dv/dt = (-v + I)/tau : 1\nI : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'exact' });
    G.set('I', 'rand()*0.5');
    const S = net.synapses(P, G, { onPre: 'v += 0.2', delay: '1 ms' });
    S.connect({ p: 0.5 });
    net.poissonInput(G, 'v', 10, '20 Hz', 0.05);
    const gen = net.spikeGeneratorGroup(2, [0, 1, 0], [5 * ms, 12 * ms, 40 * ms], { period: '50 ms' });
    const spikesP = net.spikeMonitor(P);
    const spikesG = net.spikeMonitor(G);
    const spikesGen = net.spikeMonitor(gen);
    const trace = net.stateMonitor(G, 'v', { record: [0, 3] });
    const rate = net.populationRateMonitor(G);
    let calls = 0;
    net.networkOperation(() => calls++, { dt: '10 ms' });
    const state = () => ({
      t: net.t,
      v: G.get('v'),
      // The same 128 bits (getState may give a word signed or unsigned).
      rng: [...net.rng.getState().s.map((x) => x >>> 0), net.rng.getState().spareNormal],
      P: [spikesP.i, spikesP.t],
      G: [spikesG.i, spikesG.t, spikesG.count],
      gen: [spikesGen.i, spikesGen.t],
      trace: [trace.t, ...trace.values('v')],
      rate: [rate.t, rate.rate],
    });
    return { net, G, state, calls: () => calls };
  };

  it('brings back time, state, queued spikes, the random generator and every recording; the run after it repeats exactly', async () => {
    const { net, state, calls } = await build();
    await net.run('100 ms', { namespace: { tau: '10 ms' } });
    net.store('mid');
    const atStore = state();
    await net.run('100 ms', { namespace: { tau: '10 ms' } });
    const after = state();
    expect(after.P[0]!.length).toBeGreaterThan(atStore.P[0]!.length);
    expect(calls()).toBe(20);

    net.restore('mid');
    expect(state()).toEqual(atStore);
    expect(net.t).toBeCloseTo(0.1, 12);
    // Brian: after restore + run, monitors hold what was recorded up to the store plus the new run.
    await net.run('100 ms', { namespace: { tau: '10 ms' } });
    expect(state()).toEqual(after);
    expect(calls()).toBe(30); // the operation's own counter is the caller's state, not the network's
  });

  it('round-trips every input and monitor through a file into a freshly built network', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'neurite-inputs-')), 'state.bin');
    const a = await build();
    await a.net.run('60 ms', { namespace: { tau: '10 ms' } });
    await a.net.store('at60', { file });
    const saved = a.state();
    await a.net.run('60 ms', { namespace: { tau: '10 ms' } });
    const b = await build(99); // another seed: the file brings back the generator's state too
    await b.net.restore('at60', { file });
    expect(b.state()).toEqual(saved);
    await b.net.run('60 ms', { namespace: { tau: '10 ms' } });
    expect(b.state()).toEqual(a.state());
  });

  it('gives identical runs for the same seed and different runs for another', async () => {
    const a = await build(7);
    const b = await build(7);
    const c = await build(8);
    for (const x of [a, b, c]) await x.net.run('150 ms', { namespace: { tau: '10 ms' } });
    expect(b.state()).toEqual(a.state());
    expect(c.state().P).not.toEqual(a.state().P);
  });

  it('reports an unknown name clearly and leaves the network as it was, ready to run', async () => {
    const { net, state } = await build();
    await net.run('20 ms', { namespace: { tau: '10 ms' } });
    net.store('first');
    await net.run('10 ms', { namespace: { tau: '10 ms' } });
    const before = state();
    expect(() => net.restore('nope')).toThrow(ValueError);
    expect(() => net.restore('nope')).toThrow(/no state stored under 'nope'.*stored: 'first'/);
    expect(state()).toEqual(before);
    await net.run('10 ms', { namespace: { tau: '10 ms' } });
    expect(net.t).toBeCloseTo(0.04, 12);
    net.restore('first');
    expect(net.t).toBeCloseTo(0.02, 12);
  });
});
