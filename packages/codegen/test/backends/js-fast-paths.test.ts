/**
 * The JS emitter's speed-ups must not change a single result: element caching (`l_<name>`
 * locals written through on stores), the `_timestep_ge` form of `timestep(x, dt) >= k`, and scalar
 * arguments made numbers before the loop. Compared here with the plain formula on edge values.
 */
import { describe, expect, it } from 'vitest';
import { jsBackend } from '../../src/backends/js/js-backend.js';
import { lowerSet, lowerStatements } from '../../src/lower/templates.js';
import { checked, code, condition } from '../helpers/models.js';

describe('js emitter fast paths', () => {
  it('timestep(x, dt) >= k with an integer k agrees with trunc((x + 1e-3*dt)/dt) >= k everywhere', () => {
    const model = checked('x : second\nh : second\nk : 1\ny : boolean');
    const e = condition('timestep(x, h) >= int(k)', model);
    const kernel = jsBackend.compile(lowerSet({ model, externals: e.externals }, 'y', e.expr, { name: 'ts' }));
    expect(kernel.source).toContain('_timestep_ge(');
    const xs = [-1e4, -2.5e-4, -1.0005e-4, -1e-4, -0.99e-4, -1e-7, -0, 0, 1e-7, 0.999e-4, 1e-4, 4.9999e-4, 5e-4, 5.0001e-4, 1e4, NaN, Infinity, -Infinity];
    const hs = [1e-4, 1e-3];
    const ks = [-3, -1, -0, 0, 1, 2, 5, 50, NaN, Infinity, -Infinity];
    const x: number[] = [];
    const h: number[] = [];
    const k: number[] = [];
    for (const a of xs) for (const b of hs) for (const c of ks) (x.push(a), h.push(b), k.push(c));
    const N = x.length;
    const y = new Uint8Array(N);
    kernel.run({ arrays: { x: Float64Array.from(x), h: Float64Array.from(h), k: Float64Array.from(k), y }, scalars: { N } });
    for (let n = 0; n < N; n++) {
      const expected = Math.trunc((x[n]! + 1e-3 * h[n]!) / h[n]!) >= Math.trunc(k[n]!);
      expect([x[n], h[n], k[n], y[n]]).toEqual([x[n], h[n], k[n], expected ? 1 : 0]);
    }
  });

  it('cached elements see every earlier store, in order, in and out of branches', () => {
    const model = checked('u : 1\nw : 1\nb : boolean');
    const stmts = code('u = u + 1\nw = u * 2 + w\nb = u > 1.5\nw = w + int(b)\nu += w\nu = u * u\nw -= u - 1\nu /= w * 2\nw *= 3 - u', model);
    const kernel = jsBackend.compile(lowerStatements({ model }, stmts, { name: 'seq', loop: 'range', condition: condition('w > -100', model).expr }));
    expect(kernel.source).toContain('l_u');
    const u0 = [0, 0.25, 1, -3, 7.5];
    const w0 = [1, -2, 0.5, 10, -200];
    const u = Float64Array.from(u0);
    const w = Float64Array.from(w0);
    const b = new Uint8Array(u0.length);
    kernel.run({ arrays: { u, w, b }, scalars: { N: u0.length } });
    for (let n = 0; n < u0.length; n++) {
      let U = u0[n]!;
      let W = w0[n]!;
      let B = b[n]!; // unchanged where the condition is false
      if (W > -100) {
        U = U + 1;
        W = U * 2 + W;
        B = U > 1.5 ? 1 : 0;
        W = W + B;
        U += W;
        U = U * U;
        W -= U - 1;
        U /= W * 2;
        W *= 3 - U;
      }
      expect([u[n], w[n], b[n]]).toEqual([U, W, B]);
    }
  });
});
