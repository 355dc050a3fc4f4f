/**
 * Side effects measured the way the upstream TCK API (tools/tck-api SideEffectOps) measures them:
 * observe the graph before and after the query and diff four collections:
 *   nodes          set of node ids
 *   relationships  set of relationship ids
 *   labels         set of distinct label NAMES in the whole graph (not per node: creating a second
 *                  node with an existing label adds no label; `CREATE (:A), (:A)` is `+labels 1`)
 *   properties     multiset of (entity id, key, value) triples over nodes and relationships, so
 *                  overwriting a property with a different value counts as one + and one -.
 */
import { canonical, type TckValue } from './tck-value.js';
import { SIDE_EFFECT_KEYS, type SideEffectKey } from './steps.js';

export interface GraphSnapshot {
  nodes: Set<string>;
  relationships: Set<string>;
  labels: Set<string>;
  /** (entity, key, canonical value) triples, joined into one string each. */
  properties: string[];
}

export interface ObservedEntity {
  id: string;
  labels?: string[];
  properties: Record<string, TckValue>;
}

export function snapshotOf(nodes: ObservedEntity[], relationships: ObservedEntity[]): GraphSnapshot {
  const snapshot: GraphSnapshot = { nodes: new Set(), relationships: new Set(), labels: new Set(), properties: [] };
  const addProperties = (prefix: string, entity: ObservedEntity) => {
    for (const [key, value] of Object.entries(entity.properties)) {
      snapshot.properties.push(`${prefix}${entity.id}\u0000${key}\u0000${canonical(value)}`);
    }
  };
  for (const node of nodes) {
    snapshot.nodes.add(node.id);
    for (const label of node.labels ?? []) snapshot.labels.add(label);
    addProperties('n', node);
  }
  for (const rel of relationships) {
    snapshot.relationships.add(rel.id);
    addProperties('r', rel);
  }
  return snapshot;
}

export const emptySnapshot = (): GraphSnapshot => snapshotOf([], []);

export type SideEffects = Record<SideEffectKey, number>;

export function diffSnapshots(before: GraphSnapshot, after: GraphSnapshot): SideEffects {
  return {
    '+nodes': setMinus(after.nodes, before.nodes),
    '-nodes': setMinus(before.nodes, after.nodes),
    '+relationships': setMinus(after.relationships, before.relationships),
    '-relationships': setMinus(before.relationships, after.relationships),
    '+labels': setMinus(after.labels, before.labels),
    '-labels': setMinus(before.labels, after.labels),
    '+properties': multisetMinus(after.properties, before.properties),
    '-properties': multisetMinus(before.properties, after.properties),
  };
}

function setMinus(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) if (!b.has(x)) n++;
  return n;
}

function multisetMinus(a: string[], b: string[]): number {
  const counts = new Map<string, number>();
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) + 1);
  let n = 0;
  for (const x of a) {
    const c = counts.get(x) ?? 0;
    if (c > 0) counts.set(x, c - 1);
    else n++;
  }
  return n;
}

/** Keys missing from the expectation must be zero. Returns null when they agree. */
export function compareSideEffects(expected: Partial<Record<SideEffectKey, number>>, actual: SideEffects): string | null {
  const wrong: string[] = [];
  for (const key of SIDE_EFFECT_KEYS) {
    const want = expected[key] ?? 0;
    if (actual[key] !== want) wrong.push(`${key} expected ${want}, got ${actual[key]}`);
  }
  return wrong.length ? `side effects differ: ${wrong.join(', ')}` : null;
}
