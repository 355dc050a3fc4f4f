import { describe, it, expect } from '@jest/globals';
import { fromPropertyValue, toPropertyValue } from '../../../graph/engine/functions/properties.js';
import { CypherError } from '../../../graph/engine/errors.js';
import type { CypherValue } from '../../../graph/engine/values.js';
import { FakeStore, map } from './fixtures.js';

const store = new FakeStore();
const n = store.addNode(1);

function detailOf(v: CypherValue): string | null {
  try {
    toPropertyValue(v);
  } catch (e) {
    if (e instanceof CypherError) {
      expect(e.code).toBe('Neo.ClientError.Statement.TypeError');
      return e.detail;
    }
    throw e;
  }
  return null;
}

describe('toPropertyValue', () => {
  it('stores simple values and homogeneous lists', () => {
    expect(toPropertyValue(1n)).toBe(1n);
    expect(toPropertyValue(1.5)).toBe(1.5);
    expect(toPropertyValue('s')).toBe('s');
    expect(toPropertyValue(true)).toBe(true);
    expect(toPropertyValue(null)).toBeNull();
    expect(toPropertyValue([])).toEqual([]);
    expect(toPropertyValue(['a', 'b'])).toEqual(['a', 'b']);
  });
  it('widens mixed integer/float lists to floats', () => {
    expect(toPropertyValue([1n, 2.5])).toEqual([1, 2.5]);
  });
  it('copies lists so the store does not alias query values', () => {
    const l: CypherValue[] = [1n, 2n];
    const p = toPropertyValue(l);
    expect(p).not.toBe(l);
  });
  it('refuses maps, entities, nested and mixed lists, nulls in lists', () => {
    for (const v of [map({ a: 1n }), n, [map({ num: 1n })], [[1n]], [1n, 'a'], [1n, null], [n]] as CypherValue[]) {
      expect(detailOf(v)).toBe('InvalidPropertyType');
    }
  });
});

describe('fromPropertyValue', () => {
  it('returns simple values as they are and copies lists', () => {
    expect(fromPropertyValue(3n)).toBe(3n);
    const stored = [1n, 2n];
    const v = fromPropertyValue(stored);
    expect(v).toEqual([1n, 2n]);
    expect(v).not.toBe(stored);
  });
});
