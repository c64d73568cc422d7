/**
 * Flags: which flags each kind of line may carry in NeuronGroups and Synapses (Brian's
 * `check_flags` table), which combinations contradict each other, how flags are written, and
 * what they mean for the checked variable.
 */
import { describe, expect, it } from 'vitest';
import { FLAG_NAMES, type EquationKind, type FlagName } from '../../src/ast.js';
import { checkModel } from '../../src/check/check-model.js';
import { checkFlags, type GroupKind } from '../../src/check/flags.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { parseEquations } from '../../src/parse.js';

/** Brian's table (`NeuronGroup`/`Synapses` → `check_flags`), written out independently. */
const ALLOWED: Record<GroupKind, Record<EquationKind, readonly FlagName[]>> = {
  neurons: {
    differential: ['unless refractory'],
    parameter: ['constant', 'shared', 'linked'],
    subexpression: ['shared', 'constant over dt'],
  },
  synapses: {
    differential: ['event-driven', 'clock-driven'],
    parameter: ['constant', 'shared', 'linked'],
    subexpression: ['summed', 'shared', 'constant over dt'],
  },
};

const LINE: Record<EquationKind, (flags: string) => string> = {
  differential: (f) => `dx/dt = -x/second : 1 (${f})`,
  parameter: (f) => `x : 1 (${f})`,
  subexpression: (f) => `x = 2 : 1 (${f})`,
};

/** Runs the flag check on one line; the line itself must parse. */
function flagDiagnostics(line: string, group: GroupKind): Diagnostic[] {
  const parsed = parseEquations(line);
  expect(parsed.diagnostics, line).toEqual([]);
  expect(parsed.equations).toHaveLength(1);
  const out: Diagnostic[] = [];
  checkFlags(parsed.equations[0]!, group, out);
  return out;
}

const covered = (text: string, d: Diagnostic) => text.slice(d.span.start, d.span.end);

describe('checkFlags: the table of allowed flags', () => {
  const cases: [GroupKind, EquationKind, FlagName, boolean][] = [];
  for (const group of ['neurons', 'synapses'] as const) {
    for (const kind of ['differential', 'parameter', 'subexpression'] as const) {
      for (const flag of FLAG_NAMES) cases.push([group, kind, flag, ALLOWED[group][kind].includes(flag)]);
    }
  }

  it.each(cases)('%s, %s line, (%s): allowed = %s', (group, kind, flag, allowed) => {
    const line = LINE[kind](flag);
    const ds = flagDiagnostics(line, group);
    if (allowed) {
      expect(ds).toEqual([]);
    } else {
      expect(ds.map((d) => d.code)).toEqual(['flag-not-allowed']);
      expect(covered(line, ds[0]!)).toBe(flag);
    }
  });

  it('names the allowed flags in the hint', () => {
    const [d] = flagDiagnostics('dv/dt = -v/second : 1 (event-driven)', 'neurons');
    expect(d!.message).toContain("'event-driven'");
    expect(d!.message).toContain('NeuronGroup');
    expect(d!.hint).toContain("'unless refractory'");
  });

  it('reports each disallowed flag of a line', () => {
    const line = 'x : 1 (unless refractory, shared, event-driven)';
    const ds = flagDiagnostics(line, 'neurons');
    expect(ds.map((d) => [d.code, covered(line, d)])).toEqual([
      ['flag-not-allowed', 'unless refractory'],
      ['flag-not-allowed', 'event-driven'],
    ]);
  });
});

describe('checkFlags: contradictory flags', () => {
  it.each([
    ['dx/dt = -x/second : 1 (event-driven, clock-driven)', 'event-driven', 'clock-driven'],
    ['dx/dt = -x/second : 1 (clock-driven, event-driven)', 'event-driven', 'clock-driven'],
    ['x_post = 2 : 1 (summed, shared)', 'summed', 'shared'],
    ['x_post = 2 : 1 (constant over dt, summed)', 'summed', 'constant over dt'],
  ])('%s', (line, a, b) => {
    const ds = flagDiagnostics(line, 'synapses');
    expect(ds.map((d) => d.code)).toEqual(['incompatible-flags']);
    expect([a, b]).toContain(covered(line, ds[0]!));
    expect(ds[0]!.message).toContain(`'${a}'`);
    expect(ds[0]!.message).toContain(`'${b}'`);
  });

  it('accepts compatible combinations', () => {
    expect(flagDiagnostics('x : 1 (shared, constant)', 'neurons')).toEqual([]);
    expect(flagDiagnostics('x = 2 : 1 (shared, constant over dt)', 'synapses')).toEqual([]);
  });
});

describe('flags as written', () => {
  it('normalises spaces and hyphens in multi-word flags', () => {
    const r = parseEquations('dv/dt = -v/second : 1 (unless   refractory)\ndw/dt = -w/second : 1 (event - driven)\nx = 1 : 1 (constant  over dt)');
    expect(r.diagnostics).toEqual([]);
    expect(r.equations.map((e) => e.flags.map((f) => f.name))).toEqual([['unless refractory'], ['event-driven'], ['constant over dt']]);
  });

  it('spans each flag', () => {
    const text = 'x : 1 (shared, constant)';
    const [eq] = parseEquations(text).equations;
    expect(eq!.flags.map((f) => covered(text, { span: f.span } as Diagnostic))).toEqual(['shared', 'constant']);
  });

  it('reports an unknown flag, with a suggestion', () => {
    const text = 'x : 1 (sharde)';
    const r = parseEquations(text);
    expect(r.diagnostics.map((d) => [d.code, covered(text, d)])).toEqual([['unknown-flag', 'sharde']]);
    expect(r.diagnostics[0]!.hint).toBe("did you mean 'shared'?");
  });

  it('reports a flag given twice, at the second', () => {
    const text = 'x : 1 (shared, shared)';
    const r = parseEquations(text);
    expect(r.diagnostics.map((d) => [d.code, d.span.start])).toEqual([['duplicate-flag', 15]]);
  });
});

describe('what flags mean for the checked variables', () => {
  it('(shared) makes one value per group; (constant) makes a parameter read-only', () => {
    const r = checkModel(parseEquations('I : amp (shared)\nC : farad (constant)\ng : siemens (shared, constant)\nx : 1'), { kind: 'neurons' });
    expect(r.diagnostics).toEqual([]);
    const v = r.model!.variables;
    expect(v.get('I')).toMatchObject({ shared: true, readOnly: false, flags: ['shared'] });
    expect(v.get('C')).toMatchObject({ shared: false, readOnly: true, flags: ['constant'] });
    expect(v.get('g')).toMatchObject({ shared: true, readOnly: true, flags: ['shared', 'constant'] });
    expect(v.get('x')).toMatchObject({ shared: false, readOnly: false, flags: [] });
  });

  it('keeps (unless refractory) and (event-driven) on the state variable', () => {
    const n = checkModel(parseEquations('dv/dt = -v/(10*ms) : volt (unless refractory)'), { kind: 'neurons' });
    expect(n.model!.variables.get('v')?.flags).toEqual(['unless refractory']);
    const s = checkModel(parseEquations('dApre/dt = -Apre/(20*ms) : 1 (event-driven)'), { kind: 'synapses' });
    expect(s.model!.variables.get('Apre')?.flags).toEqual(['event-driven']);
  });

  it('a model with a disallowed flag does not check', () => {
    const r = checkModel(parseEquations('dv/dt = -v/(10*ms) : volt (constant)'), { kind: 'neurons' });
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['flag-not-allowed']);
  });
});

describe('a misplaced flag is reported alone', () => {
  it('does not add an "incompatible flags" error on top of "not allowed here"', () => {
    // event-driven and clock-driven contradict each other, but in a NeuronGroup neither is allowed
    // at all; that is the one thing to fix.
    const r = checkModel(parseEquations('dv/dt = -v/tau : 1 (event-driven, clock-driven)'), { kind: 'neurons', namespace: { tau: '10 ms' } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['flag-not-allowed', 'flag-not-allowed']);
  });
});
