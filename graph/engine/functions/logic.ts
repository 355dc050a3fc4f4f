/**
 * Cypher's three-valued logic over BOOLEAN and null. Any other operand type is a TypeError
 * (InvalidArgumentType), as Neo4j raises for `1 AND true`.
 */
import type { Position } from '../ast.js';
import { typeError } from '../errors.js';
import type { CypherValue } from '../values.js';
import { typeName } from './types.js';

export type Ternary = boolean | null;

/** Checks that v is BOOLEAN or null; `op` names the operator for the error message. */
export function asTernary(v: CypherValue, op: string, pos: Position | null = null): Ternary {
  if (v === null || typeof v === 'boolean') return v;
  throw typeError(`${op} expected a BOOLEAN but got ${typeName(v)}`, 'InvalidArgumentType', pos);
}

/** false wins over null: `false AND null` is false, `true AND null` is null. */
export function and(a: CypherValue, b: CypherValue, pos: Position | null = null): Ternary {
  const x = asTernary(a, 'AND', pos);
  const y = asTernary(b, 'AND', pos);
  if (x === false || y === false) return false;
  if (x === null || y === null) return null;
  return true;
}

/** true wins over null: `true OR null` is true, `false OR null` is null. */
export function or(a: CypherValue, b: CypherValue, pos: Position | null = null): Ternary {
  const x = asTernary(a, 'OR', pos);
  const y = asTernary(b, 'OR', pos);
  if (x === true || y === true) return true;
  if (x === null || y === null) return null;
  return false;
}

export function xor(a: CypherValue, b: CypherValue, pos: Position | null = null): Ternary {
  const x = asTernary(a, 'XOR', pos);
  const y = asTernary(b, 'XOR', pos);
  if (x === null || y === null) return null;
  return x !== y;
}

export function not(a: CypherValue, pos: Position | null = null): Ternary {
  const x = asTernary(a, 'NOT', pos);
  return x === null ? null : !x;
}
