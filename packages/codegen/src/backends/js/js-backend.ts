/**
 * The default CPU backend: plain JavaScript over typed arrays, float64, built with `new Function`
 * once per kernel. No allocation happens inside a call except what the kernel's own code does
 * (none for generated code).
 *
 * Calls go through a generated invoker (see {@link invokerSource}): it reads each argument from
 * `args` by its literal name and passes it positionally, so a call is a handful of monomorphic
 * property loads — no argument array, no spread, no loop over the declarations, no allocation —
 * with the same checks and error messages as reading them one by one.
 */
import type { KernelIR } from '../../ir.js';
import type { Backend, CompiledKernel, KernelArgs } from '../backend.js';
import { emitJs, parameterNames } from './emit.js';

/** Thrown when a kernel is called without an argument it declares. */
export class KernelArgumentError extends Error {}

/** Computes derived scalars, recomputing only when their inputs change (usually once per run). */
export class DerivedCache {
  /** Inputs of the last computation, per derived entry (undefined: never computed). */
  private readonly last: (number[] | undefined)[];
  private readonly values: (readonly number[])[];

  constructor(private readonly kernel: KernelIR) {
    this.last = kernel.derived.map(() => undefined);
    this.values = kernel.derived.map(() => []);
  }

  /**
   * Writes the derived values into `out` (name → value) from the scalar arguments. Allocates only
   * when an input changed (the inputs are compared with `!==`, so a NaN input recomputes).
   */
  fill(scalars: Readonly<Record<string, number>>, out: Record<string, number>): void {
    const derived = this.kernel.derived;
    for (let k = 0; k < derived.length; k++) {
      const d = derived[k]!;
      const prev = this.last[k];
      let changed = prev === undefined;
      for (let i = 0; i < d.inputs.length; i++) {
        const v = scalars[d.inputs[i]!];
        if (v === undefined) throw new KernelArgumentError(`kernel '${this.kernel.name}' needs the scalar '${d.inputs[i]!}' to compute ${d.outputs.join(', ')}`);
        if (!changed && v !== prev![i]) changed = true;
      }
      if (changed) {
        const inputs = d.inputs.map((n) => scalars[n]!);
        this.values[k] = d.compute(inputs);
        this.last[k] = inputs;
      }
      const values = this.values[k]!;
      for (let i = 0; i < d.outputs.length; i++) out[d.outputs[i]!] = values[i]!;
    }
  }
}

/**
 * Source of the invoker of a kernel: `run(args)` that checks and passes every declared argument.
 * Names are embedded as string literals (JSON), so any name is safe; messages are built only when
 * an argument is missing.
 */
function invokerSource(ir: KernelIR, needsRng: boolean): string {
  // Named after the kernel, so that profiles tell the invokers (which inline their kernel) apart.
  const name = `${ir.name.replace(/[^A-Za-z0-9_]/g, '_')}_run`;
  const lines: string[] = ['"use strict";', `return function ${name}(args) {`, '  const s = args.scalars, a = args.arrays, f = args.externs;'];
  if (ir.derived.length > 0) lines.push('  derived.fill(s, dv);');
  const params: string[] = [];
  ir.scalars.forEach((d, k) => {
    const from = d.source === 'derived' ? 'dv' : 's';
    lines.push(`  const s${k} = ${from}[${JSON.stringify(d.name)}]; if (s${k} === undefined) missing('scalar', ${JSON.stringify(d.name)});`);
    params.push(`s${k}`);
  });
  ir.arrays.forEach((d, k) => {
    lines.push(`  const a${k} = a[${JSON.stringify(d.name)}]; if (a${k} === undefined) missing('array', ${JSON.stringify(d.name)});`);
    params.push(`a${k}`);
  });
  ir.externs.forEach((d, k) => {
    lines.push(`  const f${k} = f == null ? undefined : f[${JSON.stringify(d.name)}]; if (f${k} === undefined) missing('function', ${JSON.stringify(d.name)});`);
    params.push(`f${k}`);
  });
  if (needsRng) lines.push('  if (!args.rng) noRng();');
  params.push('args.rng');
  lines.push(`  return kernel(${params.join(', ')});`, '};');
  return lines.join('\n');
}

function compile(ir: KernelIR): CompiledKernel {
  const source = emitJs(ir);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generating code is the point
  const fn = new Function(source)() as (...args: unknown[]) => number;
  // The invoker passes scalars, arrays, externs, then the generator: the order of `parameterNames`.
  if (parameterNames(ir).length !== ir.scalars.length + ir.arrays.length + ir.externs.length + 1) throw new Error(`internal error: kernel '${ir.name}' parameters`);
  const derived = new DerivedCache(ir);
  const derivedValues: Record<string, number> = {};
  const needsRng = ir.randoms.length > 0 || ir.preamble.some((s) => s.kind === 'let' && s.value.kind === 'random');
  const missing = (kind: string, name: string): never => {
    throw new KernelArgumentError(`kernel '${ir.name}' needs the ${kind} '${name}'`);
  };
  const noRng = (): never => {
    throw new KernelArgumentError(`kernel '${ir.name}' draws random numbers and needs 'rng'`);
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- as above
  const run = new Function('kernel', 'derived', 'dv', 'missing', 'noRng', invokerSource(ir, needsRng))(fn, derived, derivedValues, missing, noRng) as (args: KernelArgs) => number;
  return { ir, backend: 'js', source, run };
}

export const jsBackend: Backend = {
  name: 'js',
  capabilities: { precision: 'double', loops: ['range', 'events', 'pathway'] },
  compile,
};
