import { describe, expect, it } from 'vitest';
import { Network } from '../src/index.js';

const ms = 1e-3;
const mV = 1e-3;

describe('Network with a neuron group', () => {
  it('fires a driven LIF neuron at the analytic period, with refractoriness', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.neuronGroup(1, 'dv/dt = (El - v)/tau : volt (unless refractory)', {
      threshold: 'v > Vt',
      reset: 'v = Vr',
      refractory: '2 ms',
      namespace: { El: '-40 mV', tau: '10 ms', Vt: '-50 mV', Vr: '-70 mV' },
    });
    G.set('v', '-70 mV');
    const spikes = net.spikeMonitor(G);
    const trace = net.stateMonitor(G, 'v', { record: [0] });
    await net.run('100 ms');
    // Climb from Vr to Vt: t* = tau*ln((El - Vr)/(El - Vt)) = 10 ms * ln 3, i.e. 110 integrating steps;
    // the step that crosses is recorded at its start time, one dt before the crossing grid point.
    const climb = Math.ceil((10 * Math.log(3)) / 0.1) * 0.1 * ms;
    // After a spike at t0 the neuron is refractory while t - t0 < 2 ms (Brian: timestep(t - lastspike)
    // >= timestep(2 ms)); the first integrating step is at t0 + 2 ms, so the next spike comes 2 ms + climb - dt later.
    const period = 2 * ms + climb - 0.1 * ms;
    expect(spikes.t[0]).toBeCloseTo(climb - 0.1 * ms, 12);
    expect(spikes.t[1]! - spikes.t[0]!).toBeCloseTo(period, 12);
    expect(spikes.numSpikes).toBe(Math.floor((100 * ms - spikes.t[0]!) / period) + 1);
    expect(trace.t.length).toBe(1000);
    expect(trace.values('v', 'mV')[0]![0]).toBeCloseTo(-70, 12);
    expect(net.t).toBeCloseTo(100 * ms, 12);
  });
});

describe('store and restore', () => {
  const build = () => {
    const net = new Network({ seed: 3 });
    const G = net.neuronGroup(20, 'dv/dt = (I - v)/tau + sigma*xi*tau**-0.5 : 1\nI : 1', {
      threshold: 'v > 1',
      reset: 'v = 0',
      namespace: { tau: '10 ms', sigma: 0.3 },
    });
    G.set('I', 'rand()*1.5');
    const spikes = net.spikeMonitor(G);
    return { net, G, spikes };
  };

  it('restoring and running again reproduces the run exactly, including the random stream', async () => {
    const { net, G, spikes } = build();
    await net.run('20 ms');
    net.store('mid');
    await net.run('30 ms');
    const first = { v: G.get('v'), i: spikes.i, t: spikes.t };
    net.restore('mid');
    expect(net.t).toBeCloseTo(0.02, 12);
    await net.run('30 ms');
    expect(G.get('v')).toEqual(first.v);
    expect(spikes.i).toEqual(first.i);
    expect(spikes.t).toEqual(first.t);
  });

  it('round-trips through a file, and reports a corrupt file or unknown name without changing anything', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'neurite-store-'));
    const file = join(dir, 'state.bin');
    const { net, G, spikes } = build();
    await net.run('10 ms');
    await net.store('init', { file });
    const v0 = G.get('v');
    const n0 = spikes.numSpikes;
    await net.run('10 ms');

    const fresh = build();
    await fresh.net.restore('init', { file });
    expect(fresh.G.get('v')).toEqual(v0);
    expect(fresh.spikes.numSpikes).toBe(n0);
    expect(fresh.net.t).toBeCloseTo(0.01, 12);

    const before = { t: net.t, v: G.get('v'), n: spikes.numSpikes };
    writeFileSync(join(dir, 'bad.bin'), 'not a state file');
    await expect(net.restore('init', { file: join(dir, 'bad.bin') })).rejects.toThrow(/cannot read stored state|not a Neurite state file/);
    expect(() => net.restore('nope')).toThrow(/no state stored under 'nope'/);
    expect({ t: net.t, v: G.get('v'), n: spikes.numSpikes }).toEqual(before);
    await net.run('1 ms'); // still usable
    expect(net.t).toBeCloseTo(before.t + 0.001, 12);
  });
});

describe('bad input leaves the network usable', () => {
  it('a model error found at run() changes neither time nor recordings', async () => {
    const net = new Network();
    const G = net.neuronGroup(2, 'dv/dt = -v/tau : volt', { threshold: 'v > 1*mV', reset: 'v = 0*mV', namespace: { tau: '10 ms' } });
    const spikes = net.spikeMonitor(G);
    G.set('v', '2 mV');
    await net.run('1 ms');
    const before = { t: net.t, n: spikes.numSpikes };
    const H = net.neuronGroup(1, 'dw/dt = -w/tauw : 1');
    await expect(net.run('1 ms')).rejects.toThrow(/unknown identifier 'tauw'/);
    expect({ t: net.t, n: spikes.numSpikes }).toEqual(before);
    await net.run('1 ms', { namespace: { tauw: '5 ms' } });
    expect(net.t).toBeCloseTo(before.t + 1e-3, 12);
    expect(H.get('w')).toEqual(new Float64Array([0]));
  });

  it('set() of an unknown variable names the group and lists its variables', () => {
    const net = new Network();
    const G = net.neuronGroup(2, 'dv/dt = -v/tau : volt\nI : amp', { name: 'P', namespace: { tau: '10 ms' } });
    expect(() => G.set('vv', 1)).toThrow(/NeuronGroup 'P' has no variable 'vv'; its variables are: v, I/);
    expect(() => G.set('v', '3 ms')).toThrow(/value of 'v' must be a value in volt/);
    expect(() => G.set('v', [1, 2, 3])).toThrow(/expected 2 values, got 3/);
  });

  it('a syntax error is reported when the group is created, with a code frame', () => {
    const net = new Network();
    expect(() => net.neuronGroup(1, 'dv/dt = (1 - v/tau : 1', { name: 'P' })).toThrow(/NeuronGroup 'P', model: line 1[\s\S]*\^/);
  });

  it('an own dt that is not a multiple of the network dt is rejected at run', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.neuronGroup(1, 'x : 1');
    G.runRegularly('x += 1', { dt: '0.25 ms' });
    await expect(net.run('1 ms')).rejects.toThrow(/not a whole multiple of the network's dt/);
  });
});

describe('spike monitors (found by the tutorial examples)', () => {
  it("record in the step of the spike even when the group has a higher schedule order (Brian: source order + 1)", async () => {
    const net = new Network();
    const G = net.neuronGroup(1, 'dv/dt = 1/ms : 1', { threshold: 'v > 1', reset: 'v = 0', order: 2 });
    const spikes = net.spikeMonitor(G);
    await net.run('2.5 ms');
    // v reaches 1 after 10 steps and crosses it in the 11th (step 10, t = 1.0 ms), then every 11 steps.
    expect([...spikes.t].map((t) => Math.round(t * 1e4))).toEqual([10, 21]);
  });

  it('of a slice see the right spikes after restore() brings an earlier step back', async () => {
    const net = new Network();
    const G = net.neuronGroup(4, 'v : 1', { threshold: 'v > 0.5', reset: 'v = 0' });
    const M = net.spikeMonitor(G.slice(0, 2));
    net.store('start');
    G.set('v', 1); // everyone spikes in the first step of this run
    await net.run('0.1 ms');
    expect(M.numSpikes).toBe(2);
    net.restore('start'); // v = 0 again: nobody spikes
    await net.run('0.1 ms');
    expect(M.numSpikes).toBe(0);
  });
});

describe('kernels compile once per model', () => {
  it('run_regularly code is compiled on the first run only, and sees new namespace values on later runs', async () => {
    const { jsBackend } = await import('@neurite/codegen');
    const compiled: string[] = [];
    const counting = { ...jsBackend, compile: (ir: Parameters<typeof jsBackend.compile>[0]) => (compiled.push(ir.name), jsBackend.compile(ir)) };
    const net = new Network({ backend: counting });
    const G = net.neuronGroup(2, 'x : 1');
    G.runRegularly('x = c', { name: 'setter' });
    // Both values are non-integers: an integer would be a different kind of constant (another
    // namespace shape), which legitimately compiles anew.
    await net.run('1 ms', { namespace: { c: 1.5 } });
    expect([...G.get('x')]).toEqual([1.5, 1.5]);
    await net.run('1 ms', { namespace: { c: 2.5 } });
    expect([...G.get('x')]).toEqual([2.5, 2.5]);
    expect(compiled.filter((n) => n === 'setter')).toEqual(['setter']);
  });
});
