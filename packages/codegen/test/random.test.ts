/**
 * Random (src/random.ts): xoshiro128** seeded through splitmix32. Its draws decide every seeded
 * run (connectivity, initial states, Poisson inputs, noise), so the sequence is checked against
 * the algorithm's published outputs and an independent implementation (Python, unsigned words),
 * including state words above 2^31 — the generator keeps its words as signed integers for speed.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../src/random.js';

const draws = (r: Random, n: number): number[] => Array.from({ length: n }, () => r.nextUint32());

describe('Random', () => {
  it('gives xoshiro128**: the reference outputs from the state [1, 2, 3, 4], and its state after them', () => {
    const r = new Random();
    r.setState({ s: [1, 2, 3, 4], spareNormal: null });
    expect(draws(r, 6)).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
    expect(r.getState().s).toEqual([1110993931, 286554632, 2431677446, 2165318166]);
  });

  it('handles state words above 2^31 as the unsigned words they are', () => {
    const r = new Random();
    r.setState({ s: [0xfffffffe, 0x80000001, 0xdeadbeef, 0x7fffffff], spareNormal: null });
    expect(draws(r, 6)).toEqual([6336, 3132614827, 2955456, 2407263492, 891112823, 2454708832]);
    expect(r.getState().s).toEqual([2457898980, 3182960012, 2883872506, 3544420621]);
  });

  it('seeds through splitmix32, and makes a uniform double of 53 bits from two words', () => {
    const r = new Random(42);
    expect(r.getState().s).toEqual([939911724, 3948730756, 321366731, 3317318717]);
    const u = r.uniform();
    expect(u).toBe(((2837322924 >>> 5) * 2 ** 26 + (544945897 >>> 6)) / 2 ** 53);
    expect(u).toBe(0.6606157208001621);
    expect(draws(r, 4)).toEqual([479756282, 3500138142, 339756180, 113173290]);
  });

  it('draws normal deviates in pairs by Box–Muller from two uniforms, the second one cached', () => {
    const r = new Random(42);
    const u = new Random(42);
    const radius = Math.sqrt(-2 * Math.log(1 - u.uniform()));
    const theta = 2 * Math.PI * u.uniform();
    expect(r.normal()).toBe(radius * Math.cos(theta));
    expect(r.getState().spareNormal).toBe(radius * Math.sin(theta));
    expect(r.normal()).toBe(radius * Math.sin(theta));
    expect(r.getState().spareNormal).toBeNull();
    expect(r.getState().s).toEqual(u.getState().s); // the pair took two uniforms, no more
  });

  it('continues the same sequence after getState/setState, a cached normal included', () => {
    const a = new Random(7);
    a.normal();
    const saved = a.getState();
    expect(saved.spareNormal).not.toBeNull();
    const next = [a.normal(), a.uniform(), a.normal(), a.poisson(3)];
    const b = new Random(123);
    b.setState(saved);
    expect([b.normal(), b.uniform(), b.normal(), b.poisson(3)]).toEqual(next);
  });
});
