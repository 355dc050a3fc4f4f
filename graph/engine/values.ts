/**
 * The runtime value model of the Cypher engine: the contract between the executor
 * (graph/engine/exec), the function library (graph/engine/functions) and the Bolt server.
 *
 *   null     -> null
 *   BOOLEAN  -> boolean
 *   INTEGER  -> bigint   (64-bit semantics: results outside int64 raise an overflow error)
 *   FLOAT    -> number
 *   STRING   -> string
 *   LIST     -> CypherValue[]  (plain JS arrays)
 *   MAP      -> CypherMap      (plain object with a null prototype; see isMap)
 *   NODE     -> NodeValue, RELATIONSHIP -> RelationshipValue, PATH -> PathValue
 *
 * Nodes and relationships are references into the store: their labels and properties are read
 * at the moment they are needed, so a SET earlier in the query is visible later.
 */

export type CypherValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | CypherValue[]
  | CypherMap
  | NodeValue
  | RelationshipValue
  | PathValue;

export interface CypherMap {
  [key: string]: CypherValue;
}

/** A property value as stored: no maps, no graph entities; lists are homogeneous. */
export type PropertyValue = boolean | bigint | number | string | PropertyValue[];

/** Read access to the store that NodeValue / RelationshipValue need. Implemented by the store. */
export interface EntityReader {
  nodeLabels(id: number): string[];
  nodeProperties(id: number): Record<string, PropertyValue>;
  nodeExists(id: number): boolean;
  relType(id: number): string;
  relProperties(id: number): Record<string, PropertyValue>;
  relEndpoints(id: number): { start: number; end: number };
  relExists(id: number): boolean;
}

export class NodeValue {
  constructor(
    readonly id: number,
    readonly reader: EntityReader,
  ) {}
  get elementId(): string {
    return elementIdOfNode(this.id);
  }
  labels(): string[] {
    return this.reader.nodeLabels(this.id);
  }
  properties(): Record<string, PropertyValue> {
    return this.reader.nodeProperties(this.id);
  }
}

export class RelationshipValue {
  constructor(
    readonly id: number,
    readonly reader: EntityReader,
  ) {}
  get elementId(): string {
    return elementIdOfRelationship(this.id);
  }
  type(): string {
    return this.reader.relType(this.id);
  }
  properties(): Record<string, PropertyValue> {
    return this.reader.relProperties(this.id);
  }
  get startId(): number {
    return this.reader.relEndpoints(this.id).start;
  }
  get endId(): number {
    return this.reader.relEndpoints(this.id).end;
  }
}

/** nodes.length === relationships.length + 1; relationships[i] joins nodes[i] and nodes[i+1] (either direction). */
export class PathValue {
  constructor(
    readonly nodes: NodeValue[],
    readonly relationships: RelationshipValue[],
  ) {}
}

/** Element ids follow Neo4j 5's shape `4:<database>:<id>` (nodes) and `5:<database>:<id>` (relationships). */
export const DATABASE_ID = 'embedded';
export function elementIdOfNode(id: number): string {
  return `4:${DATABASE_ID}:${id}`;
}
export function elementIdOfRelationship(id: number): string {
  return `5:${DATABASE_ID}:${id}`;
}
/** Parses an element id back to its numeric id and kind; null when it is not one of ours. */
export function parseElementId(elementId: string): { kind: 'node' | 'relationship'; id: number } | null {
  const m = /^([45]):([^:]+):(\d+)$/.exec(elementId);
  if (!m || m[2] !== DATABASE_ID) return null;
  return { kind: m[1] === '4' ? 'node' : 'relationship', id: Number(m[3]) };
}

export function isMap(v: CypherValue): v is CypherMap {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !(v instanceof NodeValue) &&
    !(v instanceof RelationshipValue) &&
    !(v instanceof PathValue)
  );
}

export function makeMap(): CypherMap {
  return Object.create(null) as CypherMap;
}
