"""
Brian2 reference for Neurite's Synapses features: generator-syntax connectivity (no randomness),
multisynapses with a multisynaptic index, two named pre pathways with different delays (one
homogeneous, one per synapse), and heterogeneous delays of a post pathway.

    /usr/bin/python3 scripts/brian2/synapses-features.py tests/fixtures/brian2

Writes synapses-features.json (numpy target, deterministic: byte-identical from run to run).
"""
import json
import os
import sys

import numpy as np

from brian2 import (NeuronGroup, Network, SpikeGeneratorGroup, SpikeMonitor, StateMonitor, Synapses,
                    defaultclock, ms, prefs)

prefs.codegen.target = 'numpy'
defaultclock.dt = 0.1 * ms

DURATION = 40 * ms
G_MODEL = '''dv/dt = (ge - v)/(10*ms) : 1
dge/dt = -ge/(5*ms) : 1
gs : 1'''
S_MODEL = 'w : 1'
S_ON_PRE = {'fast': 'ge_post += w', 'slow': 'v_post += 0.2*w*(1 + syn_n)'}
S_CONNECT = 'k for k in range(i-1, i+3) if k >= 0 and k < N_post'
S_W = '0.3 + 0.05*i + 0.02*j + 0.1*syn_n'
S_SLOW_DELAY = '(2 + j + 0.5*syn_n)*ms'
S2_MODEL = 'c : 1'
S2_ON_PRE = 'gs_post += 0.1*c'
S2_ON_POST = 'c += 1 + j'
S2_CONNECT = 'i + 1 if i < N_pre - 1'
S2_POST_DELAY = '(1 + 0.5*i)*ms'


def flist(a):
    return [float(x) for x in a]


def main(outdir):
    indices = [0, 1, 2, 3, 0, 2, 1, 3, 0, 1, 2, 3]
    times = [1, 2, 3, 4, 8, 9, 12, 13, 20, 21, 22, 30]
    inp = SpikeGeneratorGroup(4, indices, [t * ms for t in times], name='inp')
    G = NeuronGroup(6, G_MODEL, threshold='v > 0.8', reset='v = 0', method='exact', name='G')
    S = Synapses(inp, G, S_MODEL, on_pre=S_ON_PRE, delay={'fast': 1 * ms}, multisynaptic_index='syn_n', name='S')
    S.connect(j=S_CONNECT, n=2)
    S.w = S_W
    S.slow.delay = S_SLOW_DELAY
    S2 = Synapses(G, G, S2_MODEL, on_pre=S2_ON_PRE, on_post=S2_ON_POST, name='S2')
    S2.connect(j=S2_CONNECT)
    S2.post.delay = S2_POST_DELAY
    mon_G = StateMonitor(G, ['v', 'ge', 'gs'], record=True, name='mon_G')
    mon_S2 = StateMonitor(S2, 'c', record=True, name='mon_S2')
    spikes = SpikeMonitor(G, name='spikes_G')
    net = Network(inp, G, S, S2, mon_G, mon_S2, spikes)
    net.run(DURATION)
    dt = float(defaultclock.dt)
    data = {
        'fixture': 'synapses-features',
        'dt': dt,
        'duration': float(DURATION),
        'n_steps': int(round(float(DURATION) / dt)),
        'inp': {'indices': indices, 'times': [t * 1e-3 for t in times]},
        'G': {'model': G_MODEL, 'threshold': 'v > 0.8', 'reset': 'v = 0', 'method': 'exact'},
        'S': {'model': S_MODEL, 'on_pre': S_ON_PRE, 'connect': S_CONNECT, 'n': 2, 'w': S_W, 'slow_delay': S_SLOW_DELAY,
              'i': [int(x) for x in S.i[:]], 'j': [int(x) for x in S.j[:]], 'syn_n': [int(x) for x in S.syn_n[:]],
              'w_values': flist(S.w[:]), 'fast_delay': flist(np.atleast_1d(np.asarray(S.fast.delay[:]))),
              'slow_delay_values': flist(S.slow.delay[:])},
        'S2': {'model': S2_MODEL, 'on_pre': S2_ON_PRE, 'on_post': S2_ON_POST, 'connect': S2_CONNECT, 'post_delay': S2_POST_DELAY,
               'i': [int(x) for x in S2.i[:]], 'j': [int(x) for x in S2.j[:]], 'post_delay_values': flist(S2.post.delay[:])},
        'mon_G': {'t': flist(mon_G.t[:]), **{v: {str(k): flist(getattr(mon_G, v)[k]) for k in range(6)} for v in ['v', 'ge', 'gs']}},
        'mon_S2': {'t': flist(mon_S2.t[:]), 'c': {str(k): flist(mon_S2.c[k]) for k in range(len(S2))}},
        'spikes_G': {'source': 'G', 'N': 6, 'num_spikes': int(spikes.num_spikes), 'i': [int(x) for x in spikes.i[:]],
                     't': flist(spikes.t[:]), 't_step': [int(round(float(t) / dt)) for t in spikes.t[:]],
                     'count': [int(x) for x in spikes.count[:]]},
    }
    with open(os.path.join(outdir, 'synapses-features.json'), 'w') as f:
        json.dump(data, f, indent=None, separators=(',', ':'))
        f.write('\n')
    print(f"synapses: S {len(S)}, S2 {len(S2)}; spikes of G: {spikes.num_spikes} {list(spikes.count[:])}")


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'tests/fixtures/brian2')
