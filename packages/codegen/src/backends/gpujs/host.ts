/**
 * The host side of a gpujs kernel, in plain JavaScript (float64):
 * - the preamble (loop-invariant values, shared-variable statements and their random draws) runs
 *   through the JS backend itself, on a small kernel derived from the IR, so its semantics and its
 *   use of the random stream are exactly the JS backend's;
 * - random draws of the body are generated in the order the JS kernel consumes them (element by
 *   element in loop order, draw by draw), into float32 buffers indexed by element. When a draw is
 *   conditional (inside an `if`) or a Poisson mean varies per element, the host replays the body in
 *   JS on copies of the written arrays (the "draw planner") to know which draws happen;
 * - event lists become per-element flags, pathways become per-synapse "active" flags, and
 *   accumulations get a CSR of synapses sorted by target (built from `_synaptic_post`/`_pre`).
 */
import { mapIRStatements } from '../../ir-visit.js';
import { assertNever } from '@neurite/parser';
import { SHARED, type ArrayDecl, type IRExpr, type IRStmt, type KernelIR, type ScalarDecl } from '../../ir.js';
import type { RandomSource } from '../../random.js';
import { ARRAYS, SCALARS, type CompiledKernel, type StateArray } from '../backend.js';
import { jsBackend } from '../js/js-backend.js';
import type { KernelAnalysis } from './analyze.js';
import { walkStmts } from '../../ir-visit.js';

const PRE_OUT = (name: string) => `__p_${name}`;
const LAMBDA_OUT = (local: string) => `__lam_${local}`;
const COPY = (array: string) => `__w_${array}`;
const DRAW_OUT = (local: string) => `__r_${local}`;

export interface HostValues {
  /** Preamble locals the body reads. */
  readonly preamble: Readonly<Record<string, number>>;
  /** Loop-invariant Poisson means, by draw local. */
  readonly lambdas: Readonly<Record<string, number>>;
}

export interface HostArgs {
  readonly arrays: Readonly<Record<string, StateArray>>;
  readonly scalars: Readonly<Record<string, number>>;
  readonly externs?: Readonly<Record<string, (...args: number[]) => number>> | undefined;
  readonly rng?: RandomSource | undefined;
}

function withN(scalars: readonly ScalarDecl[]): ScalarDecl[] {
  return scalars.some((s) => s.name === SCALARS.N) ? [...scalars] : [...scalars, { name: SCALARS.N, type: 'integer', source: 'builtin' }];
}

/** The preamble as a JS kernel with an empty loop; it stores what the device needs into 1-element arrays. */
export class HostPreamble {
  readonly kernel: CompiledKernel | undefined;
  private readonly outputs: { readonly name: string; readonly array: string; readonly kind: 'preamble' | 'lambda' }[] = [];
  private readonly scratch: Record<string, Float64Array> = {};

  constructor(ir: KernelIR, an: KernelAnalysis) {
    const stores: IRStmt[] = [];
    for (const p of an.preambleLocals) {
      const type = preambleLocalType(ir, p);
      stores.push({ kind: 'store', array: PRE_OUT(p), index: SHARED, op: '=', value: { kind: 'local', name: p, type } });
      this.outputs.push({ name: p, array: PRE_OUT(p), kind: 'preamble' });
    }
    if (an.simpleDraws) {
      for (const d of an.draws) {
        if (d.draw.dist !== 'poisson') continue;
        stores.push({ kind: 'store', array: LAMBDA_OUT(d.local), index: SHARED, op: '=', value: d.draw.lambda });
        this.outputs.push({ name: d.local, array: LAMBDA_OUT(d.local), kind: 'lambda' });
      }
    }
    if (ir.preamble.length === 0 && stores.length === 0) {
      this.kernel = undefined;
      return;
    }
    const arrays: ArrayDecl[] = [
      ...ir.arrays.filter((a) => an.preambleArrays.includes(a.name)),
      ...this.outputs.map((o): ArrayDecl => ({ name: o.array, type: 'float', access: 'write' })),
    ].sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const o of this.outputs) this.scratch[o.array] = new Float64Array(1);
    this.kernel = jsBackend.compile({
      name: `${ir.name}_host_preamble`,
      operation: 'statements',
      loop: { kind: 'range' },
      arrays,
      scalars: withN(ir.scalars),
      externs: ir.externs,
      derived: ir.derived,
      preamble: [...ir.preamble, ...stores],
      body: [],
      randoms: [],
      zeroed: [],
    });
  }

  /** Runs the preamble (writing shared variables in `args.arrays` in place) and returns the values the device needs. */
  run(args: HostArgs): HostValues {
    const preamble: Record<string, number> = {};
    const lambdas: Record<string, number> = {};
    if (!this.kernel) return { preamble, lambdas };
    const arrays: Record<string, StateArray> = { ...this.scratch };
    for (const a of this.kernel.ir.arrays) if (!(a.name in arrays)) arrays[a.name] = args.arrays[a.name]!;
    this.kernel.run({
      arrays,
      scalars: { ...args.scalars, [SCALARS.N]: 0 },
      ...(args.externs ? { externs: args.externs } : {}),
      ...(args.rng ? { rng: args.rng } : {}),
    });
    for (const o of this.outputs) (o.kind === 'preamble' ? preamble : lambdas)[o.name] = this.scratch[o.array]![0]!;
    return { preamble, lambdas };
  }
}

function preambleLocalType(ir: KernelIR, name: string): IRExpr['type'] {
  let type: IRExpr['type'] = 'float';
  walkStmts(
    ir.preamble,
    (s) => {
      if (s.kind === 'let' && s.name === name) type = s.type;
    },
    () => undefined,
  );
  return type;
}

/** Calls `f(element)` for the loop's elements in the order the JS kernel visits them. */
export function forEachElement(ir: KernelIR, arrays: Readonly<Record<string, StateArray>>, scalars: Readonly<Record<string, number>>, f: (idx: number) => void): void {
  switch (ir.loop.kind) {
    case 'range': {
      const n = scalars[SCALARS.N] ?? 0;
      for (let i = 0; i < n; i++) f(i);
      return;
    }
    case 'events': {
      const events = arrays[ARRAYS.events]!;
      const count = scalars[SCALARS.count] ?? 0;
      for (let k = 0; k < count; k++) f(events[k]!);
      return;
    }
    case 'pathway': {
      const events = arrays[ARRAYS.events]!;
      const ptr = arrays[ARRAYS.ptr]!;
      const syn = arrays[ARRAYS.synapses]!;
      const count = scalars[SCALARS.count] ?? 0;
      for (let k = 0; k < count; k++) {
        const src = events[k]!;
        // An empty synapse list is the identity (see ARRAYS.ptr).
        if (syn.length === 0) for (let s = ptr[src]!, end = ptr[src + 1]!; s < end; s++) f(s);
        else for (let s = ptr[src]!, end = ptr[src + 1]!; s < end; s++) f(syn[s]!);
      }
      return;
    }
    default:
      assertNever(ir.loop, 'loop');
  }
}

/**
 * Fills one float32 buffer per draw (indexed by element) with the body's draws in the JS order.
 * For the simple case only: every draw unconditional, Poisson means loop-invariant.
 */
export function generateDraws(
  ir: KernelIR,
  an: KernelAnalysis,
  host: HostValues,
  args: HostArgs,
  rng: RandomSource,
  buffers: Readonly<Record<string, Float32Array>>,
): void {
  const draws = an.draws.map((d) => ({ buf: buffers[d.local]!, dist: d.draw.dist, lambda: host.lambdas[d.local] ?? 0 }));
  forEachElement(ir, args.arrays, args.scalars, (idx) => {
    for (const d of draws) d.buf[idx] = d.dist === 'uniform' ? rng.uniform(idx) : d.dist === 'normal' ? rng.normal(idx) : rng.poisson(d.lambda, idx);
  });
}

/**
 * The draw planner: the body replayed by the JS backend, with every written array redirected to a
 * copy and every draw recorded into a buffer. Used when draws depend on the element's data.
 */
export class DrawPlanner {
  readonly kernel: CompiledKernel;

  constructor(ir: KernelIR, an: KernelAnalysis) {
    // `_spikes` (written by `emit`) keeps its name: the JS emitter refers to it directly.
    const written = new Set<string>([...an.written, ...an.gathers.map((g) => g.array)]);
    const pre = new Set(an.preambleLocals);
    const replace = (e: IRExpr): IRExpr | undefined => {
      if (e.kind === 'load' && written.has(e.array)) return { ...e, array: COPY(e.array) };
      if (e.kind === 'local' && pre.has(e.name)) return { kind: 'scalar', name: PRE_OUT(e.name), type: e.type };
      return undefined;
    };
    const stmts = (ss: readonly IRStmt[]): IRStmt[] =>
      mapIRStatements(ss, replace, (s): IRStmt[] => {
        if (s.kind === 'let' && s.value.kind === 'random') {
          // Record each draw, so the host knows which draws the data made happen.
          return [s, { kind: 'store', array: DRAW_OUT(s.name), index: { kind: 'loop' }, op: '=', value: { kind: 'local', name: s.name, type: s.type } }];
        }
        if (s.kind === 'store' && written.has(s.array)) return [{ ...s, array: COPY(s.array) }];
        return [s];
      });
    const arrays: ArrayDecl[] = [
      ...ir.arrays.map((a) => (written.has(a.name) ? { ...a, name: COPY(a.name) } : a)),
      ...an.draws.map((d): ArrayDecl => ({ name: DRAW_OUT(d.local), type: d.draw.type, access: 'write' })),
    ].sort((a, b) => (a.name < b.name ? -1 : 1));
    const scalars: ScalarDecl[] = [
      ...ir.scalars,
      ...an.preambleLocals.map((p): ScalarDecl => ({ name: PRE_OUT(p), type: preambleLocalType(ir, p), source: 'external' })),
    ].sort((a, b) => (a.name < b.name ? -1 : 1));
    this.kernel = jsBackend.compile({
      ...ir,
      name: `${ir.name}_draw_planner`,
      arrays,
      scalars,
      preamble: [],
      body: stmts(ir.body),
      zeroed: ir.zeroed.map(COPY),
    });
  }

  /** Replays the body; the draws land in `buffers` (float32, indexed by element). */
  run(args: HostArgs, host: HostValues, rng: RandomSource, buffers: Readonly<Record<string, Float32Array>>): void {
    const arrays: Record<string, StateArray> = {};
    for (const a of this.kernel.ir.arrays) {
      const m = /^__r_(.*)$/.exec(a.name);
      if (m) {
        arrays[a.name] = new Float64Array(buffers[m[1]!]!.length);
        continue;
      }
      const c = /^__w_(.*)$/.exec(a.name);
      if (c) arrays[a.name] = Float64Array.from(args.arrays[c[1]!]!);
      else if (a.name === ARRAYS.spikes) arrays[a.name] = new Int32Array(args.arrays[a.name]?.length ?? 0);
      else arrays[a.name] = args.arrays[a.name]!;
    }
    const scalars: Record<string, number> = { ...args.scalars };
    for (const [k, v] of Object.entries(host.preamble)) scalars[PRE_OUT(k)] = v;
    this.kernel.run({ arrays, scalars, rng, ...(args.externs ? { externs: args.externs } : {}) });
    for (const [local, buf] of Object.entries(buffers)) buf.set(arrays[DRAW_OUT(local)] as Float64Array);
  }
}

/** Synapses sorted by target: `syn[ptr[t] .. ptr[t+1])` are the synapses into target element t. */
export interface Csr {
  readonly ptr: Float32Array;
  readonly syn: Float32Array;
  readonly maxDegree: number;
}

/** Builds the CSR of synapses `0 <= s < nSyn` by `index[s]`, for targets `0 <= t < nTarget` (stable: increasing s). */
export function buildCsr(index: ArrayLike<number>, nSyn: number, nTarget: number): Csr {
  const counts = new Int32Array(nTarget + 1);
  const n = Math.min(nSyn, index.length);
  for (let s = 0; s < n; s++) {
    const t = index[s]!;
    if (t >= 0 && t < nTarget) counts[t + 1]!++;
  }
  let maxDegree = 0;
  for (let t = 0; t < nTarget; t++) {
    maxDegree = Math.max(maxDegree, counts[t + 1]!);
    counts[t + 1]! += counts[t]!;
  }
  const ptr = Float32Array.from(counts);
  const next = counts.slice(0, nTarget);
  const syn = new Float32Array(Math.max(1, counts[nTarget]!));
  for (let s = 0; s < n; s++) {
    const t = index[s]!;
    if (t >= 0 && t < nTarget) syn[next[t]!++] = s;
  }
  if (counts[nTarget]! > 2 ** 24) throw new Error('gpujs backend: more than 2^24 synapses cannot be indexed exactly in float32');
  return { ptr, syn, maxDegree };
}
