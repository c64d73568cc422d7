/**
 * Brian2 reference: events-linked.json (scripts/brian2/events-linked.py) — a custom event `up`
 * (`v > 0.7`, checked in after_thresholds, refractoriness ignored) with run_on_event code (slot
 * after_resets), an EventMonitor with variables, a Synapses pathway triggered by `up` with a 1 ms
 * delay, and `I_in : 1 (linked)` reading `drive.I` through the index [0, 0, 1, 2, 2]. Traces to
 * 1e-9, events and spikes exactly (js backend).
 */
import { describe, expect, it } from 'vitest';
import { Network } from '@neurite/runtime';
import { compareFinal, compareSpikes, compareTimes, compareTraces, loadFixture, namespaceOf, numbers, report, worse, type Deviation, type FixtureSpikeMonitor } from './fixture.js';

const f = loadFixture('events-linked');

interface EventsGroup {
  readonly N: number;
  readonly model: string;
  readonly threshold: string;
  readonly reset: string;
  readonly refractory: { readonly si: number };
  readonly events: Record<string, string>;
  readonly run_on_event: Record<string, string>;
  readonly method: string;
  readonly link: { readonly variable: string; readonly source_variable: string; readonly index: number[] };
}

describe('Brian2 fixture events-linked (custom event, EventMonitor, on_event, linked variable)', () => {
  it('reproduces Brian’s traces to 1e-9 and every event and spike exactly (js backend)', async () => {
    const dt = f.dt.si;
    const net = new Network({ dt: `${dt} second`, backend: 'js' });
    const d = f.neuron_groups['drive']! as unknown as { N: number; model: string; method: string; initial_state: Record<string, { unit: string; values: number[] }> };
    const drive = net.neuronGroup(d.N, d.model, { method: d.method, name: 'drive' });
    drive.set('I0', numbers(d.initial_state['I0']!));
    const g = f.neuron_groups['neurons']! as unknown as EventsGroup;
    const neurons = net.neuronGroup(g.N, g.model, { threshold: g.threshold, reset: g.reset, refractory: g.refractory.si, events: g.events, method: g.method, name: 'neurons' });
    neurons.link(g.link.variable, drive, g.link.source_variable, { index: g.link.index });
    for (const [event, code] of Object.entries(g.run_on_event)) neurons.runOnEvent(event, code);
    const counter = net.neuronGroup(1, 'c : 1', { name: 'counter' });
    const syn = f.synapses['up_syn']! as unknown as { on_pre: string; on_event: string; delay: { si: number }; i: number[]; j: number[] };
    const S = net.synapses(neurons, counter, { onPre: syn.on_pre, onEvent: syn.on_event, delay: syn.delay.si, name: 'up_syn' });
    S.connect({ i: syn.i, j: syn.j });

    const mn = f.state_monitors['mon_neurons']!;
    const md = f.state_monitors['mon_drive']!;
    const monN = net.stateMonitor(neurons, mn.variables, { record: mn.record, name: 'mon_neurons' });
    const monD = net.stateMonitor(drive, md.variables, { record: md.record, name: 'mon_drive' });
    const fe = (f as unknown as { event_monitors: Record<string, FixtureSpikeMonitor & { num_events: number; variables: Record<string, unknown> }> }).event_monitors['up']!;
    const up = net.eventMonitor(neurons, 'up', { variables: Object.keys(fe.variables), name: 'up_events' });
    const sp = net.spikeMonitor(neurons, { name: 'spikes_neurons' });

    await net.run(`${f.duration.si} second`, { namespace: namespaceOf(f) });

    compareTimes('mon_neurons.t', monN.t, mn.t);
    let dev: Deviation = { worst: 0, worstAbs: 0, where: '-' };
    for (const v of mn.variables) dev = worse(dev, compareTraces('neurons', v, monN.values(v), mn.traces[v]!, mn.record));
    for (const v of md.variables) dev = worse(dev, compareTraces('drive', v, monD.values(v), md.traces[v]!, md.record));
    compareSpikes('neurons spikes', sp, f.spike_monitors['neurons']!, dt);
    // The EventMonitor compares like a SpikeMonitor: (step, i) list, exact times, counts, values.
    dev = worse(dev, compareSpikes('up events', { i: up.i, t: up.t, count: up.count, numSpikes: up.numEvents, values: (v) => up.values(v) }, { ...fe, num_spikes: fe.num_events }, dt));
    const fin = f.final_state;
    for (const v of ['v', 'n_up', 'v_up', 'I_in']) dev = worse(dev, compareFinal('neurons', v, neurons.get(v), fin['neurons']![v]!));
    dev = worse(dev, compareFinal('drive', 'I', drive.get('I'), fin['drive']!['I']!));
    // Every event reached the counter except those of the last 1 ms (still in the delay queue).
    expect(counter.get('c')[0]).toBe(numbers(fin['counter']!['c']!)[0]);
    expect(S.queuedEvents).toBe(fe.num_events - counter.get('c')[0]!);
    report('events-linked', dev, `${up.numEvents} up events and ${sp.numSpikes} spikes match exactly; counter ${counter.get('c')[0]}`);
  });
});
