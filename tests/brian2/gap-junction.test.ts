/**
 * Brian2 reference: gap-junction.json — Brian's gap-junction example (examples/synapses/
 * gapjunctions.py) with a per-neuron constant drive `v0`, 10 neurons, all-to-all (including i = j)
 * `Igap_post = w*(v_pre - v_post) : 1 (summed)`, `exact`. Pins: the summed-variable updater runs in
 * `groups` just before the target's state updater (Igap of step k comes from v at the start of step
 * k and is held through the step; sample 0 shows the initial 0), threshold and reset.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '@neurite/runtime';
import { compareFinal, compareSpikes, compareTimes, compareTraces, loadFixture, namespaceOf, numbers, report, worse, type Deviation } from './fixture.js';

const f = loadFixture('gap-junction');

describe('Brian2 fixture gap-junction (summed variable, exact integration)', () => {
  it('reproduces Brian’s v and Igap traces to 1e-9 and every spike exactly (js backend)', async () => {
    const dt = f.dt.si;
    const net = new Network({ dt: `${dt} second`, backend: 'js' });
    expect(net.dt).toBe(dt);

    const g = f.neuron_groups['neurons']!;
    expect(g.refractory).toBeNull();
    const neurons = net.neuronGroup(g.N, g.model, { threshold: g.threshold!, reset: g.reset!, method: g.method, name: 'neurons' });
    for (const v of ['v', 'v0', 'Igap']) neurons.set(v, numbers(g.initial_state[v]!));

    const s = f.synapses['gap']!;
    const gap = net.synapses(neurons, neurons, { model: s.model, name: 'gap' });
    gap.connect({ i: s.i, j: s.j });
    expect([...gap.get('i')]).toEqual(s.i);
    expect([...gap.get('j')]).toEqual(s.j);
    gap.set('w', numbers(s.initial_state['w']!));

    const m = f.state_monitors['mon_neurons']!;
    const mon = net.stateMonitor(neurons, m.variables, { record: m.record, name: 'mon_neurons' });
    const sp = net.spikeMonitor(neurons, { name: 'spikes_neurons' });

    await net.run(`${f.duration.si} second`, { namespace: namespaceOf(f) });

    const tWorst = compareTimes('mon_neurons.t', mon.t, m.t);
    let dev: Deviation = { worst: 0, worstAbs: 0, where: '-' };
    for (const v of m.variables) dev = worse(dev, compareTraces('neurons', v, mon.values(v), m.traces[v]!, m.record));
    compareSpikes('neurons spikes', sp, f.spike_monitors['neurons']!, dt);
    const fin = f.final_state['neurons']!;
    for (const v of ['v', 'Igap']) dev = worse(dev, compareFinal('neurons', v, neurons.get(v), fin[v]!));
    report('gap-junction', dev, `spikes ${sp.numSpikes}/${f.spike_monitors['neurons']!.num_spikes} match exactly (counts ${[...sp.count].join(' ')}); time grid worst ${tWorst} s`);
  });
});
