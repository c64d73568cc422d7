/**
 * hoistElementConstants (lower/hoist-constants.ts): expressions of `(constant)` per-element
 * parameters — `exp(-dt/tau)` with a per-neuron tau — move out of the state updater's loop into
 * arrays a precompute kernel fills once per run. The numbers must not change: precompute + state
 * update give the same bits as the state update without hoisting, on both tiers of the JS backend.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compile.js';
import { WasmArena } from '../../src/backends/wasm/arena.js';

const calls = (source: string, fn: string): number => source.split(`Math.${fn}(`).length - 1;
/** exp and expm1 calls: exp(z) and exprel(z) of the same z share one expm1 (optimize.ts). */
const exps = (source: string): number => calls(source, 'exp') + calls(source, 'expm1');

const LIF = 'dv/dt = (I - v)/tau : 1\ntau : second (constant)\nI : 1 (constant)';

/** Arrays for N elements in one arena (so the WebAssembly tier can run), with hoisted slots. */
function arrays(N: number, names: readonly string[], hoisted: number): Record<string, Float64Array> {
  const arena = new WasmArena(WasmArena.sizeOf([...names, ...Array.from({ length: hoisted }, (_, k) => `_hoisted_${k}`)].map(() => ['float', N] as const)));
  const out: Record<string, Float64Array> = {};
  for (const n of names) out[n] = arena.allocate('float', N);
  for (let k = 0; k < hoisted; k++) out[`_hoisted_${k}`] = arena.allocate('float', N);
  return out;
}

function fill(a: Record<string, Float64Array>, N: number): void {
  for (let i = 0; i < N; i++) {
    a['v']![i] = Math.sin(i) * 0.9;
    a['tau']![i] = 1e-3 * (1 + (9 * i) / (N - 1));
    a['I']![i] = 1.5 + Math.cos(i);
  }
}

describe('hoistElementConstants', () => {
  it('moves exp(-dt/tau) of a constant per-neuron tau out of the loop, keeping the numbers bit for bit', () => {
    const plain = compileModel(LIF, { method: 'exact' });
    const hoisted = compileModel(LIF, { method: 'exact', hoistConstants: 4 });
    expect(exps(plain.stateUpdate.source)).toBe(1);
    expect(exps(hoisted.stateUpdate.source)).toBe(0);
    expect(plain.precompute).toBeUndefined();
    const names = hoisted.stateUpdate.ir.hoisted!.arrays;
    expect(names.length).toBeGreaterThan(0);
    expect(exps(hoisted.precompute!.source)).toBe(1);

    const N = 64; // long enough for the WebAssembly tier
    const a = arrays(N, ['v', 'tau', 'I'], names.length);
    const b = arrays(N, ['v', 'tau', 'I'], 0);
    fill(a, N);
    fill(b, N);
    const scalars = { N, dt: 1e-4, t: 0 };
    hoisted.precompute!.run({ arrays: a, scalars });
    for (let step = 0; step < 50; step++) {
      hoisted.stateUpdate.run({ arrays: a, scalars });
      plain.stateUpdate.run({ arrays: b, scalars });
    }
    expect(Array.from(a['v']!)).toEqual(Array.from(b['v']!));
    expect(hoisted.stateUpdate.calls!.wasm).toBe(50); // the fast tier ran, and agrees too
    // The analytic solution: v(t) = I + (v0 - I) exp(-t/tau).
    const t = 50 * 1e-4;
    for (const i of [0, 17, 63]) {
      const v0 = Math.sin(i) * 0.9;
      const I = 1.5 + Math.cos(i);
      const tau = 1e-3 * (1 + (9 * i) / (N - 1));
      expect(a['v']![i]).toBeCloseTo(I + (v0 - I) * Math.exp(-t / tau), 12);
    }
  });

  it('moves a division of a constant per-neuron parameter out of the loop (LIF: v0/tau), bit for bit on both tiers', () => {
    const model = 'dv/dt = (v0 - v)/tau : 1\nv0 : 1 (constant)';
    const divisions = (source: string): number => source.split(' / ').length - 1;
    const plain = compileModel(model, { method: 'exact', namespace: { tau: '10 ms' } });
    const hoisted = compileModel(model, { method: 'exact', namespace: { tau: '10 ms' }, hoistConstants: 4 });
    expect(divisions(plain.stateUpdate.source)).toBe(1);
    expect(divisions(hoisted.stateUpdate.source)).toBe(0);
    expect(divisions(hoisted.precompute!.source)).toBe(1);

    const N = 77; // long enough for the WebAssembly tier, and not a multiple of its eight
    const a = arrays(N, ['v', 'v0'], hoisted.stateUpdate.ir.hoisted!.arrays.length);
    const b = arrays(N, ['v', 'v0'], 0);
    for (const x of [a, b]) for (let i = 0; i < N; i++) [x['v']![i], x['v0']![i]] = [Math.sin(i), 1 + Math.cos(i) / 3];
    const scalars = { N, dt: 1e-4, t: 0, tau: 0.01 };
    hoisted.precompute!.run({ arrays: a, scalars });
    for (let step = 0; step < 40; step++) {
      hoisted.stateUpdate.run({ arrays: a, scalars });
      plain.stateUpdate.run({ arrays: b, scalars });
    }
    expect(Array.from(a['v']!)).toEqual(Array.from(b['v']!));
    expect(hoisted.stateUpdate.calls!.wasm).toBe(40);
    // v(t) = v0 + (v(0) - v0) exp(-t/tau).
    for (const i of [0, 40, 76]) expect(a['v']![i]).toBeCloseTo(1 + Math.cos(i) / 3 + (Math.sin(i) - 1 - Math.cos(i) / 3) * Math.exp(-40 * 1e-4 / 0.01), 12);
  });

  it('leaves parameters without the constant flag in the loop (code may change them during a run)', () => {
    const k = compileModel('dv/dt = -v/tau : 1\ntau : second', { method: 'exact', hoistConstants: 4 });
    expect(k.precompute).toBeUndefined();
    expect(calls(k.stateUpdate.source, 'exp')).toBe(1);
  });

  it('does not hoist what depends on t or on a state variable', () => {
    const k = compileModel('dv/dt = (sin(2*pi*t/tau) - v)/tau2 : 1\ntau : second (constant)\ntau2 : second (constant)', { method: 'euler', hoistConstants: 4 });
    expect(calls(k.stateUpdate.source, 'sin')).toBe(1);
    // Only the reciprocal of tau2 (reciprocalDivisions) moves out: sin(2*pi*t/tau) reads t.
    expect(k.precompute!.source).toMatch(/_hoisted_0\[_idx\] = 1 \/ a_tau2\[_idx\];/);
    expect(k.precompute!.source).not.toMatch(/sin|a_v\b|s_t\b/);
  });

  it('hoists no more arrays than the caller has room for', () => {
    const model = 'dv/dt = -v/tau1 : 1\ndw/dt = -w/tau2 : 1\ntau1 : second (constant)\ntau2 : second (constant)';
    expect(compileModel(model, { method: 'exact', hoistConstants: 4 }).stateUpdate.ir.hoisted!.arrays).toHaveLength(2);
    const one = compileModel(model, { method: 'exact', hoistConstants: 1 });
    expect(one.stateUpdate.ir.hoisted!.arrays).toEqual(['_hoisted_0']);
    expect(exps(one.stateUpdate.source)).toBe(1);
  });
});
