/**
 * Runs a guarded explorer query in a READ transaction with a timeout, a row cap and a byte cap.
 * Rows are pulled through the driver's async iterator (fetchSize-sized batches), so a query that
 * could return millions of rows is cut off after the cap without materialising them client-side.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { ExplorerLimits } from '../config.js';
import { toJson } from '../graph.js';
import { ProblemError, badRequest } from '../problem.js';

export interface ExplorerResult {
  columns: string[];
  rows: Record<string, unknown>[];
  rowCount: number;
  truncated: boolean;
  elapsedMs: number;
}

/** The result with each row already serialised (the byte cap needs each row's JSON anyway). */
export interface SerialisedExplorerResult {
  columns: string[];
  rowTexts: string[];
  rowCount: number;
  truncated: boolean;
  elapsedMs: number;
}

/** The JSON body `{...head, columns, rows, rowCount, truncated, elapsedMs}` without serialising the rows again. */
export function explorerBody(head: Record<string, unknown>, result: SerialisedExplorerResult): string {
  const prefix = JSON.stringify({ ...head, columns: result.columns });
  return `${prefix.slice(0, -1)},"rows":[${result.rowTexts.join(',')}],"rowCount":${result.rowCount},"truncated":${result.truncated},"elapsedMs":${result.elapsedMs}}`;
}

/** JSON parameters to driver values: whole numbers become Cypher integers, as in Neo4j's HTTP API. */
export function toCypherParams(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toCypherParams);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toCypherParams(item);
    return out;
  }
  return value;
}

function isTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut');
}

export async function runExplorerQuery(
  driver: Driver,
  database: string | undefined,
  query: string,
  params: Record<string, unknown>,
  limits: ExplorerLimits,
): Promise<SerialisedExplorerResult> {
  const started = performance.now();
  const session = driver.session({
    database,
    defaultAccessMode: neo4j.session.READ,
    fetchSize: Math.min(limits.maxRows + 1, 1000),
  });
  const tx = session.beginTransaction({ timeout: limits.timeoutMs, metadata: { app: 'sap-api-explorer' } });
  const rowTexts: string[] = [];
  let columns: string[] = [];
  let truncated = false;
  let bytes = 2; // the surrounding brackets of the rows array
  // The store enforces the transaction timeout; this client-side deadline (with a grace period)
  // covers a store that does not, by closing the session under the stalled query.
  let clientTimedOut = false;
  const clientDeadline = setTimeout(() => {
    clientTimedOut = true;
    void session.close().catch(() => undefined);
  }, limits.timeoutMs + 2_000);
  try {
    const result = tx.run(query, toCypherParams(params) as Record<string, unknown>);
    columns = (await result.keys()).map(String);
    for await (const record of result) {
      if (rowTexts.length === limits.maxRows) {
        truncated = true;
        break; // leaving the iterator discards the rest of the stream
      }
      const row: Record<string, unknown> = {};
      for (const column of columns) row[column] = toJson(record.get(column));
      const text = JSON.stringify(row);
      bytes += Buffer.byteLength(text, 'utf8') + 1;
      if (bytes > limits.maxBytes) {
        throw new ProblemError(413, 'result-too-large', 'Content Too Large', `The result exceeds ${limits.maxBytes} bytes; narrow the query or add LIMIT.`, {
          extensions: { maxBytes: limits.maxBytes, rowsRead: rowTexts.length },
        });
      }
      rowTexts.push(text);
    }
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    if (isTimeout(error) || clientTimedOut) {
      throw new ProblemError(504, 'query-timeout', 'Query Timeout', `The query ran longer than ${limits.timeoutMs} ms and was stopped.`, {
        extensions: { timeoutMs: limits.timeoutMs },
      });
    }
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Neo.ClientError.')) {
      throw badRequest(`The query failed: ${(error as Error).message}`, { code });
    }
    throw error;
  } finally {
    clearTimeout(clientDeadline);
    await tx.rollback().catch(() => undefined);
    await session.close().catch(() => undefined);
  }
  return { columns, rowTexts, rowCount: rowTexts.length, truncated, elapsedMs: Math.round(performance.now() - started) };
}
