/**
 * Facts: what the normalisers produce and the loader writes. One ScopeFacts per scope (the unit of replacement):
 * node rows per node kind (primary label) and relationship rows per relationship kind (graph/schema/model.ts).
 */
import type { Problem } from './snapshot/files.js';

/** Property values the graph can hold (integers are plain numbers here; the loader sends schema integers as Neo4j integers). */
export type PropertyValue = string | number | boolean | string[] | number[];

export interface NodeRow {
  id: string;
  [property: string]: PropertyValue;
}

export interface RelationshipRow {
  from: string;
  to: string;
  props: Record<string, PropertyValue>;
}

export type ScopeCloud = 'aws' | 'azure' | 'none';

export interface ScopeFacts {
  /** e.g. `aws:123456789012:us-east-1`, `aws:123456789012:global`, `azure:<subscriptionId>`, `azure-tenant:<tenantId>`, `vulnerabilities`. */
  scope: string;
  /** Enclosing scope (`aws:<account>`, `azure-tenant:<tenant>`); a failure of the parent makes its children stale too. */
  parent: string | null;
  cloud: ScopeCloud;
  nodes: Map<string, NodeRow[]>;
  relationships: Map<string, RelationshipRow[]>;
  /** Elements skipped (malformed) while normalising; the scope is still replaced. */
  problems: Problem[];
  /** Set when the scope's data is incomplete (unreadable file, truncated results): the loader then touches nothing and marks it stale. */
  failure?: string;
}

export interface Facts {
  scopes: ScopeFacts[];
  /**
   * Failures of a parent that is not itself a scope (`aws:<account>`: e.g. credentials for the account failed): every
   * scope below it, in these facts or already in the graph, is left untouched and marked stale.
   */
  failedParents?: { parent: string; reason: string }[];
}

type Input = Record<string, PropertyValue | null | undefined>;

function compact(values: Input): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'number' && !Number.isFinite(value)) continue;
    out[key] = value;
  }
  return out;
}

function mergeProps(target: Record<string, PropertyValue>, source: Record<string, PropertyValue>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (Array.isArray(existing) && Array.isArray(value)) {
      target[key] = [...new Set([...(existing as (string | number)[]), ...(value as (string | number)[])])] as PropertyValue;
    } else if (typeof existing === 'boolean' && typeof value === 'boolean') {
      target[key] = existing || value;
    } else {
      target[key] = value;
    }
  }
}

/** Accumulates one scope's facts; the same node or relationship added twice is merged (lists united, flags or-ed). */
export class ScopeFactsBuilder {
  private readonly nodeIndex = new Map<string, Map<string, NodeRow>>();
  private readonly relationshipIndex = new Map<string, Map<string, RelationshipRow>>();
  readonly problems: Problem[] = [];
  failure: string | undefined;

  constructor(
    readonly scope: string,
    readonly parent: string | null,
    readonly cloud: ScopeCloud,
  ) {}

  node(label: string, id: string, properties: Input): void {
    let rows = this.nodeIndex.get(label);
    if (rows === undefined) this.nodeIndex.set(label, (rows = new Map()));
    const props = compact(properties);
    const existing = rows.get(id);
    if (existing === undefined) rows.set(id, { ...props, id });
    else mergeProps(existing, props);
  }

  hasNode(label: string, id: string): boolean {
    return this.nodeIndex.get(label)?.has(id) ?? false;
  }

  relationship(kind: string, from: string, to: string, properties: Input = {}): void {
    let rows = this.relationshipIndex.get(kind);
    if (rows === undefined) this.relationshipIndex.set(kind, (rows = new Map()));
    const key = `${from}\u0000${to}`;
    const props = compact(properties);
    const existing = rows.get(key);
    if (existing === undefined) rows.set(key, { from, to, props });
    else mergeProps(existing.props, props);
  }

  problem(source: string, message: string): void {
    this.problems.push({ source, message });
  }

  build(): ScopeFacts {
    const nodes = new Map<string, NodeRow[]>();
    for (const [label, rows] of this.nodeIndex) nodes.set(label, [...rows.values()]);
    const relationships = new Map<string, RelationshipRow[]>();
    for (const [kind, rows] of this.relationshipIndex) relationships.set(kind, [...rows.values()]);
    const facts: ScopeFacts = { scope: this.scope, parent: this.parent, cloud: this.cloud, nodes, relationships, problems: this.problems };
    if (this.failure !== undefined) facts.failure = this.failure;
    return facts;
  }
}

/** A set of scope builders keyed by scope. */
export class FactsBuilder {
  private readonly scopes = new Map<string, ScopeFactsBuilder>();

  scope(scope: string, parent: string | null, cloud: ScopeCloud): ScopeFactsBuilder {
    let builder = this.scopes.get(scope);
    if (builder === undefined) this.scopes.set(scope, (builder = new ScopeFactsBuilder(scope, parent, cloud)));
    return builder;
  }

  has(scope: string): boolean {
    return this.scopes.has(scope);
  }

  build(): Facts {
    return { scopes: [...this.scopes.values()].map((builder) => builder.build()) };
  }
}
