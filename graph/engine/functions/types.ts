/**
 * Type names of runtime values, as Neo4j spells them in error messages and as the
 * function library dispatches on them.
 */
import { NodeValue, PathValue, RelationshipValue, TemporalValue, type CypherValue } from '../values.js';
import { temporalTypeName, type TemporalTypeName } from './temporal/types.js';

export type CypherTypeName =
  | 'NULL'
  | 'BOOLEAN'
  | 'INTEGER'
  | 'FLOAT'
  | 'STRING'
  | 'LIST'
  | 'MAP'
  | 'NODE'
  | 'RELATIONSHIP'
  | 'PATH'
  | TemporalTypeName;

export function typeName(v: CypherValue): CypherTypeName {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'boolean':
      return 'BOOLEAN';
    case 'bigint':
      return 'INTEGER';
    case 'number':
      return 'FLOAT';
    case 'string':
      return 'STRING';
  }
  if (Array.isArray(v)) return 'LIST';
  if (v instanceof NodeValue) return 'NODE';
  if (v instanceof RelationshipValue) return 'RELATIONSHIP';
  if (v instanceof PathValue) return 'PATH';
  if (v instanceof TemporalValue) return temporalTypeName(v);
  return 'MAP';
}

/** INTEGER or FLOAT. */
export function isNumber(v: CypherValue): v is bigint | number {
  const t = typeof v;
  return t === 'bigint' || t === 'number';
}
