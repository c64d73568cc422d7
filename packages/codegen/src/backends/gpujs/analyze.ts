/**
 * What a kernel needs on the device and on the host, and whether gpu.js can run it at all.
 *
 * gpu.js kernels are gathers: each thread returns one output cell and cannot write anywhere else.
 * So a kernel becomes one device kernel per output (see `emit-kernel.ts`), and the analysis sorts
 * its stores into:
 * - stores at the loop element (`v = _v`, refractory stores, synaptic `w = ...`): each written array
 *   is an output computed element-parallel;
 * - stores at an index local (`v_post += w` in a pathway, summed variables): accumulations into
 *   another group, computed as a gather over the synapses sorted by that index (a CSR built on the
 *   host); only `+=` and `-=` can be gathered;
 * - `emit` (threshold): a 0/1 flag per element, compacted on the host.
 */
import { assertNever } from '@neurite/parser';
import type { IRExpr, IRStmt, KernelIR, RandomDraw } from '../../ir.js';
import { ARRAYS } from '../backend.js';
import { forEachExpr, walkStmts } from '../../ir-visit.js';

/** A kernel the gpujs backend cannot run (the message says why and what to use instead). */
export class GpujsUnsupportedError extends Error {}

/** An accumulation into another group's array: `target[index] += ...` for each active synapse. */
export interface GatherTarget {
  readonly array: string;
  /** The index local (`_post`, `_pre`) and the per-synapse array that defines it (`_synaptic_post`). */
  readonly indexLocal: string;
  readonly indexArray: string;
  /** Summed variables: the target is set to zero first, so the gather starts from 0. */
  readonly zeroed: boolean;
}

export interface DrawInfo {
  /** The local the draw defines (`_rand0`). */
  readonly local: string;
  readonly draw: RandomDraw;
  /** At the top of the body (drawn for every element), not inside an `if`. */
  readonly topLevel: boolean;
}

export interface KernelAnalysis {
  /** Arrays stored at the loop element in the body (device outputs), sorted. */
  readonly written: readonly string[];
  readonly gathers: readonly GatherTarget[];
  readonly emits: boolean;
  /** Locals defined in the body (by `let`, at any depth). */
  readonly bodyLocals: ReadonlySet<string>;
  /** Locals the body reads but the preamble defines (computed on the host), sorted. */
  readonly preambleLocals: readonly string[];
  /** Arrays the body reads at element 0 (shared variables), passed as scalars, sorted. */
  readonly sharedLoads: readonly string[];
  /** Random draws of the body, in program order. */
  readonly draws: readonly DrawInfo[];
  /**
   * True if the draws can be generated on the host without running the body: all draws are at
   * the top of the body and every Poisson mean is loop-invariant. Otherwise the host replays the
   * kernel in JavaScript to know which draws happen (see `host.ts`).
   */
  readonly simpleDraws: boolean;
  /** Arrays read or written at the loop element. */
  readonly loopArrays: readonly string[];
  /** Every array the body reads at the loop element or through an index local. */
  readonly deviceReads: readonly string[];
  /** Arrays the preamble reads or writes (all on the host). */
  readonly preambleArrays: readonly string[];
}

const RESERVED_HOST_ARRAYS = new Set<string>([ARRAYS.events, ARRAYS.ptr, ARRAYS.synapses, ARRAYS.spikes]);

function sorted(s: Iterable<string>): string[] {
  return [...new Set(s)].sort();
}

/** Analyses a kernel; throws {@link GpujsUnsupportedError} for what gpu.js cannot run. */
export function analyzeKernel(ir: KernelIR): KernelAnalysis {
  const where = `gpujs backend, kernel '${ir.name}'`;
  const bodyLocals = new Set<string>();
  const written = new Set<string>();
  const stores: Extract<IRStmt, { kind: 'store' }>[] = [];
  const loads: Extract<IRExpr, { kind: 'load' }>[] = [];
  const localRefs = new Set<string>();
  const draws: DrawInfo[] = [];
  const externs = new Set<string>();
  let emits = false;

  walkStmts(
    ir.body,
    (s, depth) => {
      if (s.kind === 'let') {
        bodyLocals.add(s.name);
        if (s.value.kind === 'random') draws.push({ local: s.name, draw: s.value, topLevel: depth === 0 });
      } else if (s.kind === 'store') {
        stores.push(s);
        if (s.index.kind === 'loop') written.add(s.array);
      } else if (s.kind === 'emit') emits = true;
    },
    (e) => {
      if (e.kind === 'load') loads.push(e);
      else if (e.kind === 'local') localRefs.add(e.name);
      else if (e.kind === 'index' && e.index.kind === 'local') localRefs.add(e.index.name);
      else if (e.kind === 'extern') externs.add(e.name);
    },
  );
  for (const l of loads) if (l.index.kind === 'local') localRefs.add(l.index.name);

  if (ir.operation === 'gather' || ir.operation === 'connect') {
    // Monitors read device state by downloading it, and synapses are created on the host: both are
    // host work, which the 'js' backend does over the downloaded arrays.
    throw new GpujsUnsupportedError(`${where}: '${ir.operation}' kernels run on the host; compile them with the 'js' backend`);
  }
  if (externs.size > 0) {
    const names = sorted(externs).map((n) => `'${n}'`).join(', ');
    throw new GpujsUnsupportedError(
      `${where}: calls the function ${names} (a user function or TimedArray), which cannot run on the GPU yet; use the 'js' backend for this group`,
    );
  }
  if (emits && ir.loop.kind !== 'range') {
    throw new GpujsUnsupportedError(`${where}: a threshold ('emit') is only supported in a loop over all elements, not in a '${ir.loop.kind}' loop`);
  }

  // Index locals of synapse kernels: `let _post = _synaptic_post[<loop>]` at the top of the body.
  const indexArrays = new Map<string, string>();
  for (const s of ir.body) {
    if (s.kind === 'let' && s.value.kind === 'load' && s.value.index.kind === 'loop' && s.value.array.startsWith('_synaptic_')) {
      indexArrays.set(s.name, s.value.array);
    }
  }

  const gathers = new Map<string, GatherTarget>();
  for (const s of stores) {
    switch (s.index.kind) {
      case 'loop':
        break;
      case 'shared':
        throw new GpujsUnsupportedError(
          `${where}: writes the shared variable '${s.array}' for each element; on the GPU shared variables can only be set once per call, before the per-element code`,
        );
      case 'local': {
        if (ir.loop.kind === 'events') {
          throw new GpujsUnsupportedError(`${where}: writes '${s.array}' through the index '${s.index.name}' in an event loop`);
        }
        if (s.op !== '+=' && s.op !== '-=') {
          throw new GpujsUnsupportedError(
            `${where}: '${s.array} ${s.op} ...' writes another group's variable for each synapse; gpu.js kernels cannot scatter, ` +
              `so only accumulations ('+=', '-=') are supported (computed as a gather over each target's synapses); use the 'js' backend for this pathway`,
          );
        }
        const indexArray = indexArrays.get(s.index.name);
        if (!indexArray) throw new GpujsUnsupportedError(`${where}: writes '${s.array}' through '${s.index.name}', which is not a synapse's pre- or postsynaptic index`);
        const prev = gathers.get(s.array);
        if (prev && prev.indexLocal !== s.index.name) {
          throw new GpujsUnsupportedError(`${where}: writes '${s.array}' through two different indices ('${prev.indexLocal}' and '${s.index.name}')`);
        }
        gathers.set(s.array, { array: s.array, indexLocal: s.index.name, indexArray, zeroed: ir.zeroed.includes(s.array) });
        break;
      }
      case 'position':
        throw new GpujsUnsupportedError(`${where}: writes by event position are host work (monitors); use the 'js' backend`);
      default:
        assertNever(s.index, 'index');
    }
  }
  for (const g of gathers.values()) {
    if (written.has(g.array)) throw new GpujsUnsupportedError(`${where}: writes '${g.array}' both per element and through '${g.indexLocal}'`);
    if (loads.some((l) => l.array === g.array)) {
      throw new GpujsUnsupportedError(
        `${where}: reads '${g.array}' while accumulating into it; the result would depend on the order of the synapses, which a gather does not have`,
      );
    }
  }
  for (const z of ir.zeroed) {
    if (!gathers.has(z)) throw new GpujsUnsupportedError(`${where}: zeroes '${z}' but does not accumulate into it through a synapse index`);
  }

  const preambleLocals = sorted([...localRefs].filter((n) => !bodyLocals.has(n)));
  const sharedLoads = sorted(loads.filter((l) => l.index.kind === 'shared').map((l) => l.array));
  const loopArrays = sorted([...loads.filter((l) => l.index.kind === 'loop').map((l) => l.array), ...written]);
  const deviceReads = sorted(loads.filter((l) => l.index.kind !== 'shared').map((l) => l.array)).filter((a) => !RESERVED_HOST_ARRAYS.has(a));
  const simpleDraws = draws.every((d) => d.topLevel && (d.draw.dist !== 'poisson' || isHostInvariant(d.draw.lambda, bodyLocals)));

  const preambleArrays = new Set<string>();
  walkStmts(
    ir.preamble,
    (s) => {
      if (s.kind === 'store') preambleArrays.add(s.array);
    },
    (e) => {
      if (e.kind === 'load') preambleArrays.add(e.array);
    },
  );

  return {
    written: sorted(written),
    gathers: [...gathers.values()].sort((a, b) => (a.array < b.array ? -1 : 1)),
    emits,
    bodyLocals,
    preambleLocals,
    sharedLoads,
    draws,
    simpleDraws,
    loopArrays,
    deviceReads,
    preambleArrays: sorted(preambleArrays),
  };
}

/** True if an expression only uses literals, scalars and preamble locals (so the host can evaluate it once). */
export function isHostInvariant(e: IRExpr, bodyLocals: ReadonlySet<string>): boolean {
  let ok = true;
  forEachExpr(e, (x) => {
    if (x.kind === 'load' || x.kind === 'index' || x.kind === 'extern' || (x.kind === 'local' && bodyLocals.has(x.name))) ok = false;
  });
  return ok;
}
