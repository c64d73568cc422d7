/**
 * Brian2 reference: hh-timedarray.json — Tutorial 3's Hodgkin–Huxley neuron (`eqs_HH_2`, per-neuron
 * C), 3 neurons, `exponential_euler`, threshold and condition refractoriness `v > -40*mV`, no reset,
 * driven by `I = I_rec(t)` from a TimedArray. Pins: exponential Euler, condition refractoriness
 * (evaluated with the old v), TimedArray indexing (I jumps exactly at samples 100, 200, ...), and
 * values recorded at spike time.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '@neurite/runtime';
import { compareFinal, compareSpikes, compareTimes, compareTraces, loadFixture, namespaceOf, numbers, report, worse, type Deviation } from './fixture.js';

const f = loadFixture('hh-timedarray');

describe('Brian2 fixture hh-timedarray (Hodgkin–Huxley, exponential Euler, TimedArray)', () => {
  it('reproduces Brian’s v, m, n, h, I traces to 1e-9 and every spike exactly (js backend)', async () => {
    const dt = f.dt.si;
    const net = new Network({ dt: `${dt} second`, backend: 'js' });
    expect(net.dt).toBe(dt);
    const ta = f.timed_arrays!['I_rec']!;
    expect(ta.unit).toBe('amp');
    const I_rec = net.timedArray(ta.values, ta.dt.si, { unit: 'amp', name: 'I_rec' });

    const g = f.neuron_groups['hh']!;
    const refractory = g.refractory as { str: string; kind: string };
    expect(refractory.kind).toBe('condition');
    const hh = net.neuronGroup(g.N, g.model, { threshold: g.threshold!, refractory: refractory.str, method: g.method, name: 'hh' });
    expect(g.reset).toBeNull();
    for (const v of ['v', 'm', 'n', 'h', 'C']) hh.set(v, numbers(g.initial_state[v]!));

    const m = f.state_monitors['mon_hh']!;
    const mon = net.stateMonitor(hh, m.variables, { record: m.record, name: 'mon_hh' });
    const sp = net.spikeMonitor(hh, { variables: ['v'], name: 'spikes_hh' });

    await net.run(`${f.duration.si} second`, { namespace: { ...namespaceOf(f), I_rec } });

    const tWorst = compareTimes('mon_hh.t', mon.t, m.t);
    let dev: Deviation = { worst: 0, worstAbs: 0, where: '-' };
    for (const v of m.variables) dev = worse(dev, compareTraces('hh', v, mon.values(v), m.traces[v]!, m.record));
    // I jumps exactly at the TimedArray's boundaries (samples 100, 200, 300, 400).
    const I0 = mon.values('I')[0]!;
    for (const k of [100, 200, 300, 400]) expect(I0[k], `I at sample ${k}`).not.toBe(I0[k - 1]);
    dev = worse(dev, compareSpikes('hh spikes', sp, f.spike_monitors['hh']!, dt));
    const fin = f.final_state['hh']!;
    for (const v of ['v', 'm', 'n', 'h']) dev = worse(dev, compareFinal('hh', v, hh.get(v), fin[v]!));
    compareFinal('hh', 'lastspike', hh.get('lastspike'), fin['lastspike']!);
    expect([...hh.get('not_refractory')]).toEqual(numbers(fin['not_refractory']!));
    report('hh-timedarray', dev, `spikes ${sp.numSpikes}/${f.spike_monitors['hh']!.num_spikes} match exactly (v at spike included in the deviation); time grid worst ${tWorst} s`);
  });
});
