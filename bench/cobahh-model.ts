/**
 * The COBAHH network (Brette et al. 2007, benchmark 3; Brian2's examples/COBAHH.py and
 * ../shared/brian2/cobahh.py): N Hodgkin–Huxley neurons, 80 % excitatory, 80 synapses per neuron
 * on average (p = 0.02·4000/N, as the Brian script scales it). Shared by examples/cobahh/main.ts
 * and the benchmark suite so that both simulate exactly the same model.
 */
import type { NeuronGroup, Network, SpikeMonitor, Synapses } from '@neurite/runtime';

/** The model of Brian's COBAHH.py, verbatim (with `exprel` rates). */
export const COBAHH_EQUATIONS = `
dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-
         g_na*(m*m*m)*h*(v-ENa)-
         g_kd*(n*n*n*n)*(v-EK))/Cm : volt
dm/dt = alpha_m*(1-m)-beta_m*m : 1
dn/dt = alpha_n*(1-n)-beta_n*n : 1
dh/dt = alpha_h*(1-h)-beta_h*h : 1
dge/dt = -ge*(1./taue) : siemens
dgi/dt = -gi*(1./taui) : siemens
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
`;

/** The constants of Brian's COBAHH.py (membrane area 20 000 µm²). */
export const COBAHH_NAMESPACE = {
  area: '20000*umetre**2',
  Cm: '(1*ufarad*cm**-2) * 20000*umetre**2',
  gl: '(5e-5*siemens*cm**-2) * 20000*umetre**2',
  El: '-60 mV',
  EK: '-90 mV',
  ENa: '50 mV',
  g_na: '(100*msiemens*cm**-2) * 20000*umetre**2',
  g_kd: '(30*msiemens*cm**-2) * 20000*umetre**2',
  VT: '-63 mV',
  taue: '5 ms',
  taui: '10 ms',
  Ee: '0 mV',
  Ei: '-80 mV',
  we: '6 nS', // excitatory synaptic weight
  wi: '67 nS', // inhibitory synaptic weight
} as const;

/** What {@link buildCobahh} adds to the network. */
export interface CobahhModel {
  readonly P: NeuronGroup;
  readonly Ce: Synapses;
  readonly Ci: Synapses;
  /** Size of the excitatory population (the first `Ne` neurons). */
  readonly Ne: number;
  readonly spikes: SpikeMonitor;
}

/**
 * Adds COBAHH's group, synapses (connected), random initial state and a spike monitor to `net`.
 * The order of the random draws (connect, then v, ge, gi) is the example's, so a given seed gives
 * the same network as before the builder was factored out.
 */
export function buildCobahh(net: Network, N: number): CobahhModel {
  const Ne = Math.floor(N * 0.8);
  const p = (0.02 * 4000) / N;
  const P = net.neuronGroup(N, COBAHH_EQUATIONS, {
    threshold: 'v>-20*mV',
    refractory: '3 ms',
    method: 'exponential_euler',
    namespace: COBAHH_NAMESPACE,
  });
  const Ce = net.synapses(P.slice(0, Ne), P, { onPre: 'ge+=we', namespace: COBAHH_NAMESPACE });
  const Ci = net.synapses(P.slice(Ne, N), P, { onPre: 'gi+=wi', namespace: COBAHH_NAMESPACE });
  Ce.connect({ p });
  Ci.connect({ p });

  P.set('v', 'El + (randn() * 5 - 5)*mV');
  P.set('ge', '(randn() * 1.5 + 4) * 10.*nS');
  P.set('gi', '(randn() * 12 + 20) * 10.*nS');
  return { P, Ce, Ci, Ne, spikes: net.spikeMonitor(P) };
}
