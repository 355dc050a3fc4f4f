/**
 * Cypher's three notions of sameness and order over runtime values:
 *
 *  - equals:       `=`, `<>`, `IN` — three-valued (null when the answer hinges on a null).
 *  - compare:      `<`, `>`, `<=`, `>=` — null when the values are not comparable.
 *  - orderCompare: ORDER BY's total order over every value (Neo4j 5 "orderability").
 *  - groupKey:     the equivalence used by DISTINCT, grouping keys and UNION.
 *
 * These run per row, so they avoid allocation and dispatch on `typeof` first.
 */
import { NodeValue, PathValue, RelationshipValue, TemporalValue, type CypherMap, type CypherValue } from '../values.js';
import { temporalCompare, temporalEquals, temporalKey, temporalOrderCompare } from './temporal/compare.js';

// ---------------------------------------------------------------------------------------------
// Equality
// ---------------------------------------------------------------------------------------------

/**
 * Cypher equality. null if either side is null; for lists and maps null when no element pair is
 * definitely unequal but some pair compares to null (`[1, null] = [1, null]` is null,
 * `[1, 2] = [2, null]` is false). Integers and floats compare numerically; NaN equals nothing.
 */
export function equals(a: CypherValue, b: CypherValue): boolean | null {
  if (a === null || b === null) return null;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'bigint' || ta === 'number') {
    // Loose equality between bigint and number is exact in JS (no rounding of the bigint).
    // eslint-disable-next-line eqeqeq
    return (tb === 'bigint' || tb === 'number') && a == b;
  }
  if (ta === 'string' || ta === 'boolean') return a === b;
  if (tb !== 'object') return false;
  if (Array.isArray(a)) {
    if (Array.isArray(b)) return listEquals(a, b);
    return b instanceof PathValue ? listEquals(a, pathElements(b)) : false;
  }
  if (Array.isArray(b)) return a instanceof PathValue ? listEquals(pathElements(a), b) : false;
  if (a instanceof NodeValue) return b instanceof NodeValue && a.id === b.id;
  if (a instanceof RelationshipValue) return b instanceof RelationshipValue && a.id === b.id;
  if (a instanceof PathValue) return b instanceof PathValue && pathEquals(a, b);
  if (a instanceof TemporalValue) return b instanceof TemporalValue && temporalEquals(a, b);
  if (b instanceof NodeValue || b instanceof RelationshipValue || b instanceof PathValue || b instanceof TemporalValue) return false;
  return mapEquals(a as CypherMap, b as CypherMap);
}

function listEquals(a: CypherValue[], b: CypherValue[]): boolean | null {
  if (a.length !== b.length) return false;
  let sawNull = false;
  for (let i = 0; i < a.length; i++) {
    const e = equals(a[i]!, b[i]!);
    if (e === false) return false;
    if (e === null) sawNull = true;
  }
  return sawNull ? null : true;
}

function mapEquals(a: CypherMap, b: CypherMap): boolean | null {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!(k in b)) return false;
  let sawNull = false;
  for (const k of ka) {
    const e = equals(a[k]!, b[k]!);
    if (e === false) return false;
    if (e === null) sawNull = true;
  }
  return sawNull ? null : true;
}

/** A path as the list of its alternating nodes and relationships (Neo4j: a path equals such a list). */
function pathElements(p: PathValue): CypherValue[] {
  const out: CypherValue[] = [p.nodes[0]!];
  for (let i = 0; i < p.relationships.length; i++) out.push(p.relationships[i]!, p.nodes[i + 1]!);
  return out;
}

/** Paths are equal when they visit the same nodes and relationships in the same order. */
function pathEquals(a: PathValue, b: PathValue): boolean {
  if (a.relationships.length !== b.relationships.length) return false;
  for (let i = 0; i < a.nodes.length; i++) if (a.nodes[i]!.id !== b.nodes[i]!.id) return false;
  for (let i = 0; i < a.relationships.length; i++) {
    if (a.relationships[i]!.id !== b.relationships[i]!.id) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Comparability (< > <= >=)
// ---------------------------------------------------------------------------------------------

/**
 * Comparison for the inequality operators: negative, zero or positive; null when the values are
 * not comparable (null, different types, maps, graph entities, or lists whose first deciding
 * element pair is incomparable).
 *
 * Returns NaN (a number, not null) when a NaN decides the comparison: every one of `c < 0`,
 * `c <= 0`, `c > 0`, `c >= 0` is then false, which is what Cypher answers for `NaN < 1` etc.
 */
export function compare(a: CypherValue, b: CypherValue): number | null {
  if (a === null || b === null) return null;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'bigint' || ta === 'number') {
    if (tb !== 'bigint' && tb !== 'number') return null;
    return compareNumbers(a as bigint | number, b as bigint | number);
  }
  if (ta === 'string') return tb === 'string' ? compareStrings(a as string, b as string) : null;
  if (ta === 'boolean') {
    if (tb !== 'boolean') return null;
    return a === b ? 0 : a ? 1 : -1;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return null;
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compare(a[i]!, b[i]!);
      if (c === null) return null;
      if (c !== 0) return c; // includes NaN
    }
    return a.length - b.length;
  }
  if (a instanceof TemporalValue) return b instanceof TemporalValue ? temporalCompare(a, b) : null;
  return null;
}

/** Exact numeric comparison across bigint and number (JS relational operators are exact for mixes). */
function compareNumbers(a: bigint | number, b: bigint | number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  // eslint-disable-next-line eqeqeq
  if (a == b) return 0;
  return NaN; // one of them is NaN
}

/** Strings compare by Unicode code point (as Neo4j does), not by UTF-16 code unit. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      // A surrogate encodes a code point above U+FFFF, greater than any BMP character, even
      // though its code unit (0xD800-0xDFFF) is smaller than BMP characters U+E000-U+FFFF.
      const sa = ca >= 0xd800 && ca <= 0xdfff;
      const sb = cb >= 0xd800 && cb <= 0xdfff;
      if (sa !== sb) return sa ? 1 : -1;
      return ca < cb ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// Orderability (ORDER BY)
// ---------------------------------------------------------------------------------------------

/**
 * Type ranks of the global sort order: MAP < NODE < RELATIONSHIP < LIST < PATH < (temporal:
 * DATETIME < LOCAL DATETIME < DATE < TIME < LOCAL TIME < DURATION) < STRING < BOOLEAN < NUMBER < null.
 */
const RANK_MAP = 0;
const RANK_NODE = 1;
const RANK_RELATIONSHIP = 2;
const RANK_LIST = 3;
const RANK_PATH = 4;
const RANK_TEMPORAL = 5;
const RANK_STRING = 6;
const RANK_BOOLEAN = 7;
const RANK_NUMBER = 8;
const RANK_NULL = 9;

function orderRank(v: CypherValue): number {
  if (v === null) return RANK_NULL;
  switch (typeof v) {
    case 'bigint':
    case 'number':
      return RANK_NUMBER;
    case 'string':
      return RANK_STRING;
    case 'boolean':
      return RANK_BOOLEAN;
  }
  if (Array.isArray(v)) return RANK_LIST;
  if (v instanceof NodeValue) return RANK_NODE;
  if (v instanceof RelationshipValue) return RANK_RELATIONSHIP;
  if (v instanceof PathValue) return RANK_PATH;
  if (v instanceof TemporalValue) return RANK_TEMPORAL;
  return RANK_MAP;
}

/**
 * ORDER BY's total order (ascending): every pair of values is ordered. Across types the global
 * sort order applies; numbers compare numerically with NaN after every number; lists compare
 * element-wise by this order (a prefix first); maps by size, then sorted keys, then values; nodes
 * and relationships by id; paths element by element.
 */
export function orderCompare(a: CypherValue, b: CypherValue): number {
  const ra = orderRank(a);
  const rb = orderRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case RANK_NULL:
      return 0;
    case RANK_NUMBER: {
      const x = a as bigint | number;
      const y = b as bigint | number;
      if (x < y) return -1;
      if (x > y) return 1;
      // eslint-disable-next-line eqeqeq
      if (x == y) return 0;
      const xNaN = typeof x === 'number' && Number.isNaN(x);
      const yNaN = typeof y === 'number' && Number.isNaN(y);
      return xNaN === yNaN ? 0 : xNaN ? 1 : -1;
    }
    case RANK_STRING:
      return compareStrings(a as string, b as string);
    case RANK_BOOLEAN:
      return a === b ? 0 : a ? 1 : -1;
    case RANK_LIST: {
      const x = a as CypherValue[];
      const y = b as CypherValue[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = orderCompare(x[i]!, y[i]!);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case RANK_NODE:
      return (a as NodeValue).id - (b as NodeValue).id;
    case RANK_RELATIONSHIP:
      return (a as RelationshipValue).id - (b as RelationshipValue).id;
    case RANK_PATH:
      return comparePaths(a as PathValue, b as PathValue);
    case RANK_TEMPORAL:
      return temporalOrderCompare(a as TemporalValue, b as TemporalValue);
    default:
      return compareMaps(a as CypherMap, b as CypherMap);
  }
}

function comparePaths(a: PathValue, b: PathValue): number {
  // Element sequence n0, r0, n1, r1, ...; a shorter path that is a prefix sorts first.
  const n = Math.min(a.relationships.length, b.relationships.length);
  for (let i = 0; i <= n; i++) {
    const c = a.nodes[i]!.id - b.nodes[i]!.id;
    if (c !== 0) return c;
    if (i < n) {
      const d = a.relationships[i]!.id - b.relationships[i]!.id;
      if (d !== 0) return d;
    }
  }
  return a.relationships.length - b.relationships.length;
}

function compareMaps(a: CypherMap, b: CypherMap): number {
  const ka = Object.keys(a).sort(compareStrings);
  const kb = Object.keys(b).sort(compareStrings);
  if (ka.length !== kb.length) return ka.length - kb.length;
  for (let i = 0; i < ka.length; i++) {
    const c = compareStrings(ka[i]!, kb[i]!);
    if (c !== 0) return c;
  }
  for (const k of ka) {
    const c = orderCompare(a[k]!, b[k]!);
    if (c !== 0) return c;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Equivalence (DISTINCT, grouping, UNION)
// ---------------------------------------------------------------------------------------------

/**
 * A canonical string for the equivalence used by DISTINCT, grouping and UNION: null is
 * equivalent to null, NaN to NaN, 1 to 1.0 (an integral float keys as the integer it equals),
 * lists and maps recursively (map keys in sorted order), nodes and relationships by id, paths by
 * their element ids. Each type has its own prefix, so different types never collide, and keys
 * may be concatenated (with or without a separator) into an unambiguous multi-column key.
 */
export function groupKey(v: CypherValue): string {
  switch (typeof v) {
    case 'string':
      // Unescaped (fast) but length-prefixed, so that keys stay unambiguous when a caller
      // concatenates several column keys with a separator.
      return 's' + v.length + ':' + v;
    case 'bigint':
      return '#' + v.toString();
    case 'number':
      return numberKey(v);
    case 'boolean':
      return v ? 'T' : 'F';
  }
  return nestedKey(v);
}

function numberKey(v: number): string {
  // Integral floats within any range key as the exact integer they equal, so 1.0 ~ 1 and
  // 9007199254740992.0 ~ 9007199254740992 but not ~ 9007199254740993.
  if (Number.isInteger(v)) {
    if (v >= -9007199254740991 && v <= 9007199254740991) return '#' + (v === 0 ? '0' : String(v));
    return '#' + BigInt(v).toString();
  }
  return '#' + String(v); // fractional, NaN, Infinity, -Infinity: never equal to an integer
}

function nestedKey(v: CypherValue): string {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'bigint':
      return '#' + v.toString();
    case 'number':
      return numberKey(v);
    case 'boolean':
      return v ? 'T' : 'F';
  }
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) s += ',';
      s += nestedKey(v[i]!);
    }
    return s + ']';
  }
  if (v instanceof NodeValue) return 'N' + v.id;
  if (v instanceof RelationshipValue) return 'R' + v.id;
  if (v instanceof PathValue) {
    let s = 'P' + v.nodes[0]!.id;
    for (let i = 0; i < v.relationships.length; i++) s += '-' + v.relationships[i]!.id + '-' + v.nodes[i + 1]!.id;
    return s;
  }
  if (v instanceof TemporalValue) return temporalKey(v);
  const m = v as CypherMap;
  const keys = Object.keys(m).sort();
  let s = '{';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) s += ',';
    s += JSON.stringify(keys[i]) + ':' + nestedKey(m[keys[i]!]!);
  }
  return s + '}';
}
