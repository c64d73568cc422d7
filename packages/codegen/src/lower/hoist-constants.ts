/**
 * IR → IR: per-element loop-invariant code motion out of the time loop. A sub-expression of a
 * range loop's body that depends only on scalars that are fixed for a run (not `t`) and on
 * per-element parameters that are fixed for a run (Brian's `(constant)` flag) — `exp(-dt/tau)`
 * with a per-neuron `tau` — has the same value at every step of a run. It is computed once per run
 * into an array of the group, by a separate kernel (`precompute`), and the loop body reads it.
 *
 * This is what `runBatch` needs: a namespace constant that becomes a per-copy parameter would
 * otherwise cost one `exp` per neuron and step where the scalar cost one per call.
 *
 * Invariants:
 * - the precompute kernel evaluates exactly the expressions the body contained, on the same
 *   backend, so results are the same bits as without hoisting;
 * - only expressions with a transcendental call or a division are hoisted (a load is cheaper than
 *   either; the rest costs less than the load);
 * - the caller runs `precompute` before the first call of a run and whenever a constant array or
 *   a scalar it reads changed (between runs: constants do not change during one).
 */
import { assertNever } from '@neurite/parser';
import { SCALARS } from '../backends/backend.js';
import type { ArrayDecl, BuiltinFn, DerivedScalars, HoistedConstants, IRExpr, KernelIR, ScalarDecl } from '../ir.js';
import { LOOP } from '../ir.js';
import { forEachExpr, mapIRStatements } from '../ir-visit.js';

export interface HoistOptions {
  /** Per-element arrays that no code writes during a run (parameters with the `constant` flag). */
  readonly constantArrays: ReadonlySet<string>;
  /** At most this many arrays (the space the caller reserved for them). */
  readonly limit: number;
  /** Name of the precompute kernel. */
  readonly name: string;
}

/** Name of the k-th hoisted array. */
export const hoistedArrayName = (k: number): string => `_hoisted_${k}`;

/** Calls that cost more than a load (V8 inlines the others into a few instructions). */
const COSTLY: ReadonlySet<BuiltinFn> = new Set<BuiltinFn>([
  'exp', 'log', 'log10', 'sqrt', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan', 'expm1', 'log1p', 'exprel',
]);

/**
 * Operators that cost more than a load: a division takes ~13 cycles of latency and one every 4–5
 * cycles on x64 (the f64x2 division bounded LIF's exactly integrated update, `v0/tau` with a
 * constant per-neuron `v0`), `%` and `//` divide, `**` calls `pow` unless squared.
 */
const COSTLY_OPS: ReadonlySet<string> = new Set(['/', '//', '%', '**']);

/**
 * Moves per-element constant expressions of a range loop into arrays filled once per run; returns
 * the kernel unchanged (and no precompute) when there is nothing worth moving.
 */
export function hoistElementConstants(kernel: KernelIR, options: HoistOptions): { kernel: KernelIR; hoisted?: HoistedConstants } {
  if (kernel.loop.kind !== 'range' || options.limit <= 0 || options.constantArrays.size === 0) return { kernel };
  const scalars = new Map(kernel.scalars.map((d) => [d.name, d]));
  // Derived scalars are fixed for a run unless computed from `t`.
  const derivedFromT = new Set(kernel.derived.filter((d) => d.inputs.includes(SCALARS.t)).flatMap((d) => d.outputs));
  const fixedScalar = (name: string): boolean => name !== SCALARS.t && name !== SCALARS.count && !derivedFromT.has(name) && scalars.has(name);

  /** 0: depends on something that varies; 1: fixed, reads no constant array; 2: fixed and reads one. */
  const constancy = (e: IRExpr): 0 | 1 | 2 => {
    switch (e.kind) {
      case 'literal':
        return 1;
      case 'scalar':
        return fixedScalar(e.name) ? 1 : 0;
      case 'load':
        return e.index.kind === 'loop' && options.constantArrays.has(e.array) ? 2 : 0;
      case 'index':
        return e.index.kind === 'loop' ? 1 : 0;
      case 'local':
      case 'extern': // user functions may have state
        return 0;
      case 'unary':
        return constancy(e.arg);
      case 'binary':
        return combine(constancy(e.left), constancy(e.right));
      case 'call':
        return e.args.reduce<0 | 1 | 2>((c, a) => combine(c, constancy(a)), 1);
      case 'select':
        return combine(combine(constancy(e.cond), constancy(e.then)), constancy(e.else));
      default:
        return assertNever(e, 'IR expression');
    }
  };
  const costly = (e: IRExpr): boolean => {
    let found = false;
    forEachExpr(e, (x) => void (((x.kind === 'call' && COSTLY.has(x.fn)) || (x.kind === 'binary' && COSTLY_OPS.has(x.op))) && (found = true)));
    return found;
  };

  const byKey = new Map<string, { name: string; value: IRExpr }>();
  const replace = (e: IRExpr): IRExpr | undefined => {
    if (e.kind === 'literal' || e.kind === 'scalar' || e.kind === 'load' || e.kind === 'index' || e.kind === 'local') return e;
    if (constancy(e) !== 2 || !costly(e)) return undefined; // look inside
    const key = JSON.stringify(e);
    let entry = byKey.get(key);
    if (entry === undefined) {
      if (byKey.size >= options.limit) return undefined;
      entry = { name: hoistedArrayName(byKey.size), value: e };
      byKey.set(key, entry);
    }
    return { kind: 'load', array: entry.name, index: LOOP, type: e.type };
  };
  const body = mapIRStatements(kernel.body, replace);
  if (byKey.size === 0) return { kernel };
  const entries = [...byKey.values()];

  // The main kernel reads the new arrays; arrays and scalars it no longer uses stay declared
  // (harmless: the caller passes them anyway).
  const arrays: ArrayDecl[] = [...kernel.arrays, ...entries.map((h) => ({ name: h.name, type: 'float' as const, access: 'read' as const }))];
  arrays.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  // The precompute kernel: `_hoisted_k[i] = <expression>` for every element.
  const usedArrays = new Set<string>();
  const usedScalars = new Set<string>([SCALARS.N]);
  for (const h of entries) {
    forEachExpr(h.value, (x) => {
      if (x.kind === 'load') usedArrays.add(x.array);
      else if (x.kind === 'scalar') usedScalars.add(x.name);
    });
  }
  const derived: DerivedScalars[] = kernel.derived.filter((d) => d.outputs.some((o) => usedScalars.has(o)));
  const precomputeArrays: ArrayDecl[] = [
    ...kernel.arrays.filter((a) => usedArrays.has(a.name)).map((a) => ({ ...a, access: 'read' as const })),
    ...entries.map((h) => ({ name: h.name, type: 'float' as const, access: 'write' as const })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const precomputeScalars: ScalarDecl[] = kernel.scalars.filter((d) => usedScalars.has(d.name) || derived.some((x) => x.outputs.includes(d.name)));
  const precompute: KernelIR = {
    name: options.name,
    operation: 'statements',
    loop: { kind: 'range' },
    arrays: precomputeArrays,
    scalars: precomputeScalars,
    externs: [],
    derived,
    preamble: [],
    body: entries.map((h) => ({ kind: 'store', array: h.name, index: LOOP, op: '=', value: h.value })),
    randoms: [],
    zeroed: [],
  };
  return { kernel: { ...kernel, arrays, body }, hoisted: { arrays: entries.map((h) => h.name), precompute } };
}

function combine(a: 0 | 1 | 2, b: 0 | 1 | 2): 0 | 1 | 2 {
  return a === 0 || b === 0 ? 0 : a === 2 || b === 2 ? 2 : 1;
}
