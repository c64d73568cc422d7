import { describe, expect, it } from 'vitest';
import { parseExpression } from '@neurite/parser';
import { jsBackend, KernelArgumentError } from '../../src/backends/js/js-backend.js';
import { lowerPathway, lowerSet, lowerStatements, lowerStateUpdate, lowerSummed, lowerThreshold } from '../../src/lower/templates.js';
import { Random } from '../../src/random.js';
import { exp } from '../../src/math/exp.js';
import { checked, code, condition, raw } from '../helpers/models.js';
import { checkStatements, parseStatements, type Namespace } from '@neurite/parser';

const ms = 1e-3;
const mV = 1e-3;
const expr = (s: string) => parseExpression(s).expr!;

/** A checked code block with the namespace symbols it uses. */
function block(text: string, model: Parameters<typeof code>[1], namespace: Namespace = {}, groups: Parameters<typeof code>[3] = {}) {
  const r = checkStatements(parseStatements(text), model, { namespace, ...groups });
  if (!r.statements) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return { statements: r.statements, externals: r.externals };
}

describe('js backend: state update', () => {
  const model = checked('dv/dt = -v/tau : volt', { tau: '10 ms' });
  const kernel = jsBackend.compile(
    lowerStateUpdate({ model }, { statements: raw('_v = v + dt*(-v/tau)\nv = _v'), derived: [] }, { name: 'lif' }),
  );

  it('advances every element by the integrator statements', () => {
    const v = new Float64Array([10 * mV, -5 * mV, 0]);
    kernel.run({ arrays: { v }, scalars: { N: 3, t: 0, dt: 0.1 * ms, tau: 10 * ms } });
    expect([...v]).toEqual([10 * mV * (1 - 0.01), -5 * mV * (1 - 0.01), 0]);
  });

  it('computes loop-invariant expressions once, before the loop', () => {
    const k = jsBackend.compile(lowerStateUpdate({ model }, { statements: raw('_v = v*exp(-dt/tau)\nv = _v'), derived: [] }, { name: 'lif_exact' }));
    const [preamble, loop] = k.source.split('for (let _idx');
    expect(preamble).toContain('_exp(-s_dt / s_tau)');
    expect(loop).not.toContain('exp');
    const v = new Float64Array([1, 2]);
    k.run({ arrays: { v }, scalars: { N: 2, t: 0, dt: 1 * ms, tau: 10 * ms } });
    expect([...v]).toEqual([exp(-0.1), 2 * exp(-0.1)]);
  });

  it('takes namespace constants as arguments, so they can change without recompiling', () => {
    const v = new Float64Array([1]);
    kernel.run({ arrays: { v }, scalars: { N: 1, t: 0, dt: 1 * ms, tau: 2 * ms } });
    expect(v[0]).toBeCloseTo(0.5, 15);
  });

  it('names the missing argument instead of failing inside generated code', () => {
    expect(() => kernel.run({ arrays: {}, scalars: { N: 1, t: 0, dt: 1e-4, tau: 0.01 } })).toThrow(KernelArgumentError);
    expect(() => kernel.run({ arrays: {}, scalars: { N: 1, t: 0, dt: 1e-4, tau: 0.01 } })).toThrow(/array 'v'/);
  });

  it('updates not_refractory from lastspike before integrating (refractory as a time)', () => {
    const m = checked('dv/dt = -v/tau : volt (unless refractory)', { tau: '10 ms' });
    const k = jsBackend.compile(
      lowerStateUpdate({ model: m }, { statements: raw('_v = select(not_refractory, v + dt*(-v/tau), v)\nv = _v'), derived: [] }, {
        name: 'lif_ref',
        refractory: { kind: 'time', expr: expr('2*ms') },
      }),
    );
    const v = new Float64Array([1, 1]);
    const lastspike = new Float64Array([-1e4, 9.9 * ms]);
    const not_refractory = new Uint8Array([0, 0]);
    k.run({ arrays: { v, lastspike, not_refractory }, scalars: { N: 2, t: 10 * ms, dt: 0.1 * ms, tau: 10 * ms } });
    expect([...not_refractory]).toEqual([1, 0]);
    expect(v[0]).toBeCloseTo(0.99, 15);
    expect(v[1]).toBe(1);
  });
});

describe('js backend: kernels compiled from the same source', () => {
  // Groups with the same model share compiled code (V8 optimises it once); each kernel must still
  // keep its own call counts and its own cached derived scalars (exact's propagator).
  const model = checked('dv/dt = -v/tau : volt', { tau: '10 ms' });
  const ir = () => lowerStateUpdate({ model }, { statements: raw('_v = v*_P\nv = _v'), derived: [{ inputs: ['dt', 'tau'], outputs: ['_P'], compute: ([dt, tau]) => [Math.exp(-dt! / tau!)] }] }, { name: 'same' });

  it('count their own calls and compute their own derived scalars', () => {
    const a = jsBackend.compile(ir());
    const b = jsBackend.compile(ir());
    expect(b.source).toBe(a.source);
    const va = new Float64Array([1, 2]);
    const vb = new Float64Array([1, 2]);
    for (let k = 0; k < 3; k++) {
      a.run({ arrays: { v: va }, scalars: { N: 2, t: 0, dt: 0.1 * ms, tau: 10 * ms } });
      b.run({ arrays: { v: vb }, scalars: { N: 2, t: 0, dt: 0.1 * ms, tau: 1 * ms } });
    }
    a.run({ arrays: { v: va }, scalars: { N: 2, t: 0, dt: 0.1 * ms, tau: 10 * ms } });
    expect(a.calls!.js + a.calls!.wasm).toBe(4);
    expect(b.calls!.js + b.calls!.wasm).toBe(3);
    expect(va[1]).toBeCloseTo(2 * Math.exp(-0.4 / 10), 14);
    expect(vb[1]).toBeCloseTo(2 * Math.exp(-0.3 / 1), 14);
  });

  it('read their own scalars when the same source derives its scalars from different ones', () => {
    // Same kernel source (`v*_P`), but _P comes from tau in one and from dt alone in the other.
    const fixed = jsBackend.compile(lowerStateUpdate({ model }, { statements: raw('_v = v*_P\nv = _v'), derived: [{ inputs: ['dt'], outputs: ['_P'], compute: ([dt]) => [Math.exp(-dt! / (5 * ms))] }] }, { name: 'same' }));
    const fromTau = jsBackend.compile(ir());
    expect(fixed.source).toBe(fromTau.source);
    const v = new Float64Array([1]);
    fixed.run({ arrays: { v }, scalars: { N: 1, t: 0, dt: 0.1 * ms } });
    expect(v[0]).toBeCloseTo(Math.exp(-0.1 / 5), 14);
    expect(() => fromTau.run({ arrays: { v }, scalars: { N: 1, t: 0, dt: 0.1 * ms } })).toThrow(/needs the scalar 'tau'/);
  });
});

describe('js backend: threshold and reset', () => {
  const ns = { tau: '10 ms', Vt: '-50 mV', Vr: '-60 mV' };
  const model = checked('dv/dt = -v/tau : volt (unless refractory)', ns);
  const thr = condition('v > Vt', model, ns);
  const threshold = jsBackend.compile(lowerThreshold({ model, externals: thr.externals }, thr.expr, { name: 'thr', refractory: true }));
  const rs = block('v = Vr', model, ns);
  const reset = jsBackend.compile(lowerStatements({ model, externals: rs.externals }, rs.statements, { name: 'reset', operation: 'reset', loop: 'events' }));

  it('emits crossing, non-refractory elements in increasing order, and makes them refractory', () => {
    const v = new Float64Array([-40, -55, -45, -30, -49].map((x) => x * mV));
    const not_refractory = new Uint8Array([1, 1, 0, 1, 1]);
    const lastspike = new Float64Array(5).fill(-1e4);
    const spikes = new Int32Array(5);
    const n = threshold.run({ arrays: { v, not_refractory, lastspike, _spikes: spikes }, scalars: { N: 5, t: 0.5, Vt: -50 * mV } });
    expect(n).toBe(3);
    expect([...spikes.subarray(0, n)]).toEqual([0, 3, 4]);
    expect([...not_refractory]).toEqual([0, 1, 0, 0, 0]);
    expect([...lastspike]).toEqual([0.5, -1e4, -1e4, 0.5, 0.5]);
  });

  it('resets only the elements in the event list', () => {
    const v = new Float64Array([1, 2, 3, 4]);
    reset.run({ arrays: { v, _events: new Int32Array([1, 3]) }, scalars: { count: 2, Vr: -60 * mV } });
    expect([...v]).toEqual([1, -60 * mV, 3, -60 * mV]);
  });
});

describe('js backend: set, random draws and shared variables', () => {
  it('draws from the seeded generator element by element, in program order', () => {
    const ns = { Vr: '-60 mV', Vt: '-50 mV' };
    const model = checked('v : volt\nw : 1', ns);
    const value = condition('Vr + rand()*(Vt - Vr)', model, ns, model.variables.get('v')!.dim);
    const k = jsBackend.compile(lowerSet({ model, externals: value.externals }, 'v', value.expr, { name: 'init' }));
    const v = new Float64Array(4);
    k.run({ arrays: { v }, scalars: { N: 4, Vr: -60 * mV, Vt: -50 * mV }, rng: new Random(7) });
    const r = new Random(7);
    const [Vr, Vt] = [-60 * mV, -50 * mV];
    expect([...v]).toEqual([0, 1, 2, 3].map(() => Vr + r.uniform() * (Vt - Vr)));
  });

  it('applies a condition per element', () => {
    const model = checked('v : volt\nx : 1');
    const k = jsBackend.compile(lowerSet({ model }, 'v', expr('2*mV'), { name: 'cond', condition: expr('x > 0.5') }));
    const v = new Float64Array(3);
    k.run({ arrays: { v, x: new Float64Array([0, 1, 0.7]) }, scalars: { N: 3 } });
    expect([...v]).toEqual([0, 2 * mV, 2 * mV]);
  });

  it('runs statements on shared variables once, before the per-element ones (Brian: I = rand()*50*nA)', () => {
    const model = checked('I : amp (shared)\ng : amp');
    const k = jsBackend.compile(lowerStatements({ model }, code('I = rand()*50*nA\ng = I*2', model), { name: 'rr', loop: 'range' }));
    const I = new Float64Array(1);
    const g = new Float64Array(3);
    k.run({ arrays: { I, g }, scalars: { N: 3 }, rng: new Random(3) });
    const expected = new Random(3).uniform() * 50e-9;
    expect(I[0]).toBeCloseTo(expected, 20);
    expect([...g]).toEqual([2 * I[0]!, 2 * I[0]!, 2 * I[0]!]);
  });

  it('refuses shared statements after per-element ones', () => {
    const model = checked('I : amp (shared)\ng : amp');
    expect(() => lowerStatements({ model }, code('g = 1*nA\nI = 2*nA', model), { name: 'bad', loop: 'range' })).toThrow(/must come before/);
  });
});

describe('js backend: Python semantics', () => {
  it('uses floor division and a modulo with the sign of the divisor, as Brian', () => {
    const model = checked('a : 1\nb : 1\nq : 1\nr : 1');
    const k = jsBackend.compile(lowerStatements({ model }, code('q = a // b\nr = a % b', model), { name: 'py', loop: 'range' }));
    const a = new Float64Array([7, -7, 7, -7.5]);
    const b = new Float64Array([2, 2, -2, 2]);
    const q = new Float64Array(4);
    const r = new Float64Array(4);
    k.run({ arrays: { a, b, q, r }, scalars: { N: 4 } });
    expect([...q]).toEqual([3, -4, -4, -4]);
    expect([...r]).toEqual([1, 1, -1, 0.5]);
  });
});

describe('js backend: synapses', () => {
  const neurons = checked('dv/dt = -v/tau : volt\nge : volt\nIgap : amp\nv0 : volt (constant)', { tau: '10 ms' });

  // 3 neurons; synapses 0→1, 0→2, 2→1 (CSR by presynaptic neuron).
  const pre = new Int32Array([0, 0, 2]);
  const post = new Int32Array([1, 2, 1]);
  const ptr = new Int32Array([0, 2, 2, 3]);
  const synapses = new Int32Array([0, 1, 2]);

  it('on_pre adds to the postsynaptic variable of every synapse of the spiking neurons', () => {
    const syn = checked('w : volt', {}, 'synapses', { pre: neurons, post: neurons });
    const k = jsBackend.compile(lowerPathway({ model: syn, pre: neurons, post: neurons }, code('ge += w', syn, {}, { pre: neurons, post: neurons }), { name: 'on_pre' }));
    const ge_post = new Float64Array(3);
    const w = new Float64Array([1, 2, 4]);
    k.run({
      arrays: { ge_post, w, _events: new Int32Array([0, 2]), _ptr: ptr, _synapses: synapses, _synaptic_post: post, _synaptic_pre: pre },
      scalars: { count: 2 },
    });
    expect([...ge_post]).toEqual([0, 1 + 4, 2]);
  });

  it('an empty synapse list is the identity CSR: the same result as listing 0, 1, 2', () => {
    // The synapses above are in order of their source, so `synapses` is the identity.
    const syn = checked('w : volt', {}, 'synapses', { pre: neurons, post: neurons });
    const k = jsBackend.compile(lowerPathway({ model: syn, pre: neurons, post: neurons }, code('ge += w', syn, {}, { pre: neurons, post: neurons }), { name: 'on_pre' }));
    const w = new Float64Array([1, 2, 4]);
    const run = (list: Int32Array): number[] => {
      const ge_post = new Float64Array(3);
      k.run({ arrays: { ge_post, w, _events: new Int32Array([2, 0]), _ptr: ptr, _synapses: list, _synaptic_post: post, _synaptic_pre: pre }, scalars: { count: 2 } });
      return [...ge_post];
    };
    expect(run(new Int32Array(0))).toEqual([0, 1 + 4, 2]);
    expect(run(synapses)).toEqual([0, 1 + 4, 2]);
    // A list that is not the identity is followed: neuron 0's CSR entries are synapses 1 and 0.
    expect(run(new Int32Array([1, 0, 2]))).toEqual([0, 1 + 4, 2]);
    const ge_post = new Float64Array(3);
    k.run({ arrays: { ge_post, w, _events: new Int32Array([0]), _ptr: new Int32Array([0, 1, 1, 1]), _synapses: new Int32Array([2]), _synaptic_post: post, _synaptic_pre: pre }, scalars: { count: 1 } });
    expect([...ge_post]).toEqual([0, 4, 0]);
  });

  it('brings event-driven traces up to date before the code and sets lastupdate (STDP)', () => {
    const ns = { taupre: '20 ms', dApre: 0.01 };
    const syn = checked('w : 1\ndApre/dt = -Apre/taupre : 1 (event-driven)', ns, 'synapses', { pre: neurons, post: neurons });
    const onPre = block('Apre += dApre', syn, ns, { pre: neurons, post: neurons });
    const k = jsBackend.compile(lowerPathway({ model: syn, pre: neurons, post: neurons, externals: onPre.externals }, onPre.statements, { name: 'stdp_pre' }));
    const Apre = new Float64Array([0.5, 0.5, 0.5]);
    const lastupdate = new Float64Array([0, 0, 0]);
    const t = 20 * ms;
    k.run({
      arrays: { Apre, lastupdate, _events: new Int32Array([0]), _ptr: ptr, _synapses: synapses },
      scalars: { count: 1, t, taupre: 20 * ms, dApre: 0.01 },
    });
    expect(Apre[0]).toBeCloseTo(0.5 * Math.exp(-1) + 0.01, 14);
    expect(Apre[1]).toBeCloseTo(0.5 * Math.exp(-1) + 0.01, 14);
    expect(Apre[2]).toBe(0.5); // synapse of neuron 2, which did not spike
    expect([...lastupdate]).toEqual([t, t, 0]);
  });

  it('summed variables zero their target, then accumulate over synapses (gap junctions)', () => {
    const syn = checked('w : siemens\nIgap_post = w*(v_pre - v_post) : amp (summed)', {}, 'synapses', { pre: neurons, post: neurons });
    const eq = syn.equations.find((e) => e.name === 'Igap_post')!;
    if (eq.kind !== 'subexpression') throw new Error('expected a subexpression');
    const k = jsBackend.compile(lowerSummed({ model: syn, pre: neurons, post: neurons }, 'Igap_post', eq.expr, { name: 'gap' }));
    const v = new Float64Array([10, 20, 40].map((x) => x * mV));
    const Igap_post = new Float64Array([99, 99, 99]);
    const w = new Float64Array([1e-9, 1e-9, 2e-9]);
    k.run({ arrays: { Igap_post, w, v_pre: v, v_post: v, _synaptic_pre: pre, _synaptic_post: post }, scalars: { N: 3 } });
    expect(Igap_post[0]).toBe(0);
    expect(Igap_post[1]).toBeCloseTo(1e-9 * (10 - 20) * mV + 2e-9 * (40 - 20) * mV, 25);
    expect(Igap_post[2]).toBeCloseTo(1e-9 * (10 - 40) * mV, 25);
  });
});

describe('js backend: (constant over dt) subexpressions', () => {
  it('are drawn once per step and element, stored, and seen by every integrator stage', async () => {
    const { compileModel } = await import('../../src/compile.js');
    const m = compileModel('dv/dt = (I - v)/tau : 1\nI = sigma*randn() : 1 (constant over dt)', {
      method: 'rk4',
      namespace: { tau: '10 ms', sigma: 2 },
    });
    expect(m.stateUpdate.ir.randoms).toEqual(['normal']);
    const v = new Float64Array(3);
    const I = new Float64Array(3);
    const dt = 0.1 * ms;
    m.stateUpdate.run({ arrays: { v, I }, scalars: { N: 3, t: 0, dt, ...m.constants }, rng: new Random(5) });
    const r = new Random(5);
    for (let k = 0; k < 3; k++) {
      const drawn = 2 * r.normal();
      expect(I[k]).toBe(drawn);
      // With I constant over the step, rk4 on dv/dt = (I - v)/tau from v = 0 is I*(1 - e^{-dt/tau}) up to its local error, (dt/tau)^5/120 * I.
      expect(v[k]).toBeCloseTo(drawn * (1 - Math.exp(-dt / (10 * ms))), 10);
    }
  });
});

describe('js backend: connect and monitor gathers', () => {
  const neurons = checked('x : metre\nv : volt\nI = 2*v/ohm : amp');
  const groups = { pre: neurons, post: neurons };
  const syn = checked('', {}, 'synapses', groups);

  it("creates synapses where the condition holds and a draw is below p (Brian's connect(condition, p))", async () => {
    const { lowerConnect } = await import('../../src/lower/templates.js');
    const { checkExpression, parseExpression, dim } = await import('@neurite/parser');
    const cond = checkExpression(parseExpression('i != j and x_pre < x_post + 2*um'), syn, { expect: 'boolean', what: 'the condition', ...groups });
    const p = checkExpression(parseExpression('0.5'), syn, { expect: dim({}), what: 'p', ...groups });
    const k = jsBackend.compile(lowerConnect({ model: syn, ...groups }, { name: 'connect', condition: cond.expr!, p: p.expr! }));
    const x = Float64Array.from([0, 1, 2, 3, 10].map((u) => u * 1e-6));
    const out = new Int32Array(5);
    const rng = new Random(2);
    const n = k.run({ arrays: { x_pre: x, x_post: x, _spikes: out }, scalars: { N: 5, _i: 2 }, rng });
    const r = new Random(2);
    const expected = [0, 1, 2, 3, 4].filter((j) => {
      const u = r.uniform(); // one draw per candidate, in order, whatever the condition says
      return j !== 2 && x[2]! < x[j]! + 2e-6 && u < 0.5;
    });
    expect([...out.subarray(0, n)]).toEqual(expected);
  });

  it('records variables and subexpressions at the listed elements, in list order', async () => {
    const { lowerGather } = await import('../../src/lower/templates.js');
    const k = jsBackend.compile(lowerGather({ model: neurons }, ['v', 'I'], { name: 'monitor' }));
    const v = Float64Array.from([1, 2, 3]);
    const _record_v = new Float64Array(2);
    const _record_I = new Float64Array(2);
    k.run({ arrays: { v, _record_v, _record_I, _events: Int32Array.from([2, 0]) }, scalars: { count: 2 } });
    expect([..._record_v]).toEqual([3, 1]);
    expect([..._record_I]).toEqual([6, 2]);
  });
});

describe('js backend: synaptic writes to (unless refractory) variables', () => {
  it("are dropped while the target is refractory, as in Brian's test_refractory (v flagged, w not)", () => {
    const target = checked('dv/dt = 0/ms : 1 (unless refractory)\ndw/dt = 0/ms : 1');
    const groups = { pre: target, post: target };
    const syn = checked('', {}, 'synapses', groups);
    const code = checkStatements(parseStatements('v_post += 1\nw_post += 1\nv_post *= 2'), syn, groups);
    const k = jsBackend.compile(lowerPathway({ model: syn, ...groups }, code.statements!, { name: 'masked' }));
    const v_post = new Float64Array([1, 1]);
    const w_post = new Float64Array([1, 1]);
    const not_refractory_post = new Uint8Array([0, 1]);
    k.run({
      arrays: {
        v_post, w_post, not_refractory_post,
        _events: new Int32Array([0]), _ptr: new Int32Array([0, 2]), _synapses: new Int32Array([0, 1]),
        _synaptic_pre: new Int32Array([0, 0]), _synaptic_post: new Int32Array([0, 1]),
      },
      scalars: { count: 1 },
    });
    expect([...v_post]).toEqual([1, (1 + 1) * 2]); // neuron 0 is refractory: both writes to v dropped
    expect([...w_post]).toEqual([2, 2]); // w is not flagged: always written
  });
});
