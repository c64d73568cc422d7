import { describe, expect, it } from 'vitest';
import { POST_INDEX, PRE_INDEX, SynapticStorage } from '../src/synapses/storage.js';

const specs = [
  { name: 'w', type: 'float', shared: false },
  { name: 'delay', type: 'float', shared: false },
  { name: 'k', type: 'integer', shared: false },
  { name: 'scale', type: 'float', shared: true },
] as const;

const values = (s: SynapticStorage, name: string): number[] => [...s.view(name)];

describe('SynapticStorage', () => {
  it('keeps a variable with one value for all synapses as that value until it is viewed', () => {
    const s = new SynapticStorage(specs);
    s.append([0, 0, 1], [1, 2, 0], (name) => (name === 'delay' ? 2e-3 : 0));
    s.append([2], [2], (name) => (name === 'delay' ? 2e-3 : 0));
    expect(s.uniformValue('delay')).toBe(2e-3);
    expect(s.uniformValue('w')).toBe(0);
    expect(values(s, PRE_INDEX)).toEqual([0, 0, 1, 2]);
    expect(values(s, POST_INDEX)).toEqual([1, 2, 0, 2]);
    expect(values(s, 'delay')).toEqual([2e-3, 2e-3, 2e-3, 2e-3]);
    expect(s.uniformValue('delay')).toBeUndefined(); // viewed: an array now, written through views
    s.view('delay')[1] = 5e-3;
    s.append([1], [1], (name) => (name === 'delay' ? 2e-3 : 0));
    expect(values(s, 'delay')).toEqual([2e-3, 5e-3, 2e-3, 2e-3, 2e-3]);
    expect(values(s, 'k')).toEqual([0, 0, 0, 0, 0]);
  });

  it('adopts the arrays of a state without copying them, keeping one-value variables as values, and grows from there', () => {
    const s = new SynapticStorage(specs);
    const pre = Int32Array.from([0, 1, 2]);
    const post = Int32Array.from([2, 1, 0]);
    const w = Float64Array.from([0.1, 0.2, 0.3]);
    s.adopt({ N: 3, arrays: new Map<string, Float64Array | Int32Array>([[PRE_INDEX, pre], [POST_INDEX, post], ['w', w], ['scale', Float64Array.of(4)]]), uniform: new Map([['delay', 1e-3]]) });
    expect(s.N).toBe(3);
    // The very arrays given: writes through a view reach them.
    s.view('w')[2] = 0.35;
    expect(w[2]).toBe(0.35);
    expect(s.view(PRE_INDEX).buffer).toBe(pre.buffer);
    expect(s.uniformValue('delay')).toBe(1e-3);
    expect(values(s, 'k')).toEqual([0, 0, 0]);
    expect(values(s, 'scale')).toEqual([4]);
    s.append([3], [3], (name) => (name === 'delay' ? 1e-3 : 0));
    expect(values(s, 'w')).toEqual([0.1, 0.2, 0.35, 0]);
    expect(values(s, PRE_INDEX)).toEqual([0, 1, 2, 3]);
    expect(values(s, 'delay')).toEqual([1e-3, 1e-3, 1e-3, 1e-3]);
    expect(() => s.adopt({ N: 1, arrays: new Map([[PRE_INDEX, Int32Array.of(0)], [POST_INDEX, Int32Array.of(0)]]) })).toThrow(/holds synapses/);
  });

  it('makes the array when later synapses start with another value, keeping the earlier ones', () => {
    const s = new SynapticStorage(specs);
    s.append([0, 1], [0, 1], (name) => (name === 'w' ? 0.5 : 0));
    // Past the first capacity (16), so the arrays grow while the column is still a number.
    s.append(new Array(20).fill(2), new Array(20).fill(0), (name) => (name === 'w' ? 0.5 : 0));
    s.append([3], [3], (name) => (name === 'w' ? 0.25 : 0));
    expect(s.N).toBe(23);
    expect(values(s, 'w')).toEqual([...new Array(22).fill(0.5), 0.25]);
    expect(values(s, 'scale')).toEqual([0]);
  });

  it('snapshots and restores uniform and viewed variables alike', () => {
    const s = new SynapticStorage(specs);
    s.append([0, 1], [1, 0], () => 1);
    s.view('w')[0] = 3;
    const state = s.snapshot();
    s.append([1], [1], (name) => (name === 'k' ? 7 : 1));
    s.view('w')[1] = 9;
    s.restore(state);
    expect(s.N).toBe(2);
    expect(values(s, 'w')).toEqual([3, 1]);
    expect(values(s, 'k')).toEqual([1, 1]);
    expect(values(s, 'delay')).toEqual([1, 1]);
    expect(values(s, PRE_INDEX)).toEqual([0, 1]);
  });

  it('keeps a uniform variable a single number in a snapshot, and restores it into views handed out since', () => {
    const s = new SynapticStorage(specs);
    s.append(new Array(1000).fill(0), new Array(1000).fill(1), (name) => (name === 'delay' ? 2e-3 : 0));
    const state = s.snapshot();
    // One number for 1000 synapses, not an array (store() of a large network would copy them all).
    expect(state.uniform?.get('delay')).toBe(2e-3);
    expect(state.arrays.has('delay')).toBe(false);
    const delay = s.view('delay'); // now an array, handed out
    delay.fill(5e-3);
    s.restore(state);
    expect([...new Set(delay)]).toEqual([2e-3]);
    // Into a fresh storage it stays a number.
    const t = new SynapticStorage(specs);
    t.restore(state);
    expect(t.N).toBe(1000);
    expect(t.uniformValue('delay')).toBe(2e-3);
    expect(values(t, POST_INDEX).every((j) => j === 1)).toBe(true);
  });

  it('computes derived arrays when viewed after the synapses changed, and only then', () => {
    const s = new SynapticStorage(specs);
    let computed = 0;
    s.derive(['k'], () => {
      computed++;
      const pre = s.view(PRE_INDEX);
      const k = s.view('k');
      for (let i = 0; i < k.length; i++) k[i] = pre[i]! * 10;
    });
    s.append([1, 2], [0, 0], () => 0);
    s.append([3], [0], () => 0);
    expect(computed).toBe(0);
    expect(values(s, 'k')).toEqual([10, 20, 30]);
    expect(values(s, 'k')).toEqual([10, 20, 30]);
    expect(computed).toBe(1);
    s.append([4], [0], () => 0);
    expect(values(s, 'k')).toEqual([10, 20, 30, 40]);
    expect(computed).toBe(2);
  });

  it('adopts the index arrays given to an empty storage, and grows from them like its own', () => {
    const s = new SynapticStorage(specs);
    // As connect() passes them: views of larger buffers (a PairBuffer sized ahead), theirs to give.
    const pre = new Int32Array(40).subarray(0, 30).map((_, k) => k % 7);
    const post = new Int32Array(40).subarray(0, 30).map((_, k) => (3 * k) % 11);
    s.append(pre, post, (name) => (name === 'w' ? 0.5 : 0), true);
    expect(s.view(PRE_INDEX).buffer).toBe(pre.buffer); // kept, not copied
    expect(values(s, PRE_INDEX)).toEqual([...pre]);
    expect(values(s, POST_INDEX)).toEqual([...post]);
    expect(values(s, 'w')).toEqual(new Array(30).fill(0.5));
    // The room left in the buffers (10) is capacity; more synapses grow past it, keeping all.
    s.append([6, 5], [1, 2], () => 1);
    s.append(new Array(20).fill(4), new Array(20).fill(9), () => 2, true); // not empty: copied
    expect(s.N).toBe(52);
    expect(values(s, PRE_INDEX)).toEqual([...pre, 6, 5, ...new Array(20).fill(4)]);
    expect(values(s, POST_INDEX)).toEqual([...post, 1, 2, ...new Array(20).fill(9)]);
    expect(values(s, 'k')).toEqual([...new Array(30).fill(0), 1, 1, ...new Array(20).fill(2)]);
  });
});
