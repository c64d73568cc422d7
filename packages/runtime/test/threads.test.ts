/**
 * `new Network({ threads })`: large groups' state update and threshold shared between this thread
 * and worker threads (codegen's WasmTeam). A user must get exactly what one thread gives — the
 * same spikes in the same order, the same state bit for bit — and a clear error for a bad option.
 */
import { describe, expect, it } from 'vitest';
import { TeamError, WasmTeam } from '@neurite/codegen';
import { Network } from '../src/index.js';

/** 5 001 LIF neurons (odd, so the parts end off a multiple of eight), each with its own drive. */
function lif(threads: number, model = 'dv/dt = (v0 - v)/tau : 1\nv0 : 1 (constant)') {
  const net = new Network({ threads, seed: 3 });
  const G = net.neuronGroup(5001, model, { threshold: 'v > 1', reset: 'v = 0', method: model.includes('xi') ? 'euler' : 'exact', namespace: { tau: '10 ms' } });
  G.set('v0', '1.05 + 0.5*i/N');
  G.set('v', 'i*1.0/N');
  const M = net.spikeMonitor(G);
  return { net, G, M };
}

async function runningTeam(): Promise<WasmTeam> {
  const team = await WasmTeam.of(2);
  await team.whenRunning();
  return team;
}

describe('Network threads', () => {
  it('gives the spikes (same order) and state of one thread, with calls shared between two', async () => {
    const team = await runningTeam();
    const one = lif(1);
    await one.net.run('50 ms');
    const two = lif(2);
    const before = team.sharedCalls;
    await two.net.run('50 ms');
    expect(team.sharedCalls - before, 'calls shared with the worker').toBeGreaterThanOrEqual(500);
    expect(one.M.numSpikes).toBeGreaterThan(1000);
    expect(two.M.i).toEqual(one.M.i);
    expect(two.M.t).toEqual(one.M.t);
    expect(two.G.get('v')).toEqual(one.G.get('v'));
    // store/restore on the shared arrays: the second run repeats the first exactly.
    two.net.store();
    const v = Float64Array.from(two.G.array('v'));
    await two.net.run('10 ms');
    two.net.restore();
    expect(Float64Array.from(two.G.array('v'))).toEqual(v);
  });

  it('keeps kernels that draw random numbers on one thread, with the same draws', async () => {
    await runningTeam();
    const model = 'dv/dt = (v0 - v)/tau + 0.1*xi/sqrt(tau) : 1\nv0 : 1 (constant)';
    const one = lif(1, model);
    const two = lif(2, model);
    await one.net.run('20 ms');
    await two.net.run('20 ms');
    expect(one.M.numSpikes).toBeGreaterThan(100);
    expect(two.M.i).toEqual(one.M.i);
    expect(two.G.get('v')).toEqual(one.G.get('v'));
  });

  it('refuses a number of threads that is not an integer from 1 to 64', async () => {
    for (const bad of [0, 1.5, 65, Number.NaN]) expect(() => new Network({ threads: bad })).toThrow(/threads must be an integer from 1 to 64/);
    await expect(WasmTeam.of(1)).rejects.toBeInstanceOf(TeamError);
  });
});
