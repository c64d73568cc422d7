/**
 * Benchmark: parse + check the COBAHH model (Brette et al. 2007; the exprel version from Brian2's
 * examples) after warm-up. Target (issue #2): under 5 ms per model.
 *
 * Run: npm run bench:parts (or node dist/bench/parse-cobahh.js)
 */
import { checkModel, parseEquations, throwIfErrors } from '@neurite/parser';

const cobahh = `
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
const area = '20000*umetre**2';
const namespace = {
  Cm: `1*ufarad*cm**-2 * ${area}`,
  gl: `5e-5*siemens*cm**-2 * ${area}`,
  El: '-60 mV',
  EK: '-90 mV',
  ENa: '50 mV',
  g_na: `100*msiemens*cm**-2 * ${area}`,
  g_kd: `30*msiemens*cm**-2 * ${area}`,
  VT: '-63 mV',
  taue: '5 ms',
  taui: '10 ms',
  Ee: '0 mV',
  Ei: '-80 mV',
};

function once(): void {
  const parsed = throwIfErrors(parseEquations(cobahh));
  throwIfErrors(checkModel(parsed, { kind: 'neurons', namespace }));
}

const t0 = performance.now();
once();
const cold = performance.now() - t0;
for (let k = 0; k < 200; k++) once(); // warm-up: let V8 optimise the parser and checker
const samples: number[] = [];
for (let k = 0; k < 500; k++) {
  const s = performance.now();
  once();
  samples.push(performance.now() - s);
}
samples.sort((a, b) => a - b);
const q = (p: number) => samples[Math.floor(p * (samples.length - 1))]!;
const median = q(0.5);
const target = 5;
console.log('parse + check COBAHH (14 equations, 12 namespace quantities)');
console.log(`  first call (cold):   ${cold.toFixed(2)} ms`);
console.log(`  after warm-up:       median ${median.toFixed(3)} ms, p90 ${q(0.9).toFixed(3)} ms, min ${q(0).toFixed(3)} ms  (${samples.length} runs)`);
console.log(`  target:              < ${target} ms  -> ${median < target ? 'met' : 'NOT met'}`);
