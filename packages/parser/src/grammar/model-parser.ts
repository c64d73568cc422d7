/**
 * The pure grammar (Chevrotain CST parser) for one logical line of the model language. No
 * semantic actions: `cst-to-ast.ts` is the only code that reads the CST it produces.
 *
 * Precedence, lowest first, as in Python: `or` < `and` < `not` < comparisons < `+ -` <
 * `* / // %` < unary `- +` < `**` (right-associative; its exponent may carry a unary sign, so
 * `2**-1` parses and `-x**2` is `-(x**2)`).
 *
 * Entry rules: `equationLine`, `statementLine`, `expressionLine`, `quantityLine`.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { CstParser, EOF } from '../chevrotain.js';
import * as T from '../lexer/tokens.js';

function describe(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the line';
  if (token.tokenType === T.Newline) return 'the end of the line';
  return `'${token.image}'`;
}

function label(tt: TokenType): string {
  return tt.LABEL ?? tt.name;
}

/** Short, plain messages instead of Chevrotain's "Expecting token of type --> X <--". */
const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${label(expected)} but found ${describe(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${describe(firstRedundant)}`,
  buildNoViableAltMessage: ({ actual, customUserDescription, ruleName }) =>
    `expected ${customUserDescription ?? ruleDescriptions[ruleName] ?? 'something else'} but found ${describe(actual[0]!)}`,
  buildEarlyExitMessage: ({ actual, customUserDescription, ruleName }) =>
    `expected ${customUserDescription ?? ruleDescriptions[ruleName] ?? 'something else'} but found ${describe(actual[0]!)}`,
};

const ruleDescriptions: Record<string, string> = {
  atom: 'a number, a name or a parenthesised expression',
  unaryExpr: 'an expression',
  notExpr: 'an expression',
  equationLine: "an equation: 'dx/dt = ... : unit', 'x = ... : unit' or 'x : unit'",
  unitAtom: 'a unit',
  unitExponent: 'a number',
  flag: 'a flag',
};

export class ModelParser extends CstParser {
  /**
   * `validate`: run Chevrotain's grammar checks (ambiguities, left recursion). They cost ~10 ms at
   * every start-up and can only fail when the grammar changes, so the shared parser skips them and
   * a test (grammar.test.ts) builds one with them.
   */
  constructor(options: { readonly validate?: boolean } = {}) {
    super(T.allTokens, { maxLookahead: 3, errorMessageProvider: messages, nodeLocationTracking: 'onlyOffset', skipValidations: options.validate !== true });
    this.performSelfAnalysis();
  }

  // --- entry points ---------------------------------------------------------------------------

  public equationLine = this.RULE('equationLine', () => {
    this.OR([
      {
        // dx/dt = expr [: unit [flags]]
        GATE: () => this.LA(2).tokenType === T.Slash,
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'dName' });
          this.CONSUME(T.Slash);
          this.CONSUME2(T.Identifier, { LABEL: 'dtName' });
          this.CONSUME(T.Equals);
          this.SUBRULE(this.expression);
          this.OPTION(() => this.SUBRULE(this.unitAndFlags));
        },
      },
      {
        // x = expr [: unit [flags]]
        GATE: () => this.LA(2).tokenType === T.Equals,
        ALT: () => {
          this.CONSUME3(T.Identifier, { LABEL: 'name' });
          this.CONSUME2(T.Equals);
          this.SUBRULE2(this.expression);
          this.OPTION2(() => this.SUBRULE2(this.unitAndFlags));
        },
      },
      {
        // x : unit [flags]
        ALT: () => {
          this.CONSUME4(T.Identifier, { LABEL: 'name' });
          this.SUBRULE3(this.unitAndFlags);
        },
      },
    ]);
  });

  public statementLine = this.RULE('statementLine', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.AssignOp);
    this.SUBRULE(this.expression);
  });

  public expressionLine = this.RULE('expressionLine', () => {
    this.SUBRULE(this.expression);
  });

  /** `5 ms`, `-65*mV`, `1*ufarad*cm**-2 * 20000*umetre**2`: an expression, optionally followed by a unit. */
  public quantityLine = this.RULE('quantityLine', () => {
    this.SUBRULE(this.expression);
    this.OPTION(() => this.SUBRULE(this.unitExpr));
  });

  // --- unit field and flags -------------------------------------------------------------------

  private unitAndFlags = this.RULE('unitAndFlags', () => {
    this.CONSUME(T.Colon);
    this.SUBRULE(this.unitExpr);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.SUBRULE(this.flag);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.flag);
      });
      this.CONSUME(T.RParen);
    });
  });

  /** One or more words, optionally joined by '-': `constant`, `unless refractory`, `event-driven`. */
  private flag = this.RULE('flag', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.OPTION(() => this.CONSUME(T.Minus));
      this.CONSUME2(T.Identifier);
    });
  });

  /**
   * A restricted product grammar, so that `volt (unless refractory)` is a unit followed by flags
   * rather than a call of a function named `volt`.
   */
  private unitExpr = this.RULE('unitExpr', () => {
    this.SUBRULE(this.unitPower);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
      this.SUBRULE2(this.unitPower);
    });
  });

  private unitPower = this.RULE('unitPower', () => {
    this.SUBRULE(this.unitAtom);
    this.OPTION(() => {
      this.CONSUME(T.PowOp);
      this.SUBRULE(this.unitExponent);
    });
  });

  private unitAtom = this.RULE('unitAtom', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.unitExpr);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  private unitExponent = this.RULE('unitExponent', () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.AddOp));
          this.CONSUME(T.NumberLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.OPTION2(() => this.CONSUME2(T.AddOp));
          this.CONSUME2(T.NumberLiteral);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  // --- expressions ----------------------------------------------------------------------------

  public expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.Or, { LABEL: 'operators' });
      this.SUBRULE2(this.andExpr, { LABEL: 'operands' });
    });
  });

  private andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.And, { LABEL: 'operators' });
      this.SUBRULE2(this.notExpr, { LABEL: 'operands' });
    });
  });

  private notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  private comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.CompareOp, { LABEL: 'operators' });
      this.SUBRULE2(this.additive, { LABEL: 'operands' });
    });
  });

  private additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.AddOp, { LABEL: 'operators' });
      this.SUBRULE2(this.multiplicative, { LABEL: 'operands' });
    });
  });

  private multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unaryExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.MulOp, { LABEL: 'operators' });
      this.SUBRULE2(this.unaryExpr, { LABEL: 'operands' });
    });
  });

  private unaryExpr = this.RULE('unaryExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.AddOp);
          this.SUBRULE(this.unaryExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]);
  });

  private power = this.RULE('power', () => {
    this.SUBRULE(this.atom);
    this.OPTION(() => {
      this.CONSUME(T.PowOp);
      this.SUBRULE(this.unaryExpr);
    });
  });

  private atom = this.RULE('atom', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() => {
            this.CONSUME(T.LParen);
            this.OPTION2(() => {
              this.SUBRULE(this.expression, { LABEL: 'args' });
              this.MANY(() => {
                this.CONSUME(T.Comma);
                this.SUBRULE2(this.expression, { LABEL: 'args' });
              });
            });
            this.CONSUME(T.RParen);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.LParen);
          this.SUBRULE3(this.expression, { LABEL: 'inner' });
          this.CONSUME2(T.RParen);
        },
      },
    ]);
  });
}

/** The parser is stateless between inputs (`parser.input = tokens` resets it), so one instance serves all. */
export const modelParser = new ModelParser();
