/**
 * The models whose generated kernels are pinned as golden files (test/golden/<case>/expected.*.js).
 * Each is a model users actually write (Brian's examples and tutorials), compiled with the
 * integration method Brian would use.
 */
import type { CompileModelOptions } from '../../src/compile.js';

export interface GoldenCase {
  readonly name: string;
  readonly equations: string;
  readonly options: CompileModelOptions;
  /** Backends this case is pinned for (GPU kernels cannot call JS functions such as TimedArrays yet). */
  readonly backends: readonly ('js' | 'gpujs')[];
}

const BOTH = ['js', 'gpujs'] as const;

const HH_AREA = '20000*umetre**2';
const COBAHH_NS = {
  Cm: `1*ufarad*cm**-2 * ${HH_AREA}`,
  gl: `5e-5*siemens*cm**-2 * ${HH_AREA}`,
  El: '-60 mV',
  EK: '-90 mV',
  ENa: '50 mV',
  g_na: `100*msiemens*cm**-2 * ${HH_AREA}`,
  g_kd: `30*msiemens*cm**-2 * ${HH_AREA}`,
  VT: '-63 mV',
  taue: '5 ms',
  taui: '10 ms',
  Ee: '0 mV',
  Ei: '-80 mV',
};

export const GOLDEN_CASES: readonly GoldenCase[] = [
  {
    name: 'cuba',
    equations: `
      dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
      dge/dt = -ge/taue : volt
      dgi/dt = -gi/taui : volt`,
    options: {
      name: 'cuba',
      method: 'exact',
      threshold: 'v>Vt',
      reset: 'v = Vr',
      refractory: '5 ms',
      namespace: { taum: '20 ms', taue: '5 ms', taui: '10 ms', Vt: '-50 mV', Vr: '-60 mV', El: '-49 mV' },
    },
    backends: BOTH,
  },
  {
    name: 'cobahh',
    equations: `
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
      beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz`,
    options: { name: 'cobahh', method: 'exponential_euler', threshold: 'v>-20*mV', refractory: '3 ms', namespace: COBAHH_NS },
    backends: BOTH,
  },
  {
    name: 'hh-tutorial',
    equations: `
      dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/C : volt
      dm/dt = 0.32*(mV**-1)*(13.*mV-v+VT)/
          (exp((13.*mV-v+VT)/(4.*mV))-1.)/ms*(1-m)-0.28*(mV**-1)*(v-VT-40.*mV)/
          (exp((v-VT-40.*mV)/(5.*mV))-1.)/ms*m : 1
      dn/dt = 0.032*(mV**-1)*(15.*mV-v+VT)/
          (exp((15.*mV-v+VT)/(5.*mV))-1.)/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
      dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
      I : amp (shared)
      C : farad`,
    options: {
      name: 'hh',
      method: 'exponential_euler',
      threshold: 'v > -40*mV',
      refractory: 'v > -40*mV',
      namespace: { gl: `5e-5*siemens*cm**-2 * ${HH_AREA}`, El: '-65 mV', EK: '-90 mV', ENa: '50 mV', g_na: `100*msiemens*cm**-2 * ${HH_AREA}`, g_kd: `30*msiemens*cm**-2 * ${HH_AREA}`, VT: '-63 mV' },
    },
    backends: BOTH,
  },
  {
    name: 'lif-tau-per-neuron',
    equations: 'dv/dt = -v/tau : 1\ntau : second',
    options: { name: 'lif', method: 'exact', threshold: 'v>1', reset: 'v=0' },
    backends: BOTH,
  },
  {
    name: 'two-variable-linear',
    equations: 'dv/dt = (w - v)/tau1 : 1\ndw/dt = -w/tau2 : 1',
    options: { name: 'linear2', method: 'exact', namespace: { tau1: '10 ms', tau2: '3 ms' } },
    backends: BOTH,
  },
  {
    name: 'sine-input-euler',
    equations: 'dv/dt = (I-v)/tau : 1\nI = A*sin(2*pi*f*t) : 1',
    options: { name: 'sine', method: 'euler', threshold: 'v>1', reset: 'v=0', namespace: { A: 2.5, f: '10 Hz', tau: '5 ms' } },
    backends: BOTH,
  },
  {
    name: 'timed-array-exact',
    equations: 'dv/dt = (I-v)/tau : 1\nI = I_recorded(t) : 1',
    options: {
      name: 'ta',
      method: 'exact',
      threshold: 'v>1',
      reset: 'v=0',
      namespace: {
        tau: '5 ms',
        I_recorded: { kind: 'function', arity: 1, argDims: [[0, 0, 1, 0, 0, 0, 0]], returnDim: [0, 0, 0, 0, 0, 0, 0], constantOverDt: true, implementation: (t: number) => (t < 0.01 ? 2 : 0) },
      },
    },
    backends: ['js'],
  },
  {
    name: 'ornstein-uhlenbeck-euler',
    equations: 'dv/dt = -v/tau + sigma*xi*tau**-0.5 : 1',
    options: { name: 'ou', method: 'euler', namespace: { tau: '10 ms', sigma: 0.5 } },
    backends: BOTH,
  },
  {
    name: 'brunel-hakim',
    equations: 'dV/dt = (-V + muext + sigmaext*sqrt(tau)*xi)/tau : volt',
    options: {
      name: 'bh',
      threshold: 'V>theta',
      reset: 'V=Vr',
      refractory: '2 ms',
      namespace: { tau: '20 ms', muext: '25 mV', sigmaext: '1 mV', theta: '20 mV', Vr: '10 mV' },
    },
    backends: BOTH,
  },
  {
    name: 'gbm-heun',
    equations: 'dx/dt = mu*x + s*x*xi*second**-0.5 : 1',
    options: { name: 'gbm', method: 'heun', namespace: { mu: '0.5 Hz', s: 0.2 } },
    backends: BOTH,
  },
  {
    name: 'gbm-milstein',
    equations: 'dx/dt = mu*x + s*x*xi*second**-0.5 : 1',
    options: { name: 'gbm', method: 'milstein', namespace: { mu: '0.5 Hz', s: 0.2 } },
    backends: BOTH,
  },
  {
    name: 'logistic-rk4',
    equations: 'dx/dt = x*(1-x)/tau : 1',
    options: { name: 'logistic', method: 'rk4', namespace: { tau: '10 ms' } },
    backends: BOTH,
  },
  {
    name: 'izhikevich-rk2',
    equations: `
      dv/dt = (0.04/mV*v**2 + 5*v + 140*mV - u + I)/ms : volt
      du/dt = a*(b*v - u)/ms : volt
      I : volt`,
    options: { name: 'izh', method: 'rk2', threshold: 'v >= 30*mV', reset: 'v = c\nu += d', namespace: { a: 0.02, b: 0.2, c: '-65 mV', d: '8 mV' } },
    backends: BOTH,
  },
  {
    name: 'adex-default-method',
    equations: `
      dvm/dt = (gL*(EL - vm) + gL*DeltaT*exp((vm - VT)/DeltaT) + I - w)/C : volt
      dw/dt = (a*(vm - EL) - w)/tauw : amp
      I : amp`,
    options: {
      name: 'adex',
      threshold: 'vm > -40*mV',
      reset: 'vm = Vr\nw += b',
      namespace: { C: '281 pF', gL: '30 nS', EL: '-70.6 mV', VT: '-50.4 mV', DeltaT: '2 mV', tauw: '144 ms', a: '4 nS', b: '0.0805 nA', Vr: '-70.6 mV' },
    },
    backends: BOTH,
  },
  {
    // Brian's custom events and linked variables: the input current is another group's variable,
    // read through an index array; 'up' is checked like a threshold, without refractoriness.
    name: 'events-linked',
    equations: `
      dv/dt = (I_in - v)/tau : 1 (unless refractory)
      I_in : 1 (linked)`,
    options: { name: 'neurons', method: 'exact', threshold: 'v > 1', reset: 'v = 0', refractory: '3 ms', events: { up: 'v > 0.7*I_in' }, namespace: { tau: '10 ms' } },
    backends: BOTH,
  },
];
