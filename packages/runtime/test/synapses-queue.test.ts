import { describe, expect, it } from 'vitest';
import { SpikeQueue } from '../src/synapses/spike-queue.js';
import { delaySteps, delayToSteps } from '../src/synapses/pathway.js';

/** Delivers one step: the current list, then advance. */
function step(q: SpikeQueue): number[] {
  const out = [...q.current().subarray(0, q.currentCount())];
  q.advance();
  return out;
}

describe('SpikeQueue', () => {
  it('delivers each event delay steps later, delay 0 in the current step, in push order', () => {
    const q = new SpikeQueue();
    q.ensureDelay(3);
    q.push(0, 7);
    q.push(2, 1);
    q.pushRange(2, Int32Array.from([9, 4, 5, 6]), 1, 3);
    q.push(3, 8);
    expect(q.pending).toBe(5);
    expect([step(q), step(q), step(q), step(q), step(q)]).toEqual([[7], [], [1, 4, 5], [8], []]);
    expect(q.pending).toBe(0);
  });

  it('moves queued events to the new step counts when dt changes, as Brian, losing none', () => {
    const q = new SpikeQueue();
    q.ensureDelay(5);
    q.push(1, 10);
    q.push(2, 20);
    q.push(3, 30);
    q.push(5, 50);
    step(q); // distances now 0, 1, 2, 4
    // Finer dt (0.1 ms -> 0.05 ms): d -> (int)(2d + 0.5).
    q.rescale(1e-4, 5e-5);
    expect(Array.from({ length: 9 }, () => step(q))).toEqual([[10], [], [20], [], [30], [], [], [], [50]]);
    // Coarser dt (0.1 ms -> 0.2 ms): d -> (int)(d/2 + 0.5); distances 1 and 2 both land on 1.
    q.push(1, 1);
    q.push(2, 2);
    q.push(3, 3);
    q.rescale(1e-4, 2e-4);
    expect([step(q), step(q), step(q)]).toEqual([[], [1, 2], [3]]);
  });

  it('grows the ring without moving queued events, and lists beyond their first capacity', () => {
    const q = new SpikeQueue();
    q.ensureDelay(2);
    q.push(1, 1);
    step(q); // offset is now 1: growing must rotate
    q.push(1, 2);
    q.ensureDelay(5);
    for (let s = 0; s < 100; s++) q.push(5, s);
    expect(step(q)).toEqual([1]);
    expect(step(q)).toEqual([2]);
    step(q);
    step(q);
    step(q);
    expect(step(q)).toEqual([...Array(100).keys()]);
  });

  it('snapshots and restores the queued events by distance', () => {
    const q = new SpikeQueue();
    q.ensureDelay(4);
    step(q);
    q.push(1, 3);
    q.push(4, 4);
    const state = q.snapshot();
    expect(state.pending.map((a) => [...a])).toEqual([[], [3], [], [], [4]]);
    const r = new SpikeQueue();
    r.restore(structuredClone(state));
    expect([step(r), step(r), step(r), step(r), step(r)]).toEqual([[], [3], [], [], [4]]);
  });
});

describe('delays in steps', () => {
  it("round as Brian's queue does, (int)(delay/dt + 0.5), and report bad delays", () => {
    const dt = 1e-4;
    expect(delayToSteps(0, dt)).toBe(0);
    expect(delayToSteps(2e-3, dt)).toBe(20);
    expect(delayToSteps(0.26e-3, dt)).toBe(3);
    expect(delayToSteps(0.24e-3, dt)).toBe(2);
    expect(delaySteps([1e-3, 1e-3], dt, () => '')).toBe(10);
    expect([...(delaySteps([1e-3, 2e-3], dt, () => '') as Int32Array)]).toEqual([10, 20]);
    expect(() => delaySteps([1e-3, -1e-3], dt, (s) => `synapse ${s}`)).toThrow(/synapse 1 has the delay -0.001 s/);
    // Different delays that round to the same steps are one delay; an empty list is delay 0.
    expect(delaySteps([1e-3, 1.04e-3, 0.96e-3], dt, () => '')).toBe(10);
    expect(delaySteps([], dt, () => '')).toBe(0);
    // The same bad delay for every synapse is caught too (the fast path for equal delays).
    expect(() => delaySteps([NaN, NaN], dt, (s) => `synapse ${s}`)).toThrow(/synapse 0 has the delay NaN s/);
    expect(() => delaySteps([Infinity, Infinity], dt, (s) => `synapse ${s}`)).toThrow(/synapse 0 has the delay Infinity s/);
    expect(() => delaySteps([-1e-3, -1e-3], dt, (s) => `synapse ${s}`)).toThrow(/synapse 0 has the delay -0.001 s/);
    expect(() => delaySteps([1e-3, 1e-3, NaN], dt, (s) => `synapse ${s}`)).toThrow(/synapse 2 has the delay NaN s/);
  });
});
