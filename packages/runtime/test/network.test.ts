import { describe, expect, it } from 'vitest';
import { Network } from '../src/index.js';

const ms = 1e-3;
const mV = 1e-3;

describe('Network with a neuron group', () => {
  it('fires a driven LIF neuron at the analytic period, with refractoriness', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const G = net.neuronGroup(1, 'dv/dt = (El - v)/tau : volt (unless refractory)', {
      threshold: 'v > Vt',
      reset: 'v = Vr',
      refractory: '2 ms',
      namespace: { El: '-40 mV', tau: '10 ms', Vt: '-50 mV', Vr: '-70 mV' },
    });
    G.set('v', '-70 mV');
    const spikes = net.spikeMonitor(G);
    const trace = net.stateMonitor(G, 'v', { record: [0] });
    await net.run('100 ms');
    // Climb from Vr to Vt: t* = tau*ln((El - Vr)/(El - Vt)) = 10 ms * ln 3, i.e. 110 integrating steps;
    // the step that crosses is recorded at its start time, one dt before the crossing grid point.
    const climb = Math.ceil((10 * Math.log(3)) / 0.1) * 0.1 * ms;
    // After a spike at t0 the neuron is refractory while t - t0 < 2 ms (Brian: timestep(t - lastspike)
    // >= timestep(2 ms)); the first integrating step is at t0 + 2 ms, so the next spike comes 2 ms + climb - dt later.
    const period = 2 * ms + climb - 0.1 * ms;
    expect(spikes.t[0]).toBeCloseTo(climb - 0.1 * ms, 12);
    expect(spikes.t[1]! - spikes.t[0]!).toBeCloseTo(period, 12);
    expect(spikes.numSpikes).toBe(Math.floor((100 * ms - spikes.t[0]!) / period) + 1);
    expect(trace.t.length).toBe(1000);
    expect(trace.values('v', 'mV')[0]![0]).toBeCloseTo(-70, 12);
    expect(net.t).toBeCloseTo(100 * ms, 12);
  });
});
