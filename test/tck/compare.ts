/**
 * Result comparison as the TCK defines it: column names must match, rows compare as a multiset
 * ("in any order") or as a sequence ("in order"); with "ignoring element order for lists", lists
 * anywhere inside a value compare as multisets. Values compare structurally through their
 * canonical text (integers never equal floats; nodes compare by labels and properties).
 */
import { canonical, render, type TckValue } from './tck-value.js';

export interface ResultTable {
  columns: string[];
  rows: TckValue[][];
}

export interface CompareOptions {
  ordered: boolean;
  ignoreListOrder: boolean;
}

/** Returns null when the tables match, otherwise a short explanation of the first difference. */
export function compareTables(expected: ResultTable, actual: ResultTable, options: CompareOptions): string | null {
  const expectedColumns = [...expected.columns].sort();
  const actualColumns = [...actual.columns].sort();
  if (expectedColumns.join('\u0000') !== actualColumns.join('\u0000')) {
    return `columns differ: expected [${expected.columns.join(', ')}], got [${actual.columns.join(', ')}]`;
  }
  // Read actual rows in the expected column order, so both sides line up by name.
  const positions = expected.columns.map((c) => actual.columns.indexOf(c));
  const rowKey = (row: TckValue[]) => row.map((v) => canonical(v, options.ignoreListOrder)).join(' | ');
  const expectedKeys = expected.rows.map(rowKey);
  const actualKeys = actual.rows.map((row) => rowKey(positions.map((p) => row[p]!)));

  if (expectedKeys.length !== actualKeys.length) {
    return `expected ${expectedKeys.length} row(s), got ${actualKeys.length}${describeRowDifference(expectedKeys, actualKeys, expected, actual, positions)}`;
  }
  if (options.ordered) {
    for (let i = 0; i < expectedKeys.length; i++) {
      if (expectedKeys[i] !== actualKeys[i]) {
        return `row ${i + 1} differs: expected ${renderRow(expected.rows[i]!)}, got ${renderRow(positions.map((p) => actual.rows[i]![p]!))}`;
      }
    }
    return null;
  }
  const missing = multisetDifference(expectedKeys, actualKeys);
  if (missing.length === 0) return null;
  return `rows differ${describeRowDifference(expectedKeys, actualKeys, expected, actual, positions)}`;
}

/** Elements of `a` not matched one-to-one by an element of `b`, as indexes into `a`. */
function multisetDifference(a: string[], b: string[]): number[] {
  const counts = new Map<string, number>();
  for (const key of b) counts.set(key, (counts.get(key) ?? 0) + 1);
  const unmatched: number[] = [];
  a.forEach((key, i) => {
    const n = counts.get(key) ?? 0;
    if (n > 0) counts.set(key, n - 1);
    else unmatched.push(i);
  });
  return unmatched;
}

function renderRow(row: TckValue[]): string {
  return `| ${row.map(render).join(' | ')} |`;
}

function describeRowDifference(
  expectedKeys: string[],
  actualKeys: string[],
  expected: ResultTable,
  actual: ResultTable,
  positions: number[],
): string {
  const missing = multisetDifference(expectedKeys, actualKeys).slice(0, 3);
  const unexpected = multisetDifference(actualKeys, expectedKeys).slice(0, 3);
  const parts: string[] = [];
  if (missing.length) parts.push(`missing ${missing.map((i) => renderRow(expected.rows[i]!)).join(' ')}`);
  if (unexpected.length) {
    parts.push(`unexpected ${unexpected.map((i) => renderRow(positions.map((p) => actual.rows[i]![p]!))).join(' ')}`);
  }
  return parts.length ? `; ${parts.join('; ')}` : '';
}
