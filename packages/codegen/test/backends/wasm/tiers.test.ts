/**
 * The WebAssembly tier of the JS backend computes exactly what the JavaScript kernels compute:
 * every golden model's kernels are stepped on both tiers from the same random state, and every
 * array must come out bit for bit the same — with the tier really taken (call counters), the
 * vectorised loops covering odd N, and the JavaScript fallback taken where it must be.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { printExpr } from '@neurite/parser';
import { jsBackend, setWasmEnabled, setWasmMinElements } from '../../../src/backends/js/js-backend.js';
import { WasmArena } from '../../../src/backends/wasm/arena.js';
import { compileModel } from '../../../src/compile.js';
import { lowerSet } from '../../../src/lower/templates.js';
import type { CompiledKernel } from '../../../src/backends/backend.js';
import { GOLDEN_CASES } from '../../golden/cases.js';
import { checked } from '../../helpers/models.js';
import { randomExpr, VARIABLES } from '../../helpers/random-exprs.js';
import { arenaState, copyState, everyCallOnWasm, expectSameBits, firstDifference, lcg, type Arrays } from '../../helpers/arena-state.js';

everyCallOnWasm();

/** Steps state update, threshold and reset `steps` times; returns the spike counts. */
function stepModel(m: ReturnType<typeof compileModel>, arrays: Arrays, N: number, steps: number): number[] {
  const dt = 1e-4;
  const scalars: Record<string, number> = { N, dt, t: 0, count: 0, ...m.constants };
  const counts: number[] = [];
  for (let s = 0; s < steps; s++) {
    scalars['t'] = s * dt;
    m.stateUpdate.run({ arrays, scalars, externs: m.functions });
    if (m.threshold) {
      const n = m.threshold.run({ arrays, scalars, externs: m.functions });
      counts.push(n);
      if (m.reset && n > 0) {
        scalars['count'] = n;
        m.reset.run({ arrays: { ...arrays, _events: arrays['_spikes']! }, scalars, externs: m.functions });
      }
    }
  }
  return counts;
}

const kernelsOf = (m: ReturnType<typeof compileModel>) => [m.stateUpdate, m.threshold, m.reset].filter((k): k is CompiledKernel => k !== undefined);

describe('wasm tier: golden models step bit for bit like JavaScript', () => {
  for (const c of GOLDEN_CASES) {
    it(c.name, () => {
      const m = compileModel(c.equations, { ...c.options, backend: jsBackend });
      const kernels = kernelsOf(m);
      // Odd N: the vectorised loops leave one element for the scalar loop.
      const N = 37;
      const wasmState = arenaState(kernels, N, 7);
      const jsState = copyState(wasmState);
      const random = kernels.some((k) => k.ir.randoms.length > 0);
      if (random) {
        // Random draws come from the host generator: such kernels never run as WebAssembly.
        expect(m.stateUpdate.wasm).toEqual({ unsupported: expect.stringContaining('random') });
        return;
      }
      const before = kernels.map((k) => k.calls!.wasm);
      const wasmCounts = stepModel(m, wasmState, N, 60);
      setWasmEnabled(false);
      const jsCounts = stepModel(m, jsState, N, 60);
      setWasmEnabled(true);
      expect(wasmCounts).toEqual(jsCounts);
      expectSameBits(wasmState, jsState, c.name);
      for (let s = 0; s < wasmCounts.length; s++) expect(wasmState['_spikes']!.subarray(0, wasmCounts[s])).toEqual(jsState['_spikes']!.subarray(0, jsCounts[s]));
      // Every kernel with a WebAssembly version ran as WebAssembly.
      kernels.forEach((k, i) => {
        if ('text' in k.wasm!) expect(k.calls!.wasm - before[i]!, `${k.ir.name} ran as WebAssembly`).toBeGreaterThan(0);
        else expect(k.wasm!.unsupported.length, `${k.ir.name} says why it has no WebAssembly version`).toBeGreaterThan(0);
      });
    });
  }

  it('CUBA: the state update is vectorised, the threshold prechecks pairs, the reset is WebAssembly', () => {
    const c = GOLDEN_CASES.find((g) => g.name === 'cuba')!;
    const m = compileModel(c.equations, { ...c.options, backend: jsBackend });
    const text = (k: CompiledKernel | undefined) => (k?.wasm && 'text' in k.wasm ? k.wasm.text : '');
    expect(text(m.stateUpdate)).toContain('f64x2.mul');
    expect(text(m.threshold)).toContain('v128.any_true');
    expect(text(m.reset)).toContain('f64.store');
  });
});

describe('wasm tier: random expressions', () => {
  const model = checked('a : 1\nb : 1\nc : 1\ny : 1');
  it('give the same bits as JavaScript (scalar and vectorised)', () => {
    fc.assert(
      fc.property(randomExpr, fc.integer(), fc.integer({ min: 1, max: 9 }), (e, seed, N) => {
        const kernel = jsBackend.compile(lowerSet({ model }, 'y', e, { name: 'diff' }));
        const arena = new WasmArena(WasmArena.sizeOf(VARIABLES.map(() => ['float', N] as const)) + WasmArena.sizeOf([['float', N]]) * 2);
        const rand = lcg(seed);
        const arrays: Record<string, Float64Array> = {};
        for (const name of VARIABLES) {
          const a = arena.allocate('float', N);
          for (let k = 0; k < N; k++) a[k] = (rand() - 0.5) * 6;
          arrays[name] = a;
        }
        const yWasm = arena.allocate('float', N);
        const yJs = arena.allocate('float', N);
        kernel.run({ arrays: { ...arrays, y: yWasm }, scalars: { N } });
        setWasmEnabled(false);
        kernel.run({ arrays: { ...arrays, y: yJs }, scalars: { N } });
        setWasmEnabled(true);
        const same = firstDifference(yWasm, yJs) === -1;
        if (!same) throw new Error(`${printExpr(e)}: wasm ${[...yWasm]} vs js ${[...yJs]}\n${'text' in kernel.wasm! ? kernel.wasm.text : ''}`);
        if ('text' in kernel.wasm! && kernel.calls!.wasm === 0) throw new Error(`${printExpr(e)}: the WebAssembly version did not run`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('wasm tier: selects with a costly arm compute it only where a lane takes it', () => {
  it('exprel(z) at z = 0, |z| < 1e-5 and larger z, in every pairing of lanes, gives the JavaScript bits', () => {
    // exact integration of dv/dt = (1.5 - v)/tau shares expm1(-dt/tau) between exp and exprel:
    // `z == 0 ? 1 : |z| < 1e-5 ? 1 + z/2 + z*z/6 : e/z`. The WebAssembly loop tests each pair's
    // lanes first and computes the series (two divisions) only where a lane needs it.
    const m = compileModel('dv/dt = (1.5 - v)/tau : 1\ntau : second', { method: 'exact', backend: jsBackend });
    const dt = 1e-4;
    // tau for z = -dt/tau: 0 (tau infinite), in the series' range, and outside it.
    const taus = [Infinity, dt / 1e-7, dt / 3e-6, 0.01, 0.02];
    const pairs = taus.flatMap((a) => taus.map((b) => [a, b]));
    const N = 2 * pairs.length + 1;
    const wasmState = arenaState([m.stateUpdate], N, 3);
    pairs.forEach(([a, b], p) => {
      wasmState['tau']![2 * p] = a!;
      wasmState['tau']![2 * p + 1] = b!;
    });
    wasmState['tau']![N - 1] = taus[1]!;
    const jsState = copyState(wasmState);
    const v0 = Float64Array.from(wasmState['v']!);
    const scalars = { N, dt, t: 0, ...m.constants };
    const before = m.stateUpdate.calls!.wasm;
    for (let s = 0; s < 3; s++) m.stateUpdate.run({ arrays: wasmState, scalars });
    expect(m.stateUpdate.calls!.wasm - before).toBe(3);
    setWasmEnabled(false);
    for (let s = 0; s < 3; s++) m.stateUpdate.run({ arrays: jsState, scalars });
    setWasmEnabled(true);
    expectSameBits(wasmState, jsState, 'exact update with mixed exprel lanes');
    // And both are the exact solution, v = 1.5 + (v0 - 1.5)·exp(-t/tau), in every lane.
    for (let i = 0; i < N; i++) {
      const expected = 1.5 + (v0[i]! - 1.5) * Math.exp((-3 * dt) / wasmState['tau']![i]!);
      expect(Math.abs(wasmState['v']![i]! - expected), `element ${i} (tau ${wasmState['tau']![i]})`).toBeLessThan(1e-14);
    }
    const text = 'text' in m.stateUpdate.wasm! ? m.stateUpdate.wasm.text : '';
    expect(text).toContain('i64x2.all_true');
  });
});

describe('wasm tier: when JavaScript runs instead', () => {
  const c = GOLDEN_CASES.find((g) => g.name === 'cuba')!;
  const m = compileModel(c.equations, { ...c.options, backend: jsBackend });
  const N = 8;
  const scalars = { N, dt: 1e-4, t: 0.01, ...m.constants };

  it('arrays outside an arena, or from two arenas, run the JavaScript version', () => {
    const plain = Object.fromEntries(m.stateUpdate.ir.arrays.map((a) => [a.name, a.type === 'boolean' ? new Uint8Array(N) : new Float64Array(N)]));
    const before = { ...m.stateUpdate.calls! };
    m.stateUpdate.run({ arrays: plain, scalars });
    const mixed = arenaState([m.stateUpdate], N, 1);
    mixed['v'] = arenaState([m.stateUpdate], N, 2)['v']!;
    m.stateUpdate.run({ arrays: mixed, scalars });
    expect(m.stateUpdate.calls!.js - before.js).toBe(2);
    expect(m.stateUpdate.calls!.wasm - before.wasm).toBe(0);
  });

  it('loops over fewer elements than setWasmMinElements run as JavaScript (a WebAssembly call costs more than they gain)', () => {
    const previous = setWasmMinElements(32);
    try {
      for (const [n, tier] of [[8, 'js'], [31, 'js'], [32, 'wasm'], [100, 'wasm']] as const) {
        const state = arenaState([m.stateUpdate], n, 6);
        const before = { ...m.stateUpdate.calls! };
        m.stateUpdate.run({ arrays: state, scalars: { ...scalars, N: n } });
        expect(m.stateUpdate.calls![tier] - before[tier], `N = ${n}`).toBe(1);
      }
    } finally {
      setWasmMinElements(previous);
    }
  });

  it('instantiates the module on an arena only at the first call long enough for WebAssembly (small groups never pay for it)', () => {
    const api = (globalThis as unknown as { WebAssembly: { Instance: new (...a: never[]) => object } }).WebAssembly;
    const Original = api.Instance;
    let made = 0;
    api.Instance = class extends Original {
      constructor(...a: never[]) {
        super(...a);
        made++;
      }
    };
    const previous = setWasmMinElements(32);
    try {
      // A fresh arena (a memory no instance exists for), 100 elements, first called over 8 of them.
      const state = arenaState([m.stateUpdate], 100, 9);
      const before = { ...m.stateUpdate.calls! };
      for (let s = 0; s < 3; s++) m.stateUpdate.run({ arrays: state, scalars: { ...scalars, N: 8 } });
      expect(made, 'instances after calls over 8 elements').toBe(0);
      expect(m.stateUpdate.calls!.js - before.js).toBe(3);
      for (let s = 0; s < 3; s++) m.stateUpdate.run({ arrays: state, scalars: { ...scalars, N: 100 } });
      expect(made, 'instances after calls over 100 elements').toBe(1);
      expect(m.stateUpdate.calls!.wasm - before.wasm).toBe(3);
    } finally {
      api.Instance = Original;
      setWasmMinElements(previous);
    }
  });

  it('loops that compute exp on two lanes run as WebAssembly; other per-element Math calls run as JavaScript, and say why', () => {
    // Measured (bench/README.md): a call of the host costs ~15 ns more from WebAssembly; JavaScript
    // runs such kernels about twice as fast. exp, expm1 and exprel are computed in WebAssembly
    // itself where the loop runs on two lanes (simd-exp.ts). A call in the preamble does not count.
    const perElement = compileModel('dv/dt = (1.5 - v)/tau : 1\ntau : second', { method: 'exact', backend: jsBackend });
    const text = 'text' in perElement.stateUpdate.wasm! ? perElement.stateUpdate.wasm.text : '';
    expect(text).toContain('i8x16.shuffle'); // exp and exprel of -dt/tau share one expm1, on two lanes
    const logs = compileModel('dv/dt = -log(1 + v**2)/tau : 1', { method: 'euler', namespace: { tau: '10 ms' }, backend: jsBackend });
    expect(logs.stateUpdate.wasm).toEqual({ unsupported: 'it calls log() for every element, which runs faster as JavaScript' });
    // A threshold is a branch: its scalar code would call the host for each element tested.
    const threshold = compileModel('v : 1', { threshold: 'exp(v) > 2', backend: jsBackend });
    expect(threshold.threshold!.wasm).toEqual({ unsupported: 'it calls exp() for every element, which runs faster as JavaScript' });
    const hoisted = compileModel('dv/dt = (1.5 - v)/tau : 1', { method: 'exact', namespace: { tau: '10 ms' }, backend: jsBackend });
    expect('text' in hoisted.stateUpdate.wasm!).toBe(true);
  });

  it('bind() readies a kernel for its arrays; a call with other arrays still takes the right tier', () => {
    const inArena = arenaState([m.stateUpdate], N, 7);
    const plain = Object.fromEntries(m.stateUpdate.ir.arrays.map((a) => [a.name, a.type === 'boolean' ? new Uint8Array(N) : new Float64Array(N)]));
    m.stateUpdate.bind!({ arrays: inArena, scalars });
    const before = { ...m.stateUpdate.calls! };
    m.stateUpdate.run({ arrays: inArena, scalars });
    m.stateUpdate.run({ arrays: plain, scalars }); // not an arena: JavaScript
    m.stateUpdate.run({ arrays: inArena, scalars });
    expect(m.stateUpdate.calls!.wasm - before.wasm).toBe(2);
    expect(m.stateUpdate.calls!.js - before.js).toBe(1);
  });

  it('arrays shorter than N run the JavaScript version (which cannot write past them)', () => {
    const short = arenaState([m.stateUpdate], N - 1, 3);
    const before = { ...m.stateUpdate.calls! };
    m.stateUpdate.run({ arrays: short, scalars });
    expect(m.stateUpdate.calls!.js - before.js).toBe(1);
  });

  it('a non-positive dt is declined before anything is written, and JavaScript gives its answer', () => {
    const wasmState = arenaState([m.stateUpdate], N, 4);
    const jsState = copyState(wasmState);
    const before = { ...m.stateUpdate.calls! };
    const bad = { ...scalars, dt: -1e-4 };
    m.stateUpdate.run({ arrays: wasmState, scalars: bad });
    expect(m.stateUpdate.calls!.js - before.js).toBe(1);
    setWasmEnabled(false);
    m.stateUpdate.run({ arrays: jsState, scalars: bad });
    setWasmEnabled(true);
    expectSameBits(wasmState, jsState, 'dt < 0');
  });

  it('an events loop skips event indices outside its arrays instead of writing elsewhere', () => {
    const state = arenaState([m.reset!], N, 5);
    // The events must share the arrays' arena to run as WebAssembly.
    const arena = new WasmArena(WasmArena.sizeOf([['float', N], ['integer', 4]]));
    const v = arena.allocate('float', N).fill(1);
    const list = arena.allocate('integer', 4);
    list.set([1, N + 5, -3, 2]);
    const before = m.reset!.calls!.wasm;
    m.reset!.run({ arrays: { ...state, v, _events: list }, scalars: { ...scalars, count: 4 } });
    expect(m.reset!.calls!.wasm - before).toBe(1);
    expect([...v]).toEqual([1, m.constants['Vr'], m.constants['Vr'], 1, 1, 1, 1, 1]);
  });
});
