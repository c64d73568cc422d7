/**
 * KernelIR — the typed intermediate representation between the model language and the backends.
 * Every type that crosses a seam inside `@neurite/codegen` is defined in this file.
 *
 * A kernel is a loop over elements (neurons, synapses, or the elements named by an event list)
 * with a body of statements over typed locals, loads and stores of state arrays, scalar
 * arguments, calls of built-in functions and random draws. Invariants:
 * - names are resolved: an expression never refers to a model name, only to a local, an array
 *   declared in `arrays`, a scalar declared in `scalars`, or a function declared in `externs`;
 * - random draws only occur as the value of a `let` at the top of a statement list, in program
 *   order, so every backend consumes the seeded stream in the same order (the preamble's draws,
 *   then element by element, draw by draw);
 * - `preamble` runs once per call, before the loop: loop-invariant code (hoisted `let`s of
 *   scalars and literals) and statements on shared variables (which may draw random numbers);
 * - declarations are sorted by name, so generated source is deterministic.
 */
import type { BinaryOp, Expr, Statement, UnaryOp, ValueType } from '@neurite/parser';

export type IRType = ValueType;

/** Where an array element is read or written. */
export type IndexRef =
  /** The element the loop is at: a neuron, a synapse, or the element named by the event list. */
  | { readonly kind: 'loop' }
  /** Element 0: a shared variable (one value for the whole group). */
  | { readonly kind: 'shared' }
  /** An integer local, e.g. the pre- or postsynaptic neuron of the current synapse. */
  | { readonly kind: 'local'; readonly name: string }
  /** The position in the event list of an `events` loop (where a monitor writes its k-th sample). */
  | { readonly kind: 'position' };

export const LOOP: IndexRef = { kind: 'loop' };
export const SHARED: IndexRef = { kind: 'shared' };

/** Built-in functions every backend implements. Random draws are not functions (see {@link RandomDraw}). */
export type BuiltinFn =
  | 'exp' | 'log' | 'log10' | 'sqrt' | 'abs' | 'sign'
  | 'sin' | 'cos' | 'tan' | 'sinh' | 'cosh' | 'tanh' | 'arcsin' | 'arccos' | 'arctan'
  | 'expm1' | 'log1p' | 'exprel'
  | 'floor' | 'ceil' | 'int' | 'clip' | 'timestep';

export type IRExpr =
  | { readonly kind: 'literal'; readonly value: number; readonly type: IRType }
  /** A scalar kernel argument: a namespace constant, t, dt, N, or a constant the host derives (e.g. a propagator entry). */
  | { readonly kind: 'scalar'; readonly name: string; readonly type: IRType }
  | { readonly kind: 'load'; readonly array: string; readonly index: IndexRef; readonly type: IRType }
  | { readonly kind: 'local'; readonly name: string; readonly type: IRType }
  /** The integer value of an index (`i` in a neuron group is the loop index). */
  | { readonly kind: 'index'; readonly index: IndexRef; readonly type: 'integer' }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: IRExpr; readonly type: IRType }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: IRExpr; readonly right: IRExpr; readonly type: IRType }
  | { readonly kind: 'call'; readonly fn: BuiltinFn; readonly args: readonly IRExpr[]; readonly type: IRType }
  /** A user function or TimedArray, passed to the kernel as an argument. */
  | { readonly kind: 'extern'; readonly name: string; readonly args: readonly IRExpr[]; readonly type: IRType }
  | { readonly kind: 'select'; readonly cond: IRExpr; readonly then: IRExpr; readonly else: IRExpr; readonly type: IRType };

/** A draw from the kernel's seeded random stream. */
export type RandomDraw =
  | { readonly kind: 'random'; readonly dist: 'uniform' | 'normal'; readonly type: 'float' }
  | { readonly kind: 'random'; readonly dist: 'poisson'; readonly lambda: IRExpr; readonly type: 'integer' };

export type StoreOp = '=' | '+=' | '-=' | '*=' | '/=';

export type IRStmt =
  /** Declares a new local. Locals are assigned once by `let` and may be updated by `assign`. */
  | { readonly kind: 'let'; readonly name: string; readonly type: IRType; readonly value: IRExpr | RandomDraw }
  | { readonly kind: 'assign'; readonly name: string; readonly value: IRExpr }
  /**
   * Writes an array element. The compound `op` is kept (not expanded to `a = a + b`) because
   * backends treat accumulation specially: a GPU backend turns `+=` into a gather.
   */
  | { readonly kind: 'store'; readonly array: string; readonly index: IndexRef; readonly op: StoreOp; readonly value: IRExpr }
  | { readonly kind: 'if'; readonly cond: IRExpr; readonly then: readonly IRStmt[]; readonly else: readonly IRStmt[] }
  /** Appends the current loop element to the kernel's event list (a threshold crossing). */
  | { readonly kind: 'emit' };

/** What a kernel loops over. */
export type Loop =
  /** Every element `0 <= idx < N` (`N` is a scalar argument). */
  | { readonly kind: 'range' }
  /** The elements listed in the integer array `events[0 .. count)` — e.g. the neurons that spiked (reset). */
  | { readonly kind: 'events' }
  /**
   * The synapses of a pathway for the presynaptic events of this step: for each `k < count`,
   * `pre = events[k]`, then each synapse `s` in `synapses[ptr[pre] .. ptr[pre + 1])` (a CSR by
   * presynaptic neuron). The local `_pre` holds the presynaptic neuron; the loop index is `s`.
   * An empty `synapses` array stands for the identity (`synapses[j] = j`: synapses stored in order
   * of their source, as connect() creates them), which every backend running pathways accepts.
   */
  | { readonly kind: 'pathway' };

export type Operation =
  | 'state-update'
  | 'threshold'
  | 'reset'
  | 'statements'
  | 'set'
  | 'pathway'
  | 'summed'
  /** Synapse creation: emits the candidate postsynaptic neurons that get a synapse from neuron `_i`. */
  | 'connect'
  /** Monitor: copies values at the listed elements into per-variable record arrays. */
  | 'gather';

export interface ArrayDecl {
  readonly name: string;
  readonly type: IRType;
  /** Read, written, or both, by this kernel. */
  readonly access: 'read' | 'write' | 'readwrite';
}

export interface ScalarDecl {
  readonly name: string;
  readonly type: IRType;
  /**
   * - `builtin`: supplied by the simulator every call (`N`, `t`, `dt`, `count`);
   * - `external`: a namespace constant (a kernel argument, so values may change between runs);
   * - `derived`: computed on the host from the others by {@link KernelIR.derived}.
   */
  readonly source: 'builtin' | 'external' | 'derived';
}

export interface ExternDecl {
  readonly name: string;
  readonly arity: number;
}

/**
 * Scalars computed on the host from other scalars — e.g. the propagator matrix of `exact`
 * integration, `expm(M*dt)`, which depends on `dt` and namespace constants but not on elements.
 * `compute` receives the values of `inputs` in order and returns the values of `outputs` in order.
 */
export interface DerivedScalars {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly compute: (inputs: readonly number[]) => readonly number[];
}

export interface KernelIR {
  readonly name: string;
  readonly operation: Operation;
  readonly loop: Loop;
  readonly arrays: readonly ArrayDecl[];
  readonly scalars: readonly ScalarDecl[];
  readonly externs: readonly ExternDecl[];
  readonly derived: readonly DerivedScalars[];
  readonly preamble: readonly IRStmt[];
  readonly body: readonly IRStmt[];
  /** Random draws per loop element, in order (so a backend can pre-generate them). */
  readonly randoms: readonly RandomDraw['dist'][];
  /** Arrays set to zero before the loop (targets of summed variables, which the loop accumulates into). */
  readonly zeroed: readonly string[];
  /**
   * Per-element constant expressions moved out of the loop into arrays (see
   * `lower/hoist-constants.ts`): the caller allocates `hoisted.arrays` (N floats each), passes
   * them with the other arrays, and runs `hoisted.precompute` once per run before the first call.
   */
  readonly hoisted?: HoistedConstants;
}

/** What a kernel hoisted out of its loop: the arrays it now reads, and the kernel that fills them. */
export interface HoistedConstants {
  /** Names of the arrays (`_hoisted_0`, ...), one float per loop element each. */
  readonly arrays: readonly string[];
  /** A range loop that writes every array in `arrays` from constant arrays and run-fixed scalars. */
  readonly precompute: KernelIR;
}

// ---------------------------------------------------------------------------------------------
// State updaters (integrators): an ODE system in, abstract code out.


/** One differential equation, ready for an integrator. */
export interface OdeEquation {
  /** The state variable. */
  readonly name: string;
  /** The deterministic part f of `dx/dt = f + Σ g_k·xi_k`, with every subexpression inlined. */
  readonly drift: Expr;
  /** Noise term name (`xi`, `xi_1`, ...) → its coefficient g_k. Empty for deterministic equations. */
  readonly diffusion: ReadonlyMap<string, Expr>;
  /** `(unless refractory)`: the variable is frozen while `not_refractory` is false. */
  readonly unlessRefractory: boolean;
}

/**
 * What an integrator sees: the clock-driven differential equations of one group, in source order.
 * Names in the expressions are the model's: state variables, parameters, internal variables (`t`,
 * `dt`, `not_refractory`, ...), namespace constants and functions, units (`mV`) and constants.
 */
export interface OdeSystem {
  readonly equations: readonly OdeEquation[];
  /** Noise terms used, in order of first use. */
  readonly noiseTerms: readonly string[];
  /**
   * True if the name has one value for all elements during a step: `dt`, namespace constants,
   * unit names, shared variables. False for per-element variables (parameters, states, `i`, `lastspike`).
   */
  readonly isUniform: (name: string) => boolean;
  /** True if a call of this function is constant over a step (TimedArrays are; `rand` is not). */
  readonly isConstantOverDtFunction: (name: string) => boolean;
}

/**
 * The output of an integrator: "abstract code" in the model's statement language, as in Brian.
 * Conventions, so that lowering can resolve every name:
 * - temporaries start with `_` and are assigned before use: `_v` holds the new value of `v`, and
 *   intermediate stages use `__` (`__k_1_v`), which no model name can produce;
 * - the last statements write the state variables (`v = _v`);
 * - `randn()` draws a standard normal (one call per draw; Wiener increments are `dt**0.5*randn()`);
 * - `select(cond, a, b)` (internal) is `a` if `cond` else `b`; `exact` uses it for `(unless refractory)`
 *   (explicit methods multiply the right-hand side by `int(not_refractory)`, as Brian does);
 * - names listed in a `derived` entry's outputs are scalars the host computes before each call.
 */
export type StateUpdateResult =
  | { readonly ok: true; readonly method: string; readonly statements: readonly Statement[]; readonly derived: readonly DerivedScalars[] }
  | { readonly ok: false; readonly method: string; readonly reason: string };

export interface StateUpdater {
  readonly name: string;
  apply(system: OdeSystem): StateUpdateResult;
}
