/**
 * Synapses features beyond the basics: multisynaptic indices, named pathways, selections in
 * set/get, the summed-variable writer check, dt changes with queued spikes.
 */
import { describe, expect, it } from 'vitest';
import { Network, ValueError, type NetworkOptions } from '../src/index.js';

const ms = 1e-3;
const dt = 0.1 * ms;

/** A group whose neuron k fires exactly once, at step `steps[k]` (-1: never). */
function spikingAt(net: Network, steps: readonly number[]) {
  const G = net.neuronGroup(steps.length, 'ts : second', { threshold: 'abs(t - ts) < 0.5*dt' });
  G.set('ts', steps.map((s) => (s < 0 ? -1 : s * dt)));
  return G;
}

function network(options: NetworkOptions = {}) {
  return new Network({ dt: '0.1 ms', ...options });
}

describe('Synapses: multisynaptic index', () => {
  it('numbers the synapses of each (i, j) pair 0, 1, 2, ... in creation order, across connect() calls', async () => {
    const net = network();
    const P = spikingAt(net, [5, -1]);
    const Q = net.neuronGroup(2, 'x : 1');
    const S = net.synapses(P, Q, { onPre: 'x_post += 1 + k', multisynapticIndex: 'k' });
    S.connect({ i: [0, 0, 1, 0], j: [1, 1, 1, 0] });
    S.connect({ i: 0, j: 1, n: 2 });
    // Pairs: (0,1) (0,1) (1,1) (0,0) (0,1) (0,1).
    expect([...S.get('k')]).toEqual([0, 1, 0, 0, 2, 3]);
    await net.run(6 * dt);
    // Neuron 0 spikes: Q[1] gets 1+2+3+4 (k = 0..3), Q[0] gets 1 (k = 0).
    expect([...Q.get('x')]).toEqual([1, 10]);
    expect(() => S.set('k', 0)).toThrow(/'k' cannot be set/);
    expect(() => net.synapses(P, Q, { model: 'k : 1', multisynapticIndex: 'k' })).toThrow(/multisynapticIndex 'k' is already defined by the model/);
  });
});

describe('Synapses: named pathways', () => {
  it('runs each named pathway with its own code and delay; same-order pathways by name (as Brian)', async () => {
    const net = network();
    const P = spikingAt(net, [10]);
    const Q = net.neuronGroup(1, 'x : 1\ny : 1');
    // Both order -1: 'synapses_down' runs before 'synapses_up', so y reads x before it is raised
    // (Brian 2.5.1 gives x = 1, y = 0 for this network).
    const S = net.synapses(P, Q, { onPre: { up: 'x_post += 1', down: 'y_post += x_post' } });
    S.connect();
    expect(S.pathwayNames).toEqual(['down', 'up']);
    await net.run(11 * dt);
    expect([...Q.get('x'), ...Q.get('y')]).toEqual([1, 0]);

    const net2 = network();
    const P2 = spikingAt(net2, [10]);
    const Q2 = net2.neuronGroup(1, 'x : 1\ny : 1');
    const S2 = net2.synapses(P2, Q2, { onPre: { up: 'x_post += 1', down: 'y_post += x_post' }, delay: { down: '0.5 ms' } });
    S2.connect();
    expect([...S2.get('down.delay')]).toEqual([0.5 * ms]);
    expect([...S2.get('up.delay')]).toEqual([0]);
    await net2.run(15 * dt);
    expect([...Q2.get('x'), ...Q2.get('y')]).toEqual([1, 0]);
    await net2.run(dt); // step 15: the down pathway delivers, after x was raised at step 10
    expect([...Q2.get('x'), ...Q2.get('y')]).toEqual([1, 1]);
  });

  it('heterogeneous delays per synapse for a post pathway and for named pathways', async () => {
    const net = network();
    const P = net.neuronGroup(3, 'v : 1');
    const Q = spikingAt(net, [10]);
    const S = net.synapses(P, Q, { model: 'arrival : second', onPost: 'arrival = t' });
    S.connect();
    S.set('arrival', -1);
    S.set('post.delay', '(i + 1)*ms');
    expect([...S.get('post.delay')].map((d) => Math.round(d / dt))).toEqual([10, 20, 30]);
    await net.run(45 * dt);
    // Spike at step 10, delivered (i + 1) ms = 10 (i + 1) steps later.
    expect([...S.get('arrival')].map((t) => Math.round(t / dt))).toEqual([20, 30, 40]);
    expect(() => S.set('post.delay', [-1, 0, 0])).toThrow(/synapse 0 \(i = 0, j = 0\) has the delay -1 s/);
    expect([...S.get('post.delay')].map((d) => Math.round(d / dt))).toEqual([10, 20, 30]);
    expect(() => S.set('side.delay', 0)).toThrow(/no pathway 'side'; its pathways: post/);
    expect(() => net.synapses(P, Q, { onPre: 'v_pre += 1', delay: { up: '1 ms' } })).toThrow(/no such pathway \(its pathways: pre\)/);
    expect(() => net.synapses(P, Q, { onPre: { a: 'v_pre += 1' }, onPost: { a: 'v_pre += 1' } })).toThrow(/'a' is defined in both on_pre and on_post/);
    const net2 = network();
    const G = net2.neuronGroup(2, 'v : 1');
    net2.synapses(G, G, { onPre: { up: 'v_pre += 1*w' } }).connect();
    await expect(net2.run(dt)).rejects.toThrow(/unknown identifier 'w'[\s\S]*Synapses 'synapses', on_pre\['up'\]/);
  });

  it("store/restore keeps every named pathway's queued spikes", async () => {
    const build = () => {
      const net = network({ seed: 4 });
      const P = net.neuronGroup(4, 'v : 1', { threshold: 'rand() < 0.3' });
      const Q = net.neuronGroup(2, 'x : 1\ny : 1');
      const S = net.synapses(P, Q, { model: 'w : 1', onPre: { fast: 'x_post += w', slow: 'y_post += w' }, delay: { fast: '0.3 ms' } });
      S.connect();
      S.set('w', 'i + 1');
      S.set('slow.delay', '(1 + i + j)*ms');
      return { net, Q, S };
    };
    const a = build();
    await a.net.run(60 * dt);
    const b = build();
    await b.net.run(20 * dt);
    b.net.store('mid');
    expect(b.S.queuedEvents).toBeGreaterThan(0);
    await b.net.run(40 * dt);
    expect([...b.Q.get('x'), ...b.Q.get('y')]).toEqual([...a.Q.get('x'), ...a.Q.get('y')]);
    b.net.restore('mid');
    await b.net.run(40 * dt);
    expect([...b.Q.get('x'), ...b.Q.get('y')]).toEqual([...a.Q.get('x'), ...a.Q.get('y')]);
  });
});

describe('Synapses: dt changes between runs', () => {
  it('a queued spike arrives at the same time in seconds after dt changes', async () => {
    for (const newDt of ['0.05 ms', '0.2 ms']) {
      const net = network();
      const P = spikingAt(net, [10]);
      const Q = net.neuronGroup(1, 'arrival : second');
      Q.set('arrival', -1);
      const S = net.synapses(P, Q, { onPre: { pre: 'arrival_post = t', late: 'arrival_post = t' }, delay: { pre: '2 ms', late: '4 ms' } });
      S.connect();
      await net.run(20 * dt); // the spike at 1 ms is queued in both pathways
      expect(S.queuedEvents).toBe(2);
      net.dt = newDt;
      await net.run('2 ms');
      expect(Q.get('arrival')[0]).toBeCloseTo(3 * ms, 12);
      await net.run('2 ms');
      expect(Q.get('arrival')[0]).toBeCloseTo(5 * ms, 12);
    }
  });
});

describe('Synapses: selecting synapses in set, get and indices', () => {
  const build = () => {
    const net = network({ seed: 2 });
    const G = net.neuronGroup(4, 'x : 1');
    G.set('x', [0, 1, 2, 3]);
    const S = net.synapses(G, G, { model: 'w : 1' });
    S.connect(); // synapse s = 4*i + j
    S.set('w', 'i*10 + j');
    return { net, S };
  };

  it("reads and writes S.w[i, j] and S.w['condition'] as Brian does", () => {
    const { S } = build();
    expect([...S.get('w', { i: 2, j: 3 })]).toEqual([23]);
    expect([...S.get('w', { i: 1 })]).toEqual([10, 11, 12, 13]);
    expect([...S.get('w', { j: [0, 2] })]).toEqual([0, 2, 10, 12, 20, 22, 30, 32]);
    expect([...S.indices({ i: 1, j: 2 })]).toEqual([6]);
    expect([...S.indices({ condition: 'x_pre > x_post + 1' })]).toEqual([8, 12, 13]);
    expect([...S.get('j', { i: 3, condition: 'w > 30' })]).toEqual([1, 2, 3]);

    S.set('w', 0, { condition: 'abs(i - j) < 2' });
    expect([...S.get('w')]).toEqual([0, 0, 2, 3, 0, 0, 0, 13, 20, 0, 0, 0, 30, 31, 0, 0]);
    S.set('w', [100, 200], { i: 3, j: [0, 1] });
    expect([...S.get('w', { i: 3 })]).toEqual([100, 200, 0, 0]);
    const before = S.get('w');
    S.set('w', 'rand() - 2', { i: 0 });
    const after = S.get('w');
    for (let s = 0; s < 16; s++) {
      if (s < 4) expect(after[s]).toBeLessThan(-1);
      else expect(after[s]).toBe(before[s]);
    }
  });

  it('sets delays of selected synapses, and reports bad selections without changing anything', () => {
    const { S } = build();
    S.set('delay', '1 ms', { j: 2 });
    expect([...S.get('delay')].map((d) => d / ms)).toEqual([0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0]);
    const w = S.get('w');
    expect(() => S.set('w', [1, 2, 3], { i: 0 })).toThrow(/expected 4 values \(one per selected synapse\), got 3/);
    expect(() => S.get('w', { i: 9 })).toThrow(/selection i = 9 is not a neuron of 'neurongroup' \(valid: 0 to 3\)/);
    expect(() => S.get('w', { condition: 'w > wmax' })).toThrow(/unknown identifier 'wmax'[\s\S]*\^~~~/);
    expect(() => S.get('q', { i: 0 })).toThrow(/has no variable 'q'; its variables are: i, j, w, delay/);
    expect(() => S.set('q', 0, { i: 0 })).toThrow(/has no variable 'q'; its variables are: i, j, w, delay/);
    expect(() => S.set('delay', -1, { i: 1 })).toThrow(/synapse 4 \(i = 1, j = 0\) has the delay -1 s/);
    expect([...S.get('w')]).toEqual([...w]);
    expect(S.get('delay')[4]).toBe(0);
  });
});

describe('Synapses: one summed variable per target variable', () => {
  const model = 'dv/dt = (I - v)/(10*ms) : 1\nI : 1';
  it('refuses two summed variables into the same variable at run preparation, naming both (as Brian)', async () => {
    const net = network();
    const G = net.neuronGroup(4, model);
    const a = net.synapses(G, G, { model: 'w : 1\nI_post = w*v_pre : 1 (summed)', name: 'first' });
    a.connect({ j: 'i' });
    const b = net.synapses(G, G, { model: 'w : 1\nI_post = w : 1 (summed)', name: 'second' });
    b.connect({ j: 'i' });
    await expect(net.run(dt)).rejects.toThrow(
      /the summed variable 'I_post' of Synapses 'second' and the summed variable 'I_post' of Synapses 'first' both target the variable 'I' in group 'neurongroup'.*sum into separate variables/,
    );
    expect(net.t).toBe(0);
  });

  it('allows summed variables into non-overlapping subgroups, refuses overlapping ones', async () => {
    const net = network();
    const G = net.neuronGroup(6, model);
    const a = net.synapses(G, G.slice(0, 3), { model: 'I_post = 1 : 1 (summed)' });
    a.connect({ j: 'i', skipIfInvalid: true });
    const b = net.synapses(G, G.slice(3, 6), { model: 'I_post = 2 : 1 (summed)' });
    b.connect({ j: 'i', skipIfInvalid: true });
    await net.run(dt);
    expect([...G.get('I')]).toEqual([1, 1, 1, 2, 2, 2]);
    const c = net.synapses(G, G.slice(2, 4), { model: 'I_post = 3 : 1 (summed)' });
    c.connect({ j: 'i', skipIfInvalid: true });
    await expect(net.run(dt)).rejects.toThrow(/'I' in the overlapping groups 'neurongroup\[0:3\]' and 'neurongroup\[2:4\]'/);
  });
});

describe('StateMonitor on Synapses', () => {
  it('records per-synapse variables, subexpressions and pre/post values of chosen synapses', async () => {
    const net = network();
    const P = spikingAt(net, [3, 5]);
    const Q = net.neuronGroup(2, 'x : 1');
    Q.set('x', [5, 7]);
    const S = net.synapses(P, Q, { model: 'w : 1\nd = 2*w : 1', onPre: 'w += 1' });
    S.connect(); // 0: (0,0), 1: (0,1), 2: (1,0), 3: (1,1)
    const M = net.stateMonitor(S, ['w', 'd', 'j', 'x_post'], { record: [0, 2] });
    const all = net.stateMonitor(S, 'w', { record: true });
    await net.run(8 * dt);
    // Recorded at the start of each step: synapse 0 sees the spike of step 3 from step 4 on.
    const w = M.values('w');
    expect([...w[0]!]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect([...w[1]!]).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    expect([...M.values('d')[0]!]).toEqual([0, 0, 0, 0, 2, 2, 2, 2]);
    expect(M.values('j').map((r) => r[0])).toEqual([0, 0]);
    expect(M.values('x_post').map((r) => r[7])).toEqual([5, 5]);
    expect(all.values('w').map((r) => r[7])).toEqual([1, 1, 1, 1]);
    expect(() => net.stateMonitor(S, 'w', { record: [4] })).toThrow(/synapse 4 is out of range for 'synapses' \(0 to 3\)/);
    net.stateMonitor(S, 'q', { record: [0] });
    await expect(net.run(dt)).rejects.toThrow(/has no variable 'q' to record; its variables are: i, j, w, d/);
  });
});
