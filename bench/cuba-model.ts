/**
 * The CUBA network of the benchmarks and of examples/cuba/main.ts (`npm start`; the model of
 * ../shared/brian2/cuba.py): N neurons, 80 % excitatory, 80 synapses per neuron on average.
 */
import type { Network, SpikeMonitor, Synapses } from '@neurite/runtime';

/** Adds CUBA's group, synapses (connected) and a spike monitor to `net`. */
export function buildCuba(net: Network, N: number): { readonly Ce: Synapses; readonly Ci: Synapses; readonly spikes: SpikeMonitor } {
  const P = net.neuronGroup(N, `
    dv/dt  = (ge + gi - (v - El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt`, {
    threshold: 'v > Vt', reset: 'v = Vr', refractory: '5 ms', method: 'exact',
    namespace: { taum: '20 ms', taue: '5 ms', taui: '10 ms', Vt: '-50 mV', Vr: '-60 mV', El: '-49 mV' },
  });
  P.set('v', 'Vr + rand() * (Vt - Vr)');
  const Ne = Math.floor(N * 0.8);
  const Ce = net.synapses(P, P, { onPre: 'ge += we', namespace: { we: `${(60 * 0.27) / 10} mV` } });
  const Ci = net.synapses(P, P, { onPre: 'gi += wi', namespace: { wi: `${(-20 * 4.5) / 10} mV` } });
  Ce.connect({ condition: `i < ${Ne}`, p: 80 / N });
  Ci.connect({ condition: `i >= ${Ne}`, p: 80 / N });
  return { Ce, Ci, spikes: net.spikeMonitor(P) };
}
