/**
 * The default CPU backend: plain JavaScript over typed arrays, float64, built with `new Function`
 * once per kernel. No allocation happens inside a call except what the kernel's own code does
 * (none for generated code): arguments are laid out in a reused array.
 */
import type { KernelIR } from '../../ir.js';
import type { Backend, CompiledKernel, KernelArgs } from '../backend.js';
import { emitJs, parameterNames } from './emit.js';

/** Thrown when a kernel is called without an argument it declares. */
export class KernelArgumentError extends Error {}

/** Computes derived scalars, recomputing only when their inputs change (usually once per run). */
export class DerivedCache {
  private readonly last: (number[] | undefined)[];
  private readonly values: (readonly number[])[];

  constructor(private readonly kernel: KernelIR) {
    this.last = kernel.derived.map(() => undefined);
    this.values = kernel.derived.map(() => []);
  }

  /** Writes the derived values into `out` (name → value) from the scalar arguments. */
  fill(scalars: Readonly<Record<string, number>>, out: Record<string, number>): void {
    this.kernel.derived.forEach((d, k) => {
      const inputs = d.inputs.map((n) => {
        const v = scalars[n];
        if (v === undefined) throw new KernelArgumentError(`kernel '${this.kernel.name}' needs the scalar '${n}' to compute ${d.outputs.join(', ')}`);
        return v;
      });
      const prev = this.last[k];
      if (!prev || prev.some((v, i) => v !== inputs[i])) {
        this.values[k] = d.compute(inputs);
        this.last[k] = inputs;
      }
      d.outputs.forEach((name, i) => (out[name] = this.values[k]![i]!));
    });
  }
}

function compile(ir: KernelIR): CompiledKernel {
  const source = emitJs(ir);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generating code is the point
  const fn = new Function(source)() as (...args: unknown[]) => number;
  const names = parameterNames(ir);
  const derived = new DerivedCache(ir);
  const derivedValues: Record<string, number> = {};
  const argv: unknown[] = new Array(names.length);
  const needsRng = ir.randoms.length > 0 || ir.preamble.some((s) => s.kind === 'let' && s.value.kind === 'random');
  return {
    ir,
    backend: 'js',
    source,
    run(args: KernelArgs): number {
      derived.fill(args.scalars, derivedValues);
      let k = 0;
      for (const s of ir.scalars) {
        const v = s.source === 'derived' ? derivedValues[s.name] : args.scalars[s.name];
        if (v === undefined) throw new KernelArgumentError(`kernel '${ir.name}' needs the scalar '${s.name}'`);
        argv[k++] = v;
      }
      for (const a of ir.arrays) {
        const v = args.arrays[a.name];
        if (v === undefined) throw new KernelArgumentError(`kernel '${ir.name}' needs the array '${a.name}'`);
        argv[k++] = v;
      }
      for (const f of ir.externs) {
        const v = args.externs?.[f.name];
        if (v === undefined) throw new KernelArgumentError(`kernel '${ir.name}' needs the function '${f.name}'`);
        argv[k++] = v;
      }
      if (needsRng && !args.rng) throw new KernelArgumentError(`kernel '${ir.name}' draws random numbers and needs 'rng'`);
      argv[k] = args.rng;
      return fn(...argv);
    },
  };
}

export const jsBackend: Backend = {
  name: 'js',
  capabilities: { precision: 'double', loops: ['range', 'events', 'pathway'] },
  compile,
};
