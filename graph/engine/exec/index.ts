/**
 * CypherExecutor: parses (with a bounded cache of parsed statements), checks access mode and
 * parameters, runs the clause pipeline against a store transaction and materialises the result.
 * A statement is atomic: when it fails, its changes are undone (the transaction stays usable).
 */
import type { Clause, Query, SchemaCommand, Statement } from '../ast.js';
import { emptyCounters, type ExecuteOptions, type QueryResult, type StoreTransaction } from '../api.js';
import { CypherError } from '../errors.js';
import { parse } from '../parser/index.js';
import { GraphStoreTransaction, type GraphStore } from '../store/index.js';
import type { CypherValue } from '../values.js';
import { newRow, type ExecContext } from './context.js';
import { runQuery } from './pipeline.js';
import { settlePendingDeletes } from './writes.js';
import { BUILT_IN_PROCEDURES, type ProcedureDefinition } from './procedures.js';

export { tableProcedure, type ProcedureDefinition, type ProcedureField } from './procedures.js';

const CACHE_SIZE = 1000;

interface Prepared {
  statement: Statement;
  updating: boolean;
  parameters: string[];
  queryType: QueryResult['queryType'];
}

export class CypherExecutor {
  private readonly cache = new Map<string, Prepared>();
  private readonly procedures = new Map<string, ProcedureDefinition>(BUILT_IN_PROCEDURES.map((p) => [p.name.toLowerCase(), p]));
  /** Work steps (candidates, expansions, rows) of the last execution: a scan shows up here. */
  lastExecutionSteps = 0;

  constructor(readonly store: GraphStore) {}

  /** Makes a procedure callable with CALL (replacing one of the same name). */
  registerProcedure(procedure: ProcedureDefinition): void {
    this.procedures.set(procedure.name.toLowerCase(), procedure);
  }

  isUpdating(query: string): boolean {
    return this.prepare(query).updating;
  }

  execute(
    tx: StoreTransaction,
    query: string,
    params: Record<string, CypherValue>,
    options: ExecuteOptions,
  ): QueryResult {
    if (!(tx instanceof GraphStoreTransaction) || tx.store !== this.store) {
      throw new CypherError('Neo.DatabaseError.General.UnknownError', 'The transaction does not belong to this graph store');
    }
    const prepared = this.prepare(query);
    if (options.readOnly && prepared.updating) {
      throw new CypherError(
        'Neo.ClientError.Statement.AccessMode',
        'Writing in read access mode not allowed. Attempted write to internal graph 0 (neo4j)',
        'AccessMode',
      );
    }
    const missing = prepared.parameters.filter((p) => params[p] === undefined);
    if (missing.length) {
      throw new CypherError('Neo.ClientError.Statement.ParameterMissing', `Expected parameter(s): ${missing.join(', ')}`, 'ParameterMissing');
    }
    const ctx: ExecContext = {
      store: this.store,
      tx,
      params,
      counters: emptyCounters(),
      deadline: options.deadline,
      steps: 0,
      aggregateValues: null,
      pendingNodeDeletes: new Set(),
      matchers: new Map(),
      procedures: this.procedures,
    };
    const savepoint = tx.savepoint();
    try {
      const stmt = prepared.statement;
      if (stmt.kind !== 'Query') {
        runSchemaCommand(ctx, stmt);
        return { fields: [], records: [], counters: ctx.counters, queryType: 's' };
      }
      const out = runQuery(ctx, stmt, [newRow()]);
      this.lastExecutionSteps = ctx.steps;
      settlePendingDeletes(ctx, true);
      tx.validate();
      const records = out.rows.map((r) => out.columns.map((c) => r[c] ?? null));
      return { fields: out.columns, records, counters: ctx.counters, queryType: prepared.queryType };
    } catch (e) {
      tx.rollbackTo(savepoint);
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        throw new CypherError('Neo.DatabaseError.General.UnknownError', 'The query is too deeply nested to execute');
      }
      throw e;
    }
  }

  private prepare(query: string): Prepared {
    const hit = this.cache.get(query);
    if (hit) {
      // refresh recency
      this.cache.delete(query);
      this.cache.set(query, hit);
      return hit;
    }
    const statement = parse(query);
    const prepared: Prepared = {
      statement,
      updating: statement.kind !== 'Query' || statement.parts.some((p) => clausesUpdate(p.clauses)),
      parameters: [...collectParameters(statement, new Set<string>())],
      queryType: queryTypeOf(statement),
    };
    this.cache.set(query, prepared);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return prepared;
  }
}

const UPDATING = new Set(['Create', 'Merge', 'Set', 'Remove', 'Delete', 'Foreach']);

function clausesUpdate(clauses: readonly Clause[]): boolean {
  return clauses.some((c) => UPDATING.has(c.kind) || (c.kind === 'Call' && c.subquery !== null && c.subquery.parts.some((p) => clausesUpdate(p.clauses))));
}

function queryTypeOf(stmt: Statement): QueryResult['queryType'] {
  if (stmt.kind !== 'Query') return 's';
  const clauses = stmt.parts.flatMap((p) => p.clauses);
  if (!clausesUpdate(clauses)) return 'r';
  const reads = clauses.some((c) => c.kind === 'Match' || c.kind === 'Merge' || c.kind === 'Return' || c.kind === 'Call');
  return reads ? 'rw' : 'w';
}

function collectParameters(node: unknown, out: Set<string>): Set<string> {
  if (node === null || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const x of node) collectParameters(x, out);
    return out;
  }
  const n = node as { kind?: string; name?: string };
  if (n.kind === 'Parameter' && typeof n.name === 'string') out.add(n.name);
  for (const k in n) {
    if (k === 'pos') continue;
    const v = (n as Record<string, unknown>)[k];
    if (v && typeof v === 'object') collectParameters(v, out);
  }
  return out;
}

function runSchemaCommand(ctx: ExecContext, cmd: SchemaCommand): void {
  const c = ctx.counters;
  switch (cmd.kind) {
    case 'CreateIndex': {
      const type = cmd.indexType.toUpperCase();
      if (type !== 'RANGE' && type !== 'TEXT' && type !== 'BTREE') {
        // POINT / FULLTEXT / LOOKUP indexes only speed up queries we do not run: accepted as no-ops.
        c.indexesAdded++;
        return;
      }
      if (ctx.tx.createIndex({ name: cmd.name, label: cmd.label, properties: cmd.properties, forRelationship: cmd.forRelationship, ifNotExists: cmd.ifNotExists })) {
        c.indexesAdded++;
      }
      return;
    }
    case 'CreateConstraint':
      if (ctx.tx.createConstraint({
        name: cmd.name, label: cmd.label, properties: cmd.properties, forRelationship: cmd.forRelationship,
        ifNotExists: cmd.ifNotExists, kind: cmd.constraint,
      })) {
        c.constraintsAdded++;
      }
      return;
    case 'DropSchema':
      if (cmd.what === 'INDEX') {
        if (ctx.tx.dropIndex(cmd.name, cmd.ifExists)) c.indexesRemoved++;
      } else if (ctx.tx.dropConstraint(cmd.name, cmd.ifExists)) c.constraintsRemoved++;
      return;
  }
}

export type { Query };
