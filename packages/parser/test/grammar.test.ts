/**
 * The shared parser and lexer skip Chevrotain's grammar checks at start-up (they cost ~10 ms and
 * can only fail when the grammar changes): here they run, so a grammar change that introduces an
 * ambiguity, left recursion or a bad token pattern fails the tests instead.
 */
import { describe, expect, it } from 'vitest';
import { ModelParser } from '../src/grammar/model-parser.js';
import { makeLexer } from '../src/lexer/lexer.js';

describe('grammar', () => {
  it("passes Chevrotain's parser checks", () => {
    expect(() => new ModelParser({ validate: true })).not.toThrow();
  });

  it("passes Chevrotain's lexer checks", () => {
    const lexer = makeLexer(true);
    expect(lexer.lexerDefinitionErrors).toEqual([]);
    expect(lexer.tokenize('dv/dt = -v/tau : volt').errors).toEqual([]);
  });
});
