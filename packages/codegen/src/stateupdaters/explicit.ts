/**
 * Brian's explicit state updaters: euler, rk2, rk4, heun, milstein, and
 * {@link explicitStateUpdater} to define more the way Brian's `ExplicitStateUpdater` does.
 *
 * Each method is a short update program (see `program.ts`) applied to every state variable at
 * once. Equations are Stratonovich SDEs, as in Brian: `dW` is a Wiener increment
 * `dt**0.5*_xi` with one standard normal `_xi` drawn per noise term, element and step.
 */
import { call, dependsOn, mul, name } from '../symbolic/expr.js';
import type { OdeEquation, OdeSystem, StateUpdateResult, StateUpdater } from '../ir.js';
import { expandProgram, parseUpdateProgram, UpdateProgramError, type UpdateProgram } from './program.js';

/**
 * Which equations a method can integrate (Brian's `stochastic` argument): `'none'` deterministic
 * only, `'additive'` also noise whose coefficients do not depend on state variables or `t`,
 * `'multiplicative'` any noise.
 */
export type NoiseSupport = 'none' | 'additive' | 'multiplicative';

export interface ExplicitStateUpdaterOptions {
  /** Default `'none'`. */
  readonly stochastic?: NoiseSupport;
  /**
   * A further applicability check (Brian's `custom_check`): returns the reason, shown to users,
   * why `method` cannot integrate `system`, or undefined if it can.
   */
  readonly check?: (system: OdeSystem, method: string) => string | undefined;
}

/** A state updater defined by an update program. */
export interface ExplicitStateUpdater extends StateUpdater {
  /** The update program, as given. */
  readonly program: string;
  readonly stochastic: NoiseSupport;
}

/**
 * Defines an explicit state updater from an update program, like Brian's
 * `ExplicitStateUpdater(description, stochastic, custom_check)`. The program assigns temporaries
 * and ends with `x_new = ...`; it may use `x`, `t`, `dt`, `f(x, t)` (the drift), `g(x, t)` (a
 * noise coefficient), `dW` (the Wiener increment, variance dt) and `xi` (`dW/dt**0.5`). Terms of
 * x_new that involve the noise are summed over the noise terms of the equations.
 *
 * ```ts
 * const midpoint = explicitStateUpdater('midpoint', 'k = dt*f(x,t)\nx_new = x + dt*f(x + k/2, t + dt/2)');
 * ```
 *
 * @throws UpdateProgramError if the program does not parse or uses unknown names, or if it claims
 *   to support noise but never uses `g`, `dW` or `xi` (the noise would be silently dropped).
 */
export function explicitStateUpdater(method: string, program: string, options: ExplicitStateUpdaterOptions = {}): ExplicitStateUpdater {
  const { updater, parse } = lazyStateUpdater(method, program, options);
  parse();
  return updater;
}

/**
 * The state updater of {@link explicitStateUpdater}, and `parse`, which parses and checks its
 * program once (at the first call, of `parse` or of a method that applies). The built-in methods
 * below leave it to their first use: they are Brian's programs (explicit.test.ts integrates with
 * every one), and parsing all five when the module loaded cost every process several ms, most of
 * which never use them (exact, exponential_euler).
 */
function lazyStateUpdater(method: string, program: string, options: ExplicitStateUpdaterOptions): { updater: ExplicitStateUpdater; parse: () => UpdateProgram } {
  const stochastic = options.stochastic ?? 'none';
  let parsed: UpdateProgram | undefined;
  const parse = (): UpdateProgram => {
    if (parsed !== undefined) return parsed;
    const p = parseUpdateProgram(method, program);
    if (stochastic !== 'none' && !p.usesNoise) {
      throw new UpdateProgramError(`the update program of '${method}' is declared to support ${stochastic} noise but never uses g, dW or xi`);
    }
    return (parsed = p);
  };
  const apply = (system: OdeSystem): StateUpdateResult => {
    const reason = notApplicable(system, method, stochastic) ?? options.check?.(system, method);
    if (reason !== undefined) return { ok: false, method, reason };
    const prog = parse();
    if (prog.singleNoiseOnly !== undefined && system.noiseTerms.length > 1) {
      return { ok: false, method, reason: `${method} cannot integrate equations with several noise terms: ${prog.singleNoiseOnly}` };
    }
    const statements = expandProgram(prog, system.equations.map(withRefractoriness), system.noiseTerms);
    return typeof statements === 'string' ? { ok: false, method, reason: `${method}: ${statements}` } : { ok: true, method, statements, derived: [] };
  };
  return { updater: { name: method, program, stochastic, apply }, parse };
}

/**
 * `(unless refractory)`: as Brian's `add_refractoriness`, the whole right-hand side, noise
 * included, is multiplied by `int(not_refractory)`, so every increment of the variable is zero
 * during a refractory step while the other equations keep seeing its current value.
 */
function withRefractoriness(eq: OdeEquation): OdeEquation {
  if (!eq.unlessRefractory) return eq;
  const gate = (e: OdeEquation['drift']) => mul(call('int', name('not_refractory')), e);
  return { ...eq, drift: gate(eq.drift), diffusion: new Map([...eq.diffusion].map(([k, c]) => [k, gate(c)])) };
}

/** The first noise coefficient that depends on a state variable or on `t` (Brian's "multiplicative" noise). */
function multiplicativeNoise(system: OdeSystem): string | undefined {
  const states = system.equations.map((eq) => eq.name);
  for (const eq of system.equations) {
    for (const [noise, coefficient] of eq.diffusion) {
      const on = states.find((s) => dependsOn(coefficient, new Set([s]))) ?? (dependsOn(coefficient, new Set(['t'])) ? 't' : undefined);
      if (on === undefined) continue;
      const which = eq.diffusion.size > 1 ? `the coefficient of '${noise}' in the equation for '${eq.name}'` : `the noise coefficient of '${eq.name}'`;
      return `${which} depends on ${on === 't' ? "time 't'" : `'${on}'`}`;
    }
  }
  return undefined;
}

/** Why the noise is not diagonal (Brian's `diagonal_noise`), or undefined if it is. */
function nonDiagonalNoise(system: OdeSystem): string | undefined {
  const user = new Map<string, string>();
  for (const eq of system.equations) {
    const terms = [...eq.diffusion.keys()];
    if (terms.length > 1) return `the equation for '${eq.name}' has several noise terms (${terms.map((t) => `'${t}'`).join(', ')})`;
    for (const t of terms) {
      const other = user.get(t);
      if (other !== undefined) return `the noise term '${t}' appears in the equations for '${other}' and '${eq.name}'`;
      user.set(t, eq.name);
    }
  }
  return undefined;
}

/** The built-in methods that can integrate a stochastic system, for the hint of a refusal. */
function suggestion(system: OdeSystem): string {
  if (multiplicativeNoise(system) === undefined) return "use 'euler' or 'heun'";
  return nonDiagonalNoise(system) === undefined ? "use 'heun' or 'milstein'" : "use 'heun'";
}

function notApplicable(system: OdeSystem, method: string, stochastic: NoiseSupport): string | undefined {
  const noisy = system.equations.find((eq) => eq.diffusion.size > 0);
  if (!noisy) return undefined;
  if (stochastic === 'none') {
    const noise = [...noisy.diffusion.keys()][0]!;
    return `${method} cannot integrate stochastic equations (the equation for '${noisy.name}' has the noise term '${noise}'); ${suggestion(system)}`;
  }
  const multiplicative = multiplicativeNoise(system);
  if (stochastic === 'additive' && multiplicative !== undefined) {
    return `${method} cannot integrate multiplicative noise (${multiplicative}); ${suggestion(system)}`;
  }
  return undefined;
}

/** Brian's `diagonal_noise` check, for methods that need one independent noise term per equation. */
export function diagonalNoiseCheck(system: OdeSystem, method: string): string | undefined {
  const why = nonDiagonalNoise(system);
  return why === undefined ? undefined : `${method} needs diagonal noise (at most one noise term per equation, each in one equation only), but ${why}; use 'heun'`;
}

// The programs below are Brian's, verbatim up to layout, from brian2/stateupdaters/explicit.py
// (brian-team/brian2, e.g. commit a5ce3bbb6bfc7587aba1dd0e46f558bab63ed4ad).

/** Forward Euler (Euler–Maruyama for additive noise): `x_new = x + dt*f(x,t) + g(x,t)*dW`. Order 1. */
export const eulerStateUpdater: ExplicitStateUpdater = lazyStateUpdater('euler', 'x_new = x + dt*f(x,t) + g(x,t)*dW', { stochastic: 'additive' }).updater;

/** Second-order Runge–Kutta (midpoint method). Deterministic equations only. */
export const rk2StateUpdater: ExplicitStateUpdater = lazyStateUpdater('rk2', 'k = dt*f(x,t)\nx_new = x + dt*f(x + k/2, t + dt/2)', {}).updater;

/** Classical fourth-order Runge–Kutta. Deterministic equations only. */
export const rk4StateUpdater: ExplicitStateUpdater = lazyStateUpdater(
  'rk4',
  ['k_1 = dt*f(x,t)', 'k_2 = dt*f(x+k_1/2,t+dt/2)', 'k_3 = dt*f(x+k_2/2,t+dt/2)', 'k_4 = dt*f(x+k_3,t+dt)', 'x_new = x+(k_1+2*k_2+2*k_3+k_4)/6'].join('\n'),
  {},
).updater;

/**
 * Stochastic Heun for Stratonovich SDEs, multiplicative and non-diagonal noise. As in Brian, only
 * the noise gets the predictor–corrector treatment: the drift is an Euler step, so on deterministic
 * equations this method is forward Euler (order 1).
 */
export const heunStateUpdater: ExplicitStateUpdater = lazyStateUpdater(
  'heun',
  ['x_support = x + g(x,t)*dW', 'g_support = g(x_support,t+dt)', 'x_new = x + dt*f(x,t) + .5*dW*(g(x,t) + g_support)'].join('\n'),
  { stochastic: 'multiplicative' },
).updater;

/**
 * Derivative-free Milstein (Kloeden & Platen), Stratonovich form: the correction
 * `(g(x_support) - g(x))/(2*dt**.5)*dW**2 ≈ g*g'*dW**2/2` has no `- dt` (that would be the Itô
 * form). Multiplicative noise, diagonal noise only.
 */
export const milsteinStateUpdater: ExplicitStateUpdater = lazyStateUpdater(
  'milstein',
  [
    'x_support = x + dt*f(x, t) + dt**.5*g(x, t)',
    'g_support = g(x_support, t)',
    'k = 1/(2*dt**.5)*(g_support - g(x, t))*(dW**2)',
    'x_new = x + dt*f(x,t) + g(x, t)*dW + k',
  ].join('\n'),
  { stochastic: 'multiplicative', check: diagonalNoiseCheck },
).updater;
