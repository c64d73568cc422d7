/** Which flags each kind of line may carry in each kind of group (Brian's `check_flags` table). */
import type { Equation, EquationKind, FlagName } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';

export type GroupKind = 'neurons' | 'synapses';

const ALLOWED: Record<GroupKind, Record<EquationKind, readonly FlagName[]>> = {
  neurons: {
    differential: ['unless refractory'],
    parameter: ['constant', 'shared', 'linked'],
    subexpression: ['shared', 'constant over dt'],
  },
  synapses: {
    differential: ['event-driven', 'clock-driven'],
    parameter: ['constant', 'shared', 'linked'],
    subexpression: ['summed', 'shared', 'constant over dt'],
  },
};

const LINE_NAMES: Record<EquationKind, string> = {
  differential: 'differential equation',
  parameter: 'parameter',
  subexpression: 'subexpression',
};
const GROUP_NAMES: Record<GroupKind, string> = { neurons: 'a NeuronGroup', synapses: 'Synapses' };

/** Pairs of flags that contradict each other. `summed` stands alone. */
const INCOMPATIBLE: readonly (readonly [FlagName, FlagName])[] = [
  ['event-driven', 'clock-driven'],
  ['summed', 'shared'],
  ['summed', 'constant over dt'],
  // Brian: 'linked' cannot be combined with other flags (the linked-to variable has its own).
  ['linked', 'constant'],
  ['linked', 'shared'],
];

export function checkFlags(eq: Equation, group: GroupKind, out: Diagnostic[]): void {
  const allowed = ALLOWED[group][eq.kind];
  const misplaced = eq.flags.filter((f) => !allowed.includes(f.name));
  for (const f of misplaced) out.push(diag.flagNotAllowed(f.span, f.name, LINE_NAMES[eq.kind], GROUP_NAMES[group], allowed));
  // A flag that is not allowed here is the real problem; its conflicts with others would be noise.
  if (misplaced.length > 0) return;
  for (const [a, b] of INCOMPATIBLE) {
    const fb = eq.flags.find((f) => f.name === b);
    if (fb && eq.flags.some((f) => f.name === a)) out.push(diag.incompatibleFlags(fb.span, a, b));
  }
}

export function hasFlag(eq: { readonly flags: readonly { readonly name: FlagName }[] }, name: FlagName): boolean {
  return eq.flags.some((f) => f.name === name);
}
