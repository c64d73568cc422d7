/**
 * A task of bench/sweep.ts: COBAHH with 400 neurons for 0.5 s, for one seed; returns the spike
 * count per neuron. Its state (~0.3 MB) fits in one core's cache and each step computes eleven
 * exponentials per neuron, so runs on two cores do not compete for memory as CUBA's do.
 */
import { Network } from '@neurite/runtime';
import { buildCobahh } from './cobahh-model.js';

export default async function cobahh({ seed }: { readonly seed: number }): Promise<Int32Array | Float64Array> {
  const net = new Network({ seed });
  const { spikes } = buildCobahh(net, 400);
  await net.run('0.5 s');
  return spikes.count;
}
