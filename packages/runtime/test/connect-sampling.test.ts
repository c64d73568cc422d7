/**
 * connect() with a number p samples candidates as Brian's `sample(N_post, p)` does (geometric
 * jumps for p < 0.25): the selected set must have the distribution of one Bernoulli(p) draw per
 * candidate, in increasing order, and a seed must keep giving the same synapses.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '@neurite/codegen';
import { Network } from '../src/index.js';
import { sampleRow } from '../src/synapses/connect.js';

describe('sampleRow (Brian-style sampling of candidates)', () => {
  it('returns increasing indices in range, with binomial counts and uniform positions', () => {
    const rng = new Random(3);
    const N = 1000;
    const p = 0.02;
    const out = new Int32Array(N);
    const rows = 2000;
    let total = 0;
    let sumSq = 0;
    const perBin = new Array<number>(10).fill(0);
    let ordered = true;
    for (let r = 0; r < rows; r++) {
      const m = sampleRow(rng, N, p, out);
      for (let k = 0; k < m; k++) {
        if (!(out[k]! >= 0 && out[k]! < N && (k === 0 || out[k]! > out[k - 1]!))) ordered = false;
        perBin[Math.floor(out[k]! / 100)]!++;
      }
      total += m;
      sumSq += m * m;
    }
    expect(ordered).toBe(true);
    // Row counts: Binomial(N, p): mean N·p, variance N·p·(1-p).
    const mean = total / rows;
    const variance = sumSq / rows - mean * mean;
    expect(Math.abs(mean - N * p)).toBeLessThan(5 * Math.sqrt((N * p * (1 - p)) / rows));
    expect(variance / (N * p * (1 - p))).toBeGreaterThan(0.85);
    expect(variance / (N * p * (1 - p))).toBeLessThan(1.15);
    // Positions: uniform over the 10 bins (chi-square, 9 degrees of freedom, far beyond p = 0.001).
    const expected = total / 10;
    const chi2 = perBin.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(30);
  });

  it('handles p = 0, p = 1, p >= 0.25 (one draw per candidate) and an empty target', () => {
    const rng = new Random(5);
    const out = new Int32Array(50);
    expect(sampleRow(rng, 50, 0, out)).toBe(0);
    expect(sampleRow(rng, 50, 1, out)).toBe(50);
    expect([...out]).toEqual(Array.from({ length: 50 }, (_, k) => k));
    expect(sampleRow(rng, 0, 0.1, out)).toBe(0);
    // p >= 0.25: exactly the candidates whose own draw is below p, in order.
    const a = new Random(9);
    const b = new Random(9);
    const m = sampleRow(a, 50, 0.3, out);
    const expectedSet = Array.from({ length: 50 }, (_, j) => j).filter(() => b.uniform() < 0.3);
    expect([...out.subarray(0, m)]).toEqual(expectedSet);
  });

  it('gives the same synapses for the same seed, and honours the condition', () => {
    const build = (seed: number) => {
      const net = new Network({ seed });
      const G = net.neuronGroup(300, 'v : 1');
      const S = net.synapses(G, G);
      S.connect({ condition: 'i != j and j % 2 == 0', p: 0.05 });
      return S;
    };
    const a = build(1);
    const b = build(1);
    expect(b.get('i')).toEqual(a.get('i'));
    expect(b.get('j')).toEqual(a.get('j'));
    const i = a.get('i');
    const j = a.get('j');
    for (let k = 0; k < a.N; k++) {
      expect(i[k]).not.toBe(j[k]);
      expect(j[k]! % 2).toBe(0);
    }
    const candidates = 300 * 149; // even j, j != i
    expect(Math.abs(a.N - candidates * 0.05)).toBeLessThan(5 * Math.sqrt(candidates * 0.05 * 0.95));
  });
});
