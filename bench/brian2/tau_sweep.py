# The tau sweep of Brian's tutorial 3 ("Multiple runs", the SpikeGeneratorGroup cells): 100 inputs
# replaying fixed Poisson spikes (10 Hz) into one LIF neuron dv/dt = -v/tau, threshold v>1,
# reset v=0, on_pre v += 0.1, for 30 values tau = linspace(1, 10, 30) ms.
#
# Usage: tau_sweep.py cython|standalone [duration_s]
#   cython:     the tutorial's loop: store() once, then 30 x (restore(); run()); times the loop.
#   standalone: the tutorial's vectorised variant (30 neurons with a `tau : second` parameter, one
#               run) in cpp_standalone, project in /tmp/brian2_tau_sweep_sa (bench/suite.ts then
#               times the compiled binary via results/last_run_info.txt, as for CUBA).
# Prints one JSON line: mode, spikes (total over the 30 taus), counts per tau, inputSpikes and
# wallS (cython: the loop; standalone: run(), i.e. code generation + compilation + execution).
#
# The input is bench/fixtures/tau-sweep-input.json: 100 Poisson trains at 10 Hz for 1 s, drawn once
# with numpy's RandomState(2024) (a spike of input i in step k with probability 10 Hz * 0.1 ms, what
# PoissonGroup does). Both modes and Neurite's bench/tau-sweep.ts replay it, so all spike counts
# must agree.
import builtins, json, os, sys, time
import numpy as np
from brian2 import *

mode = sys.argv[1] if len(sys.argv) > 1 else 'cython'
dur = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
if mode == 'standalone':
    set_device('cpp_standalone', directory='/tmp/brian2_tau_sweep_sa')
elif mode == 'cython':
    prefs.codegen.target = 'cython'
else:
    sys.exit('mode must be cython or standalone')

num_inputs = 100
input_rate = 10*Hz
weight = 0.1
tau_range = linspace(1, 10, 30)*ms
dt_s = float(defaultclock.dt)
steps = int(round(dur / dt_s))
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'tau-sweep-input.json')) as f:
    spikes = json.load(f)
bins = np.array(spikes['step'])
indices = np.array(spikes['i'])
keep = bins < steps
bins, indices = bins[keep], indices[keep]
SGG = SpikeGeneratorGroup(num_inputs, indices, bins * defaultclock.dt)

if mode == 'standalone':
    G = NeuronGroup(len(tau_range), 'dv/dt = -v/tau : 1\ntau : second', threshold='v>1', reset='v=0', method='exact')
    G.tau = tau_range
    S = Synapses(SGG, G, on_pre='v += weight')
    S.connect()
    M = SpikeMonitor(G)
    t0 = time.time()
    run(dur*second)
    wall = time.time() - t0
    counts = [int(c) for c in M.count]
else:
    G = NeuronGroup(1, 'dv/dt = -v/tau : 1', threshold='v>1', reset='v=0', method='exact')
    S = Synapses(SGG, G, on_pre='v += weight')
    S.connect()
    M = SpikeMonitor(G)
    net = Network(SGG, G, S, M)
    net.store()
    counts = []
    t0 = time.time()
    for tau in tau_range:
        net.restore()
        net.run(dur*second, namespace={'tau': tau, 'weight': weight})
        counts.append(int(M.num_spikes))
    wall = time.time() - t0

# builtins.sum: `from brian2 import *` brings numpy's sum, whose int64 json cannot write.
print(json.dumps({'mode': mode, 'spikes': builtins.sum(counts), 'counts': counts,
                  'inputSpikes': int(len(indices)), 'wallS': float(wall)}))
