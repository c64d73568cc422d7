/**
 * The pathway's CSR: synapses stored in order of their source (as connect() creates them) are
 * delivered through the identity CSR (an empty synapse list), any other order through a sorted
 * list. Both must deliver every synapse of every spike once, with or without delays.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '../src/index.js';

const ms = 1e-3;
const dt = 0.1 * ms;

/** Source neuron k fires once, at step `SPIKE_STEPS[k]` (-1: never). */
const SPIKE_STEPS = [2, 5, -1, 5, 8];

/** (source, target) pairs in order of their source; synapse s has the weight 2^s. */
const PAIRS: readonly (readonly [number, number])[] = [
  [0, 1], [0, 3], [1, 0], [1, 1], [1, 3], [2, 0], [2, 2], [3, 2], [3, 2], [4, 0], [4, 1], [4, 3],
];

/** x of each target: the sum of the weights of the synapses whose source fired. */
function expectedX(): number[] {
  const x = [0, 0, 0, 0];
  PAIRS.forEach(([p, q], s) => {
    if (SPIKE_STEPS[p]! >= 0) x[q]! += 2 ** s;
  });
  return x;
}

type Delays = 'none' | 'same' | 'per synapse';

/** Runs the pairs in the given creation order; returns x per target and each pair's `hits`. */
async function deliver(order: readonly number[], delays: Delays): Promise<{ x: number[]; hits: number[] }> {
  const net = new Network({ dt: '0.1 ms' });
  const P = net.neuronGroup(SPIKE_STEPS.length, 'ts : second', { threshold: 'abs(t - ts) < 0.5*dt' });
  P.set('ts', SPIKE_STEPS.map((s) => (s < 0 ? -1 : s * dt)));
  const Q = net.neuronGroup(4, 'x : 1');
  const S = net.synapses(P, Q, { model: 'w : 1\nhits : 1', onPre: 'x_post += w\nhits += 1' });
  S.connect({ i: order.map((s) => PAIRS[s]![0]), j: order.map((s) => PAIRS[s]![1]) });
  S.set('w', order.map((s) => 2 ** s));
  if (delays === 'same') S.set('delay', '1 ms');
  if (delays === 'per synapse') S.set('delay', order.map((s) => (s % 4) * ms));
  await net.run(5 * ms);
  const hits = new Array<number>(PAIRS.length);
  const h = S.get('hits');
  order.forEach((s, k) => (hits[s] = h[k]!));
  return { x: [...Q.get('x')], hits };
}

describe('Synapses: pathway CSR', () => {
  const inOrder = PAIRS.map((_, s) => s);
  // Not in order of the source (as two connect() calls, or explicit lists, can store them).
  const shuffled = [7, 2, 11, 0, 5, 9, 3, 1, 10, 6, 4, 8];
  const hitsExpected = PAIRS.map(([p]) => (SPIKE_STEPS[p]! >= 0 ? 1 : 0));

  for (const delays of ['none', 'same', 'per synapse'] as const) {
    it(`delivers every synapse once, stored in source order or not (delays: ${delays})`, async () => {
      for (const order of [inOrder, shuffled]) {
        const { x, hits } = await deliver(order, delays);
        expect(x).toEqual(expectedX());
        expect(hits).toEqual(hitsExpected);
      }
    });
  }

  it('a second connect() that breaks the source order is delivered correctly too', async () => {
    const net = new Network({ dt: '0.1 ms' });
    const P = net.neuronGroup(2, 'ts : second', { threshold: 'abs(t - ts) < 0.5*dt' });
    P.set('ts', [dt, 3 * dt]);
    const Q = net.neuronGroup(2, 'x : 1');
    const S = net.synapses(P, Q, { model: 'w : 1', onPre: 'x_post += w' });
    S.connect({ i: [0, 1], j: [0, 1] });
    S.set('w', [1, 2]);
    await net.run(2 * dt); // neuron 0 fires: in source order so far
    expect([...Q.get('x')]).toEqual([1, 0]);
    S.connect({ i: [0], j: [1] }); // synapse 2 comes from neuron 0, after neuron 1's
    S.set('w', [1, 2, 4]);
    await net.run(3 * dt); // neuron 1 fires
    expect([...Q.get('x')]).toEqual([1, 2]);
    P.set('ts', [6 * dt, -1]);
    await net.run(2 * dt); // neuron 0 fires again: both of its synapses
    expect([...Q.get('x')]).toEqual([2, 6]);
  });
});
