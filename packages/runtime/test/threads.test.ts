/**
 * `new Network({ threads })`: large groups' state update and threshold shared between this thread
 * and worker threads (codegen's WasmTeam). A user must get exactly what one thread gives — the
 * same spikes in the same order, the same state bit for bit — and a clear error for a bad option.
 */
import { describe, expect, it } from 'vitest';
import { TeamError, WasmTeam } from '@neurite/codegen';
import { Network } from '../src/index.js';

/** N (default 5 001: odd, so the parts end off a multiple of eight) LIF neurons, each with its own drive. */
function lif(threads: number, model = 'dv/dt = (v0 - v)/tau : 1\nv0 : 1 (constant)', refractory?: string, N = 5001) {
  const net = new Network({ threads, seed: 3 });
  const method = model.includes('xi') ? 'euler' : 'exact';
  const G = net.neuronGroup(N, model, { threshold: 'v > 1', reset: 'v = 0', method, namespace: { tau: '10 ms' }, ...(refractory ? { refractory } : {}) });
  G.set('v0', '1.05 + 0.5*i/N');
  G.set('v', 'i*1.0/N');
  const M = net.spikeMonitor(G);
  return { net, G, M };
}

/** The process's 2-thread team, running, sharing every call it can (`policy`) unless told otherwise. */
async function runningTeam(policy: WasmTeam['policy'] = 'always'): Promise<WasmTeam> {
  const team = await WasmTeam.of(2);
  await team.whenRunning();
  team.policy = policy;
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

  it('shares refractory models too (each worker rebuilds the refractoriness bound helper)', async () => {
    const team = await runningTeam();
    const model = 'dv/dt = (v0 - v)/tau : 1 (unless refractory)\nv0 : 1 (constant)';
    const one = lif(1, model, '3 ms');
    const two = lif(2, model, '3 ms');
    await one.net.run('30 ms');
    const before = team.sharedCalls;
    await two.net.run('30 ms');
    expect(team.sharedCalls - before, 'calls shared with the worker').toBeGreaterThanOrEqual(300);
    // Refractoriness must act: a neuron at v0 = 1.5 spikes every ~11 ms without it, every ~14 ms with it.
    const free = lif(1);
    await free.net.run('30 ms');
    expect(one.M.numSpikes).toBeGreaterThan(1000);
    expect(one.M.numSpikes).toBeLessThan(0.9 * free.M.numSpikes);
    expect(two.M.i).toEqual(one.M.i);
    expect(two.M.t).toEqual(one.M.t);
    expect(two.G.get('v')).toEqual(one.G.get('v'));
  });

  it('measures whether sharing pays (the default) and gives the same results whichever it finds', async () => {
    const team = await runningTeam('measure');
    const known = team.verdicts.length;
    const one = lif(1);
    const two = lif(2);
    await one.net.run('50 ms');
    await two.net.run('50 ms');
    expect(two.M.i).toEqual(one.M.i);
    expect(two.M.t).toEqual(one.M.t);
    expect(two.G.get('v')).toEqual(one.G.get('v'));
    // 500 steps: past every kernel's trial (TRIAL_WARM + 2 × TRIAL_PAIRS × TRIAL_BLOCK = 192 calls).
    const called = team.verdicts.slice(known).filter((v) => v.calls > 0);
    expect(called.length).toBeGreaterThan(0);
    for (const v of called) expect(typeof v.shared, v.kernel).toBe('boolean');
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

  it('starts worker threads only once a kernel is long enough for sharing to pay', async () => {
    // A team of its own (3 threads), untouched by the tests above. Probing costs two clock reads
    // per call for each kernel's first calls; a kernel of 2 100 LIF neurons takes ~2 µs a call.
    const team = await WasmTeam.of(3);
    try {
      const run = async (threads: number, N: number) => {
        const { net, G, M } = lif(threads, undefined, undefined, N);
        await net.run('20 ms');
        return { i: Array.from(M.i), v: Array.from(G.get('v') as Float64Array) };
      };
      const small = await run(3, 2100);
      expect(team.started, 'workers started for a ~2 µs kernel').toBe(false);
      expect(small).toEqual(await run(1, 2100));
      // 200 000 neurons: ~100 µs a call on this machine, far above the ~15 µs at which sharing can pay.
      const large = await run(3, 200_000);
      expect(team.started, 'workers started for a long kernel').toBe(true);
      expect(large).toEqual(await run(1, 200_000));
    } finally {
      await team.close();
    }
  });

  it('refuses a number of threads that is not an integer from 1 to 64', async () => {
    for (const bad of [0, 1.5, 65, Number.NaN]) expect(() => new Network({ threads: bad })).toThrow(/threads must be an integer from 1 to 64/);
    await expect(WasmTeam.of(1)).rejects.toBeInstanceOf(TeamError);
  });
});
