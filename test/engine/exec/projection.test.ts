import { describe, it, expect, beforeAll } from '@jest/globals';
import { Db } from './helpers.js';

describe('WHERE and expressions', () => {
  const db = new Db();
  beforeAll(() => {
    db.run(`CREATE (a:N {name: 'a', v: 1, tags: ['x', 'y']})-[:R]->(b:N {name: 'b', v: 2}),
                   (b)-[:R]->(c:N {name: 'c'}), (c)-[:S]->(a)`);
  });

  it('keeps a row only when the predicate is true (null drops it)', () => {
    expect(db.column('MATCH (n:N) WHERE n.v > 1 RETURN n.name')).toEqual(['b']);
    expect(db.column('MATCH (n:N) WHERE NOT (n.v > 1) RETURN n.name')).toEqual(['a']);
    expect(db.column('MATCH (n:N) WHERE n.v IS NULL RETURN n.name')).toEqual(['c']);
  });

  it('evaluates pattern predicates, EXISTS and COUNT subqueries with outer variables', () => {
    expect(db.column('MATCH (n:N) WHERE (n)-[:S]->() RETURN n.name')).toEqual(['c']);
    expect(db.column('MATCH (n:N) WHERE EXISTS { MATCH (n)-[:R]->(m) WHERE m.v = 2 } RETURN n.name')).toEqual(['a']);
    expect(db.column('MATCH (n:N) RETURN n.name, COUNT { (n)--() } AS c ORDER BY n.name').length).toBe(3);
    expect(db.rows('MATCH (n:N) RETURN n.name AS n, COUNT { (n)--() } AS c ORDER BY n')).toEqual([
      { n: 'a', c: 2 }, { n: 'b', c: 2 }, { n: 'c', c: 2 },
    ]);
  });

  it('builds pattern and list comprehensions, reduce and quantifiers with null semantics', () => {
    expect(db.column("MATCH (a:N {name: 'a'}) RETURN [(a)-[:R*1..2]->(m) | m.name] AS names")).toEqual([['b', 'c']]);
    expect(db.column('RETURN [x IN range(1, 6) WHERE x % 2 = 0 | x * 10] AS l')).toEqual([[20, 40, 60]]);
    expect(db.column('RETURN reduce(acc = 0, x IN [1, 2, 3] | acc + x) AS s')).toEqual([6]);
    expect(db.rows('RETURN all(x IN [1, null] WHERE x > 0) AS a, any(x IN [1, null] WHERE x > 0) AS b, none(x IN [1, null] WHERE x > 5) AS c, single(x IN [1, 2] WHERE x > 0) AS d')).toEqual([
      { a: null, b: true, c: null, d: false },
    ]);
  });

  it('handles CASE, map projection, property access, indexes and slices', () => {
    expect(db.column("MATCH (n:N) RETURN CASE n.v WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'none' END ORDER BY n.name")).toEqual(['one', 'two', 'none']);
    expect(db.column("MATCH (n:N {name: 'a'}) RETURN n {.name, .missing, twice: n.v * 2}")).toEqual([{ name: 'a', missing: null, twice: 2 }]);
    expect(db.column("MATCH (n:N {name: 'a'}) RETURN n {.*}")).toEqual([{ name: 'a', v: 1, tags: ['x', 'y'] }]);
    expect(db.rows('WITH [1, 2, 3, 4] AS l RETURN l[0] AS a, l[-1] AS b, l[10] AS c, l[1..3] AS d, l[-2..] AS e, {k: 1}["k"] AS f')).toEqual([
      { a: 1, b: 4, c: null, d: [2, 3], e: [3, 4], f: 1 },
    ]);
    expect(db.column('WITH {a: {b: 1}} AS m RETURN m.a.b, m.x')).toEqual([1]);
    expect(db.error('WITH 1 AS x RETURN x.prop').code).toBe('Neo.ClientError.Statement.TypeError');
  });

  it('applies IN with nulls, string predicates, regular expressions and label checks', () => {
    expect(db.rows('RETURN 1 IN [1, null] AS a, 2 IN [1, null] AS b, 2 IN [1] AS c, null IN [] AS d')).toEqual([
      { a: true, b: null, c: false, d: false },
    ]);
    expect(db.rows("RETURN 'abc' STARTS WITH 'ab' AS s, 'abc' ENDS WITH 'bc' AS e, 'abc' CONTAINS 'x' AS c, 'abc' =~ 'a.' AS r1, 'abc' =~ 'a.*' AS r2, 'ABC' =~ '(?i)abc' AS r3")).toEqual([
      { s: true, e: true, c: false, r1: false, r2: true, r3: true },
    ]);
    expect(db.column('MATCH (n) WHERE n:N RETURN count(n)')).toEqual([3]);
    expect(db.column('MATCH ()-[r]->() RETURN r:S ORDER BY r:S')).toEqual([false, false, true]);
  });
});

describe('projection', () => {
  const db = new Db();
  beforeAll(() => {
    db.run("UNWIND [['x', 1], ['x', 2], ['y', 3], ['z', null]] AS p CREATE (:I {g: p[0], v: p[1]})");
  });

  it('names columns by alias or by source text and expands *', () => {
    const r = db.run('MATCH (n:I) WITH n.g AS g, n.v AS value RETURN *, value + 1 ORDER BY g, value LIMIT 1');
    expect(r.fields).toEqual(['g', 'value', 'value + 1']);
    expect(r.records).toEqual([['x', 1n, 2n]]);
  });

  it('groups by the non-aggregate items', () => {
    expect(db.rows('MATCH (n:I) RETURN n.g AS g, count(*) AS c, sum(n.v) AS s, collect(n.v) AS l ORDER BY g')).toEqual([
      { g: 'x', c: 2, s: 3, l: [1, 2] },
      { g: 'y', c: 1, s: 3, l: [3] },
      { g: 'z', c: 1, s: 0, l: [] },
    ]);
    expect(db.rows('MATCH (n:I) RETURN count(*) + 1 AS c, {total: sum(n.v)} AS m')).toEqual([{ c: 5, m: { total: 6 } }]);
    expect(db.column('MATCH (n:I) RETURN count(DISTINCT n.g)')).toEqual([3]);
  });

  it('aggregates over no rows: one row without grouping keys, none with', () => {
    expect(db.rows('MATCH (n:Nope) RETURN count(n) AS c, collect(n) AS l, sum(n.v) AS s, max(n.v) AS m')).toEqual([
      { c: 0, l: [], s: 0, m: null },
    ]);
    expect(db.rows('MATCH (n:Nope) RETURN n.g, count(n)')).toEqual([]);
  });

  it('supports DISTINCT, ORDER BY on aliases and on pre-projection variables, SKIP and LIMIT', () => {
    expect(db.column('MATCH (n:I) RETURN DISTINCT n.g ORDER BY n.g DESC')).toEqual(['z', 'y', 'x']);
    expect(db.column('MATCH (n:I) RETURN n.g AS g ORDER BY n.v DESC, g SKIP 1 LIMIT 2')).toEqual(['y', 'x']);
    expect(db.column('MATCH (n:I) WITH n.g AS g, count(*) AS c ORDER BY c DESC, g LIMIT 1 RETURN g')).toEqual(['x']);
    expect(db.column('MATCH (n:I) RETURN n.g AS g, count(*) ORDER BY count(*) DESC, g LIMIT 1')).toEqual(['x']);
    expect(db.column('UNWIND [3, 1, 2] AS x RETURN x ORDER BY x SKIP $s LIMIT $l', { s: 1, l: 1 })).toEqual([2]);
  });

  it('rejects negative or non-integer SKIP and LIMIT', () => {
    const neg = db.error('RETURN 1 LIMIT $l', { l: -1 });
    expect(neg.detail).toBe('NegativeIntegerArgument');
    const flt = db.error('RETURN 1 SKIP $s', { s: 1.5 });
    expect(flt.detail).toBe('InvalidArgumentType');
  });

  it('filters WITH ... WHERE over the projection, seeing earlier variables', () => {
    expect(db.column('MATCH (n:I) WITH n.g AS g WHERE n.v > 1 RETURN g ORDER BY g')).toEqual(['x', 'y']);
    expect(db.column('MATCH (n:I) WITH n.g AS g, count(*) AS c WHERE c > 1 RETURN g')).toEqual(['x']);
  });

  it('unions distinct and all', () => {
    expect(db.column('RETURN 1 AS x UNION RETURN 1 AS x UNION RETURN 2 AS x')).toEqual([1, 2]);
    expect(db.column('RETURN 1 AS x UNION ALL RETURN 1 AS x')).toEqual([1, 1]);
  });

  it('unwinds lists, skips null and wraps scalars', () => {
    expect(db.column('UNWIND [1, [2], null] AS x RETURN x')).toEqual([1, [2], null]);
    expect(db.column('UNWIND null AS x RETURN x')).toEqual([]);
    expect(db.column('UNWIND 5 AS x RETURN x')).toEqual([5]);
  });
});
