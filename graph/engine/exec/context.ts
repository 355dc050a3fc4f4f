/**
 * Execution state shared by the clause pipeline, the pattern matcher and the expression
 * evaluator for one statement.
 *
 * A row maps variable names to values. Rows are null-prototype objects; the matcher binds
 * variables in place and "unbinds" by writing undefined (cheaper than `delete`), so undefined
 * always means "not bound". Nested scopes (comprehensions, reduce) are prototype children of
 * their row, which makes entering a scope one small allocation.
 */
import type { Expression } from '../ast.js';
import type { QueryCounters } from '../api.js';
import { CypherError } from '../errors.js';
import type { GraphStore, GraphStoreTransaction } from '../store/index.js';
import type { CypherValue } from '../values.js';
import type { ProcedureDefinition } from './procedures.js';

export type Row = Record<string, CypherValue | undefined>;

export interface ExecContext {
  readonly store: GraphStore;
  readonly tx: GraphStoreTransaction;
  readonly params: Record<string, CypherValue>;
  readonly counters: QueryCounters;
  readonly deadline: number | null;
  /** Work counter: the clock is read every few thousand steps. */
  steps: number;
  /** Values of aggregate calls while a grouped projection is evaluated. */
  aggregateValues: Map<Expression, CypherValue> | null;
  /** Nodes deleted without DETACH that still had relationships: checked at the end of the statement. */
  readonly pendingNodeDeletes: Set<number>;
  /** Pattern matchers by call site, reused across rows (see match.ts). */
  readonly matchers: Map<object, { busy: boolean }>;
  /** Callable procedures by lower-cased name. */
  readonly procedures: ReadonlyMap<string, ProcedureDefinition>;
}

export function newRow(): Row {
  return Object.create(null) as Row;
}

/** A flat copy of a row (including inherited scope entries), leaving out unbound variables. */
export function copyRow(row: Row): Row {
  const out = Object.create(null) as Row;
  for (const k in row) {
    const v = row[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** A child scope: reads fall through to `row`, writes stay local. */
export function childScope(row: Row): Row {
  return Object.create(row) as Row;
}

const CLOCK_EVERY = 4096;

export function tick(ctx: ExecContext): void {
  if ((++ctx.steps & (CLOCK_EVERY - 1)) === 0) checkDeadline(ctx);
}

/** Raises TransactionTimedOut once the deadline has passed (reads the clock: call it sparingly). */
export function checkDeadline(ctx: ExecContext): void {
  if (ctx.deadline !== null && Date.now() > ctx.deadline) {
    throw new CypherError(
      'Neo.ClientError.Transaction.TransactionTimedOut',
      'The transaction has been terminated. Retry your operation in a new transaction, and you should see a successful result. The transaction has not completed within the specified timeout (dbms.transaction.timeout). You may want to retry with a longer timeout.',
    );
  }
}
