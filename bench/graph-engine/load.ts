/**
 * Loads a generated security graph through neo4j-driver in UNWIND batches: the one load path both engine benches
 * measure (graph-engine.bench.ts with per-phase figures, graph-engine-load.bench.ts with CPU time).
 */
import type { Driver } from 'neo4j-driver';
import type { GeneratedNode, NodeLabel, RelationshipGroup } from './generate.js';

export async function write(driver: Driver, query: string, params: Record<string, unknown> = {}): Promise<void> {
  const session = driver.session();
  try {
    await session.executeWrite((tx) => tx.run(query, params));
  } finally {
    await session.close();
  }
}

/** Creates one label's nodes, `batch` rows per transaction; `onBatch` gets each batch's row count. */
export async function loadNodes(driver: Driver, label: NodeLabel, nodes: readonly GeneratedNode[], batch: number, onBatch: (rows: number) => void = () => {}): Promise<void> {
  for (let i = 0; i < nodes.length; i += batch) {
    const rows = nodes.slice(i, i + batch).map((n) => ({ ...n.props, uid: BigInt(n.uid) }));
    await write(driver, `UNWIND $rows AS row CREATE (n:${label}) SET n = row`, { rows });
    onBatch(rows.length);
  }
}

/** Creates one group's relationships between nodes found by their indexed `uid`, `batch` rows per transaction. */
export async function loadRelationships(driver: Driver, group: RelationshipGroup, batch: number, onBatch: (rows: number) => void = () => {}): Promise<void> {
  const query =
    `UNWIND $rows AS row MATCH (a:${group.from} {uid: row.s}) MATCH (b:${group.to as NodeLabel} {uid: row.t}) ` +
    `CREATE (a)-[:${group.type}]->(b)`;
  for (let i = 0; i < group.pairs.length; i += 2 * batch) {
    const rows: { s: bigint; t: bigint }[] = [];
    const end = Math.min(group.pairs.length, i + 2 * batch);
    for (let j = i; j < end; j += 2) rows.push({ s: BigInt(group.pairs[j]!), t: BigInt(group.pairs[j + 1]!) });
    await write(driver, query, { rows });
    onBatch(rows.length);
  }
}
