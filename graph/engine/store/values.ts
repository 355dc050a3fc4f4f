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

/**
 * A key in a property index: what indexKey or tupleKey returns. Map keys compare numbers by value
 * and strings by content, so the common property values need no key string built per lookup.
 */
export type IndexKey = string | number | boolean;

/**
 * The key of one property value in a single-property index. Same rule as propertyKey (equal
 * exactly when Cypher equality says so), cheaper: strings are their own key, numbers and
 * integers that a double holds exactly are numbers, booleans booleans. The rest (larger integers,
 * lists) is propertyKey's string behind a NUL, and a string that itself starts with NUL gets one
 * more, so that no two kinds share a key.
 */
export function indexKey(v: PropertyValue): IndexKey {
  switch (typeof v) {
    case 'string':
      return v.length > 0 && v.charCodeAt(0) === 0 ? '\u0000' + v : v;
    case 'number':
      return Number.isInteger(v) && !Number.isSafeInteger(v) ? '\u0000' + propertyKey(v) : v;
    case 'bigint':
      return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : '\u0000' + propertyKey(v);
    case 'boolean':
      return v;
    default:
      return '\u0000' + propertyKey(v);
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Key of a tuple of property values (composite indexes); null when one of them is absent. */
export function tupleKey(props: Record<string, PropertyValue>, keys: readonly string[]): IndexKey | null {
  if (keys.length === 1) {
    const v = props[keys[0]!];
    return v === undefined ? null : indexKey(v);
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
