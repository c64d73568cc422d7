# 100 000 leaky integrate-and-fire neurons without synapses (the neuron-update benchmark),
# the same model as bench/lif.ts. Usage: lif.py standalone|cython [N] [duration_s]
import sys, time
from brian2 import *
target = sys.argv[1] if len(sys.argv) > 1 else 'cython'
N = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
dur = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
if target == 'standalone':
    set_device('cpp_standalone', directory='/tmp/brian2_lif_sa_%d' % N)
else:
    prefs.codegen.target = target
tau = 10*ms
G = NeuronGroup(N, 'dv/dt = (v0 - v)/tau : 1\nv0 : 1 (constant)', threshold='v > 1', reset='v = 0', method='exact')
G.v0 = '1.1 + 0.4*i/N'
G.v = 'i*1.0/N'
M = SpikeMonitor(G, record=False)
t0 = time.time()
run(dur*second)
print(target, N, 'spikes', M.num_spikes, 'wall', round(time.time() - t0, 3))
