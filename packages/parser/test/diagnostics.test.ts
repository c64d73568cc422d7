/**
 * Diagnostics as data and as exceptions: `throwIfErrors` / `EquationError` carry the diagnostics
 * and print them as code frames, and every diagnostic any entry point produces points into the
 * text it was given.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkExpression,
  checkModel,
  checkStatements,
  EquationError,
  formatDiagnostic,
  formatDiagnostics,
  hasErrors,
  parseEquations,
  parseExpression,
  parseQuantity,
  parseStatements,
  SourceText,
  span,
  throwIfErrors,
  type CheckedModel,
  type Diagnostic,
  type HasDiagnostics,
} from '../src/index.js';
import { dedent } from './helpers/dedent.js';

const NS = { tau: '10 ms' };

function neuron(): CheckedModel {
  const r = throwIfErrors(checkModel(parseEquations('dv/dt = (-v + I*ohm)/tau : volt\nI : amp\nVr : volt (constant)'), { kind: 'neurons', namespace: NS }));
  return r.model!;
}

/** Calls `f` and returns what it threw. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an exception');
}

describe('throwIfErrors and EquationError', () => {
  it('returns a result without errors unchanged', () => {
    const parsed = parseEquations('dv/dt = -v/tau : volt');
    expect(throwIfErrors(parsed)).toBe(parsed);
  });

  it('throws an EquationError whose message is the formatted code frames, with the origin', () => {
    const r = checkModel(parseEquations('dv/dt = -v/tua : volt\nw : volts'), { kind: 'neurons', namespace: NS });
    const e = thrown(() => throwIfErrors(r, "NeuronGroup 'P', model"));
    expect(e).toBeInstanceOf(EquationError);
    expect(e).toBeInstanceOf(Error);
    const err = e as EquationError;
    expect(err.name).toBe('EquationError');
    expect(err.diagnostics).toBe(r.diagnostics);
    expect(err.diagnostics.map((d) => d.code)).toEqual(['unknown-identifier', 'unknown-unit']);
    expect(err.source).toBe(r.source);
    expect(err.origin).toBe("NeuronGroup 'P', model");
    expect(err.message).toBe(formatDiagnostics(r.diagnostics, r.source, { origin: "NeuronGroup 'P', model" }));
    expect(err.message).toBe(dedent`
      error[unknown-identifier]: unknown identifier 'tua'
        --> NeuronGroup 'P', model: line 1, column 12
        |
      1 | dv/dt = -v/tua : volt
        |            ^~~
        = hint: did you mean 'tau'?

      error[unknown-unit]: unknown unit 'volts'
        --> NeuronGroup 'P', model: line 2, column 5
        |
      2 | w : volts
        |     ^~~~~
        = hint: did you mean 'volt'?
    `);
  });

  it('without an origin, the frames say only line and column', () => {
    const e = thrown(() => throwIfErrors(parseExpression('v >'))) as EquationError;
    expect(e.origin).toBeUndefined();
    expect(e.message).toBe(dedent`
      error[syntax-error]: expected an expression but found the end of the line
        --> line 1, column 4
        |
      1 | v >
        |    ^
    `);
  });

  it('throws for errors found by checkStatements and checkExpression too', () => {
    const model = neuron();
    const s = thrown(() => throwIfErrors(checkStatements(parseStatements('v = 3\nVr = 0*mV'), model), 'reset')) as EquationError;
    expect(s.diagnostics.map((d) => d.code)).toEqual(['dimension-mismatch', 'read-only']);
    expect(s.message).toContain('--> reset: line 2, column 1');
    const x = thrown(() => throwIfErrors(checkExpression(parseExpression('v'), model, { expect: 'boolean', what: 'the threshold' }))) as EquationError;
    expect(x.diagnostics.map((d) => d.code)).toEqual(['not-boolean']);
  });

  it('does not throw for warnings alone', () => {
    const source = new SourceText('x : 1');
    const warning: Diagnostic = { code: 'syntax-error', severity: 'warning', message: 'just a warning', span: span(0, 1) };
    const result: HasDiagnostics = { source, diagnostics: [warning] };
    expect(hasErrors(result.diagnostics)).toBe(false);
    expect(throwIfErrors(result)).toBe(result);
    expect(formatDiagnostic(warning, source)).toBe(dedent`
      warning[syntax-error]: just a warning
        --> line 1, column 1
        |
      1 | x : 1
        | ^
    `);
  });

  it('can be constructed directly and caught as an Error', () => {
    const source = new SourceText('dv/dt = -v/tau');
    const d: Diagnostic = { code: 'missing-unit', severity: 'error', message: "the equation for 'v' has no unit", span: span(14) };
    const e = new EquationError([d], source, 'model');
    expect(e.message).toBe(formatDiagnostics([d], source, { origin: 'model' }));
    expect(e.stack).toContain('EquationError');
  });
});

// ---------------------------------------------------------------------------------------------
// Spans

/** Every diagnostic lies within its source and formats into a frame that shows its line. */
function expectSpansInSource(r: HasDiagnostics, label: string): void {
  const n = r.source.text.length;
  for (const d of r.diagnostics) {
    expect(d.span.start, `${label}: ${d.message}`).toBeGreaterThanOrEqual(0);
    expect(d.span.end, `${label}: ${d.message}`).toBeGreaterThanOrEqual(d.span.start);
    expect(d.span.end, `${label}: ${d.message}`).toBeLessThanOrEqual(n);
    const frame = formatDiagnostic(d, r.source);
    const { line } = r.source.position(d.span.start);
    expect(frame, label).toContain(`--> line ${line}, column `);
    expect(frame.split('\n').some((l) => /^ *\d+ \|/.test(l)), label).toBe(true);
  }
}

const BAD_MODELS = [
  'dv/dt = -v/tua : volt',
  'dv/dt = (-v + I/tau : volt\nI : amp',
  'dv/dt = -v/tau) : volt',
  'dv/dt = -(v/mV)^2*mV/tau : volt',
  'dv/dt = -v/tau',
  'dv/dt = -v/tau volt',
  'dv/dt = -v/tau : mV',
  'dv/dt = -v/tau : volts (unles refractory, constant)',
  'dv/dt = -v : volt',
  'x = v > 0*mV && v < 1*mV : boolean\nv : volt',
  'x = v[0] : volt\nv : volt',
  'dv/dx = -v/tau : volt',
  't : second\ni : 1\nmV : volt\nexp : 1\n_x : 1\nif : 1',
  'a = b : 1\nb = a : 1',
  'I = xi*rand()*nA : amp',
  'dv/dt = -v/tau : volt; w : 1',
  'dv/dt = : volt',
  '\tdv/dt = -v/tua : volt\n\n   # comment\n  w : volts  ',
  'dv/dt = -v/tau : volt\r\nw : volts\r\n',
  'x = "a" : 1',
  'x = 1 µ : 1',
  'x = 😀 : 1',
  'dv/dt = (-v\n  + I\n  + J)/tau : amp\nI : volt\nJ : volt',
  'x : volt (summed)\ny : 1 (event-driven, clock-driven, event-driven)',
  'dv/dt = -v/tau : volt',
];

const BAD_STATEMENTS = ['', '  \n# only a comment\n', 'v = 3', 'v *= 2*mV', 't = 0*ms', 'Vr = 0*mV', 'vv = 0', 'v == 3', 'v = ', 'v = 3*mV && 2', 'v += 1; ; I = 2*mV'];
const BAD_EXPRESSIONS = ['', 'v > 3', 'v - 20*mV', '0*mV < v < 10*mV', 'v > 0*mV && v < 1*mV', 'not v', 'v >\n  0*mV and\n  3', '(v > 0*mV'];
const BAD_QUANTITIES = ['', '10 mss', '10*mV + 5*ms', '10 ms ms', 'exp(5*mV)', '5 mV)'];

describe('no diagnostic span lies outside its source', () => {
  it('for bad models, parsed and checked (neurons and synapses)', () => {
    for (const text of BAD_MODELS) {
      const parsed = parseEquations(text);
      expectSpansInSource(parsed, text);
      expectSpansInSource(checkModel(parsed, { kind: 'neurons', namespace: NS }), text);
      expectSpansInSource(checkModel(parsed, { kind: 'synapses', namespace: { tau: '10 mss' } }), text);
    }
  });

  it('for bad code blocks, expressions and quantities', () => {
    const model = neuron();
    for (const text of BAD_STATEMENTS) {
      const parsed = parseStatements(text);
      expectSpansInSource(parsed, text);
      expectSpansInSource(checkStatements(parsed, model, { namespace: NS }), text);
    }
    for (const text of BAD_EXPRESSIONS) {
      const parsed = parseExpression(text);
      expectSpansInSource(parsed, text);
      expectSpansInSource(checkExpression(parsed, model, { expect: 'boolean', what: 'the threshold', namespace: NS }), text);
    }
    for (const text of BAD_QUANTITIES) expectSpansInSource(parseQuantity(text), text);
  });

  it('for random text made of the language’s characters', () => {
    const piece = fc.constantFrom(
      ...'()+-*/<>=:,;^&!#\n\t '.split(''),
      'v', 'tau', 'dv', 'dt', 'volt', 'mV', 'ms', 'xi', 'exp', 'rand', '1', '2.5', '**', 'and', 'not',
      '(unless refractory)', '(constant)', ' : volt', ' : 1', 'dv/dt = ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        const parsed = parseEquations(text);
        expectSpansInSource(parsed, text);
        expectSpansInSource(checkModel(parsed, { kind: 'neurons', namespace: NS }), text);
        expectSpansInSource(parseStatements(text), text);
        expectSpansInSource(parseExpression(text), text);
      }),
      { numRuns: 300 },
    );
  });
});
