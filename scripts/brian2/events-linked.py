#!/usr/bin/python3
"""Brian2 reference for custom events and linked variables: tests/fixtures/brian2/events-linked.json.

Usage (Debian 12, Brian2 2.5.1, from the repository root):

    /usr/bin/python3 scripts/brian2/events-linked.py tests/fixtures/brian2

Model (deterministic, numpy target, dt = 0.1 ms, 50 ms):

- `drive` (3 neurons): `dI/dt = (I0 - I)/tau_I`, `I0 = [1.2, 1.6, 2.4]`, `I = 0` at t = 0 (exact);
- `neurons` (5 neurons): `dv/dt = (I_in - v)/tau : 1 (unless refractory)`, `I_in : 1 (linked)`
  linked to `drive.I` with `index=[0, 0, 1, 2, 2]`; threshold `v > 1`, reset `v = 0`, refractory
  3 ms; a custom event `up: 'v > 0.7'` with `run_on_event('up', 'n_up += 1\\nv_up = v')` (default
  slot after_resets, so `v_up` of a neuron that just spiked is its reset value), exact;
- `counter` (1 neuron, `c : 1`) counts the `up` events of all neurons through
  `Synapses(neurons, counter, on_pre='c_post += 1', on_event='up', delay=1*ms)`;
- monitors: `StateMonitor(neurons, ['v', 'I_in'])`, `StateMonitor(drive, 'I')`, every step;
  `EventMonitor(neurons, 'up', variables=['v', 'v_up'])`; `SpikeMonitor(neurons)`.

(Brian 2.5.1's EventMonitor cannot record a linked variable with an index: its code reads
`_array_drive_I[_idx]`, ignoring the index, and fails. So I_in is checked through the
StateMonitor, which the script verifies against `drive.I` at the linked indices.)

The script fails if any event condition (`v > 0.7`, `v > 1`) came closer than 1e-9 to its level
at a check, so that the event counts do not hinge on the last bits of float arithmetic.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference as ref  # noqa: E402  (helpers and the numpy/float64 preferences)
import numpy as np  # noqa: E402
from brian2 import (NeuronGroup, Synapses, StateMonitor, SpikeMonitor, EventMonitor,  # noqa: E402
                    Network, defaultclock, linked_var, ms)

DURATION = 50 * ms
COMMAND = '/usr/bin/python3 scripts/brian2/events-linked.py tests/fixtures/brian2'


def build():
    defaultclock.dt = ref.DT
    namespace = {'tau': 10 * ms, 'tau_I': 5 * ms}
    drive_spec = {'model': 'dI/dt = (I0 - I)/tau_I : 1\nI0 : 1', 'method': 'exact'}
    drive = NeuronGroup(3, drive_spec['model'], method='exact', name='drive', namespace=namespace)
    drive.I0 = [1.2, 1.6, 2.4]
    neuron_spec = {
        'model': 'dv/dt = (I_in - v)/tau : 1 (unless refractory)\nI_in : 1 (linked)\nn_up : 1\nv_up : 1',
        'threshold': 'v > 1', 'reset': 'v = 0', 'refractory': 3 * ms, 'events': {'up': 'v > 0.7'},
        'run_on_event': {'up': 'n_up += 1\nv_up = v'}, 'method': 'exact',
        'link': {'variable': 'I_in', 'source': 'drive', 'source_variable': 'I', 'index': [0, 0, 1, 2, 2]},
    }
    neurons = NeuronGroup(5, neuron_spec['model'], threshold='v > 1', reset='v = 0', refractory=3 * ms,
                          events={'up': 'v > 0.7'}, method='exact', name='neurons', namespace=namespace)
    neurons.I_in = linked_var(drive, 'I', index=np.array(neuron_spec['link']['index']))
    neurons.run_on_event('up', neuron_spec['run_on_event']['up'])
    counter = NeuronGroup(1, 'c : 1', name='counter')
    syn_spec = {'source': 'neurons', 'target': 'counter', 'model': '', 'on_pre': 'c_post += 1',
                'on_post': None, 'on_event': 'up', 'delay': {'si': 1e-3}}
    S = Synapses(neurons, counter, on_pre='c_post += 1', on_event='up', delay=1 * ms, name='up_syn')
    S.connect(j='0')
    mon = StateMonitor(neurons, ['v', 'I_in'], record=True, name='mon_neurons')
    mon_drive = StateMonitor(drive, 'I', record=True, name='mon_drive')
    ev = EventMonitor(neurons, 'up', variables=['v', 'v_up'], name='up_events')
    sp = SpikeMonitor(neurons, name='spikes_neurons')
    net = Network(drive, neurons, counter, S, mon, mon_drive, ev, sp)
    return net, namespace, drive, drive_spec, neurons, neuron_spec, counter, S, syn_spec, mon, mon_drive, ev, sp


def event_monitor_json(mon, variables):
    """As reference.spike_monitor_json, for an EventMonitor (num_events instead of num_spikes)."""
    t = ref.flist(mon.t_)
    return {
        'source': mon.source.name,
        'N': int(len(mon.source)),
        'num_events': int(mon.num_events),
        'i': np.asarray(mon.i, dtype=np.int64).tolist(),
        't': t,
        't_step': [int(round(x / float(ref.DT))) for x in t],
        'count': np.asarray(mon.count, dtype=np.int64).tolist(),
        'variables': {v: {'unit': ref.var_unit(mon.source, v), 'values': ref.flist(getattr(mon, v + '_'))} for v in variables},
    }


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else 'tests/fixtures/brian2'
    net, namespace, drive, drive_spec, neurons, neuron_spec, counter, S, syn_spec, mon, mon_drive, ev, sp = build()
    ref.check_no_randomness(net)
    net.run(DURATION)
    v = np.asarray(mon.v_)
    margin = min(float(np.min(np.abs(v - 0.7))), float(np.min(np.abs(v - 1.0))))
    linked = np.asarray(mon_drive.I_)[neuron_spec['link']['index']]
    if not np.array_equal(np.asarray(mon.I_in_), linked):
        raise RuntimeError('the StateMonitor of I_in does not show drive.I at the linked indices')
    if margin < 1e-9:
        raise RuntimeError(f'an event condition came within {margin} of its level; change the model')
    data = ref.header('events-linked', 'custom event up (run_on_event, EventMonitor with variables, '
                      'Synapses on_event with a delay) and a linked variable with an index', DURATION)
    data['generator']['script'] = 'scripts/brian2/events-linked.py'
    data['generator']['command'] = COMMAND
    data['namespace'] = {k: ref.qjson(v) for k, v in namespace.items()}
    ng = {k: val for k, val in neuron_spec.items() if k != 'refractory'}
    ng['refractory'] = ref.qjson(neuron_spec['refractory'])
    ng['N'] = 5
    ng['event_schedule'] = {e: {'when': t.when, 'order': t.order} for e, t in neurons.thresholder.items()}
    ng['resetter_schedule'] = {e: {'when': r.when, 'order': r.order} for e, r in neurons.resetter.items()}
    data['neuron_groups'] = {
        'drive': dict(drive_spec, N=3, initial_state={'I0': {'unit': '1', 'values': [1.2, 1.6, 2.4]}}),
        'neurons': ng,
        'counter': {'N': 1, 'model': 'c : 1'},
    }
    data['synapses'] = {'up_syn': dict(syn_spec, N=int(len(S)), i=np.asarray(S.i[:]).tolist(), j=np.asarray(S.j[:]).tolist())}
    data['state_monitors'] = {'mon_neurons': ref.state_monitor_json(mon, ['v', 'I_in']),
                              'mon_drive': ref.state_monitor_json(mon_drive, ['I'])}
    data['spike_monitors'] = {'neurons': ref.spike_monitor_json(sp)}
    up = event_monitor_json(ev, ['v', 'v_up'])
    up['event'] = 'up'
    up['when'] = ev.when
    up['order'] = ev.order
    data['event_monitors'] = {'up': up}
    data['final_state'] = {
        # Variable.get_value() of a linked variable is the source's whole array (index ignored):
        # read I_in through the group, which applies the link's index.
        'neurons': dict(ref.state_snapshot(neurons, ['v', 'n_up', 'v_up']),
                        I_in={'unit': '1', 'values': ref.flist(neurons.I_in[:])}),
        'drive': ref.state_snapshot(drive, ['I']),
        'counter': ref.state_snapshot(counter, ['c']),
    }
    data['checks'] = {'event_margin': margin}
    path = ref.write(outdir, 'events-linked', data)
    print(f'{path}: {up["num_events"]} up events, {sp.num_spikes} spikes, counter c = {float(counter.c[0])}, margin {margin:.3g}')


if __name__ == '__main__':
    main()
