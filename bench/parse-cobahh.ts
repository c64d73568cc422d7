/**
 * Benchmark: parse + check the COBAHH model (Brette et al. 2007; the exprel version from Brian2's
 * examples) after warm-up. Target (issue #2): under 5 ms per model.
 *
 * Run: npm run bench:parts (or node dist/bench/parse-cobahh.js)
 */
import { checkModel, parseEquations, throwIfErrors } from '@neurite/parser';
import { COBAHH_EQUATIONS, COBAHH_NAMESPACE } from './cobahh-model.js';

// The suite's COBAHH model and constants (the same text Brian2's COBAHH.py has).
const cobahh = COBAHH_EQUATIONS;
const namespace = COBAHH_NAMESPACE;

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
console.log(`parse + check COBAHH (14 equations, ${Object.keys(namespace).length} namespace quantities)`);
console.log(`  first call (cold):   ${cold.toFixed(2)} ms`);
console.log(`  after warm-up:       median ${median.toFixed(3)} ms, p90 ${q(0.9).toFixed(3)} ms, min ${q(0).toFixed(3)} ms  (${samples.length} runs)`);
console.log(`  target:              < ${target} ms  -> ${median < target ? 'met' : 'NOT met'}`);
