/**
 * Index keys for stored property values. Two property values share a key exactly when Cypher
 * equality says they are equal (so `{id: 1}` finds a node stored with `id: 1.0`, as a Neo4j
 * range index does). Lists key element-wise.
 */
import type { PropertyValue } from '../values.js';

export function propertyKey(v: PropertyValue): string {
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'bigint':
      return 'n' + v.toString();
    case 'number':
      if (Number.isInteger(v)) return 'n' + BigInt(v).toString();
      if (Number.isNaN(v)) return 'NaN';
      return 'f' + v.toString();
    case 'boolean':
      return v ? 'T' : 'F';
    default:
      if (Array.isArray(v)) return '[' + v.map(propertyKey).join('\u0001') + ']';
      return '?' + String(v);
  }
}

/** Key of a tuple of property values (composite indexes); null when one of them is absent. */
export function tupleKey(props: Record<string, PropertyValue>, keys: readonly string[]): string | null {
  if (keys.length === 1) {
    const v = props[keys[0]!];
    return v === undefined ? null : propertyKey(v);
  }
  let out = '';
  for (const k of keys) {
    const v = props[k];
    if (v === undefined) return null;
    out += propertyKey(v) + '\u0000';
  }
  return out;
}

export function formatProperty(v: PropertyValue): string {
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return '[' + v.map(formatProperty).join(', ') + ']';
  return String(v);
}

export function emptyProps(): Record<string, PropertyValue> {
  return Object.create(null) as Record<string, PropertyValue>;
}
