import { describe, it, expect } from '@jest/globals';
import { compare, compareStrings, equals, groupKey, orderCompare } from '../../../graph/engine/functions/compare.js';
import type { CypherValue } from '../../../graph/engine/values.js';
import { FakeStore, map, path } from './fixtures.js';

const store = new FakeStore();
const n1 = store.addNode(1, ['A']);
const n2 = store.addNode(2, ['B']);
const r1 = store.addRel(10, 'T', 1, 2);
const loop = store.addRel(11, 'LOOP', 1, 1);

describe('equals', () => {
  it('is null when either side is null', () => {
    expect(equals(null, null)).toBeNull();
    expect(equals(1n, null)).toBeNull();
    expect(equals(null, 'a')).toBeNull();
  });
  it('compares integers and floats numerically, exactly', () => {
    expect(equals(1n, 1.0)).toBe(true);
    expect(equals(1.0, 1n)).toBe(true);
    expect(equals(1n, 1.5)).toBe(false);
    expect(equals(4611686018427387905n, 4611686018427387900n)).toBe(false);
    // 2^53 + 1 is not representable as a float: must not equal the float 2^53
    expect(equals(9007199254740993n, 9007199254740992)).toBe(false);
    expect(equals(9007199254740992n, 9007199254740992)).toBe(true);
  });
  it('NaN equals nothing, not even NaN', () => {
    expect(equals(NaN, NaN)).toBe(false);
    expect(equals([NaN], [NaN])).toBe(false);
  });
  it('different types are unequal', () => {
    expect(equals('1', 1n)).toBe(false);
    expect(equals('1.0', 1.0)).toBe(false);
    expect(equals(true, 1n)).toBe(false);
    expect(equals([], map({}))).toBe(false);
    expect(equals(n1, r1)).toBe(false);
  });
  it('lists: null only when no pair decides false', () => {
    expect(equals([1n, 2n], [1n])).toBe(false);
    expect(equals([null], [1n])).toBeNull();
    expect(equals(['a'], [1n])).toBe(false);
    expect(equals([[1n]], [[1n], [null]])).toBe(false);
    expect(equals([[1n], [2n]], [[1n], [null]])).toBeNull();
    expect(equals([[1n], [2n, 3n]], [[1n], [null]])).toBe(false);
    expect(equals([1n, null], [1n, null])).toBeNull();
    expect(equals([1n, 2n], [2n, null])).toBe(false);
    expect(equals([1n, 2.0], [1.0, 2n])).toBe(true);
  });
  it('maps: same keys and equal values, with list-like null semantics', () => {
    const cases: [CypherValue, CypherValue, boolean | null][] = [
      [map({}), map({}), true],
      [map({ k: 1n }), map({ k: 1.0 }), true],
      [map({ k: 'a', l: 2n }), map({ l: 2n, k: 'a' }), true],
      [map({}), map({ k: null }), false],
      [map({ k: 1n }), map({ k: 1n, l: null }), false],
      [map({ k: null }), map({ k: null, l: null }), false],
      [map({ k: null }), map({ k: null }), null],
      [map({ k: 1n, l: null }), map({ k: null, l: 1n }), null],
      [map({ k: 1n, l: null }), map({ k: 2n, l: null }), false],
    ];
    for (const [a, b, r] of cases) expect(equals(a, b)).toBe(r);
  });
  it('entities by id, paths by element sequence', () => {
    expect(equals(n1, store.addNode(1, ['A']))).toBe(true);
    expect(equals(n1, n2)).toBe(false);
    expect(equals(path([n1, n1], [loop]), path([n1, n1], [loop]))).toBe(true);
    expect(equals(path([n1, n2], [r1]), path([n2, n1], [r1]))).toBe(false);
    expect(equals(path([n1], []), n1)).toBe(false);
  });
  it('a path equals the list of its alternating nodes and relationships', () => {
    expect(equals(path([n1, n2], [r1]), [n1, r1, n2])).toBe(true);
    expect(equals([n1, r1, n2], path([n1, n2], [r1]))).toBe(true);
    expect(equals(path([n1, n2], [r1]), [n1, n2])).toBe(false);
    expect(equals(path([n1, n2], [r1]), [n1, r1, null])).toBeNull();
  });
});

describe('compare', () => {
  it('orders numbers across int/float exactly', () => {
    expect(compare(1n, 1.0)).toBe(0);
    expect(compare(1n, 1.5)! < 0).toBe(true);
    expect(compare(9007199254740993n, 9007199254740992)! > 0).toBe(true);
    expect(compare(-3.5, -4n)! > 0).toBe(true);
  });
  it('makes every NaN comparison false', () => {
    for (const [a, b] of [
      [NaN, 1n],
      [NaN, 1.0],
      [NaN, NaN],
      [1n, NaN],
    ] as [CypherValue, CypherValue][]) {
      const c = compare(a, b);
      expect(c).not.toBeNull();
      expect(c! < 0 || c! > 0 || c! <= 0 || c! >= 0).toBe(false);
    }
    expect(compare(NaN, 'a')).toBeNull();
  });
  it('is null for null, different types and uncomparable kinds', () => {
    expect(compare(null, 1n)).toBeNull();
    expect(compare('1', 1n)).toBeNull();
    expect(compare(1.0, '1.0')).toBeNull();
    expect(compare(true, 1n)).toBeNull();
    expect(compare(map({}), map({}))).toBeNull();
    expect(compare(n1, n2)).toBeNull();
  });
  it('orders strings and booleans', () => {
    expect(compare('xx', 'x')! > 0).toBe(true);
    expect(compare('a', 'b')! < 0).toBe(true);
    expect(compare(false, true)! < 0).toBe(true);
    expect(compare(true, true)).toBe(0);
  });
  it('orders lists lexicographically, null at the first incomparable pair', () => {
    expect(compare([1n, 0n], [1n])! >= 0).toBe(true);
    expect(compare([1n, null], [1n])! >= 0).toBe(true);
    expect(compare([1n, 2n], [1n, null])).toBeNull();
    expect(compare([1n, 'a'], [1n, null])).toBeNull();
    expect(compare([1n, 2n], [3n, null])! < 0).toBe(true);
    expect(compare([], [1n])! < 0).toBe(true);
    expect(compare([1n], ['a'])).toBeNull();
  });
  it('compares strings by code point', () => {
    // U+1F600 (surrogate pair D83D DE00) is above U+FF5E although its first code unit is smaller
    expect(compareStrings('😀', '～') > 0).toBe(true);
    expect(compareStrings('～', '😀') < 0).toBe(true);
    expect(compareStrings('ab', 'abc') < 0).toBe(true);
    expect(compareStrings('abc', 'abc')).toBe(0);
  });
});

describe('orderCompare', () => {
  const sort = (vs: CypherValue[]) => [...vs].sort(orderCompare);
  it('orders distinct types by the global sort order, null last', () => {
    const p = path([n1, n2], [r1]);
    const m = map({ a: 'map' });
    const sorted = sort([n1, r1, p, 1.5, ['list'], 'text', null, false, NaN, m]);
    expect(sorted).toEqual([m, n1, r1, ['list'], p, 'text', false, 1.5, NaN, null]);
  });
  it('orders lists element-wise by the same order', () => {
    const lists: CypherValue[] = [[], ['a'], ['a', 1n], [1n], [1n, 'a'], [1n, null], [null, 1n], [null, 2n]];
    const shuffled = [lists[5]!, lists[2]!, lists[7]!, lists[0]!, lists[6]!, lists[3]!, lists[1]!, lists[4]!];
    expect(sort(shuffled)).toEqual(lists);
  });
  it('orders numbers with NaN after all numbers and mixes ints and floats', () => {
    expect(sort([NaN, 3n, Infinity, -Infinity, 2.5, 1n])).toEqual([-Infinity, 1n, 2.5, 3n, Infinity, NaN]);
    expect(orderCompare(NaN, NaN)).toBe(0);
    expect(orderCompare(1n, 1.0)).toBe(0);
  });
  it('orders strings, booleans, entities and maps', () => {
    expect(sort(['one', '', '.*', ' '])).toEqual(['', ' ', '.*', 'one']);
    expect(sort([true, false])).toEqual([false, true]);
    expect(sort([n2, n1])).toEqual([n1, n2]);
    expect(orderCompare(map({ a: 1n }), map({ a: 1n, b: 1n })) < 0).toBe(true);
    expect(orderCompare(map({ a: 2n }), map({ b: 1n })) < 0).toBe(true);
    expect(orderCompare(map({ a: 2n }), map({ a: 1n })) > 0).toBe(true);
  });
});

describe('groupKey', () => {
  const same = (a: CypherValue, b: CypherValue) => expect(groupKey(a)).toBe(groupKey(b));
  const differ = (a: CypherValue, b: CypherValue) => expect(groupKey(a)).not.toBe(groupKey(b));
  it('treats null, NaN, and numerically equal ints/floats as equivalent', () => {
    same(null, null);
    same(NaN, NaN);
    same(1n, 1.0);
    same(0n, -0.0);
    same(9007199254740992n, 9007199254740992);
    differ(9007199254740993n, 9007199254740992);
    same(1e21, 1000000000000000000000n);
    differ(1n, 1.5);
    differ(Infinity, -Infinity);
  });
  it('keeps types apart', () => {
    differ('1', 1n);
    differ('T', true);
    differ('n', null);
    differ(null, [null]);
    differ([], map({}));
    differ(n1, store.addRel(1, 'T', 1, 1));
    differ(['a,b'], ['a', 'b']);
    differ(['"a"'], ['a']);
    differ(map({ 'a:1': 1n }), map({ a: '1:1' }));
  });
  it('stays unambiguous when column keys are concatenated', () => {
    const row = (...vs: CypherValue[]) => vs.map(groupKey).join('\u0000');
    expect(row('a\u0000s1:b', 'c')).not.toBe(row('a', 'b\u0000s1:c'));
    expect(row('a', 'b')).toBe(row('a', 'b'));
  });
  it('recurses into lists and maps (map keys order-insensitive)', () => {
    same([1n, [2.0, null]], [1.0, [2n, null]]);
    same(map({ a: 1n, b: [NaN] }), map({ b: [NaN], a: 1.0 }));
    differ([1n, 2n], [2n, 1n]);
    same(path([n1, n2], [r1]), path([n1, n2], [r1]));
    same(n1, store.addNode(1));
  });
});
