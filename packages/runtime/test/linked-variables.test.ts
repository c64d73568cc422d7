/**
 * Linked variables (Brian's `x : 1 (linked)` with `G.x = linked_var(H, 'y', index=...)`): a group
 * reads another group's variable, one-to-one, one-to-all or through an index.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '@neurite/codegen';
import { Network, ValueError } from '../src/index.js';

const ms = 1e-3;
const RELAX = 'dv/dt = (x - v)/tau : 1\nx : 1 (linked)';

describe('linked variables', () => {
  it('integrates with the linked values, through an index (analytic: v = x(1 - exp(-t/tau)))', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const H = net.neuronGroup(3, 'y : 1');
    H.set('y', [1, 2, 3]);
    const G = net.neuronGroup(4, RELAX, { namespace: { tau: '10 ms' }, method: 'exact' });
    G.link('x', H, 'y', { index: [2, 0, 1, 1] });
    expect(Array.from(G.get('x'))).toEqual([3, 1, 2, 2]);
    const M = net.stateMonitor(G, ['x'], { record: true });
    await net.run('10 ms');
    const decay = 1 - Math.exp(-1);
    Array.from(G.get('v')).forEach((v, k) => expect(v).toBeCloseTo([3, 1, 2, 2][k]! * decay, 12));
    expect(Array.from(M.values('x')[0]!.slice(0, 2))).toEqual([3, 3]);
    // The link reads the source's storage: a change of y is seen at once.
    H.set('y', [10, 20, 30]);
    expect(Array.from(G.get('x'))).toEqual([30, 10, 20, 20]);
  });

  it('links one-to-one for equal sizes, one-to-all for a size-1 source or a shared variable, and to subgroups', async () => {
    const net = new Network();
    const H = net.neuronGroup(4, 'y : 1\ns : 1 (shared)');
    H.set('y', [1, 2, 3, 4]);
    H.set('s', 7);
    const G = net.neuronGroup(4, 'x : 1 (linked)\nz : 1\ntwice = 2*x : 1');
    G.link('x', H, 'y');
    expect(Array.from(G.get('x'))).toEqual([1, 2, 3, 4]);
    // Expressions of set() and computed subexpressions read the link too.
    G.set('z', 'x*2 + i');
    expect(Array.from(G.get('z'))).toEqual([2, 5, 8, 11]);
    expect(Array.from(G.get('twice'))).toEqual([2, 4, 6, 8]);
    G.link('x', H, 's');
    expect(Array.from(G.get('x'))).toEqual([7, 7, 7, 7]);
    G.link('x', H.slice(2, 3), 'y');
    expect(Array.from(G.get('x'))).toEqual([3, 3, 3, 3]);
    G.link('x', H.slice(1, 3), 'y', { index: [0, 1, 1, 0] });
    expect(Array.from(G.get('x'))).toEqual([2, 3, 3, 2]);
    await net.run('1 ms');
  });

  it('takes the index from an integer variable of the group, read at each run', async () => {
    const net = new Network();
    const H = net.neuronGroup(3, 'y : 1');
    H.set('y', [5, 6, 7]);
    const G = net.neuronGroup(2, 'x : 1 (linked)\nk : integer\nz : 1');
    G.set('k', [2, 1]);
    G.link('x', H, 'y', { index: 'k' });
    G.runRegularly('z = x');
    await net.run('0.1 ms');
    expect(Array.from(G.get('z'))).toEqual([7, 6]);
    G.set('k', [0, 0]);
    await net.run('0.1 ms');
    expect(Array.from(G.get('z'))).toEqual([5, 5]);
  });

  it('reads linked variables in thresholds, resets, event code and monitors', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const H = net.neuronGroup(1, 'theta : 1');
    H.set('theta', 0.5);
    const G = net.neuronGroup(2, 'dv/dt = 1/tau : 1\nth : 1 (linked)\nlast : 1', {
      threshold: 'v > th',
      reset: 'last = th\nv = 0',
      events: { half: 'v > th/2' },
      namespace: { tau: '10 ms' },
      method: 'euler',
    });
    G.link('th', H, 'theta');
    const M = net.eventMonitor(G, 'half', { variables: ['th'] });
    const S = net.spikeMonitor(G, { variables: ['th'] });
    await net.run('6 ms');
    expect(Array.from(G.get('last'))).toEqual([0.5, 0.5]);
    expect(S.numSpikes).toBe(2);
    expect(Array.from(S.values('th'))).toEqual([0.5, 0.5]);
    expect(M.numEvents).toBeGreaterThan(0);
    expect(M.values('th').every((v) => v === 0.5)).toBe(true);
  });

  it('refuses assignments to a linked variable (code frame) and explains how to link', async () => {
    const net = new Network();
    const H = net.neuronGroup(2, 'y : 1');
    const G = net.neuronGroup(2, 'x : 1 (linked)\nz : 1');
    expect(() => G.set('x', 1)).toThrow(/'x' cannot be set: it is declared '\(linked\)'.*link\('x'/);
    G.link('x', H, 'y');
    expect(() => G.set('x', 1)).toThrow(/reads 'neurongroup\.y'; set that variable instead/);
    G.runRegularly('x = 2');
    let message = '';
    try {
      await net.run('1 ms');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/cannot assign to 'x'.*'\(linked\)'/s);
    expect(message).toMatch(/\^/);
  });

  it('reports an unlinked variable at run time, naming group and variable; the network stays usable', async () => {
    const net = new Network();
    const H = net.neuronGroup(2, 'y : 1');
    const G = net.neuronGroup(2, 'dv/dt = (x - v)/(10*ms) : 1\nx : 1 (linked)', { name: 'G' });
    await expect(net.run('1 ms')).rejects.toThrow(/NeuronGroup 'G': the linked variable 'x' is not linked to anything; link it before running/);
    expect(() => G.get('x')).toThrow(/'x' is not linked/);
    G.link('x', H, 'y');
    await net.run('1 ms');
    expect(net.t).toBeCloseTo(1 * ms, 12);
  });

  it('checks links as Brian does: the flag, units, sizes, index range', () => {
    const net = new Network();
    const H = net.neuronGroup(3, 'y : volt\nw : 1\ndu/dt = -u/(10*ms) : 1\nex = 2*u : 1');
    const G = net.neuronGroup(2, 'x : 1 (linked)\nz : 1');
    expect(() => G.link('z', H, 'w', { index: [0, 1] })).toThrow(/'z' is not declared '\(linked\)'; .*'z : 1 \(linked\)'/);
    expect(() => G.link('x', H, 'y', { index: [0, 1] })).toThrow(/units differ/);
    expect(() => G.link('x', H, 'nope', { index: [0, 1] })).toThrow(/'neurongroup' has no variable 'nope'; its variables are: .*w/);
    expect(() => G.link('x', H, 'ex', { index: [0, 1] })).toThrow(/no storage of its own \(a subexpression\)/);
    expect(() => G.link('x', H, 'w')).toThrow(/sizes differ \(2 != 3\); pass options.index/);
    expect(() => G.link('x', H, 'w', { index: [0, 3] })).toThrow(/element 1 has the index 3, outside the valid range \[0, 3\)/);
    expect(() => G.link('x', H, 'w', { index: [0] })).toThrow(/the index has 1 values/);
    expect(() => G.link('x', H, 'w', { index: 'z' })).toThrow(/must be an integer variable/);
    expect(() => net.neuronGroup(1, 'x : 1 (linked, constant)')).toThrow(/linked/);
    G.link('x', H, 'u', { index: [2, 2] });
  });

  it('lowers to an index-array read, which the WebAssembly tier declines and JavaScript runs', () => {
    const m = compileModel(RELAX, { namespace: { tau: '10 ms' }, method: 'euler' });
    const k = m.stateUpdate;
    expect(k.ir.arrays.map((a) => a.name)).toEqual(['_linked_x', '_linked_x_index', 'v']);
    expect(k.wasm && 'unsupported' in k.wasm ? k.wasm.unsupported : '').toMatch(/index read from the local '_linked_x_idx'/);
    const v = new Float64Array(2);
    k.run({ arrays: { v, _linked_x: new Float64Array([4, 8]), _linked_x_index: new Int32Array([1, 0]) }, scalars: { N: 2, t: 0, dt: 1e-4, tau: 0.01 } });
    expect(Array.from(v)).toEqual([8 * 0.01, 4 * 0.01]);
  });
});

describe('linked variables in Synapses', () => {
  it('are refused with a message saying what to do (NeuronGroups only)', async () => {
    const net = new Network();
    const G = net.neuronGroup(2, 'v : 1');
    net.synapses(G, G, { model: 'w : 1 (linked)', onPre: 'v_post += w' }).connect();
    await expect(net.run('1 ms')).rejects.toThrow(/'w' is declared '\(linked\)': linked variables are supported in NeuronGroups only/);
  });
});
