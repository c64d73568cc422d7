/**
 * The runtime on GPU.js: the same network on `js` (float64) and `gpujs` (float32) must give the
 * same spikes for a model whose voltages never sit within float32 rounding of the threshold.
 */
import { describe, expect, it } from 'vitest';
import { Network, type BackendOption } from '../src/index.js';

async function cuba(backend: BackendOption) {
  const N = 200;
  const net = new Network({ dt: '0.1 ms', seed: 4, backend });
  const P = net.neuronGroup(N, `
    dv/dt  = (ge + gi - (v - El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt`, {
    threshold: 'v > Vt', reset: 'v = Vr', refractory: '5 ms', method: 'exact',
    namespace: { taum: '20 ms', taue: '5 ms', taui: '10 ms', Vt: '-50 mV', Vr: '-60 mV', El: '-49 mV' },
  });
  P.set('v', 'Vr + rand() * (Vt - Vr)');
  const Ce = net.synapses(P, P, { onPre: 'ge += 1.62*mV' });
  const Ci = net.synapses(P, P, { onPre: 'gi += -9*mV', delay: '1 ms' });
  Ce.connect({ condition: 'i < 160', p: 0.4 });
  Ci.connect({ condition: 'i >= 160', p: 0.4 });
  const spikes = net.spikeMonitor(P);
  await net.run('60 ms');
  return { i: [...spikes.i], t: [...spikes.t], v: P.get('v') };
}

describe('runtime on gpujs', () => {
  it('CUBA with delays gives the same spikes on gpujs (cpu mode) as on js, and voltages within float32 accuracy', async () => {
    const js = await cuba('js');
    const gpu = await cuba({ name: 'gpujs', mode: 'cpu' });
    expect(js.i.length).toBeGreaterThan(50);
    expect(gpu.i).toEqual(js.i);
    expect(gpu.t).toEqual(js.t);
    for (let k = 0; k < js.v.length; k++) expect(Math.abs(gpu.v[k]! - js.v[k]!)).toBeLessThan(1e-5 * 0.06);
  });
});
