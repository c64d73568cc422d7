#!/usr/bin/python3
"""Reference results from Brian2 itself, written as JSON fixtures for Neurite's runtime tests.

Usage (Debian 12, Brian2 2.5.1 from `apt-get install python3-brian`):

    /usr/bin/python3 scripts/brian2/reference.py tests/fixtures/brian2

Writes one JSON file per model into the given directory:

    lif-replay.json     LIF driven by a SpikeGeneratorGroup, two Synapses (one with a 2 ms delay)
    hh-timedarray.json  the tutorial's Hodgkin-Huxley model driven by a TimedArray, 3 capacitances
    stdp-fixed.json     Brian's STDP rule, fixed pre/post spike times, heterogeneous delays
    gap-junction.json   Brian's gap junction example (summed variable), 10 neurons
    rate-network.json   20-unit rate network with a summed coupling variable, rk4

Everything is deterministic: no random numbers are used anywhere (the script checks that the
generated code never calls rand/randn). Brian's numpy code-generation target is used so that all
arithmetic is plain float64 numpy. The layout of the JSON files is described in
tests/fixtures/brian2/README.md.

The CUBA seed statistics live in a separate script, scripts/brian2/cuba-seeds.py.
"""
import json
import os
import platform
import sys
import time
import warnings

warnings.filterwarnings('ignore')  # pythran/numpy FutureWarnings from the Debian stack

import numpy as np  # noqa: E402
import sympy  # noqa: E402
import brian2  # noqa: E402
from brian2 import (NeuronGroup, Synapses, SpikeGeneratorGroup, StateMonitor,  # noqa: E402
                    SpikeMonitor, TimedArray, Network, Quantity, defaultclock, prefs,
                    ms, mV, nA, second, umetre, ufarad, cm, siemens, msiemens, volt)
from brian2.units.fundamentalunits import get_dimensions, get_unit, DIMENSIONLESS  # noqa: E402

prefs.codegen.target = 'numpy'
prefs.core.default_float_dtype = np.float64
DT = 0.1 * ms
SCHEDULE = ['start', 'groups', 'thresholds', 'synapses', 'resets', 'end']
COMMAND = '/usr/bin/python3 scripts/brian2/reference.py tests/fixtures/brian2'


# ----------------------------------------------------------------------------------------------
# Helpers turning Brian objects into plain JSON
# ----------------------------------------------------------------------------------------------

def unit_name(dim):
    if dim is DIMENSIONLESS:
        return '1'
    return repr(get_unit(dim))


def qjson(value):
    """A namespace value as {"str", "si", "unit", "dim"}; "str" is Brian's own str()."""
    if isinstance(value, Quantity):
        dim = get_dimensions(value)
        arr = np.asarray(value)
        si = arr.tolist() if arr.shape else float(arr)
        return {'str': str(value), 'si': si, 'unit': unit_name(dim),
                'dim': '1' if dim is DIMENSIONLESS else str(dim)}
    if isinstance(value, (bool, np.bool_)):
        return {'str': repr(bool(value)), 'si': bool(value), 'unit': 'boolean', 'dim': '1'}
    if isinstance(value, (int, np.integer)):
        return {'str': repr(int(value)), 'si': int(value), 'unit': 'integer', 'dim': '1'}
    return {'str': repr(float(value)), 'si': float(value), 'unit': '1', 'dim': '1'}


def flist(arr):
    """Float64 array -> list of Python floats (json.dump writes repr-precision floats)."""
    return np.asarray(arr, dtype=np.float64).tolist()


def var_values(group, name):
    var = group.variables[name]
    value = var.get_value()
    if var.dtype == bool:
        return np.asarray(value, dtype=bool).tolist()
    if np.issubdtype(var.dtype, np.integer):
        return np.asarray(value, dtype=np.int64).tolist()
    return flist(value)


def var_unit(group, name):
    var = group.variables[name]
    if var.dtype == bool:
        return 'boolean'
    if np.issubdtype(var.dtype, np.integer):
        return 'integer'
    return unit_name(var.dim)


def state_snapshot(group, names):
    return {name: {'unit': var_unit(group, name), 'values': var_values(group, name)}
            for name in names}


def state_monitor_json(mon, variables, index_labels=None):
    record = np.asarray(mon.record, dtype=np.int64).tolist()
    traces = {}
    units = {}
    for var in variables:
        data = getattr(mon, var + '_') if mon.variables[var].dtype != bool else getattr(mon, var)
        data = np.asarray(data)
        units[var] = var_unit(mon.source, var)
        if data.dtype == bool:
            traces[var] = {str(idx): data[k].tolist() for k, idx in enumerate(record)}
        else:
            traces[var] = {str(idx): flist(data[k]) for k, idx in enumerate(record)}
    dt = float(mon.clock.dt)
    t = flist(mon.t_)
    out = {
        'source': mon.source.name,
        'variables': list(variables),
        'record': record,
        'when': mon.when,
        'order': mon.order,
        'dt': dt,
        'n_samples': len(t),
        't': t,
        't_step': [int(round(x / float(DT))) for x in t],  # index on the simulation (0.1 ms) grid
        'units': units,
        'traces': traces,
    }
    if index_labels is not None:
        out['record_labels'] = index_labels
    return out


def spike_monitor_json(mon, variables=()):
    t = flist(mon.t_)
    out = {
        'source': mon.source.name,
        'N': int(len(mon.source)),
        'num_spikes': int(mon.num_spikes),
        'i': np.asarray(mon.i, dtype=np.int64).tolist(),
        't': t,
        't_step': [int(round(x / float(DT))) for x in t],
        'count': np.asarray(mon.count, dtype=np.int64).tolist(),
    }
    if variables:
        out['variables'] = {v: {'unit': var_unit(mon.source, v),
                                'values': flist(getattr(mon, v + '_'))} for v in variables}
    return out


def synapses_json(S, spec):
    """Connectivity, delays and the generated (abstract) code of a Synapses object."""
    out = dict(spec)
    out['N'] = int(len(S))
    out['i'] = np.asarray(S.i[:], dtype=np.int64).tolist()
    out['j'] = np.asarray(S.j[:], dtype=np.int64).tolist()
    pathways = {}
    for p in S._pathways:
        delay_var = p.variables['delay']
        d = np.asarray(delay_var.get_value(), dtype=np.float64)
        entry = {'prepost': p.prepost, 'event': p.event, 'order': p.order, 'when': p.when,
                 'name': p.name, 'abstract_code': p.abstract_code}
        if delay_var.scalar:
            entry['delay'] = {'kind': 'homogeneous', 'si': float(d.reshape(-1)[0]),
                              'str': str(Quantity(float(d.reshape(-1)[0]), dim=second.dim))}
        else:
            entry['delay'] = {'kind': 'per-synapse', 'si': flist(d),
                              'steps': np.round(d / float(DT)).astype(np.int64).tolist()}
        pathways[p.objname] = entry
    out['pathways'] = pathways
    if S.summed_updaters:
        out['summed_updaters'] = {
            name: {'when': u.when, 'order': u.order, 'abstract_code': u.abstract_code}
            for name, u in S.summed_updaters.items()}
    return out


def neuron_group_json(G, spec):
    out = dict(spec)
    out['N'] = int(len(G))
    out['name'] = G.name
    out['state_updater_abstract_code'] = G.state_updater.abstract_code
    out['thresholder_abstract_code'] = (G.thresholder['spike'].abstract_code
                                        if 'spike' in G.thresholder else None)
    out['resetter_abstract_code'] = (G.resetter['spike'].abstract_code
                                     if 'spike' in G.resetter else None)
    return out


def emitted_steps(times):
    """The step in which a SpikeGeneratorGroup emits each spike (Brian: int((t + 1e-3*dt)/dt))."""
    return np.asarray((np.asarray(times) + 1e-3 * float(DT)) / float(DT), dtype=np.int64).tolist()


def threshold_margin(mon, var, level):
    """Smallest |var - level| seen right before the thresholder ran (robustness of spike counts)."""
    data = np.asarray(getattr(mon, var + '_'))
    return float(np.min(np.abs(data - level)))


def check_finite(obj, path='root'):
    if isinstance(obj, float):
        if not np.isfinite(obj):
            raise ValueError(f'non-finite value at {path}')
    elif isinstance(obj, dict):
        for k, v in obj.items():
            check_finite(v, f'{path}.{k}')
    elif isinstance(obj, list):
        for k, v in enumerate(obj):
            check_finite(v, f'{path}[{k}]')


def check_no_randomness(net):
    """No code run by the network may draw random numbers."""
    import re
    for obj in net.sorted_objects:
        code = str(getattr(obj, 'abstract_code', '') or '')
        if re.search(r'\b(rand|randn|poisson)\s*\(', code):
            raise RuntimeError(f'{obj.name} uses random numbers: {code}')


def header(name, description, duration):
    return {
        'fixture': name,
        'description': description,
        'brian_version': brian2.__version__,
        'generator': {
            'script': 'scripts/brian2/reference.py',
            'command': COMMAND,
            'python': platform.python_version(),
            'numpy': np.__version__,
            'sympy': sympy.__version__,
            'codegen_target': prefs.codegen.target,
            'float_dtype': 'float64',
        },
        'dt': qjson(DT),
        'duration': qjson(duration),
        'n_steps': int(round(float(duration) / float(DT))),
        'schedule': SCHEDULE,
        'time_grid': ('StateMonitor samples are taken in the "start" slot of a step: sample k has '
                      't = t_step*dt and holds the state after every operation of the previous '
                      'step (state update, threshold, synapses, reset) and before any operation '
                      'of this step. The state at t = duration is not sampled by monitors; it is '
                      'in final_state.'),
    }


def write(outdir, name, data):
    check_finite(data)
    path = os.path.join(outdir, name + '.json')
    with open(path, 'w') as f:
        json.dump(data, f, allow_nan=False, separators=(',', ':'))
        f.write('\n')
    return path


# ----------------------------------------------------------------------------------------------
# 1. LIF replay
# ----------------------------------------------------------------------------------------------

LIF_SPIKES_MS = [
    # t=0 spike (delivered in step 0) and times that are multiples of dt only up to rounding
    (0, 0.0), (1, 0.3), (3, 0.7),
    # full volley: every target spikes one step later (10.1 ms); the 2 ms delayed copies arrive
    # at 12.0 ms while the targets are still refractory (until 12.1 ms) and are discarded
    (0, 10.0), (1, 10.0), (2, 10.0), (3, 10.0), (4, 10.0),
    # partial volley, spread over 1 ms, followed by the delayed copies 2 ms later
    (0, 25.0), (1, 25.3), (2, 25.6), (3, 26.0),
    # two off-grid times that fall into the same step (400): times are truncated, not rounded
    (4, 40.04), (2, 40.06),
    # regular drive from source 4 every 2 ms
    (4, 50.0), (4, 52.0), (4, 54.0), (4, 56.0), (4, 58.0), (4, 60.0),
    (4, 62.0), (4, 64.0), (4, 66.0), (4, 68.0), (4, 70.0),
    # sources 0 and 1 alternate every 0.5 ms
    (0, 80.0), (1, 80.5), (0, 81.0), (1, 81.5), (0, 82.0), (1, 82.5), (0, 83.0), (1, 83.5),
    (0, 84.0), (1, 84.5),
    # late spikes: one in the middle of a step, one whose delayed copy would arrive after the end
    (3, 90.0), (4, 90.05), (2, 95.0), (0, 99.9),
]


def model_lif():
    duration = 100 * ms
    ns = {'tau': 10 * ms, 'El': -60 * mV, 'Vt': -50 * mV, 'Vr': -65 * mV}
    eqs = 'dv/dt = (El - v)/tau : volt (unless refractory)'
    threshold = 'v > Vt'
    reset = 'v = Vr'
    refractory = 2 * ms
    method = 'exact'
    v_init = 'El - 2*mV + 1.5*mV*i'
    n_src, n_tgt = 5, 6

    indices = np.array([i for i, _ in LIF_SPIKES_MS], dtype=np.int64)
    times_ms = np.array([t for _, t in LIF_SPIKES_MS])
    times = times_ms * ms
    inp = SpikeGeneratorGroup(n_src, indices, times, name='inp')
    G = NeuronGroup(n_tgt, eqs, threshold=threshold, reset=reset, refractory=refractory,
                    method=method, name='G', namespace=ns)
    G.v = v_init
    S_model, S_on_pre, S_w = 'w : volt', 'v += w', '(1.5 + 0.5*i + 0.4*j)*mV'
    S = Synapses(inp, G, S_model, on_pre=S_on_pre, name='S', namespace=ns)
    S.connect()
    S.w = S_w
    D_model, D_on_pre, D_w, D_connect = 'w : volt', 'v += w', '(4 + 0.5*j)*mV', 'j = i'
    D = Synapses(inp, G, D_model, on_pre=D_on_pre, delay=2 * ms, name='S_delayed',
                 namespace=ns)
    D.connect(j='i')
    D.w = D_w

    mon = StateMonitor(G, ['v', 'not_refractory'], record=True, name='mon_G')
    pre_thr = StateMonitor(G, 'v', record=True, when='thresholds', order=-1, name='pre_thr')
    sp_G = SpikeMonitor(G, name='spikes_G')
    sp_in = SpikeMonitor(inp, name='spikes_inp')
    net = Network(inp, G, S, D, mon, pre_thr, sp_G, sp_in)
    init = state_snapshot(G, ['v', 'not_refractory', 'lastspike'])
    syn_init = {'S': state_snapshot(S, ['w']), 'S_delayed': state_snapshot(D, ['w'])}
    net.run(duration, namespace=ns)
    check_no_randomness(net)

    data = header('lif-replay', (
        'LIF neurons (exact integration, 2 ms refractoriness with "unless refractory") driven by '
        'a SpikeGeneratorGroup through two Synapses objects: S (all-to-all, no delay, per-synapse '
        'weights) and S_delayed (one-to-one j = i, homogeneous 2 ms delay given as '
        'Synapses(..., delay=2*ms)).'), duration)
    data['namespace'] = {k: qjson(v) for k, v in ns.items()}
    data['spike_generators'] = {'inp': {
        'N': n_src,
        'indices': indices.tolist(),
        'times': flist(np.asarray(times)),
        'times_ms': times_ms.tolist(),
        'times_source': 'np.array(times_ms) * ms',
        'emitted_step': emitted_steps(times),
        'period': 0.0,
        'when': inp.when, 'order': inp.order,
    }}
    data['neuron_groups'] = {'G': neuron_group_json(G, {
        'model': eqs, 'threshold': threshold, 'reset': reset,
        'refractory': qjson(refractory), 'method': method,
        'initial_expressions': {'v': v_init},
        'initial_state': init,
    })}
    data['synapses'] = {
        'S': synapses_json(S, {'source': 'inp', 'target': 'G', 'model': S_model,
                               'on_pre': S_on_pre, 'on_post': None,
                               'connect': {'call': 'S.connect()'},
                               'delay_spec': None,
                               'initial_expressions': {'w': S_w},
                               'initial_state': syn_init['S']}),
        'S_delayed': synapses_json(D, {'source': 'inp', 'target': 'G', 'model': D_model,
                                       'on_pre': D_on_pre, 'on_post': None,
                                       'connect': {'call': "S_delayed.connect(j='i')"},
                                       'delay_spec': 'Synapses(..., delay=2*ms)',
                                       'initial_expressions': {'w': D_w},
                                       'initial_state': syn_init['S_delayed']}),
    }
    data['state_monitors'] = {'mon_G': state_monitor_json(mon, ['v', 'not_refractory'])}
    data['spike_monitors'] = {'G': spike_monitor_json(sp_G), 'inp': spike_monitor_json(sp_in)}
    data['final_state'] = {'G': state_snapshot(G, ['v', 'not_refractory', 'lastspike'])}
    data['checks'] = {'min_abs_v_minus_Vt_before_threshold': threshold_margin(pre_thr, 'v', -0.05)}
    return data


# ----------------------------------------------------------------------------------------------
# 2. Hodgkin-Huxley driven by a TimedArray (tutorial 3, eqs_HH_2 with I from a TimedArray)
# ----------------------------------------------------------------------------------------------

HH_EQS = '''
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/C : volt
dm/dt = 0.32*(mV**-1)*(13.*mV-v+VT)/
    (exp((13.*mV-v+VT)/(4.*mV))-1.)/ms*(1-m)-0.28*(mV**-1)*(v-VT-40.*mV)/
    (exp((v-VT-40.*mV)/(5.*mV))-1.)/ms*m : 1
dn/dt = 0.032*(mV**-1)*(15.*mV-v+VT)/
    (exp((15.*mV-v+VT)/(5.*mV))-1.)/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I = I_rec(t) : amp
C : farad
'''


def model_hh():
    duration = 50 * ms
    area = 20000 * umetre ** 2
    ns = {
        'area': area,
        'Cm': 1 * ufarad * cm ** -2 * area,
        'gl': 5e-5 * siemens * cm ** -2 * area,
        'El': -65 * mV,
        'EK': -90 * mV,
        'ENa': 50 * mV,
        'g_na': 100 * msiemens * cm ** -2 * area,
        'g_kd': 30 * msiemens * cm ** -2 * area,
        'VT': -63 * mV,
    }
    ta_values_nA = [0, 3, 0.2, 1.2, 0]
    ta_dt = 10 * ms
    I_rec = TimedArray(np.array(ta_values_nA) * nA, dt=ta_dt, name='I_rec')
    namespace = dict(ns)
    namespace['I_rec'] = I_rec
    threshold = 'v > -40*mV'
    refractory = 'v > -40*mV'
    method = 'exponential_euler'
    C_factors = [0.8, 1, 1.2]

    group = NeuronGroup(3, HH_EQS, threshold=threshold, refractory=refractory, method=method,
                        name='hh', namespace=namespace)
    group.v = ns['El']
    group.C = np.array(C_factors) * ufarad * cm ** -2 * area
    mon = StateMonitor(group, ['v', 'm', 'n', 'h', 'I'], record=True, name='mon_hh')
    pre_thr = StateMonitor(group, 'v', record=True, when='thresholds', order=-1, name='pre_thr')
    sp = SpikeMonitor(group, variables='v', name='spikes_hh')
    net = Network(group, mon, pre_thr, sp)
    init = state_snapshot(group, ['v', 'm', 'n', 'h', 'C', 'not_refractory', 'lastspike'])
    net.run(duration, namespace=namespace)
    check_no_randomness(net)

    data = header('hh-timedarray', (
        "Tutorial 3's Hodgkin-Huxley neuron (eqs_HH_2: per-neuron capacitance C) with the current "
        'I = I_rec(t) taken from a TimedArray of fixed values; exponential Euler; threshold and '
        "refractoriness both 'v > -40*mV' (no reset). m, n, h start at 0 as in the tutorial."),
        duration)
    data['namespace'] = {k: qjson(v) for k, v in ns.items()}
    data['namespace_source'] = {
        'area': '20000*umetre**2', 'Cm': '1*ufarad*cm**-2 * area (unused by eqs_HH_2)',
        'gl': '5e-5*siemens*cm**-2 * area', 'El': '-65*mV', 'EK': '-90*mV', 'ENa': '50*mV',
        'g_na': '100*msiemens*cm**-2 * area', 'g_kd': '30*msiemens*cm**-2 * area',
        'VT': '-63*mV'}
    data['timed_arrays'] = {'I_rec': {
        'values': flist(np.asarray(I_rec.values)),
        'values_source': f'np.array({ta_values_nA}) * nA',
        'unit': 'amp',
        'dt': qjson(ta_dt),
        'indexing': ('numpy target: K = 2**ceil(log2(8*dt_TA/dt_group)) = '
                     f'{int(2 ** np.ceil(np.log2(8 / float(DT) * float(ta_dt))))}; '
                     'eps = dt_TA/K; index = clip(int(round(t/eps)/K), 0, len-1); '
                     'value k covers k*dt_TA <= t < (k+1)*dt_TA and the last value holds after '
                     'the end'),
    }}
    data['neuron_groups'] = {'hh': neuron_group_json(group, {
        'model': HH_EQS, 'threshold': threshold, 'reset': None,
        'refractory': {'str': refractory, 'kind': 'condition'}, 'method': method,
        'initial_expressions': {'v': 'El', 'C': f'array({C_factors})*ufarad*cm**-2*area'},
        'initial_state': init,
    })}
    data['synapses'] = {}
    data['state_monitors'] = {'mon_hh': state_monitor_json(mon, ['v', 'm', 'n', 'h', 'I'])}
    data['spike_monitors'] = {'hh': spike_monitor_json(sp, variables=('v',))}
    data['final_state'] = {'hh': state_snapshot(group, ['v', 'm', 'n', 'h', 'not_refractory',
                                                        'lastspike'])}
    data['checks'] = {'min_abs_v_minus_threshold_before_threshold':
                      threshold_margin(pre_thr, 'v', -0.04)}
    return data


# ----------------------------------------------------------------------------------------------
# 3. STDP with fixed pre and post spike times
# ----------------------------------------------------------------------------------------------

STDP_PRE_SPIKES_MS = [
    # source 0 at 19.0 arrives at post 0 at 20.0 ms (delay 1 ms) = post 0's spike step
    (0, 5.0), (1, 6.0), (2, 7.0), (3, 8.0),
    (0, 19.0), (1, 18.5), (2, 17.0), (3, 21.0),
    (0, 38.0), (1, 37.0), (2, 40.0), (3, 36.0),
    (0, 52.0), (1, 55.0), (2, 58.0), (3, 50.0),
    (0, 70.0), (1, 70.0), (2, 70.0), (3, 70.0),
    (0, 85.0), (1, 86.0), (2, 88.0), (3, 90.0),
]
# the post neurons spike one step after their drive spike
STDP_DRIVE_SPIKES_MS = [
    (1, 2.0),               # post 1 spikes at 2.1 ms, before the first pre arrivals: depression
    (0, 19.9), (1, 20.9),   # post 0 spikes at 20.0, post 1 at 21.0
    (0, 38.9), (1, 40.4),
    (0, 54.9), (1, 56.9),
    (0, 72.9), (1, 71.9),
    (0, 86.0), (1, 87.3),
]


def model_stdp():
    duration = 100 * ms
    ns = {'taupre': 20 * ms, 'taupost': 15 * ms, 'wmax': 0.05, 'dApre': 0.008,
          'dApost': -0.009, 'tau_post': 10 * ms, 'taue': 5 * ms}
    post_eqs = '''
dv/dt = (ge - v)/tau_post : 1
dge/dt = -ge/taue : 1
'''
    post_threshold, post_reset, post_method = 'v > 1', 'v = 0', 'exact'
    stdp_model = '''
w : 1
dApre/dt = -Apre/taupre : 1 (event-driven)
dApost/dt = -Apost/taupost : 1 (event-driven)
'''
    stdp_on_pre = '''
ge += w
Apre += dApre
w = clip(w + Apost, 0, wmax)
'''
    stdp_on_post = '''
Apost += dApost
w = clip(w + Apre, 0, wmax)
'''
    stdp_w = '0.01 + 0.006*i - 0.008*j'
    stdp_delay = '(1 + j)*ms'
    drive_on_pre = 'v += 2'

    pre_idx = np.array([i for i, _ in STDP_PRE_SPIKES_MS], dtype=np.int64)
    pre_t_ms = np.array([t for _, t in STDP_PRE_SPIKES_MS])
    drv_idx = np.array([i for i, _ in STDP_DRIVE_SPIKES_MS], dtype=np.int64)
    drv_t_ms = np.array([t for _, t in STDP_DRIVE_SPIKES_MS])

    pre = SpikeGeneratorGroup(4, pre_idx, pre_t_ms * ms, name='pre')
    drive = SpikeGeneratorGroup(2, drv_idx, drv_t_ms * ms, name='drive')
    post = NeuronGroup(2, post_eqs, threshold=post_threshold, reset=post_reset,
                       method=post_method, name='post', namespace=ns)
    D = Synapses(drive, post, on_pre=drive_on_pre, name='drive_syn', namespace=ns)
    D.connect(j='i')
    S = Synapses(pre, post, stdp_model, on_pre=stdp_on_pre, on_post=stdp_on_post, name='stdp',
                 namespace=ns)
    S.connect()
    S.w = stdp_w
    S.delay = stdp_delay

    mon_S = StateMonitor(S, ['w', 'Apre', 'Apost', 'lastupdate'], record=True, name='mon_stdp')
    mon_post = StateMonitor(post, ['v', 'ge'], record=True, name='mon_post')
    pre_thr = StateMonitor(post, 'v', record=True, when='thresholds', order=-1, name='pre_thr')
    sp_pre = SpikeMonitor(pre, name='spikes_pre')
    sp_drive = SpikeMonitor(drive, name='spikes_drive')
    sp_post = SpikeMonitor(post, name='spikes_post')
    net = Network(pre, drive, post, D, S, mon_S, mon_post, pre_thr, sp_pre, sp_drive, sp_post)
    syn_init = state_snapshot(S, ['w', 'Apre', 'Apost', 'lastupdate'])
    post_init = state_snapshot(post, ['v', 'ge'])
    net.run(duration, namespace=ns)
    check_no_randomness(net)

    expected_post = sorted((int(round(t * 10)) + 1, i) for i, t in STDP_DRIVE_SPIKES_MS)
    got_post = sorted(zip(np.round(np.asarray(sp_post.t_) / float(DT)).astype(int).tolist(),
                          np.asarray(sp_post.i).tolist()))
    if expected_post != got_post:
        raise AssertionError(f'post spikes {got_post} != expected {expected_post}')

    data = header('stdp-fixed', (
        "Brian's pair-based STDP rule (event-driven traces) between a 4-neuron "
        'SpikeGeneratorGroup "pre" and 2 post neurons whose spike times are fixed: each post '
        'neuron is driven by its own SpikeGeneratorGroup "drive" through drive_syn (v += 2), so '
        'it spikes exactly one step after each drive spike (the STDP input ge stays far below '
        'threshold). The STDP synapses are all-to-all with heterogeneous pre-pathway delays '
        "delay = '(1 + j)*ms'; the post pathway has no delay. Pre spikes at 19.0 ms (source 0, "
        'delay 1 ms -> arrives at step 200) coincide with the post 0 spike at step 200; '
        'the sources at 70.0 ms arrive at post 1 (delay 2 ms) at 72.0 ms while post 1 spiked at '
        '72.0 ms too, so on_pre and on_post of the same synapse run in the same step.'), duration)
    data['namespace'] = {k: qjson(v) for k, v in ns.items()}
    data['spike_generators'] = {
        'pre': {'N': 4, 'indices': pre_idx.tolist(), 'times': flist(np.asarray(pre_t_ms * ms)),
                'times_ms': pre_t_ms.tolist(), 'times_source': 'np.array(times_ms) * ms',
                'emitted_step': emitted_steps(pre_t_ms * ms), 'period': 0.0,
                'when': pre.when, 'order': pre.order},
        'drive': {'N': 2, 'indices': drv_idx.tolist(), 'times': flist(np.asarray(drv_t_ms * ms)),
                  'times_ms': drv_t_ms.tolist(), 'times_source': 'np.array(times_ms) * ms',
                  'emitted_step': emitted_steps(drv_t_ms * ms), 'period': 0.0,
                  'when': drive.when, 'order': drive.order},
    }
    data['neuron_groups'] = {'post': neuron_group_json(post, {
        'model': post_eqs, 'threshold': post_threshold, 'reset': post_reset,
        'refractory': None, 'method': post_method,
        'initial_expressions': {}, 'initial_state': post_init,
    })}
    data['synapses'] = {
        'drive_syn': synapses_json(D, {'source': 'drive', 'target': 'post', 'model': '',
                                       'on_pre': drive_on_pre, 'on_post': None,
                                       'connect': {'call': "drive_syn.connect(j='i')"},
                                       'delay_spec': None, 'initial_expressions': {},
                                       'initial_state': {}}),
        'stdp': synapses_json(S, {'source': 'pre', 'target': 'post', 'model': stdp_model,
                                  'on_pre': stdp_on_pre, 'on_post': stdp_on_post,
                                  'connect': {'call': 'stdp.connect()'},
                                  'delay_spec': f"stdp.delay = '{stdp_delay}'",
                                  'initial_expressions': {'w': stdp_w},
                                  'initial_state': syn_init}),
    }
    data['state_monitors'] = {
        'mon_stdp': state_monitor_json(mon_S, ['w', 'Apre', 'Apost', 'lastupdate'],
                                       index_labels={str(k): {'i': int(S.i[k]), 'j': int(S.j[k])}
                                                     for k in range(len(S))}),
        'mon_post': state_monitor_json(mon_post, ['v', 'ge']),
    }
    data['spike_monitors'] = {'pre': spike_monitor_json(sp_pre),
                              'drive': spike_monitor_json(sp_drive),
                              'post': spike_monitor_json(sp_post)}
    data['final_state'] = {'stdp': state_snapshot(S, ['w', 'Apre', 'Apost', 'lastupdate']),
                           'post': state_snapshot(post, ['v', 'ge'])}
    w_trace = np.asarray(mon_S.w)
    final_w = np.asarray(S.w[:])
    data['checks'] = {
        'min_abs_v_minus_1_before_threshold': threshold_margin(pre_thr, 'v', 1.0),
        'w_hits_0': bool(np.any(np.concatenate([w_trace.ravel(), final_w]) == 0.0)),
        'w_hits_wmax': bool(np.any(np.concatenate([w_trace.ravel(), final_w]) == ns['wmax'])),
        'max_ge': float(np.max(np.asarray(mon_post.ge))),
    }
    return data


# ----------------------------------------------------------------------------------------------
# 4. Gap junctions (summed variable)
# ----------------------------------------------------------------------------------------------

def model_gap():
    duration = 200 * ms
    N = 10
    ns = {'tau': 10 * ms}
    eqs = '''
dv/dt = (v0 - v + Igap) / tau : 1
Igap : 1 # gap junction current
v0 : 1 (constant)
'''
    threshold, reset, method = 'v > 1', 'v = 0', 'exact'
    v_init, v0_init = 'i * 1.0 / (N - 1)', 'i * 3. / (N - 1)'
    syn_model = '''
w : 1 # gap junction conductance
Igap_post = w * (v_pre - v_post) : 1 (summed)
'''
    w_init = '.02'
    neurons = NeuronGroup(N, eqs, threshold=threshold, reset=reset, method=method, name='neurons',
                          namespace=ns)
    neurons.v = v_init
    neurons.v0 = v0_init
    S = Synapses(neurons, neurons, syn_model, name='gap', namespace=ns)
    S.connect()
    S.w = w_init
    mon = StateMonitor(neurons, ['v', 'Igap'], record=True, name='mon_neurons')
    pre_thr = StateMonitor(neurons, 'v', record=True, when='thresholds', order=-1, name='pre_thr')
    sp = SpikeMonitor(neurons, name='spikes_neurons')
    net = Network(neurons, S, mon, pre_thr, sp)
    init = state_snapshot(neurons, ['v', 'v0', 'Igap'])
    syn_init = state_snapshot(S, ['w'])
    net.run(duration, namespace=ns)
    check_no_randomness(net)

    data = header('gap-junction', (
        "Brian's gap junction example (examples/synapses/gapjunctions.py) with a per-neuron "
        "constant drive v0 = i*3/(N-1): all-to-all Synapses (including i == j) with a summed "
        'variable Igap_post = w*(v_pre - v_post). The summed-variable updater runs in the '
        '"groups" slot with order = target.order - 1, i.e. just before the state updater, so '
        'Igap used in step k is computed from v at the start of step k.'), duration)
    data['namespace'] = {k: qjson(v) for k, v in ns.items()}
    data['neuron_groups'] = {'neurons': neuron_group_json(neurons, {
        'model': eqs, 'threshold': threshold, 'reset': reset, 'refractory': None,
        'method': method, 'initial_expressions': {'v': v_init, 'v0': v0_init},
        'initial_state': init})}
    data['synapses'] = {'gap': synapses_json(S, {
        'source': 'neurons', 'target': 'neurons', 'model': syn_model, 'on_pre': None,
        'on_post': None, 'connect': {'call': 'gap.connect()'}, 'delay_spec': None,
        'initial_expressions': {'w': w_init}, 'initial_state': syn_init})}
    data['state_monitors'] = {'mon_neurons': state_monitor_json(mon, ['v', 'Igap'])}
    data['spike_monitors'] = {'neurons': spike_monitor_json(sp)}
    data['final_state'] = {'neurons': state_snapshot(neurons, ['v', 'Igap'])}
    data['checks'] = {'min_abs_v_minus_1_before_threshold': threshold_margin(pre_thr, 'v', 1.0)}
    return data


# ----------------------------------------------------------------------------------------------
# 5. Rate network (summed variable, rk4)
# ----------------------------------------------------------------------------------------------

def model_rate():
    duration = 200 * ms
    N = 20
    ns = {'tau': 10 * ms}
    eqs = '''
dr/dt = (-r + clip(I + s, 0, 100))/tau : 1
s : 1
I : 1 (constant)
'''
    method = 'rk4'
    r_init, I_init = 'abs(sin(i))', '0.5 + 0.5*cos(0.7*i)'
    syn_model = '''
w : 1
s_post = w*r_pre : 1 (summed)
'''
    w_init = '0.2*sin(i + 2*j)'
    units = NeuronGroup(N, eqs, method=method, name='units', namespace=ns)
    units.r = r_init
    units.I = I_init
    S = Synapses(units, units, syn_model, name='coupling', namespace=ns)
    S.connect()
    S.w = w_init
    mon_r = StateMonitor(units, 'r', record=True, name='mon_r')
    mon_s = StateMonitor(units, 's', record=True, dt=1 * ms, name='mon_s')
    net = Network(units, S, mon_r, mon_s)
    init = state_snapshot(units, ['r', 's', 'I'])
    syn_init = state_snapshot(S, ['w'])
    net.run(duration, namespace=ns)
    check_no_randomness(net)

    data = header('rate-network', (
        'A 20-unit rate network dr/dt = (-r + clip(I + s, 0, 100))/tau integrated with rk4; '
        's is a parameter written every step by the summed variable s_post = w*r_pre of an '
        "all-to-all Synapses object (including i == j) with w = '0.2*sin(i + 2*j)'. s is "
        'constant during the rk4 sub-steps. r is recorded every step; s is recorded by a '
        'second StateMonitor with dt = 1 ms (every 10th step).'), duration)
    data['namespace'] = {k: qjson(v) for k, v in ns.items()}
    data['neuron_groups'] = {'units': neuron_group_json(units, {
        'model': eqs, 'threshold': None, 'reset': None, 'refractory': None, 'method': method,
        'initial_expressions': {'r': r_init, 'I': I_init}, 'initial_state': init})}
    data['synapses'] = {'coupling': synapses_json(S, {
        'source': 'units', 'target': 'units', 'model': syn_model, 'on_pre': None,
        'on_post': None, 'connect': {'call': 'coupling.connect()'}, 'delay_spec': None,
        'initial_expressions': {'w': w_init}, 'initial_state': syn_init})}
    data['state_monitors'] = {'mon_r': state_monitor_json(mon_r, ['r']),
                              'mon_s': state_monitor_json(mon_s, ['s'])}
    data['spike_monitors'] = {}
    data['final_state'] = {'units': state_snapshot(units, ['r', 's'])}
    r = np.asarray(mon_r.r)
    data['checks'] = {'r_min': float(r.min()), 'r_max': float(r.max()),
                      'r_final_minus_r_at_190ms_max_abs': float(
                          np.max(np.abs(np.asarray(units.r[:]) - r[:, 1900])))}
    return data


MODELS = [
    ('lif-replay', model_lif),
    ('hh-timedarray', model_hh),
    ('stdp-fixed', model_stdp),
    ('gap-junction', model_gap),
    ('rate-network', model_rate),
]


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    defaultclock.dt = DT
    total0 = time.time()
    for name, fn in MODELS:
        t0 = time.time()
        data = fn()
        path = write(outdir, name, data)
        size = os.path.getsize(path)
        spikes = {k: v['num_spikes'] for k, v in data['spike_monitors'].items()}
        print(f'{name:15s} {time.time() - t0:6.2f} s  {size / 1024:8.1f} KiB  spikes={spikes}  '
              f'checks={data["checks"]}')
    print(f'total {time.time() - total0:.2f} s')


if __name__ == '__main__':
    main()
