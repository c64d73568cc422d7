/**
 * A state update fused with its threshold (lower/fuse.ts) computes exactly what the two kernels
 * compute one after the other: every golden model with a threshold is stepped both ways from the
 * same state, on the JavaScript and on the WebAssembly tier, and every array and every spike list
 * must come out bit for bit the same. Pairs that fusion would change are refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import { jsBackend, setWasmEnabled } from '../../src/backends/js/js-backend.js';
import { compileModel } from '../../src/compile.js';
import { fuseKernels } from '../../src/lower/fuse.js';
import type { CompiledKernel, KernelArgs } from '../../src/backends/backend.js';
import { lowerSet } from '../../src/lower/templates.js';
import { Random } from '../../src/random.js';
import { parseExpression } from '@neurite/parser';
import { checked } from '../helpers/models.js';
import type { KernelIR } from '../../src/ir.js';
import { GOLDEN_CASES } from '../golden/cases.js';
import { arenaState, copyState, everyCallOnWasm, expectSameBits, type Arrays } from '../helpers/arena-state.js';

everyCallOnWasm();

const fused = (a: KernelIR, b: KernelIR): KernelIR => {
  const r = fuseKernels(a, b, `${a.name}_fused`);
  if (!r.ok) throw new Error(r.reason);
  return r.kernel;
};

/** Steps `steps` times, returning each step's spike list. */
function step(kernels: readonly CompiledKernel[], arrays: Arrays, scalars: Record<string, number>, externs: KernelArgs['externs'], steps: number): number[][] {
  const spikes: number[][] = [];
  const rng = new Random(1);
  for (let s = 0; s < steps; s++) {
    scalars['t'] = s * scalars['dt']!;
    let n = 0;
    for (const k of kernels) n = k.run({ arrays, scalars, rng, ...(externs ? { externs } : {}) });
    spikes.push([...arrays['_spikes']!.subarray(0, n)]);
  }
  return spikes;
}

describe('fuseKernels: state update + threshold as one loop', () => {
  // A light update that also stores `not_refractory` (booleans at every element offset of the
  // eight-by-eight loop), which no golden case with a light update does.
  const refractoryLif = {
    name: 'lif-refractory',
    equations: 'dv/dt = (v0 - v)/tau : 1 (unless refractory)\nv0 : 1 (constant)\ntau : second (constant)',
    options: { name: 'lifr', method: 'exact', threshold: 'v > 1', reset: 'v = 0', refractory: '0.5 ms' },
  };
  const cases = [...GOLDEN_CASES.filter((c) => c.options.threshold !== undefined), refractoryLif];
  for (const c of cases) {
    for (const [tier, N] of [['js', 37], ['wasm', 37], ['wasm', 605]] as const) {
      it(`${c.name} (${tier}, N = ${N}): the same bits as the two kernels one after the other`, () => {
        const m = compileModel(c.equations, { ...c.options, backend: jsBackend });
        if (m.stateUpdate.ir.randoms.length > 0 && m.threshold!.ir.randoms.length > 0) return;
        const one = jsBackend.compile(fused(m.stateUpdate.ir, m.threshold!.ir));
        // Odd N: the vectorised loop leaves elements to the scalar loop; 605: three chunks.
        const a = arenaState([m.stateUpdate, m.threshold!], N, 11);
        const b = copyState(a);
        const scalars = () => ({ N, dt: 1e-4, t: 0, ...m.constants });
        setWasmEnabled(tier === 'wasm');
        const before = one.calls!.wasm;
        // Random draws (noise in the update) come in the same order both ways.
        const separate = step([m.stateUpdate, m.threshold!], a, scalars(), m.functions, 40);
        const together = step([one], b, scalars(), m.functions, 40);
        setWasmEnabled(true);
        expect(together).toEqual(separate);
        expect(separate.flat().length, 'the threshold fired').toBeGreaterThan(0);
        expectSameBits(b, a, c.name);
        if (tier === 'wasm' && 'text' in one.wasm!) expect(one.calls!.wasm - before).toBe(40);
      });
    }
  }

  it('runs the update on two lanes and tests on two lanes in WebAssembly: light updates eight by eight, others in chunks', () => {
    // The bit-for-bit tests above then cover both loops (chunks: the `min` of the chunk's end).
    for (const [name, chunked] of [['cuba', true], ['cobahh', true], ['lif-tau-per-neuron', false]] as const) {
      const c = GOLDEN_CASES.find((g) => g.name === name)!;
      const m = compileModel(c.equations, { ...c.options, backend: jsBackend });
      const wasm = jsBackend.compile(fused(m.stateUpdate.ir, m.threshold!.ir)).wasm!;
      const text = 'text' in wasm ? wasm.text : JSON.stringify(wasm);
      expect(text, name).toContain('f64x2.mul');
      expect(text, name).toContain('v128.any_true');
      expect(text.includes('i32.gt_s'), `${name} in chunks`).toBe(chunked);
      // Eight by eight: the update of four pairs (one store of v each), then one branch.
      if (!chunked) expect(text.match(/v128\.store(?![0-9_])/g), name).toHaveLength(4);
    }
  });

  it('refuses pairs whose fusion would change the result, saying why', () => {
    const noisy = compileModel('dv/dt = -v/(10*ms) + xi/sqrt(10*ms) : 1', { threshold: 'rand() < v', method: 'euler', backend: jsBackend });
    expect(fuseKernels(noisy.stateUpdate.ir, noisy.threshold!.ir, 'f')).toEqual({ ok: false, reason: 'both kernels draw random numbers (fused, the draws would interleave)' });
    // The second kernel reads a shared variable the first writes: fused, element 5 would be
    // tested against the value element 0 stored, not the one element N-1 leaves.
    const shared = compileModel('v : 1\nw : 1 (shared)', { threshold: 'v > w', backend: jsBackend });
    const setW = lowerSet({ model: checked('v : 1\nw : 1 (shared)') }, 'w', parseExpression('v').expr!, { name: 'set_w' });
    const r = fuseKernels(setW, shared.threshold!.ir, 'f');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain("'w' is written by one kernel and used at another element than the loop's");
  });
});
