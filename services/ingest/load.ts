/**
 * Loader: Facts → graph, through neo4j-driver, with the statements generated from graph/schema.
 *
 * Scoped replacement: every node and relationship carries the scope that produced it and the scanId that last wrote
 * it. A scope is replaced in three steps: write its facts tagged with the new scanId, then (only when all of its
 * writes succeeded) delete its nodes and relationships with an older scanId. A scope whose collection failed, whose
 * data was incomplete, or whose load failed is not cleaned: its earlier data stays and its ScopeStatus says stale since
 * when and why. Batches are bounded (≤ batchSize rows per UNWIND, one transaction per batch).
 */
import neo4j, { type Driver, type Session } from 'neo4j-driver';
import {
  CHILD_SCOPES_STATEMENT, INTERNET_STATEMENT, NODE_KIND_BY_LABEL, RELATIONSHIP_KIND_BY_NAME, SCAN_RUN_FINISH_STATEMENT,
  SCAN_RUN_START_STATEMENT, SCOPE_STALE_STATEMENT, SCOPE_SUCCESS_STATEMENT, STALE_NODE_SUMMARY_STATEMENT, STALE_RELATIONSHIP_SUMMARY_STATEMENT, nodeCleanupStatement, nodeLoadStatement,
  orphanCleanupStatement, relationshipCleanupStatement, relationshipLoadStatement, relationshipTypes, schemaStatements,
  resourceLabelBackfillStatement, scopedNodeKinds, sharedNodeKinds, type PropertySpec,
} from '../../graph/schema/index.js';
import type { Facts, PropertyValue, ScopeFacts } from './facts.js';
import type { Problem } from './snapshot/files.js';

export const DEFAULT_BATCH_SIZE = 5000;
const SHARED_SCOPE = 'shared';

export interface LoadOptions {
  /** Defaults to a time-based id. */
  scanId?: string;
  /** Where the data came from, e.g. `snapshot:/path` or `live`. */
  source?: string;
  batchSize?: number;
  /** Neo4j database name (default: the server default). */
  database?: string;
  now?: () => Date;
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { kind: 'schema'; statements: number; failed: number }
  | { kind: 'nodes' | 'relationships'; scope: string; label: string; rows: number }
  | { kind: 'cleanup'; scope: string; deletedNodes: number; deletedRelationships: number }
  | { kind: 'stale'; scope: string; reason: string };

export interface ScopeReport {
  scope: string;
  parent: string | null;
  cloud: string;
  status: 'replaced' | 'stale';
  reason?: string;
  nodes: Record<string, number>;
  relationships: Record<string, { rows: number; written: number }>;
  deletedNodes: number;
  deletedRelationships: number;
  problems: Problem[];
}

export interface LoadReport {
  scanId: string;
  startedAt: string;
  finishedAt: string;
  status: 'succeeded' | 'partial' | 'failed';
  scopes: ScopeReport[];
  /** Schema statements the store refused (e.g. an older server); the load still runs. */
  schemaProblems: string[];
  problemCount: number;
}

/** Graph-typed value: integers declared by the schema are sent as Neo4j integers (JS numbers would arrive as floats). */
function toGraphValue(spec: PropertySpec | undefined, value: PropertyValue): unknown {
  if (spec?.type === 'integer' && typeof value === 'number') return neo4j.int(value);
  if (spec?.type === 'integer[]' && Array.isArray(value)) return (value as number[]).map((element) => neo4j.int(element));
  return value;
}

function convertRow(properties: Readonly<Record<string, PropertySpec>>, row: Record<string, PropertyValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = toGraphValue(properties[key], value);
  return out;
}

function toNumber(value: unknown): number {
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' ? value : 0;
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}

const schemaApplied = new WeakSet<Driver>();

/** Applies constraints and indexes once per driver. Statements the store refuses are reported, not fatal. */
export async function ensureSchema(driver: Driver, database?: string): Promise<string[]> {
  if (schemaApplied.has(driver)) return [];
  const problems: string[] = [];
  const session = driver.session(database === undefined ? {} : { database });
  try {
    for (const statement of schemaStatements()) {
      try {
        await session.run(statement);
      } catch (error) {
        problems.push(`${statement.split(' IF NOT EXISTS')[0]}: ${(error as Error).message}`);
      }
    }
    // Graphs written before every scoped kind carried :Resource get the label once, in bounded batches, so lookups
    // by Resource id find them before their scope's next scan.
    for (const kind of scopedNodeKinds()) {
      const statement = resourceLabelBackfillStatement(kind);
      for (;;) {
        const result = await session.executeWrite((tx) => tx.run(statement, { limit: neo4j.int(DEFAULT_BATCH_SIZE) }));
        if (toNumber(result.records[0]?.get('labelled')) === 0) break;
      }
    }
  } finally {
    await session.close();
  }
  schemaApplied.add(driver);
  return problems;
}

async function writeSingle(session: Session, query: string, params: Record<string, unknown>): Promise<number> {
  return session.executeWrite(async (tx) => {
    const result = await tx.run(query, params);
    const record = result.records[0];
    return record === undefined ? 0 : toNumber(record.get(0));
  });
}

async function cleanupLoop(session: Session, query: string, params: Record<string, unknown>, limit: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await writeSingle(session, query, { ...params, limit: neo4j.int(limit) });
    total += deleted;
    if (deleted < limit) return total;
  }
}

function cloudOfScope(scope: string): string {
  return scope.startsWith('aws') ? 'aws' : scope.startsWith('azure') ? 'azure' : 'none';
}

export async function loadFacts(driver: Driver, facts: Facts, options: LoadOptions = {}): Promise<LoadReport> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const scanId = options.scanId ?? `scan-${startedAt.replace(/[-:.]/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const progress = options.onProgress ?? (() => undefined);
  const schemaProblems = await ensureSchema(driver, options.database);
  progress({ kind: 'schema', statements: schemaStatements().length, failed: schemaProblems.length });

  const session = driver.session(options.database === undefined ? {} : { database: options.database });
  const reports = new Map<string, ScopeReport>();
  try {
    await writeSingle(session, `${SCAN_RUN_START_STATEMENT}\nRETURN 1`, {
      scanId, startedAt, source: options.source ?? 'unknown', scopes: facts.scopes.map((scope) => scope.scope),
    });
    await writeSingle(session, `${INTERNET_STATEMENT}\nRETURN 1`, {});

    // Which scopes fail: their own failure, or a failed parent (in this scan's facts).
    const failures = new Map<string, string>();
    const parentFailures = new Map((facts.failedParents ?? []).map((failure) => [failure.parent, failure.reason]));
    for (const scope of facts.scopes) if (scope.failure !== undefined) failures.set(scope.scope, scope.failure);
    for (const [parent, reason] of parentFailures) {
      for (const scope of facts.scopes) if (scope.parent === parent && !failures.has(scope.scope)) failures.set(scope.scope, `parent ${parent} failed: ${reason}`);
    }
    for (const scope of facts.scopes) {
      const parentFailure = scope.parent === null ? undefined : failures.get(scope.parent);
      if (!failures.has(scope.scope) && parentFailure !== undefined) failures.set(scope.scope, `parent ${scope.parent} failed: ${parentFailure}`);
    }
    for (const scope of facts.scopes) {
      reports.set(scope.scope, {
        scope: scope.scope, parent: scope.parent, cloud: scope.cloud, status: 'replaced', nodes: {}, relationships: {},
        deletedNodes: 0, deletedRelationships: 0, problems: scope.problems,
      });
    }
    const markFailed = (scope: string, reason: string) => {
      failures.set(scope, reason);
      const report = reports.get(scope);
      if (report !== undefined) {
        report.status = 'stale';
        report.reason = reason;
      }
    };
    for (const [scope, reason] of failures) markFailed(scope, reason);
    const loadable = facts.scopes.filter((scope) => !failures.has(scope.scope));

    // 1. nodes of every loadable scope (relationships may cross scopes, so all nodes go first)
    for (const scope of loadable) {
      try {
        await writeNodes(session, scope, scanId, batchSize, reports.get(scope.scope)!, progress);
      } catch (error) {
        markFailed(scope.scope, `load failed: ${(error as Error).message}`);
      }
    }
    // 2. relationships
    for (const scope of loadable) {
      if (failures.has(scope.scope)) continue;
      try {
        await writeRelationships(session, scope, scanId, batchSize, reports.get(scope.scope)!, progress);
      } catch (error) {
        markFailed(scope.scope, `load failed: ${(error as Error).message}`);
      }
    }
    // 3. replace: delete what the successful scopes no longer contain (only where a summary pass found stale data)
    const replaced = loadable.filter((scope) => !failures.has(scope.scope)).map((scope) => scope.scope);
    if (replaced.length > 0) {
      const summaryParams = { scopes: replaced, scanId };
      const staleRelationships = await session.executeRead(async (tx) => (await tx.run(STALE_RELATIONSHIP_SUMMARY_STATEMENT, summaryParams)).records);
      const staleNodes = await session.executeRead(async (tx) => (await tx.run(STALE_NODE_SUMMARY_STATEMENT, summaryParams)).records);
      const scopedLabels = new Map(scopedNodeKinds().map((kind) => [kind.label, kind]));
      for (const scope of replaced) {
        const report = reports.get(scope)!;
        const params = { scope, scanId };
        const types = new Set(staleRelationships.filter((record) => record.get('scope') === scope).map((record) => String(record.get('type'))));
        for (const type of relationshipTypes()) {
          if (types.has(type)) report.deletedRelationships += await cleanupLoop(session, relationshipCleanupStatement(type), params, batchSize);
        }
        const labels = new Set(
          staleNodes.filter((record) => record.get('scope') === scope).flatMap((record) => (record.get('labels') as string[]).filter((label) => scopedLabels.has(label))),
        );
        for (const label of labels) report.deletedNodes += await cleanupLoop(session, nodeCleanupStatement(scopedLabels.get(label)!), params, batchSize);
        progress({ kind: 'cleanup', scope, deletedNodes: report.deletedNodes, deletedRelationships: report.deletedRelationships });
      }
    }
    for (const kind of sharedNodeKinds()) await cleanupLoop(session, orphanCleanupStatement(kind), {}, batchSize);

    // 4. scope statuses (failed parents also make their known children in the graph stale)
    const at = now().toISOString();
    for (const [scope, reason] of [...failures, ...parentFailures]) {
      const children = await session.executeRead(async (tx) => (await tx.run(CHILD_SCOPES_STATEMENT, { parent: scope })).records.map((r) => String(r.get('scope'))));
      for (const child of children) {
        if (failures.has(child)) continue;
        failures.set(child, `parent ${scope} failed: ${reason}`);
        if (!reports.has(child)) {
          reports.set(child, {
            scope: child, parent: scope, cloud: cloudOfScope(child), status: 'stale', reason: `parent ${scope} failed: ${reason}`,
            nodes: {}, relationships: {}, deletedNodes: 0, deletedRelationships: 0, problems: [],
          });
        }
      }
    }
    for (const report of reports.values()) {
      const params = { scope: report.scope, cloud: report.cloud, parent: report.parent, scanId, at, problemCount: neo4j.int(report.problems.length) };
      if (report.status === 'replaced') await writeSingle(session, `${SCOPE_SUCCESS_STATEMENT}\nRETURN 1`, params);
      else {
        await writeSingle(session, `${SCOPE_STALE_STATEMENT}\nRETURN 1`, { ...params, reason: report.reason ?? 'unknown' });
        progress({ kind: 'stale', scope: report.scope, reason: report.reason ?? 'unknown' });
      }
    }
    const scopes = [...reports.values()];
    const stale = scopes.filter((scope) => scope.status === 'stale');
    const problemCount = scopes.reduce((sum, scope) => sum + scope.problems.length, 0);
    const status: LoadReport['status'] = stale.length === 0 ? 'succeeded' : stale.length === scopes.length ? 'failed' : 'partial';
    const finishedAt = now().toISOString();
    await writeSingle(session, `${SCAN_RUN_FINISH_STATEMENT}\nRETURN 1`, {
      scanId, finishedAt, status, staleScopes: stale.map((scope) => scope.scope), problemCount: neo4j.int(problemCount),
    });
    return { scanId, startedAt, finishedAt, status, scopes, schemaProblems, problemCount };
  } catch (error) {
    // Record the run as failed when the store still answers; scopes not yet cleaned keep their earlier data.
    await writeSingle(session, `${SCAN_RUN_FINISH_STATEMENT}\nRETURN 1`, {
      scanId, finishedAt: now().toISOString(), status: 'failed', staleScopes: [...reports.keys()], problemCount: neo4j.int(0),
    }).catch(() => undefined);
    throw error;
  } finally {
    await session.close();
  }
}

async function writeNodes(session: Session, scope: ScopeFacts, scanId: string, batchSize: number, report: ScopeReport, progress: (event: ProgressEvent) => void): Promise<void> {
  for (const [label, rows] of scope.nodes) {
    const kind = NODE_KIND_BY_LABEL.get(label);
    if (kind === undefined) throw new Error(`facts contain unknown node kind ${label}`);
    const statement = nodeLoadStatement(kind);
    const nodeScope = kind.lifetime === 'shared' ? SHARED_SCOPE : scope.scope;
    for (const batch of chunks(rows, batchSize)) {
      await writeSingle(session, statement, { rows: batch.map((row) => convertRow(kind.properties, row)), scope: nodeScope, scanId });
    }
    report.nodes[label] = (report.nodes[label] ?? 0) + rows.length;
    progress({ kind: 'nodes', scope: scope.scope, label, rows: rows.length });
  }
}

async function writeRelationships(session: Session, scope: ScopeFacts, scanId: string, batchSize: number, report: ScopeReport, progress: (event: ProgressEvent) => void): Promise<void> {
  for (const [name, rows] of scope.relationships) {
    const kind = RELATIONSHIP_KIND_BY_NAME.get(name);
    if (kind === undefined) throw new Error(`facts contain unknown relationship kind ${name}`);
    const statement = relationshipLoadStatement(kind);
    let written = 0;
    for (const batch of chunks(rows, batchSize)) {
      written += await writeSingle(session, statement, {
        rows: batch.map((row) => ({ from: row.from, to: row.to, props: convertRow(kind.properties, row.props) })),
        scope: scope.scope,
        scanId,
      });
    }
    report.relationships[name] = { rows: rows.length, written };
    progress({ kind: 'relationships', scope: scope.scope, label: name, rows: rows.length });
  }
}
