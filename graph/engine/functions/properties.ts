/**
 * Conversion between runtime values and storable property values. What Neo4j can store: BOOLEAN,
 * INTEGER, FLOAT, STRING, the temporal types (DATE, TIME, ..., DURATION), and homogeneous lists of one of them (INTEGER and FLOAT mix to a FLOAT
 * list); no nulls inside lists, no maps, no graph entities, no nested lists.
 */
import type { Position } from '../ast.js';
import { typeError } from '../errors.js';
import { makeMap, TemporalValue, type CypherMap, type CypherValue, type PropertyValue } from '../values.js';
import { typeName } from './types.js';

function invalidProperty(v: CypherValue, why: string, pos: Position | null): never {
  throw typeError(
    `Property values can only be of primitive types or arrays thereof; ${why} (got ${typeName(v)})`,
    'InvalidPropertyType',
    pos,
  );
}

/** The storable form of v; null means "no property" (setting a property to null removes it). */
export function toPropertyValue(v: CypherValue, pos: Position | null = null): PropertyValue | null {
  switch (typeof v) {
    case 'boolean':
    case 'bigint':
    case 'number':
    case 'string':
      return v;
  }
  if (v === null) return null;
  if (v instanceof TemporalValue) return v; // immutable, so the store may share it
  if (!Array.isArray(v)) return invalidProperty(v, 'maps, nodes, relationships and paths cannot be stored', pos);
  if (v.length === 0) return [];
  let kind: string | null = null;
  let mixedNumbers = false;
  for (const e of v) {
    if (e === null) invalidProperty(v, 'collections containing null values can not be stored in properties', pos);
    // Temporal elements are typed by their kind ('date', 'duration', ...), so kinds do not mix.
    const t = e instanceof TemporalValue ? e.kind : typeof e;
    if (t !== 'boolean' && t !== 'bigint' && t !== 'number' && t !== 'string' && !(e instanceof TemporalValue)) {
      invalidProperty(e, 'collections can only hold primitive values', pos);
    }
    if (kind === null) kind = t;
    else if (kind !== t) {
      if ((kind === 'bigint' || kind === 'number') && (t === 'bigint' || t === 'number')) mixedNumbers = true;
      else invalidProperty(v, 'collections containing mixed types can not be stored in properties', pos);
    }
  }
  if (mixedNumbers) return v.map((e) => Number(e as bigint | number));
  return (v as PropertyValue[]).slice();
}

/** The runtime value of a stored property. Lists are copied so that callers may not alias the store. */
export function fromPropertyValue(p: PropertyValue): CypherValue {
  return Array.isArray(p) ? (p.slice() as CypherValue[]) : p;
}

/** A property record (as read from a node or relationship) as a CypherMap. */
export function propertiesToMap(props: Record<string, PropertyValue>): CypherMap {
  const m = makeMap();
  for (const k of Object.keys(props)) m[k] = fromPropertyValue(props[k]!);
  return m;
}
