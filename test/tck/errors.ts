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
 * pass or fail.
 */
import type { ErrorPhase } from './steps.js';

export interface RaisedError {
  code: string;
  message: string;
  /** Any further text the server attached (GQL status description, diagnostic record...). */
  extra?: string[];
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
      const haystack = [raised.message, ...(raised.extra ?? [])].join('\n').toLowerCase();
      detailMatches = haystack.includes(detail.toLowerCase());
    }
  }
  return { typeMatches, detailMatches };
}
