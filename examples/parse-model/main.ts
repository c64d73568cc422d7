/**
 * The main demo while the simulator is being built: parse and check the CUBA benchmark model
 * (Brette et al. 2007), print what the checker knows about every variable, then show what a
 * mistake in a model looks like.
 *
 * Run: npm start
 */
import {
  checkExpression,
  checkModel,
  checkStatements,
  formatDiagnostics,
  formatDimension,
  parseEquations,
  parseExpression,
  parseStatements,
  printEquation,
  throwIfErrors,
} from '@neurite/parser';

const cuba = `
  dv/dt  = (ge + gi - (v - El))/taum : volt (unless refractory)
  dge/dt = -ge/taue : volt
  dgi/dt = -gi/taui : volt
`;
const namespace = { taum: '20 ms', taue: '5 ms', taui: '10 ms', Vt: '-50 mV', Vr: '-60 mV', El: '-49 mV' };

const started = performance.now();
const parsed = throwIfErrors(parseEquations(cuba), "NeuronGroup 'P', model");
const { model } = throwIfErrors(checkModel(parsed, { kind: 'neurons', namespace }), "NeuronGroup 'P', model");
const threshold = throwIfErrors(checkExpression(parseExpression('v > Vt'), model!, { expect: 'boolean', what: 'the threshold', namespace }));
const reset = throwIfErrors(checkStatements(parseStatements('v = Vr'), model!, { namespace }));
const elapsed = performance.now() - started;

console.log('CUBA model, parsed and checked:\n');
for (const eq of parsed.equations) console.log(`  ${printEquation(eq)}`);
console.log('\nVariables:');
for (const v of model!.variables.values()) {
  if (v.origin === 'internal') continue;
  console.log(`  ${v.name.padEnd(4)} ${v.origin.padEnd(12)} ${formatDimension(v.dim)}${v.flags.length ? `  (${v.flags.join(', ')})` : ''}`);
}
console.log('\nConstants taken from the namespace (in SI units):');
const externals = new Map([...model!.externals, ...threshold.externals, ...reset.externals]);
for (const [name, sym] of externals) {
  if (sym.kind === 'constant') console.log(`  ${name.padEnd(5)} = ${sym.value} ${formatDimension(sym.dim)}`);
}
console.log(`\nParsed and checked in ${elapsed.toFixed(1)} ms (first call, cold).`);

console.log('\nAnd a model with three mistakes — all of them are reported:\n');
const bad = `dv/dt = (ge - (v - El)/taum : volt
dge/dt = -ge : volt
dgi/dt = -gi/tua : volt`;
const checked = checkModel(parseEquations(bad), { kind: 'neurons', namespace });
console.log(formatDiagnostics(checked.diagnostics, checked.source, { origin: "NeuronGroup 'P', model" }));
