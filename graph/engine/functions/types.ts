/**
 * Type names of runtime values, as Neo4j spells them in error messages and as the
 * function library dispatches on them.
 */
import { NodeValue, PathValue, RelationshipValue, type CypherValue } from '../values.js';

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
  | 'PATH';

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
  return 'MAP';
}

/** INTEGER or FLOAT. */
export function isNumber(v: CypherValue): v is bigint | number {
  const t = typeof v;
  return t === 'bigint' || t === 'number';
}
