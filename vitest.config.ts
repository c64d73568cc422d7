import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (pkg: string, file = 'index.ts') => fileURLToPath(new URL(`./packages/${pkg}/src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so `npm test` never sees a stale dist/.
    alias: [
      { find: /^@neurite\/parser$/, replacement: src('parser') },
      { find: /^@neurite\/codegen$/, replacement: src('codegen') },
      { find: /^@neurite\/codegen\/gpujs$/, replacement: src('codegen', 'backends/gpujs/index.ts') },
      { find: /^@neurite\/runtime$/, replacement: src('runtime') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
