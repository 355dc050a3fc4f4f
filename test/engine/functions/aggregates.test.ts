import { describe, it, expect } from '@jest/globals';
import { createAggregator } from '../../../graph/engine/functions/index.js';
import { CypherError } from '../../../graph/engine/errors.js';
import type { CypherValue } from '../../../graph/engine/values.js';
import { map } from './fixtures.js';

function aggregate(name: string, values: CypherValue[], opts: { distinct?: boolean; extra?: CypherValue } = {}): CypherValue {
  const agg = createAggregator(name, opts.distinct ?? false);
  for (const v of values) agg.add(opts.extra === undefined ? [v] : [v, opts.extra]);
  return agg.result();
}
function errorOf(f: () => unknown): CypherError {
  try {
    f();
  } catch (e) {
    if (e instanceof CypherError) return e;
    throw e;
  }
  throw new Error('expected a CypherError');
}

describe('aggregates', () => {
  it('count counts non-null values, distinctly when asked', () => {
    expect(aggregate('count', [1n, null, 2n, 1n])).toBe(3n);
    expect(aggregate('count', [1n, null, 1.0, 2n], { distinct: true })).toBe(2n);
    expect(aggregate('count', [])).toBe(0n);
    expect(aggregate('count', [null], { distinct: true })).toBe(0n);
  });
  it('sum stays integral for integers, goes float on a float, 0 for nothing', () => {
    expect(aggregate('sum', [33n, null, 42n])).toBe(75n);
    expect(aggregate('sum', [1n, 0.5])).toBe(1.5);
    expect(aggregate('sum', [])).toBe(0n);
    expect(aggregate('sum', [1n, 1n, 2n], { distinct: true })).toBe(3n);
    expect(errorOf(() => aggregate('sum', [2n ** 62n, 2n ** 62n])).code).toBe('Neo.ClientError.Statement.ArithmeticError');
    expect(errorOf(() => aggregate('sum', ['a'])).code).toBe('Neo.ClientError.Statement.TypeError');
  });
  it('avg is a float, null for nothing', () => {
    expect(aggregate('avg', [1n, 2n, null])).toBe(1.5);
    expect(aggregate('avg', [])).toBeNull();
  });
  it('min and max use the ORDER BY order across types', () => {
    expect(aggregate('max', [1n, 2n, 0n, null, -1n])).toBe(2n);
    expect(aggregate('min', [1n, 2n, 0n, null, -1n])).toBe(-1n);
    expect(aggregate('max', [1n, 2.0, 5n, null, 3.2, 0.1])).toBe(5n);
    expect(aggregate('min', [1n, 2.0, 5n, null, 3.2, 0.1])).toBe(0.1);
    expect(aggregate('max', ['a', 'b', 'B', null, 'abc', 'abc1'])).toBe('b');
    expect(aggregate('max', [[1n], [2n], [2n, 1n]])).toEqual([2n, 1n]);
    expect(aggregate('min', [[1n], [2n], [2n, 1n]])).toEqual([1n]);
    expect(aggregate('max', [1n, 'a', null, [1n, 2n], 0.2, 'b'])).toBe(1n);
    expect(aggregate('min', [1n, 'a', null, [1n, 2n], 0.2, 'b'])).toEqual([1n, 2n]);
    expect(aggregate('max', [null])).toBeNull();
  });
  it('collect skips nulls and de-duplicates with DISTINCT', () => {
    expect(aggregate('collect', [1n, null, 2n])).toEqual([1n, 2n]);
    expect(aggregate('collect', [null, 1n, null], { distinct: true })).toEqual([1n]);
    expect(aggregate('collect', [map({ a: 1n }), map({ a: 1.0 }), [1n], [1n]], { distinct: true })).toEqual([map({ a: 1n }), [1n]]);
    expect(aggregate('collect', [])).toEqual([]);
  });
  it('stDev and stDevP', () => {
    expect(aggregate('stdev', [2n, 4n, 4n, 4n, 5n, 5n, 7n, 9n])).toBeCloseTo(2.138089935, 8);
    expect(aggregate('stdevp', [2n, 4n, 4n, 4n, 5n, 5n, 7n, 9n])).toBeCloseTo(2, 12);
    expect(aggregate('stdev', [1n])).toBe(0);
    expect(aggregate('stdevp', [])).toBe(0);
  });
  it('percentileDisc and percentileCont', () => {
    const prices = [10.0, 20.0, 30.0];
    for (const [p, r] of [[0.0, 10.0], [0.5, 20.0], [1.0, 30.0]]) {
      expect(aggregate('percentiledisc', prices, { extra: p })).toBe(r);
      expect(aggregate('percentilecont', prices, { extra: p })).toBe(r);
    }
    expect(aggregate('percentiledisc', [1n, 2n, 3n, 4n], { extra: 0.5 })).toBe(2n);
    expect(aggregate('percentilecont', [1n, 2n, 3n, 4n], { extra: 0.5 })).toBe(2.5);
    expect(aggregate('percentilecont', [], { extra: 0.5 })).toBeNull();
    for (const p of [1000n, -1n, 1.1]) {
      const e = errorOf(() => aggregate('percentiledisc', [10.0], { extra: p }));
      expect(e.code).toBe('Neo.ClientError.Statement.ArgumentError');
      expect(e.detail).toBe('NumberOutOfRange');
    }
  });
  it('gives independent accumulators', () => {
    const x = createAggregator('count', false);
    const y = createAggregator('count', false);
    x.add([1n]);
    expect(y.result()).toBe(0n);
  });
});
