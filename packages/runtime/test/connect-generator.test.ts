/**
 * connect() with Brian's generator syntax. Expected pairs are Brian 2.5.1's (numpy target) for the
 * same groups — G: 6 neurons with x = 0.5*i, H: 4 neurons with y = 3 - i — or hand-computed where
 * noted.
 */
import { describe, expect, it } from 'vitest';
import { Network, ValueError } from '../src/index.js';

function setup(seed = 0) {
  const net = new Network({ dt: '0.1 ms', seed });
  const G = net.neuronGroup(6, 'x : 1');
  G.set('x', [0, 0.5, 1, 1.5, 2, 2.5]);
  const H = net.neuronGroup(4, 'y : 1');
  H.set('y', [3, 2, 1, 0]);
  return { net, G, H, S: net.synapses(G, H) };
}

const pairs = (S: { get(v: 'i' | 'j'): Int32Array }) => [...S.get('i')].map((i, k) => [i, S.get('j')[k]!]);

describe('connect() generator syntax', () => {
  it("creates Brian's pairs for range() with 2 and 3 arguments, conditions and skipIfInvalid", () => {
    const neighbours = [[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 1], [2, 2], [2, 3], [3, 2], [3, 3], [4, 3]];
    let { S } = setup();
    S.connect({ j: 'k for k in range(i-1, i+2) if k >= 0', skipIfInvalid: true });
    expect(pairs(S)).toEqual(neighbours);
    ({ S } = setup());
    S.connect({ j: 'k for k in range(i-1, i+2) if k >= 0 and k < N_post' });
    expect(pairs(S)).toEqual(neighbours);
    // A negative step, and a condition on pre- and postsynaptic variables.
    ({ S } = setup());
    S.connect({ j: 'k for k in range(N_post-1, -1, -2) if y_post > x_pre' });
    expect(pairs(S)).toEqual([[0, 1], [1, 1], [2, 1], [3, 1]]);
    // A bare name is the postsynaptic variable (as in Brian): y[k] > 1 for k = 0, 1.
    ({ S } = setup());
    S.connect({ j: 'k for k in range(3) if y > 1' });
    expect(pairs(S)).toEqual([0, 1, 2, 3, 4, 5].flatMap((i) => [[i, 0], [i, 1]]));
    // A condition on i only is tested once per i.
    ({ S } = setup());
    S.connect({ j: 'k for k in range(4) if i > 3' });
    expect(pairs(S)).toEqual([4, 5].flatMap((i) => [0, 1, 2, 3].map((j) => [i, j])));
  });

  it("takes 'EXPR if COND' without for, and i-generators over presynaptic indices for each j", () => {
    let { S } = setup();
    S.connect({ j: 'i+1 if i < 3' });
    expect(pairs(S)).toEqual([[0, 1], [1, 2], [2, 3]]);
    ({ S } = setup());
    // For each j, in order of j (Brian's outer loop): i <= j.
    S.connect({ i: 'k for k in range(N_pre) if k <= j' });
    expect(pairs(S)).toEqual([[0, 0], [0, 1], [1, 1], [0, 2], [1, 2], [2, 2], [0, 3], [1, 3], [2, 3], [3, 3]]);
  });

  it("takes n as an expression per pair ('i+j'), with generators and conditions", () => {
    let { S } = setup();
    S.connect({ j: 'k for k in range(2)', n: 'i+j' });
    // Brian: pair (i, j) repeated i + j times.
    const expected = [0, 1, 2, 3, 4, 5].flatMap((i) => [0, 1].flatMap((j) => Array.from({ length: i + j }, () => [i, j])));
    expect(pairs(S)).toEqual(expected);
    ({ S } = setup());
    S.connect({ condition: 'i == j', n: 'j+1' });
    expect(pairs(S)).toEqual([[0, 0], [1, 1], [1, 1], [2, 2], [2, 2], [2, 2], [3, 3], [3, 3], [3, 3], [3, 3]]);
    ({ S } = setup());
    expect(() => S.connect({ j: 'i', n: 'i - 3', skipIfInvalid: true })).toThrow(/n = 'i - 3' is -3 for i = 0, j = 0; it must be a non-negative integer/);
    expect(() => S.connect({ j: 'k for k in range(2)', n: 'x_pre' })).toThrow(/must be an integer expression/);
    expect(() => S.connect({ j: 'i', n: 'N_incoming' })).toThrow(/n = 'N_incoming' cannot refer to 'N_incoming'/);
    expect(S.N).toBe(0);
  });

  it('sample(..., size=S) picks S distinct values per row; sample(..., p=P) draws from the seeded generator', () => {
    let { S } = setup();
    // Brian: range(1, 4, 2) has 2 values, so size=2 takes both.
    S.connect({ j: 'k for k in sample(1, 4, 2, size=2)' });
    expect(pairs(S)).toEqual([0, 1, 2, 3, 4, 5].flatMap((i) => [[i, 1], [i, 3]]));

    const net = new Network({ seed: 3 });
    const A = net.neuronGroup(50, 'v : 1');
    const B = net.neuronGroup(40, 'v : 1');
    const R = net.synapses(A, B);
    R.connect({ j: 'k for k in sample(N_post, size=7)' });
    const rows = new Map<number, number[]>();
    pairs(R).forEach(([i, j]) => rows.set(i!, [...(rows.get(i!) ?? []), j!]));
    expect(rows.size).toBe(50);
    for (const js of rows.values()) {
      expect(js.length).toBe(7);
      expect(new Set(js).size).toBe(7);
      expect([...js].sort((a, b) => a - b)).toEqual(js); // increasing, as Brian returns them
    }
    // Every target equally likely: 50*7 = 350 choices over 40 targets, ~8.75 each.
    const perTarget = new Array(40).fill(0);
    pairs(R).forEach(([, j]) => perTarget[j!]++);
    expect(Math.max(...perTarget)).toBeLessThan(25);
    expect(() => R.connect({ j: 'k for k in sample(N_post, size=41)' })).toThrow(/sample size 41 \(for i = 0\) is larger than the 40 values/);

    const build = (seed: number) => {
      const n = new Network({ seed });
      const P = n.neuronGroup(200, 'v : 1');
      const T = n.synapses(P, P);
      T.connect({ j: 'k for k in sample(N_post, p=0.1) if k != i' });
      return pairs(T);
    };
    const a = build(7);
    expect(build(7)).toEqual(a);
    expect(build(8)).not.toEqual(a);
    expect(a.every(([i, j]) => i !== j)).toBe(true);
    // Binomial(200*200, 0.1) minus the diagonal's ~20: mean ~3980, sd ~60.
    expect(Math.abs(a.length - 3980)).toBeLessThan(300);
  });

  it('reports an out-of-range target with a code frame of the generator, creating nothing', () => {
    const { S } = setup();
    let err: unknown;
    try {
      S.connect({ j: 'k for k in range(i-1, i+2) if k >= 0' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValueError);
    const msg = (err as Error).message;
    expect(msg).toContain("postsynaptic index 4 (j = 'k for k in range(i-1, i+2) if k >= 0' for i = 3, k = 4) is out of range for 'neurongroup_1' (valid: 0 to 3)");
    expect(msg).toContain("Synapses 'synapses', connect(j)");
    expect(msg).toContain('1 | k for k in range(i-1, i+2) if k >= 0\n  | ^');
    expect(msg).toMatch(/skipIfInvalid: true/);
    expect(S.N).toBe(0);
    // The object is still usable.
    S.connect({ j: 'k for k in range(i-1, i+2) if k >= 0', skipIfInvalid: true });
    expect(S.N).toBe(11);
  });

  it('rejects malformed generators with a caret under the problem and a hint', () => {
    const { S } = setup();
    const message = (j: string) => {
      try {
        S.connect({ j });
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(message('k for k in rang(3)')).toMatch(/'rang' is not an iterator Brian supports[\s\S]*\| k for k in rang\(3\)\n\s*\|\s{12}\^~~~/);
    expect(message('k for k in range(1, 2, 3, 4)')).toMatch(/range\(\) takes 1 to 3 positional arguments/);
    expect(message('k for in range(3)')).toMatch(/expected 'VARIABLE in range\(...\)'/);
    expect(message('k for k in range(3')).toMatch(/this '\(' is never closed/);
    expect(message('k for k in sample(N_post)')).toMatch(/sample\(\) needs p=PROBABILITY or size=NUMBER/);
    expect(message('k for k in sample(N_post, q=0.1)')).toMatch(/sample\(\) has no argument 'q'/);
    expect(message('k for k in range(3) if')).toMatch(/the condition after 'if' is missing/);
    expect(message('k for k in range(N_post/2)')).toMatch(/the high argument of range\(\) must be an integer[\s\S]*\| {18}\^~~~~~~~\n/);
    expect(message('k for k in range(j)')).toMatch(/cannot depend on j/);
    expect(message('j + 1 for k in range(3)')).toMatch(/cannot use j or postsynaptic variables/);
    expect(message('k for k in range(3) if k > tau')).toMatch(/unknown identifier 'tau'/);
    expect(message('k for k in range(3) if k')).toMatch(/must be a boolean|not a boolean|boolean/);
    expect(message('k for k in range(3) if N_incoming > 0')).toMatch(/the connect statement cannot refer to 'N_incoming'[\s\S]*\| {24}\^~{9}\n/);
    expect(message('k for k in range(3) if delay > 0*ms')).toMatch(/cannot refer to 'delay'/);
    expect(() => S.connect({ j: 'k for k in range(3)', p: 0.5 })).toThrow(/cannot be combined with p/);
    expect(() => S.connect({ i: 'k for k in range(3)', j: [0, 1, 2] })).toThrow(/cannot be combined with j/);
    expect(S.N).toBe(0);
  });

  it('i-generators sample too, and a condition with rand() is drawn per candidate, reproducibly', () => {
    const build = (seed: number) => {
      const net = new Network({ seed });
      const P = net.neuronGroup(30, 'v : 1');
      const Q = net.neuronGroup(20, 'v : 1');
      const S = net.synapses(P, Q);
      S.connect({ i: 'k for k in sample(N_pre, p=0.3)' });
      const R = net.synapses(P, Q);
      R.connect({ j: 'k for k in range(N_post) if rand() < 0.25' });
      return { s: pairs(S), r: pairs(R) };
    };
    const a = build(5);
    expect(build(5)).toEqual(a);
    // i-generators run over j in order: j never decreases.
    expect(a.s.every(([, j], k) => k === 0 || j! >= a.s[k - 1]![1]!)).toBe(true);
    // Binomial(600, 0.3): mean 180, sd ~11; Binomial(600, 0.25): mean 150, sd ~11.
    expect(Math.abs(a.s.length - 180)).toBeLessThan(60);
    expect(Math.abs(a.r.length - 150)).toBeLessThan(60);
  });

  it('uses indices relative to subgroups and namespace constants', () => {
    const net = new Network();
    const G = net.neuronGroup(10, 'v : 1');
    const S = net.synapses(G.slice(2, 6), G.slice(5, 10), { namespace: { width: 1 } });
    S.connect({ j: 'k for k in range(i - width, i + width + 1)', skipIfInvalid: true });
    // i in 0..3 (neurons 2..5), j in 0..4 (neurons 5..9): j = i-1 .. i+1 within range.
    expect(pairs(S)).toEqual([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 1], [2, 2], [2, 3], [3, 2], [3, 3], [3, 4]]);
  });
});
