import { describe, it, expect, beforeAll } from '@jest/globals';
import { Db } from './helpers.js';

/**
 * ORDER BY ... LIMIT runs as a bounded heap (exec/topk.ts). Every case is checked against the
 * same query without LIMIT (the full stable sort), sliced here.
 */
describe('top-k ORDER BY ... LIMIT equals the full sort', () => {
  const db = new Db();
  beforeAll(() => {
    // scores with many ties, nulls, NaN and mixed types; ids unique
    db.run(`UNWIND range(1, 300) AS i
            CREATE (:P {id: i, score: CASE WHEN i % 17 = 0 THEN null WHEN i % 23 = 0 THEN 0.0 / 0.0 WHEN i % 29 = 0 THEN 'text' ELSE (i * 7) % 11 END,
                        grp: i % 3, name: 'n' + (i % 7)})`);
  });

  const full = (query: string): unknown[] => db.rows(query);
  const check = (base: string, skip: number | null, limit: number): void => {
    const expected = full(base).slice(skip ?? 0, (skip ?? 0) + limit);
    const q = `${base}${skip !== null ? ` SKIP ${skip}` : ''} LIMIT ${limit}`;
    expect(db.rows(q)).toEqual(expected);
  };

  const queries = [
    'MATCH (p:P) RETURN p.id AS id, p.score AS s ORDER BY s',
    'MATCH (p:P) RETURN p.id AS id, p.score AS s ORDER BY s DESC',
    'MATCH (p:P) RETURN p.id AS id ORDER BY p.score DESC, p.grp ASC',
    'MATCH (p:P) RETURN p.id AS id ORDER BY p.grp DESC, p.name, p.score DESC',
    // ties only: the input order decides, as in a stable sort
    'MATCH (p:P) RETURN p.id AS id ORDER BY p.grp',
    // ORDER BY a projected alias that shadows the input variable
    'MATCH (p:P) RETURN p {.id, .score, extra: null} AS p ORDER BY p.score DESC, p.id',
    'MATCH (p:P) RETURN p.grp AS p, p.id AS id ORDER BY p DESC, id',
    // keys read from a map projection column without building it: .*, .k, k: expr, a variable entry, absent keys
    'MATCH (p:P) RETURN p {.*, evidence: null} AS p ORDER BY p.score DESC, p.id',
    'MATCH (p:P) RETURN p {.*, score: p.grp} AS p ORDER BY p.score DESC, p.id',
    'MATCH (p:P) RETURN p {score: p.grp, .*} AS p ORDER BY p.score, p.id DESC',
    'MATCH (p:P) RETURN p {.id} AS p ORDER BY p.score, p.id DESC',
    'MATCH (p:P) WITH p, p.grp * 2 AS score RETURN p {.id, score} AS p ORDER BY p.score DESC, p.id',
    'MATCH (p:P) WITH {score: p.score, id: p.id} AS m RETURN m {.*} AS m ORDER BY m.score, m.id DESC',
    'MATCH (p:P) OPTIONAL MATCH (p)-->(q) RETURN q {.*} AS q, p.id AS id ORDER BY q.score, id DESC',
    // a key that is not projected, and one that reads both a projected name and an input variable
    'MATCH (p:P) RETURN p.name AS name ORDER BY p.id DESC',
    'MATCH (p:P) RETURN p.grp AS g, p.id AS id ORDER BY g * 1000 - p.id',
    // keys holding a comprehension and a pattern predicate
    'MATCH (p:P) RETURN p.id AS id ORDER BY size([x IN range(0, p.id % 5) WHERE x > 1]) DESC, id',
    'MATCH (p:P) RETURN p.id AS id ORDER BY COUNT { (p)--() } + p.grp, id DESC',
  ];

  it.each(queries)('%s', (base) => {
    for (const [skip, limit] of [[null, 0], [null, 1], [null, 7], [null, 1000], [0, 5], [3, 10], [295, 10], [400, 5], [2, 0]] as const) {
      check(base, skip, limit);
    }
  });

  it('WITH ... ORDER BY ... LIMIT, then WHERE and later clauses', () => {
    const base = 'MATCH (p:P) WITH p, p.score AS s ORDER BY s DESC, p.id';
    const all = full(`${base} RETURN p.id AS id, p.grp AS grp, s`) as { id: number; grp: number; s: unknown }[];
    const top = all.slice(0, 20).filter((r) => r.grp === 1).map((r) => ({ id: r.id, s: r.s }));
    expect(db.rows(`${base} LIMIT 20 WHERE p.grp = 1 RETURN p.id AS id, s`)).toEqual(top);
    expect(db.column('MATCH (p:P) WITH p ORDER BY p.score DESC LIMIT 10 RETURN p.id')).toEqual(
      (full('MATCH (p:P) WITH p ORDER BY p.score DESC RETURN p.id AS id') as { id: number }[]).slice(0, 10).map((r) => r.id),
    );
  });

  it('raises the error of a map projection over a non-map', () => {
    expect(db.error('MATCH (p:P) WITH p.id AS x RETURN x {.*} AS x ORDER BY x.score LIMIT 3').code).toBe('Neo.ClientError.Statement.TypeError');
  });

  it('keeps the SKIP / LIMIT argument errors', () => {
    const q = 'MATCH (p:P) RETURN p.id ORDER BY p.id SKIP $s LIMIT $k';
    expect(db.error(q, { s: 0, k: -1 }).code).toBe('Neo.ClientError.Statement.ArgumentError');
    expect(db.error(q, { s: -1, k: 2 }).code).toBe('Neo.ClientError.Statement.ArgumentError');
    expect(db.error(q, { s: 0, k: 1.5 }).code).toBe('Neo.ClientError.Statement.ArgumentError');
    expect(db.error(q, { s: 'x', k: 1 }).code).toBe('Neo.ClientError.Statement.ArgumentError');
    expect(db.column('MATCH (p:P) RETURN p.id ORDER BY p.id LIMIT $k', { k: 2 })).toEqual([1, 2]);
  });
});
