/**
 * Brian2 reference: rate-network.json — 20 rate units `dr/dt = (-r + clip(I + s, 0, 100))/tau`
 * integrated with `rk4`, where `s` is written every step by the summed variable `s_post = w*r_pre`
 * of an all-to-all Synapses object (including i = j). Pins: rk4, summed variables held constant
 * through the rk4 sub-steps, and a second StateMonitor on its own clock (dt = 1 ms: steps 0, 10, ...).
 */
import { describe, expect, it } from 'vitest';
import { Network } from '@neurite/runtime';
import { compareFinal, compareTimes, compareTraces, loadFixture, namespaceOf, numbers, report, worse, type Deviation } from './fixture.js';

const f = loadFixture('rate-network');

describe('Brian2 fixture rate-network (rk4, summed variable, monitor with its own dt)', () => {
  it('reproduces Brian’s r (every step) and s (every 1 ms) to 1e-9 (js backend)', async () => {
    const dt = f.dt.si;
    const net = new Network({ dt: `${dt} second`, backend: 'js' });
    expect(net.dt).toBe(dt);

    const g = f.neuron_groups['units']!;
    expect(g.threshold).toBeNull();
    const units = net.neuronGroup(g.N, g.model, { method: g.method, name: 'units' });
    for (const v of ['r', 's', 'I']) units.set(v, numbers(g.initial_state[v]!));

    const s = f.synapses['coupling']!;
    const coupling = net.synapses(units, units, { model: s.model, name: 'coupling' });
    coupling.connect({ i: s.i, j: s.j });
    expect([...coupling.get('i')]).toEqual(s.i);
    expect([...coupling.get('j')]).toEqual(s.j);
    coupling.set('w', numbers(s.initial_state['w']!));

    const mr = f.state_monitors['mon_r']!;
    const ms = f.state_monitors['mon_s']!;
    expect(ms.dt).toBe(0.001);
    const monR = net.stateMonitor(units, mr.variables, { record: mr.record, name: 'mon_r' });
    const monS = net.stateMonitor(units, ms.variables, { record: ms.record, dt: `${ms.dt} second`, name: 'mon_s' });

    await net.run(`${f.duration.si} second`, { namespace: namespaceOf(f) });

    let tWorst = compareTimes('mon_r.t', monR.t, mr.t);
    tWorst = Math.max(tWorst, compareTimes('mon_s.t', monS.t, ms.t));
    expect(monS.t.length).toBe(ms.n_samples);
    let dev: Deviation = { worst: 0, worstAbs: 0, where: '-' };
    dev = worse(dev, compareTraces('units', 'r', monR.values('r'), mr.traces['r']!, mr.record));
    dev = worse(dev, compareTraces('units', 's', monS.values('s'), ms.traces['s']!, ms.record));
    const fin = f.final_state['units']!;
    for (const v of ['r', 's']) dev = worse(dev, compareFinal('units', v, units.get(v), fin[v]!));
    report('rate-network', dev, `no spikes in this model; time grid worst ${tWorst} s (r: ${monR.t.length} samples, s: ${monS.t.length} samples)`);
  });
});
