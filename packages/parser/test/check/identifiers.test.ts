/**
 * The names a model may define: not an internal variable of its group, not a noise term, not a
 * unit, function or constant it would hide, not a Python keyword or `_name`, not defined twice,
 * and in Synapses no `_pre`/`_post` suffix except on summed variables. Each error points at the
 * name.
 */
import { describe, expect, it } from 'vitest';
import { checkModel } from '../../src/check/check-model.js';
import type { GroupKind } from '../../src/check/flags.js';
import { parseEquations } from '../../src/parse.js';

/** `[code, covered text]` of every diagnostic of a model that must parse. */
function problems(text: string, kind: GroupKind = 'neurons'): [string, string][] {
  const parsed = parseEquations(text);
  expect(parsed.diagnostics, text).toEqual([]);
  const r = checkModel(parsed, { kind });
  return r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]);
}

describe('checkDefinedNames: reserved names', () => {
  it.each(['t', 'dt', 't_in_timesteps', 'i', 'N', 'lastspike', 'not_refractory'])('%s is reserved in a NeuronGroup', (name) => {
    expect(problems(`${name} : 1`)).toEqual([['reserved-name', name]]);
  });

  it.each(['t', 'dt', 'i', 'j', 'N', 'N_pre', 'N_post', 'N_incoming', 'N_outgoing', 'lastupdate', 'delay'])('%s is reserved in Synapses', (name) => {
    expect(problems(`${name} : 1`, 'synapses')).toEqual([['reserved-name', name]]);
  });

  it('synapse-only names are free in a NeuronGroup', () => {
    expect(problems('j : 1\ndelay : second\nlastupdate : second\nN_pre : 1')).toEqual([]);
  });

  it('says what the reserved name means', () => {
    const r = checkModel(parseEquations('t : second'), { kind: 'neurons' });
    expect(r.diagnostics[0]!.message).toContain('the current time');
  });

  it.each(['xi', 'xi_1', 'xi_noise'])('the noise term %s cannot be defined', (name) => {
    expect(problems(`${name} : 1`)).toEqual([['reserved-name', name]]);
  });

  it('points at the name of a differential equation, not at its d', () => {
    expect(problems('dxi/dt = -xi/second : 1')).toEqual([['reserved-name', 'xi']]);
    expect(problems('dt/dt = 1/second : 1')).toEqual([['reserved-name', 't']]);
  });
});

describe('checkDefinedNames: names that would hide something', () => {
  it.each(['mV', 'volt', 'cm', 'Hz', 'ms', 'nS', 'metre2'])('the unit %s', (name) => {
    expect(problems(`${name} : 1`)).toEqual([['shadows-name', name]]);
  });

  it.each(['exp', 'rand', 'clip', 'sqrt', 'exprel', 'timestep'])('the function %s', (name) => {
    expect(problems(`${name} : 1`)).toEqual([['shadows-name', name]]);
  });

  it.each(['pi', 'e', 'inf'])('the constant %s', (name) => {
    expect(problems(`${name} : 1`)).toEqual([['shadows-name', name]]);
  });

  it('one-letter names are free: there are no one-letter units (m, h, n of Hodgkin–Huxley, V, S)', () => {
    expect(problems('m : 1\nh : 1\nn : 1\nV : volt\nS : 1\nA : 1')).toEqual([]);
  });
});

describe('checkDefinedNames: invalid names', () => {
  it('rejects a leading underscore', () => {
    expect(problems('_x : 1')).toEqual([['invalid-name', '_x']]);
  });

  it.each(['lambda', 'if', 'in', 'is', 'None', 'def', 'class', 'return'])('rejects the Python keyword %s', (name) => {
    expect(problems(`${name} : 1`)).toEqual([['invalid-name', name]]);
  });

  it("rejects the suffixes _pre and _post in Synapses, except on summed variables", () => {
    expect(problems('w_pre : 1', 'synapses')).toEqual([['invalid-name', 'w_pre']]);
    expect(problems('w_post = 1 : 1', 'synapses')).toEqual([['invalid-name', 'w_post']]);
    // In a NeuronGroup the suffix means nothing.
    expect(problems('x_post : 1')).toEqual([]);
  });
});

describe('checkDefinedNames: duplicates', () => {
  it('reports the second definition', () => {
    const text = 'x : 1\ny : 1\nx : 1';
    expect(problems(text)).toEqual([['duplicate-definition', 'x']]);
    const r = checkModel(parseEquations(text), { kind: 'neurons' });
    expect(r.diagnostics[0]!.span.start).toBe(12);
  });

  it('across kinds of equation', () => {
    expect(problems('dx/dt = -x/second : 1\nx = 1 : 1')).toEqual([['duplicate-definition', 'x']]);
  });

  it('reports every problem in one pass', () => {
    expect(problems('t : second\nmV : volt\nok : 1\n_x : 1')).toEqual([
      ['reserved-name', 't'],
      ['shadows-name', 'mV'],
      ['invalid-name', '_x'],
    ]);
  });
});
