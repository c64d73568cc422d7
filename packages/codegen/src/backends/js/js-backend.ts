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
import type { Backend, CompiledKernel } from '../backend.js';
import { emitJs, parameterNames } from './emit.js';
import { wasmTier, type WasmTier, type WasmTierResult } from '../wasm/wasm-kernel.js';
import { refusedOutright, WASM_DECLINED } from '../wasm/emit-wasm.js';

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
 * Source of the invoker class of a kernel: its instances are the CompiledKernels, and `run(args)`
 * checks and passes every declared argument. Names are embedded as string literals (JSON), so any
 * name is safe; messages are built only when an argument is missing. Calls are the hot path of a
 * simulation (several kernels per step), so each instance keeps per-kernel state between calls
 * in its fields:
 * - derived scalars (e.g. the propagator of `exact`) are recomputed only when one of their inputs
 *   changed (`!==`, so a NaN input recomputes), compared one by one without allocating;
 * - the WebAssembly decision (same arena, instance) is remade only when an array object changes.
 * `run` is a method of the class, not a closure per kernel: every kernel with this source calls
 * the same function, so V8 optimises it once for all of them (the networks of a sweep, rebuilt
 * networks) and a call site that inlined it keeps its code when the next network's kernel comes.
 */
function invokerSource(ir: KernelIR, needsRng: boolean, wasmPath: boolean): string {
  // Named after the kernel, so that profiles tell the invokers (which inline their kernel) apart.
  const name = `${ir.name.replace(/[^A-Za-z0-9_]/g, '_')}_run`;
  const state: string[] = [];
  const lines: string[] = [
    `  ${name}(args) {`,
    '    const s = args.scalars, a = args.arrays, f = args.externs, kernel = this.kernel, calls = this.calls;',
  ];
  const derivedVar = new Map<string, string>();
  ir.derived.forEach((d, k) => {
    const inputs = d.inputs.map((_, i) => `i${k}_${i}`);
    const prev = d.inputs.map((_, i) => `this.p${k}_${i}`);
    const outs = d.outputs.map((_, j) => `this.o${k}_${j}`);
    state.push(...prev, ...outs);
    d.inputs.forEach((input, i) => {
      lines.push(`    const ${inputs[i]} = s[${JSON.stringify(input)}]; if (${inputs[i]} === undefined) this.missingDerived(${JSON.stringify(input)}, ${k});`);
    });
    const changed = d.inputs.length === 0 ? `${outs[0] ?? 'undefined'} === undefined` : inputs.map((x, i) => `${x} !== ${prev[i]}`).join(' || ');
    lines.push(`    if (${changed}) {`, `      const r = this.derived[${k}].compute([${inputs.join(', ')}]);`);
    outs.forEach((o, j) => lines.push(`      ${o} = r[${j}];`));
    prev.forEach((p, i) => lines.push(`      ${p} = ${inputs[i]};`));
    lines.push('    }');
    d.outputs.forEach((out, j) => derivedVar.set(out, outs[j]!));
  });
  const params: string[] = [];
  ir.scalars.forEach((d, k) => {
    const derived = d.source === 'derived' ? derivedVar.get(d.name) : undefined;
    if (derived !== undefined) lines.push(`    const s${k} = ${derived};`);
    else lines.push(`    const s${k} = s[${JSON.stringify(d.name)}]; if (s${k} === undefined) this.missing('scalar', ${JSON.stringify(d.name)});`);
    params.push(`s${k}`);
  });
  ir.arrays.forEach((d, k) => {
    lines.push(`    const a${k} = a[${JSON.stringify(d.name)}]; if (a${k} === undefined) this.missing('array', ${JSON.stringify(d.name)});`);
    params.push(`a${k}`);
  });
  ir.externs.forEach((d, k) => {
    lines.push(`    const f${k} = f == null ? undefined : f[${JSON.stringify(d.name)}]; if (f${k} === undefined) this.missing('function', ${JSON.stringify(d.name)});`);
    params.push(`f${k}`);
  });
  if (needsRng) lines.push('    if (!args.rng) this.noRng();');
  let bind: string[] = ['  bind(args) {}'];
  if (wasmPath) {
    const wasm = wasmCallSource(ir);
    state.push(...wasm.state);
    lines.push(...wasm.lines);
    bind = wasm.bind;
  }
  params.push('args.rng');
  lines.push('    calls.js++;', `    return kernel(${params.join(', ')});`, '  }');
  // The instance is the CompiledKernel: its fields first (one shape for every instance), then
  // the per-kernel state, all set in the constructor.
  const fields = ['ir', 'backend', 'source', 'calls', 'kernel', 'derived', 'missing', 'missingDerived', 'noRng', 'lazyTier', 'wasmOn'];
  return [
    '"use strict";',
    `return class ${name} {`,
    `  constructor(${fields.join(', ')}) {`,
    ...fields.map((f) => `    this.${f} = ${f};`),
    ...state.map((x) => `    ${x} = undefined;`),
    '  }',
    // CompiledKernel.wasm: emitting the module (once per kernel source) only when asked.
    '  get wasm() { return this.lazyTier.info(); }',
    // `run` calls the named method, so that profiles show the kernel's name.
    `  run(args) { return this.${name}(args); }`,
    ...bind,
    ...lines,
    '};',
  ].join('\n');
}

/**
 * The invoker's WebAssembly path: taken when every array is in the same arena and long enough for
 * the loop (N elements for a range loop, `count` for arrays indexed by event position); an events
 * loop passes the shortest loop-indexed length, below which the kernel skips event indices. The
 * arena check (`.buffer`, which V8 does not inline) runs only when an array object changes.
 *
 * Nothing of the WebAssembly tier exists before a call over enough elements needs it: `resolve`
 * then emits the module (once per kernel source, see LazyTier), instantiates it on the arrays'
 * memory and notes which array lengths bound the loop (`len`: the loop-indexed arrays, `plen`:
 * those indexed by event position). Small groups, which never leave JavaScript, pay for none of it.
 */
function wasmCallSource(ir: KernelIR): { state: string[]; lines: string[]; bind: string[] } {
  const scalarVar = (name: string) => `s${ir.scalars.findIndex((d) => d.name === name)}`;
  const events = ir.loop.kind === 'events';
  // Small loops stay in JavaScript: see WASM_SWITCH.minElements.
  const size = scalarVar(events ? 'count' : 'N');
  const long = `${size} >= wasmOn.minElements`;
  const fits = `${long} && ${size} <= ${events ? 'this.plen' : 'this.len'}`;
  const args = [...ir.scalars.map((_, k) => `s${k}`), ...ir.arrays.map((_, k) => `a${k}.byteOffset`), ...(events ? ['this.len'] : [])];
  // Range loops take the part of 0..N to visit: all of it, or the caller's part in a team.
  const N = events ? '' : scalarVar('N');
  const call = (range: string) => `w(${[...args, ...(events ? [] : [range])].join(', ')})`;
  const cached = ir.arrays.map((_, k) => `this.c${k}`);
  const changed = ir.arrays.map((_, k) => `a${k} !== this.c${k}`).join(' || ');
  const sameBuffer = ir.arrays.slice(1).map((_, k) => `a${k + 1}.buffer === buf`);
  // New arrays: `this.w` becomes null (one buffer: WebAssembly may run, see `resolve`) or
  // undefined (JavaScript only).
  const rebind = [
    `      if (${changed}) {`,
    `        ${cached.map((c, k) => `${c} = a${k}`).join('; ')};`,
    ...(sameBuffer.length ? ['        const buf = a0.buffer;', `        this.w = ${sameBuffer.join(' && ')} ? null : undefined;`] : ['        this.w = null;']),
    ...(events ? [] : ['        this.team = args.team;', '        this.slot = -1;']),
    '      }',
  ];
  // The first call long enough for WebAssembly: the module (undefined: the kernel has no
  // WebAssembly version), its function for the arrays' memory (undefined: not an arena, or the
  // engine refused), the lengths that bound the loop, and the team's slot (-1: not shared).
  const resolve = [
    '  resolve() {',
    '    const tier = this.lazyTier.tier();',
    '    const w = tier === undefined ? undefined : tier.functionFor(this.c0.buffer);',
    '    this.w = w;',
    '    if (w === undefined) return undefined;',
    `    const arrays = [${cached.join(', ')}];`,
    '    let len = 2147483647, plen = 2147483647;',
    '    for (const k of tier.loopArrayIndices) len = Math.min(len, arrays[k].length);',
    '    for (const k of tier.positionArrayIndices) plen = Math.min(plen, arrays[k].length);',
    '    this.len = len;',
    '    this.plen = plen;',
    ...(events ? [] : ['    this.slot = this.team !== undefined ? this.team.slot(tier, this.c0.buffer) : -1;']),
    '    return w;',
    '  }',
  ];
  // A team's call: the arguments into team.args, the workers started, the caller's own part, and
  // then (even if that part threw) the wait for the workers and their events. (team.slot gives -1
  // to kernels that must not run on several threads.)
  const teamCall = events
    ? []
    : [
        '      const team = this.team;',
        `      if (this.slot >= 0 && w != null && ${fits} && ${N} >= team.minElements) {`,
        `        const A = team.args; ${args.map((x, k) => `A[${k}] = ${x};`).join(' ')}`,
        `        const c = team.start(this.slot, ${N});`,
        `        let own = ${WASM_DECLINED}, r;`,
        `        try { own = ${call('0, c')}; } finally { r = team.finish(this.slot, own); }`,
        `        if (r !== ${WASM_DECLINED}) { calls.wasm++; return r; }`,
        '      }',
      ];
  return {
    // The one-time part of a call with new arrays, done ahead by `bind` (see CompiledKernel.bind):
    // run() then never takes that branch, which V8 would otherwise meet in optimised code without
    // feedback (it ran once, before feedback was collected) and deoptimise. `resolve` stays in
    // run(): a range loop takes it in its first call, before V8 optimises anything; an events loop
    // whose count first reaches the WebAssembly minimum late may deoptimise once for it.
    bind: [
      '  bind(args) {',
      '    const a = args.arrays;',
      `    const ${ir.arrays.map((d, k) => `a${k} = a[${JSON.stringify(d.name)}]`).join(', ')};`,
      `    if (${ir.arrays.map((_, k) => `a${k} === undefined`).join(' || ')}) return;`,
      ...rebind.map((l) => l.slice(2)),
      '  }',
      ...resolve,
    ],
    state: [...cached, 'this.w', 'this.len', 'this.plen', ...(events ? [] : ['this.team', 'this.slot'])],
    lines: [
      '    const wasmOn = this.wasmOn;',
      '    if (wasmOn.value) {',
      ...rebind,
      '      let w = this.w;',
      `      if (w === null && ${long}) w = this.resolve();`,
      ...teamCall,
      // A kernel may decline a call before writing anything (WASM_DECLINED: e.g. dt <= 0, where its
      // precomputed refractoriness bound does not apply); JavaScript then runs it. (`w` is still
      // null only where the loop is too short.)
      `      if (w != null && ${fits}) { const r = ${call(`0, ${N}`)}; if (r !== ${WASM_DECLINED}) { calls.wasm++; return r; } }`,
      '    }',
    ],
  };
}

export interface JsBackendOptions {
  /**
   * Run eligible kernels (see `backends/wasm/emit-wasm.ts`) as WebAssembly when their arrays live
   * in a WasmArena — same numbers, several times faster. Default true.
   */
  readonly wasm?: boolean;
}

/**
 * Process-wide settings of the WebAssembly tier, read by every invoker at each call:
 * - `value`: the tier is on (`NEURITE_WASM=0` in the environment sets it off at start-up), for
 *   tests and benchmarks that compare the tiers on the same kernels;
 * - `minElements`: loops over fewer elements (N, or the event count) run as JavaScript, because
 *   a call into WebAssembly costs ~50 ns more than a JavaScript call, which the faster loop only
 *   pays back from a few dozen elements on (a LIF state update and threshold: N = 32 costs the
 *   same on both tiers, N = 1 is 4× faster in JavaScript, N = 1024 3× faster in WebAssembly).
 */
const WASM_SWITCH = { value: typeof process === 'undefined' || process.env?.['NEURITE_WASM'] !== '0', minElements: 32 };

/** Turns the WebAssembly tier of every JS-backend kernel on or off (for comparisons); returns the previous setting. */
export function setWasmEnabled(on: boolean): boolean {
  const previous = WASM_SWITCH.value;
  WASM_SWITCH.value = on;
  return previous;
}

/**
 * Sets the smallest loop (elements, or events) that runs as WebAssembly — 0 runs every eligible
 * call there, as the tier tests do; returns the previous setting (default 32).
 */
export function setWasmMinElements(n: number): number {
  const previous = WASM_SWITCH.minElements;
  WASM_SWITCH.minElements = n;
  return previous;
}

/** The class {@link invokerSource} generates: its instances are the compiled kernels. */
type InvokerFactory = new (
  ir: KernelIR,
  backend: 'js',
  source: string,
  calls: { wasm: number; js: number },
  kernel: (...args: unknown[]) => number,
  derived: KernelIR['derived'],
  missing: (kind: string, name: string) => never,
  missingDerived: (name: string, k: number) => never,
  noRng: () => never,
  lazyTier: LazyTier,
  wasmOn: { value: boolean; minElements: number },
) => CompiledKernel;

/**
 * A kernel source's WebAssembly tier, emitted at first use: by the first call over enough elements
 * (an invoker's `resolve`), or by reading CompiledKernel.wasm. Emitting costs milliseconds per
 * kernel in a cold process, and kernels of small groups never run there.
 */
class LazyTier {
  private result: WasmTierResult | undefined;
  private described: NonNullable<CompiledKernel['wasm']> | undefined;

  constructor(
    private readonly ir: KernelIR,
    /** Why there is no tier without emitting anything, or undefined. */
    private readonly off: string | undefined,
  ) {}

  /** The tier, or why there is none. */
  get(): WasmTierResult {
    return (this.result ??= this.off !== undefined ? { ok: false, reason: this.off } : wasmTier(this.ir));
  }

  /** The tier, or undefined (for the invokers' `resolve`). */
  tier(): WasmTier | undefined {
    const r = this.get();
    return r.ok ? r.tier : undefined;
  }

  /** CompiledKernel.wasm: the module's text (printed when read), or why there is none. */
  info(): NonNullable<CompiledKernel['wasm']> {
    if (this.described === undefined) {
      const r = this.get();
      this.described = r.ok ? { get text() { return r.tier.text; } } : { unsupported: r.reason };
    }
    return this.described;
  }
}

/** What compiling one kernel source produces, shared by every kernel with that source. */
interface CodeEntry {
  readonly fn: (...args: unknown[]) => number;
  readonly wasm: LazyTier;
  /**
   * Invoker factories by invoker source: kernels with the same source may still read different
   * scalars (a derived propagator computed from `tau` in one, from a literal in the other).
   * Each factory call makes an invoker with its own state (calls, derived scalars, instance).
   */
  readonly invokers: Map<string, InvokerFactory>;
}

/**
 * Compiled code by kernel source (and tier setting). Groups with the same model — the copies of a
 * sweep, a network rebuilt in the same process — get the same kernel function, the same
 * WebAssembly module and the same invoker code: V8 optimises them once rather than once per
 * group (a fresh `new Function` starts in the interpreter again), and nothing is emitted twice.
 * What differs per kernel (its call counts, its cached derived scalars) lives in the closure each
 * compile makes from the shared factory. Bounded like the parser's cache.
 */
const CODE = new Map<string, CodeEntry>();
const CODE_LIMIT = 512;

function codeFor(ir: KernelIR, source: string, wasmOn: boolean): CodeEntry {
  const key = `${wasmOn ? 'w' : 'j'}${source}`;
  let entry = CODE.get(key);
  if (entry === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generating code is the point
    const fn = new Function(source)() as (...args: unknown[]) => number;
    const wasm = new LazyTier(ir, wasmOn ? undefined : 'WebAssembly is turned off for this backend');
    entry = { fn, wasm, invokers: new Map() };
    if (CODE.size >= CODE_LIMIT) CODE.clear();
    CODE.set(key, entry);
  }
  return entry;
}

function invokerFor(entry: CodeEntry, ir: KernelIR, needsRng: boolean, wasmPath: boolean): InvokerFactory {
  const source = invokerSource(ir, needsRng, wasmPath);
  let factory = entry.invokers.get(source);
  if (factory === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generating code is the point
    factory = new Function(source)() as InvokerFactory;
    entry.invokers.set(source, factory);
  }
  return factory;
}

/** What compiling one IR object needs besides the per-kernel state: the same for every compile of it. */
interface Prepared {
  readonly source: string;
  readonly code: CodeEntry;
  readonly Invoker: InvokerFactory;
}

/**
 * Prepared compiles by IR object and tier setting. IR is immutable, so an IR compiled again (the
 * kernels of a model plan reused by another group, see `instantiateModel`) needs neither its
 * source emitted nor its invoker source built again: only a new invoker with its own state.
 */
const PREPARED = new WeakMap<KernelIR, { js?: Prepared; wasm?: Prepared }>();

function prepare(ir: KernelIR, wasmOn: boolean): Prepared {
  let memo = PREPARED.get(ir);
  if (memo === undefined) PREPARED.set(ir, (memo = {}));
  const slot = wasmOn ? 'wasm' : 'js';
  const known = memo[slot];
  if (known !== undefined) return known;
  const source = emitJs(ir);
  // The invoker passes scalars, arrays, externs, then the generator: the order of `parameterNames`.
  if (parameterNames(ir).length !== ir.scalars.length + ir.arrays.length + ir.externs.length + 1) throw new Error(`internal error: kernel '${ir.name}' parameters`);
  const needsRng = ir.randoms.length > 0 || ir.preamble.some((s) => s.kind === 'let' && s.value.kind === 'random');
  const code = codeFor(ir, source, wasmOn);
  // Which kernels get a WebAssembly path is decided without emitting: every kernel that emitWasm
  // does not refuse outright and that draws no random numbers (a draw in the preamble is refused
  // when emitted); a loop without arrays has nothing to run there. (kernel.wasm still emits, to
  // say why.)
  const wasmPath = wasmOn && ir.arrays.length > 0 && !needsRng && refusedOutright(ir) === undefined;
  const prepared: Prepared = { source, code, Invoker: invokerFor(code, ir, needsRng, wasmPath) };
  memo[slot] = prepared;
  return prepared;
}

function compile(ir: KernelIR, options: JsBackendOptions = {}): CompiledKernel {
  const p = prepare(ir, options.wasm !== false);
  const missingDerived = (name: string, k: number): never => {
    throw new KernelArgumentError(`kernel '${ir.name}' needs the scalar '${name}' to compute ${ir.derived[k]!.outputs.join(', ')}`);
  };
  const missing = (kind: string, name: string): never => {
    throw new KernelArgumentError(`kernel '${ir.name}' needs the ${kind} '${name}'`);
  };
  const noRng = (): never => {
    throw new KernelArgumentError(`kernel '${ir.name}' draws random numbers and needs 'rng'`);
  };
  return new p.Invoker(ir, 'js', p.source, { wasm: 0, js: 0 }, p.code.fn, ir.derived, missing, missingDerived, noRng, p.code.wasm, WASM_SWITCH);
}

/** The JS backend with options (`{ wasm: false }`: plain JavaScript only). */
export function createJsBackend(options: JsBackendOptions = {}): Backend {
  return {
    name: options.wasm === false ? 'js-plain' : 'js',
    capabilities: { precision: 'double', loops: ['range', 'events', 'pathway'] },
    compile: (ir) => compile(ir, options),
  };
}

export const jsBackend: Backend = createJsBackend();
