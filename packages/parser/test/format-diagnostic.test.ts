/**
 * Golden tests for what a user sees: the exact formatted code frames (header, location, source
 * line, caret and hint) for common mistakes in model strings, code blocks and conditions, through
 * the public API (parse → check → formatDiagnostics). Each case pins the full text, so a change
 * in wording, span or hint shows up here and has to be deliberate.
 */
import { describe, expect, it } from 'vitest';
import {
  checkExpression,
  checkModel,
  checkStatements,
  formatDiagnostics,
  hasErrors,
  parseEquations,
  parseExpression,
  parseStatements,
  type CheckedModel,
  type CheckOptions,
  type FormatOptions,
  type HasDiagnostics,
  type Namespace,
} from '../src/index.js';
import { dedent } from './helpers/dedent.js';

const NS: Namespace = { tau: '10 ms' };

/** The formatted diagnostics of a result that must have errors. */
function report(r: HasDiagnostics, format: FormatOptions = {}): string {
  expect(hasErrors(r.diagnostics)).toBe(true);
  return formatDiagnostics(r.diagnostics, r.source, format);
}

/** Checks a NeuronGroup model (namespace: tau = 10 ms unless overridden) and formats its errors. */
function model(text: string, options: Partial<CheckOptions> = {}, format: FormatOptions = {}): string {
  const r = checkModel(parseEquations(text), { kind: 'neurons', namespace: NS, ...options });
  expect(r.model).toBeUndefined();
  return report(r, format);
}

/** The same for a Synapses model. */
function synapses(text: string, options: Partial<CheckOptions> = {}): string {
  return model(text, { kind: 'synapses', ...options });
}

/** A model that must check. */
function checked(text: string): CheckedModel {
  const r = checkModel(parseEquations(text), { kind: 'neurons', namespace: NS });
  expect(formatDiagnostics(r.diagnostics, r.source)).toBe('');
  return r.model!;
}

/** The neuron model that reset and threshold code runs against. */
const NEURON = checked('dv/dt = (-v + I*ohm)/tau : volt\nI : amp\nv_half = v/2 : volt\nVr : volt (constant)');

function reset(text: string): string {
  const r = checkStatements(parseStatements(text), NEURON, { namespace: NS });
  expect(r.statements).toBeUndefined();
  return report(r);
}

function threshold(text: string): string {
  const r = checkExpression(parseExpression(text), NEURON, { expect: 'boolean', what: 'the threshold', namespace: NS });
  expect(r.expr).toBeUndefined();
  return report(r);
}

it('dedent strips the common indentation and the blank first and last lines', () => {
  expect(dedent`
    a
      b

    \tc
  `).toBe('a\n  b\n\n\tc');
});

describe('syntax', () => {
  it("a missing ')' before the next equation", () => {
    expect(model('dv/dt = (-v + I*ohm/tau : volt\nI : amp')).toBe(dedent`
      error[unclosed-paren]: this '(' is never closed
        --> line 1, column 9
        |
      1 | dv/dt = (-v + I*ohm/tau : volt
        |         ^
        = hint: add the missing ')'
    `);
  });

  it("an extra ')'", () => {
    expect(model('dv/dt = -v/tau) : volt')).toBe(dedent`
      error[unmatched-paren]: this ')' has no matching '('
        --> line 1, column 15
        |
      1 | dv/dt = -v/tau) : volt
        |               ^
        = hint: remove it or add the missing '('
    `);
  });

  it("'^' instead of '**'", () => {
    expect(model('dv/dt = -(v/mV)^3*mV/tau : volt')).toBe(dedent`
      error[caret-power]: '^' is not an operator
        --> line 1, column 16
        |
      1 | dv/dt = -(v/mV)^3*mV/tau : volt
        |                ^
        = hint: use '**' for powers, as in Python: x**2
    `);
  });

  it('a missing unit', () => {
    expect(model('dv/dt = -v/tau')).toBe(dedent`
      error[missing-unit]: the equation for 'v' has no unit
        --> line 1, column 15
        |
      1 | dv/dt = -v/tau
        |               ^
        = hint: end the line with ': unit', e.g. ': volt', or ': 1' if it is dimensionless
    `);
  });

  it("a missing ':' before the unit", () => {
    expect(model('dv/dt = -v/tau volt')).toBe(dedent`
      error[missing-colon]: expected ':' before the unit 'volt'
        --> line 1, column 16
        |
      1 | dv/dt = -v/tau volt
        |                ^~~~
        = hint: write ': volt'
    `);
  });

  it("'&&' instead of 'and'", () => {
    expect(model('dv/dt = -v/tau : volt\nactive = v > -60*mV && v < -40*mV : boolean')).toBe(dedent`
      error[unexpected-character]: unexpected characters '&&'
        --> line 2, column 21
        |
      2 | active = v > -60*mV && v < -40*mV : boolean
        |                     ^~
        = hint: use 'and' for a logical and
    `);
  });

  it('a derivative that is not with respect to t', () => {
    expect(model('dv/dx = -v/tau : volt')).toBe(dedent`
      error[bad-differential]: 'dv/dx' is not a derivative with respect to time
        --> line 1, column 1
        |
      1 | dv/dx = -v/tau : volt
        | ^~~~~
        = hint: write a differential equation as 'dx/dt = ...' for a variable x
    `);
  });

  it('a chained comparison', () => {
    expect(threshold('-60*mV < v < -40*mV')).toBe(dedent`
      error[chained-comparison]: chained comparisons are not supported
        --> line 1, column 1
        |
      1 | -60*mV < v < -40*mV
        | ^~~~~~~~~~~~~~~~~~~
        = hint: write 'a < b and b < c' instead of 'a < b < c'
    `);
  });

  it("a missing expression after '='", () => {
    expect(model('dv/dt = -v/tau : volt\ndw/dt = : 1')).toBe(dedent`
      error[syntax-error]: expected an expression but found ':'
        --> line 2, column 9
        |
      2 | dw/dt = : 1
        |         ^
    `);
  });

  it('an empty code block', () => {
    expect(reset('')).toBe(dedent`
      error[empty-input]: the code block is empty
        --> line 1, column 1
        |
      1 |
        | ^
    `);
  });
});

describe('names', () => {
  it('a misspelt variable name gets a did-you-mean hint', () => {
    expect(model('dv/dt = -v/tua : volt')).toBe(dedent`
      error[unknown-identifier]: unknown identifier 'tua'
        --> line 1, column 12
        |
      1 | dv/dt = -v/tua : volt
        |            ^~~
        = hint: did you mean 'tau'?
    `);
  });

  it('a misspelt function name gets a did-you-mean hint', () => {
    expect(model('dv/dt = -v/tau + epx(v/mV)*mV/tau : volt')).toBe(dedent`
      error[unknown-function]: unknown function 'epx'
        --> line 1, column 18
        |
      1 | dv/dt = -v/tau + epx(v/mV)*mV/tau : volt
        |                  ^~~
        = hint: did you mean 'exp'?
    `);
  });

  it('an unknown unit used as a value', () => {
    expect(model('dv/dt = (-v + 10*mVolt)/tau : volt')).toBe(dedent`
      error[unknown-identifier]: unknown identifier 'mVolt'
        --> line 1, column 18
        |
      1 | dv/dt = (-v + 10*mVolt)/tau : volt
        |                  ^~~~~
        = hint: did you mean 'mvolt'?
    `);
  });

  it('a namespace string with an unknown unit', () => {
    expect(model('dv/dt = -v/tau : volt', { namespace: { tau: '10 mss' } })).toBe(dedent`
      error[invalid-namespace-value]: the namespace value of 'tau', '10 mss', is not a quantity: unknown unit 'mss'
        --> line 1, column 12
        |
      1 | dv/dt = -v/tau : volt
        |            ^~~
        = hint: did you mean 'ms'?
    `);
  });

  it('v_post in synapses without the postsynaptic group', () => {
    expect(synapses('w : 1\nI_syn = w*v_post/ohm : amp')).toBe(dedent`
      error[unknown-identifier]: 'v_post' refers to the postsynaptic group, whose variables were not given
        --> line 2, column 11
        |
      2 | I_syn = w*v_post/ohm : amp
        |           ^~~~~~
        = hint: pass 'post' (the checked model of the postsynaptic group) when checking synapses
    `);
  });

  it("defining the reserved name 't'", () => {
    expect(model('t : second')).toBe(dedent`
      error[reserved-name]: 't' is reserved (the current time) and cannot be defined in the model
        --> line 1, column 1
        |
      1 | t : second
        | ^
        = hint: choose another name
    `);
  });

  it("defining the reserved name 'i'", () => {
    expect(model('i : 1')).toBe(dedent`
      error[reserved-name]: 'i' is reserved (the index of the element) and cannot be defined in the model
        --> line 1, column 1
        |
      1 | i : 1
        | ^
        = hint: choose another name
    `);
  });

  it('a variable named like a unit', () => {
    expect(model('mV : volt')).toBe(dedent`
      error[shadows-name]: 'mV' is the name of a unit and cannot be a model variable
        --> line 1, column 1
        |
      1 | mV : volt
        | ^~
        = hint: choose another name
    `);
  });

  it('a variable named like a function', () => {
    expect(model('exp : 1')).toBe(dedent`
      error[shadows-name]: 'exp' is the name of a built-in function and cannot be a model variable
        --> line 1, column 1
        |
      1 | exp : 1
        | ^~~
        = hint: choose another name
    `);
  });

  it('a name with a leading underscore', () => {
    expect(model('_x : 1')).toBe(dedent`
      error[invalid-name]: '_x' is not a valid variable name: names starting with an underscore are reserved for internal use
        --> line 1, column 1
        |
      1 | _x : 1
        | ^~
    `);
  });

  it('a variable defined twice', () => {
    expect(model('Vr : volt\nVr : volt')).toBe(dedent`
      error[duplicate-definition]: 'Vr' is defined more than once
        --> line 2, column 1
        |
      2 | Vr : volt
        | ^~
        = hint: keep one definition per variable
    `);
  });
});

describe('the unit field and flags', () => {
  it("a misspelt unit in the unit field ('volts')", () => {
    expect(model('dv/dt = -v/tau : volts')).toBe(dedent`
      error[unknown-unit]: unknown unit 'volts'
        --> line 1, column 18
        |
      1 | dv/dt = -v/tau : volts
        |                  ^~~~~
        = hint: did you mean 'volt'?
    `);
  });

  it('a prefixed unit in the unit field', () => {
    expect(model('dv/dt = -v/tau : mV')).toBe(dedent`
      error[unit-not-base]: the unit field takes SI units without prefix, not 'mV'
        --> line 1, column 18
        |
      1 | dv/dt = -v/tau : mV
        |                  ^~
        = hint: write 'volt'; values are always stored in SI units
    `);
  });

  it('a prefixed compound unit in the unit field', () => {
    expect(model('g_leak : mS/cm**2')).toBe(dedent`
      error[unit-not-base]: the unit field takes SI units without prefix, not 'mS/cm**2'
        --> line 1, column 10
        |
      1 | g_leak : mS/cm**2
        |          ^~~~~~~~
        = hint: write 'siemens * metre ** -2'; values are always stored in SI units
    `);
  });

  it("'(summed)' on a parameter of a NeuronGroup", () => {
    expect(model('I : amp (summed)')).toBe(dedent`
      error[flag-not-allowed]: flag 'summed' is not allowed on a parameter in a NeuronGroup
        --> line 1, column 10
        |
      1 | I : amp (summed)
        |          ^~~~~~
        = hint: allowed here: 'constant', 'shared', 'linked'
    `);
  });

  it("'(unless refractory)' on a parameter", () => {
    expect(model('I : amp (unless refractory)')).toBe(dedent`
      error[flag-not-allowed]: flag 'unless refractory' is not allowed on a parameter in a NeuronGroup
        --> line 1, column 10
        |
      1 | I : amp (unless refractory)
        |          ^~~~~~~~~~~~~~~~~
        = hint: allowed here: 'constant', 'shared', 'linked'
    `);
  });

  it("'(event-driven)' in a NeuronGroup", () => {
    expect(model('dv/dt = -v/tau : volt (event-driven)')).toBe(dedent`
      error[flag-not-allowed]: flag 'event-driven' is not allowed on a differential equation in a NeuronGroup
        --> line 1, column 24
        |
      1 | dv/dt = -v/tau : volt (event-driven)
        |                        ^~~~~~~~~~~~
        = hint: allowed here: 'unless refractory'
    `);
  });

  it('a misspelt flag', () => {
    expect(model('dv/dt = -v/tau : volt (unles refractory)')).toBe(dedent`
      error[unknown-flag]: unknown flag 'unles refractory'
        --> line 1, column 24
        |
      1 | dv/dt = -v/tau : volt (unles refractory)
        |                        ^~~~~~~~~~~~~~~~
        = hint: did you mean 'unless refractory'?
    `);
  });

  it('a flag given twice', () => {
    expect(model('Vr : volt (constant, constant)')).toBe(dedent`
      error[duplicate-flag]: flag 'constant' is given twice
        --> line 1, column 22
        |
      1 | Vr : volt (constant, constant)
        |                      ^~~~~~~~
    `);
  });

  it("'event-driven' together with 'clock-driven'", () => {
    expect(synapses('dw/dt = -w/tau : 1 (event-driven, clock-driven)')).toBe(dedent`
      error[incompatible-flags]: flags 'event-driven' and 'clock-driven' cannot be combined
        --> line 1, column 35
        |
      1 | dw/dt = -w/tau : 1 (event-driven, clock-driven)
        |                                   ^~~~~~~~~~~~
    `);
  });
});

describe('units and types', () => {
  it('dv/dt with the unit of v (no time constant)', () => {
    expect(model('dv/dt = -v : volt')).toBe(dedent`
      error[dimension-mismatch]: the right side of dv/dt has unit volt, but dv/dt needs volt/second
        --> line 1, column 9
        |
      1 | dv/dt = -v : volt
        |         ^~
        = hint: the right side has the unit of v itself; divide it by a time constant, e.g. -v/tau
    `);
  });

  it('a time constant passed as a plain number', () => {
    expect(model('dv/dt = -v/tau : volt', { namespace: { tau: 0.01 } })).toBe(dedent`
      error[dimension-mismatch]: the right side of dv/dt has unit volt, but dv/dt needs volt/second
        --> line 1, column 9
        |
      1 | dv/dt = -v/tau : volt
        |         ^~~~~~
        = hint: the right side has the unit of v itself; the time constant it is divided by must have a unit of time (e.g. '10 ms' in the namespace, not 0.01)
    `);
  });

  it('exp() of a voltage', () => {
    expect(model('dv/dt = exp(v)*mV/tau : volt')).toBe(dedent`
      error[dimensionless-argument]: exp() needs a dimensionless argument, but this has unit volt
        --> line 1, column 13
        |
      1 | dv/dt = exp(v)*mV/tau : volt
        |             ^
        = hint: divide by a reference value, e.g. exp(v/mV)
    `);
  });

  it('log() of a time', () => {
    expect(model('dv/dt = log(t)*mV/tau : volt')).toBe(dedent`
      error[dimensionless-argument]: log() needs a dimensionless argument, but this has unit second
        --> line 1, column 13
        |
      1 | dv/dt = log(t)*mV/tau : volt
        |             ^
        = hint: divide by a reference time, e.g. log(t/ms)
    `);
  });

  it('adding volt and amp', () => {
    expect(model('dv/dt = (-v + I)/tau : volt\nI : amp')).toBe(dedent`
      error[dimension-mismatch]: cannot add volt and amp: both sides need the same unit
        --> line 1, column 10
        |
      1 | dv/dt = (-v + I)/tau : volt
        |          ^~~~~~
    `);
  });

  it('comparing a voltage with a plain number in a threshold', () => {
    expect(threshold('v > 3')).toBe(dedent`
      error[dimension-mismatch]: cannot compare volt and 1 (dimensionless): both sides need the same unit
        --> line 1, column 1
        |
      1 | v > 3
        | ^~~~~
        = hint: multiply a plain number by a unit, e.g. 5*mV instead of 5
    `);
  });

  it('a threshold that is not a condition', () => {
    expect(threshold('v - 20*mV')).toBe(dedent`
      error[not-boolean]: the threshold must be a boolean condition, but this is a value with unit volt
        --> line 1, column 1
        |
      1 | v - 20*mV
        | ^~~~~~~~~
        = hint: compare values, e.g. 'v > Vt'
    `);
  });

  it('a non-constant exponent of a quantity with a unit', () => {
    expect(model('dv/dt = -v**n/tau : volt\nn : 1')).toBe(dedent`
      error[exponent-not-constant]: a quantity with a unit can only be raised to a constant power
        --> line 1, column 13
        |
      1 | dv/dt = -v**n/tau : volt
        |             ^
        = hint: use a number as exponent, e.g. v**2, or make the base dimensionless
    `);
  });

  it('an exponent with a unit', () => {
    expect(model('dv/dt = -v*2**v/tau : volt')).toBe(dedent`
      error[dimension-mismatch]: an exponent must be dimensionless, but this has unit volt
        --> line 1, column 15
        |
      1 | dv/dt = -v*2**v/tau : volt
        |               ^
    `);
  });

  it('clip() with two arguments', () => {
    expect(model('dv/dt = -clip(v, 0)/tau : volt')).toBe(dedent`
      error[wrong-arity]: 'clip' takes 3 arguments, but 2 were given
        --> line 1, column 10
        |
      1 | dv/dt = -clip(v, 0)/tau : volt
        |          ^~~~~~~~~~
    `);
  });
});

describe('subexpressions, noise and summed variables', () => {
  it('subexpressions that refer to each other', () => {
    expect(model('a = 2*b : 1\nb = a + 1 : 1')).toBe(dedent`
      error[cyclic-subexpressions]: subexpressions refer to each other in a cycle: a -> b -> a
        --> line 1, column 1
        |
      1 | a = 2*b : 1
        | ^
        = hint: define at least one of them without the others
    `);
  });

  it("'xi' in a subexpression", () => {
    expect(model('I_noise = xi*sqrt(second)*nA : amp')).toBe(dedent`
      error[noise-not-allowed]: the noise term 'xi' can only appear in differential equations
        --> line 1, column 11
        |
      1 | I_noise = xi*sqrt(second)*nA : amp
        |           ^~
    `);
  });

  it("bare 'xi' in two equations", () => {
    expect(model('dv/dt = -v/tau + xi*mV/sqrt(tau) : volt\ndw/dt = -w/tau + xi/sqrt(tau) : 1')).toBe(dedent`
      error[noise-reused]: 'xi' is used in more than one equation, which would make them share one noise source
        --> line 2, column 18
        |
      2 | dw/dt = -w/tau + xi/sqrt(tau) : 1
        |                  ^~
        = hint: use separate noise terms 'xi_1', 'xi_2', ... (the same name means the same noise)
    `);
  });

  it("rand() in a subexpression without '(constant over dt)'", () => {
    expect(model('I_noise = rand()*nA : amp')).toBe(dedent`
      error[stochastic-subexpression]: the subexpression 'I_noise' draws random numbers, so its value would change every time it is used
        --> line 1, column 1
        |
      1 | I_noise = rand()*nA : amp
        | ^~~~~~~
        = hint: add the flag '(constant over dt)' to draw once per time step
    `);
  });

  it('a summed variable whose target does not exist', () => {
    expect(synapses('w : 1\nI_post = w*nA : amp (summed)', { post: checked('dv/dt = -v/tau : volt') })).toBe(dedent`
      error[summed-target]: the postsynaptic group has no variable 'I'
        --> line 2, column 1
        |
      2 | I_post = w*nA : amp (summed)
        | ^~~~~~
        = hint: declare it there as a parameter, e.g. 'I : amp'
    `);
  });
});

describe('statements (reset)', () => {
  it('assigning to a subexpression in a reset', () => {
    expect(reset('v_half = 0*mV')).toBe(dedent`
      error[read-only]: cannot assign to 'v_half': it is a subexpression, computed from its equation
        --> line 1, column 1
        |
      1 | v_half = 0*mV
        | ^~~~~~
    `);
  });

  it("assigning to 't' in a reset", () => {
    expect(reset('t = 0*ms')).toBe(dedent`
      error[read-only]: cannot assign to 't': it is set by the simulator
        --> line 1, column 1
        |
      1 | t = 0*ms
        | ^
    `);
  });

  it("assigning to a '(constant)' parameter in a reset", () => {
    expect(reset('Vr = -70*mV')).toBe(dedent`
      error[read-only]: cannot assign to 'Vr': it is declared '(constant)'
        --> line 1, column 1
        |
      1 | Vr = -70*mV
        | ^~
    `);
  });

  it('assigning a plain number to a voltage', () => {
    expect(reset('v = 3')).toBe(dedent`
      error[dimension-mismatch]: 'v' has unit volt, but the value assigned to it has unit 1 (dimensionless)
        --> line 1, column 5
        |
      1 | v = 3
        |     ^
        = hint: give the value a unit, e.g. 3*mV instead of 3
    `);
  });

  it('adding a plain number to a voltage', () => {
    expect(reset('v += 3')).toBe(dedent`
      error[dimension-mismatch]: 'v' has unit volt, but the value added to it has unit 1 (dimensionless)
        --> line 1, column 6
        |
      1 | v += 3
        |      ^
        = hint: give the value a unit, e.g. 3*mV instead of 3
    `);
  });

  it("multiplying by a voltage with '*='", () => {
    expect(reset('v *= 2*mV')).toBe(dedent`
      error[dimension-mismatch]: 'v' can only be multiplied by a dimensionless factor, but this has unit volt
        --> line 1, column 6
        |
      1 | v *= 2*mV
        |      ^~~~
    `);
  });
});

describe('layout of the frames', () => {
  it('several errors on different lines', () => {
    expect(model('dv/dt = -v/tua : volt\nI = v*amp : amp\nw : volts\ndx/dt = -x/tau : 1 (unles refractory)\nt : second')).toBe(dedent`
      error[unknown-identifier]: unknown identifier 'tua'
        --> line 1, column 12
        |
      1 | dv/dt = -v/tua : volt
        |            ^~~
        = hint: did you mean 'tau'?

      error[dimension-mismatch]: the right side of 'I' has unit watt, but 'I' needs amp
        --> line 2, column 5
        |
      2 | I = v*amp : amp
        |     ^~~~~

      error[unknown-unit]: unknown unit 'volts'
        --> line 3, column 5
        |
      3 | w : volts
        |     ^~~~~
        = hint: did you mean 'volt'?

      error[unknown-flag]: unknown flag 'unles refractory'
        --> line 4, column 21
        |
      4 | dx/dt = -x/tau : 1 (unles refractory)
        |                     ^~~~~~~~~~~~~~~~
        = hint: did you mean 'unless refractory'?

      error[reserved-name]: 't' is reserved (the current time) and cannot be defined in the model
        --> line 5, column 1
        |
      5 | t : second
        | ^
        = hint: choose another name
    `);
  });

  it('a dimension error spanning two lines', () => {
    expect(model('dv/dt = (-v\n         + I)/tau : volt\nI : amp')).toBe(dedent`
      error[dimension-mismatch]: cannot add volt and amp: both sides need the same unit
        --> line 1, column 10
        |
      1 | dv/dt = (-v
        |          ^~
      2 |          + I)/tau : volt
        |          ~~~
    `);
  });

  it('a tab-indented line', () => {
    expect(model('dv/dt = -v/tau : volt\n\tI = v*amp : amp')).toBe(dedent`
      error[dimension-mismatch]: the right side of 'I' has unit watt, but 'I' needs amp
        --> line 2, column 6
        |
      2 | \tI = v*amp : amp
        | \t    ^~~~~
    `);
  });

  it('a line number with two digits', () => {
    expect(model('# a neuron\n\n\n\n\n\n\n\n\ndv/dt = -v/tua : volt')).toBe(dedent`
      error[unknown-identifier]: unknown identifier 'tua'
         --> line 10, column 12
         |
      10 | dv/dt = -v/tua : volt
         |            ^~~
         = hint: did you mean 'tau'?
    `);
  });

  it('the origin option', () => {
    expect(model('dv/dt = -v/tua : volt', {}, { origin: "NeuronGroup 'P', model" })).toBe(dedent`
      error[unknown-identifier]: unknown identifier 'tua'
        --> NeuronGroup 'P', model: line 1, column 12
        |
      1 | dv/dt = -v/tua : volt
        |            ^~~
        = hint: did you mean 'tau'?
    `);
  });
});
