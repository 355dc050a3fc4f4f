/**
 * The hand-written baseline for the attack path query: a depth-first walk over the store's
 * graphology graph computing exactly what
 *
 *   MATCH p = (:Internet)-[:EXPOSES|CAN_REACH|...*1..maxHops]->(r:Role {privileged: true}) RETURN count(p)
 *
 * computes: every directed path of 1..maxHops relationships of the allowed types, with no
 * relationship used twice in one path (Cypher's relationship isomorphism), that starts at an
 * Internet node and ends at a privileged Role.
 */
import type { GraphStore } from '../../graph/engine/store/index.js';

export interface TraversalAnswer {
  paths: number;
  /** Distinct privileged roles reached. */
  roles: number;
}

export function countAttackPathsByTraversal(store: GraphStore, types: readonly string[], maxHops: number): TraversalAnswer {
  const graph = store.graph;
  const allowed = new Set(types);
  const onPath = new Set<string>();
  const roles = new Set<number>();
  let paths = 0;

  const walk = (node: string, depth: number): void => {
    graph.forEachOutEdge(node, (edge, rel, _source, target, _sourceData, targetData) => {
      if (!allowed.has(rel.type) || onPath.has(edge)) return;
      if (targetData.labels.has('Role') && targetData.props.privileged === true) {
        paths++;
        roles.add(targetData.id);
      }
      if (depth + 1 < maxHops) {
        onPath.add(edge);
        walk(target, depth + 1);
        onPath.delete(edge);
      }
    });
  };

  for (const id of store.nodesByLabel('Internet')) walk(String(id), 0);
  return { paths, roles: roles.size };
}

/**
 * The same count over the store's own adjacency arrays (NodeData.out), the structure the engine's
 * matcher walks: the gap between this and the Cypher query is the engine's own overhead.
 */
export function countAttackPathsByAdjacency(store: GraphStore, types: readonly string[], maxHops: number): TraversalAnswer {
  const allowed = new Set(types);
  const onPath = new Set<number>();
  const roles = new Set<number>();
  let paths = 0;

  type StoreNode = NonNullable<ReturnType<GraphStore['node']>>;
  const walk = (node: StoreNode, depth: number): void => {
    const out = node.out;
    for (let i = 0; i < out.length; i++) {
      const rel = out[i]!;
      if (!allowed.has(rel.type) || onPath.has(rel.id)) continue;
      const target = rel.endNode;
      if (target.labels.has('Role') && target.props.privileged === true) {
        paths++;
        roles.add(target.id);
      }
      if (depth + 1 < maxHops) {
        onPath.add(rel.id);
        walk(target, depth + 1);
        onPath.delete(rel.id);
      }
    }
  };

  for (const id of store.nodesByLabel('Internet')) {
    const node = store.node(id);
    if (node) walk(node, 0);
  }
  return { paths, roles: roles.size };
}
