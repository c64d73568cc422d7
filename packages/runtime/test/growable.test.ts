/** Recording buffers (monitors/growable.ts): appends keep every value in order across growth, starting from no storage. */
import { describe, expect, it } from 'vitest';
import { GrowableFloat64, GrowableInt32 } from '../src/monitors/growable.js';

describe('growable recording buffers', () => {
  it('start empty and keep every appended value through each doubling', () => {
    const f = new GrowableFloat64(4);
    const i = new GrowableInt32(4);
    expect(f.values()).toEqual(new Float64Array(0));
    expect(i.values()).toEqual(new Int32Array(0));
    for (let k = 0; k < 1000; k++) {
      f.push(k / 7);
      i.push(k * 3);
    }
    expect(f.length).toBe(1000);
    expect(Array.from(f.values())).toEqual(Array.from({ length: 1000 }, (_, k) => k / 7));
    expect(Array.from(i.values())).toEqual(Array.from({ length: 1000 }, (_, k) => k * 3));
  });

  it('reserve gives room for a block written in place, from empty too', () => {
    const f = new GrowableFloat64();
    const block = f.reserve(3000);
    block.set([1, 2, 3], 0);
    f.length = 3;
    expect(Array.from(f.view())).toEqual([1, 2, 3]);
    f.restore(new Float64Array([5, 6]));
    expect(Array.from(f.values())).toEqual([5, 6]);
  });
});
