/**
 * Test helper: a deep copy of an AST (or any plain data holding AST nodes) without source
 * locations, so that trees parsed from different texts can be compared with deep equality.
 * Drops every key named `span` or ending in `Span` (`calleeSpan`, `nameSpan`, `targetSpan`).
 */
export function stripSpans<T>(value: T): unknown {
  if (Array.isArray(value)) return value.map((v: unknown) => stripSpans(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'span' || k.endsWith('Span')) continue;
      out[k] = stripSpans(v);
    }
    return out;
  }
  return value;
}
