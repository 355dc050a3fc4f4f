/**
 * GraphStore: the embedded engine's graph, held in a graphology MultiDirectedGraph (`graph`), with
 * secondary structures over the same entity objects: per-node adjacency arrays, label and
 * relationship-type indexes, property indexes, constraints, and undo/redo logging.
 *
 * Every change goes through a GraphStoreTransaction, which checks constraints, applies the change
 * at once and records both the redo Mutation and its inverse. Rollback replays the inverses, so
 * indexes come back exactly; `apply` replays committed redo logs (recovery); `dump` describes the
 * whole state as create mutations (checkpoint).
 *
 * Property objects are copy-on-write: a change replaces the entity's props object, so a props
 * object handed out earlier (e.g. `properties(n)`) keeps its values. That is what lets a redo
 * entry and the store share one map, and every entity without properties share one frozen map.
 */
import { MultiDirectedGraph } from 'graphology';
import type { Mutation, StoreTransaction } from '../api.js';
import { CypherError } from '../errors.js';
import type { EntityReader, PropertyValue } from '../values.js';
import {
  generatedName,
  needsIndex,
  PropertyIndex,
  schemaKey,
  type ConstraintDefinition,
  type ConstraintKind,
  type IndexDefinition,
} from './schema.js';
import { emptyProps, formatProperty, indexKey, tupleKey, type IndexKey } from './values.js';

export type { ConstraintDefinition, IndexDefinition, ConstraintKind } from './schema.js';
export { propertyKey } from './values.js';

export interface NodeData {
  readonly id: number;
  labels: Set<string>;
  props: Record<string, PropertyValue>;
  /** Adjacency as plain arrays: the matcher walks them without callbacks. */
  readonly out: RelData[];
  readonly in: RelData[];
  /** Relationships by other end, built once the node's degree makes scanning costly (see relationshipsBetween). */
  adjacency?: AdjacencyIndex;
}

export interface RelData {
  readonly id: number;
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly startNode: NodeData;
  readonly endNode: NodeData;
  props: Record<string, PropertyValue>;
}

export type Direction = 'out' | 'in' | 'both';

const deletedEntity = (what: string, id: number) =>
  new CypherError(
    'Neo.ClientError.Statement.EntityNotFound',
    `${what} with id ${id} has been deleted in this transaction`,
    'DeletedEntityAccess',
  );

const validationFailed = (msg: string) => new CypherError('Neo.ClientError.Schema.ConstraintValidationFailed', msg);

export class GraphStore implements EntityReader {
  /**
   * The graph of record: a graphology MultiDirectedGraph whose node and edge attributes are the
   * store's NodeData / RelData (keys: the numeric ids as strings). Every write goes through it.
   * The label, type and property indexes, the dense id tables and the per-node adjacency arrays
   * below are secondary indexes over the same objects: the matcher walks the arrays without
   * callbacks, which graphology's iteration API would need.
   */
  readonly graph: MultiDirectedGraph<NodeData, RelData> = new MultiDirectedGraph<NodeData, RelData>({ allowSelfLoops: true });
  /** Numeric-id views of the graph's attributes, so lookups need no string conversion. */
  private readonly nodes = new Map<number, NodeData>();
  private readonly rels = new Map<number, RelData>();
  /**
   * The same entities by id in plain arrays (ids are allocated densely from 0): a lookup is an
   * array read instead of a hash lookup, which was the single most frequent operation of a load.
   * An id too far past the end (recovery of someone else's ids) lives in the map only.
   */
  private readonly nodeById = new DenseTable<NodeData>();
  private readonly relById = new DenseTable<RelData>();
  private readonly labelIndex = new Map<string, Set<number>>();
  private readonly typeIndex = new Map<string, Set<number>>();
  private readonly indexes = new Map<string, IndexDefinition>();
  private readonly constraints = new Map<string, ConstraintDefinition>();
  private readonly propertyIndexes = new Map<string, PropertyIndex>();
  /** label (prefixed 'n'/'r') -> the property indexes to maintain for entities carrying it */
  private readonly indexesByLabel = new Map<string, PropertyIndex[]>();
  /** Entities deleted recently: their type and endpoints stay readable (Neo4j allows type(r) of a deleted r). */
  private readonly deletedNodes = new Map<number, NodeData>();
  private readonly deletedRels = new Map<number, RelData>();
  /** Relationship property indexes in use: relationship writes skip index upkeep while there are none. */
  private relIndexCount = 0;
  private nextNodeId = 0;
  private nextRelId = 0;
  private openTransactions = 0;

  // ------------------------------------------------------------------------------------------
  // Transactions, recovery, checkpoints
  // ------------------------------------------------------------------------------------------

  begin(): GraphStoreTransaction {
    if (this.openTransactions === 0) {
      this.deletedNodes.clear();
      this.deletedRels.clear();
    }
    this.openTransactions++;
    return new GraphStoreTransaction(this, () => {
      this.openTransactions--;
    });
  }

  /** Replays committed mutations (recovery). Ids are honoured and id counters advance past them. */
  apply(mutations: readonly Mutation[]): void {
    for (const m of mutations) this.applyRaw(m);
  }

  /** The whole state as create mutations: nodes, relationships, then schema. */
  dump(): Mutation[] {
    const out: Mutation[] = [];
    for (const n of this.nodes.values()) {
      out.push({ op: 'createNode', id: n.id, labels: [...n.labels], props: { ...n.props } });
    }
    for (const r of this.rels.values()) {
      out.push({ op: 'createRel', id: r.id, type: r.type, start: r.start, end: r.end, props: { ...r.props } });
    }
    for (const i of this.indexes.values()) {
      out.push({ op: 'createIndex', name: i.name, label: i.label, properties: [...i.properties], forRelationship: i.forRelationship });
    }
    for (const c of this.constraints.values()) {
      out.push({
        op: 'createConstraint', name: c.name, label: c.label, properties: [...c.properties], kind: c.kind,
        forRelationship: c.forRelationship,
      });
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // EntityReader
  // ------------------------------------------------------------------------------------------

  nodeLabels(id: number): string[] {
    return [...this.liveNode(id).labels];
  }
  nodeProperties(id: number): Record<string, PropertyValue> {
    return this.liveNode(id).props;
  }
  nodeExists(id: number): boolean {
    return this.nodeById.get(id) !== undefined;
  }
  relType(id: number): string {
    const r = this.relById.get(id) ?? this.deletedRels.get(id);
    if (!r) throw deletedEntity('Relationship', id);
    return r.type;
  }
  relProperties(id: number): Record<string, PropertyValue> {
    return this.liveRel(id).props;
  }
  relEndpoints(id: number): { start: number; end: number } {
    const r = this.relById.get(id) ?? this.deletedRels.get(id);
    if (!r) throw deletedEntity('Relationship', id);
    return r;
  }
  relExists(id: number): boolean {
    return this.relById.get(id) !== undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Read helpers for the executor
  // ------------------------------------------------------------------------------------------

  nodeCount(): number {
    return this.nodes.size;
  }
  relationshipCount(): number {
    return this.rels.size;
  }
  node(id: number): NodeData | undefined {
    return this.nodeById.get(id);
  }
  rel(id: number): RelData | undefined {
    return this.relById.get(id);
  }
  /** The live node, or EntityNotFound (DeletedEntityAccess). */
  liveNode(id: number): NodeData {
    const n = this.nodeById.get(id);
    if (!n) throw deletedEntity('Node', id);
    return n;
  }
  liveRel(id: number): RelData {
    const r = this.relById.get(id);
    if (!r) throw deletedEntity('Relationship', id);
    return r;
  }
  /** True when the id was deleted in the current transaction (graveyard). */
  wasDeletedNode(id: number): boolean {
    return this.deletedNodes.has(id);
  }
  wasDeletedRel(id: number): boolean {
    return this.deletedRels.has(id);
  }
  /** Labels of a node deleted in this transaction, for serialising it (Neo4j returns deleted entities). */
  deletedNodeSnapshot(id: number): NodeData | undefined {
    return this.deletedNodes.get(id);
  }
  deletedRelSnapshot(id: number): RelData | undefined {
    return this.deletedRels.get(id);
  }
  allNodeIds(): IterableIterator<number> {
    return this.nodes.keys();
  }
  allRelIds(): IterableIterator<number> {
    return this.rels.keys();
  }
  nodesByLabel(label: string): ReadonlySet<number> {
    return this.labelIndex.get(label) ?? EMPTY;
  }
  relsByType(type: string): ReadonlySet<number> {
    return this.typeIndex.get(type) ?? EMPTY;
  }
  labelCount(label: string): number {
    return this.labelIndex.get(label)?.size ?? 0;
  }
  typeCount(type: string): number {
    return this.typeIndex.get(type)?.size ?? 0;
  }
  labels(): string[] {
    return [...this.labelIndex.entries()].filter(([, s]) => s.size > 0).map(([l]) => l);
  }
  relationshipTypes(): string[] {
    return [...this.typeIndex.entries()].filter(([, s]) => s.size > 0).map(([t]) => t);
  }
  propertyKeys(): string[] {
    const keys = new Set<string>();
    for (const n of this.nodes.values()) for (const k in n.props) keys.add(k);
    for (const r of this.rels.values()) for (const k in r.props) keys.add(k);
    return [...keys];
  }
  indexDefinitions(): IndexDefinition[] {
    return [...this.indexes.values()];
  }
  constraintDefinitions(): ConstraintDefinition[] {
    return [...this.constraints.values()];
  }

  /** Whether a single-property node index on (label, key) exists (so lookups need no scan). */
  hasNodeIndex(label: string, key: string): boolean {
    return this.propertyIndexes.size > 0 && this.propertyIndexes.has('n\u0000' + label + '\u0000' + key);
  }

  /**
   * Node ids with `label` whose `key` equals `value`, through a property index; null when no
   * index covers (label, key). Do not mutate the returned set.
   */
  lookupNodes(label: string, key: string, value: PropertyValue): ReadonlySet<number> | null {
    if (this.propertyIndexes.size === 0) return null;
    const index = this.propertyIndexes.get('n\u0000' + label + '\u0000' + key);
    if (!index) return null;
    return index.entries.get(indexKey(value)) ?? EMPTY;
  }

  /** Node ids by several property values when a (possibly composite) index covers a subset of them. */
  lookupNodesByMap(label: string, props: Record<string, PropertyValue>): ReadonlySet<number> | null {
    const keys = Object.keys(props);
    for (const k of keys) {
      const hit = this.lookupNodes(label, k, props[k]!);
      if (hit) return hit;
    }
    if (keys.length > 1) {
      for (const index of this.indexesByLabel.get('n' + label) ?? []) {
        if (index.properties.every((p) => p in props)) {
          const key = tupleKey(props, index.properties);
          return key === null ? EMPTY : (index.entries.get(key) ?? EMPTY);
        }
      }
    }
    return null;
  }

  /**
   * Calls `visit(relId, otherNodeId, rel)` for each relationship of `nodeId` in direction `dir`
   * whose type is one of `types` (all when null). 'both' visits a self-loop once.
   * Return true from visit to stop early.
   */
  forEachRelationship(
    nodeId: number,
    dir: Direction,
    types: readonly string[] | null,
    visit: (relId: number, otherId: number, rel: RelData) => boolean | void,
  ): void {
    const node = this.nodeById.get(nodeId);
    if (!node) return;
    if (dir !== 'in') {
      const list = node.out;
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        if (types !== null && !types.includes(r.type)) continue;
        if (visit(r.id, r.end, r)) return;
      }
    }
    if (dir !== 'out') {
      const list = node.in;
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        if (dir === 'both' && r.start === r.end) continue;
        if (types !== null && !types.includes(r.type)) continue;
        if (visit(r.id, r.start, r)) return;
      }
    }
  }

  /**
   * The relationships from `fromId` to `toId` (dir 'out') or from `toId` to `fromId` (dir 'in'),
   * without scanning every relationship of a node with a big degree: the shorter of the two
   * endpoints' lists is read, and once that is long too, a per-node index by other end (kept up
   * to date from then on) answers. Do not change the returned list.
   */
  relationshipsBetween(fromId: number, dir: 'out' | 'in', toId: number): readonly RelData[] {
    const from = this.nodeById.get(fromId);
    const to = this.nodeById.get(toId);
    if (!from || !to) return NO_RELS;
    // the relationships run start -> end
    const start = dir === 'out' ? from : to;
    const end = dir === 'out' ? to : from;
    const fromStart = start.out.length <= end.in.length;
    const side = fromStart ? start : end;
    const list = fromStart ? start.out : end.in;
    if (list.length > ADJACENCY_INDEX_DEGREE) {
      const adjacency = (side.adjacency ??= buildAdjacency(side));
      return (fromStart ? adjacency.out.get(end.id) : adjacency.in.get(start.id)) ?? NO_RELS;
    }
    let found: RelData[] | null = null;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (fromStart ? r.end === end.id : r.start === start.id) (found ??= []).push(r);
    }
    return found ?? NO_RELS;
  }

  /** Number of relationships attached to a node (any direction). */
  degree(nodeId: number): number {
    const n = this.nodeById.get(nodeId);
    return n ? n.out.length + n.in.length : 0;
  }

  // ------------------------------------------------------------------------------------------
  // Raw changes: no constraint checks, no logging. Used by transactions, undo and recovery.
  // ------------------------------------------------------------------------------------------

  /**
   * @internal
   * `props`, when given, is the entity's complete property map after the change, already clean
   * (null-prototype, no nulls) and never to be mutated: the store keeps it as it is. Transactions
   * pass it so that a change copies the property map once; undo and recovery leave it out.
   */
  applyRaw(m: Mutation, props?: Record<string, PropertyValue>): void {
    switch (m.op) {
      case 'createNode': {
        const data: NodeData = { id: m.id, labels: new Set(m.labels), props: props ?? cleanProps(m.props), out: [], in: [] };
        this.nodes.set(m.id, data);
        this.nodeById.set(m.id, data);
        this.deletedNodes.delete(m.id);
        for (const l of data.labels) addTo(this.labelIndex, l, m.id);
        this.indexEntity('n', data.labels, m.id, data.props);
        if (m.id >= this.nextNodeId) this.nextNodeId = m.id + 1;
        this.graph.addNode(String(m.id), data);
        return;
      }
      case 'deleteNode': {
        const data = this.nodeById.get(m.id);
        if (!data) return;
        this.unindexEntity('n', data.labels, m.id, data.props);
        for (const l of data.labels) removeFrom(this.labelIndex, l, m.id);
        this.nodes.delete(m.id);
        this.nodeById.delete(m.id);
        this.deletedNodes.set(m.id, data);
        this.graph.dropNode(String(m.id));
        return;
      }
      case 'setNodeProps': {
        const data = this.nodeById.get(m.id)!;
        const next = props ?? mergeProps(data.props, m.props);
        this.reindexEntity('n', data.labels, m.id, data.props, next, m.props);
        data.props = next;
        return;
      }
      case 'replaceNodeProps': {
        const data = this.nodeById.get(m.id)!;
        this.unindexEntity('n', data.labels, m.id, data.props);
        data.props = props ?? cleanProps(m.props);
        this.indexEntity('n', data.labels, m.id, data.props);
        return;
      }
      case 'addLabels':
      case 'removeLabels': {
        const data = this.nodeById.get(m.id)!;
        this.unindexEntity('n', data.labels, m.id, data.props);
        const labels = new Set(data.labels);
        for (const l of m.labels) {
          if (m.op === 'addLabels') {
            labels.add(l);
            addTo(this.labelIndex, l, m.id);
          } else {
            labels.delete(l);
            removeFrom(this.labelIndex, l, m.id);
          }
        }
        data.labels = labels;
        this.indexEntity('n', data.labels, m.id, data.props);
        return;
      }
      case 'createRel': {
        const startNode = this.nodeById.get(m.start)!;
        const endNode = this.nodeById.get(m.end)!;
        const data: RelData = {
          id: m.id, type: m.type, start: m.start, end: m.end, startNode, endNode, props: props ?? cleanProps(m.props),
        };
        startNode.out.push(data);
        endNode.in.push(data);
        if (startNode.adjacency) addAdjacent(startNode.adjacency.out, m.end, data);
        if (endNode.adjacency) addAdjacent(endNode.adjacency.in, m.start, data);
        this.rels.set(m.id, data);
        this.relById.set(m.id, data);
        this.deletedRels.delete(m.id);
        addTo(this.typeIndex, m.type, m.id);
        if (this.relIndexCount) this.indexEntity('r', [m.type], m.id, data.props);
        if (m.id >= this.nextRelId) this.nextRelId = m.id + 1;
        this.graph.addEdgeWithKey(String(m.id), String(m.start), String(m.end), data);
        return;
      }
      case 'deleteRel': {
        const data = this.relById.get(m.id);
        if (!data) return;
        if (this.relIndexCount) this.unindexEntity('r', [data.type], m.id, data.props);
        removeFrom(this.typeIndex, data.type, m.id);
        removeRel(data.startNode.out, data);
        removeRel(data.endNode.in, data);
        if (data.startNode.adjacency) removeAdjacent(data.startNode.adjacency.out, data.end, data);
        if (data.endNode.adjacency) removeAdjacent(data.endNode.adjacency.in, data.start, data);
        this.rels.delete(m.id);
        this.relById.delete(m.id);
        this.deletedRels.set(m.id, data);
        this.graph.dropEdge(String(m.id));
        return;
      }
      case 'setRelProps': {
        const data = this.relById.get(m.id)!;
        const next = props ?? mergeProps(data.props, m.props);
        if (this.relIndexCount) this.reindexEntity('r', [data.type], m.id, data.props, next, m.props);
        data.props = next;
        return;
      }
      case 'replaceRelProps': {
        const data = this.relById.get(m.id)!;
        if (this.relIndexCount) this.unindexEntity('r', [data.type], m.id, data.props);
        data.props = props ?? cleanProps(m.props);
        if (this.relIndexCount) this.indexEntity('r', [data.type], m.id, data.props);
        return;
      }
      case 'createIndex':
        this.indexes.set(m.name, {
          name: m.name, label: m.label, properties: [...m.properties], forRelationship: m.forRelationship,
        });
        this.acquireIndex(m.forRelationship, m.label, m.properties);
        return;
      case 'dropIndex': {
        const def = this.indexes.get(m.name);
        if (!def) return;
        this.indexes.delete(m.name);
        this.releaseIndex(def.forRelationship, def.label, def.properties);
        return;
      }
      case 'createConstraint':
        this.constraints.set(m.name, {
          name: m.name, label: m.label, properties: [...m.properties], kind: m.kind, forRelationship: m.forRelationship,
        });
        if (needsIndex(m.kind)) this.acquireIndex(m.forRelationship, m.label, m.properties);
        return;
      case 'dropConstraint': {
        const def = this.constraints.get(m.name);
        if (!def) return;
        this.constraints.delete(m.name);
        if (needsIndex(def.kind)) this.releaseIndex(def.forRelationship, def.label, def.properties);
        return;
      }
    }
  }

  get hasRelationshipIndexes(): boolean {
    return this.relIndexCount > 0;
  }

  /** @internal */
  allocateNodeId(): number {
    return this.nextNodeId++;
  }
  /** @internal */
  allocateRelId(): number {
    return this.nextRelId++;
  }
  /** @internal */
  findIndex(name: string): IndexDefinition | undefined {
    return this.indexes.get(name);
  }
  /** @internal */
  findConstraint(name: string): ConstraintDefinition | undefined {
    return this.constraints.get(name);
  }
  /** @internal: property indexes kept for entities with this label ('n'/'r' prefixed). */
  indexesFor(kind: 'n' | 'r', label: string): readonly PropertyIndex[] {
    return this.indexesByLabel.get(kind + label) ?? NO_INDEXES;
  }
  /** @internal */
  propertyIndex(forRelationship: boolean, label: string, properties: readonly string[]): PropertyIndex | undefined {
    return this.propertyIndexes.get(schemaKey(forRelationship, label, properties));
  }

  private acquireIndex(forRelationship: boolean, label: string, properties: readonly string[]): void {
    const key = schemaKey(forRelationship, label, properties);
    let index = this.propertyIndexes.get(key);
    if (!index) {
      index = new PropertyIndex(forRelationship, label, properties);
      const members = forRelationship ? this.typeIndex.get(label) : this.labelIndex.get(label);
      for (const id of members ?? EMPTY) {
        const props = forRelationship ? this.relById.get(id)!.props : this.nodeById.get(id)!.props;
        const k = tupleKey(props, properties);
        if (k !== null) index.add(k, id);
      }
      this.propertyIndexes.set(key, index);
      if (forRelationship) this.relIndexCount++;
      const byLabel = (forRelationship ? 'r' : 'n') + label;
      this.indexesByLabel.set(byLabel, [...(this.indexesByLabel.get(byLabel) ?? []), index]);
    }
    index.users++;
  }

  private releaseIndex(forRelationship: boolean, label: string, properties: readonly string[]): void {
    const key = schemaKey(forRelationship, label, properties);
    const index = this.propertyIndexes.get(key);
    if (!index) return;
    if (--index.users > 0) return;
    this.propertyIndexes.delete(key);
    if (forRelationship) this.relIndexCount--;
    const byLabel = (forRelationship ? 'r' : 'n') + label;
    const rest = (this.indexesByLabel.get(byLabel) ?? []).filter((i) => i !== index);
    if (rest.length) this.indexesByLabel.set(byLabel, rest);
    else this.indexesByLabel.delete(byLabel);
  }

  private indexEntity(kind: 'n' | 'r', labels: Iterable<string>, id: number, props: Record<string, PropertyValue>): void {
    if (this.indexesByLabel.size === 0) return;
    for (const l of labels) {
      const list = this.indexesByLabel.get(kind + l);
      if (!list) continue;
      for (const index of list) {
        const k = tupleKey(props, index.properties);
        if (k !== null) index.add(k, id);
      }
    }
  }

  /** Index upkeep for a property change: only indexes over a changed key are touched. */
  private reindexEntity(
    kind: 'n' | 'r',
    labels: Iterable<string>,
    id: number,
    before: Record<string, PropertyValue>,
    after: Record<string, PropertyValue>,
    changed: Record<string, unknown>,
  ): void {
    if (this.indexesByLabel.size === 0) return;
    for (const l of labels) {
      const list = this.indexesByLabel.get(kind + l);
      if (!list) continue;
      for (const index of list) {
        if (!touches(index.properties, changed)) continue;
        const old = tupleKey(before, index.properties);
        const next = tupleKey(after, index.properties);
        if (old === next) continue;
        if (old !== null) index.remove(old, id);
        if (next !== null) index.add(next, id);
      }
    }
  }

  private unindexEntity(kind: 'n' | 'r', labels: Iterable<string>, id: number, props: Record<string, PropertyValue>): void {
    if (this.indexesByLabel.size === 0) return;
    for (const l of labels) {
      const list = this.indexesByLabel.get(kind + l);
      if (!list) continue;
      for (const index of list) {
        const k = tupleKey(props, index.properties);
        if (k !== null) index.remove(k, id);
      }
    }
  }
}

/** Entities by id in an array, with a map for ids far past the end. */
class DenseTable<T> {
  private readonly byId: (T | undefined)[] = [];
  private readonly far = new Map<number, T>();

  get(id: number): T | undefined {
    const v = this.byId[id];
    return v !== undefined || this.far.size === 0 ? v : this.far.get(id);
  }

  set(id: number, value: T): void {
    if (Number.isInteger(id) && id >= 0 && id <= this.byId.length + 4096) {
      // fill any gap first, so the array stays packed (holes make every read slower)
      while (this.byId.length < id) this.byId.push(undefined);
      this.byId[id] = value;
    } else this.far.set(id, value);
  }

  delete(id: number): void {
    if (Number.isInteger(id) && id >= 0 && id < this.byId.length) this.byId[id] = undefined;
    // (the array may have grown past an id that went to the map when it was far)
    if (this.far.size > 0) this.far.delete(id);
  }
}

const EMPTY: ReadonlySet<number> = new Set<number>();
const NO_INDEXES: readonly PropertyIndex[] = [];
const NO_RELS: readonly RelData[] = Object.freeze([]) as readonly RelData[];

function removeRel(list: RelData[], rel: RelData): void {
  const i = list.lastIndexOf(rel);
  if (i < 0) return;
  list[i] = list[list.length - 1]!;
  list.pop();
}

function addTo(map: Map<string, Set<number>>, key: string, id: number): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(id);
}

function removeFrom(map: Map<string, Set<number>>, key: string, id: number): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}

/**
 * The property map of every entity without properties. Property maps are never changed in place
 * (copy-on-write), so they can all share one; frozen, so that a stray write fails loudly.
 */
const NO_PROPS: Record<string, PropertyValue> = Object.freeze(emptyProps());

function cleanProps(props: Record<string, PropertyValue>): Record<string, PropertyValue> {
  let out: Record<string, PropertyValue> | null = null;
  for (const k in props) {
    const v = props[k];
    if (v !== null && v !== undefined) (out ??= emptyProps())[k] = v;
  }
  return out ?? NO_PROPS;
}

function touches(properties: readonly string[], changed: Record<string, unknown>): boolean {
  for (let i = 0; i < properties.length; i++) if (properties[i]! in changed) return true;
  return false;
}

/** Per-node adjacency by other end, for nodes whose degree makes scanning their lists costly. */
export interface AdjacencyIndex {
  readonly out: Map<number, RelData[]>;
  readonly in: Map<number, RelData[]>;
}

/** Degree above which relationshipsBetween indexes a node's relationships by other end. */
const ADJACENCY_INDEX_DEGREE = 64;

function buildAdjacency(node: NodeData): AdjacencyIndex {
  const index: AdjacencyIndex = { out: new Map(), in: new Map() };
  for (const r of node.out) addAdjacent(index.out, r.end, r);
  for (const r of node.in) addAdjacent(index.in, r.start, r);
  return index;
}

function addAdjacent(map: Map<number, RelData[]>, other: number, rel: RelData): void {
  const list = map.get(other);
  if (list) list.push(rel);
  else map.set(other, [rel]);
}

function removeAdjacent(map: Map<number, RelData[]>, other: number, rel: RelData): void {
  const list = map.get(other);
  if (!list) return;
  removeRel(list, rel);
  if (list.length === 0) map.delete(other);
}

function mergeProps(
  base: Record<string, PropertyValue>,
  changes: Record<string, PropertyValue | null>,
): Record<string, PropertyValue> {
  const out = emptyProps();
  let size = 0;
  for (const k in base) {
    if (k in changes) continue;
    out[k] = base[k]!;
    size++;
  }
  for (const k in changes) {
    const v = changes[k];
    if (v === null || v === undefined) continue;
    out[k] = v;
    size++;
  }
  return size === 0 ? NO_PROPS : out;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function describeSchema(forRelationship: boolean, label: string, properties: readonly string[]): string {
  const v = forRelationship ? 'r' : 'n';
  const pattern = forRelationship ? `()-[${v}:${label}]-()` : `(${v}:${label})`;
  return `${pattern} ON (${properties.map((p) => `${v}.${p}`).join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// Transactions
// ---------------------------------------------------------------------------------------------

export interface IndexRequest {
  name: string | null;
  label: string;
  properties: string[];
  forRelationship: boolean;
  ifNotExists: boolean;
}

export interface ConstraintRequest extends IndexRequest {
  kind: ConstraintKind;
}

export class GraphStoreTransaction implements StoreTransaction {
  private readonly redo: Mutation[] = [];
  private readonly undo: Mutation[] = [];
  /** Entities whose existence constraints (NOT NULL, NODE KEY) need checking at the end of the statement. */
  private readonly touchedNodes = new Set<number>();
  private readonly touchedRels = new Set<number>();
  private open = true;

  constructor(
    readonly store: GraphStore,
    private readonly onClose: () => void,
  ) {}

  get mutations(): readonly Mutation[] {
    return this.redo;
  }
  get dirty(): boolean {
    return this.redo.length > 0;
  }
  get isOpen(): boolean {
    return this.open;
  }

  rollback(): void {
    if (!this.open) return;
    this.rollbackTo(0);
    this.close();
  }

  commit(): void {
    if (!this.open) return;
    this.close();
  }

  /** A point to roll back to (the statement boundary, so that a failed statement leaves no trace). */
  savepoint(): number {
    return this.redo.length;
  }

  rollbackTo(savepoint: number): void {
    while (this.undo.length > savepoint) {
      this.store.applyRaw(this.undo.pop()!);
      this.redo.pop();
    }
  }

  private close(): void {
    this.open = false;
    this.touchedNodes.clear();
    this.touchedRels.clear();
    this.onClose();
  }

  /** Applies `m` (with the entity's resulting clean property map, when the caller computed it) and logs it. */
  private record(m: Mutation, inverse: Mutation, props?: Record<string, PropertyValue>): void {
    if (!this.open) throw new CypherError('Neo.ClientError.Transaction.TransactionNotFound', 'The transaction has been closed');
    this.store.applyRaw(m, props);
    this.redo.push(m);
    this.undo.push(inverse);
  }

  // ------------------------------------------------------------------------------------------
  // Nodes
  // ------------------------------------------------------------------------------------------

  createNode(labels: readonly string[], props: Record<string, PropertyValue>): number {
    const id = this.store.allocateNodeId();
    const clean = cleanProps(props);
    const labelSet = [...new Set(labels)];
    this.checkUnique('n', id, labelSet, clean);
    // The redo entry and the store share the clean map: neither changes it (copy-on-write).
    this.record({ op: 'createNode', id, labels: labelSet, props: clean }, { op: 'deleteNode', id }, clean);
    this.touchedNodes.add(id);
    return id;
  }

  /** Deletes a node that has no relationships left (the executor checks connectivity first). */
  deleteNode(id: number): boolean {
    const data = this.store.node(id);
    if (!data) return false;
    if (this.store.degree(id) > 0) {
      throw new CypherError(
        'Neo.ClientError.Schema.ConstraintValidationFailed',
        `Cannot delete node<${id}>, because it still has relationships. To delete this node, you must first delete its relationships.`,
        'DeleteConnectedNode',
      );
    }
    this.record({ op: 'deleteNode', id }, { op: 'createNode', id, labels: [...data.labels], props: data.props });
    return true;
  }

  /** Deletes the node and all its relationships; returns how many relationships went with it. */
  detachDeleteNode(id: number): { deleted: boolean; relationships: number } {
    if (!this.store.node(id)) return { deleted: false, relationships: 0 };
    const relIds: number[] = [];
    this.store.forEachRelationship(id, 'both', null, (relId) => {
      relIds.push(relId);
    });
    for (const r of relIds) this.deleteRel(r);
    this.deleteNode(id);
    return { deleted: true, relationships: relIds.length };
  }

  /**
   * Sets (value) or removes (null) properties. The transaction keeps `changes` as its redo entry:
   * the caller must not change it afterwards.
   */
  setNodeProperties(id: number, changes: Record<string, PropertyValue | null>): void {
    const data = this.store.liveNode(id);
    const inverse: Record<string, PropertyValue | null> = Object.create(null);
    let changed = false;
    for (const k in changes) {
      const old = data.props[k];
      const v = changes[k];
      if (v === null && old === undefined) continue;
      inverse[k] = old ?? null;
      changed = true;
    }
    if (!changed) return;
    const next = mergeProps(data.props, changes);
    this.checkUnique('n', id, data.labels, next, data.props, changes);
    this.record({ op: 'setNodeProps', id, props: changes }, { op: 'setNodeProps', id, props: inverse }, next);
    this.touchedNodes.add(id);
  }

  replaceNodeProperties(id: number, props: Record<string, PropertyValue>): void {
    const data = this.store.liveNode(id);
    const next = cleanProps(props);
    this.checkUnique('n', id, data.labels, next, data.props);
    this.record({ op: 'replaceNodeProps', id, props: next }, { op: 'replaceNodeProps', id, props: data.props }, next);
    this.touchedNodes.add(id);
  }

  /** Adds labels; returns how many were new. */
  addLabels(id: number, labels: readonly string[]): number {
    const data = this.store.liveNode(id);
    const added = [...new Set(labels)].filter((l) => !data.labels.has(l));
    if (!added.length) return 0;
    this.checkUnique('n', id, added, data.props);
    this.record({ op: 'addLabels', id, labels: added }, { op: 'removeLabels', id, labels: added });
    this.touchedNodes.add(id);
    return added.length;
  }

  removeLabels(id: number, labels: readonly string[]): number {
    const data = this.store.liveNode(id);
    const removed = [...new Set(labels)].filter((l) => data.labels.has(l));
    if (!removed.length) return 0;
    this.record({ op: 'removeLabels', id, labels: removed }, { op: 'addLabels', id, labels: removed });
    return removed.length;
  }

  // ------------------------------------------------------------------------------------------
  // Relationships
  // ------------------------------------------------------------------------------------------

  createRel(type: string, start: number, end: number, props: Record<string, PropertyValue>): number {
    this.store.liveNode(start);
    this.store.liveNode(end);
    const id = this.store.allocateRelId();
    const clean = cleanProps(props);
    if (this.store.hasRelationshipIndexes) this.checkUnique('r', id, [type], clean);
    this.record({ op: 'createRel', id, type, start, end, props: clean }, { op: 'deleteRel', id }, clean);
    this.touchedRels.add(id);
    return id;
  }

  deleteRel(id: number): boolean {
    const data = this.store.rel(id);
    if (!data) return false;
    this.record(
      { op: 'deleteRel', id },
      { op: 'createRel', id, type: data.type, start: data.start, end: data.end, props: data.props },
    );
    return true;
  }

  /** As setNodeProperties: the transaction keeps `changes`. */
  setRelProperties(id: number, changes: Record<string, PropertyValue | null>): void {
    const data = this.store.liveRel(id);
    const inverse: Record<string, PropertyValue | null> = Object.create(null);
    let changed = false;
    for (const k in changes) {
      const old = data.props[k];
      if (changes[k] === null && old === undefined) continue;
      inverse[k] = old ?? null;
      changed = true;
    }
    if (!changed) return;
    const next = mergeProps(data.props, changes);
    if (this.store.hasRelationshipIndexes) this.checkUnique('r', id, [data.type], next, data.props, changes);
    this.record({ op: 'setRelProps', id, props: changes }, { op: 'setRelProps', id, props: inverse }, next);
    this.touchedRels.add(id);
  }

  replaceRelProperties(id: number, props: Record<string, PropertyValue>): void {
    const data = this.store.liveRel(id);
    const next = cleanProps(props);
    if (this.store.hasRelationshipIndexes) this.checkUnique('r', id, [data.type], next, data.props);
    this.record({ op: 'replaceRelProps', id, props: next }, { op: 'replaceRelProps', id, props: data.props }, next);
    this.touchedRels.add(id);
  }

  // ------------------------------------------------------------------------------------------
  // Constraints
  // ------------------------------------------------------------------------------------------

  /** Uniqueness (UNIQUE, NODE KEY) of the would-be properties `next` of entity `id`, checked at write time. */
  private checkUnique(
    kind: 'n' | 'r',
    id: number,
    labels: Iterable<string>,
    next: Record<string, PropertyValue>,
    previous?: Record<string, PropertyValue>,
    changed?: Record<string, unknown>,
  ): void {
    for (const label of labels) {
      for (const index of this.store.indexesFor(kind, label)) {
        if (changed && !touches(index.properties, changed)) continue;
        const key = tupleKey(next, index.properties);
        if (key === null) continue;
        if (previous && tupleKey(previous, index.properties) === key) continue;
        const holders = index.entries.get(key);
        if (!holders || holders.size === 0 || (holders.size === 1 && holders.has(id))) continue;
        const constraint = this.uniquenessConstraint(kind === 'r', label, index.properties);
        if (!constraint) continue;
        const other = [...holders].find((h) => h !== id)!;
        const what = kind === 'r' ? 'Relationship' : 'Node';
        const props = index.properties;
        const shown =
          props.length === 1
            ? `property \`${props[0]}\` = ${formatProperty(next[props[0]!]!)}`
            : `properties ${props.map((p) => `\`${p}\` = ${formatProperty(next[p]!)}`).join(', ')}`;
        throw validationFailed(`${what}(${other}) already exists with ${kind === 'r' ? 'type' : 'label'} \`${label}\` and ${shown}`);
      }
    }
  }

  private uniquenessConstraint(forRelationship: boolean, label: string, properties: readonly string[]) {
    return this.store
      .constraintDefinitions()
      .find((c) => needsIndex(c.kind) && c.forRelationship === forRelationship && c.label === label && sameList(c.properties, properties));
  }

  /**
   * Existence constraints (NOT NULL, NODE KEY) over the entities this transaction touched since the
   * last validation. Neo4j checks these when the statement's changes are complete, so
   * `CREATE (n:L) SET n.k = 1` is fine under `n.k IS NOT NULL`.
   */
  validate(): void {
    const existence = this.store.constraintDefinitions().filter((c) => c.kind !== 'UNIQUE');
    if (existence.length) {
      for (const id of this.touchedNodes) {
        const n = this.store.node(id);
        if (!n) continue;
        for (const c of existence) {
          if (c.forRelationship || !n.labels.has(c.label)) continue;
          checkExistence(c, 'Node', id, n.props);
        }
      }
      for (const id of this.touchedRels) {
        const r = this.store.rel(id);
        if (!r) continue;
        for (const c of existence) {
          if (!c.forRelationship || r.type !== c.label) continue;
          checkExistence(c, 'Relationship', id, r.props);
        }
      }
    }
    this.touchedNodes.clear();
    this.touchedRels.clear();
  }

  // ------------------------------------------------------------------------------------------
  // Schema
  // ------------------------------------------------------------------------------------------

  /** Creates an index; returns false when IF NOT EXISTS found an equivalent one. */
  createIndex(req: IndexRequest): boolean {
    const name = req.name ?? generatedName('index', schemaKey(req.forRelationship, req.label, req.properties));
    const same = (d: IndexDefinition) =>
      d.forRelationship === req.forRelationship && d.label === req.label && sameList(d.properties, req.properties);
    const desc = describeSchema(req.forRelationship, req.label, req.properties);
    const existing = this.store.indexDefinitions().find(same);
    if (existing) {
      if (req.ifNotExists) return false;
      if (existing.name === name || req.name === null) {
        throw new CypherError('Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists',
          `An equivalent index already exists, 'Index( name='${existing.name}', type='RANGE', schema=${desc} )'.`);
      }
      throw new CypherError('Neo.ClientError.Schema.IndexAlreadyExists',
        `There already exists an index ${desc}. A constraint cannot be created until the index has been dropped.`);
    }
    if (this.store.findIndex(name) || this.store.findConstraint(name)) {
      if (req.ifNotExists) return false;
      throw new CypherError('Neo.ClientError.Schema.IndexWithNameAlreadyExists',
        `There already exists an index called '${name}'.`);
    }
    const constraint = this.store.constraintDefinitions().find((c) => needsIndex(c.kind) && same(c));
    if (constraint) {
      if (req.ifNotExists) return false;
      throw new CypherError('Neo.ClientError.Schema.ConstraintAlreadyExists',
        `There is a uniqueness constraint on ${desc}, so an index is already created that matches this.`);
    }
    this.record(
      { op: 'createIndex', name, label: req.label, properties: [...req.properties], forRelationship: req.forRelationship },
      { op: 'dropIndex', name },
    );
    return true;
  }

  /** Creates a constraint after verifying existing data; returns false when IF NOT EXISTS found an equivalent one. */
  createConstraint(req: ConstraintRequest): boolean {
    const name = req.name ?? generatedName('constraint', req.kind + schemaKey(req.forRelationship, req.label, req.properties));
    const desc = describeSchema(req.forRelationship, req.label, req.properties);
    const sameSchema = (d: IndexDefinition) =>
      d.forRelationship === req.forRelationship && d.label === req.label && sameList(d.properties, req.properties);
    const equivalent = this.store.constraintDefinitions().find((c) => c.kind === req.kind && sameSchema(c));
    if (equivalent) {
      if (req.ifNotExists) return false;
      throw new CypherError('Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists',
        `An equivalent constraint already exists, 'Constraint( name='${equivalent.name}', type='${kindName(req.kind)}', schema=${desc} )'.`);
    }
    if (this.store.findConstraint(name) || this.store.findIndex(name)) {
      if (req.ifNotExists) return false;
      throw new CypherError('Neo.ClientError.Schema.ConstraintWithNameAlreadyExists',
        `There already exists a constraint called '${name}'.`);
    }
    if (needsIndex(req.kind)) {
      const conflicting = this.store.constraintDefinitions().find((c) => needsIndex(c.kind) && sameSchema(c));
      if (conflicting) {
        if (req.ifNotExists) return false;
        throw new CypherError('Neo.ClientError.Schema.ConstraintAlreadyExists',
          `Constraint already exists: Constraint( name='${conflicting.name}', type='${kindName(conflicting.kind)}', schema=${desc} )`);
      }
      const index = this.store.indexDefinitions().find(sameSchema);
      if (index) {
        if (req.ifNotExists) return false;
        throw new CypherError('Neo.ClientError.Schema.IndexAlreadyExists',
          `There already exists an index ${desc}. A constraint cannot be created until the index has been dropped.`);
      }
    }
    this.verifyExisting(req, name);
    this.record(
      {
        op: 'createConstraint', name, label: req.label, properties: [...req.properties], kind: req.kind,
        forRelationship: req.forRelationship,
      },
      { op: 'dropConstraint', name },
    );
    return true;
  }

  private verifyExisting(req: ConstraintRequest, name: string): void {
    const s = this.store;
    const members = req.forRelationship ? s.relsByType(req.label) : s.nodesByLabel(req.label);
    const what = req.forRelationship ? 'Relationship' : 'Node';
    const failed = (detail: string) =>
      new CypherError('Neo.ClientError.Schema.ConstraintCreationFailed',
        `Unable to create Constraint( name='${name}', type='${kindName(req.kind)}', schema=${describeSchema(req.forRelationship, req.label, req.properties)} ):\n${detail}`);
    const seen = new Map<IndexKey, number>();
    for (const id of members) {
      const props = req.forRelationship ? s.rel(id)!.props : s.node(id)!.props;
      if (req.kind !== 'UNIQUE') {
        const missing = req.properties.find((p) => props[p] === undefined);
        if (missing !== undefined) {
          throw failed(`${what}(${id}) with ${req.forRelationship ? 'type' : 'label'} \`${req.label}\` must have the propert${req.properties.length > 1 ? 'ies' : 'y'} ${req.properties.map((p) => `\`${p}\``).join(', ')}`);
        }
      }
      if (needsIndex(req.kind)) {
        const key = tupleKey(props, req.properties);
        if (key === null) continue;
        const other = seen.get(key);
        if (other !== undefined) {
          throw failed(`Both ${what}(${other}) and ${what}(${id}) have the ${req.forRelationship ? 'type' : 'label'} \`${req.label}\` and ${req.properties.map((p) => `property \`${p}\` = ${formatProperty(props[p]!)}`).join(', ')}`);
        }
        seen.set(key, id);
      }
    }
  }

  dropIndex(name: string, ifExists: boolean): boolean {
    const def = this.store.findIndex(name);
    if (!def) {
      if (ifExists) return false;
      throw new CypherError('Neo.DatabaseError.Schema.IndexDropFailed', `Unable to drop index called \`${name}\`. There is no such index.`);
    }
    this.record({ op: 'dropIndex', name }, {
      op: 'createIndex', name, label: def.label, properties: [...def.properties], forRelationship: def.forRelationship,
    });
    return true;
  }

  dropConstraint(name: string, ifExists: boolean): boolean {
    const def = this.store.findConstraint(name);
    if (!def) {
      if (ifExists) return false;
      throw new CypherError('Neo.DatabaseError.Schema.ConstraintDropFailed', `Unable to drop constraint \`${name}\`: No such constraint ${name}.`);
    }
    this.record({ op: 'dropConstraint', name }, {
      op: 'createConstraint', name, label: def.label, properties: [...def.properties], kind: def.kind,
      forRelationship: def.forRelationship,
    });
    return true;
  }
}

function kindName(kind: ConstraintKind): string {
  return kind === 'UNIQUE' ? 'UNIQUENESS' : kind === 'NODE_KEY' ? 'NODE KEY' : 'NODE PROPERTY EXISTENCE';
}

function checkExistence(c: ConstraintDefinition, what: string, id: number, props: Record<string, PropertyValue>): void {
  if (c.properties.every((p) => props[p] !== undefined)) return;
  const kind = c.forRelationship ? 'type' : 'label';
  const list = c.properties.map((p) => `\`${p}\``).join(', ');
  throw validationFailed(
    c.properties.length === 1
      ? `${what}(${id}) with ${kind} \`${c.label}\` must have the property ${list}`
      : `${what}(${id}) with ${kind} \`${c.label}\` must have the properties (${list})`,
  );
}
