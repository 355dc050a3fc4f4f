/**
 * valueType(v): the Neo4j 5 type string of a value, e.g. 'INTEGER NOT NULL',
 * 'LIST<STRING NOT NULL> NOT NULL', 'LIST<INTEGER | STRING> NOT NULL' (a null element drops the
 * NOT NULL of the element types), 'LIST<NOTHING> NOT NULL' for an empty list.
 */
import type { CypherValue } from '../values.js';
import { typeName } from './types.js';

/** Canonical order of types inside a union (GQL type normalisation). */
const UNION_ORDER = ['NOTHING', 'NULL', 'BOOLEAN', 'STRING', 'INTEGER', 'FLOAT', 'DATE', 'LOCAL TIME', 'ZONED TIME', 'LOCAL DATETIME', 'ZONED DATETIME', 'DURATION', 'NODE', 'RELATIONSHIP', 'MAP', 'LIST', 'PATH'];

function baseOf(t: string): number {
  const i = UNION_ORDER.indexOf(t.startsWith('LIST<') ? 'LIST' : t.replace(/ NOT NULL$/, ''));
  return i < 0 ? UNION_ORDER.length : i;
}

/** The element type without its trailing NOT NULL. */
function nullable(v: CypherValue): string {
  if (Array.isArray(v)) return `LIST<${elementType(v)}>`;
  return typeName(v);
}

function elementType(list: CypherValue[]): string {
  if (list.length === 0) return 'NOTHING';
  let sawNull = false;
  const members = new Set<string>();
  for (const e of list) {
    if (e === null) sawNull = true;
    else members.add(nullable(e));
  }
  if (members.size === 0) return 'NULL';
  const sorted = [...members].sort((a, b) => baseOf(a) - baseOf(b) || (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map((m) => (sawNull ? m : `${m} NOT NULL`)).join(' | ');
}

export function valueType(v: CypherValue): string {
  if (v === null) return 'NULL';
  return `${nullable(v)} NOT NULL`;
}
