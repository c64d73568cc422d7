/**
 * The generated step loop (src/step-loop.ts): schedule order, periods, the clock, stop(), and one
 * compiled loop shared by schedules of the same shape.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '@neurite/codegen';
import { stepLoop } from '../src/step-loop.js';
import type { Operation, StepContext } from '../src/sim-object.js';
import { Network } from '../src/index.js';

function recorder(name: string, period: number, log: string[], onRun?: () => void): Operation {
  return {
    name,
    when: 'groups',
    order: 0,
    period,
    run: (ctx) => {
      log.push(`${name}@${ctx.tick}:${ctx.t.toFixed(2)}`);
      onRun?.();
    },
  };
}

describe('stepLoop', () => {
  it('runs operations in order, each every `period` steps, and advances the clock after every step', () => {
    const log: string[] = [];
    const ops = [recorder('a', 1, log), recorder('b', 2, log), recorder('c', 1, log)];
    const ctx: StepContext = { t: 0, tick: 0, dt: 0.5, rng: new Random(1) };
    const clock = { ticks: 3 };
    const end = stepLoop(ops)(ops, ctx, clock, { stopRequested: false }, 3, 6);
    expect(end).toBe(6);
    expect(clock.ticks).toBe(6);
    expect(log).toEqual(['a@3:1.50', 'c@3:1.50', 'a@4:2.00', 'b@4:2.00', 'c@4:2.00', 'a@5:2.50', 'c@5:2.50']);
  });

  it('stops after the step in which a stop was requested', () => {
    const log: string[] = [];
    const control = { stopRequested: false };
    const ops = [recorder('a', 1, log, () => log.length === 3 && (control.stopRequested = true)), recorder('b', 1, log)];
    const clock = { ticks: 0 };
    const end = stepLoop(ops)(ops, { t: 0, tick: 0, dt: 1, rng: new Random(1) }, clock, control, 0, 100);
    expect(end).toBe(2);
    expect(clock.ticks).toBe(2);
    expect(log).toEqual(['a@0:0.00', 'b@0:0.00', 'a@1:1.00', 'b@1:1.00']);
  });

  it('compiles one loop per schedule shape and names', () => {
    const a = [recorder('x', 1, []), recorder('y', 3, [])];
    const b = [recorder('x', 1, []), recorder('y', 3, [])];
    expect(stepLoop(a)).toBe(stepLoop(b));
    expect(stepLoop([recorder('x', 1, []), recorder('y', 1, [])])).not.toBe(stepLoop(a));
  });

  it('gives a network run with stop() and progress reports the same steps as without', async () => {
    const run = async (report: boolean) => {
      const net = new Network({ dt: '0.1 ms' });
      const G = net.neuronGroup(2, 'dv/dt = (2 - v)/(10*ms) : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'exact' });
      const M = net.spikeMonitor(G);
      let seen = 0;
      net.networkOperation(() => {
        if (++seen === 3000) net.stop();
      });
      await net.run('1 s', report ? { report: () => undefined } : {});
      return { t: net.t, spikes: Array.from(M.t) };
    };
    const plain = await run(false);
    expect(plain.t).toBeCloseTo(0.3, 12); // stopped after step 3000
    expect(plain.spikes.length).toBeGreaterThan(0);
    expect(await run(true)).toEqual(plain);
  });
});
