import { describe, expect, it } from 'vitest';
import { compileModel, instantiateModel, jsBackend, planModel, type CompiledKernel } from '../src/index.js';

const LIF = 'dv/dt = -v/tau : 1';
const OPTIONS = { method: 'exact', threshold: 'v > 1', reset: 'v = 0', namespace: { tau: '10 ms' } } as const;

/** One step of the state updater from v = 1, with the given tau (seconds). */
function step(kernel: CompiledKernel, tau: number): number {
  const v = new Float64Array([1]);
  kernel.run({ arrays: { v }, scalars: { N: 1, dt: 1e-4, t: 0, tau } });
  return v[0]!;
}

describe('planModel and instantiateModel', () => {
  it('give the kernels compileModel gives', () => {
    const plan = planModel(LIF, OPTIONS);
    const split = instantiateModel(plan, jsBackend);
    const whole = compileModel(LIF, OPTIONS);
    expect(split.method).toBe('exact');
    expect(split.stateUpdate.source).toBe(whole.stateUpdate.source);
    expect(split.threshold!.source).toBe(whole.threshold!.source);
    expect(split.reset!.source).toBe(whole.reset!.source);
    expect(split.constants).toEqual(whole.constants);
  });

  it('make new kernels from one plan on every instantiation: own call counts, same numbers', () => {
    const plan = planModel(LIF, OPTIONS);
    const a = instantiateModel(plan, jsBackend).stateUpdate;
    const b = instantiateModel(plan, jsBackend).stateUpdate;
    expect(a).not.toBe(b);
    expect(a.ir).toBe(b.ir);
    // Alternating calls with different tau: each kernel keeps its own derived propagator and counts.
    expect(step(a, 0.01)).toBe(Math.exp(-1e-4 / 0.01));
    expect(step(b, 0.02)).toBe(Math.exp(-1e-4 / 0.02));
    expect(step(a, 0.01)).toBe(Math.exp(-1e-4 / 0.01));
    expect(a.calls!.js + a.calls!.wasm).toBe(2);
    expect(b.calls!.js + b.calls!.wasm).toBe(1);
  });

  it('throws what compileModel throws, with the group name and a caret', () => {
    expect(() => planModel(LIF, { ...OPTIONS, name: 'G', namespace: { tau: '10 mV' } })).toThrow(/G, model[\s\S]*\^/);
  });
});
