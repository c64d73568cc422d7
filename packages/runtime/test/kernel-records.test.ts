/** Kernel argument records (kernel-records.ts): what an object spread gives, built by assignment. */
import { describe, expect, it } from 'vitest';
import { record } from '../src/kernel-records.js';

describe('record', () => {
  it('has the keys of its sources in order of first appearance, each with the last value given', () => {
    const r = record<number>({ a: 1, b: 2 }, { c: 3, a: 4 }, {});
    expect(r).toEqual({ ...{ a: 1, b: 2 }, ...{ c: 3, a: 4 } });
    expect(Object.keys(r)).toEqual(['a', 'b', 'c']);
    expect(r['a']).toBe(4);
  });

  it('is a new object: writing to it leaves the sources alone', () => {
    const source = { t: 0 };
    const r = record<number>(source);
    r['t'] = 1;
    expect(source.t).toBe(0);
  });
});
