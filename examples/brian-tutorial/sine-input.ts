/**
 * Brian tutorial 3, section "Adding input", first cell: a leaky integrate-and-fire neuron driven
 * by a sinusoidal input written into the equations, `I = A*sin(2*pi*f*t) : 1` (A = 2.5,
 * f = 10 Hz, tau = 5 ms). The input depends on t, so `exact` does not apply: method `euler`.
 *
 * Run: npx tsc -b && node dist/examples/brian-tutorial/sine-input.js [duration]   (default '200 ms')
 * Prints the spike times and v and I every 10 ms — the tutorial's plot of v and I.
 */
import { Network } from '@neurite/runtime';
import { isMain, samples, type ExampleOptions } from './common.js';

export interface InputResult {
  /** Recording times (s), v and I of the neuron. */
  readonly t: Float64Array;
  readonly v: Float64Array;
  readonly I: Float64Array;
  /** Spike times (s). */
  readonly spikes: Float64Array;
}

export const A = 2.5;
export const f = '10 Hz';
export const tau = '5 ms';

export async function main(options: ExampleOptions = {}): Promise<InputResult> {
  const net = new Network({ seed: options.seed ?? 1 });
  const eqs = `
  dv/dt = (I-v)/tau : 1
  I = A*sin(2*pi*f*t) : 1
  `;
  const G = net.neuronGroup(1, eqs, { threshold: 'v>1', reset: 'v=0', method: 'euler', namespace: { A, f, tau } });
  const M = net.stateMonitor(G, ['v', 'I'], { record: true });
  const S = net.spikeMonitor(G); // not in the tutorial: the spikes show as resets in its plot
  await net.run(options.duration ?? '200 ms');
  return printInput(`LIF neuron, I = A*sin(2*pi*f*t) in the equations, method euler`, net.t, M, S);
}

/** Prints spike times and v, I every 10 ms. */
export function printInput(
  title: string,
  seconds: number,
  M: { readonly t: Float64Array; values(v: string): Float64Array[] },
  S: { readonly t: Float64Array; readonly numSpikes: number },
): InputResult {
  const t = M.t;
  const v = M.values('v')[0]!;
  const I = M.values('I')[0]!;
  const every = Math.max(1, Math.round(0.01 / (t[1]! - t[0]!)));
  console.log(`${title}: ${(seconds * 1e3).toFixed(0)} ms`);
  console.log(`  spikes: ${S.numSpikes}${S.numSpikes ? ` at ${[...S.t].map((x) => (x * 1e3).toFixed(1)).join(', ')} ms` : ''}`);
  console.log(`  v every 10 ms: ${samples(v, every, 3)}`);
  console.log(`  I every 10 ms: ${samples(I, every, 3)}`);
  return { t, v, I, spikes: S.t };
}

if (isMain(import.meta.url)) await main({ ...(process.argv[2] ? { duration: process.argv[2] } : {}) });
