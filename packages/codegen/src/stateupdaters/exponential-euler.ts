/**
 * `exponential_euler` (Brian's `ExponentialEulerStateUpdater`), the method of Hodgkin–Huxley
 * models: for "conditionally linear" equations `dx/dt = A·x + B`, where A and B may depend on
 * the other state variables (the gating variables' rates depend on v) but not on x, each
 * variable is advanced by the exact solution with A and B frozen at the start of the step:
 *
 *     _x = x*exp(A*dt) + B*dt*exprel(A*dt)
 *
 * Brian writes this as `_BA_x = B/A; _x = -_BA_x + (_BA_x + x)*exp(A*dt)`; the exprel form is the
 * same function (exprel(z) = (e^z − 1)/z) but stays exact where A is 0 (`dx/dt = c` gives x + c*dt)
 * and avoids the cancellation of B/A for small A. All new values are computed from the old ones
 * first, then assigned. A coefficient A that is not cheap is held in a temporary `__A_x`, as it
 * occurs twice (HH's rates are sums of exp() and exprel() calls).
 *
 * `(unless refractory)`: as in Brian, the right-hand side is multiplied by `int(not_refractory)`,
 * i.e. A and B are; while refractory the update is x*exp(0) + 0 = x.
 */
import type { Expr, Statement } from '@neurite/parser';
import type { OdeSystem, StateUpdateResult, StateUpdater } from '../ir.js';
import { assign, call, mul, name, simplify } from '../symbolic/expr.js';
import { linearForm } from '../symbolic/linear.js';
import { isCheap, linearStep, nonlinearity } from './exact.js';

const METHOD = 'exponential_euler';

export const exponentialEulerStateUpdater: StateUpdater = {
  name: METHOD,
  apply(system: OdeSystem): StateUpdateResult {
    const refuse = (reason: string): StateUpdateResult => ({ ok: false, method: METHOD, reason });
    const eqs = system.equations;
    for (const eq of eqs) {
      if (eq.diffusion.size > 0) {
        return refuse(`exponential_euler is for deterministic equations; '${eq.name}' has noise — use 'euler', 'heun' or 'milstein'`);
      }
    }
    const temporaries: Statement[] = [];
    const updates: Statement[] = [];
    for (const eq of eqs) {
      const own = new Set([eq.name]);
      const lf = linearForm(eq.drift, own);
      if (!lf.ok) {
        const why = nonlinearity(eq.drift, own) ?? lf.reason;
        return refuse(
          `exponential_euler needs each equation to be linear in its own variable; the equation for '${eq.name}' is not: ${why} — use 'rk4' or 'rk2'`,
        );
      }
      const gate = (e: Expr): Expr => (eq.unlessRefractory ? simplify(mul(e, call('int', name('not_refractory')))) : e);
      let a = lf.form.coefficients.get(eq.name);
      const b = lf.form.rest.kind === 'number' && lf.form.rest.value === 0 ? lf.form.rest : gate(lf.form.rest);
      if (a) {
        a = gate(a);
        if (!isCheap(a)) {
          // An intermediate temporary: `__` is a prefix no model name (nor `_<name>`) can produce.
          const t = `__A_${eq.name}`;
          temporaries.push(assign(t, a));
          a = name(t);
        }
      }
      updates.push(assign(`_${eq.name}`, linearStep(eq.name, a, b)));
    }
    const assignments = eqs.map((eq) => assign(eq.name, name(`_${eq.name}`)));
    return { ok: true, method: METHOD, statements: [...temporaries, ...updates, ...assignments], derived: [] };
  },
};
