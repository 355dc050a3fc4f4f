/**
 * Cypher front end: `parse(text)` tokenizes, parses and semantically checks one statement.
 * Throws CypherError (SyntaxError with position, or SemanticError with a TCK detail name).
 */
import type { Statement } from '../ast.js';
import { CypherError, syntaxError } from '../errors.js';
import { Parser } from './parser.js';
import { SemanticChecker } from './semantic.js';

export function parse(text: string): Statement {
  let stmt: Statement;
  let parser: Parser;
  try {
    parser = new Parser(text);
    stmt = parser.parseStatement();
  } catch (e) {
    if (e instanceof CypherError) throw e;
    // e.g. RangeError on absurdly deep nesting: still a client error, never a JS crash
    throw syntaxError(`Invalid input: ${e instanceof Error ? e.message : String(e)}`, null, 'UnexpectedSyntax');
  }
  new SemanticChecker(parser.barePatterns).checkStatement(stmt);
  return stmt;
}
