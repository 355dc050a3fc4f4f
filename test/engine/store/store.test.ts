import { describe, it, expect } from '@jest/globals';
import { GraphStore } from '../../../graph/engine/store/index.js';
import { CypherError } from '../../../graph/engine/errors.js';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof CypherError ? e.code : String(e);
  }
}

describe('GraphStore', () => {
  it('creates nodes and relationships with label and type indexes and neighbour iteration', () => {
    const s = new GraphStore();
    const tx = s.begin();
    const a = tx.createNode(['A', 'B'], { name: 'a' });
    const b = tx.createNode(['B'], {});
    const r1 = tx.createRel('T', a, b, { w: 1n });
    const loop = tx.createRel('L', a, a, {});
    tx.commit();
    expect([...s.nodesByLabel('B')].sort()).toEqual([a, b]);
    expect([...s.relsByType('T')]).toEqual([r1]);
    const seen: [number, number][] = [];
    s.forEachRelationship(a, 'both', null, (rel, other) => {
      seen.push([rel, other]);
    });
    expect(seen.sort()).toEqual([[r1, b], [loop, a]].sort());
    const typed: number[] = [];
    s.forEachRelationship(b, 'in', ['T'], (rel) => {
      typed.push(rel);
    });
    expect(typed).toEqual([r1]);
    expect(s.nodeCount()).toBe(2);
    expect(s.relationshipCount()).toBe(2);
    expect(s.nodeLabels(a)).toEqual(['A', 'B']);
    expect(s.relEndpoints(r1)).toMatchObject({ start: a, end: b });
  });

  it('rolls back every change exactly, including property indexes, and never reuses ids', () => {
    const s = new GraphStore();
    const setup = s.begin();
    setup.createIndex({ name: null, label: 'L', properties: ['k'], forRelationship: false, ifNotExists: false });
    const kept = setup.createNode(['L'], { k: 1n });
    setup.commit();
    const before = JSON.stringify(s.dump(), (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));

    const tx = s.begin();
    const n = tx.createNode(['L'], { k: 2n });
    tx.setNodeProperties(kept, { k: 3n, extra: 'x' });
    tx.addLabels(kept, ['M']);
    tx.removeLabels(kept, ['L']);
    tx.createRel('T', kept, n, {});
    tx.detachDeleteNode(n);
    expect(tx.mutations.length).toBeGreaterThan(0);
    tx.rollback();

    expect(JSON.stringify(s.dump(), (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).toBe(before);
    expect([...s.lookupNodes('L', 'k', 1n)!]).toEqual([kept]);
    expect(s.lookupNodes('L', 'k', 3n)!.size).toBe(0);
    expect(s.lookupNodes('L', 'k', 2n)!.size).toBe(0);
    expect(s.nodesByLabel('M').size).toBe(0);
    const again = s.begin();
    expect(again.createNode([], {})).toBeGreaterThan(n);
    again.rollback();
  });

  it('property index lookups treat 1 and 1.0 as equal', () => {
    const s = new GraphStore();
    const tx = s.begin();
    tx.createIndex({ name: 'i', label: 'L', properties: ['k'], forRelationship: false, ifNotExists: false });
    const a = tx.createNode(['L'], { k: 1.0 });
    tx.commit();
    expect([...s.lookupNodes('L', 'k', 1n)!]).toEqual([a]);
    expect(s.lookupNodes('L', 'other', 1n)).toBeNull();
  });

  it('enforces uniqueness at write time and verifies existing data on constraint creation', () => {
    const s = new GraphStore();
    const tx = s.begin();
    tx.createNode(['P'], { id: 'x' });
    tx.createNode(['P'], { id: 'x' });
    expect(codeOf(() =>
      tx.createConstraint({ name: 'u', label: 'P', properties: ['id'], forRelationship: false, ifNotExists: false, kind: 'UNIQUE' }),
    )).toBe('Neo.ClientError.Schema.ConstraintCreationFailed');
    tx.rollback();

    const tx2 = s.begin();
    expect(tx2.createConstraint({ name: 'u', label: 'P', properties: ['id'], forRelationship: false, ifNotExists: false, kind: 'UNIQUE' })).toBe(true);
    expect(tx2.createConstraint({ name: null, label: 'P', properties: ['id'], forRelationship: false, ifNotExists: true, kind: 'UNIQUE' })).toBe(false);
    expect(codeOf(() =>
      tx2.createConstraint({ name: null, label: 'P', properties: ['id'], forRelationship: false, ifNotExists: false, kind: 'UNIQUE' }),
    )).toBe('Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists');
    const a = tx2.createNode(['P'], { id: 'a' });
    expect(codeOf(() => tx2.createNode(['P'], { id: 'a' }))).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
    const b = tx2.createNode([], { id: 'a' });
    expect(codeOf(() => tx2.addLabels(b, ['P']))).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
    tx2.setNodeProperties(a, { id: 'a', other: 1n }); // same value on the same node is fine
    const c = tx2.createNode(['P'], { id: 'c' });
    expect(codeOf(() => tx2.setNodeProperties(c, { id: 'a' }))).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
    tx2.commit();
    expect(s.lookupNodes('P', 'id', 'c')!.has(c)).toBe(true);
  });

  it('checks existence constraints when the statement is validated', () => {
    const s = new GraphStore();
    const tx = s.begin();
    tx.createConstraint({ name: 'nn', label: 'P', properties: ['k'], forRelationship: false, ifNotExists: false, kind: 'NOT_NULL' });
    const n = tx.createNode(['P'], {});
    tx.setNodeProperties(n, { k: 1n });
    tx.validate();
    tx.setNodeProperties(n, { k: null });
    expect(codeOf(() => tx.validate())).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
    tx.rollback();
  });

  it('drops schema objects and restores them on rollback', () => {
    const s = new GraphStore();
    const tx = s.begin();
    tx.createIndex({ name: 'i', label: 'L', properties: ['k'], forRelationship: false, ifNotExists: false });
    tx.commit();
    const tx2 = s.begin();
    expect(tx2.dropIndex('i', false)).toBe(true);
    expect(s.hasNodeIndex('L', 'k')).toBe(false);
    expect(tx2.dropIndex('i', true)).toBe(false);
    expect(codeOf(() => tx2.dropIndex('i', false))).toBe('Neo.DatabaseError.Schema.IndexDropFailed');
    tx2.rollback();
    expect(s.hasNodeIndex('L', 'k')).toBe(true);
  });

  it('round-trips through dump and apply, honouring ids and advancing counters', () => {
    const s = new GraphStore();
    const tx = s.begin();
    const a = tx.createNode(['A'], { list: [1n, 2n], f: 1.5, s: 'x', b: true });
    const b = tx.createNode([], {});
    tx.createNode([], {});
    tx.deleteNode(2);
    const r = tx.createRel('T', a, b, { w: 3n });
    tx.createConstraint({ name: 'c', label: 'A', properties: ['s'], forRelationship: false, ifNotExists: false, kind: 'UNIQUE' });
    tx.commit();

    const log = [...tx.mutations];
    const replayed = new GraphStore();
    replayed.apply(log);
    expect(replayed.dump()).toEqual(s.dump());

    const restored = new GraphStore();
    restored.apply(s.dump());
    expect(restored.dump()).toEqual(s.dump());
    expect(restored.lookupNodes('A', 's', 'x')!.has(a)).toBe(true);
    expect(restored.relType(r)).toBe('T');
    const next = restored.begin();
    expect(next.createNode([], {})).toBe(2); // ids follow the highest restored id
    next.rollback();
  });

  it('keeps the type of a deleted relationship readable but refuses its properties', () => {
    const s = new GraphStore();
    const setup = s.begin();
    const a = setup.createNode([], {});
    const r = setup.createRel('T', a, a, { k: 1n });
    setup.commit();
    const tx = s.begin();
    tx.deleteRel(r);
    tx.deleteNode(a);
    expect(s.relType(r)).toBe('T');
    expect(codeOf(() => s.relProperties(r))).toBe('Neo.ClientError.Statement.EntityNotFound');
    expect(codeOf(() => s.nodeLabels(a))).toBe('Neo.ClientError.Statement.EntityNotFound');
    tx.rollback();
    expect(s.nodeExists(a)).toBe(true);
    expect(s.relProperties(r)).toEqual({ k: 1n });
  });

  it('enforces relationship uniqueness constraints and keeps their index through rollback', () => {
    const s = new GraphStore();
    const tx = s.begin();
    const a = tx.createNode([], {});
    tx.createRel('T', a, a, { k: 1n });
    tx.createConstraint({ name: 'rk', label: 'T', properties: ['k'], forRelationship: true, ifNotExists: false, kind: 'UNIQUE' });
    expect(codeOf(() => tx.createRel('T', a, a, { k: 1n }))).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
    const r2 = tx.createRel('T', a, a, { k: 2n });
    expect(codeOf(() => tx.setRelProperties(r2, { k: 1n }))).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
    tx.createRel('U', a, a, { k: 1n }); // other type: unconstrained
    tx.commit();
    const tx2 = s.begin();
    tx2.deleteRel(r2);
    tx2.rollback();
    const tx3 = s.begin();
    expect(codeOf(() => tx3.createRel('T', a, a, { k: 2n }))).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
    tx3.rollback();
  });
});
