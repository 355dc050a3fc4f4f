import { describe, it, expect } from '@jest/globals';
import neo4j from 'neo4j-driver';
import { compareTables, type ResultTable } from './compare.js';
import { fromDriver, toDriverParam } from './driver-values.js';
import { parseResultTable } from './steps.js';
import { canonical } from './tck-value.js';
import { parseTckValue } from './value-parser.js';

const table = (rows: string[][]): ResultTable => parseResultTable(rows);
const anyOrder = { ordered: false, ignoreListOrder: false };
const inOrder = { ordered: true, ignoreListOrder: false };

describe('compareTables', () => {
  it('never equates an integer with a float', () => {
    expect(compareTables(table([['x'], ['1']]), table([['x'], ['1.0']]), anyOrder)).toMatch(/rows differ/);
    expect(compareTables(table([['x'], ['[1, 2]']]), table([['x'], ['[1, 2.0]']]), anyOrder)).not.toBeNull();
    expect(compareTables(table([['x'], ['1.0']]), table([['x'], ['1.0']]), anyOrder)).toBeNull();
  });

  it('ignores row order unless asked for it', () => {
    const expected = table([['x'], ['1'], ['2']]);
    const reversed = table([['x'], ['2'], ['1']]);
    expect(compareTables(expected, reversed, anyOrder)).toBeNull();
    expect(compareTables(expected, reversed, inOrder)).toMatch(/row 1 differs/);
  });

  it('counts duplicate rows', () => {
    expect(compareTables(table([['x'], ['1'], ['1']]), table([['x'], ['1'], ['2']]), anyOrder)).not.toBeNull();
    expect(compareTables(table([['x'], ['1'], ['1']]), table([['x'], ['1']]), anyOrder)).toMatch(/expected 2 row/);
  });

  it('keeps list order significant unless the step ignores it', () => {
    const expected = table([['l'], ['[1, 2, [3, 4]]']]);
    const shuffled = table([['l'], ['[2, 1, [4, 3]]']]);
    expect(compareTables(expected, shuffled, anyOrder)).not.toBeNull();
    expect(compareTables(expected, shuffled, { ordered: false, ignoreListOrder: true })).toBeNull();
    // Ignoring order still counts elements.
    expect(compareTables(table([['l'], ['[1, 1, 2]']]), table([['l'], ['[1, 2, 2]']]), { ordered: false, ignoreListOrder: true })).not.toBeNull();
  });

  it('compares nodes by labels (as a set) and properties', () => {
    expect(compareTables(table([['n'], ['(:A:B {p: 1})']]), table([['n'], ['(:B:A {p: 1})']]), anyOrder)).toBeNull();
    expect(compareTables(table([['n'], ['(:A {p: 1})']]), table([['n'], ['(:B {p: 1})']]), anyOrder)).not.toBeNull();
    expect(compareTables(table([['n'], ['(:A {p: 1})']]), table([['n'], ['(:A:B {p: 1})']]), anyOrder)).not.toBeNull();
    expect(compareTables(table([['n'], ['(:A {p: 1})']]), table([['n'], ['(:A {p: 1.0})']]), anyOrder)).not.toBeNull();
    expect(compareTables(table([['n'], ['(:A {p: 1})']]), table([['n'], ['(:A)']]), anyOrder)).not.toBeNull();
  });

  it('compares relationship types and path directions', () => {
    expect(compareTables(table([['r'], ['[:T]']]), table([['r'], ['[:U]']]), anyOrder)).not.toBeNull();
    expect(compareTables(table([['p'], ['<(:A)-[:T]->(:B)>']]), table([['p'], ['<(:A)<-[:T]-(:B)>']]), anyOrder)).not.toBeNull();
    expect(compareTables(table([['p'], ['<(:A)-[:T]->(:B)>']]), table([['p'], ['<(:A)-[:T]->(:B)>']]), anyOrder)).toBeNull();
  });

  it('requires the same column names and lines columns up by name', () => {
    expect(compareTables(table([['a', 'b'], ['1', '2']]), table([['b', 'a'], ['2', '1']]), anyOrder)).toBeNull();
    expect(compareTables(table([['a']]), table([['b']]), anyOrder)).toMatch(/columns differ/);
  });

  it('treats NaN as equal to NaN, and strings exactly', () => {
    expect(compareTables(table([['x'], ['NaN']]), table([['x'], ['NaN']]), anyOrder)).toBeNull();
    expect(compareTables(table([['x'], ["'a'"]]), table([['x'], ["'A'"]]), anyOrder)).not.toBeNull();
    expect(compareTables(table([['x'], ["'1'"]]), table([['x'], ['1']]), anyOrder)).not.toBeNull();
  });
});

describe('driver value conversion', () => {
  it('maps driver integers and floats to the matching TCK kinds', () => {
    expect(fromDriver(5n)).toEqual({ kind: 'integer', value: 5n });
    expect(fromDriver(neo4j.int(7))).toEqual({ kind: 'integer', value: 7n });
    expect(fromDriver(5)).toEqual({ kind: 'float', value: 5 });
    expect(canonical(fromDriver(5))).not.toBe(canonical(parseTckValue('5')));
    expect(canonical(fromDriver(5))).toBe(canonical(parseTckValue('5.0')));
  });

  it('converts driver nodes, relationships and paths structurally', () => {
    const a = new neo4j.types.Node(1n, ['A'], { p: 1n }, '4:x:1');
    const b = new neo4j.types.Node(2n, ['B'], {}, '4:x:2');
    const r = new neo4j.types.Relationship(3n, 2n, 1n, 'T', { w: 0.5 }, '5:x:3', '4:x:2', '4:x:1');
    const path = new neo4j.types.Path(a, b, [new neo4j.types.PathSegment(a, r, b)]);
    expect(canonical(fromDriver(a))).toBe(canonical(parseTckValue('(:A {p: 1})')));
    expect(canonical(fromDriver(r))).toBe(canonical(parseTckValue('[:T {w: 0.5}]')));
    // r points from b to a, so along the path it is a backward link.
    expect(canonical(fromDriver(path))).toBe(canonical(parseTckValue('<(:A {p: 1})<-[:T {w: 0.5}]-(:B)>')));
    expect(canonical(fromDriver(path))).not.toBe(canonical(parseTckValue('<(:A {p: 1})-[:T {w: 0.5}]->(:B)>')));
  });

  it('renders temporal values the way Neo4j prints them', () => {
    expect(fromDriver(new neo4j.types.Date(1984, 10, 11))).toEqual({ kind: 'string', value: '1984-10-11' });
    expect(fromDriver(new neo4j.types.LocalTime(10, 35, 0, 0))).toEqual({ kind: 'string', value: '10:35' });
    expect(fromDriver(new neo4j.types.Time(12, 31, 14, 645876000, 3600))).toEqual({ kind: 'string', value: '12:31:14.645876+01:00' });
    expect(fromDriver(new neo4j.types.Duration(14, 16, 43200, 0))).toEqual({ kind: 'string', value: 'P1Y2M16DT12H' });
  });

  it('turns TCK parameters into driver parameters with integer/float kept apart', () => {
    expect(toDriverParam(parseTckValue("{a: 1, b: 1.0, c: ['x', null]}"))).toEqual({ a: 1n, b: 1, c: ['x', null] });
    expect(() => toDriverParam(parseTckValue('(:A)'))).toThrow();
  });
});
