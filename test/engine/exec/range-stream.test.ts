import { describe, it, expect } from '@jest/globals';
import { Db } from './helpers.js';

/** UNWIND range(...) streams (exec/range.ts) and a LIMIT after the reads stops them early. */
describe('UNWIND range() streaming and LIMIT push-down', () => {
  const db = new Db();

  it('gives the same rows as a materialised list, for every step sign and empty ranges', () => {
    for (const args of ['1, 10', '10, 1', '10, 1, -3', '1, 10, 4', '5, 5', '3, 1', '0, -7, -2', '-3, 3, 2']) {
      expect(db.column(`UNWIND range(${args}) AS i RETURN i`)).toEqual(db.column(`WITH range(${args}) AS l UNWIND l AS i RETURN i`));
    }
    expect(db.column('UNWIND range(1, null) AS i RETURN i')).toEqual([]);
    expect(db.column('UNWIND RANGE(1, 3) AS i RETURN i')).toEqual([1, 2, 3]);
    expect(db.column('UNWIND [2, 3] AS n UNWIND range(1, n) AS i RETURN n * 10 + i')).toEqual([21, 22, 31, 32, 33]);
  });

  it('keeps range() argument errors', () => {
    expect(db.error('UNWIND range(1, 5, 0) AS i RETURN i').code).toBe('Neo.ClientError.Statement.ArgumentError');
    expect(db.error("UNWIND range(1, 'x') AS i RETURN i").code).toBe('Neo.ClientError.Statement.ArgumentError');
  });

  it('stops producing rows once a following LIMIT has what it needs', () => {
    const started = process.cpuUsage();
    expect(db.column('UNWIND range(1000000, 2000000) AS i WITH i LIMIT 3000 RETURN sum(i)')).toEqual([3004498500]);
    expect(db.column('UNWIND range(1, 40000000) AS i RETURN i SKIP 2 LIMIT 3')).toEqual([3, 4, 5]);
    expect(db.column('UNWIND range(1, 40000000) AS i WITH i LIMIT 5 WHERE i % 2 = 0 RETURN i')).toEqual([2, 4]);
    expect(db.column('UNWIND range(1, 10) AS i WITH i LIMIT 0 RETURN count(*)')).toEqual([0]);
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
    // rows that LIMIT does not take every row from are unchanged
    expect(db.column('UNWIND range(1, 5) AS i WITH i ORDER BY i DESC LIMIT 2 RETURN i')).toEqual([5, 4]);
    expect(db.column('UNWIND [1, 1, 2, 2, 3] AS i WITH DISTINCT i LIMIT 2 RETURN i')).toEqual([1, 2]);
    expect(db.column('UNWIND range(1, 5) AS i WITH count(i) AS c LIMIT 1 RETURN c')).toEqual([5]);
    db.run('UNWIND range(1, 6) AS i CREATE (:R {i: i})');
    expect(db.column('MATCH (r:R) WITH r.i AS i LIMIT 3 RETURN count(*)')).toEqual([3]);
    expect(db.column('MATCH (r:R) OPTIONAL MATCH (r)-->(x) WITH r, x SKIP 1 LIMIT 2 RETURN count(*)')).toEqual([2]);
  });

  it('checks the transaction deadline while a big range is produced', () => {
    for (const query of ['UNWIND range(1, 3000000) AS i RETURN sum(i)', 'RETURN size(range(1, 3000000)) AS n']) {
      const started = Date.now();
      const e = db.error(query, {}, { deadline: Date.now() + 50 });
      expect(e.code).toBe('Neo.ClientError.Transaction.TransactionTimedOut');
      expect(Date.now() - started).toBeLessThan(300);
    }
  });
});
