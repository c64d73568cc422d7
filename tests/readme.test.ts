/**
 * The README's examples are part of the contract: every ```ts block runs, and where a ```text
 * block follows it directly, what the example prints must be exactly that text.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const snippetDir = fileURLToPath(new URL('tests/.readme-snippets/', root));

interface Example {
  readonly code: string;
  readonly expected: string | undefined;
  readonly line: number;
}

function examples(markdown: string): Example[] {
  const fence = /```(\w+)\n([\s\S]*?)```/g;
  const blocks: { lang: string; body: string; start: number; end: number }[] = [];
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) {
    blocks.push({ lang: m[1]!, body: m[2]!, start: m.index, end: m.index + m[0].length });
  }
  return blocks.flatMap((b, k) => {
    if (b.lang !== 'ts') return [];
    const next = blocks[k + 1];
    const follows = next && next.lang === 'text' && /^\s*$/.test(markdown.slice(b.end, next.start));
    const line = markdown.slice(0, b.start).split('\n').length;
    return [{ code: b.body, expected: follows ? next.body.replace(/\n$/, '') : undefined, line }];
  });
}

const found = examples(readme);

describe('README examples', () => {
  mkdirSync(snippetDir, { recursive: true });
  afterAll(() => rmSync(snippetDir, { recursive: true, force: true }));

  it('has examples to run', () => {
    expect(found.length).toBeGreaterThanOrEqual(4);
  });

  for (const [k, ex] of found.entries()) {
    it(`example at README.md line ${ex.line} runs${ex.expected !== undefined ? ' and prints what the README says' : ''}`, async () => {
      const file = `${snippetDir}example-${k}.ts`;
      writeFileSync(file, ex.code);
      const lines: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '));
      });
      try {
        await import(/* @vite-ignore */ file);
      } finally {
        spy.mockRestore();
      }
      if (ex.expected !== undefined) expect(lines.join('\n')).toBe(ex.expected);
    });
  }
});
