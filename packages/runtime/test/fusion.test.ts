/**
 * A group's state update and threshold run as one operation where the schedule puts them next to
 * each other (operations/fusion.ts, codegen's fuseKernels): runs must give exactly what the two
 * operations give one after the other (profiled runs keep them apart, so they are the reference
 * here), and the pair must stay apart where anything is scheduled between them.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '../src/index.js';
import { fuseSchedule, offerFusion } from '../src/operations/fusion.js';
import type { Operation } from '../src/sim-object.js';

const op = (name: string, period = 1): Operation => ({ name, when: 'groups', order: 0, period, run: () => undefined });

describe('fuseSchedule', () => {
  it('replaces an offered pair that is adjacent and runs every step, and nothing else', () => {
    const [a, b, c, fused] = [op('a'), op('b'), op('c'), op('a+b')];
    offerFusion(a, b, () => fused);
    expect(fuseSchedule([c, a, b])).toEqual([c, fused]);
    expect(fuseSchedule([a, c, b])).toEqual([a, c, b]);
    expect(fuseSchedule([b, a])).toEqual([b, a]);
    const [slow, next] = [op('slow', 2), op('next')];
    offerFusion(slow, next, () => fused);
    expect(fuseSchedule([slow, next])).toEqual([slow, next]);
    const [d, e] = [op('d'), op('e')];
    offerFusion(d, e, () => undefined); // the kernels could not be fused
    expect(fuseSchedule([d, e])).toEqual([d, e]);
  });
});

/** CUBA at 400 neurons: refractoriness, a reset, two synaptic pathways and a monitor. */
function cuba(regular?: string) {
  const net = new Network({ seed: 4 });
  const P = net.neuronGroup(400, 'dv/dt = (ge+gi-(v-El))/taum : volt (unless refractory)\ndge/dt = -ge/taue : volt\ndgi/dt = -gi/taui : volt', {
    threshold: 'v > Vt', reset: 'v = Vr', refractory: '5 ms', method: 'exact',
    namespace: { taum: '20 ms', taue: '5 ms', taui: '10 ms', Vt: '-50 mV', Vr: '-60 mV', El: '-49 mV' },
  });
  P.set('v', 'Vr + rand() * (Vt - Vr)');
  if (regular) P.runRegularly(regular, { when: 'thresholds', order: -1 });
  const Ce = net.synapses(P.slice(0, 320), P, { onPre: 'ge += 1.62*mV' });
  Ce.connect({ p: 0.1 });
  const Ci = net.synapses(P.slice(320, 400), P, { onPre: 'gi -= 9*mV' });
  Ci.connect({ p: 0.1 });
  const M = net.spikeMonitor(P);
  return { net, P, M };
}

describe('fused state update and threshold in a network', () => {
  for (const [what, regular] of [['adjacent: fused', undefined], ['code scheduled between them: kept apart', 'v = v + 0.01*mV']] as const) {
    it(`gives exactly the spikes and state of the two operations (${what})`, async () => {
      const { net, P, M } = cuba(regular);
      net.store();
      await net.run('200 ms');
      const fused = { i: M.i, t: M.t, v: P.get('v') };
      const kernel = (P as unknown as { current: { fused?: unknown } }).current.fused;
      if (regular === undefined) expect(kernel, 'the fused kernel ran').toBeTruthy();
      else expect(kernel, 'nothing was fused').toBeUndefined();
      net.restore();
      await net.run('200 ms', { profile: true });
      expect(M.numSpikes).toBeGreaterThan(100);
      expect(fused.i).toEqual(M.i);
      expect(fused.t).toEqual(M.t);
      expect(fused.v).toEqual(P.get('v'));
    });
  }
});
