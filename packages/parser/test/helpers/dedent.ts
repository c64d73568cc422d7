/**
 * Test helper: strips the common indentation from a multi-line string, so that golden texts can be
 * written inline at the indentation of the test. The line right after the opening backtick and the
 * whitespace-only line before the closing one are dropped. Only spaces count as indentation, so a
 * tab inside the text (a tab-indented source line in a code frame) is kept as written; escapes
 * such as `\t` are interpreted (cooked strings).
 *
 * ```ts
 * dedent`
 *   error[x]: ...
 *     --> line 1, column 1
 * ` === 'error[x]: ...\n  --> line 1, column 1'
 * ```
 */
export function dedent(strings: TemplateStringsArray | string, ...values: unknown[]): string {
  const text = typeof strings === 'string' ? strings : strings.reduce((acc, s, k) => acc + String(values[k - 1]) + s);
  const lines = text.split('\n');
  if (lines.length > 1 && lines[0]!.trim() === '') lines.shift();
  if (lines.length > 1 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const strip = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => (l.trim() === '' ? '' : l.slice(strip))).join('\n');
}
