/** A tiny in-memory EntityReader for tests of the function library. */
import {
  NodeValue,
  PathValue,
  RelationshipValue,
  makeMap,
  type CypherMap,
  type CypherValue,
  type EntityReader,
  type PropertyValue,
} from '../../../graph/engine/values.js';

export class FakeStore implements EntityReader {
  readonly nodes = new Map<number, { labels: string[]; props: Record<string, PropertyValue> }>();
  readonly rels = new Map<number, { type: string; start: number; end: number; props: Record<string, PropertyValue> }>();

  addNode(id: number, labels: string[] = [], props: Record<string, PropertyValue> = {}): NodeValue {
    this.nodes.set(id, { labels, props });
    return new NodeValue(id, this);
  }
  addRel(id: number, type: string, start: number, end: number, props: Record<string, PropertyValue> = {}): RelationshipValue {
    this.rels.set(id, { type, start, end, props });
    return new RelationshipValue(id, this);
  }
  nodeLabels(id: number): string[] {
    return this.nodes.get(id)!.labels;
  }
  nodeProperties(id: number): Record<string, PropertyValue> {
    return this.nodes.get(id)!.props;
  }
  nodeExists(id: number): boolean {
    return this.nodes.has(id);
  }
  relType(id: number): string {
    return this.rels.get(id)!.type;
  }
  relProperties(id: number): Record<string, PropertyValue> {
    return this.rels.get(id)!.props;
  }
  relEndpoints(id: number): { start: number; end: number } {
    const r = this.rels.get(id)!;
    return { start: r.start, end: r.end };
  }
  relExists(id: number): boolean {
    return this.rels.has(id);
  }
}

export function map(entries: Record<string, CypherValue>): CypherMap {
  const m = makeMap();
  for (const [k, v] of Object.entries(entries)) m[k] = v;
  return m;
}

export function path(nodes: NodeValue[], rels: RelationshipValue[]): PathValue {
  return new PathValue(nodes, rels);
}
