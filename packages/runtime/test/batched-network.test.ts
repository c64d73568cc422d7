/**
 * net.batched(): a batch built once that runs again. Every run must start from the state the
 * batch was made in and give, copy by copy, exactly what restore() + run() with that run's values
 * (and seeds) gives; later changes to the network must not reach it; a result replaced by a later
 * run must refuse to be read; and bad values must fail before anything changes.
 */
import { describe, expect, it } from 'vitest';
import { Network, ValueError } from '../src/index.js';

const ms = 1e-3;

/** Inputs through delayed synapses into neurons with a per-copy tau; spikes in flight at 5 ms. */
async function delayed() {
  const net = new Network();
  const times = Array.from({ length: 60 }, (_, k) => (k * 0.7 + 0.3) * ms);
  const input = net.spikeGeneratorGroup(3, times.map((_, k) => k % 3), times);
  const G = net.neuronGroup(2, 'dv/dt = -v/tau : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'exact' });
  const S = net.synapses(input, G, { model: 'w : 1', onPre: 'v += w', delay: '2 ms' });
  S.connect();
  S.set('w', 0.3);
  const M = net.spikeMonitor(G);
  await net.run('5 ms', { namespace: { tau: '10 ms' } });
  expect(S.queuedEvents).toBeGreaterThan(0);
  net.store('warm');
  return { net, G, S, M };
}

/**
 * Copy by copy, what `restore('warm')`, w and `run` with tau give: the spike times the run adds
 * (the monitor keeps what it had at 5 ms; a copy's monitor starts empty) and the final v.
 */
async function sequential(net: Network, G: ReturnType<Network['neuronGroup']>, S: ReturnType<Network['synapses']>, M: ReturnType<Network['spikeMonitor']>, taus: readonly string[], weights: readonly number[]) {
  const out: { t: Float64Array; v: Float64Array }[] = [];
  for (let c = 0; c < taus.length; c++) {
    net.restore('warm');
    const had = M.numSpikes;
    S.set('w', weights[c]!);
    await net.run('30 ms', { namespace: { tau: taus[c]! } });
    out.push({ t: M.t.slice(had), v: G.get('v') });
  }
  return out;
}

describe('net.batched: a batch that runs again', () => {
  it('starts every run from the state it was made in: the same values give the same results, new values those of sequential runs', async () => {
    const { net, G, S, M } = await delayed();
    const taus = ['4 ms', '8 ms', '16 ms'];
    const weights = [0.3, 0.5, 0.7];
    const batch = net.batched({ params: { tau: taus, 'synapses.w': weights } });
    expect(batch.copies).toBe(3);
    const first = await batch.run('30 ms');
    const firstCopies = first.monitors(M).map((m, c) => ({ t: m.t, v: first.get(G, 'v', c) }));
    const again = await batch.run('30 ms');
    expect(again.monitors(M).map((m, c) => ({ t: m.t, v: again.get(G, 'v', c) }))).toEqual(firstCopies);
    expect(firstCopies).toEqual(await sequential(net, G, S, M, taus, weights));
    // The copies differ, so the values reach them.
    expect(new Set(firstCopies.map((c) => c.t.length)).size).toBe(3);

    // New values of both parameters (a declared constant and a synapse variable); then of one
    // only, the other taking the values the batch was made with (each run starts from that state).
    const taus2 = ['6 ms', '12 ms', '3 ms'];
    const weights2 = [0.9, 0.2, 0.6];
    const next = await batch.run('30 ms', { params: { tau: taus2, 'synapses.w': weights2 } });
    expect(next.monitors(M).map((m, c) => ({ t: m.t, v: next.get(G, 'v', c) }))).toEqual(await sequential(net, G, S, M, taus2, weights2));
    const partial = await batch.run('30 ms', { params: { tau: taus2 } });
    expect(partial.monitors(M).map((m, c) => ({ t: m.t, v: partial.get(G, 'v', c) }))).toEqual(await sequential(net, G, S, M, taus2, weights));
  });

  it('is a copy of the network as it was: later changes to the network do not reach it', async () => {
    const { net, G, S, M } = await delayed();
    const batch = net.batched({ params: { tau: ['5 ms', '9 ms'] } });
    const before = (await batch.run('30 ms')).monitors(M).map((m) => m.t);
    G.set('v', 0.9);
    S.set('w', 1.5);
    await net.run('10 ms', { namespace: { tau: '10 ms' } });
    const after = (await batch.run('30 ms')).monitors(M).map((m) => m.t);
    expect(after).toEqual(before);
  });

  it("keeps its starting state to itself: the batched network's store() and restore() names are the user's", async () => {
    const { net, M } = await delayed();
    const batch = net.batched({ params: { tau: ['5 ms', '9 ms'] } });
    const first = (await batch.run('30 ms')).monitors(M).map((m) => m.t);
    // Whatever names a user stores the batched network's state under (here: after the run, so
    // at 35 ms), the next run starts where the batch was made, at 5 ms.
    for (const name of ['default', 'batch-start', 'start']) batch.network.store(name);
    const again = await batch.run('30 ms');
    expect(again.monitors(M).map((m) => m.t)).toEqual(first);
    expect(batch.network.t).toBeCloseTo(35 * ms, 12);
    // And the user's names hold what the user stored.
    batch.network.restore('batch-start');
    expect(batch.network.t).toBeCloseTo(35 * ms, 12);
  });

  it('draws with the batch seeds on every run, and with a run seeds as sequential runs with them do', async () => {
    const net = new Network({ seed: 9 });
    const G = net.neuronGroup(4, 'dv/dt = (1.1 - v)/(10*ms) + 0.5*xi/sqrt(10*ms) : 1', { threshold: 'v > 1', reset: 'v = 0', method: 'euler' });
    const M = net.spikeMonitor(G);
    net.store();
    const batch = net.batched({ seeds: [3, 4] });
    const first = (await batch.run('40 ms')).monitors(M).map((m) => m.t);
    expect((await batch.run('40 ms')).monitors(M).map((m) => m.t)).toEqual(first);
    const other = await batch.run('40 ms', { seeds: [5, 6] });
    for (const [c, seed] of [5, 6].entries()) {
      net.restore();
      net.rng.seed(seed);
      await net.run('40 ms');
      expect(M.numSpikes).toBeGreaterThan(0);
      expect(other.monitor(M, c).t).toEqual(M.t);
    }
    expect(other.monitor(M, 0).t).not.toEqual(first[0]);
  });

  it('refuses a result replaced by a later run, and bad values before anything changes', async () => {
    const { net, G, M } = await delayed();
    const batch = net.batched({ params: { tau: ['5 ms', '9 ms'] } });
    const result = await batch.run('10 ms');
    const counts = result.monitors(M).map((m) => m.numSpikes);
    const bad: [Record<string, unknown>, string][] = [
      [{ params: { taum: ['1 ms', '2 ms'] } }, "BatchedNetwork: params['taum'] was not a parameter when the batch was made (its parameters: 'tau')"],
      [{ params: { tau: ['1 ms'] } }, "BatchedNetwork: params['tau']: expected one value per copy (2), got 1"],
      [{ params: { tau: ['1 mV', '2 ms'] } }, "BatchedNetwork: params['tau'][0]"],
      [{ seeds: [1, 2] }, 'BatchedNetwork: seeds: this batch was made without seeds'],
    ];
    for (const [options, message] of bad) {
      await expect(batch.run('10 ms', options)).rejects.toThrow(ValueError);
      await expect(batch.run('10 ms', options)).rejects.toThrow(message);
      // Nothing changed: the last result is still current and reads the same.
      expect(result.monitors(M).map((m) => m.numSpikes)).toEqual(counts);
    }
    await batch.run('10 ms');
    expect(() => result.monitors(M)).toThrow('BatchResult: a later run of the same BatchedNetwork has replaced these results');
    // What cannot be batched is refused by net.batched as by runBatch, named by the call made.
    expect(() => net.batched({ params: { taum: ['1 ms', '2 ms'] } })).toThrow("net.batched: params['taum'] is not used");
    net.networkOperation(() => {});
    expect(() => net.batched({ batch: 2 })).toThrow(/^net\.batched cannot copy 'networkoperation'/);
    expect(() => result.get(G, 'v', 0)).toThrow('a later run');
  });
});
