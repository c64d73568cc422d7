/**
 * The one place that turns diagnostics into text: a header, the location, the source line(s) with
 * a caret and `~~~` under the span, and the hint. Output is plain ASCII without colour so that it
 * reads the same in a terminal, a log file and a golden test.
 *
 * ```
 * error[unknown-identifier]: unknown identifier 'tua'
 *   --> NeuronGroup 'P', model: line 1, column 12
 *    |
 *  1 | dv/dt = -v/tua : volt
 *    |            ^~~
 *    = hint: did you mean 'tau'?
 * ```
 */
import type { Diagnostic } from './diagnostics.js';
import type { SourceText } from './source.js';

export interface FormatOptions {
  /** Which object and code string the source belongs to, e.g. "NeuronGroup 'P', model". */
  readonly origin?: string;
  /** At most this many source lines are shown for a span that covers several lines. */
  readonly maxLines?: number;
}

/** Formats one diagnostic as a code frame. */
export function formatDiagnostic(d: Diagnostic, source: SourceText, options: FormatOptions = {}): string {
  const start = source.position(d.span.start);
  // An empty span at a line break points at the end of that line, not at the start of the next.
  const end = source.position(Math.max(d.span.start, d.span.end - 1));
  const lastLine = Math.min(end.line, start.line + (options.maxLines ?? 4) - 1);
  const gutter = String(lastLine).length;
  const pad = ' '.repeat(gutter);
  const where = `line ${start.line}, column ${start.column}`;
  const out = [
    `${d.severity}[${d.code}]: ${d.message}`,
    `${pad} --> ${options.origin ? `${options.origin}: ` : ''}${where}`,
    `${pad} |`,
  ];
  for (let line = start.line; line <= lastLine; line++) {
    const text = source.line(line);
    out.push(`${String(line).padStart(gutter)} | ${text}`.trimEnd());
    const from = line === start.line ? start.column - 1 : firstNonBlank(text);
    const to = line === end.line ? end.column : text.length; // exclusive, 0-based
    const width = Math.max(1, to - from);
    // Reuse the line's own tabs so the caret lines up however tabs are rendered.
    const indent = text.slice(0, from).replace(/[^\t]/g, ' ');
    const mark = line === start.line ? '^' + '~'.repeat(width - 1) : '~'.repeat(width);
    out.push(`${pad} | ${indent}${mark}`);
  }
  if (d.hint) out.push(`${pad} = hint: ${d.hint}`);
  return out.join('\n');
}

/** Formats several diagnostics, in source order, separated by blank lines. */
export function formatDiagnostics(ds: readonly Diagnostic[], source: SourceText, options: FormatOptions = {}): string {
  return [...ds]
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end)
    .map((d) => formatDiagnostic(d, source, options))
    .join('\n\n');
}

function firstNonBlank(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : 0;
}
