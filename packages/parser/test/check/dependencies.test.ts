/**
 * Subexpressions may use each other: the checker orders them so that each is evaluated after the
 * subexpressions it uses (ties in source order), and reports cycles once each, at a name in the
 * cycle.
 */
import { describe, expect, it } from 'vitest';
import { checkModel } from '../../src/check/check-model.js';
import { parseEquations } from '../../src/parse.js';

function order(text: string, kind: 'neurons' | 'synapses' = 'neurons', namespace = {}): readonly string[] {
  const r = checkModel(parseEquations(text), { kind, namespace });
  expect(r.diagnostics.map((d) => d.message), text).toEqual([]);
  return r.model!.subexpressionOrder;
}

function cycles(text: string): { covered: string; message: string }[] {
  const r = checkModel(parseEquations(text), { kind: 'neurons' });
  expect(r.model).toBeUndefined();
  expect(new Set(r.diagnostics.map((d) => d.code))).toEqual(new Set(['cyclic-subexpressions']));
  return r.diagnostics.map((d) => ({ covered: text.slice(d.span.start, d.span.end), message: d.message }));
}

describe('subexpressionOrder', () => {
  it('is source order when no subexpression uses another', () => {
    expect(order('a = 1 : 1\nb = 2 : 1\nc = 3 : 1')).toEqual(['a', 'b', 'c']);
  });

  it('puts what a subexpression uses before it', () => {
    expect(order('a = b + 1 : 1\nb = c * 2 : 1\nc = x : 1\nx : 1')).toEqual(['c', 'b', 'a']);
    expect(order('c = a + b : 1\nb = a : 1\na = 1 : 1')).toEqual(['a', 'b', 'c']);
  });

  it('keeps source order among independent ones', () => {
    expect(order('a = 1 : 1\nb = 2 : 1\nc = a + b : 1\nd = 1 : 1')).toEqual(['a', 'b', 'c', 'd']);
    expect(order('d = b + c : 1\nc = a : 1\nb = a : 1\na = x : 1\nx : 1')).toEqual(['a', 'c', 'b', 'd']);
  });

  it('sees uses inside function calls and conditions', () => {
    expect(order('a = exp(b) : 1\nb = 1 : 1')).toEqual(['b', 'a']);
    expect(order('a = clip(b, 0, 1) : 1\nb = 2 : 1')).toEqual(['b', 'a']);
    expect(order('spiking = v > vt : boolean\nvt = 2*mV : volt\nv : volt')).toEqual(['vt', 'spiking']);
  });

  it('lists only subexpressions, not states or parameters they use', () => {
    expect(order('dv/dt = -v/tau + I/tau : 1\nI = 2*w : 1\nw : 1\ntau : second')).toEqual(['I']);
  });

  it('leaves out summed variables, which belong to another group', () => {
    const post = checkModel(parseEquations('Igap : 1\nv : 1'), { kind: 'neurons' }).model!;
    const r = checkModel(parseEquations('w : 1\nIgap_post = w * diff : 1 (summed)\ndiff = v_pre - v_post : 1'), { kind: 'synapses', pre: post, post });
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.subexpressionOrder).toEqual(['diff']);
  });

  it('is empty without subexpressions', () => {
    expect(order('dv/dt = -v/(10*ms) : volt')).toEqual([]);
  });
});

describe('cyclic subexpressions', () => {
  it('a subexpression that uses itself', () => {
    expect(cycles('a = a + 1 : 1')).toEqual([{ covered: 'a', message: expect.stringContaining('a -> a') }]);
  });

  it('two that use each other', () => {
    const [c] = cycles('a = b : 1\nb = a : 1');
    expect(c!.covered).toBe('a');
    expect(c!.message).toContain('a -> b -> a');
  });

  it('a longer cycle is reported once, with its path', () => {
    const cs = cycles('a = b : 1\nb = c : 1\nc = a : 1');
    expect(cs).toHaveLength(1);
    expect(cs[0]!.message).toContain('a -> b -> c -> a');
  });

  it('a subexpression that depends on a cycle does not repeat it', () => {
    expect(cycles('x = a : 1\na = b : 1\nb = a : 1')).toHaveLength(1);
  });

  it('two separate cycles are two errors', () => {
    const cs = cycles('a = b : 1\nb = a : 1\nc = d : 1\nd = c : 1');
    expect(cs.map((c) => c.covered)).toEqual(['a', 'c']);
  });

  it('states and parameters do not make cycles', () => {
    expect(order('dv/dt = -I/second : 1\nI = v * 2 : 1')).toEqual(['I']);
  });
});
