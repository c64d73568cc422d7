/**
 * Chevrotain, loaded from the single-file ES module it ships (`lib/chevrotain.mjs`) where it can
 * be found: the package entry point (`lib/src/api.js`) pulls in some 600 `lodash-es` modules, and
 * loading them was most of Neurite's start-up time in Node (~0.45 s against ~0.02 s for the
 * bundle, same version, same code). Elsewhere (browsers, bundlers) the package entry is used.
 *
 * Every module of the parser imports Chevrotain's values from here (one instance: token types
 * must come from the same copy as the lexer and parser) and its types from 'chevrotain'.
 */
import type * as Chevrotain from 'chevrotain';

// Module names in variables: bundlers for the browser must not try to resolve Node's modules.
const NODE_MODULE = 'node:module';
const NODE_URL = 'node:url';

async function load(): Promise<typeof Chevrotain> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (isNode) {
    try {
      const { createRequire } = (await import(/* @vite-ignore */ NODE_MODULE)) as typeof import('node:module');
      const { pathToFileURL } = (await import(/* @vite-ignore */ NODE_URL)) as typeof import('node:url');
      const entry = pathToFileURL(createRequire(import.meta.url).resolve('chevrotain'));
      return (await import(/* @vite-ignore */ new URL('../chevrotain.mjs', entry).href)) as typeof Chevrotain;
    } catch {
      // A different layout of the package: fall back to its entry point.
    }
  }
  return import('chevrotain');
}

const chevrotain = await load();

export const { createToken, CstParser, EOF, Lexer, tokenMatcher } = chevrotain;
