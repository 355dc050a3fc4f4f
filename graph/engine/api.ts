/**
 * The seams of the embedded graph engine. Each module implements one side:
 *
 *   parser     graph/engine/parser     parse(text) -> Statement (ast.ts), with semantic checks
 *   functions  graph/engine/functions  pure value semantics: comparison, arithmetic, functions, aggregates
 *   store      graph/engine/store      GraphStore over graphology: indexes, constraints, undo/redo logs
 *   exec       graph/engine/exec       CypherExecutor: runs a Statement against a StoreTransaction
 *   server     graph/server            Bolt protocol, sessions, transaction manager (locking, timeouts)
 *   storage    graph/storage           durability: write-ahead log of committed Mutation batches + checkpoints
 */
import type { CypherValue, PropertyValue } from './values.js';

// ------------------------------------------------------------------------------------------
// Mutations: the redo log of a transaction. The store records one per change it makes; the
// storage layer appends a committed transaction's list to the write-ahead log, and recovery
// replays them with GraphStore.apply. Ids are explicit so that replay reproduces them exactly.
// ------------------------------------------------------------------------------------------
export type Mutation =
  | { op: 'createNode'; id: number; labels: string[]; props: Record<string, PropertyValue> }
  | { op: 'deleteNode'; id: number }
  /** Property changes: a value sets, null removes. */
  | { op: 'setNodeProps'; id: number; props: Record<string, PropertyValue | null> }
  /** Replace all properties. */
  | { op: 'replaceNodeProps'; id: number; props: Record<string, PropertyValue> }
  | { op: 'addLabels'; id: number; labels: string[] }
  | { op: 'removeLabels'; id: number; labels: string[] }
  | { op: 'createRel'; id: number; type: string; start: number; end: number; props: Record<string, PropertyValue> }
  | { op: 'deleteRel'; id: number }
  | { op: 'setRelProps'; id: number; props: Record<string, PropertyValue | null> }
  | { op: 'replaceRelProps'; id: number; props: Record<string, PropertyValue> }
  | { op: 'createConstraint'; name: string; label: string; properties: string[]; kind: 'UNIQUE' | 'NODE_KEY' | 'NOT_NULL'; forRelationship: boolean }
  | { op: 'createIndex'; name: string; label: string; properties: string[]; forRelationship: boolean }
  | { op: 'dropConstraint'; name: string }
  | { op: 'dropIndex'; name: string };

/** A store-level transaction: every change is applied at once and recorded for undo and redo. */
export interface StoreTransaction {
  /** The redo log so far, in order. */
  readonly mutations: readonly Mutation[];
  /** True once anything was changed. */
  readonly dirty: boolean;
  /** Undo every change made through this transaction. */
  rollback(): void;
  /** Keep the changes; the transaction can no longer be used. */
  commit(): void;
}

/** Neo4j's update counters, as reported in the Bolt SUCCESS summary `stats`. */
export interface QueryCounters {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  propertiesSet: number;
  labelsAdded: number;
  labelsRemoved: number;
  indexesAdded: number;
  indexesRemoved: number;
  constraintsAdded: number;
  constraintsRemoved: number;
}

export function emptyCounters(): QueryCounters {
  return {
    nodesCreated: 0, nodesDeleted: 0, relationshipsCreated: 0, relationshipsDeleted: 0,
    propertiesSet: 0, labelsAdded: 0, labelsRemoved: 0, indexesAdded: 0, indexesRemoved: 0,
    constraintsAdded: 0, constraintsRemoved: 0,
  };
}

export interface QueryResult {
  fields: string[];
  /** Fully materialised rows, each aligned with fields. */
  records: CypherValue[][];
  counters: QueryCounters;
  /** Neo4j's query type: 'r' read only, 'w' write only, 'rw' read and write, 's' schema. */
  queryType: 'r' | 'w' | 'rw' | 's';
}

export interface ExecuteOptions {
  /** Refuse any update (Neo.ClientError.Statement.AccessMode) — READ transactions. */
  readOnly: boolean;
  /** Epoch milliseconds after which execution aborts with TransactionTimedOut; null = none. */
  deadline: number | null;
}
