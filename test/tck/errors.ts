/**
 * Matching a raised error against a TCK error step (`a SyntaxError should be raised at compile
 * time: UndefinedVariable`).
 *
 * The error's class is the last segment of its Neo4j status code
 * (`Neo.ClientError.Statement.SyntaxError` -> `SyntaxError`), with these deliberate aliases:
 *  - SyntaxError and SemanticError are interchangeable: Neo4j reports most compile-time semantic
 *    errors (undefined variables, type conflicts) with the SyntaxError code, while the TCK sometimes
 *    names them SemanticError, and the engine may choose either.
 *  - A TypeError expected at compile time also accepts SyntaxError/SemanticError, since a
 *    compile-time type check is reported by Neo4j as a SyntaxError.
 *  - ConstraintVerificationFailed accepts ConstraintValidationFailed; ProcedureError accepts any
 *    Neo.ClientError.Procedure.* code.
 * Only ClientErrors count: a DatabaseError or a connection failure is an engine crash, never a pass.
 * The phase (compile time / runtime) is not checked: over Bolt both arrive as a FAILURE.
 * The detail (`UndefinedVariable`) is matched separately and reported on its own; it does not decide
 * pass or fail. Neo4j does not send TCK detail names, so a detail matches when the error text names
 * it literally or when the message has Neo4j's wording for it (DETAIL_WORDING, a heuristic).
 */
import type { ErrorPhase } from './steps.js';

export interface RaisedError {
  code: string;
  message: string;
  /** Any further text the server attached (GQL status description, diagnostic record...). */
  extra?: string[];
  /** Which Bolt message failed: RUN (before any record) or PULL (while streaming). Informational only. */
  phase?: 'run' | 'pull';
}

export interface ErrorExpectation {
  errorType: string;
  phase: ErrorPhase;
  detail: string;
}

export interface ErrorMatch {
  typeMatches: boolean;
  detailMatches: boolean;
}

/** Neo4j's message wording for each TCK error detail. */
export const DETAIL_WORDING: Record<string, RegExp> = {
  UndefinedVariable: /variable `[^`]*` not defined/i,
  VariableAlreadyBound: /already (declared|bound)/i,
  VariableTypeConflict: /defined with conflicting type/i,
  InvalidArgumentType: /type mismatch|expected (a |an )?[\w<>,. ]+ but (was|got)/i,
  InvalidArgumentValue: /invalid (input|argument|value)/i,
  InvalidAggregation: /aggregat/i,
  AmbiguousAggregationExpression: /implicit grouping|grouping (key|expression)/i,
  NestedAggregation: /aggregate functions inside of aggregate functions/i,
  ColumnNameConflict: /same (column )?name/i,
  NoSingleRelationshipType: /exactly one relationship type/i,
  RequiresDirectedRelationship: /only directed relationships/i,
  CreatingVarLength: /variable length relationships cannot be used/i,
  NegativeIntegerArgument: /non-negative integer/i,
  NonConstantExpression: /not allowed to refer to variables|non-deterministic|constant/i,
  IntegerOverflow: /integer is too large|integer overflow|out of range of an integer/i,
  FloatingPointOverflow: /floating point number is too large/i,
  InvalidNumberLiteral: /invalid number literal/i,
  InvalidUnicodeCharacter: /unicode/i,
  UnexpectedSyntax: /invalid input|pattern expression should only be used|unexpected/i,
  InvalidRelationshipPattern: /variable-length relationship|range bound|relationship pattern/i,
  DifferentColumnsInUnion: /same (return )?column names/i,
  InvalidClauseComposition: /invalid combination|must be the last clause|cannot conclude with|is required between/i,
  NoExpressionAlias: /must be aliased/i,
  NoVariablesInScope: /no variables in scope/i,
  InvalidDelete: /delete expects|invalid delete/i,
  InvalidParameterUse: /parameter maps cannot be used/i,
  RelationshipUniquenessViolation: /same relationship variable/i,
  ProcedureNotFound: /no procedure with the name/i,
  NumberOutOfRange: /in the range|out of range|cannot be zero/i,
  MergeReadOwnWrites: /cannot merge .* null property value/i,
  MapElementAccessByNonString: /string key|map key/i,
  InvalidPropertyType: /property values can only be of primitive types/i,
  DeletedEntityAccess: /has been deleted/i,
  DeleteConnectedNode: /still has relationships/i,
  MissingParameter: /expected parameter|parameter .*missing|missing parameter/i,
  InvalidNumberOfArguments: /insufficient parameters|too many parameters|number of arguments/i,
};

const COMPILE_TIME_CLASSES = ['SyntaxError', 'SemanticError'];

export function errorClass(code: string): string {
  const parts = code.split('.');
  if (parts[1] === 'ClientError' && parts[2] === 'Procedure') return 'ProcedureError';
  return parts[parts.length - 1] ?? code;
}

export function acceptedClasses(expected: ErrorExpectation): string[] {
  switch (expected.errorType) {
    case 'SyntaxError':
    case 'SemanticError':
      return COMPILE_TIME_CLASSES;
    case 'TypeError':
      return expected.phase === 'compile time' ? ['TypeError', ...COMPILE_TIME_CLASSES] : ['TypeError'];
    case 'ConstraintVerificationFailed':
      return ['ConstraintVerificationFailed', 'ConstraintValidationFailed'];
    default:
      return [expected.errorType];
  }
}

export function matchError(expected: ErrorExpectation, raised: RaisedError): ErrorMatch {
  const isClientError = raised.code.startsWith('Neo.ClientError.');
  const typeMatches = isClientError && acceptedClasses(expected).includes(errorClass(raised.code));
  const detail = expected.detail.trim();
  let detailMatches = false;
  if (typeMatches) {
    if (detail === '*' || detail === '') detailMatches = true;
    else {
      const haystack = [raised.message, ...(raised.extra ?? [])].join('\n');
      const wording = DETAIL_WORDING[detail];
      detailMatches = haystack.toLowerCase().includes(detail.toLowerCase()) || (wording !== undefined && wording.test(haystack));
    }
  }
  return { typeMatches, detailMatches };
}
