import { describe, it, expect } from '@jest/globals';
import { Db } from './helpers.js';
import { tableProcedure } from '../../../graph/engine/exec/index.js';

describe('CypherExecutor', () => {
  it('refuses updates in read access mode before changing anything', () => {
    const db = new Db();
    const e = db.error('CREATE (n) RETURN n', {}, { readOnly: true });
    expect(e.code).toBe('Neo.ClientError.Statement.AccessMode');
    expect(db.store.nodeCount()).toBe(0);
    expect(db.run('MATCH (n) RETURN count(n)', {}, { readOnly: true }).queryType).toBe('r');
    expect(db.executor.isUpdating('MATCH (n) SET n.x = 1')).toBe(true);
    expect(db.executor.isUpdating('MATCH (n) RETURN n')).toBe(false);
    expect(db.executor.isUpdating('CREATE INDEX i FOR (n:L) ON (n.k)')).toBe(true);
  });

  it('aborts at the deadline with TransactionTimedOut', () => {
    const db = new Db();
    const e = db.error('UNWIND range(1, 1000000) AS x WITH x WHERE x < 0 RETURN x', {}, { deadline: Date.now() - 1 });
    expect(e.code).toBe('Neo.ClientError.Transaction.TransactionTimedOut');
  });

  it('names missing parameters', () => {
    const e = db().error('RETURN $x + $y AS s', { x: 1 });
    expect(e.code).toBe('Neo.ClientError.Statement.ParameterMissing');
    expect(e.message).toContain('Expected parameter(s): y');
  });

  it('undoes a failed statement and keeps earlier ones of the transaction', () => {
    const d = db();
    const tx = d.store.begin();
    d.executor.execute(tx, 'CREATE (:Keep)', {}, { readOnly: false, deadline: null });
    expect(() => d.executor.execute(tx, 'CREATE (:Gone) WITH 1 AS x RETURN x / 0 AS boom', {}, { readOnly: false, deadline: null })).toThrow();
    tx.commit();
    expect(d.column('MATCH (n) RETURN labels(n)')).toEqual([['Keep']]);
  });

  it('answers db.labels(), db.relationshipTypes() and db.propertyKeys()', () => {
    const d = db();
    d.run("CREATE (:B {k: 1})-[:T]->(:A {j: 2})");
    expect(d.column('CALL db.labels()')).toEqual(['A', 'B']);
    expect(d.column('CALL db.labels() YIELD label WHERE label <> "A" RETURN label')).toEqual(['B']);
    expect(d.column('CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t')).toEqual(['T']);
    expect(d.column('CALL db.propertyKeys()')).toEqual(['j', 'k']);
    expect(d.error('CALL db.nope()').code).toBe('Neo.ClientError.Procedure.ProcedureNotFound');
  });

  it('refuses CALL { } subqueries by name', () => {
    const e = db().error('CALL { RETURN 1 AS x } RETURN x');
    expect(['Neo.ClientError.Statement.NotSupported', 'Neo.ClientError.Statement.SyntaxError']).toContain(e.code);
    expect(e.message).toMatch(/CALL/);
  });
});

describe('schema commands', () => {
  it('create indexes and constraints idempotently with IF NOT EXISTS and report counters', () => {
    const d = db();
    const r = d.run('CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)');
    expect(r).toMatchObject({ fields: [], records: [], queryType: 's' });
    expect(r.counters.indexesAdded).toBe(1);
    expect(d.run('CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)').counters.indexesAdded).toBe(0);
    expect(d.error('CREATE INDEX FOR (n:Person) ON (n.name)').code).toBe('Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists');
    expect(d.run('CREATE CONSTRAINT c IF NOT EXISTS FOR (n:User) REQUIRE n.id IS UNIQUE').counters.constraintsAdded).toBe(1);
    expect(d.run('CREATE CONSTRAINT c IF NOT EXISTS FOR (n:User) REQUIRE n.id IS UNIQUE').counters.constraintsAdded).toBe(0);
    expect(d.error('CREATE CONSTRAINT FOR (n:User) REQUIRE n.id IS UNIQUE').code).toBe('Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists');
    expect(d.run('DROP INDEX person_name').counters.indexesRemoved).toBe(1);
    expect(d.run('DROP INDEX person_name IF EXISTS').counters.indexesRemoved).toBe(0);
  });

  it('enforces constraints on writes and verifies existing data', () => {
    const d = db();
    d.run('CREATE CONSTRAINT FOR (n:User) REQUIRE n.id IS UNIQUE');
    d.run('CREATE (:User {id: 1})');
    expect(d.error('CREATE (:User {id: 1})').code).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
    expect(d.error('CREATE (u:User {id: 2}) SET u.id = 1').code).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
    expect(d.column('MATCH (u:User) RETURN count(u)')).toEqual([1]);
    d.run('CREATE (:Dup {k: 1}), (:Dup {k: 1})');
    expect(d.error('CREATE CONSTRAINT FOR (n:Dup) REQUIRE n.k IS UNIQUE').code).toBe('Neo.ClientError.Schema.ConstraintCreationFailed');
    d.run('CREATE CONSTRAINT FOR (n:Key) REQUIRE (n.a, n.b) IS NODE KEY');
    expect(d.error('CREATE (:Key {a: 1})').code).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
    d.run('CREATE (k:Key) SET k.a = 1, k.b = 2');
    expect(d.error('CREATE (:Key {a: 1, b: 2})').code).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
  });
});

function db(): Db {
  return new Db();
}

describe('standalone CALL with YIELD', () => {
  it('returns the yielded column', () => {
    const d = new Db();
    d.run('CREATE (:Z)');
    const r = d.run('CALL db.labels() YIELD label AS l');
    expect(r.fields).toEqual(['l']);
    expect(r.records).toEqual([['Z']]);
  });
});

describe('registered procedures', () => {
  it('calls table procedures with explicit, implicit and type-checked arguments', () => {
    const d = new Db();
    d.executor.registerProcedure(
      tableProcedure('test.my.proc', [{ name: 'in', type: 'FLOAT?' }], [{ name: 'out', type: 'STRING?' }], [
        { in: 42.0, out: 'close enough' },
        { in: null, out: 'nix' },
      ]),
    );
    expect(d.column('CALL test.my.proc(42)')).toEqual(['close enough']);
    expect(d.column('CALL test.my.proc(null) YIELD out RETURN out')).toEqual(['nix']);
    expect(d.column('CALL test.my.proc', { in: 42 })).toEqual(['close enough']);
    expect(d.error("CALL test.my.proc('x')").detail).toBe('InvalidArgumentType');
    expect(d.error('CALL test.my.proc(1, 2)').detail).toBe('InvalidNumberOfArguments');
    expect(d.error('CALL test.my.proc YIELD out RETURN out').detail).toBe('InvalidArgumentPassingMode');
    expect(d.error('WITH 1 AS out CALL test.my.proc(1) YIELD out RETURN out').detail).toBe('VariableAlreadyBound');
  });

  it('passes rows through a void procedure and returns nothing when it stands alone', () => {
    const d = new Db();
    d.executor.registerProcedure(tableProcedure('test.doNothing', [], [], []));
    d.run('CREATE (:A), (:B)');
    expect(d.column('MATCH (n) CALL test.doNothing() RETURN count(n)')).toEqual([2]);
    expect(d.run('CALL test.doNothing()').records).toEqual([]);
  });
});
