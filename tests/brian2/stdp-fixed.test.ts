/**
 * Brian2 reference: stdp-fixed.json — Brian's pair-based STDP (event-driven Apre/Apost, clip to
 * [0, wmax]) from a 4-source SpikeGeneratorGroup `pre` to 2 `post` neurons whose spikes are fixed by
 * their own generator `drive` (through `drive_syn`, v += 2). All-to-all, heterogeneous pre delays
 * `(1 + j)*ms`, post pathway without delay. Pins: event-driven updates (both traces advanced by
 * each pathway, stored values piecewise constant, `lastupdate`), statement order inside on_pre,
 * pathway order (all on_pre before all on_post in a step; drive_syn_pre before stdp_pre), per-synapse
 * delays, dropped deliveries after the end.
 *
 * The synaptic variables are recorded by a network
 * operation in slot `start`, order 0 — where and when a StateMonitor records.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '@neurite/runtime';
import { compareFinal, compareSpikes, compareTimes, compareTraces, loadFixture, namespaceOf, numbers, report, worse, type Deviation } from './fixture.js';

const f = loadFixture('stdp-fixed');

describe('Brian2 fixture stdp-fixed (event-driven STDP, heterogeneous delays, pathway order)', () => {
  it('reproduces Brian’s w, Apre, Apost, lastupdate and post v, ge to 1e-9 and every spike exactly (js backend)', async () => {
    const dt = f.dt.si;
    const net = new Network({ dt: `${dt} second`, backend: 'js' });
    expect(net.dt).toBe(dt);

    const pg = f.spike_generators!['pre']!;
    const pre = net.spikeGeneratorGroup(pg.N, pg.indices, pg.times, { name: 'pre' });
    const dg = f.spike_generators!['drive']!;
    const drive = net.spikeGeneratorGroup(dg.N, dg.indices, dg.times, { name: 'drive' });

    const g = f.neuron_groups['post']!;
    expect(g.refractory).toBeNull();
    const post = net.neuronGroup(g.N, g.model, { threshold: g.threshold!, reset: g.reset!, method: g.method, name: 'post' });
    for (const v of ['v', 'ge']) post.set(v, numbers(g.initial_state[v]!));

    const d = f.synapses['drive_syn']!;
    const driveSyn = net.synapses(drive, post, { model: d.model, onPre: d.on_pre!, name: 'drive_syn' });
    driveSyn.connect({ i: d.i, j: d.j });

    const s = f.synapses['stdp']!;
    const stdp = net.synapses(pre, post, { model: s.model, onPre: s.on_pre!, onPost: s.on_post!, name: 'stdp' });
    stdp.connect({ i: s.i, j: s.j });
    expect([...stdp.get('i')]).toEqual(s.i);
    expect([...stdp.get('j')]).toEqual(s.j);
    for (const v of ['w', 'Apre', 'Apost', 'lastupdate']) stdp.set(v, numbers(s.initial_state[v]!));
    // Brian: `stdp.delay = '(1 + j)*ms'` — the pre pathway only; set here as Brian's expression.
    stdp.set('delay', '(1 + j)*ms');
    const preDelay = s.pathways['pre']!.delay as { si: readonly number[] };
    const postDelay = s.pathways['post']!.delay as { si: readonly number[] };
    expect([...stdp.get('delay')]).toEqual(preDelay.si);
    expect(postDelay.si.every((x) => x === 0)).toBe(true);

    const ms = f.state_monitors['mon_stdp']!;
    const mp = f.state_monitors['mon_post']!;
    // A StateMonitor of the synapses: record in slot 'start', order 0, every step.
    const synT: number[] = [];
    const synRec = new Map(ms.variables.map((v) => [v, ms.record.map(() => [] as number[])]));
    net.networkOperation(
      (t) => {
        synT.push(t);
        for (const v of ms.variables) {
          const values = stdp.get(v);
          ms.record.forEach((k, r) => synRec.get(v)![r]!.push(values[k]!));
        }
      },
      { when: 'start', order: 0, name: 'mon_stdp' },
    );
    const monPost = net.stateMonitor(post, mp.variables, { record: mp.record, name: 'mon_post' });
    const spPre = net.spikeMonitor(pre, { name: 'spikes_pre' });
    const spDrive = net.spikeMonitor(drive, { name: 'spikes_drive' });
    const spPost = net.spikeMonitor(post, { name: 'spikes_post' });

    await net.run(`${f.duration.si} second`, { namespace: namespaceOf(f) });

    let tWorst = compareTimes('mon_stdp.t', synT, ms.t);
    tWorst = Math.max(tWorst, compareTimes('mon_post.t', monPost.t, mp.t));
    let dev: Deviation = { worst: 0, worstAbs: 0, where: '-' };
    for (const v of ms.variables) dev = worse(dev, compareTraces('stdp', v, synRec.get(v)!, ms.traces[v]!, ms.record));
    for (const v of mp.variables) dev = worse(dev, compareTraces('post', v, monPost.values(v), mp.traces[v]!, mp.record));
    compareSpikes('pre spikes', spPre, f.spike_monitors['pre']!, dt);
    compareSpikes('drive spikes', spDrive, f.spike_monitors['drive']!, dt);
    compareSpikes('post spikes', spPost, f.spike_monitors['post']!, dt);
    const finS = f.final_state['stdp']!;
    for (const v of ['w', 'Apre', 'Apost', 'lastupdate']) dev = worse(dev, compareFinal('stdp', v, stdp.get(v), finS[v]!));
    const finP = f.final_state['post']!;
    for (const v of ['v', 'ge']) dev = worse(dev, compareFinal('post', v, post.get(v), finP[v]!));
    // w reaches both clip bounds.
    const w = synRec.get('w')!.flat();
    expect(Math.min(...w)).toBe(0);
    expect(Math.max(...w)).toBe(f.namespace['wmax']!.si);
    report(
      'stdp-fixed',
      dev,
      `spikes pre ${spPre.numSpikes}/${f.spike_monitors['pre']!.num_spikes}, drive ${spDrive.numSpikes}/${f.spike_monitors['drive']!.num_spikes}, post ${spPost.numSpikes}/${f.spike_monitors['post']!.num_spikes} match exactly; time grid worst ${tWorst} s`,
    );
  });
});
