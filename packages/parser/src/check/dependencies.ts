/** Subexpressions may use each other, but not in a cycle; this orders them for evaluation. */
import type { SubexpressionEquation } from '../ast.js';
import { referencedNames } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';

/**
 * Returns the subexpression names ordered so that each comes after the subexpressions it uses
 * (ties keep source order, for deterministic code generation). Reports each cycle once.
 */
export function orderSubexpressions(subs: readonly SubexpressionEquation[], out: Diagnostic[]): string[] {
  const byName = new Map(subs.map((s) => [s.name, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const stack: string[] = [];
  const visit = (name: string): void => {
    const st = state.get(name);
    if (st === 'done') return;
    if (st === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      out.push(diag.cyclicSubexpressions(byName.get(name)!.nameSpan, cycle));
      return;
    }
    state.set(name, 'visiting');
    stack.push(name);
    // Visit what it uses in source order (referencedNames is alphabetical), so ties keep source order.
    const uses = new Set(referencedNames(byName.get(name)!.expr));
    for (const s of subs) if (uses.has(s.name)) visit(s.name);
    stack.pop();
    state.set(name, 'done');
    order.push(name);
  };
  for (const s of subs) visit(s.name);
  return order;
}
