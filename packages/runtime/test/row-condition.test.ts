/**
 * Connection conditions on the presynaptic neuron alone (synapses/row-condition.ts): decided once
 * per row before the row is sampled, as Brian's template does, so a row that fails draws no random
 * numbers and the rows that pass get exactly the candidates an unconditioned connect gives them.
 */
import { describe, expect, it } from 'vitest';
import { checkExpression, checkModel, parseEquations, parseExpression, type CheckedModel } from '@neurite/parser';
import { Network } from '../src/index.js';
import { isRowCondition } from '../src/synapses/row-condition.js';

describe('isRowCondition', () => {
  const post = checkModel(parseEquations('v : volt\nm : 1'), { kind: 'neurons' }).model as CheckedModel;
  const pre = checkModel(parseEquations('x : 1'), { kind: 'neurons' }).model as CheckedModel;
  const synapses = checkModel(parseEquations(''), { kind: 'synapses', pre, post }).model as CheckedModel;
  const row = (condition: string) => {
    const checked = checkExpression(parseExpression(condition), synapses, { expect: 'boolean', what: 'the condition', namespace: { Ne: 8 }, pre, post });
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return isRowCondition(checked.expr!, checked.externals, [synapses, post]);
  };

  it('is true for conditions on i, presynaptic variables, constants and pure built-ins', () => {
    expect(row('i < Ne')).toBe(true);
    expect(row('i >= N_pre / 2 and x_pre > 0')).toBe(true);
    expect(row('abs(x_pre) < exp(1) * pi')).toBe(true);
  });

  it('is false for anything that can differ between the pairs of one row', () => {
    expect(row('i != j')).toBe(false);
    expect(row('v_post > 0*mV')).toBe(false);
    expect(row('rand() < 0.5')).toBe(false);
    expect(row('i < Ne and j < 3')).toBe(false);
  });
});

describe('connect({ condition, p }) with a condition on i only', () => {
  const synapsesOf = (source: 'all' | 'first half', condition?: string) => {
    const net = new Network({ seed: 11 });
    const G = net.neuronGroup(40, 'v : 1');
    const H = net.neuronGroup(300, 'v : 1');
    const S = net.synapses(source === 'all' ? G : G.slice(0, 20), H, { onPre: 'v += 1' });
    S.connect({ ...(condition ? { condition } : {}), p: 0.05 });
    return { i: Array.from(S.get('i')), j: Array.from(S.get('j')), next: net.rng.uniform() };
  };

  it('samples the rows that pass exactly as an unconditioned connect of those rows, and draws nothing for the others', () => {
    const conditioned = synapsesOf('all', 'i < 20');
    const unconditioned = synapsesOf('first half');
    expect(conditioned.i.length).toBeGreaterThan(0);
    expect(conditioned.i).toEqual(unconditioned.i);
    expect(conditioned.j).toEqual(unconditioned.j);
    // The 20 failing rows consumed no draws: the generator is where the 20-row connect left it.
    expect(conditioned.next).toBe(unconditioned.next);
  });

  it('creates no synapse from a row that fails, and about p of the candidates of the others', () => {
    const s = synapsesOf('all', 'i >= 30');
    expect(s.i.every((i) => i >= 30)).toBe(true);
    const expected = 10 * 300 * 0.05;
    expect(Math.abs(s.i.length - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });
});
