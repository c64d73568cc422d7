/**
 * `timestepAtLeast(dt, k)` turns Brian's refractoriness test `timestep(x, dt) >= k` into one
 * comparison `x >= bound`. The two must agree for every x — including the doubles next to the
 * bound, NaN and the infinities — or refractory periods would end a step early or late.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { timestepAtLeast } from '../../../src/backends/wasm/timestep-bound.js';

const brian = (x: number, dt: number, k: number) => Math.trunc((x + 1e-3 * dt) / dt) >= k;

function neighbours(x: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  const out = [x];
  for (const step of [-2n, -1n, 1n, 2n]) {
    view.setFloat64(0, x);
    view.setBigInt64(0, view.getBigInt64(0) + step);
    out.push(view.getFloat64(0));
  }
  return out;
}

describe('timestepAtLeast', () => {
  it('x >= bound is exactly timestep(x, dt) >= k, next to the bound and anywhere', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(1e-4, 5e-5, 1e-3, 0.1, 1 / 3), fc.double({ min: 1e-9, max: 10, noNaN: true })),
        fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.constantFrom(0, 1, 50, Infinity, -Infinity, NaN)),
        fc.array(fc.double({ noNaN: false }), { maxLength: 20 }),
        (dt, k, xs) => {
          const bound = timestepAtLeast(dt, k);
          const probes = [...xs, NaN, Infinity, -Infinity, 0, -0, ...(Number.isFinite(bound) ? neighbours(bound) : []), ...neighbours(k * dt), ...neighbours((k - 1e-3) * dt)];
          for (const x of probes) {
            if ((x >= bound) !== brian(x, dt, k)) throw new Error(`dt=${dt} k=${k} x=${x}: bound ${bound} says ${x >= bound}, Brian's test ${brian(x, dt, k)}`);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives the refractory bound of CUBA (5 ms at 0.1 ms: 50 steps)', () => {
    const bound = timestepAtLeast(1e-4, 50);
    expect(bound).toBeGreaterThan(0.005 - 1e-4);
    expect(bound).toBeLessThan(0.005);
    expect(brian(bound, 1e-4, 50)).toBe(true);
  });
});
