/**
 * Declarative graph schema: what the ingest writes and what the Cypher rules may read.
 *
 * Every node kind has one primary label (used for MERGE and its uniqueness constraint), optional extra labels
 * (shared roles such as `AzureScope`), the key property `id`, and typed properties. Every relationship kind has a type
 * and the labels and key property of both ends. The Cypher statements (constraints, indexes, batched loads, scope
 * cleanup) and the linter's DbSchema are generated from these declarations, so the model lives in one place.
 */

/** Neo4j property types the ingest writes (no maps: Neo4j properties are scalars or homogeneous lists). */
export type PropertyType = 'string' | 'integer' | 'float' | 'boolean' | 'string[]' | 'integer[]';

export interface PropertySpec {
  type: PropertyType;
  description: string;
}

export type Cloud = 'aws' | 'azure' | 'none';

/**
 * How a node kind's lifetime is managed:
 * - `scoped`: owned by one scope (e.g. `aws:123456789012:us-east-1`); replaced when that scope is scanned successfully;
 * - `shared`: written by several scopes (images, vulnerabilities, the Internet); deleted when nothing links to it;
 * - `bookkeeping`: scan records (ScanRun, ScopeStatus) maintained by the loader itself.
 */
export type Lifetime = 'scoped' | 'shared' | 'bookkeeping';

export interface NodeKind {
  /** The primary label; also the key of this kind in Facts. */
  label: string;
  /** Further labels every node of this kind carries. */
  extraLabels?: readonly string[];
  cloud: Cloud;
  lifetime: Lifetime;
  description: string;
  /** How `id` is formed (ids: Azure ARM ids lower-cased; AWS ARNs exact). */
  key: string;
  properties: Readonly<Record<string, PropertySpec>>;
}

export interface RelationshipKind {
  /** Unique name of this kind (a relationship type may connect several label pairs). */
  kind: string;
  type: string;
  from: string;
  to: string;
  description: string;
  properties: Readonly<Record<string, PropertySpec>>;
}

/**
 * Extra label every ingested resource (every `scoped` kind) carries, so that a resource can be found by its id
 * without knowing its kind: `MATCH (r:Resource {id: $id})` uses the `resource_id` index instead of reading every
 * node. Indexed, not unique: ids are unique per primary label only.
 */
export const RESOURCE_LABEL = 'Resource';

/** Properties every node carries: the key, plus what the loader and normalisers set for every kind. */
export const COMMON_NODE_PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  id: { type: 'string', description: 'key (unique per primary label)' },
  name: { type: 'string', description: 'display name' },
  cloud: { type: 'string', description: "'aws' | 'azure' | 'none'" },
  scope: { type: 'string', description: 'owning scope, e.g. aws:123456789012:us-east-1, azure:<subscriptionId>, azure-tenant:<tenantId>, shared' },
  scanId: { type: 'string', description: 'the scan that last wrote this node' },
};

/** Properties every relationship carries (set by the loader). */
export const COMMON_RELATIONSHIP_PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  scope: { type: 'string', description: 'owning scope (the scope whose normaliser produced it)' },
  scanId: { type: 'string', description: 'the scan that last wrote this relationship' },
};
