/**
 * Custom events (Brian's `events=` / `run_on_event` / `EventMonitor`). Expected numbers come from
 * Brian2 2.5.1 running the same model (numpy target, dt = 0.1 ms, method 'exact'):
 *
 *   G = NeuronGroup(3, 'dv/dt = (I - v)/tau : 1\nI : 1\nn_up : 1', threshold='v > 1', reset='v = 0',
 *                   refractory=10*ms, events={'up': 'v > 0.8'}, method='exact')
 *   G.I = [1.5, 2, 0.5]; G.run_on_event('up', 'n_up += 1')
 *   M = EventMonitor(G, 'up', variables=['v']); S = SpikeMonitor(G); run(30*ms)
 */
import { describe, expect, it } from 'vitest';
import { setWasmMinElements } from '@neurite/codegen';
import { Network, ValueError } from '../src/index.js';

const ms = 1e-3;
const MODEL = 'dv/dt = (I - v)/tau : 1\nI : 1\nn_up : 1';

function build() {
  const net = new Network({ dt: '0.1 ms' });
  const G = net.neuronGroup(3, MODEL, {
    threshold: 'v > 1',
    reset: 'v = 0',
    refractory: '10 ms',
    events: { up: 'v > 0.8' },
    method: 'exact',
    namespace: { tau: '10 ms' },
  });
  G.set('I', [1.5, 2, 0.5]);
  G.runOnEvent('up', 'n_up += 1');
  const M = net.eventMonitor(G, 'up', { variables: ['v'] });
  const S = net.spikeMonitor(G);
  return { net, G, M, S };
}

describe('custom events', () => {
  it('checks the condition every step, ignoring refractoriness, and runs run_on_event code (Brian numbers)', async () => {
    const { net, G, M, S } = build();
    await net.run('30 ms');
    expect(Array.from(G.get('n_up'))).toEqual([72, 117, 0]);
    expect(M.numEvents).toBe(189);
    expect(Array.from(M.count)).toEqual([72, 117, 0]);
    expect(Array.from(S.count)).toEqual([2, 3, 0]);
    // Neuron 1 is refractory for 10 ms after its spike at 6.9 ms, yet its 'up' events go on
    // (12.1 ms onwards); its next spike waits for the end of the refractory period (16.9 ms).
    const train = M.eventTrains()[1]!;
    expect(train[0]).toBeCloseTo(5.1 * ms, 12);
    expect(train[18]).toBeCloseTo(6.9 * ms, 12);
    expect(train[19]).toBeCloseTo(12.1 * ms, 12);
    expect(Array.from(S.spikeTrains()[1]!, (t) => Math.round(t / ms / 0.1) / 10)).toEqual([6.9, 16.9, 26.9]);
    // Values at event time: before the reset (after_thresholds), as Brian.
    const v = M.values('v');
    const brian = [0.8109589040596075, 0.8227900606432859, 0.834503495252017, 0.8461003792390227, 0.8575818723023665];
    for (let k = 0; k < brian.length; k++) expect(Math.abs(v[k]! - brian[k]!) / brian[k]!).toBeLessThan(1e-12);
    expect(Array.from(M.i.slice(0, 3))).toEqual([1, 1, 1]);
  });

  it('subgroups see the event of their elements, renumbered', async () => {
    const { net, G } = build();
    const M = net.eventMonitor(G.slice(1, 3), 'up');
    await net.run('30 ms');
    expect(Array.from(M.count)).toEqual([117, 0]);
    expect(M.i.every((i) => i === 0)).toBe(true);
  });

  it('keeps event recordings and event spaces through store/restore', async () => {
    const { net, M } = build();
    await net.run('10 ms');
    net.store();
    const n10 = M.numEvents;
    await net.run('20 ms');
    const first = Array.from(M.t);
    net.restore();
    expect(M.numEvents).toBe(n10);
    await net.run('20 ms');
    expect(Array.from(M.t)).toEqual(first);
  });

  it('reports unknown events naming the group and its events; the network stays usable', async () => {
    const { net, G } = build();
    expect(() => G.runOnEvent('down', 'v = 0')).toThrow(ValueError);
    expect(() => G.runOnEvent('down', 'v = 0')).toThrow(/NeuronGroup 'neurongroup' has no event 'down'.*its events are: spike, up/);
    expect(() => net.eventMonitor(G, 'dwon')).toThrow(/EventMonitor: NeuronGroup 'neurongroup' has no event 'dwon'.*spike, up/);
    expect(() => net.eventMonitor(G.slice(0, 2), 'dwon')).toThrow(/has no event 'dwon'/);
    expect(() => G.runOnEvent('up', 'v = 0')).toThrow(/already added/);
    expect(() => G.runOnEvent('spike', 'v = 0')).toThrow(/already added.*reset/);
    const P = net.poissonGroup(2, '10 Hz');
    expect(() => net.eventMonitor(P, 'up')).toThrow(/'poissongroup' has no event 'up'; its only event is 'spike'/);
    expect(() => net.neuronGroup(1, 'v : 1', { events: { '2up': 'v > 1' } })).toThrow(/cannot be an event name/);
    expect(() => net.neuronGroup(1, 'v : 1', { events: { spike: 'v > 1' } })).toThrow(/'threshold' option/);
    await net.run('1 ms');
    expect(net.t).toBeCloseTo(1 * ms, 12);
  });

  it('reports a bad condition with a code frame, naming the event', async () => {
    const net = new Network();
    net.neuronGroup(1, 'v : volt', { events: { up: 'v > 1' } });
    let message = '';
    try {
      await net.run('1 ms');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/event 'up'/);
    expect(message).toMatch(/\^/);
  });

  it('runs on a custom event at a chosen slot', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.neuronGroup(1, 'dv/dt = 10/tau : 1\nn : 1', { events: { half: 'v > 0.55' }, namespace: { tau: '10 ms' }, method: 'euler' });
    // Resets v (at the end of the step) once it passes 0.55: an event every 6 steps (Brian: n = 10).
    G.runOnEvent('half', 'v = 0\nn += 1', { when: 'end' });
    await net.run('6 ms');
    expect(G.get('n')[0]).toBe(10);
  });

  it("drives synaptic pathways with onEvent (Brian's on_event), pre and post, with delays and subgroups", async () => {
    const { net, G } = build();
    const H = net.neuronGroup(3, 'x : 1\ny : 1');
    const S = net.synapses(G, H, { onPre: 'x_post += 1', onEvent: 'up' });
    S.connect({ j: 'i' });
    // Delayed by 3 ms: neuron 0's events at 29.6-29.9 ms are still queued at the end.
    const D = net.synapses(G.slice(0, 2), H, { onPre: 'y_post += 1', onEvent: { pre: 'up' }, delay: '3 ms' });
    D.connect({ j: 'i' });
    // on_post on the target's event: the synapse's presynaptic neuron (in H) counts G's events.
    const P = net.synapses(H, G, { model: 'c : 1', onPost: 'c += 1', onEvent: { post: 'up' } });
    P.connect({ j: 'i' });
    await net.run('30 ms');
    expect(Array.from(H.get('x'))).toEqual([72, 117, 0]);
    // Brian2: H.y == [68, 117, 0], H.x == P.c == [72, 117, 0].
    expect(Array.from(H.get('y'))).toEqual([68, 117, 0]);
    expect(Array.from(P.get('c'))).toEqual([72, 117, 0]);
  });

  it('chooses the event per named pathway: the custom event for one, spikes for the other', async () => {
    const { net, G } = build();
    const H = net.neuronGroup(3, 'x : 1\ny : 1');
    // Same counts as the pathways above: on 'up' as S.x, on spikes as G's own spike counts.
    const S = net.synapses(G, H, { onPre: { ups: 'x_post += 1', spikes: 'y_post += 1' }, onEvent: { ups: 'up' } });
    S.connect({ j: 'i' });
    const spikes = net.spikeMonitor(G);
    await net.run('30 ms');
    expect(Array.from(H.get('x'))).toEqual([72, 117, 0]);
    expect(spikes.count[1]).toBeGreaterThan(0);
    expect(Array.from(H.get('y'))).toEqual(Array.from(spikes.count));
  });

  it('names the synapses and the group when onEvent names an unknown event', () => {
    const { net, G } = build();
    const H = net.neuronGroup(3, 'x : 1');
    expect(() => net.synapses(G, H, { onPre: 'x_post += 1', onEvent: 'dwon' })).toThrow(/Synapses 'synapses', on_pre: NeuronGroup 'neurongroup' has no event 'dwon'.*spike, up/);
    expect(() => net.synapses(G, H, { onPost: 'x_post += 1', onEvent: 'up' })).toThrow(/on_post.*no event 'up'/);
  });

  it('runs event checks and event code in place as WebAssembly (event spaces live in the group arena)', async () => {
    const { net, G } = build();
    const min = setWasmMinElements(0); // a 3-neuron group would run as JavaScript
    try {
      await net.run('10 ms');
    } finally {
      setWasmMinElements(min);
    }
    const check = G.kernels.get('neurongroup_up_thresholder')!;
    const code = G.kernels.get('neurongroup_up_resetter')!;
    expect([...G.kernels.keys()]).toEqual(['neurongroup_stateupdater', 'neurongroup_thresholder', 'neurongroup_resetter', 'neurongroup_up_thresholder', 'neurongroup_up_resetter']);
    if (check.wasm && 'text' in check.wasm) expect(check.calls!.wasm).toBe(100);
    if (code.wasm && 'text' in code.wasm) expect(code.calls!.wasm).toBeGreaterThan(0);
    expect(check.calls!.wasm + check.calls!.js).toBe(100);
  });
});
