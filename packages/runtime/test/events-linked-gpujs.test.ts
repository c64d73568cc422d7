/**
 * Custom events, run_on_event, onEvent pathways and linked variables on GPU.js (cpu mode, float32):
 * the same events as on js (float64), voltages within float32 accuracy. Linked variables are read
 * through an index local, which gpu.js kernels support (the WebAssembly tier declines them).
 */
import { describe, expect, it } from 'vitest';
import { Network, type BackendOption } from '../src/index.js';

async function simulate(backend: BackendOption) {
  const net = new Network({ dt: '0.1 ms', backend });
  const drive = net.neuronGroup(2, 'y : 1');
  drive.set('y', [1.5, 2]);
  const G = net.neuronGroup(3, 'dv/dt = (I - v)/tau : 1\nI : 1 (linked)\nn_up : 1', {
    threshold: 'v > 1',
    reset: 'v = 0',
    refractory: '10 ms',
    events: { up: 'v > 0.8' },
    namespace: { tau: '10 ms' },
    method: 'exact',
  });
  G.link('I', drive, 'y', { index: [0, 1, 1] });
  G.runOnEvent('up', 'n_up += 1');
  const ups = net.eventMonitor(G, 'up');
  const H = net.neuronGroup(3, 'x : 1');
  net.synapses(G, H, { onPre: 'x_post += 1', onEvent: 'up' }).connect({ j: 'i' });
  await net.run('30 ms');
  return { nUp: [...G.get('n_up')], count: [...ups.count], x: [...H.get('x')], v: G.get('v') };
}

describe('events and linked variables on gpujs', () => {
  it('gives the events of the js backend (Brian: 72 and 117 up events) and v within float32 accuracy', async () => {
    const js = await simulate('js');
    const gpu = await simulate({ name: 'gpujs', mode: 'cpu' });
    expect(js.count).toEqual([72, 117, 117]);
    expect(gpu.count).toEqual(js.count);
    expect(gpu.nUp).toEqual(js.nUp);
    expect(gpu.x).toEqual(js.x);
    js.v.forEach((v, k) => expect(Math.abs(gpu.v[k]! - v)).toBeLessThan(1e-6));
  });
});
