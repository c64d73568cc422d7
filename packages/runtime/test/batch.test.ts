/**
 * net.runBatch: B copies of a network in one simulation must give, copy by copy, exactly what
 * restore() + run() with that copy's values gives (deterministic models, and stochastic ones
 * with a seed per copy), for every
 * kind of monitor, with synaptic delays and spikes in flight at the start; and bad requests must
 * fail with a clear message, leaving the network as it was.
 */
import { describe, expect, it } from 'vitest';
import { Network, ValueError, type EventMonitor, type PopulationRateMonitor, type SpikeMonitor, type StateMonitor } from '../src/index.js';

const ms = 1e-3;
const mV = 1e-3;

/** The tutorial's input (Brian tutorial 3): 100 Poisson trains at 10 Hz for 1 s, recorded once. */
async function poissonSpikes(seed: number): Promise<{ i: Int32Array; t: Float64Array }> {
  const net = new Network({ seed });
  const MP = net.spikeMonitor(net.poissonGroup(100, '10 Hz'));
  await net.run('1 s');
  return { i: MP.i, t: MP.t };
}

describe('runBatch: the tutorial tau sweep', () => {
  it('gives every copy the spikes of a sequential restore + run with its tau, bit for bit', async () => {
    const input = await poissonSpikes(42);
    const net = new Network();
    const SGG = net.spikeGeneratorGroup(100, input.i, input.t);
    const G = net.neuronGroup(1, 'dv/dt = -v/tau : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'exact' });
    const S = net.synapses(SGG, G, { onPre: 'v += weight', namespace: { weight: 0.1 } });
    S.connect();
    const M = net.spikeMonitor(G);
    net.store();
    const taus = [2, 4, 6, 8, 10].map((t) => `${t} ms`);

    const result = await net.runBatch('500 ms', { params: { tau: taus } });
    expect(result.copies).toBe(5);
    const sequential: Float64Array[] = [];
    for (const tau of taus) {
      net.restore();
      await net.run('500 ms', { namespace: { tau } });
      sequential.push(M.t);
    }
    const batched = result.monitors(M).map((m) => m.t);
    expect(batched).toEqual(sequential);
    // Rates grow with tau (the tutorial's curve), so the copies really had different taus.
    expect(batched.map((t) => t.length)).toEqual([...batched.map((t) => t.length)].sort((a, b) => a - b));
    expect(batched[4]!.length).toBeGreaterThan(batched[0]!.length);
    expect(result.monitor(M, 2)).toBeInstanceOf(M.constructor);
    expect((result.monitor(M, 2) as SpikeMonitor).spikeTrains()[0]).toEqual(sequential[2]);
  });
});

/** A recurrent network with delays, refractoriness, a custom event and every monitor kind. */
function recurrent() {
  const net = new Network({ seed: 3 });
  const A = net.neuronGroup(20, 'dv/dt = (I - v + ge)/tau : volt (unless refractory)\ndge/dt = -ge/(5*ms) : volt\nI : volt (constant)', {
    threshold: 'v > 10*mV',
    reset: 'v = 0*mV',
    refractory: '2 ms',
    // Not 'exact': with tau per copy, v and ge are a linear system with per-neuron coefficients.
    method: 'exponential_euler',
    events: { up: 'v > 5*mV' },
  });
  A.set('I', '(10.5 + 0.25*i)*mV');
  A.set('v', '0.4*i*mV');
  const S = net.synapses(A, A, { model: 'w : volt', onPre: 'ge_post += w' });
  S.connect({ condition: 'i != j', p: 0.3 });
  S.set('w', '0.8*mV');
  S.set('delay', '(1 + 0.1*j)*ms');
  const spikes = net.spikeMonitor(A);
  const state = net.stateMonitor(A, ['v', 'ge'], { record: [0, 7, 19] });
  const weights = net.stateMonitor(S, 'w', { record: [0, 3] });
  const up = net.eventMonitor(A, 'up', { variables: ['ge'] });
  const rate = net.populationRateMonitor(A);
  return { net, A, S, monitors: { spikes, state, weights, up, rate } };
}

/** What a run recorded, as plain arrays: rows of state monitors flattened per variable. */
function recorded(m: { spikes: SpikeMonitor; state: StateMonitor; weights: StateMonitor; up: EventMonitor; rate: PopulationRateMonitor }): number[][] {
  const rows = (sm: StateMonitor, v: string) => sm.values(v).map((r) => Array.from(r));
  return [
    Array.from(m.spikes.i), Array.from(m.spikes.t),
    Array.from(m.state.t), ...rows(m.state, 'v'), ...rows(m.state, 'ge'), ...rows(m.weights, 'w'),
    Array.from(m.up.i), Array.from(m.up.t), Array.from(m.up.values('ge')),
    Array.from(m.rate.t), Array.from(m.rate.rate),
  ];
}

describe('runBatch: a recurrent network with delays and every monitor', () => {
  it('matches sequential runs copy by copy, starting with spikes in flight', async () => {
    const { net, A, S, monitors } = recurrent();
    await net.run('30 ms', { namespace: { tau: '10 ms' } });
    expect(S.queuedEvents).toBeGreaterThan(0);
    net.store('warm');
    const before = recorded(monitors);
    const taus = ['8 ms', '10 ms', '14 ms'];
    const weights = [0.5 * mV, 0.8 * mV, 1.5 * mV];

    const result = await net.runBatch('60 ms', { params: { tau: taus, 'synapses.w': weights } });
    // The network itself did not move.
    expect(net.t).toBeCloseTo(30 * ms, 12);
    expect(recorded(monitors)).toEqual(before);

    const spikeCounts: number[] = [];
    for (let c = 0; c < taus.length; c++) {
      net.restore('warm');
      S.set('w', weights[c]!);
      await net.run('60 ms', { namespace: { tau: taus[c]! } });
      // Monitors restored to 30 ms keep what they had: the copy recorded what the run added.
      const added = recorded(monitors).map((row, k) => row.slice(before[k]!.length));
      const copy = recorded({
        spikes: result.monitor(monitors.spikes, c),
        state: result.monitor(monitors.state, c),
        weights: result.monitor(monitors.weights, c),
        up: result.monitor(monitors.up, c),
        rate: result.monitor(monitors.rate, c),
      });
      expect(copy).toEqual(added);
      expect(result.get(A, 'v', c)).toEqual(A.get('v'));
      expect(result.get(S, 'w', c)).toEqual(S.get('w'));
      spikeCounts.push(copy[0]!.length);
    }
    // The copies differ (otherwise the test would not show the parameters reach them).
    expect(new Set(spikeCounts).size).toBe(3);
  });

  it('takes a parameter the model declares, by plain or dotted name, and keeps other state per copy', async () => {
    const net = new Network();
    const G = net.neuronGroup(3, 'dv/dt = (v0 - v)/tau : 1\ntau : second (constant)\nv0 : 1', { method: 'exact' });
    G.set('tau', '10 ms');
    G.set('v0', [1, 2, 3]);
    const r = await net.runBatch('20 ms', { params: { tau: ['5 ms', '20 ms'], 'neurongroup.v0': [0.5, 4] } });
    for (const [c, tau, v0] of [[0, 5 * ms, 0.5], [1, 20 * ms, 4]] as const) {
      expect(r.get(G, 'tau', c)).toEqual(new Float64Array(3).fill(tau));
      for (const v of r.get(G, 'v', c)) expect(v).toBeCloseTo(v0 * (1 - Math.exp(-20 * ms / tau)), 12);
    }
    // Without params: identical copies.
    const same = await net.runBatch('5 ms', { batch: 2 });
    expect(same.get(G, 'v', 0)).toEqual(same.get(G, 'v', 1));
  });
});

describe('runBatch: subgroups and random inputs', () => {
  it('batches synapses between subgroups and monitors of a subgroup', async () => {
    const net = new Network();
    const G = net.neuronGroup(10, 'dv/dt = (drive - v)/tau : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'exact', namespace: { tau: '10 ms' } });
    G.set('v', 'i/10.0');
    const S = net.synapses(G.slice(0, 4), G.slice(6, 10), { model: 'w : 1', onPre: 'v_post += w', delay: '1 ms' });
    S.connect({ condition: 'j >= i' });
    S.set('w', 0.3);
    const M = net.spikeMonitor(G.slice(6, 10));
    const V = net.stateMonitor(G.slice(6, 10), 'v', { record: [1, 3], dt: '0.5 ms' });
    const drives = [1.05, 1.2, 1.5];
    const r = await net.runBatch('100 ms', { params: { drive: drives } });
    net.store();
    for (let c = 0; c < drives.length; c++) {
      net.restore();
      await net.run('100 ms', { namespace: { drive: drives[c]! } });
      expect(r.monitor(M, c).i).toEqual(M.i);
      expect(r.monitor(M, c).t).toEqual(M.t);
      expect(M.numSpikes).toBeGreaterThan(0);
      expect(r.monitor(V, c).t).toEqual(V.t);
      expect(r.monitor(V, c).values('v')).toEqual(V.values('v'));
    }
  });

  it('gives copies of a PoissonGroup their own draws, at the right rate', async () => {
    const net = new Network({ seed: 7 });
    const P = net.poissonGroup(50, '20 Hz');
    const M = net.spikeMonitor(P);
    const r = await net.runBatch('1 s', { batch: 4 });
    const counts = r.monitors(M).map((m) => m.numSpikes);
    // 50 trains at 20 Hz for 1 s: 1000 spikes expected, sd ~32.
    for (const n of counts) expect(Math.abs(n - 1000)).toBeLessThan(160);
    expect(new Set(r.monitors(M).map((m) => m.t.join())).size).toBe(4);
  });
});

describe('runBatch: PoissonInput', () => {
  it('drives every copy with its own draws at the right mean', async () => {
    const net = new Network({ seed: 11 });
    const G = net.neuronGroup(20, 'dv/dt = -v/(10*ms) : 1');
    net.poissonInput(G, 'v', 100, '10 Hz', 0.01);
    const r = await net.runBatch('300 ms', { batch: 3 });
    // Shot noise: mean v = N * rate * weight * tau = 100 * 10 Hz * 0.01 * 10 ms = 0.1.
    const means = [0, 1, 2].map((c) => Array.from(r.get(G, 'v', c)).reduce((a, b) => a + b, 0) / 20);
    for (const m of means) expect(m).toBeGreaterThan(0.07);
    for (const m of means) expect(m).toBeLessThan(0.13);
    expect(new Set(means).size).toBe(3);
  });
});

describe('runBatch: on GPU.js', () => {
  it('runs the copies with the network backend (gpu.js cpu mode, float32), as sequential runs do', async () => {
    const net = new Network({ backend: { name: 'gpujs', mode: 'cpu' } });
    const G = net.neuronGroup(1, 'dv/dt = (1.5 - v)/tau : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'exact' });
    const M = net.spikeMonitor(G);
    net.store();
    const taus = ['5 ms', '10 ms', '20 ms'];
    const r = await net.runBatch('100 ms', { params: { tau: taus } });
    for (let c = 0; c < taus.length; c++) {
      net.restore();
      await net.run('100 ms', { namespace: { tau: taus[c]! } });
      expect(r.monitor(M, c).t).toEqual(M.t);
    }
    // Time to threshold tau·ln 3: 18, 9 and 4 spikes in 100 ms.
    expect(r.monitors(M).map((m) => m.numSpikes)).toEqual([18, 9, 4]);
  });

  it('gives each copy the draws of its seed there too (the host draws them element by element)', async () => {
    const net = new Network({ backend: { name: 'gpujs', mode: 'cpu' } });
    const G = net.neuronGroup(4, 'dv/dt = (1.1 - v)/(10*ms) + 0.5*xi/sqrt(10*ms) : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'euler' });
    const M = net.spikeMonitor(G);
    net.store();
    const seeds = [3, 4];
    const r = await net.runBatch('40 ms', { seeds });
    for (let c = 0; c < seeds.length; c++) {
      net.restore();
      net.rng.seed(seeds[c]!);
      await net.run('40 ms');
      expect(M.numSpikes).toBeGreaterThan(0);
      expect(r.monitor(M, c).i).toEqual(M.i);
      expect(r.monitor(M, c).t).toEqual(M.t);
    }
    expect(r.monitor(M, 0).t).not.toEqual(r.monitor(M, 1).t);
  });
});

describe('runBatch: errors', () => {
  it('rejects what it cannot batch with a message naming the object, leaving the network usable', async () => {
    const net = new Network();
    const G = net.neuronGroup(2, 'dv/dt = -v/tau : 1', { threshold: 'v > 1', reset: 'v = 0', namespace: { tau: '10 ms' } });
    const M = net.spikeMonitor(G);
    await expect(net.runBatch('1 ms', {})).rejects.toThrow(/give the number of copies/);
    await expect(net.runBatch('1 ms', { params: { tau: ['1 ms', '2 ms'], taum: ['1 ms', '2 ms'] } })).rejects.toThrow(/params\['taum'\] is not used/);
    await expect(net.runBatch('1 ms', { params: { tau: ['1 ms', '2 mV'] } })).rejects.toThrow(ValueError);
    await expect(net.runBatch('1 ms', { batch: 3, params: { tau: ['1 ms', '2 ms'] } })).rejects.toThrow(/expected one value per copy \(3\), got 2/);
    G.runRegularly('v = v + 0.01*i', { dt: '1 ms' });
    await expect(net.runBatch('1 ms', { batch: 2 })).rejects.toThrow(/runBatch cannot copy NeuronGroup 'neurongroup': it uses 'i'/);
    const coupled = new Network();
    coupled.neuronGroup(2, 'dv/dt = (ge - v)/tau : 1\ndge/dt = -ge/(5*ms) : 1');
    await expect(coupled.runBatch('1 ms', { params: { tau: ['5 ms', '10 ms'] } })).rejects.toThrow(/integrated with 'exact', which cannot integrate it with 'tau' different per copy/);
    const net2 = new Network();
    net2.neuronGroup(2, 'dv/dt = -v/(10*ms) : 1');
    net2.networkOperation(() => {});
    await expect(net2.runBatch('1 ms', { batch: 2 })).rejects.toThrow(/'networkoperation'.*network operation.*sweep\(\)/s);
    // Nothing changed: the network still runs, from t = 0.
    expect(net.t).toBe(0);
    G.set('v', 2);
    await net.run('1 ms');
    expect(M.numSpikes).toBe(2);
  });
});

describe('runBatch: a seed per copy', () => {
  /**
   * Every kind of draw a run makes: noise in the state update, a random threshold, a
   * PoissonGroup, a synapse that transmits with probability 1/2, and a PoissonInput.
   */
  function stochastic() {
    const net = new Network({ seed: 5 });
    const P = net.poissonGroup(20, '50 Hz');
    const G = net.neuronGroup(8, 'dv/dt = (drive - v)/tau + sigma*xi*tau**-0.5 : 1', {
      threshold: 'v > 1 or rand() < 0.002',
      reset: 'v = 0',
      method: 'euler',
      namespace: { tau: '10 ms', sigma: 0.3 },
    });
    const S = net.synapses(P, G, { model: 'w : 1', onPre: 'v += w*int(rand() < 0.5)' });
    S.connect({ p: 0.5 });
    S.set('w', 'rand()*0.2');
    net.poissonInput(G, 'v', 10, '20 Hz', 0.05);
    const M = net.spikeMonitor(G);
    const MP = net.spikeMonitor(P);
    const V = net.stateMonitor(G, 'v', { record: true });
    return { net, G, M, MP, V };
  }

  it('gives copy c exactly what restore(), rng.seed(seeds[c]) and run() give, for every kind of draw', async () => {
    const { net, G, M, MP, V } = stochastic();
    net.store();
    const seeds = [11, 12, 13];
    const drives = [0.8, 0.9, 1.0];
    const r = await net.runBatch('50 ms', { params: { drive: drives }, seeds });
    for (let c = 0; c < seeds.length; c++) {
      net.restore();
      net.rng.seed(seeds[c]!);
      await net.run('50 ms', { namespace: { drive: drives[c]! } });
      expect(M.numSpikes).toBeGreaterThan(0);
      expect(r.monitor(M, c).i).toEqual(M.i);
      expect(r.monitor(M, c).t).toEqual(M.t);
      expect(r.monitor(MP, c).t).toEqual(MP.t);
      expect(r.monitor(V, c).values('v')).toEqual(V.values('v'));
      expect(r.get(G, 'v', c)).toEqual(G.get('v'));
    }
    // Different seeds, different draws.
    expect(new Set(r.monitors(MP).map((m) => m.t.join())).size).toBe(3);
  });

  it('seeds alone set the number of copies; equal seeds give equal copies', async () => {
    const { net, M } = stochastic();
    const r = await net.runBatch('30 ms', { seeds: [7, 7], namespace: { drive: 0.9 } });
    expect(r.copies).toBe(2);
    expect(r.monitor(M, 0).t).toEqual(r.monitor(M, 1).t);
    expect(r.monitor(M, 0).numSpikes).toBeGreaterThan(0);
  });

  it('refuses seeds that do not match the copies, or are not integers, naming the problem', async () => {
    const { net } = stochastic();
    await expect(net.runBatch('1 ms', { batch: 3, seeds: [1, 2], namespace: { drive: 1 } })).rejects.toThrow('runBatch: seeds: expected one seed per copy (3), got 2');
    await expect(net.runBatch('1 ms', { seeds: [1, 2.5], namespace: { drive: 1 } })).rejects.toThrow('runBatch: seeds[1] must be an integer, not 2.5');
  });
});
