/**
 * The Hodgkin–Huxley model of Brian tutorial 3, section "Changing things during a run" (not a
 * cell itself): the parameters and the three versions of the equations, verbatim — `eqs_HH` (one
 * neuron, capacitance Cm), `eqs_HH_2` (a capacitance C per neuron) and `eqs_HH_3` (the same with a
 * shared current `I : amp (shared)`).
 */
import type { Network, SpikeMonitor, StateMonitor } from '@neurite/runtime';
import { range } from './common.js';

// Parameters
export const area = '20000*umetre**2';
export const HH_PARAMETERS = {
  area,
  Cm: `1*ufarad*cm**-2 * ${area}`,
  gl: `5e-5*siemens*cm**-2 * ${area}`,
  El: '-65*mV',
  EK: '-90*mV',
  ENa: '50*mV',
  g_na: `100*msiemens*cm**-2 * ${area}`,
  g_kd: `30*msiemens*cm**-2 * ${area}`,
  VT: '-63*mV',
} as const;
/** El in volts, for `group.v = El`. */
export const El = -65e-3;
/** Brian's unit nA, in amperes. */
export const nA = 1e-9;
/** 1 µF/cm² times the area, in farads (20000 µm² = 2e-4 cm²). */
export const unitCapacitance = 1e-6 * 2e-4;

// The model
export const eqs_HH = `
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
dm/dt = 0.32*(mV**-1)*(13.*mV-v+VT)/
    (exp((13.*mV-v+VT)/(4.*mV))-1.)/ms*(1-m)-0.28*(mV**-1)*(v-VT-40.*mV)/
    (exp((v-VT-40.*mV)/(5.*mV))-1.)/ms*m : 1
dn/dt = 0.032*(mV**-1)*(15.*mV-v+VT)/
    (exp((15.*mV-v+VT)/(5.*mV))-1.)/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp
`;

export const eqs_HH_2 = `
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/C : volt
dm/dt = 0.32*(mV**-1)*(13.*mV-v+VT)/
    (exp((13.*mV-v+VT)/(4.*mV))-1.)/ms*(1-m)-0.28*(mV**-1)*(v-VT-40.*mV)/
    (exp((v-VT-40.*mV)/(5.*mV))-1.)/ms*m : 1
dn/dt = 0.032*(mV**-1)*(15.*mV-v+VT)/
    (exp((15.*mV-v+VT)/(5.*mV))-1.)/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp
C : farad
`;

export const eqs_HH_3 = `
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/C : volt
dm/dt = 0.32*(mV**-1)*(13.*mV-v+VT)/
    (exp((13.*mV-v+VT)/(4.*mV))-1.)/ms*(1-m)-0.28*(mV**-1)*(v-VT-40.*mV)/
    (exp((v-VT-40.*mV)/(5.*mV))-1.)/ms*m : 1
dn/dt = 0.032*(mV**-1)*(15.*mV-v+VT)/
    (exp((15.*mV-v+VT)/(5.*mV))-1.)/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp (shared) # everything is the same except we've added this shared
C : farad
`;

/** What the HH examples return: the traces and spikes the tutorial plots. */
export interface HHResult {
  /** Recording times (s). */
  readonly t: Float64Array;
  /** v (mV) of each neuron. */
  readonly v: readonly Float64Array[];
  /** Spike times (s) and neuron indices, and v at each spike (mV) where the tutorial records it. */
  readonly spikes: { readonly t: Float64Array; readonly i: Int32Array; readonly v?: Float64Array };
  /** The current (nA) in each 10 ms segment, per neuron: `currents[segment][neuron]`. */
  readonly currents: readonly (readonly number[])[];
}

/**
 * The current of each neuron in each 10 ms segment, from a StateMonitor of `I` with dt = 10 ms
 * (which records at the start of each segment, after run_regularly / network_operation set it).
 */
export function currentsFrom(monitor: StateMonitor): number[][] {
  const I = monitor.values('I', 'nA');
  return Array.from(monitor.t, (_, s) => I.map((trace) => trace[s]!));
}

/** Prints what the tutorial's figure shows: per 10 ms segment the current, the range of v and the spikes. */
export function printHH(net: Network, title: string, statemon: StateMonitor, spikemon: SpikeMonitor | undefined, currents: readonly (readonly number[])[]): HHResult {
  const t = statemon.t;
  const v = statemon.values('v', 'mV');
  const spikeT = spikemon?.t ?? new Float64Array(0);
  const spikeI = spikemon?.i ?? new Int32Array(0);
  const spikeV = spikemon ? spikeValuesMV(spikemon) : undefined;
  console.log(`${title}: ${v.length} neuron(s), ${(net.t * 1e3).toFixed(1)} ms`);
  const segments = Math.round(net.t / 0.01);
  const eps = 1e-12;
  for (let s = 0; s < segments; s++) {
    const from = s * 0.01;
    const to = from + 0.01;
    const cells = v.map((trace, n) => {
      const { min, max } = range(trace.filter((_, k) => t[k]! >= from - eps && t[k]! < to - eps));
      const I = currents[s]?.[n];
      const at = [...spikeT].filter((x, k) => spikeI[k] === n && x >= from - eps && x < to - eps).map((x) => (x * 1e3).toFixed(1));
      const head = v.length > 1 ? `[${n}] ` : '';
      return `${head}I = ${I === undefined ? '?' : I.toFixed(2)} nA, v ${min.toFixed(1)}..${max.toFixed(1)} mV, ${at.length} spike(s)${at.length ? ` at ${at.join(', ')} ms` : ''}`;
    });
    console.log(`  ${String(Math.round(from * 1e3)).padStart(2)}-${Math.round(to * 1e3)} ms: ${cells.join(v.length > 1 ? '\n           ' : '')}`);
  }
  if (spikemon) console.log(`  spikes: ${spikemon.numSpikes}${spikeV ? `; v at the spikes (mV): ${[...spikeV].map((x) => x.toFixed(1)).join(' ')}` : ''}`);
  return { t, v, spikes: { t: spikeT, i: spikeI, ...(spikeV ? { v: spikeV } : {}) }, currents };
}

/** v at each spike in mV, if the monitor records it (`spikeMonitor(G, { variables: ['v'] })`). */
function spikeValuesMV(spikemon: SpikeMonitor): Float64Array | undefined {
  try {
    return Float64Array.from(spikemon.values('v'), (x) => x * 1e3);
  } catch {
    return undefined;
  }
}
