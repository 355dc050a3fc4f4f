/**
 * WITH / RETURN: projection, DISTINCT, grouping aggregation, ORDER BY, SKIP and LIMIT.
 *
 * Grouping keys are the items without aggregates. Each aggregate call in the items (and in
 * ORDER BY) gets one aggregator per group; the item expressions are then evaluated once per group
 * with those calls resolved to their results, so `count(*) + 1` or `{n: collect(x)}` work.
 */
import type { Expression, Projection, SortItem } from '../ast.js';
import { argumentError } from '../errors.js';
import { groupKey, orderCompare } from '../functions/compare.js';
import { createAggregator, isAggregate, type Aggregator } from '../functions/index.js';
import type { CypherValue } from '../values.js';
import { childScope, newRow, tick, type ExecContext, type Row } from './context.js';
import { evaluate } from './expressions.js';
import { distinctRows } from './pipeline.js';
import { topK } from './topk.js';

interface Item {
  name: string;
  expression: Expression;
  aggregates: Expression[];
}

export function project(
  ctx: ExecContext,
  p: Projection,
  rows: Row[],
  scope: string[],
  isReturn: boolean,
  where: Expression | null = null,
): { rows: Row[]; columns: string[] } {
  const items: Item[] = [];
  if (p.star) {
    const names = isReturn ? [...scope].sort() : scope;
    for (const name of names) {
      items.push({ name, expression: { kind: 'Variable', name, pos: { offset: 0, line: 1, column: 1 } }, aggregates: [] });
    }
  }
  for (const it of p.items) {
    const name = it.alias ?? it.text;
    const aggregates = findAggregates(it.expression);
    const existing = items.findIndex((x) => x.name === name);
    const item = { name, expression: it.expression, aggregates };
    if (existing >= 0) items[existing] = item;
    else items.push(item);
  }
  const columns = items.map((i) => i.name);
  const aggregating = items.some((i) => i.aggregates.length > 0);

  const bounds = topKBounds(ctx, p, aggregating);
  if (bounds) {
    const byShape = new Map(items.map((i, index) => [shapeOf(i.expression), index]));
    const out = topK(ctx, items, p.orderBy!, (e) => byShape.get(shapeOf(e)) ?? -1, rows, bounds.skip, bounds.limit);
    const kept = where ? out.filter((o) => evaluateIn(ctx, where, o.sortScope()) === true) : out;
    return { rows: kept.map((o) => o.row), columns };
  }

  let out: { row: Row; sortScope: () => Row }[];
  if (aggregating) out = aggregate(ctx, items, p.orderBy, rows);
  else {
    out = rows.map((input) => {
      tick(ctx);
      const row = newRow();
      for (const item of items) row[item.name] = evaluate(item.expression, input, ctx);
      return {
        row,
        // ORDER BY sees the projected names first, then (without DISTINCT) the input variables
        sortScope: () => {
          const s = childScope(input);
          for (const c of columns) s[c] = row[c];
          return s;
        },
      };
    });
  }

  if (p.distinct) {
    const kept = new Set(distinctRows(out.map((o) => o.row), columns));
    out = out.filter((o) => kept.has(o.row));
  }

  if (p.orderBy && p.orderBy.length) out = sortRows(ctx, out, p.orderBy, items);

  if (p.skip) {
    const skip = nonNegativeInteger(ctx, p.skip, 'SKIP');
    out = skip > 0 ? out.slice(skip) : out;
  }
  if (p.limit) {
    const limit = nonNegativeInteger(ctx, p.limit, 'LIMIT');
    out = out.slice(0, limit);
  }
  // WITH ... WHERE filters the projection; it sees the projected names and the variables before it
  if (where) out = out.filter((o) => evaluateIn(ctx, where, o.sortScope()) === true);
  return { rows: out.map((o) => o.row), columns };
}

/**
 * SKIP and LIMIT when the projection can run as top-k (ORDER BY and LIMIT, no DISTINCT, no
 * aggregation), else null. An invalid SKIP / LIMIT also gives null, so the general path raises
 * its error at the same point as before.
 */
function topKBounds(ctx: ExecContext, p: Projection, aggregating: boolean): { skip: number; limit: number } | null {
  if (aggregating || p.distinct || !p.limit || !p.orderBy || p.orderBy.length === 0) return null;
  if (p.orderBy.some((s) => findAggregates(s.expression).length > 0)) return null;
  try {
    const skip = p.skip ? nonNegativeInteger(ctx, p.skip, 'SKIP') : 0;
    const limit = nonNegativeInteger(ctx, p.limit, 'LIMIT');
    return { skip, limit };
  } catch {
    return null;
  }
}

/**
 * How many input rows a WITH / RETURN can use when it keeps rows as they come (SKIP s LIMIT k,
 * without ORDER BY, DISTINCT or aggregation): s + k. Null when it needs them all, or when SKIP /
 * LIMIT are invalid (the projection raises that error itself).
 */
export function rowsNeeded(ctx: ExecContext, p: Projection): number | null {
  if (!p.limit || p.distinct || (p.orderBy && p.orderBy.length > 0)) return null;
  if (p.items.some((it) => findAggregates(it.expression).length > 0)) return null;
  try {
    return (p.skip ? nonNegativeInteger(ctx, p.skip, 'SKIP') : 0) + nonNegativeInteger(ctx, p.limit, 'LIMIT');
  } catch {
    return null;
  }
}

function nonNegativeInteger(ctx: ExecContext, e: Expression, what: string): number {
  const v = evaluate(e, newRow(), ctx);
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v !== 'bigint') {
    throw argumentError(`Invalid input. '${String(v)}' is not a valid value. Must be a non-negative integer.`, 'InvalidArgumentType', e.pos);
  }
  if (v < 0n) {
    throw argumentError(`Invalid input. '${v}' is not a valid value. Must be a non-negative integer.`, 'NegativeIntegerArgument', e.pos);
  }
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

/** The aggregate calls in an expression (not descending into an aggregate's own arguments). */
export function findAggregates(e: unknown, out: Expression[] = []): Expression[] {
  if (e === null || typeof e !== 'object') return out;
  if (Array.isArray(e)) {
    for (const x of e) findAggregates(x, out);
    return out;
  }
  const node = e as { kind?: string; name?: string };
  if (node.kind === 'CountStar' || (node.kind === 'FunctionCall' && isAggregate(node.name!))) {
    out.push(node as Expression);
    return out;
  }
  // subqueries have their own aggregation scope
  if (node.kind === 'Exists' || node.kind === 'CountSubquery') return out;
  for (const k in node) {
    if (k === 'pos') continue;
    const v = (node as Record<string, unknown>)[k];
    if (v && typeof v === 'object') findAggregates(v, out);
  }
  return out;
}

/** Structural identity of expressions (positions ignored), for ORDER BY items that repeat a projection item. */
const shapeCache = new WeakMap<object, string>();
function shapeOf(e: Expression): string {
  let s = shapeCache.get(e);
  if (s === undefined) {
    s = JSON.stringify(e, (k, v) => (k === 'pos' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
    shapeCache.set(e, s);
  }
  return s;
}

function aggregate(
  ctx: ExecContext,
  items: Item[],
  orderBy: SortItem[] | null,
  rows: Row[],
): { row: Row; sortScope: () => Row }[] {
  const keyItems = items.filter((i) => i.aggregates.length === 0);
  const aggItems = items.filter((i) => i.aggregates.length > 0);
  const itemShapes = new Set(items.map((i) => shapeOf(i.expression)));
  const calls: Expression[] = aggItems.flatMap((i) => i.aggregates);
  for (const s of orderBy ?? []) {
    if (!itemShapes.has(shapeOf(s.expression))) calls.push(...findAggregates(s.expression));
  }
  interface Group {
    input: Row;
    keys: CypherValue[];
    aggregators: Aggregator[];
  }
  const newAggregators = () =>
    calls.map((c) =>
      c.kind === 'CountStar' ? createAggregator('count', false, c.pos) : createAggregator((c as { name: string }).name, (c as { distinct: boolean }).distinct, c.pos),
    );
  const groups = new Map<string, Group>();
  for (const input of rows) {
    tick(ctx);
    const keys = keyItems.map((k) => evaluate(k.expression, input, ctx));
    let gk = '';
    for (const k of keys) gk += groupKey(k) + '\u0000';
    let g = groups.get(gk);
    if (!g) {
      g = { input, keys, aggregators: newAggregators() };
      groups.set(gk, g);
    }
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i]!;
      if (call.kind === 'CountStar') g.aggregators[i]!.add([true]);
      else if (call.kind === 'FunctionCall') g.aggregators[i]!.add(call.args.map((a) => evaluate(a, input, ctx)));
    }
  }
  if (groups.size === 0 && keyItems.length === 0) {
    groups.set('', { input: newRow(), keys: [], aggregators: newAggregators() });
  }
  const out: { row: Row; sortScope: () => Row }[] = [];
  for (const g of groups.values()) {
    const values = new Map<Expression, CypherValue>();
    calls.forEach((c, i) => values.set(c, g.aggregators[i]!.result()));
    const row = newRow();
    keyItems.forEach((k, i) => (row[k.name] = g.keys[i]!));
    const scope = childScope(g.input);
    for (const k of keyItems) scope[k.name] = row[k.name];
    const saved = ctx.aggregateValues;
    ctx.aggregateValues = values;
    try {
      for (const a of aggItems) row[a.name] = evaluate(a.expression, scope, ctx);
    } finally {
      ctx.aggregateValues = saved;
    }
    out.push({
      row,
      sortScope: () => {
        const s = childScope(scope);
        for (const a of aggItems) s[a.name] = row[a.name];
        (s as { [AGG]?: Map<Expression, CypherValue> })[AGG] = values;
        return s;
      },
    });
  }
  return out;
}

const AGG = Symbol('aggregateValues');

/** Evaluates in a sort scope, with the group's aggregate results when there are any. */
function evaluateIn(ctx: ExecContext, e: Expression, scope: Row): CypherValue {
  const values = (scope as { [AGG]?: Map<Expression, CypherValue> })[AGG] ?? null;
  const saved = ctx.aggregateValues;
  ctx.aggregateValues = values;
  try {
    return evaluate(e, scope, ctx);
  } finally {
    ctx.aggregateValues = saved;
  }
}

function sortRows(
  ctx: ExecContext,
  out: { row: Row; sortScope: () => Row }[],
  orderBy: SortItem[],
  items: Item[],
): { row: Row; sortScope: () => Row }[] {
  const byShape = new Map(items.map((i) => [shapeOf(i.expression), i.name]));
  const keyed = out.map((o, index) => {
    let scope: Row | null = null;
    const keys = orderBy.map((s) => {
      const column = byShape.get(shapeOf(s.expression));
      if (column !== undefined) return o.row[column] ?? null;
      scope ??= o.sortScope();
      return evaluateIn(ctx, s.expression, scope);
    });
    return { o, keys, index };
  });
  keyed.sort((a, b) => {
    for (let i = 0; i < orderBy.length; i++) {
      const c = orderCompare(a.keys[i]!, b.keys[i]!);
      if (c !== 0) return orderBy[i]!.descending ? -c : c;
    }
    return a.index - b.index;
  });
  return keyed.map((k) => k.o);
}
