/**
 * Bundles each package's compiled entry points (dist/, from `tsc -b`) into a few files under
 * dist/bundle/, which the packages' `exports` point to.
 *
 * Why: Node loads ES modules one file at a time (resolve, read, compile, link), ~0.4 ms each; the
 * three packages are ~110 small files (one purpose each, by design), so importing
 * `@neurite/runtime` took ~95 ms of a ~155 ms start-up. Bundled: ~55 ms of ~113 ms, for every
 * script, benchmark child and sweep worker.
 *
 * Each package is bundled on its own, with every bare import (node:*, npm packages, the other
 * @neurite/* packages) left external: so there is exactly one copy of each module in a process
 * (a ModelError thrown by the runtime is the ModelError that @neurite/parser exports), and the
 * entries of one package (codegen's `.` and `./gpujs`) share their modules through common chunks.
 * Not minified: stack traces stay readable, and a source map maps them to dist/ and src/. Comments
 * are left out (the TSDoc is in src/ and the .d.ts files): V8 scans every byte of a module it
 * compiles, and the ~150 kB of comments cost ~5 ms of every process's start (and every worker's).
 *
 * Run: node scripts/bundle.mjs (npm run build runs it after tsc -b).
 */
import { rolldown } from 'rolldown';
import { fileURLToPath } from 'node:url';
import { rm } from 'node:fs/promises';

/** Entry points of each package (name → compiled module), as listed in its package.json exports. */
const PACKAGES = {
  parser: { index: 'dist/index.js' },
  codegen: { index: 'dist/index.js', gpujs: 'dist/backends/gpujs/index.js' },
  runtime: { index: 'dist/index.js', sweep: 'dist/sweep.js' },
};

const root = fileURLToPath(new URL('..', import.meta.url));

for (const [name, entries] of Object.entries(PACKAGES)) {
  const dir = `${root}packages/${name}/`;
  const input = Object.fromEntries(Object.entries(entries).map(([entry, file]) => [entry, dir + file]));
  await rm(`${dir}dist/bundle`, { recursive: true, force: true });
  const bundle = await rolldown({
    input,
    platform: 'node',
    // Relative imports are bundled; anything else is another package (or a Node built-in).
    external: (id, importer) => importer !== undefined && !id.startsWith('.') && !id.startsWith('/'),
    logLevel: 'warn',
  });
  await bundle.write({ dir: `${dir}dist/bundle`, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: true, comments: false });
  await bundle.close();
}
