import { describe, expect, it } from 'vitest';
import { PairBuffer } from '../src/synapses/connect-env.js';

/** The pairs as [i, j] lists. */
function list(out: PairBuffer): number[][] {
  const { i, j } = out.pairs();
  return [...i].map((a, k) => [a, j[k]!]);
}

describe('PairBuffer', () => {
  it('pushRow gives the pairs that pushing each pair gives, across growth, for every kind of count', () => {
    const js = Int32Array.from({ length: 700 }, (_, k) => 3 * k + 1);
    for (const count of [1, 0, 2, (i: number, j: number) => (i + j) % 3]) {
      const rows = new PairBuffer();
      const single = new PairBuffer();
      // 5 rows of 700 candidates: past the first capacity (1024) several times.
      for (let i = 0; i < 5; i++) {
        rows.pushRow(i, js, i === 4 ? 350 : 700, count);
        for (let k = 0; k < (i === 4 ? 350 : 700); k++) single.push(i, js[k]!, count);
      }
      expect(list(rows)).toEqual(list(single));
      const n = typeof count === 'number' ? count * (4 * 700 + 350) : list(single).length;
      expect(rows.pairs().i.length).toBe(n);
    }
    const one = new PairBuffer();
    one.pushRow(7, js, 3, 1);
    expect(list(one)).toEqual([[7, 1], [7, 4], [7, 7]]);
  });

  it('sized ahead (a hint), holds exactly the pairs pushed, fewer or more than the hint', () => {
    const js = Int32Array.from({ length: 100 }, (_, k) => k);
    for (const [hint, rows] of [[5000, 20], [150, 20]] as const) {
      const out = new PairBuffer(hint);
      for (let i = 0; i < rows; i++) out.pushRow(i, js, 100, 1);
      const { i, j } = out.pairs();
      expect(i.length).toBe(rows * 100);
      expect(i[i.length - 1]).toBe(rows - 1);
      expect([...j.subarray(0, 100)]).toEqual([...js]);
    }
  });
});
