/** Rules for the names a model defines: reserved names, shadowing, duplicates. */
import type { Equation } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { CONSTANTS } from '../units/quantity.js';
import { isUnitName } from '../units/unit-table.js';
import { BUILTIN_FUNCTIONS, internalVariables, isNoiseName, RESERVED_MEANINGS } from './builtins.js';
import { hasFlag, type GroupKind } from './flags.js';

/** Python keywords that lex as identifiers in our grammar but could never be names in Brian. */
const KEYWORDS = new Set(['if', 'else', 'for', 'in', 'is', 'def', 'class', 'return', 'lambda', 'None', 'import', 'from', 'while', 'with', 'as', 'pass', 'break', 'continue', 'global', 'del', 'yield', 'try', 'except', 'finally', 'raise', 'assert', 'async', 'await', 'nonlocal', 'elif']);

export function checkDefinedNames(equations: readonly Equation[], group: GroupKind, out: Diagnostic[]): void {
  const internal = new Set(internalVariables(group).map((v) => v.name));
  const seen = new Set<string>();
  for (const eq of equations) {
    const { name, nameSpan: span } = eq;
    if (seen.has(name)) out.push(diag.duplicateDefinition(span, name));
    seen.add(name);
    if (name.startsWith('_')) out.push(diag.invalidName(span, name, 'names starting with an underscore are reserved for internal use'));
    else if (KEYWORDS.has(name)) out.push(diag.invalidName(span, name, 'it is a Python keyword'));
    else if (internal.has(name)) out.push(diag.reservedName(span, name, RESERVED_MEANINGS[name] ?? 'an internal variable'));
    else if (isNoiseName(name)) out.push(diag.reservedName(span, name, 'white noise'));
    else if (isUnitName(name)) out.push(diag.shadowsName(span, name, 'a unit'));
    else if (BUILTIN_FUNCTIONS.has(name)) out.push(diag.shadowsName(span, name, 'a built-in function'));
    else if (CONSTANTS.has(name)) out.push(diag.shadowsName(span, name, 'a constant'));
    else if (group === 'synapses' && /_(pre|post)$/.test(name) && !hasFlag(eq, 'summed')) {
      out.push(diag.invalidName(span, name, "the suffixes '_pre' and '_post' refer to the pre- and postsynaptic groups (only summed variables may use them)"));
    }
  }
}
