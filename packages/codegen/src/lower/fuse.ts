/**
 * Two range kernels that run one after the other in a step (a group's state update, then its
 * threshold) as one loop: each element is updated and tested before the next (on the WebAssembly
 * tier each pair, or each chunk of elements while it is in the L1 cache: emit-wasm.ts), so the
 * group's variables stream from memory once per step instead of twice, and the step has one
 * operation less (measured: LIF 100 000 neurons ~18 %, CUBA 2-3 % faster; COBAHH, whose update
 * dominates, unchanged).
 *
 * When it is the same computation: the second kernel's work on element i may only depend on the
 * first kernel's work on element i, and the first's on j not on the second's on i — so every array
 * that one kernel writes and the other uses must be accessed at the loop element only, in both.
 * Random draws keep their order only if at most one of the two kernels draws. Anything else is
 * refused with the reason, and the caller runs the two kernels separately.
 */
import type { ArrayDecl, DerivedScalars, ExternDecl, IndexRef, IRExpr, IRStmt, KernelIR, ScalarDecl } from '../ir.js';
import { mapIRStatements, walkStmts } from '../ir-visit.js';

/** The fused kernel, or why the two cannot be fused. */
export type FuseResult = { readonly ok: true; readonly kernel: KernelIR } | { readonly ok: false; readonly reason: string };

/** Prefix of the second kernel's locals in the fused kernel (`$` cannot occur in model names). */
const SECOND = 'f$';

/** Results by kernel objects and name: groups that share a model plan share its kernels' IR, so they share the fused IR too (and the backend's code cache then finds it). */
const MEMO = new WeakMap<KernelIR, WeakMap<KernelIR, Map<string, FuseResult>>>();

/**
 * `first` then `second`, element by element, as one range kernel named `name`; it returns (and
 * emits) what `second` does. The same kernels give the same result object.
 */
export function fuseKernels(first: KernelIR, second: KernelIR, name: string): FuseResult {
  let bySecond = MEMO.get(first);
  if (bySecond === undefined) MEMO.set(first, (bySecond = new WeakMap()));
  let byName = bySecond.get(second);
  if (byName === undefined) bySecond.set(second, (byName = new Map()));
  let result = byName.get(name);
  if (result === undefined) byName.set(name, (result = fuse(first, second, name)));
  return result;
}

function fuse(first: KernelIR, second: KernelIR, name: string): FuseResult {
  const no = (reason: string): FuseResult => ({ ok: false, reason });
  if (first.loop.kind !== 'range' || second.loop.kind !== 'range') return no('only range loops are fused');
  if (first.zeroed.length > 0 || second.zeroed.length > 0) return no('a kernel zeroes arrays before its loop');
  if (second.hoisted !== undefined) return no('the second kernel hoists constants');
  if (emits(first.body)) return no('the first kernel emits events');
  if (first.randoms.length > 0 && second.randoms.length > 0) return no('both kernels draw random numbers (fused, the draws would interleave)');
  const derivedNames = new Set(first.derived.flatMap((d) => d.outputs));
  if (second.derived.some((d) => d.outputs.some((o) => derivedNames.has(o)))) return no('both kernels derive a scalar of the same name');

  const accessA = accesses(first);
  const accessB = accesses(second);
  for (const [array, a] of accessA) {
    const b = accessB.get(array);
    if (b === undefined || !(a.writes || b.writes)) continue;
    if (!a.onlyLoop || !b.onlyLoop) return no(`'${array}' is written by one kernel and used at another element than the loop's by the other`);
  }

  const arrays = mergeByName<ArrayDecl>(first.arrays, second.arrays, (x, y) => (x.type !== y.type ? undefined : { ...x, access: x.access === y.access ? x.access : 'readwrite' }));
  const scalars = mergeByName<ScalarDecl>(first.scalars, second.scalars, (x, y) => (x.type === y.type && x.source === y.source ? x : undefined));
  const externs = mergeByName<ExternDecl>(first.externs, second.externs, (x, y) => (x.arity === y.arity ? x : undefined));
  if (arrays === undefined || scalars === undefined || externs === undefined) return no('the kernels declare a name differently');

  const rename = renamer(second);
  const derived: DerivedScalars[] = [...first.derived, ...second.derived];
  return {
    ok: true,
    kernel: {
      name,
      operation: second.operation,
      loop: { kind: 'range' },
      arrays,
      scalars,
      externs,
      derived,
      preamble: [...first.preamble, ...rename(second.preamble)],
      body: [...first.body, ...rename(second.body)],
      randoms: [...first.randoms, ...second.randoms],
      zeroed: [],
      ...(first.hoisted ? { hoisted: first.hoisted } : {}),
    },
  };
}

function emits(stmts: readonly IRStmt[]): boolean {
  let found = false;
  walkStmts(stmts, (s) => {
    if (s.kind === 'emit') found = true;
  }, () => undefined);
  return found;
}

/** Per array: whether the kernel writes it, and whether every access is at the loop element. */
function accesses(k: KernelIR): Map<string, { writes: boolean; onlyLoop: boolean }> {
  const out = new Map<string, { writes: boolean; onlyLoop: boolean }>();
  const note = (array: string, index: IndexRef, write: boolean): void => {
    const a = out.get(array) ?? { writes: false, onlyLoop: true };
    out.set(array, { writes: a.writes || write, onlyLoop: a.onlyLoop && index.kind === 'loop' });
  };
  const expr = (e: IRExpr): void => {
    if (e.kind === 'load') note(e.array, e.index, false);
  };
  walkStmts([...k.preamble, ...k.body], (s) => {
    if (s.kind === 'store') note(s.array, s.index, true);
  }, expr);
  return out;
}

/** The union of two declaration lists by name (first's order, then second's new names), or undefined where `same` rejects a pair. */
function mergeByName<T extends { readonly name: string }>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => T | undefined): T[] | undefined {
  const out = new Map(a.map((x) => [x.name, x]));
  for (const y of b) {
    const x = out.get(y.name);
    if (x === undefined) out.set(y.name, y);
    else {
      const merged = same(x, y);
      if (merged === undefined) return undefined;
      out.set(y.name, merged);
    }
  }
  return [...out.values()];
}

/** Renames every local of `k` (declared by `let` in its preamble or body) with the {@link SECOND} prefix. */
function renamer(k: KernelIR): (stmts: readonly IRStmt[]) => IRStmt[] {
  const locals = new Set<string>();
  walkStmts([...k.preamble, ...k.body], (s) => {
    if (s.kind === 'let') locals.add(s.name);
  }, () => undefined);
  const name = (n: string): string => (locals.has(n) ? `${SECOND}${n}` : n);
  const index = (i: IndexRef): IndexRef => (i.kind === 'local' ? { kind: 'local', name: name(i.name) } : i);
  return (stmts) =>
    mapIRStatements(
      stmts,
      (e) => {
        if (e.kind === 'local') return { ...e, name: name(e.name) };
        if ((e.kind === 'load' || e.kind === 'index') && e.index.kind === 'local') return { ...e, index: index(e.index) };
        return undefined;
      },
      (s) => {
        switch (s.kind) {
          case 'let':
          case 'assign':
            return [{ ...s, name: name(s.name) }];
          case 'store':
            return [{ ...s, index: index(s.index) }];
          case 'if':
          case 'emit':
            return [s];
        }
      },
    );
}
