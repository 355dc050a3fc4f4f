/**
 * Cypher generated from the declarative schema: constraints and indexes, batched loads, scope cleanup.
 * Statements use parameters only (never interpolated values); labels and types come from the schema.
 */
import { NODE_KINDS, RELATIONSHIP_KINDS } from './model.js';
import { RESULT_LOOKUP_INDEXES, RESULT_NODE_KINDS } from './results.js';
import { RESOURCE_LABEL, type NodeKind, type RelationshipKind } from './types.js';

/**
 * Labels that carry a uniqueness constraint on `id` (primary labels and shared extra labels used for matching).
 * `Resource` is left out: it spans every ingested kind, whose ids are unique per kind only; it has an index instead.
 */
export function constrainedLabels(): string[] {
  const labels = new Set<string>();
  for (const kind of [...NODE_KINDS, ...RESULT_NODE_KINDS]) {
    labels.add(kind.label);
    for (const extra of kind.extraLabels ?? []) if (extra !== RESOURCE_LABEL) labels.add(extra);
  }
  return [...labels];
}

/** Single-property lookup indexes beyond the constraints: (label, property). */
export const LOOKUP_INDEXES: readonly { name: string; label: string; property: string }[] = [
  // any resource by id (GET /v1/resources/:id, explorer joins) without knowing its kind
  { name: 'resource_id', label: RESOURCE_LABEL, property: 'id' },
  // the findings of a resource
  { name: 'finding_resource_id', label: 'Finding', property: 'resourceId' },
  // findings by rule, paths by kind, both by exemption (the exemption routes)
  ...RESULT_LOOKUP_INDEXES,
];

/** Neo4j 5 schema statements, idempotent (IF NOT EXISTS). */
export function schemaStatements(): string[] {
  const statements: string[] = [];
  for (const label of constrainedLabels()) {
    statements.push(`CREATE CONSTRAINT ${label.toLowerCase()}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`);
  }
  for (const kind of NODE_KINDS) {
    if (kind.lifetime !== 'scoped') continue;
    statements.push(`CREATE INDEX ${kind.label.toLowerCase()}_scope IF NOT EXISTS FOR (n:${kind.label}) ON (n.scope, n.scanId)`);
  }
  for (const index of LOOKUP_INDEXES) {
    statements.push(`CREATE INDEX ${index.name} IF NOT EXISTS FOR (n:${index.label}) ON (n.${index.property})`);
  }
  return statements;
}

/**
 * Gives the shared `Resource` label to nodes of one scoped kind that lack it (graphs written before the label existed;
 * every load sets it, so a scope's next successful scan would label its nodes anyway). Idempotent; batches of
 * `$limit`, run until it returns 0.
 */
export function resourceLabelBackfillStatement(kind: NodeKind): string {
  return [
    `MATCH (n:${kind.label})`,
    `WHERE NOT n:${RESOURCE_LABEL}`,
    'WITH n LIMIT $limit',
    `SET n:${RESOURCE_LABEL}`,
    'RETURN count(*) AS labelled',
  ].join('\n');
}

/**
 * Loads one batch of nodes of a kind. Parameters: `$rows` (list of property maps, each with `id`), `$scope`, `$scanId`.
 * `SET n = row` replaces the node's properties, so a property the cloud no longer reports (e.g. a removed public IP)
 * disappears instead of lingering from an earlier scan.
 */
export function nodeLoadStatement(kind: NodeKind): string {
  const extra = (kind.extraLabels ?? []).map((label) => `:${label}`).join('');
  return [
    'UNWIND $rows AS row',
    `MERGE (n:${kind.label} {id: row.id})`,
    `SET n = row, n.scope = $scope, n.scanId = $scanId${extra ? `, n${extra}` : ''}`,
    'RETURN count(n) AS written',
  ].join('\n');
}

/**
 * Loads one batch of relationships of a kind. Parameters: `$rows` (each `{from, to, props}`), `$scope`, `$scanId`.
 * Both ends must exist (nodes are loaded before relationships); rows whose ends are missing are counted as unmatched.
 */
export function relationshipLoadStatement(kind: RelationshipKind): string {
  return [
    'UNWIND $rows AS row',
    `MATCH (a:${kind.from} {id: row.from})`,
    `MATCH (b:${kind.to} {id: row.to})`,
    `MERGE (a)-[r:${kind.type}]->(b)`,
    'SET r = row.props, r.scope = $scope, r.scanId = $scanId',
    'RETURN count(r) AS written',
  ].join('\n');
}

/**
 * Deletes, in batches of `$limit`, the nodes of a scoped kind that the scope's latest successful scan (`$scanId`) no
 * longer saw. Run repeatedly until it returns 0.
 */
export function nodeCleanupStatement(kind: NodeKind): string {
  return [
    `MATCH (n:${kind.label})`,
    'WHERE n.scope = $scope AND n.scanId <> $scanId',
    'WITH n LIMIT $limit',
    'DETACH DELETE n',
    'RETURN count(*) AS deleted',
  ].join('\n');
}

/** Deletes relationships of a type owned by the scope that the latest successful scan no longer saw. */
export function relationshipCleanupStatement(type: string): string {
  return [
    `MATCH ()-[r:${type}]->()`,
    'WHERE r.scope = $scope AND r.scanId <> $scanId',
    'WITH r LIMIT $limit',
    'DELETE r',
    'RETURN count(*) AS deleted',
  ].join('\n');
}

/**
 * Which (scope, label) pairs have nodes an earlier scan wrote, for the scopes being replaced (`$scopes`), so the
 * cleanup runs only where there is something to delete (one pass over the nodes instead of one per label and scope).
 */
export const STALE_NODE_SUMMARY_STATEMENT = [
  'MATCH (n)',
  'WHERE n.scope IN $scopes AND n.scanId <> $scanId',
  'RETURN n.scope AS scope, labels(n) AS labels, count(*) AS stale',
].join('\n');

/** Which (scope, relationship type) pairs have relationships an earlier scan wrote, for the scopes being replaced. */
export const STALE_RELATIONSHIP_SUMMARY_STATEMENT = [
  'MATCH ()-[r]->()',
  'WHERE r.scope IN $scopes AND r.scanId <> $scanId',
  'RETURN r.scope AS scope, type(r) AS type, count(*) AS stale',
].join('\n');

/** Deletes shared nodes (images, vulnerabilities) nothing links to any more. The Internet node stays. */
export function orphanCleanupStatement(kind: NodeKind): string {
  return [
    `MATCH (n:${kind.label})`,
    'OPTIONAL MATCH (n)-[r]-()',
    'WITH n, count(r) AS degree',
    'WHERE degree = 0',
    'WITH n LIMIT $limit',
    'DELETE n',
    'RETURN count(*) AS deleted',
  ].join('\n');
}

export const INTERNET_STATEMENT = "MERGE (n:Internet {id: 'internet'}) SET n.name = 'Internet', n.cloud = 'none', n.scope = 'shared'";

export const SCAN_RUN_START_STATEMENT = [
  'MERGE (s:ScanRun {id: $scanId})',
  "SET s.name = $scanId, s.cloud = 'none', s.scope = 'bookkeeping', s.scanId = $scanId,",
  "  s.startedAt = $startedAt, s.source = $source, s.status = 'running', s.scopes = $scopes",
].join('\n');

export const SCAN_RUN_FINISH_STATEMENT = [
  'MATCH (s:ScanRun {id: $scanId})',
  'SET s.finishedAt = $finishedAt, s.status = $status, s.staleScopes = $staleScopes, s.problemCount = $problemCount',
].join('\n');

/** Records a scope's successful replacement. */
export const SCOPE_SUCCESS_STATEMENT = [
  'MERGE (s:ScopeStatus {id: $scope})',
  "SET s.name = $scope, s.cloud = $cloud, s.scope = 'bookkeeping', s.scanId = $scanId, s.parent = $parent,",
  '  s.lastScanId = $scanId, s.lastSuccessScanId = $scanId, s.lastSuccessAt = $at, s.stale = false,',
  '  s.staleSince = null, s.staleReason = null, s.problemCount = $problemCount',
].join('\n');

/** Records a failed attempt: the scope keeps its earlier data and is marked stale (staleSince kept from the first failure). */
export const SCOPE_STALE_STATEMENT = [
  'MERGE (s:ScopeStatus {id: $scope})',
  "SET s.name = $scope, s.cloud = $cloud, s.scope = 'bookkeeping', s.scanId = $scanId, s.parent = $parent,",
  '  s.lastScanId = $scanId, s.stale = true, s.staleSince = coalesce(s.staleSince, $at), s.staleReason = $reason,',
  '  s.problemCount = $problemCount',
].join('\n');

/** Scopes below a failed parent scope (e.g. the subscriptions of a tenant whose files could not be read). */
export const CHILD_SCOPES_STATEMENT = 'MATCH (s:ScopeStatus) WHERE s.parent = $parent RETURN s.id AS scope';

export function scopedNodeKinds(): NodeKind[] {
  return NODE_KINDS.filter((kind) => kind.lifetime === 'scoped');
}

export function sharedNodeKinds(): NodeKind[] {
  return NODE_KINDS.filter((kind) => kind.lifetime === 'shared' && kind.label !== 'Internet');
}

export function relationshipTypes(): string[] {
  return [...new Set(RELATIONSHIP_KINDS.map((kind) => kind.type))];
}

/** Every statement the loader runs, for linting. */
export function allGeneratedStatements(): string[] {
  return [
    ...schemaStatements(),
    ...NODE_KINDS.filter((kind) => kind.lifetime !== 'bookkeeping').map(nodeLoadStatement),
    ...RELATIONSHIP_KINDS.map(relationshipLoadStatement),
    ...scopedNodeKinds().map(nodeCleanupStatement),
    ...scopedNodeKinds().map(resourceLabelBackfillStatement),
    ...relationshipTypes().map(relationshipCleanupStatement),
    ...sharedNodeKinds().map(orphanCleanupStatement),
    STALE_NODE_SUMMARY_STATEMENT,
    STALE_RELATIONSHIP_SUMMARY_STATEMENT,
    INTERNET_STATEMENT,
    SCAN_RUN_START_STATEMENT,
    SCAN_RUN_FINISH_STATEMENT,
    SCOPE_SUCCESS_STATEMENT,
    SCOPE_STALE_STATEMENT,
    CHILD_SCOPES_STATEMENT,
  ];
}
