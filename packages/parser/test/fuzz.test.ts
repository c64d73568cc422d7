/**
 * Robustness: valid models, mangled at random, must never crash the parser, and whatever comes
 * back must be usable — well-formed diagnostics whose spans lie in the text and that format into
 * code frames, or, when there are no errors, a complete result that prints and parses back to
 * itself.
 */
import { MAX_LINE_TOKENS } from '../src/lexer/lines.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { walkExpr, type CheckedModel, type Equation, type Expr, type Statement } from '../src/ast.js';
import { checkModel } from '../src/check/check-model.js';
import type { GroupKind } from '../src/check/flags.js';
import { hasErrors, type HasDiagnostics } from '../src/diagnostics.js';
import { formatDiagnostics } from '../src/format-diagnostic.js';
import { parseEquations, parseExpression, parseQuantity, parseStatements } from '../src/parse.js';
import { printEquation, printExpr, printStatement } from '../src/print.js';
import type { Span } from '../src/source.js';
import { stripSpans } from './helpers/strip-spans.js';

// ---------------------------------------------------------------------------------------------
// Corpus: Brian's standard examples, each tagged with the entry point it is valid for.

const CUBA = 'dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)\ndge/dt = -ge/taue : volt\ndgi/dt = -gi/taui : volt';

// As written in Brian's COBAHH example: a leading newline, a continued first equation, `1.` and `.5`.
const COBAHH = `
dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-
         g_na*(m*m*m)*h*(v-ENa)-
         g_kd*(n*n*n*n)*(v-EK))/Cm : volt
dm/dt = alpha_m*(1-m)-beta_m*m : 1
dn/dt = alpha_n*(1-n)-beta_n*n : 1
dh/dt = alpha_h*(1-h)-beta_h*h : 1
dge/dt = -ge*(1./taue) : siemens
dgi/dt = -gi*(1./taui) : siemens
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13.*mV-v+VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40.*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms : Hz
beta_h = 4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15.*mV-v+VT)/(5.*mV))/ms : Hz
beta_n = .5*exp((10.*mV-v+VT)/(40.*mV))/ms : Hz
`;

const STDP = `w : 1
dApre/dt = -Apre / taupre : 1 (event-driven)
dApost/dt = -Apost / taupost : 1 (event-driven)  # traces
I_syn_post = w * gmax * (Esyn - v_post) : amp (summed)`;

/** The neuron group the STDP synapses connect (pre and post), and the model the checker resolves `v_post` in. */
const POST_NEURONS = 'dv/dt = (El - v)/taum + I_syn/Cm : volt (unless refractory)\nI_syn : amp';

const FLAGS_MODEL = 'x : boolean (shared, constant)\nk : integer\ny = k * 2.5 : 1 (constant over dt)';

/** Each model with the group kind it is written for. */
const MODELS: readonly { readonly text: string; readonly kind: GroupKind }[] = [
  { text: CUBA, kind: 'neurons' },
  { text: COBAHH, kind: 'neurons' },
  { text: STDP, kind: 'synapses' },
  { text: POST_NEURONS, kind: 'neurons' },
  { text: FLAGS_MODEL, kind: 'neurons' },
];
const EQUATIONS = MODELS.map((m) => m.text);

/** The constants the models use, as users pass them. */
const NAMESPACE = {
  taum: '20 ms', taue: '5 ms', taui: '10 ms', El: '-49 mV', Ee: '0 mV', Ei: '-80 mV',
  gl: '10 nS', g_na: '20 uS', g_kd: '6 uS', Cm: '200 pF', ENa: '50 mV', EK: '-90 mV', VT: '-63 mV',
  taupre: '20 ms', taupost: '20 ms', gmax: '1 nS', Esyn: '0 mV',
} as const;

/** The checked {@link POST_NEURONS} group; built on first use, so a checker problem fails only the checker tests. */
let post: CheckedModel | undefined;
function postGroup(): CheckedModel {
  if (post) return post;
  const r = checkModel(parseEquations(POST_NEURONS), { kind: 'neurons', namespace: NAMESPACE });
  if (!r.model) throw new Error(`test setup: the postsynaptic model does not check:\n${formatDiagnostics(r.diagnostics, r.source)}`);
  return (post = r.model);
}

const STATEMENTS = ['v = Vr; w += 1\nx *= 2', 'ge += w\nApre += dApre\nw = clip(w + Apost, 0, gmax)', 'Apost += dApost; w = clip(w + Apre, 0, wmax)', 'v /= 2; h -= 0.5'];
const EXPRESSIONS = ['v > Vt and not_refractory', 'v > -20*mV', 'rand() < 0.02 * (1 - abs(i - j) / 10.)', 'i != j or not (x <= 2**-1)', 't % (10*ms) == 0*ms'];
const QUANTITIES = ['-65 mV', '0.1*ms', '10 Hz', '1*ufarad*cm**-2 * 20000*umetre**2', '(50*mV)**2'];
const CORPUS = [...EQUATIONS, ...STATEMENTS, ...EXPRESSIONS, ...QUANTITIES];

// ---------------------------------------------------------------------------------------------
// Mutations

/** Single characters to insert: operators, brackets, digits, letters, whitespace, and non-ASCII (µ, é, an astral emoji). */
const CHARS = [...'()[]:;^*/+-=<>!&|#.,_0123456789abcdefghijklmnopqrstuvwxyzTFE \n\t\r\\"\'', 'µ', 'é', '😀'];
/** Whole tokens, so that mutations also produce well-formed but unexpected token sequences. */
const TOKENS = [' and ', ' or ', ' not ', 'True', 'dt', '**', '//', '==', '+=', ' : volt', ' (constant)', 'exp(', '1e999', '.5', '\\\n', '\n  '];

type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'swap'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly to: number }
  | { readonly kind: 'truncate'; readonly at: number };

/** Runs per property; raise it for a longer hunt: `NEURITE_FUZZ_RUNS=50000 npx vitest run .../fuzz.test.ts`. */
const RUNS = Number(process.env['NEURITE_FUZZ_RUNS'] ?? 300);
/** About 3 ms a run on a laptop; the default 60 s budget would cut a long hunt short. */
const TIMEOUT_MS = Math.max(60_000, RUNS * 20);

const MAX_LENGTH = 1999; // keeps every input small, so that a run that hangs is a bug, not a big input

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...CHARS) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }), to: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Applies one mutation; positions are taken modulo the length, so any number is a valid position. */
function mutate(s: string, m: Mutation): string {
  const at = m.at % (s.length + 1);
  switch (m.kind) {
    case 'delete':
      return s.slice(0, at) + s.slice(at + 1);
    case 'insert':
      return s.slice(0, at) + m.text + s.slice(at);
    case 'swap':
      return at + 1 < s.length ? s.slice(0, at) + s[at + 1]! + s[at]! + s.slice(at + 2) : s;
    case 'duplicate': {
      const piece = s.slice(at, at + m.length);
      const to = m.to % (s.length + 1);
      return s.slice(0, to) + piece + s.slice(to);
    }
    case 'truncate':
      return s.slice(0, at);
  }
}

const mutatedArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...CORPUS), fc.array(mutationArb, { minLength: 1, maxLength: 8 }))
  .map(([text, ms]) => ms.reduce(mutate, text).slice(0, MAX_LENGTH));

// ---------------------------------------------------------------------------------------------
// What every result must satisfy

function expectSpanIn(s: Span, outer: Span, what: string): void {
  expect(s.start <= s.end && s.start >= outer.start && s.end <= outer.end, `${what} span ${s.start}..${s.end} is outside ${outer.start}..${outer.end}`).toBe(true);
}

/** Diagnostics are well formed, point into the text, and format into code frames naming their lines. */
function expectWellFormed(text: string, r: HasDiagnostics): void {
  expect(r.source.text).toBe(text);
  const all: Span = { start: 0, end: text.length };
  for (const d of r.diagnostics) {
    expect(d.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(['error', 'warning']).toContain(d.severity);
    expect(d.message.trim(), d.code).not.toBe('');
    if (d.hint !== undefined) expect(d.hint.trim(), d.code).not.toBe('');
    expectSpanIn(d.span, all, `diagnostic '${d.code}'`);
  }
  const formatted = formatDiagnostics(r.diagnostics, r.source);
  for (const d of r.diagnostics) {
    const { line, column } = r.source.position(d.span.start);
    expect(formatted).toContain(`line ${line}, column ${column}`);
    expect(formatted).toContain(`${d.severity}[${d.code}]`);
  }
}

/** Every node's span lies in the text and inside its parent's span. */
function expectExprSpans(e: Expr, outer: Span): void {
  expectSpanIn(e.span, outer, e.kind);
  walkExpr(e, (n) => {
    const inner = (c: Expr) => expectSpanIn(c.span, n.span, `${c.kind} in ${n.kind}`);
    if (n.kind === 'call') {
      expectSpanIn(n.calleeSpan, n.span, 'callee');
      n.args.forEach(inner);
    } else if (n.kind === 'unary') inner(n.operand);
    else if (n.kind === 'binary') {
      inner(n.left);
      inner(n.right);
    }
  });
}

function expectEquationSpans(eq: Equation, all: Span): void {
  expectSpanIn(eq.span, all, 'equation');
  expectSpanIn(eq.nameSpan, eq.span, 'equation name');
  expectSpanIn(eq.unit.span, eq.span, 'unit field');
  if (eq.unit.expr) expectExprSpans(eq.unit.expr, eq.unit.span);
  for (const f of eq.flags) expectSpanIn(f.span, eq.span, 'flag');
  if (eq.kind !== 'parameter') expectExprSpans(eq.expr, eq.span);
}

function expectStatementSpans(s: Statement, all: Span): void {
  expectSpanIn(s.span, all, 'statement');
  expectSpanIn(s.targetSpan, s.span, 'statement target');
  expectExprSpans(s.expr, s.span);
}

/** Runs every entry point on `text` and checks all of the above. */
function checkAllEntryPoints(text: string): void {
  const all: Span = { start: 0, end: text.length };

  const eqs = parseEquations(text);
  expectWellFormed(text, eqs);
  for (const eq of eqs.equations) expectEquationSpans(eq, all);
  if (!hasErrors(eqs.diagnostics)) {
    const printed = eqs.equations.map((eq) => printEquation(eq)).join('\n');
    const again = parseEquations(printed);
    expect(again.diagnostics, printed).toEqual([]);
    expect(stripSpans(again.equations), printed).toEqual(stripSpans(eqs.equations));
  }

  const stmts = parseStatements(text);
  expectWellFormed(text, stmts);
  for (const s of stmts.statements) expectStatementSpans(s, all);
  if (!hasErrors(stmts.diagnostics)) {
    // No errors means a usable result: a code block is never empty without saying so.
    expect(stmts.statements.length).toBeGreaterThan(0);
    const printed = stmts.statements.map(printStatement).join('\n');
    const again = parseStatements(printed);
    expect(again.diagnostics, printed).toEqual([]);
    expect(stripSpans(again.statements), printed).toEqual(stripSpans(stmts.statements));
  }

  const expr = parseExpression(text);
  expectWellFormed(text, expr);
  if (expr.expr) expectExprSpans(expr.expr, all);
  if (!hasErrors(expr.diagnostics)) {
    expect(expr.expr).toBeDefined();
    const printed = printExpr(expr.expr!);
    const again = parseExpression(printed);
    expect(again.diagnostics, printed).toEqual([]);
    expect(stripSpans(again.expr), printed).toEqual(stripSpans(expr.expr));
  }

  const qty = parseQuantity(text);
  expectWellFormed(text, qty);
  // A quantity is returned exactly when there is nothing to report.
  expect(qty.quantity === undefined, `quantity of '${text}'`).toBe(hasErrors(qty.diagnostics));
}

// ---------------------------------------------------------------------------------------------

describe('parser robustness', () => {
  it('the corpus is valid for the entry point it is written for', () => {
    for (const t of EQUATIONS) expect(parseEquations(t).diagnostics, t).toEqual([]);
    for (const t of STATEMENTS) expect(parseStatements(t).diagnostics, t).toEqual([]);
    for (const t of EXPRESSIONS) expect(parseExpression(t).diagnostics, t).toEqual([]);
    for (const t of QUANTITIES) expect(parseQuantity(t).diagnostics, t).toEqual([]);
    for (const t of CORPUS) checkAllEntryPoints(t);
  });

  it('reports input with nothing to parse as empty (found by this fuzzer)', () => {
    // Only line continuations, or only ';' in code, used to give no result and no diagnostic.
    for (const text of ['\\\n', '\\\r\n \\\n# c']) {
      expect(parseExpression(text).diagnostics.map((d) => d.code)).toEqual(['empty-input']);
      expect(parseQuantity(text).diagnostics.map((d) => d.code)).toEqual(['empty-input']);
      expect(parseStatements(text).diagnostics.map((d) => d.code)).toEqual(['empty-input']);
    }
    for (const text of [';', ' ; ;\n', '# a; b\n;']) expect(parseStatements(text).diagnostics.map((d) => d.code)).toEqual(['empty-input']);
    // ... while ';' in an expression stays a syntax error, and a trailing ';' after a statement is fine.
    expect(parseExpression(';').diagnostics.map((d) => d.code)).toEqual(['syntax-error']);
    expect(parseStatements('v = 1;').diagnostics).toEqual([]);
  });

  it('mutated models never crash the parser and give well-formed results', () => {
    fc.assert(
      fc.property(mutatedArb, (text) => {
        checkAllEntryPoints(text);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('random strings over the model alphabet never crash the parser', () => {
    const pieces = fc.constantFrom(...CHARS, ...TOKENS, 'v', 'mV', 'x', ' = ', ': ', '(', ')');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }).map((ps) => ps.join('')), (text) => {
        checkAllEntryPoints(text);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  // Deep nesting used to overflow the stack inside the recursive-descent parser (from about 200
  // nested parentheses, a 401-character input) and throw a RangeError; the layout step now limits
  // nesting and reports it. Mutations never nest that deep, hence these explicit cases.
  const deep = (open: string, inner: string, n: number) => open.repeat(n) + inner + ')'.repeat(n);
  it.each([
    ['parseExpression, nested parentheses', deep('(', 'v', 3000), parseExpression],
    ['parseQuantity, nested parentheses', deep('(', '1', 3000), parseQuantity],
    ['parseEquations, nested parentheses', `x = ${deep('(', 'v', 3000)} : 1`, parseEquations],
    ['parseStatements, nested parentheses', `x = ${deep('(', 'v', 3000)}`, parseStatements],
    ['parseExpression, nested calls', deep('exp(', 'v', 3000), parseExpression],
    ['parseExpression, a chain of unary minus', `${'-'.repeat(10000)}v`, parseExpression],
    ['parseExpression, a chain of not', `${'not '.repeat(5000)}v`, parseExpression],
    ['parseExpression, a chain of **', `${'v**-'.repeat(2000)}v`, parseExpression],
    ['parseEquations, nested parentheses in the unit', `x : ${deep('(', 'volt', 3000)}`, parseEquations],
  ] as const)('%s: reported, not thrown', (_what, text, parse) => {
    const r = parse(text);
    expect(hasErrors(r.diagnostics)).toBe(true);
    expectWellFormed(text, r);
  });

  // Very long chains (`1 + 1 + ...`, 30 000 terms) parse, but every later pass recurses down the
  // chain's left spine and used to overflow the stack (found by this fuzzer). The layout step now
  // caps a logical line at MAX_LINE_TOKENS tokens and reports longer lines as an error.
  const chain = (term: string, op: string, n: number) => Array<string>(n).fill(term).join(op);
  it.each([
    ['parseQuantity', () => parseQuantity(chain('1', '+', 30_000))],
    ['parseEquations, unit field', () => parseEquations(`x : ${chain('volt', '/', 30_000)}`)],
    ['checkModel', () => checkModel(parseEquations(`b = ${chain('v', ' + ', 30_000)} : 1\nv : 1`), { kind: 'neurons' })],
  ])('%s reports a 30 000-term chain as too long instead of throwing', (_what, run) => {
    const result = run();
    expect(result.diagnostics.map((d) => d.code)).toContain('too-long');
  });

  it('a chain just under the token limit still parses and checks', () => {
    const r = checkModel(parseEquations(`b = ${chain('v', ' + ', Math.floor(MAX_LINE_TOKENS / 2) - 5)} : 1\nv : 1`), { kind: 'neurons' });
    expect(r.diagnostics).toEqual([]);
  });

  it('the corpus models check without errors', () => {
    for (const m of MODELS) {
      const r = checkModel(parseEquations(m.text), { kind: m.kind, namespace: NAMESPACE, pre: postGroup(), post: postGroup() });
      expect(r.diagnostics, m.text).toEqual([]);
      expect(r.model).toBeDefined();
    }
  });

  it('checkModel on mutated models never crashes and gives well-formed diagnostics', () => {
    const arb = fc.record({
      model: fc.constantFrom(...MODELS),
      mutations: fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
      // Mostly the kind the model is written for; sometimes the other, to exercise flag checks.
      otherKind: fc.constantFrom(false, false, false, true),
      withGroups: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, ({ model, mutations, otherKind, withGroups }) => {
        const text = mutations.reduce(mutate, model.text).slice(0, MAX_LENGTH);
        const parsed = parseEquations(text);
        const other: GroupKind = model.kind === 'neurons' ? 'synapses' : 'neurons';
        const kind = otherKind ? other : model.kind;
        const groups = withGroups ? { pre: postGroup(), post: postGroup() } : {};
        const r = checkModel(parsed, { kind, namespace: NAMESPACE, ...groups });
        expectWellFormed(text, r);
        // The parser's diagnostics are kept, and a model comes back exactly when nothing is wrong.
        for (const d of parsed.diagnostics) expect(r.diagnostics).toContainEqual(d);
        expect(r.model === undefined, text).toBe(hasErrors(r.diagnostics));
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});
