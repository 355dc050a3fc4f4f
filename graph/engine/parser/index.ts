/**
 * Cypher front end: `parse(text)` tokenizes, parses and semantically checks one statement.
 * Throws CypherError: SyntaxError with the offending position and a TCK detail name
 * (UnexpectedSyntax, IntegerOverflow, UndefinedVariable, VariableTypeConflict, ...), or a
 * TypeError for property access on a value statically known not to have properties.
 */
import type { Statement } from '../ast.js';
import { syntaxError } from '../errors.js';
import { Parser } from './parser.js';
import { SemanticChecker } from './semantic.js';

export function parse(text: string): Statement {
  try {
    const parser = new Parser(text);
    const stmt = parser.parseStatement();
    new SemanticChecker(parser.barePatterns).checkStatement(stmt);
    return stmt;
  } catch (e) {
    // absurdly deep nesting exhausts the stack: still the client's query, never a server crash
    if (e instanceof RangeError) throw syntaxError('Invalid input: the query is nested too deeply', null, 'UnexpectedSyntax');
    throw e;
  }
}
