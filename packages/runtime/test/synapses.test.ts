import { describe, expect, it } from 'vitest';
import { Network, ValueError, type NetworkOptions } from '../src/index.js';

const ms = 1e-3;
const dt = 0.1 * ms;

/**
 * A group whose neuron k fires exactly once, at step `steps[k]` (-1: never): the threshold tests
 * the time against a per-neuron parameter. `extra` adds parameters (e.g. `'y : 1'`).
 */
function spikingAt(net: Network, steps: readonly number[], extra = '') {
  const G = net.neuronGroup(steps.length, `ts : second${extra ? `\n${extra}` : ''}`, { threshold: 'abs(t - ts) < 0.5*dt' });
  G.set('ts', steps.map((s) => (s < 0 ? -1 : s * dt)));
  return G;
}

function network(options: NetworkOptions = {}) {
  return new Network({ dt: '0.1 ms', ...options });
}

const pairs = (S: { get(v: 'i' | 'j'): Int32Array }) => [...S.get('i')].map((i, k) => [i, S.get('j')[k]!]);

describe('Synapses.connect', () => {
  it('connects all to all, in order of the presynaptic neuron', () => {
    const net = network();
    const P = net.neuronGroup(3, 'v : 1');
    const Q = net.neuronGroup(4, 'v : 1');
    const S = net.synapses(P, Q, { model: 'w : 1' });
    S.connect();
    expect(S.N).toBe(12);
    expect(pairs(S)).toEqual([0, 1, 2].flatMap((i) => [0, 1, 2, 3].map((j) => [i, j])));
    expect([...S.get('N_outgoing')]).toEqual(Array(12).fill(4));
    expect([...S.get('N_incoming')]).toEqual(Array(12).fill(3));
  });

  it('takes explicit i and j arrays (a number is broadcast), and n synapses per pair', () => {
    const net = network();
    const G = net.neuronGroup(3, 'v : 1');
    const S = net.synapses(G, G);
    S.connect({ i: [0, 1], j: [1, 0] });
    expect(pairs(S)).toEqual([[0, 1], [1, 0]]);
    S.connect({ i: 2, j: [0, 1, 2] });
    S.connect({ i: 0, j: 2, n: 3 });
    expect(S.N).toBe(2 + 3 + 3);
    expect(pairs(S).slice(2)).toEqual([[2, 0], [2, 1], [2, 2], [0, 2], [0, 2], [0, 2]]);
  });

  it("maps one to one with j = 'i', and with other integer expressions of i", () => {
    const net = network();
    const G = net.neuronGroup(5, 'v : 1');
    const S = net.synapses(G, G);
    S.connect({ j: 'i' });
    expect(pairs(S)).toEqual([0, 1, 2, 3, 4].map((i) => [i, i]));
    const R = net.synapses(G, G);
    R.connect({ j: 'N_post - 1 - i', n: 2 });
    expect(pairs(R)).toEqual([0, 1, 2, 3, 4].flatMap((i) => [[i, 4 - i], [i, 4 - i]]));
  });

  it("creates the pairs where a condition holds ('i != j', pre/post variables)", () => {
    const net = network();
    const G = net.neuronGroup(5, 'x : metre');
    G.set('x', [0, 3, 1, 4, 2].map((u) => u * 1e-6));
    const S = net.synapses(G, G);
    S.connect({ condition: 'i != j' });
    expect(S.N).toBe(20);
    expect(pairs(S).every(([i, j]) => i !== j)).toBe(true);
    const x = [0, 3, 1, 4, 2];
    const R = net.synapses(G, G);
    R.connect({ condition: 'x_pre < x_post - 1.5*umetre' });
    const expected = [0, 1, 2, 3, 4].flatMap((i) => [0, 1, 2, 3, 4].filter((j) => x[i]! < x[j]! - 1.5).map((j) => [i, j]));
    expect(pairs(R)).toEqual(expected);
  });

  it('draws p per candidate pair: binomial counts, the same synapses for the same seed', () => {
    const build = (seed: number) => {
      const net = network({ seed });
      const G = net.neuronGroup(100, 'v : 1');
      const S = net.synapses(G, G);
      S.connect({ p: 0.1 });
      return S;
    };
    const a = build(7);
    const mean = 100 * 100 * 0.1;
    const sd = Math.sqrt(100 * 100 * 0.1 * 0.9);
    expect(Math.abs(a.N - mean)).toBeLessThan(4 * sd);
    const b = build(7);
    expect(b.get('i')).toEqual(a.get('i'));
    expect(b.get('j')).toEqual(a.get('j'));
    const c = build(8);
    expect(c.N === a.N && c.get('j').every((j, k) => j === a.get('j')[k])).toBe(false);
  });

  it('combines a condition with p, and takes p as an expression of i and j', () => {
    const net = network({ seed: 2 });
    const G = net.neuronGroup(200, 'v : 1');
    const S = net.synapses(G, G);
    S.connect({ condition: 'i != j', p: 0.05 });
    const n = 200 * 199;
    expect(Math.abs(S.N - n * 0.05)).toBeLessThan(4 * Math.sqrt(n * 0.05 * 0.95));
    expect(pairs(S).every(([i, j]) => i !== j)).toBe(true);
    const R = net.synapses(G, G);
    R.connect({ p: 'exp(-abs(i - j)/10.0)' });
    // Expected count: the sum of the probabilities.
    let m = 0;
    let v = 0;
    for (let i = 0; i < 200; i++) {
      for (let j = 0; j < 200; j++) {
        const p = Math.exp(-Math.abs(i - j) / 10);
        m += p;
        v += p * (1 - p);
      }
    }
    expect(Math.abs(R.N - m)).toBeLessThan(4 * Math.sqrt(v));
  });

  it('grows by doubling over several connect() calls, keeping the values of earlier synapses', () => {
    const net = network();
    const G = net.neuronGroup(30, 'v : 1');
    const S = net.synapses(G, G, { model: 'w : 1' });
    S.connect({ j: 'i' });
    S.set('w', 'i*1.0');
    S.connect();
    S.connect({ condition: 'j == 0' });
    expect(S.N).toBe(30 + 900 + 30);
    expect([...S.get('w').subarray(0, 30)]).toEqual([...Array(30).keys()]);
    expect([...S.get('w').subarray(30)].every((w) => w === 0)).toBe(true);
  });

  it('N_incoming and N_outgoing follow every connect() and restore, in get() and in code', async () => {
    const net = network();
    const P = net.neuronGroup(3, 'ts : second', { threshold: 'abs(t - ts) < 0.5*dt' });
    P.set('ts', [0.1e-3, -1, -1]); // neuron 0 fires in step 1
    const Q = net.neuronGroup(2, 'x : 1');
    const S = net.synapses(P, Q, { model: 'w : 1', onPre: 'x_post += 1.0/N_incoming + 10*N_outgoing' });
    S.connect({ i: [0, 1], j: [0, 0] });
    expect([...S.get('N_incoming')]).toEqual([2, 2]);
    net.store();
    S.connect({ i: [0, 0, 2], j: [1, 0, 0] });
    // Synapses: 0->0, 1->0, 0->1, 0->0, 2->0: neuron 0 sends 3, target 0 receives 4.
    expect([...S.get('N_outgoing')]).toEqual([3, 1, 3, 3, 1]);
    expect([...S.get('N_incoming')]).toEqual([4, 4, 1, 4, 4]);
    await net.run('0.3 ms');
    expect([...Q.get('x')]).toEqual([2 * (1 / 4 + 30), 1 / 1 + 30]);
    net.restore();
    expect([...S.get('N_incoming')]).toEqual([2, 2]);
    expect([...S.get('N_outgoing')]).toEqual([1, 1]);
    await net.run('0.3 ms');
    expect([...Q.get('x')]).toEqual([1 / 2 + 10, 0]);
  });

  it('uses indices relative to subgroups, for the source and the target', () => {
    const net = network();
    const G = net.neuronGroup(6, 'v : 1');
    const H = net.neuronGroup(5, 'x : 1');
    const S = net.synapses(G.slice(2, 5), H.slice(1, 3), { model: 'w : 1' });
    S.connect();
    expect(S.N).toBe(6);
    expect(pairs(S)).toEqual([0, 1, 2].flatMap((i) => [0, 1].map((j) => [i, j])));
    S.set('w', 'i*10 + j');
    expect([...S.get('w')]).toEqual([0, 1, 10, 11, 20, 21]);
    const R = net.synapses(G.slice(2, 5), H.slice(1, 3));
    R.connect({ condition: 'i == j' });
    expect(pairs(R)).toEqual([[0, 0], [1, 1]]);
    const T = net.synapses(G.slice(3, 6), G.slice(0, 3));
    T.connect({ j: 'i' });
    expect(pairs(T)).toEqual([[0, 0], [1, 1], [2, 2]]);
    expect(() => T.connect({ i: 3, j: 0 })).toThrow(/presynaptic index 3 .* out of range for 'neurongroup\[3:6\]'/);
  });

  it('rejects out-of-range indices naming the object and the index, creating nothing (unless skipIfInvalid)', () => {
    const net = network();
    const G = net.neuronGroup(3, 'v : 1');
    const S = net.synapses(G, G, { name: 'exc' });
    S.connect({ i: [0, 1], j: [1, 2] });
    expect(() => S.connect({ i: [0, 5], j: [0, 0] })).toThrow(ValueError);
    expect(() => S.connect({ i: [0, 5], j: [0, 0] })).toThrow(/Synapses 'exc'.*presynaptic index 5 \(pair 1\) is out of range for 'neurongroup' \(valid: 0 to 2\)/);
    expect(() => S.connect({ i: [0], j: [-1] })).toThrow(/postsynaptic index -1/);
    expect(() => S.connect({ j: 'i + 1' })).toThrow(/postsynaptic index 3 \(j = 'i \+ 1' for i = 2\)/);
    expect(S.N).toBe(2);
    S.connect({ j: 'i + 1', skipIfInvalid: true });
    S.connect({ i: [2, 7], j: [0, 0], skipIfInvalid: true });
    expect(pairs(S)).toEqual([[0, 1], [1, 2], [0, 1], [1, 2], [2, 0]]);
    expect(() => S.connect({ i: [0.5], j: [0] })).toThrow(/not an integer/);
    expect(() => S.connect({ condition: 'i != j', i: [0], j: [1] })).toThrow(/cannot be combined/);
    expect(() => S.connect({ p: 1.5 })).toThrow(/probability/);
    expect(() => S.connect({ condition: 'w > 0' })).toThrow(/w/);
    expect(S.N).toBe(5);
  });
});

describe('Synapses: on_pre, on_post and delays', () => {
  it('on_pre acts on the postsynaptic group in the step of the spike', async () => {
    const net = network();
    const P = spikingAt(net, [10, -1, 12]);
    const Q = net.neuronGroup(2, 'x : 1');
    const S = net.synapses(P, Q, { model: 'w : 1', onPre: 'x_post += w' });
    S.connect();
    S.set('w', 'i + 0.5*j + 1');
    await net.run(10 * dt);
    expect([...Q.get('x')]).toEqual([0, 0]);
    await net.run(dt);
    expect([...Q.get('x')]).toEqual([1, 1.5]);
    await net.run(2 * dt);
    expect([...Q.get('x')]).toEqual([1 + 3, 1.5 + 3.5]);
  });

  it('a homogeneous delay delivers round(delay/dt) steps after the spike', async () => {
    for (const [delay, steps] of [
      ['2 ms', 20],
      ['0 ms', 0],
      ['0.26 ms', 3],
      ['1.04 ms', 10],
    ] as const) {
      const net = network();
      const P = spikingAt(net, [5]);
      const Q = net.neuronGroup(1, 'x : 1');
      const S = net.synapses(P, Q, { onPre: 'x += 1', delay });
      S.connect();
      expect([...S.get('delay')]).toEqual([Number.parseFloat(delay) * ms]);
      await net.run((5 + steps) * dt);
      expect(Q.get('x')[0]).toBe(0);
      await net.run(dt);
      expect(Q.get('x')[0]).toBe(1);
    }
  });

  it('heterogeneous delays set per synapse deliver each synapse exactly d steps later', async () => {
    const net = network();
    const P = spikingAt(net, [5, 7]);
    const Q = net.neuronGroup(2, 'x : 1');
    const S = net.synapses(P, Q, { model: 'arrival : second\nhits : 1', onPre: 'arrival = t\nhits += 1\nx_post += 1' });
    S.connect();
    S.set('arrival', -1);
    S.set('delay', '(i + 2*j)*ms');
    expect([...S.get('delay')].map((d) => Math.round(d / ms))).toEqual([0, 2, 1, 3]);
    await net.run('10 ms');
    const spike = [5, 7];
    const expected = pairs(S).map(([i, j]) => (spike[i!]! + 10 * (i! + 2 * j!)) * dt);
    S.get('arrival').forEach((t, k) => expect(t).toBeCloseTo(expected[k]!, 12));
    expect([...S.get('hits')]).toEqual([1, 1, 1, 1]);
    expect([...Q.get('x')]).toEqual([2, 2]);
  });

  it('rejects negative delays with a clear error, leaving the delays as they were', async () => {
    const net = network();
    const P = spikingAt(net, [5, 7]);
    expect(() => net.synapses(P, P, { onPre: 'ts += 0*second', delay: '-1 ms' })).toThrow(/delay must not be negative/);
    const S = net.synapses(P, P, { onPre: 'ts += 0*second' });
    S.connect({ j: 'i' });
    S.set('delay', '1 ms');
    expect(() => S.set('delay', '(i - 1)*ms')).toThrow(/synapse 0 \(i = 0, j = 0\) has the delay -0.001 s/);
    expect([...S.get('delay')]).toEqual([1 * ms, 1 * ms]);
    expect(() => S.set('delay', [1e-3, Number.NaN])).toThrow(/delay NaN/);
    await net.run('1 ms');
  });

  it('on_post runs for the postsynaptic spikes, after on_pre in the same step', async () => {
    const net = network();
    const P = spikingAt(net, [4, 9], 'y : 1');
    const Q = spikingAt(net, [4]);
    const S = net.synapses(P, Q, { model: 'w : 1', onPre: 'w += 1', onPost: 'w *= 2\ny_pre += 1' });
    S.connect();
    await net.run('2 ms');
    // Synapse 0: pre and post spike at step 4 -> (0 + 1)*2 (pre before post, as in Brian); synapse 1: post at 4 (0*2), pre at 9 (+1).
    expect([...S.get('w')]).toEqual([2, 1]);
    expect([...P.get('y')]).toEqual([1, 1]);
    expect(S.kernels.get(`${S.name}_post`)).toBeDefined();
  });

  it('a post delay delays on_post by round(delay/dt) steps', async () => {
    const net = network();
    const P = spikingAt(net, [-1], 'y : 1');
    const Q = spikingAt(net, [3]);
    const S = net.synapses(P, Q, { onPost: 'y_pre += 1', delay: { post: '1 ms' } });
    S.connect();
    await net.run(13 * dt);
    expect(P.get('y')[0]).toBe(0);
    expect(S.queuedEvents).toBe(1);
    await net.run(dt);
    expect(P.get('y')[0]).toBe(1);
    expect(S.queuedEvents).toBe(0);
  });

  it('refuses a synaptic variable that hides a pre- or postsynaptic one (as Brian)', () => {
    const net = network();
    const G = net.neuronGroup(2, 'v : 1');
    expect(() => net.synapses(G, G, { model: 'v : 1', onPre: 'v += 1' })).toThrow(/presynaptic variable 'v' has the same name as a synaptic variable; rename .* 'v_syn'/);
  });

  it('requires connect() before running a Synapses object with pathways (as Brian)', async () => {
    const net = network();
    const P = spikingAt(net, [1]);
    net.synapses(P, P, { onPre: 'ts += 0*second', name: 'lonely' });
    await expect(net.run('1 ms')).rejects.toThrow(/Synapses 'lonely' does not do anything/);
  });

  it('subgroups as source and target: spikes of the slice, effects on the slice', async () => {
    const net = network();
    const P = spikingAt(net, [-1, -1, 3, -1, 6]);
    const Q = net.neuronGroup(4, 'x : 1');
    const S = net.synapses(P.slice(2, 5), Q.slice(1, 4), { model: 'w : 1', onPre: 'x_post += w' });
    S.connect({ j: 'i' });
    S.set('w', 'i + 1');
    await net.run('1 ms');
    // P[2] is i = 0 -> Q[1]; P[4] is i = 2 -> Q[3].
    expect([...Q.get('x')]).toEqual([0, 1, 0, 3]);
  });
});

describe('Synapses: model variables', () => {
  it('STDP: the weight changes as the exponential rule says for pre-post and post-pre pairs', async () => {
    const taupre = 20 * ms;
    const taupost = 20 * ms;
    const dApre = 0.01;
    const dApost = -0.0105;
    const run = async (tPre: number, tPost: number) => {
      const net = network();
      const P = spikingAt(net, [tPre]);
      const Q = spikingAt(net, [tPost], 'v : 1');
      const S = net.synapses(P, Q, {
        model: 'w : 1\ndApre/dt = -Apre/taupre : 1 (event-driven)\ndApost/dt = -Apost/taupost : 1 (event-driven)',
        onPre: 'v_post += w\nApre += dApre\nw = clip(w + Apost, 0, wmax)',
        onPost: 'Apost += dApost\nw = clip(w + Apre, 0, wmax)',
        namespace: { taupre: '20 ms', taupost: '20 ms', dApre, dApost, wmax: 1 },
      });
      S.connect();
      S.set('w', 0.5);
      await net.run('30 ms');
      return S;
    };
    // Pre at 10 ms, post at 15 ms: potentiation by dApre*exp(-5 ms/taupre).
    const ltp = await run(100, 150);
    expect(ltp.get('w')[0]).toBeCloseTo(0.5 + dApre * Math.exp(-5 * ms / taupre), 14);
    expect(ltp.get('Apre')[0]).toBeCloseTo(dApre * Math.exp(-5 * ms / taupre), 14);
    expect(ltp.get('lastupdate')[0]).toBeCloseTo(15 * ms, 14);
    // Post at 10 ms, pre at 13 ms: depression by dApost*exp(-3 ms/taupost).
    const ltd = await run(130, 100);
    expect(ltd.get('w')[0]).toBeCloseTo(0.5 + dApost * Math.exp(-3 * ms / taupost), 14);
  });

  it('gap junctions: a summed variable is recomputed every step before the target integrates', async () => {
    const net = network();
    const tau = 10 * ms;
    const G = net.neuronGroup(3, 'dv/dt = (v0 - v + Igap)/tau : 1\nv0 : 1\nIgap : 1', { method: 'euler', namespace: { tau: '10 ms' } });
    G.set('v0', [1, 0, -2]);
    G.set('v', [0.5, -1, 3]);
    const S = net.synapses(G, G, { model: 'w : 1\nIgap_post = w*(v_pre - v_post) : 1 (summed)' });
    S.connect({ condition: 'i != j' });
    S.set('w', 'abs(i - j)*0.3');
    await net.run(50 * dt);
    // Reference: the same order of work by hand.
    const v = [0.5, -1, 3];
    const v0 = [1, 0, -2];
    let I = [0, 0, 0];
    for (let step = 0; step < 50; step++) {
      I = v.map((vj, j) => v.reduce((acc, vi, i) => (i === j ? acc : acc + Math.abs(i - j) * 0.3 * (vi - vj)), 0));
      for (let k = 0; k < 3; k++) v[k] = v[k]! + dt * ((v0[k]! - v[k]! + I[k]!) / tau);
    }
    G.get('v').forEach((x, k) => expect(x).toBeCloseTo(v[k]!, 12));
    G.get('Igap').forEach((x, k) => expect(x).toBeCloseTo(I[k]!, 12));
  });

  it('a summed variable into a subgroup zeroes and fills only that slice', async () => {
    const net = network();
    const G = net.neuronGroup(2, 'v : 1');
    G.set('v', [1, 2]);
    const H = net.neuronGroup(4, 'Isyn : 1');
    H.set('Isyn', 7);
    const S = net.synapses(G, H.slice(1, 3), { model: 'w : 1\nIsyn_post = w*v_pre : 1 (summed)' });
    S.connect();
    S.set('w', 'j + 1');
    await net.run(dt);
    expect([...H.get('Isyn')]).toEqual([7, 1 * 1 + 2 * 1, 1 * 2 + 2 * 2, 7]);
  });

  it('integrates clock-driven synaptic equations every step', async () => {
    const net = network();
    const G = net.neuronGroup(2, 'v : 1');
    const S = net.synapses(G, G, { model: 'dw/dt = -w/tau : 1 (clock-driven)\nw0 : 1', namespace: { tau: '5 ms' } });
    S.connect();
    S.set('w', 'i + j + 1');
    await net.run('10 ms');
    S.get('w').forEach((w, k) => expect(w).toBeCloseTo((pairs(S)[k]![0]! + pairs(S)[k]![1]! + 1) * Math.exp(-2), 12));
    expect(S.kernels.get(`${S.name}_stateupdater`)?.backend).toBe('js');
  });

  it('get() computes subexpressions and pre/post values per synapse; set() refuses what cannot be set', () => {
    const net = network();
    const G = net.neuronGroup(3, 'v : 1');
    G.set('v', [1, 2, 3]);
    const S = net.synapses(G, G, { model: 'w : 1\nd = w*(v_post - v_pre) : 1' });
    S.connect({ j: '(i + 1) % 3' });
    S.set('w', [1, 10, 100]);
    expect([...S.get('v_post')]).toEqual([2, 3, 1]);
    expect([...S.get('d')]).toEqual([1, 10, -200]);
    expect(() => S.set('d', 1)).toThrow(/'d' cannot be set \(it is a subexpression/);
    expect(() => S.set('i', 1)).toThrow(/cannot be set/);
    expect(() => S.set('q', 1)).toThrow(/has no variable 'q'; its variables are: i, j, w, d/);
    expect(() => S.get('q')).toThrow(/has no variable 'q'/);
    S.set('w', '2*w', { condition: 'i > 0' });
    expect([...S.get('w')]).toEqual([1, 20, 200]);
  });
});

describe('Synapses: store and restore', () => {
  const build = () => {
    const net = network({ seed: 11 });
    const P = net.neuronGroup(6, 'v : 1', { threshold: 'rand() < 0.2' });
    const Q = net.neuronGroup(3, 'x : 1');
    const S = net.synapses(P, Q, { model: 'w : 1', onPre: 'x_post += w' });
    S.connect({ p: 0.7 });
    S.set('w', 'rand()');
    S.set('delay', 'rand()*3*ms');
    return { net, Q, S };
  };

  it('restoring mid-run, with spikes in the queue, gives the uninterrupted run', async () => {
    const a = build();
    await a.net.run('12 ms');
    const b = build();
    await b.net.run('2 ms');
    b.net.store('mid');
    await b.net.run('10 ms');
    expect(b.Q.get('x')).toEqual(a.Q.get('x'));
    b.net.restore('mid');
    await b.net.run('10 ms');
    expect(b.Q.get('x')).toEqual(a.Q.get('x'));
    expect(b.S.get('w')).toEqual(a.S.get('w'));
    // The store did catch spikes in flight.
    const c = build();
    await c.net.run('2 ms');
    expect(c.S.queuedEvents).toBeGreaterThan(0);
  });

  it('restore brings back the synapses as they were at the store', async () => {
    const { net, S } = build();
    const n = S.N;
    const w = S.get('w');
    net.store();
    S.connect({ i: 0, j: 0 });
    S.set('w', 5);
    expect(S.N).toBe(n + 1);
    net.restore();
    expect(S.N).toBe(n);
    expect(S.get('w')).toEqual(w);
    await net.run('1 ms');
  });
});

describe('Synapses on the gpujs backend', () => {
  const build = (backend: NetworkOptions['backend']) => {
    const net = network({ backend });
    const P = spikingAt(net, [5, 7, 9]);
    const Q = net.neuronGroup(2, 'x : 1\ny : 1\nIsyn : 1');
    const S = net.synapses(P, Q, { model: 'w : 1\narrival : second\nIsyn_post = w*ts_pre/ms : 1 (summed)', onPre: 'x_post += w\narrival = t' });
    S.connect();
    S.set('w', 'i + 0.5*j + 1');
    S.set('delay', '(i + 2*j)*ms');
    // Not an accumulation: gpu.js kernels cannot scatter, so this pathway runs on the JS backend.
    const R = net.synapses(P, Q, { model: 'w : 1', onPre: 'y_post = w' });
    R.connect();
    R.set('w', 'i + 1');
    return { net, Q, S, R };
  };

  it("runs pathways (heterogeneous delays included) and summed variables with gpu.js ('cpu' mode), falling back to JS for what it cannot run", async () => {
    const gpu = build({ name: 'gpujs', mode: 'cpu' });
    const cpu = build('js');
    await gpu.net.run('10 ms');
    await cpu.net.run('10 ms');
    expect([...cpu.Q.get('x')]).toEqual([6, 7.5]);
    gpu.Q.get('x').forEach((x, k) => expect(x).toBeCloseTo(cpu.Q.get('x')[k]!, 5));
    gpu.Q.get('Isyn').forEach((x, k) => expect(x).toBeCloseTo(cpu.Q.get('Isyn')[k]!, 4));
    gpu.S.get('arrival').forEach((t, k) => expect(t).toBeCloseTo(cpu.S.get('arrival')[k]!, 7));
    expect([...gpu.Q.get('y')]).toEqual([3, 3]);
    expect(gpu.S.kernels.get(`${gpu.S.name}_pre`)?.backend).toBe('gpujs');
    expect(gpu.S.kernels.get(`${gpu.S.name}_summed_variable_Isyn_post`)?.backend).toBe('gpujs');
    expect(gpu.R.kernels.get(`${gpu.R.name}_pre`)?.backend).toBe('js');
  });
});
