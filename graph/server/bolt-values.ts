/**
 * Conversion between the engine's runtime values (graph/engine/values.ts) and Bolt's PackStream
 * values: graph entities leave as Node / Relationship / Path structures (Bolt 5 layout with
 * element ids), query parameters arrive as plain PackStream values.
 */
import { CypherError } from '../engine/errors.js';
import {
  NodeValue,
  PathValue,
  RelationshipValue,
  TemporalValue,
  elementIdOfNode,
  elementIdOfRelationship,
  makeMap,
  type CypherMap,
  type CypherValue,
  type PropertyValue,
} from '../engine/values.js';
import { Structure, type PackMap, type PackValue } from './packstream.js';
import { temporalFromStructure, temporalStructure } from './bolt-temporal.js';

export const NODE = 0x4e;
export const RELATIONSHIP = 0x52;
export const UNBOUND_RELATIONSHIP = 0x72;
export const PATH = 0x50;

/** Names of the structures a driver may send that this server has no value type for (temporal ones arrive as values). */
const UNSUPPORTED_STRUCTURES: Record<number, string> = {
  0x58: 'Point2D',
  0x59: 'Point3D',
  0x56: 'Vector',
};

function propertiesOut(props: Record<string, PropertyValue>): PackMap {
  const out = Object.create(null) as PackMap;
  for (const key of Object.keys(props)) {
    const p = props[key]!;
    out[key] = typeof p === 'object' ? toPackValue(p) : p; // temporal values (or lists of them) become structures
  }
  return out;
}

/**
 * Entities deleted earlier in the same transaction can still be returned (Neo4j does so too);
 * the store no longer knows their labels or properties, so they go out empty.
 */
function nodeStructure(node: NodeValue): Structure {
  const exists = node.reader.nodeExists(node.id);
  return new Structure(NODE, [
    BigInt(node.id),
    exists ? node.labels() : [],
    exists ? propertiesOut(node.properties()) : Object.create(null),
    elementIdOfNode(node.id),
  ]);
}

/** Type and endpoints stay readable for a relationship deleted in this transaction (when the store keeps them). */
function relationshipShape(rel: RelationshipValue): { start: number; end: number; type: string; props: PackMap } {
  if (rel.reader.relExists(rel.id)) {
    const { start, end } = rel.reader.relEndpoints(rel.id);
    return { start, end, type: rel.type(), props: propertiesOut(rel.properties()) };
  }
  try {
    const { start, end } = rel.reader.relEndpoints(rel.id);
    return { start, end, type: rel.reader.relType(rel.id), props: Object.create(null) as PackMap };
  } catch {
    return { start: -1, end: -1, type: '', props: Object.create(null) as PackMap };
  }
}

function relationshipStructure(rel: RelationshipValue): Structure {
  const { start, end, type, props } = relationshipShape(rel);
  return new Structure(RELATIONSHIP, [
    BigInt(rel.id),
    BigInt(start),
    BigInt(end),
    type,
    props,
    elementIdOfRelationship(rel.id),
    elementIdOfNode(start),
    elementIdOfNode(end),
  ]);
}

/**
 * Bolt's Path: the distinct nodes, the distinct relationships (unbound) and a sequence of
 * indices alternating relationship / node. Relationship indices are 1-based and negative when
 * the relationship is traversed against its direction; node indices are 0-based.
 */
function pathStructure(path: PathValue): Structure {
  const nodes: Structure[] = [];
  const nodeIndex = new Map<number, number>();
  const rels: Structure[] = [];
  const relIndex = new Map<number, number>();
  const indexOfNode = (n: NodeValue): number => {
    let i = nodeIndex.get(n.id);
    if (i === undefined) {
      i = nodes.length;
      nodeIndex.set(n.id, i);
      nodes.push(nodeStructure(n));
    }
    return i;
  };
  indexOfNode(path.nodes[0]!);
  const indices: bigint[] = [];
  path.relationships.forEach((rel, step) => {
    const shape = relationshipShape(rel);
    let r = relIndex.get(rel.id);
    if (r === undefined) {
      r = rels.length + 1;
      relIndex.set(rel.id, r);
      rels.push(new Structure(UNBOUND_RELATIONSHIP, [BigInt(rel.id), shape.type, shape.props, elementIdOfRelationship(rel.id)]));
    }
    const from = path.nodes[step]!;
    const to = path.nodes[step + 1]!;
    // A self-loop reads as forward.
    const forward = shape.start === -1 || shape.start === from.id;
    indices.push(BigInt(forward ? r : -r), BigInt(indexOfNode(to)));
  });
  return new Structure(PATH, [nodes, rels, indices]);
}

/** Converts a result value to PackStream. */
export function toPackValue(v: CypherValue): PackValue {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toPackValue);
  if (v instanceof NodeValue) return nodeStructure(v);
  if (v instanceof RelationshipValue) return relationshipStructure(v);
  if (v instanceof PathValue) return pathStructure(v);
  if (v instanceof TemporalValue) return temporalStructure(v);
  const out = Object.create(null) as PackMap;
  for (const key of Object.keys(v)) out[key] = toPackValue((v as CypherMap)[key]!);
  return out;
}

/**
 * Converts a decoded parameter to an engine value. Temporal structures become temporal values;
 * structures the engine has no type for (spatial, vectors, graph entities) and byte arrays are refused.
 *
 * A freshly decoded value is already one (lists are arrays, dictionaries null-prototype objects):
 * it is checked in place and returned as it is, so a 10,000-row UNWIND parameter is not copied
 * (nor are path strings built for every element). Anything else goes through the copying
 * conversion, which also names the offending element in its error.
 */
export function fromPackValue(v: PackValue, path = '$'): CypherValue {
  return isEngineValue(v) ? (v as CypherValue) : convertPackValue(v, path);
}

function isEngineValue(v: PackValue): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!isEngineValue(v[i]!)) return false;
    return true;
  }
  if (v instanceof Structure || v instanceof Uint8Array || Object.getPrototypeOf(v) !== null) return false;
  for (const key in v) if (!isEngineValue(v[key]!)) return false;
  return true;
}

function convertPackValue(v: PackValue, path: string): CypherValue {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((item, i) => convertPackValue(item, `${path}[${i}]`));
  if (v instanceof Structure) {
    const temporal = temporalFromStructure(v);
    if (temporal !== null) return temporal;
    const name = UNSUPPORTED_STRUCTURES[v.signature] ?? `structure 0x${v.signature.toString(16)}`;
    throw new CypherError(
      'Neo.ClientError.Statement.TypeError',
      `Parameter ${path} is a ${name} value; the embedded graph server supports null, boolean, integer, float, string, temporal, list and map parameters only`,
      'InvalidParameterType',
    );
  }
  if (v instanceof Uint8Array) {
    throw new CypherError(
      'Neo.ClientError.Statement.TypeError',
      `Parameter ${path} is a byte array; the embedded graph server does not support byte arrays`,
      'InvalidParameterType',
    );
  }
  const out = makeMap();
  for (const key of Object.keys(v)) out[key] = convertPackValue((v as PackMap)[key]!, `${path}.${key}`);
  return out;
}

export function paramsFromPack(v: PackValue | undefined): Record<string, CypherValue> {
  if (v === undefined || v === null) return makeMap();
  if (typeof v !== 'object' || Array.isArray(v) || v instanceof Structure || v instanceof Uint8Array) {
    throw new CypherError('Neo.ClientError.Request.Invalid', 'RUN parameters must be a dictionary');
  }
  const out = makeMap();
  for (const key of Object.keys(v)) out[key] = fromPackValue((v as PackMap)[key]!, `$${key}`);
  return out;
}
