/**
 * Graph access for the API: every query goes through the one neo4j-driver Driver handed to
 * buildApp. Values are turned into plain JSON here (Integers to numbers, or strings past 2^53;
 * nodes, relationships and paths to objects).
 */
import neo4j, { type Driver, type QueryResult, type RecordShape } from 'neo4j-driver';

export interface GraphAccess {
  driver: Driver;
  database: string | undefined;
  read(query: string, params?: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  write(query: string, params?: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  /**
   * Rows of one read query, pulled from the store in batches as the consumer iterates (backpressure
   * end to end); leaving the loop early discards the rest and closes the session.
   */
  stream(query: string, params?: Record<string, unknown>, fetchSize?: number): AsyncGenerator<Record<string, unknown>>;
  /** Several read queries in one read transaction (one consistent view), results in order. */
  readMany(queries: { query: string; params?: Record<string, unknown> }[]): Promise<Record<string, unknown>[][]>;
  /** Several statements in one write transaction (retried as a whole on transient errors). */
  writeTransaction<T>(work: (run: RowRunner) => Promise<T>): Promise<T>;
}

export type RowRunner = (query: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>[]>;

function rowsOf(result: QueryResult<RecordShape>): Record<string, unknown>[] {
  return result.records.map((record) => {
    const row: Record<string, unknown> = {};
    for (const key of record.keys) row[String(key)] = toJson(record.get(key));
    return row;
  });
}

export function graphAccess(driver: Driver, database: string | undefined): GraphAccess {
  async function run(mode: 'READ' | 'WRITE', query: string, params: Record<string, unknown>) {
    const session = driver.session({ database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
    try {
      const work = (tx: { run(q: string, p: Record<string, unknown>): Promise<QueryResult<RecordShape>> }) => tx.run(query, params);
      const result = mode === 'READ' ? await session.executeRead(work) : await session.executeWrite(work);
      return rowsOf(result);
    } finally {
      await session.close();
    }
  }
  return {
    driver,
    database,
    read: (query, params = {}) => run('READ', query, params),
    write: (query, params = {}) => run('WRITE', query, params),
    async readMany(queries) {
      const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
      try {
        return await session.executeRead(async (tx) => {
          const results: Record<string, unknown>[][] = [];
          for (const { query, params = {} } of queries) results.push(rowsOf(await tx.run(query, params)));
          return results;
        });
      } finally {
        await session.close();
      }
    },
    async *stream(query, params = {}, fetchSize = 500) {
      const session = driver.session({ database, defaultAccessMode: neo4j.session.READ, fetchSize });
      const tx = await session.beginTransaction();
      try {
        for await (const record of tx.run(query, params)) {
          const row: Record<string, unknown> = {};
          for (const key of record.keys) row[String(key)] = toJson(record.get(key));
          yield row;
        }
      } finally {
        await tx.rollback().catch(() => undefined);
        await session.close().catch(() => undefined);
      }
    },
    async writeTransaction(work) {
      const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
      try {
        return await session.executeWrite((tx) => work(async (query, params = {}) => rowsOf(await tx.run(query, params))));
      } finally {
        await session.close();
      }
    },
  };
}

/** A Cypher integer parameter (plain JS numbers travel as floats, which LIMIT refuses). */
export const int = (value: number) => neo4j.int(value);

export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) {
    return value.inSafeRange() ? value.toNumber() : value.toString();
  }
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (neo4j.isNode(value)) {
    return { elementId: value.elementId, labels: value.labels, properties: mapValues(value.properties) };
  }
  if (neo4j.isRelationship(value)) {
    return {
      elementId: value.elementId,
      type: value.type,
      startNodeElementId: value.startNodeElementId,
      endNodeElementId: value.endNodeElementId,
      properties: mapValues(value.properties),
    };
  }
  if (neo4j.isPath(value)) {
    return {
      nodes: [value.start, ...value.segments.map((s) => s.end)].map(toJson),
      relationships: value.segments.map((s) => toJson(s.relationship)),
    };
  }
  if (neo4j.isPoint(value)) {
    return { srid: toJson(value.srid), x: value.x, y: value.y, ...(value.z !== undefined ? { z: value.z } : {}) };
  }
  if (
    neo4j.isDate(value) || neo4j.isDateTime(value) || neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) || neo4j.isLocalTime(value) || neo4j.isDuration(value)
  ) {
    return value.toString();
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return mapValues(value as Record<string, unknown>);
}

function mapValues(map: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(map)) out[key] = toJson(item);
  return out;
}

/** Properties of a node returned as a whole (`RETURN n`), for routes that expose entities. */
export function propsOf(value: unknown): Record<string, unknown> {
  const converted = value as { properties?: Record<string, unknown> } | null;
  return converted?.properties ?? {};
}
