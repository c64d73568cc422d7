/**
 * Brian2 reference: cuba-seeds.json — the CUBA benchmark (Brette et al. 2007, benchmark 2; the same
 * model as examples/cuba/main.ts and /work/shared/brian2/cuba.py): 4000 LIF neurons, 3200
 * excitatory (`ge += we`) and 800 inhibitory (`gi += wi`), connection probability 80/N, refractory
 * 5 ms, `exact`, 1 s. Random numbers differ between Neurite and Brian (and between Brian's own
 * targets), so this compares statistics: Neurite's mean rate for seed 1 must lie inside the spread
 * of Brian's 10 seeds (cython target, the fixture's primary one) — between their min and max,
 * widened by nothing.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '@neurite/runtime';
import { loadJson } from './fixture.js';

interface CubaSeeds {
  readonly N: number;
  readonly duration: { readonly si: number };
  readonly dt: { readonly si: number };
  readonly model: { readonly equations: string; readonly namespace: Readonly<Record<string, { readonly si: number; readonly str: string }>> };
  readonly per_seed: readonly { readonly seed: number; readonly mean_rate_hz: number; readonly n_synapses_exc: number; readonly n_synapses_inh: number; readonly silent_neurons: number }[];
  readonly summary: { readonly mean_rate_hz: number; readonly std_rate_hz: number; readonly min_rate_hz: number; readonly max_rate_hz: number };
}

const ref = loadJson<CubaSeeds>('cuba-seeds');

describe('Brian2 fixture cuba-seeds (CUBA, 4000 neurons, 1 s)', () => {
  it('gives a mean rate inside the spread of Brian’s 10 seeds (js backend, seed 1)', async () => {
    const N = ref.N;
    expect(N).toBe(4000);
    const ns = ref.model.namespace;
    const net = new Network({ dt: `${ref.dt.si} second`, seed: 1, backend: 'js' });
    // As examples/cuba/main.ts (and cuba.py): the same equations, threshold, reset, refractoriness.
    const P = net.neuronGroup(N, ref.model.equations, {
      threshold: 'v > Vt', reset: 'v = Vr', refractory: '5 ms', method: 'exact',
      namespace: { taum: '20 ms', taue: '5 ms', taui: '10 ms', Vt: '-50 mV', Vr: '-60 mV', El: '-49 mV' },
      name: 'P',
    });
    P.set('v', 'Vr + rand() * (Vt - Vr)');
    P.set('ge', '0 mV');
    P.set('gi', '0 mV');
    const Ne = Math.floor(N * 0.8);
    expect(Ne).toBe(ns['Ne']!.si);
    const Ce = net.synapses(P, P, { onPre: 'ge += we', namespace: { we: `${(60 * 0.27) / 10} mV` }, name: 'Ce' });
    const Ci = net.synapses(P, P, { onPre: 'gi += wi', namespace: { wi: `${(-20 * 4.5) / 10} mV` }, name: 'Ci' });
    Ce.connect({ condition: `i < ${Ne}`, p: 80 / N });
    Ci.connect({ condition: `i >= ${Ne}`, p: 80 / N });
    expect(80 / N).toBe(ns['p']!.si);

    // Initial values: uniform in [Vr, Vt), as Brian's.
    const v0 = P.get('v');
    expect(Math.min(...v0)).toBeGreaterThanOrEqual(ns['Vr']!.si);
    expect(Math.max(...v0)).toBeLessThan(ns['Vt']!.si);
    // Synapse counts: binomial(Ne*N, p) and binomial((N - Ne)*N, p); Brian's seeds are draws of the same.
    const nExc = Ce.N;
    const nInh = Ci.N;
    for (const [n, pairs] of [[nExc, Ne * N], [nInh, (N - Ne) * N]] as const) {
      const p = 80 / N;
      expect(Math.abs(n - pairs * p)).toBeLessThan(5 * Math.sqrt(pairs * p * (1 - p)));
    }
    expect(Ce.get('i').every((i) => i < Ne)).toBe(true);
    expect(Ci.get('i').every((i) => i >= Ne)).toBe(true);

    const spikes = net.spikeMonitor(P, { record: false, name: 'spikes_P' });
    await net.run(`${ref.duration.si} second`);
    const rate = spikes.numSpikes / N / ref.duration.si;
    const silent = spikes.count.filter((c) => c === 0).length;

    const rates = ref.per_seed.map((s) => s.mean_rate_hz);
    const lo = Math.min(...rates);
    const hi = Math.max(...rates);
    expect(lo).toBe(ref.summary.min_rate_hz);
    expect(hi).toBe(ref.summary.max_rate_hz);
    const excRange = [Math.min(...ref.per_seed.map((s) => s.n_synapses_exc)), Math.max(...ref.per_seed.map((s) => s.n_synapses_exc))];
    const inhRange = [Math.min(...ref.per_seed.map((s) => s.n_synapses_inh)), Math.max(...ref.per_seed.map((s) => s.n_synapses_inh))];
    const silentRange = [Math.min(...ref.per_seed.map((s) => s.silent_neurons)), Math.max(...ref.per_seed.map((s) => s.silent_neurons))];
    console.log(
      `[brian2] CUBA: Neurite mean rate ${rate.toFixed(4)} Hz (${spikes.numSpikes} spikes, ${silent} silent neurons); ` +
        `Brian 10 seeds ${ref.summary.mean_rate_hz.toFixed(4)} ± ${ref.summary.std_rate_hz.toFixed(4)} Hz, range [${lo}, ${hi}] ` +
        `(${((rate - ref.summary.mean_rate_hz) / ref.summary.std_rate_hz).toFixed(2)} sd from Brian's mean; silent ${silentRange.join('–')}); ` +
        `synapses exc ${nExc} (Brian ${excRange.join('–')}), inh ${nInh} (Brian ${inhRange.join('–')})`,
    );
    expect(rate).toBeGreaterThanOrEqual(lo);
    expect(rate).toBeLessThanOrEqual(hi);
  });
});
