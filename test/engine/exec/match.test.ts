import { describe, it, expect, beforeAll } from '@jest/globals';
import { Db } from './helpers.js';

describe('MATCH', () => {
  const db = new Db();
  beforeAll(() => {
    db.run(`CREATE (a:P {name: 'a'})-[:KNOWS {since: 1}]->(b:P {name: 'b'}),
                   (b)-[:KNOWS {since: 2}]->(c:P:Admin {name: 'c'}),
                   (c)-[:LIKES]->(a),
                   (d:Q {name: 'd'}),
                   (c)-[:LIKES]->(c)`);
  });

  it('matches labels, property maps, parameter maps and inline WHERE', () => {
    expect(db.column('MATCH (n:P) RETURN n.name ORDER BY n.name')).toEqual(['a', 'b', 'c']);
    expect(db.column("MATCH (n:P {name: 'b'}) RETURN n.name")).toEqual(['b']);
    expect(db.column('MATCH (n {name: $name}) RETURN n.name', { name: 'd' })).toEqual(['d']);
    expect(db.column("MATCH (n:P WHERE n.name > 'a') RETURN n.name ORDER BY n.name")).toEqual(['b', 'c']);
    expect(db.column('MATCH (n:P:Admin) RETURN n.name')).toEqual(['c']);
  });

  it('follows directions, type alternatives and relationship properties', () => {
    expect(db.rows('MATCH (x)-[:KNOWS]->(y) RETURN x.name AS x, y.name AS y ORDER BY x')).toEqual([
      { x: 'a', y: 'b' },
      { x: 'b', y: 'c' },
    ]);
    expect(db.column("MATCH (x {name: 'b'})<-[:KNOWS]-(y) RETURN y.name")).toEqual(['a']);
    expect(db.column("MATCH ({name: 'b'})-[:KNOWS]-(y) RETURN y.name ORDER BY y.name")).toEqual(['a', 'c']);
    expect(db.column("MATCH ({name: 'a'})-[:KNOWS|LIKES]-(y) RETURN y.name ORDER BY y.name")).toEqual(['b', 'c']);
    expect(db.column('MATCH ()-[r:KNOWS {since: 2}]->() RETURN r.since')).toEqual([2]);
  });

  it('matches a self-loop once when undirected', () => {
    expect(db.column("MATCH (x {name: 'c'})-[:LIKES]-(y) RETURN y.name ORDER BY y.name")).toEqual(['a', 'c']);
  });

  it('joins pattern parts on shared variables and forms cartesian products', () => {
    expect(db.column("MATCH (x)-[:KNOWS]->(y), (y)-[:KNOWS]->(z) RETURN x.name + y.name + z.name")).toEqual(['abc']);
    expect(db.column('MATCH (x:Q), (y:Admin) RETURN x.name + y.name')).toEqual(['dc']);
  });

  it('uses each relationship at most once per match', () => {
    // the self-loop cannot serve as both relationships
    expect(db.column("MATCH (c {name: 'c'})-[r1:LIKES]->(c)-[r2:LIKES]->(c) RETURN count(*)")).toEqual([0]);
  });

  it('expands variable-length patterns with trail semantics, bounds and relationship lists', () => {
    expect(db.rows("MATCH ({name: 'a'})-[r:KNOWS*]->(y) RETURN y.name AS y, size(r) AS hops ORDER BY hops")).toEqual([
      { y: 'b', hops: 1 },
      { y: 'c', hops: 2 },
    ]);
    expect(db.column("MATCH ({name: 'a'})-[:KNOWS*2..2]->(y) RETURN y.name")).toEqual(['c']);
    expect(db.column("MATCH (x {name: 'a'})-[*0..0]->(y) RETURN y.name")).toEqual(['a']);
    expect(db.column("MATCH ({name: 'a'})-[r:KNOWS*1..2]->() RETURN [x IN r | x.since] AS s ORDER BY size(s)")).toEqual([[1], [1, 2]]);
    // cycle a->b->c->a, each relationship once: the longest trail from a is 3 hops, plus the loop at c
    expect(db.column("MATCH ({name: 'a'})-[*]->(y) RETURN count(*)")).toEqual([5]);
    // variable length walked backwards from the bound end keeps pattern order
    expect(db.column("MATCH (x)-[r:KNOWS*2]->(y {name: 'c'}) RETURN [e IN r | e.since]")).toEqual([[1, 2]]);
  });

  it('binds named paths, including variable-length segments walked in either direction', () => {
    const [path] = db.column("MATCH p = ({name: 'a'})-[:KNOWS*]->({name: 'c'}) RETURN p") as { path: unknown[] }[];
    expect(path!.path.map((e) => (e as { props: { name?: string; since?: number } }).props)).toEqual([
      { name: 'a' }, { since: 1 }, { name: 'b' }, { since: 2 }, { name: 'c' },
    ]);
    expect(db.column("MATCH p = (x)-[:KNOWS*]->(y:Admin) RETURN length(p) ORDER BY length(p)")).toEqual([1, 2]);
    expect(db.column("MATCH p = (x {name: 'b'})<-[:KNOWS]-(y) RETURN [n IN nodes(p) | n.name]")).toEqual([['b', 'a']]);
  });

  it('keeps the row with nulls when OPTIONAL MATCH finds nothing', () => {
    expect(db.rows("MATCH (d:Q) OPTIONAL MATCH (d)-->(x) RETURN d.name AS d, x")).toEqual([{ d: 'd', x: null }]);
    expect(db.rows("OPTIONAL MATCH (x:Nope) RETURN x")).toEqual([{ x: null }]);
  });

  it('constrains matching with variables bound earlier', () => {
    expect(db.column("MATCH (a {name: 'a'}) WITH a MATCH (a)-[:KNOWS]->(b) RETURN b.name")).toEqual(['b']);
    expect(db.column("MATCH ()-[r:KNOWS {since: 1}]->() WITH r MATCH (x)-[r]->(y) RETURN x.name + y.name")).toEqual(['ab']);
    expect(db.column("OPTIONAL MATCH (n:Nope) WITH n MATCH (n)-->(m) RETURN m")).toEqual([]);
  });

  it('refuses shortestPath instead of answering wrongly', () => {
    const e = db.error("MATCH p = shortestPath((a {name: 'a'})-[*]-(b {name: 'c'})) RETURN p");
    expect(e.code).toBe('Neo.ClientError.Statement.NotSupported');
    expect(e.message).toMatch(/shortestPath/);
  });
});

describe('MATCH with property indexes', () => {
  const db = new Db();
  beforeAll(() => {
    db.run('CREATE INDEX person_id FOR (n:Person) ON (n.id)');
    db.run('UNWIND range(1, 5000) AS i CREATE (:Person {id: i, name: "p" + toString(i)})');
  });

  it('looks up (n:L {key: value}) and WHERE n.key = value through the index, not a scan', () => {
    expect(db.column('MATCH (n:Person {id: 4242}) RETURN n.name')).toEqual(['p4242']);
    expect(db.executor.lastExecutionSteps).toBeLessThan(20);
    expect(db.column('MATCH (n:Person) WHERE n.id = $id RETURN n.name', { id: 17 })).toEqual(['p17']);
    expect(db.executor.lastExecutionSteps).toBeLessThan(20);
    expect(db.column('UNWIND [1, 2, 3] AS i MATCH (n:Person) WHERE n.id = i RETURN n.name')).toEqual(['p1', 'p2', 'p3']);
    expect(db.executor.lastExecutionSteps).toBeLessThan(40);
    // float keys find integer values, as in Neo4j
    expect(db.column('MATCH (n:Person {id: 3.0}) RETURN n.name')).toEqual(['p3']);
  });

  it('looks up nodes by id(), elementId() and property IN lists without scanning', () => {
    const [eid] = db.column('MATCH (n:Person {id: 10}) RETURN elementId(n)') as string[];
    expect(db.column('MATCH (n) WHERE elementId(n) = $e RETURN n.id', { e: eid })).toEqual([10]);
    expect(db.executor.lastExecutionSteps).toBeLessThan(20);
    const [nid] = db.column('MATCH (n:Person {id: 11}) RETURN id(n)') as number[];
    expect(db.column('MATCH (n) WHERE id(n) IN [$i, $i] RETURN n.id', { i: nid })).toEqual([11]);
    expect(db.executor.lastExecutionSteps).toBeLessThan(20);
    expect(db.column('MATCH (n:Person) WHERE n.id IN [3, 1, 3] RETURN n.id ORDER BY n.id')).toEqual([1, 3]);
    expect(db.executor.lastExecutionSteps).toBeLessThan(20);
  });

  it('starts a typed relationship pattern from the type index when no node anchors it', () => {
    db.run('MATCH (a:Person {id: 1}), (b:Person {id: 2}) CREATE (a)-[:RARE]->(b)');
    expect(db.rows('MATCH (x)-[:RARE]->(y) RETURN x.id AS x, y.id AS y')).toEqual([{ x: 1, y: 2 }]);
    expect(db.executor.lastExecutionSteps).toBeLessThan(20);
    expect(db.rows('MATCH (y)<-[:RARE]-(x) RETURN x.id AS x, y.id AS y')).toEqual([{ x: 1, y: 2 }]);
    expect(db.column('MATCH (x)-[:RARE]-(y) RETURN y.id ORDER BY y.id')).toEqual([1, 2]);
  });

  it('scans without an index and still answers', () => {
    expect(db.column("MATCH (n:Person {name: 'p9'}) RETURN n.id")).toEqual([9]);
    expect(db.executor.lastExecutionSteps).toBeGreaterThan(4000);
  });
});

describe('property maps that refer to other pattern variables', () => {
  it('checks them once the referenced variable is bound, wherever matching starts', () => {
    const db = new Db();
    db.run("CREATE (:A {x: 1})-[:R]->(:Rare {x: 0})-[:R]->(:B {x: 1}), (:A {x: 2})-[:R]->(:Rare {x: 0})-[:R]->(:B {x: 3})");
    expect(db.column('MATCH (a:A)-[:R]->(s:Rare)-[:R]->(b:B {x: a.x}) RETURN b.x')).toEqual([1]);
    expect(db.column('MATCH (b:B {x: a.x})<-[:R]-(s:Rare)<-[:R]-(a:A) RETURN a.x')).toEqual([1]);
  });
});
