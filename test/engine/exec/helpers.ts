import { CypherExecutor } from '../../../graph/engine/exec/index.js';
import { GraphStore } from '../../../graph/engine/store/index.js';
import type { QueryResult } from '../../../graph/engine/api.js';
import { CypherError } from '../../../graph/engine/errors.js';
import { isMap, makeMap, NodeValue, PathValue, RelationshipValue, type CypherValue } from '../../../graph/engine/values.js';

/** A store plus executor with one auto-committed transaction per query. */
export class Db {
  readonly store = new GraphStore();
  readonly executor = new CypherExecutor(this.store);

  run(query: string, params: Record<string, unknown> = {}, options: { readOnly?: boolean; deadline?: number | null } = {}): QueryResult {
    const tx = this.store.begin();
    try {
      const r = this.executor.execute(tx, query, toParams(params), { readOnly: options.readOnly ?? false, deadline: options.deadline ?? null });
      tx.commit();
      return r;
    } catch (e) {
      tx.rollback();
      throw e;
    }
  }

  /** Rows as plain objects keyed by column, with entities shown compactly (see plain). */
  rows(query: string, params: Record<string, unknown> = {}): Record<string, unknown>[] {
    const r = this.run(query, params);
    return r.records.map((rec) => Object.fromEntries(r.fields.map((f, i) => [f, plain(this.store, rec[i]!)])));
  }

  /** The single column of every row. */
  column(query: string, params: Record<string, unknown> = {}): unknown[] {
    const r = this.run(query, params);
    return r.records.map((rec) => plain(this.store, rec[0]!));
  }

  error(query: string, params: Record<string, unknown> = {}, options: { readOnly?: boolean; deadline?: number | null } = {}): CypherError {
    try {
      this.run(query, params, options);
    } catch (e) {
      if (e instanceof CypherError) return e;
      throw e;
    }
    throw new Error(`expected ${query} to fail`);
  }
}

function toParams(p: Record<string, unknown>): Record<string, CypherValue> {
  const conv = (v: unknown): CypherValue => {
    if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
    if (Array.isArray(v)) return v.map(conv);
    if (v !== null && typeof v === 'object' && !(v instanceof NodeValue) && typeof v !== 'bigint') {
      const m = makeMap();
      for (const [k, x] of Object.entries(v)) m[k] = conv(x);
      return m;
    }
    return v as CypherValue;
  };
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, conv(v)]));
}

/** Integers become numbers; nodes `(:A {k: v})`-like objects; relationships `[:T]`; paths lists of both. */
export function plain(store: GraphStore, v: CypherValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map((x) => plain(store, x));
  if (v instanceof NodeValue) {
    const d = store.node(v.id);
    return { labels: d ? [...d.labels].sort() : [], props: d ? plainProps(store, d.props) : {} };
  }
  if (v instanceof RelationshipValue) {
    const d = store.rel(v.id);
    return { type: store.relType(v.id), props: d ? plainProps(store, d.props) : {} };
  }
  if (v instanceof PathValue) return { path: [plain(store, v.nodes[0]!), ...v.relationships.flatMap((r, i) => [plain(store, r), plain(store, v.nodes[i + 1]!)])] };
  if (v !== null && isMap(v)) return plainProps(store, v);
  return v;
}

function plainProps(store: GraphStore, m: Record<string, CypherValue>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, plain(store, m[k]!)]));
}
