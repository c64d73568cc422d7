/**
 * Name resolution inside one group's code, in Brian's order: the group's own variables and
 * internal variables, then (for synapses) `_pre`/`_post` names and postsynaptic variables, then the
 * namespace, then the constants pi/e/inf, then unit names. Records which external symbols the code
 * used, so that codegen can pass exactly those as kernel arguments.
 */
import type { ExternalSymbol, GroupVariables, VariableInfo } from '../ast.js';
import { DIMENSIONLESS, type Dimension } from '../units/dimension.js';
import { CONSTANTS } from '../units/quantity.js';
import { lookupUnit, unitNames } from '../units/unit-table.js';
import { closest } from '../suggest.js';
import { BUILTIN_FUNCTIONS } from './builtins.js';
import { resolveNamespaceValue, type Namespace } from './namespace.js';

export type Resolved =
  | { readonly kind: 'variable'; readonly info: VariableInfo }
  | { readonly kind: 'external'; readonly symbol: ExternalSymbol }
  | { readonly kind: 'value'; readonly name: string; readonly value: number; readonly dim: Dimension }
  | { readonly kind: 'namespace-error'; readonly message: string; readonly hint?: string | undefined }
  | { readonly kind: 'needs-group'; readonly side: 'pre' | 'post' }
  /** Defined by a line that did not parse: known, but its unit isn't; errors about it were already reported. */
  | { readonly kind: 'broken' }
  | { readonly kind: 'unknown' };

export interface ScopeOptions {
  readonly namespace?: Namespace | undefined;
  /** Presynaptic group (synapses only): resolves `x_pre`. */
  readonly pre?: GroupVariables | undefined;
  /** Postsynaptic group (synapses only): resolves `x_post` and names not defined by the synapses. */
  readonly post?: GroupVariables | undefined;
}

/** Options only the model checker sets. */
interface InternalScopeOptions extends ScopeOptions {
  readonly brokenNames?: readonly string[];
}

export class Scope {
  /** External symbols used so far, by name. */
  readonly usedExternals = new Map<string, ExternalSymbol>();

  constructor(
    readonly kind: 'neurons' | 'synapses',
    readonly variables: ReadonlyMap<string, VariableInfo>,
    private readonly options: InternalScopeOptions,
  ) {}

  resolve(name: string): Resolved {
    const own = this.variables.get(name);
    if (own) return { kind: 'variable', info: own };
    if (this.options.brokenNames?.includes(name)) return { kind: 'broken' };
    if (this.kind === 'synapses') {
      const m = /^(.+)_(pre|post)$/.exec(name);
      if (m) {
        const side = m[2] as 'pre' | 'post';
        const group = side === 'pre' ? this.options.pre : this.options.post;
        if (!group) return { kind: 'needs-group', side };
        const info = group.variables.get(m[1]!);
        if (info) return { kind: 'variable', info: { ...info, name, origin: side, target: m[1]! } };
      } else if (this.options.post) {
        // As in Brian: a name the synapses don't define refers to the postsynaptic variable.
        const info = this.options.post.variables.get(name);
        if (info && info.origin !== 'internal') return { kind: 'variable', info: { ...info, name, origin: 'post', target: name } };
      }
    }
    const ns = this.options.namespace;
    if (ns && Object.prototype.hasOwnProperty.call(ns, name)) {
      const r = resolveNamespaceValue(name, ns[name]!);
      if ('error' in r) return { kind: 'namespace-error', message: r.error, hint: r.hint };
      this.usedExternals.set(name, r.symbol);
      return { kind: 'external', symbol: r.symbol };
    }
    const c = CONSTANTS.get(name);
    if (c !== undefined) return { kind: 'value', name, value: c, dim: DIMENSIONLESS };
    const u = lookupUnit(name);
    if (u) return { kind: 'value', name, value: u.scale, dim: u.dim };
    return { kind: 'unknown' };
  }

  /** Names to suggest for a misspelt identifier, most likely first. */
  suggestName(name: string): string | undefined {
    const own = [...this.variables.keys()];
    const ns = Object.keys(this.options.namespace ?? {});
    const post = this.options.post ? [...this.options.post.variables.keys()] : [];
    return closest(name, [...own, ...ns, ...post, ...CONSTANTS.keys()]) ?? closest(name, unitNames());
  }

  suggestFunction(name: string): string | undefined {
    const ns = Object.entries(this.options.namespace ?? {})
      .filter(([, v]) => typeof v === 'function' || (typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'function'))
      .map(([k]) => k);
    return closest(name, [...BUILTIN_FUNCTIONS.keys(), ...ns]);
  }
}
