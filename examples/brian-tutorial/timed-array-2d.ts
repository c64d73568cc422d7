/**
 * Brian tutorial 3, "Adding input", last cell: input read from an image. Each row of pixels drives
 * one neuron, each column is one millisecond: `ta = TimedArray(img, dt=1*ms)` is 2-D (rows are time
 * steps, columns are neurons) and the model reads it as `ta(t, i)`, with white noise `xi` (method
 * `euler`):
 *
 *     dv/dt = (A*ta(t, i)-v)/tau+0.8*xi*tau**-0.5 : 1        A = 1.5, tau = 2 ms
 *
 * so the neurons fire where the picture is dark, and the raster plot of the spikes redraws it.
 *
 * The tutorial reads brian.png (`img = (1-imread('brian.png'))[::-1, :, 0].T`). Instead this
 * example draws the word BRIAN in a 5x7 pixel font (each font pixel 4 ms wide and 3 neurons high)
 * as a grey-level picture (1 white, 0 black), and applies the same transformation: invert, flip
 * upside down, transpose.
 *
 * Run: npx tsc -b && node dist/examples/brian-tutorial/timed-array-2d.js [duration]   (default: the width of the picture, 132 ms)
 * Prints the spike raster as text (one line per neuron, top line = highest index, one character per
 * 2 ms: '#' where the neuron spiked) — the tutorial's plot — and the firing rates on and off the letters.
 */
import { Network, TimedArray } from '@neurite/runtime';
import { isMain, type ExampleOptions } from './common.js';

const FONT: Record<string, readonly string[]> = {
  B: ['11110', '10001', '10001', '11110', '10001', '10001', '11110'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
  I: ['11111', '00100', '00100', '00100', '00100', '00100', '11111'],
  A: ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  N: ['10001', '11001', '10101', '10011', '10001', '10001', '10001'],
};

/**
 * A picture as imread gives it: `picture[row][column]`, row 0 at the top, grey levels in [0, 1]
 * with 1 white. Black letters (0) on white, `sx` pixels per font pixel across, `sy` down.
 */
export function drawText(text: string, sx = 4, sy = 3, margin = 2): number[][] {
  const width = (text.length * 6 - 1 + 2 * margin) * sx;
  const height = (7 + 2 * margin) * sy;
  const picture = Array.from({ length: height }, () => new Array<number>(width).fill(1));
  [...text].forEach((ch, n) => {
    const glyph = FONT[ch];
    if (!glyph) throw new Error(`drawText: no glyph for '${ch}'`);
    glyph.forEach((line, gy) => {
      [...line].forEach((bit, gx) => {
        if (bit !== '1') return;
        for (let y = 0; y < sy; y++) {
          for (let x = 0; x < sx; x++) picture[(margin + gy) * sy + y]![(margin + n * 6 + gx) * sx + x] = 0;
        }
      });
    });
  });
  return picture;
}

export interface ImageResult {
  /** Time steps (ms) and neurons of the image. */
  readonly num_samples: number;
  readonly N: number;
  readonly numSpikes: number;
  /** Mean rate (Hz) of the neurons while their input is on (ink) and off (background). */
  readonly inkRate: number;
  readonly backgroundRate: number;
  /** The raster as printed: one string per neuron, from the highest index down. */
  readonly raster: readonly string[];
}

export async function main(options: ExampleOptions = {}): Promise<ImageResult> {
  const picture = drawText('BRIAN');
  // img = (1-imread('brian.png'))[::-1, :, 0].T  : invert, flip rows, transpose -> img[time][neuron]
  const flipped = picture.map((row) => row.map((x) => 1 - x)).reverse();
  const img = flipped[0]!.map((_, col) => flipped.map((row) => row[col]!));
  const num_samples = img.length;
  const N = img[0]!.length;

  const net = new Network({ seed: options.seed ?? 1 });
  const ta = new TimedArray(img, '1 ms');
  const A = 1.5;
  const tau = '2 ms';
  const eqs = `
  dv/dt = (A*ta(t, i)-v)/tau+0.8*xi*tau**-0.5 : 1
  `;
  const G = net.neuronGroup(N, eqs, { threshold: 'v>1', reset: 'v=0', method: 'euler', namespace: { ta, A, tau } });
  const M = net.spikeMonitor(G);
  await net.run(options.duration ?? `${num_samples} ms`);

  // The plot: M.t against M.i, as text.
  const bin = 2e-3;
  const bins = Math.ceil(net.t / bin - 1e-9);
  const grid = Array.from({ length: N }, () => new Array<string>(bins).fill('.'));
  const si = M.i;
  const st = M.t;
  let ink = 0;
  let background = 0;
  for (let k = 0; k < si.length; k++) {
    grid[si[k]!]![Math.min(bins - 1, Math.floor(st[k]! / bin + 1e-9))] = '#';
    if (ta.at(st[k]!, si[k]!) > 0.5) ink++;
    else background++;
  }
  // Time the neurons spent with the input on and off (the picture is 0 or 1).
  let inkTime = 0;
  let backgroundTime = 0;
  const steps = Math.round(net.t / net.dt);
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < N; i++) {
      if (ta.at(s * net.dt, i) > 0.5) inkTime += net.dt;
      else backgroundTime += net.dt;
    }
  }
  const raster = grid.map((row) => row.join('')).reverse();
  const inkRate = inkTime > 0 ? ink / inkTime : Number.NaN;
  const backgroundRate = backgroundTime > 0 ? background / backgroundTime : Number.NaN;
  console.log(`2-D TimedArray: a ${num_samples} ms x ${N} neuron picture of 'BRIAN', method euler with noise xi, ${(net.t * 1e3).toFixed(0)} ms`);
  console.log(`  spikes: ${M.numSpikes}; rate on the letters ${inkRate.toFixed(1)} Hz, off them ${backgroundRate.toFixed(1)} Hz`);
  console.log(`  raster (neuron ${N - 1} at the top, one character per 2 ms, '#' = spike):`);
  for (const line of raster) console.log(`    ${line}`);
  return { num_samples, N, numSpikes: M.numSpikes, inkRate, backgroundRate, raster };
}

if (isMain(import.meta.url)) await main({ ...(process.argv[2] ? { duration: process.argv[2] } : {}) });
