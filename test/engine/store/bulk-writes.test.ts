import { describe, it, expect } from '@jest/globals';
import { GraphStore } from '../../../graph/engine/store/index.js';
import { CypherExecutor } from '../../../graph/engine/exec/index.js';
import type { CypherValue } from '../../../graph/engine/values.js';

/** Runs one statement in its own transaction, committed. */
function run(store: GraphStore, executor: CypherExecutor, query: string, params: Record<string, CypherValue> = {}) {
  const tx = store.begin();
  const result = executor.execute(tx, query, params, { readOnly: false, deadline: null });
  const mutations = [...tx.mutations];
  tx.commit();
  return { ...result, mutations };
}

function map(entries: Record<string, CypherValue>): Record<string, CypherValue> {
  return Object.assign(Object.create(null) as Record<string, CypherValue>, entries);
}

describe('property index keys', () => {
  it('find a value exactly when Cypher equality says so', () => {
    const store = new GraphStore();
    const executor = new CypherExecutor(store);
    run(store, executor, 'CREATE INDEX FOR (n:L) ON (n.k)');
    const values: CypherValue[] = [1n, 1.5, '1', true, 2n ** 60n, [1n, 2n], '\u0000x', 'x', Number.NaN];
    const tx = store.begin();
    const ids = values.map((k) => tx.createNode(['L'], { k: k as never }));
    tx.commit();
    const hit = (v: never) => [...(store.lookupNodes('L', 'k', v) ?? [])];
    expect(hit(1n as never)).toEqual([ids[0]]);
    expect(hit(1.0 as never)).toEqual([ids[0]]); // 1 = 1.0
    expect(hit(1.5 as never)).toEqual([ids[1]]);
    expect(hit('1' as never)).toEqual([ids[2]]);
    expect(hit(true as never)).toEqual([ids[3]]);
    expect(hit((2n ** 60n) as never)).toEqual([ids[4]]);
    expect(hit(2 ** 60 as never)).toEqual([ids[4]]); // a float holding the same integer
    expect(hit((2n ** 60n + 1n) as never)).toEqual([]);
    expect(hit([1n, 2n] as never)).toEqual([ids[5]]);
    expect(hit('\u0000x' as never)).toEqual([ids[6]]);
    expect(hit('x' as never)).toEqual([ids[7]]);
    expect(hit(Number.NaN as never)).toEqual([ids[8]]);
    expect(hit(false as never)).toEqual([]);
  });
});

describe('MERGE of a relationship between bound nodes', () => {
  it('finds relationships of a high-degree node by its other end, through changes and rollback', () => {
    const store = new GraphStore();
    const executor = new CypherExecutor(store);
    run(store, executor, 'CREATE CONSTRAINT FOR (n:N) REQUIRE n.id IS UNIQUE');
    const ids = Array.from({ length: 300 }, (_, i) => BigInt(i));
    run(store, executor, 'UNWIND $ids AS id CREATE (:N {id: id})', { ids });
    // node 0 is a hub: out to every other node, twice to node 1
    const pairs = ids.slice(1).map((to) => map({ from: 0n, to }));
    pairs.push(map({ from: 0n, to: 1n }));
    run(store, executor, 'UNWIND $rows AS row MATCH (a:N {id: row.from}) MATCH (b:N {id: row.to}) CREATE (a)-[:T]->(b)', { rows: pairs });
    const merge = 'UNWIND $rows AS row MATCH (a:N {id: row.from}) MATCH (b:N {id: row.to}) MERGE (a)-[r:T]->(b) RETURN count(r) AS c';
    const again = run(store, executor, merge, { rows: pairs.slice(0, 299) });
    expect(again.counters.relationshipsCreated).toBe(0);
    expect(again.records[0]![0]).toBe(300n); // 299 rows; the pair (0, 1) matches both of its relationships
    // fewer than 300 steps per row would not be possible with a scan of the hub's 300 relationships
    expect(executor.lastExecutionSteps).toBeLessThan(299 * 50);

    // the other direction and an undirected pattern, from the hub's side and from the other side
    expect(run(store, executor, 'MATCH (a:N {id: 5}), (b:N {id: 0}) MATCH (a)<-[r:T]-(b) RETURN count(r)').records[0]![0]).toBe(1n);
    expect(run(store, executor, 'MATCH (a:N {id: 5}), (b:N {id: 0}) MATCH (b)-[r:T]-(a) RETURN count(r)').records[0]![0]).toBe(1n);
    expect(run(store, executor, 'MATCH (a:N {id: 5}), (b:N {id: 0}) MATCH (a)-[r:T]->(b) RETURN count(r)').records[0]![0]).toBe(0n);

    // the per-node index follows deletions, and a rolled-back deletion
    run(store, executor, 'MATCH (:N {id: 0})-[r:T]->(:N {id: 7}) DELETE r');
    const tx = store.begin();
    executor.execute(tx, 'MATCH (:N {id: 0})-[r:T]->(:N {id: 8}) DELETE r', {}, { readOnly: false, deadline: null });
    tx.rollback();
    const created = run(store, executor, merge, { rows: [map({ from: 0n, to: 7n }), map({ from: 0n, to: 8n })] });
    expect(created.counters.relationshipsCreated).toBe(1);
    expect(run(store, executor, 'MATCH (:N {id: 0})-[r:T]->(:N {id: 7}) RETURN count(r)').records[0]![0]).toBe(1n);

    // self-loops are seen once by an undirected pattern
    run(store, executor, 'MATCH (a:N {id: 0}) CREATE (a)-[:T]->(a)');
    expect(run(store, executor, 'MATCH (a:N {id: 0}), (b:N {id: 0}) MATCH (a)-[r:T]-(b) RETURN count(r)').records[0]![0]).toBe(1n);
  });
});

describe('SET items on one entity', () => {
  it('are written as one change with the counters and values of running them one by one', () => {
    const store = new GraphStore();
    const executor = new CypherExecutor(store);
    run(store, executor, "CREATE (:N {id: 'a', stale: true, scope: 'old'})");
    const result = run(store, executor, "MATCH (n:N {id: 'a'}) SET n = $row, n.scope = $scope, n.scanId = $scanId", {
      row: map({ id: 'a', name: 'x', gone: null }),
      scope: 's',
      scanId: 'scan-1',
    });
    // n = row: id, name and the removal of stale and scope (gone is null and absent: not counted); then scope, scanId
    expect(result.counters.propertiesSet).toBe(6);
    expect(result.mutations).toHaveLength(1);
    const props = run(store, executor, "MATCH (n:N {id: 'a'}) RETURN properties(n) AS p").records[0]![0];
    expect({ ...(props as object) }).toEqual({ id: 'a', name: 'x', scope: 's', scanId: 'scan-1' });

    // a later item reading the entity sees the earlier items' writes
    run(store, executor, "MATCH (n:N {id: 'a'}) SET n.a = 1, n.b = n.a + 1");
    expect(run(store, executor, "MATCH (n:N {id: 'a'}) RETURN n.b").records[0]![0]).toBe(2n);

    // nothing changes: no change logged, counters as Neo4j counts them
    const same = run(store, executor, "MATCH (n:N {id: 'a'}) SET n.scope = $scope, n.scanId = $scanId", { scope: 's', scanId: 'scan-1' });
    expect(same.counters.propertiesSet).toBe(2);
    expect(same.mutations).toHaveLength(0);
  });

  it('roll back exactly', () => {
    const store = new GraphStore();
    const executor = new CypherExecutor(store);
    run(store, executor, "CREATE (:N {id: 'a', k: 1})");
    const tx = store.begin();
    executor.execute(tx, "MATCH (n:N) SET n += $row, n.k = null, n.z = 'z'", { row: map({ x: 1n }) }, { readOnly: false, deadline: null });
    tx.rollback();
    const props = run(store, executor, 'MATCH (n:N) RETURN properties(n) AS p').records[0]![0];
    expect({ ...(props as object) }).toEqual({ id: 'a', k: 1n });
  });
});

describe('graphology graph of record', () => {
  it('holds every node and relationship, through writes, deletes and rollback', () => {
    const store = new GraphStore();
    const executor = new CypherExecutor(store);
    run(store, executor, 'CREATE (:A)-[:T]->(:B)');
    expect(store.graph.order).toBe(2);
    expect(store.graph.size).toBe(1);
    run(store, executor, 'MATCH (a:A) CREATE (a)-[:T]->(:C)');
    expect(store.graph.order).toBe(3);
    expect(store.graph.size).toBe(2);
    const rel = store.graph.edges()[0]!;
    expect(store.graph.getEdgeAttributes(rel).type).toBe('T');
    run(store, executor, 'MATCH (c:C) DETACH DELETE c');
    expect([store.graph.order, store.graph.size]).toEqual([2, 1]);
    const tx = store.begin();
    executor.execute(tx, 'MATCH (n) DETACH DELETE n', {}, { readOnly: false, deadline: null });
    expect([store.graph.order, store.graph.size]).toEqual([0, 0]);
    tx.rollback();
    expect([store.graph.order, store.graph.size]).toEqual([2, 1]);
    expect(store.graph.getNodeAttributes(store.graph.source(store.graph.edges()[0]!)).labels.has('A')).toBe(true);
  });
});
