/**
 * Errors raised by the engine carry a Neo4j status code, so that the Bolt server can send
 * a FAILURE the driver maps to the same Neo4jError a real Neo4j would raise.
 */
import type { Position } from './ast.js';

export type Neo4jStatusCode =
  | 'Neo.ClientError.Statement.SyntaxError'
  | 'Neo.ClientError.Statement.SemanticError'
  | 'Neo.ClientError.Statement.TypeError'
  | 'Neo.ClientError.Statement.ArgumentError'
  | 'Neo.ClientError.Statement.ArithmeticError'
  | 'Neo.ClientError.Statement.EntityNotFound'
  | 'Neo.ClientError.Statement.ParameterMissing'
  | 'Neo.ClientError.Statement.AccessMode'
  | 'Neo.ClientError.Statement.NotSupported'
  | 'Neo.ClientError.Schema.ConstraintValidationFailed'
  | 'Neo.ClientError.Schema.ConstraintVerificationFailed'
  | 'Neo.ClientError.Schema.ConstraintCreationFailed'
  | 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists'
  | 'Neo.ClientError.Schema.IndexAlreadyExists'
  | 'Neo.ClientError.Schema.ConstraintAlreadyExists'
  | 'Neo.ClientError.Schema.IndexWithNameAlreadyExists'
  | 'Neo.ClientError.Schema.ConstraintWithNameAlreadyExists'
  | 'Neo.DatabaseError.Schema.IndexDropFailed'
  | 'Neo.DatabaseError.Schema.ConstraintDropFailed'
  | 'Neo.ClientError.Procedure.ProcedureNotFound'
  | 'Neo.ClientError.Procedure.ProcedureCallFailed'
  | 'Neo.ClientError.Transaction.TransactionTimedOut'
  | 'Neo.ClientError.Transaction.TransactionNotFound'
  | 'Neo.ClientError.Security.Unauthorized'
  | 'Neo.ClientError.Request.Invalid'
  | 'Neo.DatabaseError.General.UnknownError';

export class CypherError extends Error {
  constructor(
    readonly code: Neo4jStatusCode,
    message: string,
    /**
     * A short TCK-style detail name (for example 'UndefinedVariable', 'VariableTypeConflict',
     * 'InvalidArgumentType', 'DeleteConnectedNode'); the TCK runner checks it where given.
     */
    readonly detail: string | null = null,
    readonly position: Position | null = null,
  ) {
    super(position ? `${message} (line ${position.line}, column ${position.column} (offset: ${position.offset}))` : message);
    this.name = 'CypherError';
  }
}

export const syntaxError = (msg: string, pos: Position | null, detail: string | null = null) =>
  new CypherError('Neo.ClientError.Statement.SyntaxError', msg, detail, pos);
export const semanticError = (msg: string, pos: Position | null, detail: string | null = null) =>
  new CypherError('Neo.ClientError.Statement.SemanticError', msg, detail, pos);
export const typeError = (msg: string, detail: string | null = null, pos: Position | null = null) =>
  new CypherError('Neo.ClientError.Statement.TypeError', msg, detail, pos);
export const argumentError = (msg: string, detail: string | null = null, pos: Position | null = null) =>
  new CypherError('Neo.ClientError.Statement.ArgumentError', msg, detail, pos);
export const notSupported = (construct: string, pos: Position | null = null) =>
  new CypherError(
    'Neo.ClientError.Statement.NotSupported',
    `${construct} is not supported by the embedded graph server; run this query on Neo4j`,
    'NotSupported',
    pos,
  );
