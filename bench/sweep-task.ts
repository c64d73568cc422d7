/**
 * The task of bench/sweep.ts: CUBA (4000 neurons, 1 s) for one seed; returns the spike count
 * per neuron. A module of its own so that worker threads can load it.
 */
import { Network } from '@neurite/runtime';
import { buildCuba } from './cuba-model.js';

export default async function cuba({ seed }: { readonly seed: number }): Promise<Int32Array | Float64Array> {
  const net = new Network({ seed });
  const { spikes } = buildCuba(net, 4000);
  await net.run('1 s');
  return spikes.count;
}
