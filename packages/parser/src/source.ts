/**
 * Source text and spans. Every AST node and every diagnostic points into the text the user wrote
 * through a {@link Span}; line and column numbers are computed only when a message is printed.
 */

/** A half-open range `[start, end)` of UTF-16 offsets into one {@link SourceText}. Invariant: `0 <= start <= end`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** 1-based line and column of an offset, as editors show them. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Builds a span; `end` defaults to `start` (an empty span, used for "missing X here"). */
export function span(start: number, end: number = start): Span {
  return { start, end };
}

/** The smallest span that covers both arguments. */
export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/**
 * A model string plus the offsets of its line starts, so that offset → line/column is a binary
 * search rather than a rescan. Immutable.
 */
export class SourceText {
  /** Offsets at which each line starts; `lineStarts[0] === 0`. */
  private readonly lineStarts: readonly number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) starts.push(k + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 1-based position of `offset` (clamped to the text). */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo]! + 1 };
  }

  /** Text of 1-based line `line`, without its line break. */
  line(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  /** The characters a span covers. */
  slice(s: Span): string {
    return this.text.slice(s.start, s.end);
  }
}
