import { describe, it, expect } from '@jest/globals';
import { Db } from './helpers.js';

describe('CREATE', () => {
  it('creates nodes, relationships and paths, reusing bound nodes and skipping null properties', () => {
    const db = new Db();
    const r = db.run("CREATE p = (a:A:B {x: 1, y: null})-[:T {w: 2}]->(b:C) CREATE (b)-[:U]->(a) RETURN length(p) AS len");
    expect(r.records).toEqual([[1n]]);
    expect(r.counters).toMatchObject({ nodesCreated: 2, relationshipsCreated: 2, labelsAdded: 3, propertiesSet: 2 });
    expect(r.queryType).toBe('rw');
    expect(db.rows('MATCH (a:A)-[t:T]->(c:C)-[:U]->(a) RETURN a.x AS x, t.w AS w, keys(a) AS k')).toEqual([{ x: 1, w: 2, k: ['x'] }]);
  });

  it('does not loop over nodes it creates itself', () => {
    const db = new Db();
    db.run('CREATE (), ()');
    const r = db.run('MATCH (n) CREATE (m)');
    expect(r.counters.nodesCreated).toBe(2);
    expect(r.queryType).toBe('rw');
    expect(db.column('MATCH (n) RETURN count(n)')).toEqual([4]);
  });

  it('creates from parameter maps and reports write-only queries as w', () => {
    const db = new Db();
    const r = db.run('CREATE (n:P $props)', { props: { name: 'x', n: 1 } });
    expect(r.queryType).toBe('w');
    expect(r.counters.propertiesSet).toBe(2);
    expect(db.error('CREATE (n:P {m: {a: 1}})').code).toBe('Neo.ClientError.Statement.TypeError');
  });
});

describe('MERGE', () => {
  it('matches the whole pattern or creates it, with ON CREATE / ON MATCH', () => {
    const db = new Db();
    const first = db.run("MERGE (n:P {id: 1}) ON CREATE SET n.created = true ON MATCH SET n.matched = true RETURN n.created, n.matched");
    expect(first.records).toEqual([[true, null]]);
    expect(first.counters).toMatchObject({ nodesCreated: 1, labelsAdded: 1, propertiesSet: 2 });
    const second = db.run("MERGE (n:P {id: 1}) ON CREATE SET n.created = true ON MATCH SET n.matched = true RETURN n.created, n.matched");
    expect(second.records).toEqual([[true, true]]);
    expect(second.counters).toMatchObject({ nodesCreated: 0, propertiesSet: 1 });
  });

  it('sees its own creations on later rows and respects bound variables', () => {
    const db = new Db();
    expect(db.run('UNWIND [1, 1, 2] AS x MERGE (n:P {id: x}) RETURN n.id').counters.nodesCreated).toBe(2);
    const r = db.run('MATCH (a:P {id: 1}), (b:P {id: 2}) MERGE (a)-[r:R]->(b) RETURN type(r)');
    expect(r.counters).toMatchObject({ nodesCreated: 0, relationshipsCreated: 1 });
    expect(db.run('MATCH (a:P {id: 1}), (b:P {id: 2}) MERGE (a)-[r:R]->(b) RETURN type(r)').counters.relationshipsCreated).toBe(0);
    expect(db.run('MATCH (a:P {id: 2}), (b:P {id: 1}) MERGE (a)-[r:R]-(b) RETURN type(r)').counters.relationshipsCreated).toBe(0);
  });

  it('refuses null property values', () => {
    const db = new Db();
    expect(db.error('MERGE (n:P {id: null})').detail).toBe('MergeReadOwnWrites');
  });

  it('upserts 10k rows through a uniqueness constraint quickly', () => {
    const db = new Db();
    db.run('CREATE CONSTRAINT p_id IF NOT EXISTS FOR (n:P) REQUIRE n.id IS UNIQUE');
    const rows = Array.from({ length: 10000 }, (_, i) => ({ id: i % 8000, props: { name: `n${i}`, v: i } }));
    const started = Date.now();
    const r = db.run('UNWIND $rows AS r MERGE (n:P {id: r.id}) SET n += r.props', { rows });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.counters.nodesCreated).toBe(8000);
    expect(db.column('MATCH (n:P {id: 5}) RETURN n.name')).toEqual(['n8005']);
  });
});

describe('SET and REMOVE', () => {
  it('sets, replaces and merges properties, sets labels, and removes with null', () => {
    const db = new Db();
    db.run("CREATE (:N {a: 1, b: 2})");
    expect(db.run('MATCH (n:N) SET n.c = 3, n.a = null').counters.propertiesSet).toBe(2);
    expect(db.column('MATCH (n:N) RETURN properties(n)')).toEqual([{ b: 2, c: 3 }]);
    db.run('MATCH (n:N) SET n += {d: 4, b: null}');
    expect(db.column('MATCH (n:N) RETURN properties(n)')).toEqual([{ c: 3, d: 4 }]);
    db.run("MATCH (n:N) SET n = {z: 'z'}");
    expect(db.column('MATCH (n:N) RETURN properties(n)')).toEqual([{ z: 'z' }]);
    expect(db.run('MATCH (n:N) SET n:X:Y').counters.labelsAdded).toBe(2);
    expect(db.run('MATCH (n:N) REMOVE n:X, n.z').counters).toMatchObject({ labelsRemoved: 1, propertiesSet: 1 });
    expect(db.column('MATCH (n:N) RETURN labels(n)')).toEqual([['N', 'Y']]);
  });

  it('sees earlier SETs later in the query', () => {
    const db = new Db();
    db.run('CREATE (:N {v: 1})');
    expect(db.column('MATCH (n:N) SET n.v = n.v + 1 WITH n SET n.v = n.v * 10 RETURN n.v')).toEqual([20]);
  });
});

describe('DELETE', () => {
  it('deletes relationships and nodes, DETACH DELETE takes relationships along', () => {
    const db = new Db();
    db.run('CREATE (a:A)-[:R]->(b:B), (a)-[:R]->(c:C)');
    expect(db.run('MATCH (a:A)-[r]->(b:B) DELETE r, b').counters).toMatchObject({ relationshipsDeleted: 1, nodesDeleted: 1 });
    expect(db.run('MATCH (a:A) DETACH DELETE a').counters).toMatchObject({ relationshipsDeleted: 1, nodesDeleted: 1 });
    expect(db.column('MATCH (n) RETURN count(n)')).toEqual([1]);
  });

  it('fails on connected nodes at the end of the statement and leaves no trace', () => {
    const db = new Db();
    db.run('CREATE (x:X)-[:R]->(), (x)-[:R]->()');
    const e = db.error('MATCH (n:X) DELETE n');
    expect(e.detail).toBe('DeleteConnectedNode');
    expect(db.column('MATCH (n) RETURN count(n)')).toEqual([3]);
    // deleting the relationships in the same statement is fine, in any order
    expect(db.run('MATCH (n:X)-[r]->() DELETE n, r').counters).toMatchObject({ nodesDeleted: 1, relationshipsDeleted: 2 });
  });

  it('refuses property access on deleted entities but allows type() of a deleted relationship', () => {
    const db = new Db();
    db.run('CREATE ({num: 0})-[:T {num: 1}]->()');
    expect(db.error('MATCH (n {num: 0}) DETACH DELETE n RETURN n.num').code).toBe('Neo.ClientError.Statement.EntityNotFound');
    expect(db.column('MATCH ()-[r]->() DELETE r RETURN type(r)')).toEqual(['T']);
    expect(db.run('OPTIONAL MATCH (n:Nope) DELETE n').counters.nodesDeleted).toBe(0);
  });
});

describe('FOREACH', () => {
  it('runs its updates once per element', () => {
    const db = new Db();
    db.run('CREATE (:Root)');
    const r = db.run('MATCH (r:Root) FOREACH (i IN range(1, 3) | CREATE (r)-[:HAS]->(:Leaf {i: i}))');
    expect(r.counters).toMatchObject({ nodesCreated: 3, relationshipsCreated: 3 });
    expect(db.column('MATCH (:Root)-[:HAS]->(l) RETURN l.i ORDER BY l.i')).toEqual([1, 2, 3]);
  });
});
