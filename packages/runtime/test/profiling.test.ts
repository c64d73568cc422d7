/**
 * `run(duration, { profile: true })` times every scheduled operation (Brian's `profile=True`) and
 * `profilingSummary()` lists them by time, as Brian's `profiling_summary`.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '../src/index.js';

function network(): { net: Network; v: () => Float64Array } {
  const net = new Network({ dt: '0.1 ms', seed: 3 });
  const G = net.neuronGroup(50, 'dv/dt = (1.2 - v)/(10*ms) : 1', { threshold: 'v > 1', reset: 'v = 0' });
  G.set('v', 'rand()');
  const S = net.synapses(G, G, { model: 'w : 1', onPre: 'v_post += 0.01' });
  S.connect({ p: 0.1 });
  net.spikeMonitor(G);
  return { net, v: () => G.get('v') as Float64Array };
}

describe('profiling', () => {
  it('times each operation of the profiled runs, with one call per step', async () => {
    const { net } = network();
    await net.run('5 ms', { profile: true });
    await net.run('5 ms', { profile: true });
    const entries = net.profile.entries();
    const names = entries.map((e) => e.name).sort();
    expect(names).toEqual(['neurongroup_resetter', 'neurongroup_stateupdater', 'neurongroup_thresholder', 'spikemonitor', 'synapses_pre']);
    for (const e of entries) {
      expect(e.calls).toBe(100);
      expect(e.seconds).toBeGreaterThan(0);
    }
    for (let k = 1; k < entries.length; k++) expect(entries[k]!.seconds).toBeLessThanOrEqual(entries[k - 1]!.seconds);
    const summary = net.profilingSummary(2).split('\n');
    expect(summary).toHaveLength(3);
    expect(summary[1]).toContain(entries[0]!.name);
  });

  it('gives the same results as an unprofiled run, and records nothing without the option', async () => {
    const a = network();
    const b = network();
    await a.net.run('20 ms', { profile: true });
    await b.net.run('20 ms');
    expect(a.net.profile.entries().length).toBeGreaterThan(0);
    expect(b.net.profile.entries()).toEqual([]);
    expect(b.net.profilingSummary()).toMatch(/no profiled run yet/);
    expect(Array.from(a.v())).toEqual(Array.from(b.v()));
  });
});
