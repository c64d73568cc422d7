/**
 * Brian tutorial 3, "Adding input", second and third cells: the input as a TimedArray.
 *
 * - `variant: 'sine'` (default): the sine of sine-input.ts sampled at every time step
 *   (`A*sin(2*pi*f*t_recorded)` for 200 ms on the 0.1 ms grid) and read back as
 *   `I = I_recorded(t) : 1`. A TimedArray is constant over a step, so `exact` applies.
 * - `variant: 'weird'`: "a weird recorded current" that no formula gives: 100 times, a random
 *   value `rand()` is written into 100 consecutive samples at a random position `randint(num_samples)`
 *   (numpy's generator in the tutorial; the network's own generator here), times A.
 *
 * Run: npx tsc -b && node dist/examples/brian-tutorial/timed-array.js [duration] [--weird]   (default '200 ms')
 * Prints the spike times and v and I every 10 ms — the tutorial's plots of v and I.
 */
import { Network, TimedArray } from '@neurite/runtime';
import { isMain, type ExampleOptions } from './common.js';
import { A, printInput, tau, type InputResult } from './sine-input.js';

export interface TimedArrayOptions extends ExampleOptions {
  readonly variant?: 'sine' | 'weird';
}

export async function main(options: TimedArrayOptions = {}): Promise<InputResult> {
  const variant = options.variant ?? 'sine';
  const net = new Network({ seed: options.seed ?? 1 });
  const dt = net.dt; // defaultclock.dt
  const f = 10; // Hz
  const num_samples = Math.trunc(0.2 / dt + 1e-9); // int(200*ms/defaultclock.dt)
  let values: Float64Array;
  if (variant === 'sine') {
    // t_recorded = arange(int(200*ms/defaultclock.dt))*defaultclock.dt
    values = Float64Array.from({ length: num_samples }, (_, k) => A * Math.sin(2 * Math.PI * f * (k * dt)));
  } else {
    // Let's create an array that couldn't be reproduced with a formula
    const I_arr = new Float64Array(num_samples);
    for (let n = 0; n < 100; n++) {
      const a = Math.floor(net.rng.uniform() * num_samples); // randint(num_samples)
      I_arr.fill(net.rng.uniform(), a, a + 100); // I_arr[a:a+100] = rand()
    }
    values = I_arr.map((x) => A * x);
  }
  const I_recorded = new TimedArray(values, dt);
  const eqs = `
  dv/dt = (I-v)/tau : 1
  I = I_recorded(t) : 1
  `;
  const G = net.neuronGroup(1, eqs, { threshold: 'v>1', reset: 'v=0', method: 'exact', namespace: { I_recorded, tau } });
  const M = net.stateMonitor(G, ['v', 'I'], { record: true });
  const S = net.spikeMonitor(G); // not in the tutorial: the spikes show as resets in its plot
  await net.run(options.duration ?? '200 ms');
  const title = variant === 'sine' ? 'LIF neuron, I = I_recorded(t), a TimedArray of the sine, method exact' : "LIF neuron, I = I_recorded(t), a TimedArray of a 'weird recorded current', method exact";
  return printInput(title, net.t, M, S);
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  const duration = args.find((a) => !a.startsWith('--'));
  await main({ ...(duration ? { duration } : {}), variant: args.includes('--weird') ? 'weird' : 'sine' });
}
