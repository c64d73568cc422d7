/**
 * `tokenize(text)`: characters → tokens, with one diagnostic per run of characters the language
 * does not know. Never throws: unknown characters are skipped so the rest can still be checked.
 */
import type { IToken } from 'chevrotain';
import { Lexer } from '../chevrotain.js';
import { allTokens } from './tokens.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { span } from '../source.js';

// One lexer for the whole process: building it analyses every pattern, which costs milliseconds.
// 'full' tracking: chevrotain 11 leaves endOffset null under 'onlyOffset', and CST node spans need it.
// Pattern checks are skipped at start-up (see makeLexer and grammar.test.ts).
const lexer = makeLexer(false);

/** A lexer for the language; `validate` runs Chevrotain's token-pattern checks (tests do). */
export function makeLexer(validate: boolean): InstanceType<typeof Lexer> {
  return new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false, skipValidations: !validate });
}

export interface Tokenized {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

export function tokenize(text: string): Tokenized {
  const result = lexer.tokenize(text);
  const diagnostics = result.errors.map((e) =>
    diag.unexpectedCharacter(span(e.offset, e.offset + e.length), text.slice(e.offset, e.offset + e.length)),
  );
  return { tokens: result.tokens, diagnostics };
}
