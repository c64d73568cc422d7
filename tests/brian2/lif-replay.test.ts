/**
 * Brian2 reference: lif-replay.json — 6 LIF neurons (`exact`, `(unless refractory)`, 2 ms
 * refractoriness) driven by a 5-source SpikeGeneratorGroup through an all-to-all `S` (no delay,
 * per-synapse w) and a one-to-one `S_delayed` (homogeneous 2 ms delay). Pins: spike-time → step
 * rule, zero-delay delivery after the threshold, delay rounding, dropped writes while refractory,
 * monitor timing.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '@neurite/runtime';
import { compareFinal, compareSpikes, compareTimes, compareTraces, loadFixture, namespaceOf, numbers, report, worse, type Deviation } from './fixture.js';

const f = loadFixture('lif-replay');

describe('Brian2 fixture lif-replay (LIF, SpikeGeneratorGroup, delays, refractoriness)', () => {
  it('reproduces Brian’s v and not_refractory traces to 1e-9 and every spike exactly (js backend)', async () => {
    const dt = f.dt.si;
    const net = new Network({ dt: `${dt} second`, backend: 'js' });
    expect(net.dt).toBe(dt);
    const g = f.neuron_groups['G']!;
    const refractory = g.refractory as { si: number };
    const G = net.neuronGroup(g.N, g.model, { threshold: g.threshold!, reset: g.reset!, refractory: refractory.si, method: g.method, name: 'G' });
    G.set('v', numbers(g.initial_state['v']!));

    const gen = f.spike_generators!['inp']!;
    const inp = net.spikeGeneratorGroup(gen.N, gen.indices, gen.times, { name: 'inp' });

    const s = f.synapses['S']!;
    expect(s.pathways['pre']!.delay.kind).toBe('per-synapse');
    const S = net.synapses(inp, G, { model: s.model, onPre: s.on_pre!, name: 'S' });
    S.connect({ i: s.i, j: s.j });
    S.set('w', numbers(s.initial_state['w']!));
    S.set('delay', (s.pathways['pre']!.delay as { si: readonly number[] }).si);

    const sd = f.synapses['S_delayed']!;
    const homogeneous = sd.pathways['pre']!.delay;
    expect(homogeneous.kind).toBe('homogeneous');
    const SD = net.synapses(inp, G, { model: sd.model, onPre: sd.on_pre!, delay: (homogeneous as { si: number }).si, name: 'S_delayed' });
    SD.connect({ i: sd.i, j: sd.j });
    SD.set('w', numbers(sd.initial_state['w']!));

    expect([...S.get('i')]).toEqual(s.i);
    expect([...S.get('j')]).toEqual(s.j);
    expect([...SD.get('i')]).toEqual(sd.i);
    expect([...SD.get('j')]).toEqual(sd.j);

    const m = f.state_monitors['mon_G']!;
    const mon = net.stateMonitor(G, m.variables, { record: m.record, name: 'mon_G' });
    const spG = net.spikeMonitor(G, { name: 'spikes_G' });
    const spInp = net.spikeMonitor(inp, { name: 'spikes_inp' });

    await net.run(`${f.duration.si} second`, { namespace: namespaceOf(f) });
    expect(net.t).toBeCloseTo(f.duration.si, 12);

    // The 99.9 ms input spike's 2 ms-delayed copy is due after the end: never delivered (the traces
    // and final state show it), still waiting in S_delayed's queue, as in Brian.
    expect(SD.queuedEvents).toBe(1);
    expect(S.queuedEvents).toBe(0);

    const tWorst = compareTimes('mon_G.t', mon.t, m.t);
    let dev: Deviation = { worst: 0, worstAbs: 0, where: '-' };
    for (const v of m.variables) dev = worse(dev, compareTraces('G', v, mon.values(v), m.traces[v]!, m.record));
    dev = worse(dev, compareSpikes('G spikes', spG, f.spike_monitors['G']!, dt));
    compareSpikes('inp spikes', spInp, f.spike_monitors['inp']!, dt);
    const fin = f.final_state['G']!;
    dev = worse(dev, compareFinal('G', 'v', G.get('v'), fin['v']!));
    compareFinal('G', 'lastspike', G.get('lastspike'), fin['lastspike']!);
    expect([...G.get('not_refractory')]).toEqual(numbers(fin['not_refractory']!));
    report('lif-replay', dev, `G spikes ${spG.numSpikes}/${f.spike_monitors['G']!.num_spikes} and inp spikes ${spInp.numSpikes}/${f.spike_monitors['inp']!.num_spikes} match exactly; time grid worst ${tWorst} s`);
  });
});
