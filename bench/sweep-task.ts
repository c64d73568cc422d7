/**
 * The task of bench/sweep.ts: CUBA (4000 neurons, 1 s) for one seed; returns the spike count
 * per neuron. A module of its own so that worker threads can load it.
 */
import { Network } from '@neurite/runtime';

export default async function cuba({ seed }: { readonly seed: number }): Promise<Int32Array | Float64Array> {
  const net = new Network({ seed });
  const P = net.neuronGroup(4000, `
    dv/dt  = (ge + gi - (v - El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt`, {
    threshold: 'v > Vt', reset: 'v = Vr', refractory: '5 ms', method: 'exact',
    namespace: { taum: '20 ms', taue: '5 ms', taui: '10 ms', Vt: '-50 mV', Vr: '-60 mV', El: '-49 mV' },
  });
  P.set('v', 'Vr + rand() * (Vt - Vr)');
  const Ce = net.synapses(P, P, { onPre: 'ge += we', namespace: { we: '1.62 mV' } });
  const Ci = net.synapses(P, P, { onPre: 'gi += wi', namespace: { wi: '-9 mV' } });
  Ce.connect({ condition: 'i < 3200', p: 0.02 });
  Ci.connect({ condition: 'i >= 3200', p: 0.02 });
  const spikes = net.spikeMonitor(P);
  await net.run('1 s');
  return spikes.count;
}
