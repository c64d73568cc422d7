/**
 * Brian2 reference: synapses-features.json (scripts/brian2/synapses-features.py) — a 4-source
 * SpikeGeneratorGroup drives 6 neurons through `S`, whose connectivity is a generator
 * (`'k for k in range(i-1, i+3) if k >= 0 and k < N_post'`, n = 2: multisynapses numbered by the
 * multisynaptic index `syn_n`), with two named pre pathways: `fast` (homogeneous 1 ms delay) and
 * `slow` (per-synapse delays `(2 + j + 0.5*syn_n)*ms`, code using `syn_n`). `S2` connects the
 * neurons in a chain (`j = 'i + 1 if i < N_pre - 1'`) with a post pathway of heterogeneous delays
 * `(1 + 0.5*i)*ms`. Pins: generator connectivity and synapse order, multisynaptic numbering,
 * named-pathway order and delays, post-pathway delays, StateMonitor on Synapses.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '@neurite/runtime';
import { compareSpikes, compareTimes, compareTraces, loadJson, report, worse, type Deviation, type FixtureSpikeMonitor } from './fixture.js';

interface SynapsesFeaturesFixture {
  readonly dt: number;
  readonly duration: number;
  readonly inp: { readonly indices: readonly number[]; readonly times: readonly number[] };
  readonly G: { readonly model: string; readonly threshold: string; readonly reset: string; readonly method: string };
  readonly S: {
    readonly model: string;
    readonly on_pre: Readonly<Record<string, string>>;
    readonly connect: string;
    readonly n: number;
    readonly w: string;
    readonly slow_delay: string;
    readonly i: readonly number[];
    readonly j: readonly number[];
    readonly syn_n: readonly number[];
    readonly w_values: readonly number[];
    readonly fast_delay: readonly number[];
    readonly slow_delay_values: readonly number[];
  };
  readonly S2: {
    readonly model: string;
    readonly on_pre: string;
    readonly on_post: string;
    readonly connect: string;
    readonly post_delay: string;
    readonly i: readonly number[];
    readonly j: readonly number[];
    readonly post_delay_values: readonly number[];
  };
  readonly mon_G: { readonly t: readonly number[] } & Readonly<Record<'v' | 'ge' | 'gs', Readonly<Record<string, readonly number[]>>>>;
  readonly mon_S2: { readonly t: readonly number[]; readonly c: Readonly<Record<string, readonly number[]>> };
  readonly spikes_G: FixtureSpikeMonitor;
}

const f = loadJson<SynapsesFeaturesFixture>('synapses-features');

const close = (a: ArrayLike<number>, b: readonly number[]) => {
  expect(a.length).toBe(b.length);
  for (let k = 0; k < b.length; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThanOrEqual(1e-15);
};

describe('Brian2 fixture synapses-features (generator syntax, multisynapses, named pathways, post delays)', () => {
  it('reproduces Brian’s connectivity, delays, traces to 1e-9 and every spike exactly', async () => {
    const net = new Network({ dt: `${f.dt} second`, backend: 'js' });
    const inp = net.spikeGeneratorGroup(4, f.inp.indices, f.inp.times, { name: 'inp' });
    const G = net.neuronGroup(6, f.G.model, { threshold: f.G.threshold, reset: f.G.reset, method: f.G.method, name: 'G' });
    const S = net.synapses(inp, G, { model: f.S.model, onPre: f.S.on_pre, delay: { fast: '1 ms' }, multisynapticIndex: 'syn_n', name: 'S' });
    S.connect({ j: f.S.connect, n: f.S.n });
    expect([...S.get('i')]).toEqual(f.S.i);
    expect([...S.get('j')]).toEqual(f.S.j);
    expect([...S.get('syn_n')]).toEqual(f.S.syn_n);
    S.set('w', f.S.w);
    close(S.get('w'), f.S.w_values);
    S.set('slow.delay', f.S.slow_delay);
    close(S.get('slow.delay'), f.S.slow_delay_values);
    expect(new Set(S.get('fast.delay'))).toEqual(new Set(f.S.fast_delay));

    const S2 = net.synapses(G, G, { model: f.S2.model, onPre: f.S2.on_pre, onPost: f.S2.on_post, name: 'S2' });
    S2.connect({ j: f.S2.connect });
    expect([...S2.get('i')]).toEqual(f.S2.i);
    expect([...S2.get('j')]).toEqual(f.S2.j);
    S2.set('post.delay', f.S2.post_delay);
    close(S2.get('post.delay'), f.S2.post_delay_values);

    const monG = net.stateMonitor(G, ['v', 'ge', 'gs'], { record: true, name: 'mon_G' });
    const monS2 = net.stateMonitor(S2, 'c', { record: true, name: 'mon_S2' });
    const spikes = net.spikeMonitor(G, { name: 'spikes_G' });
    await net.run(`${f.duration} second`);

    compareTimes('mon_G.t', monG.t, f.mon_G.t);
    compareTimes('mon_S2.t', monS2.t, f.mon_S2.t);
    let dev: Deviation = { worst: 0, worstAbs: 0, where: '-' };
    for (const v of ['v', 'ge', 'gs'] as const) dev = worse(dev, compareTraces('G', v, monG.values(v), f.mon_G[v], [0, 1, 2, 3, 4, 5]));
    dev = worse(dev, compareTraces('S2', 'c', monS2.values('c'), f.mon_S2.c, [0, 1, 2, 3, 4]));
    dev = worse(dev, compareSpikes('spikes_G', spikes, f.spikes_G, f.dt));
    report('synapses-features', dev, `${spikes.numSpikes} spikes`);
  });
});
