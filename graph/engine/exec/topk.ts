/**
 * Top-k for `WITH / RETURN ... ORDER BY ... [SKIP s] LIMIT k` without DISTINCT or aggregation.
 *
 * Only the sort keys are evaluated for every input row; a bounded heap keeps the best s+k rows
 * (input position breaks ties, so the result equals the stable full sort), and the other
 * projection items (map projections and the like) are evaluated for the kept rows only.
 */
import type { Expression, MapProjection, SortItem } from '../ast.js';
import { orderCompare } from '../functions/compare.js';
import { isMap, NodeValue, RelationshipValue, type CypherValue } from '../values.js';
import { childScope, newRow, tick, type ExecContext, type Row } from './context.js';
import { evaluate } from './expressions.js';

export interface TopKItem {
  name: string;
  expression: Expression;
}

/** How one ORDER BY key is computed for an input row. */
type KeySource =
  /** the key repeats projection item `item`: its value is kept for the output row */
  | { kind: 'item'; item: number }
  /** evaluated in one reused scratch scope holding just the names the key reads */
  | { kind: 'scratch'; expression: Expression; names: { name: string; item: number }[] }
  /** evaluated in a child scope of the input with every projected name (the general case) */
  | { kind: 'scope'; expression: Expression }
  /** `m.k` where column m is a map projection `v {...}`: the entry k read without building the map */
  | { kind: 'mapEntry'; item: number; subject: string; key: string; entry: MapEntrySource };

/** Where a map projection's entry k comes from: the subject's property k, an expression, a variable, or nowhere. */
type MapEntrySource = { kind: 'property'; key: string } | { kind: 'expression'; expression: Expression } | { kind: 'variable'; name: string } | { kind: 'absent' };

/**
 * The source of entry `key` of a map projection (later entries override earlier ones), or null
 * when it depends on the subject's properties in a way not worth modelling (`{k: x, .*}`).
 */
function mapEntrySource(mp: MapProjection, key: string): MapEntrySource | null {
  for (let i = mp.items.length - 1; i >= 0; i--) {
    const it = mp.items[i]!;
    if (it.kind === 'AllPropertiesSelector') {
      const shadowed = mp.items.slice(0, i).some((x) => (x.kind === 'VariableSelector' ? x.name : x.kind === 'AllPropertiesSelector' ? null : x.key) === key);
      return shadowed ? null : { kind: 'property', key };
    }
    if (it.kind === 'PropertySelector' && it.key === key) return { kind: 'property', key };
    if (it.kind === 'LiteralEntry' && it.key === key) return { kind: 'expression', expression: it.value };
    if (it.kind === 'VariableSelector' && it.name === key) return { kind: 'variable', name: key };
  }
  return { kind: 'absent' };
}

interface Candidate {
  input: Row;
  index: number;
  keys: CypherValue[];
  /** projection item values computed while the keys were, by item position (undefined = not yet) */
  values: (CypherValue | undefined)[];
}

/**
 * Expression kinds that read the row only through the variable names `readNames` collects.
 * Patterns and subqueries read it in other ways (pattern variables, copies of the whole row), so
 * keys holding them take the general path.
 */
const SCRATCH_SAFE = new Set([
  'Literal', 'List', 'Map', 'Parameter', 'Variable', 'Property', 'DynamicProperty', 'Index', 'Slice', 'Binary',
  'Unary', 'Comparison', 'IsNull', 'LabelCheck', 'StringMatch', 'In', 'FunctionCall', 'Case', 'ListComprehension',
  'Quantifier', 'Reduce', 'MapProjection',
]);

/** Every variable name an expression may read (over-approximated), or null when it is not scratch-safe. */
function readNames(e: unknown, out: Set<string>): Set<string> | null {
  if (e === null || typeof e !== 'object') return out;
  if (Array.isArray(e)) {
    for (const x of e) if (readNames(x, out) === null) return null;
    return out;
  }
  const node = e as { kind?: string; name?: string; variable?: unknown };
  if (typeof node.kind === 'string' && !SCRATCH_SAFE.has(node.kind) && !MAP_ENTRY_KINDS.has(node.kind)) return null;
  if ((node.kind === 'Variable' || node.kind === 'VariableSelector') && typeof node.name === 'string') out.add(node.name);
  if (node.kind === 'MapProjection' && typeof node.variable === 'string') out.add(node.variable);
  for (const k in node) {
    if (k === 'pos') continue;
    const v = (node as Record<string, unknown>)[k];
    if (v && typeof v === 'object' && readNames(v, out) === null) return null;
  }
  return out;
}
const MAP_ENTRY_KINDS = new Set(['PropertySelector', 'LiteralEntry', 'VariableSelector', 'AllPropertiesSelector']);

/**
 * Runs the projection as top-k. `columnOf` maps an ORDER BY expression to the projection item it
 * repeats (by structure), or -1. Returns the kept rows in order with their sort scopes (for
 * WITH ... WHERE), after SKIP.
 */
export function topK(
  ctx: ExecContext,
  items: TopKItem[],
  orderBy: SortItem[],
  columnOf: (e: Expression) => number,
  rows: Row[],
  skip: number,
  limit: number,
): { row: Row; sortScope: () => Row }[] {
  const itemIndex = new Map(items.map((it, i) => [it.name, i]));
  const sources: KeySource[] = orderBy.map((s) => {
    const item = columnOf(s.expression);
    if (item >= 0) return { kind: 'item', item };
    const e = s.expression;
    if (e.kind === 'Property' && e.object.kind === 'Variable') {
      const column = itemIndex.get(e.object.name);
      const projected = column === undefined ? null : items[column]!.expression;
      if (projected && projected.kind === 'MapProjection') {
        const entry = mapEntrySource(projected, e.key);
        if (entry) return { kind: 'mapEntry', item: column!, subject: projected.variable, key: e.key, entry };
      }
    }
    const names = readNames(s.expression, new Set());
    if (names === null) return { kind: 'scope', expression: s.expression };
    return { kind: 'scratch', expression: s.expression, names: [...names].map((name) => ({ name, item: itemIndex.get(name) ?? -1 })) };
  });
  const descending = orderBy.map((s) => s.descending);
  const nKeys = orderBy.length;
  // a worse than b: later in the output
  const worse = (a: Candidate, b: Candidate): boolean => {
    for (let i = 0; i < nKeys; i++) {
      const c = orderCompare(a.keys[i]!, b.keys[i]!);
      if (c !== 0) return descending[i] ? c < 0 : c > 0;
    }
    return a.index > b.index;
  };

  const capacity = Math.min(skip + limit, rows.length);
  // max-heap on "worse": heap[0] is the worst kept row, the first to go
  const heap: Candidate[] = [];
  const scratch = newRow();
  const itemValue = (cand: Candidate, i: number): CypherValue => {
    let v = cand.values[i];
    if (v === undefined) {
      v = evaluate(items[i]!.expression, cand.input, ctx);
      cand.values[i] = v;
    }
    return v;
  };
  const fullScope = (cand: Candidate): Row => {
    const s = childScope(cand.input);
    for (let i = 0; i < items.length; i++) s[items[i]!.name] = itemValue(cand, i);
    return s;
  };

  for (let index = 0; index < rows.length; index++) {
    tick(ctx);
    const input = rows[index]!;
    const cand: Candidate = { input, index, keys: new Array<CypherValue>(nKeys), values: new Array<CypherValue | undefined>(items.length) };
    let scope: Row | null = null;
    for (let k = 0; k < nKeys; k++) {
      const src = sources[k]!;
      if (src.kind === 'item') cand.keys[k] = itemValue(cand, src.item);
      else if (src.kind === 'scratch') {
        for (const n of src.names) scratch[n.name] = n.item >= 0 ? itemValue(cand, n.item) : input[n.name];
        cand.keys[k] = evaluate(src.expression, scratch, ctx);
      } else if (src.kind === 'mapEntry') {
        cand.keys[k] = mapEntryKey(ctx, src, cand, itemValue);
      } else {
        scope ??= fullScope(cand);
        cand.keys[k] = evaluate(src.expression, scope, ctx);
      }
    }
    if (capacity === 0) continue;
    if (heap.length < capacity) {
      heap.push(cand);
      siftUp(heap, heap.length - 1, worse);
    } else if (worse(heap[0]!, cand)) {
      heap[0] = cand;
      siftDown(heap, 0, worse);
    }
  }

  heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
  const kept = heap.slice(skip);
  return kept.map((cand) => {
    const row = newRow();
    for (let i = 0; i < items.length; i++) row[items[i]!.name] = itemValue(cand, i);
    return {
      row,
      // ORDER BY sees the projected names first, then the input variables (as in projection.ts)
      sortScope: () => {
        const s = childScope(cand.input);
        for (const it of items) s[it.name] = row[it.name];
        return s;
      },
    };
  });
}

/**
 * Entry k of the map projection for this row, as `evaluate` would read it from the built map; a
 * subject that is not a node, relationship, map or null builds the map (and raises its error).
 */
function mapEntryKey(
  ctx: ExecContext,
  src: Extract<KeySource, { kind: 'mapEntry' }>,
  cand: Candidate,
  itemValue: (cand: Candidate, i: number) => CypherValue,
): CypherValue {
  const subject = cand.input[src.subject];
  if (subject === null) return null;
  let props: Record<string, CypherValue>;
  if (subject instanceof NodeValue) props = ctx.store.liveNode(subject.id).props;
  else if (subject instanceof RelationshipValue) props = ctx.store.liveRel(subject.id).props;
  else if (subject !== undefined && isMap(subject)) props = subject;
  else return builtEntry(src, cand, itemValue);
  const entry = src.entry;
  switch (entry.kind) {
    case 'property':
      return props[entry.key] ?? null;
    case 'expression':
      // built with the map, so the key is the very value in the output (rand() and the like)
      return builtEntry(src, cand, itemValue);
    case 'variable': {
      const v = cand.input[entry.name];
      return v === undefined ? itemValue(cand, src.item) : v;
    }
    case 'absent':
      return null;
  }
}

/** Entry k read from the map projection itself (evaluated once per row and kept for the output). */
function builtEntry(src: Extract<KeySource, { kind: 'mapEntry' }>, cand: Candidate, itemValue: (cand: Candidate, i: number) => CypherValue): CypherValue {
  const built = itemValue(cand, src.item);
  return built === null ? null : (built as Record<string, CypherValue>)[src.key] ?? null;
}

function siftUp(heap: Candidate[], i: number, worse: (a: Candidate, b: Candidate) => boolean): void {
  const c = heap[i]!;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!worse(c, heap[parent]!)) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = c;
}

function siftDown(heap: Candidate[], i: number, worse: (a: Candidate, b: Candidate) => boolean): void {
  const n = heap.length;
  const c = heap[i]!;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && worse(heap[child + 1]!, heap[child]!)) child++;
    if (!worse(heap[child]!, c)) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = c;
}
