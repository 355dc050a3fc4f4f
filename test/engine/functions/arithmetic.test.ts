import { describe, it, expect } from '@jest/globals';
import {
  add,
  divide,
  modulo,
  multiply,
  negate,
  power,
  subtract,
  INT64_MAX,
  INT64_MIN,
} from '../../../graph/engine/functions/arithmetic.js';
import { CypherError } from '../../../graph/engine/errors.js';
import { formatFloat } from '../../../graph/engine/functions/format.js';

function errorOf(f: () => unknown): CypherError {
  try {
    f();
  } catch (e) {
    if (e instanceof CypherError) return e;
    throw e;
  }
  throw new Error('expected a CypherError');
}

describe('arithmetic on numbers', () => {
  it('keeps integers integral and mixes to float', () => {
    expect(add(1n, 2n)).toBe(3n);
    expect(add(1n, 2.5)).toBe(3.5);
    expect(subtract(1.5, 2n)).toBe(-0.5);
    expect(multiply(3n, 4n)).toBe(12n);
    expect(multiply(3n, 0.5)).toBe(1.5);
  });
  it('raises ArithmeticError on int64 overflow', () => {
    for (const f of [
      () => add(INT64_MAX, 1n),
      () => subtract(INT64_MIN, 1n),
      () => multiply(INT64_MAX, 2n),
      () => negate(INT64_MIN),
      () => divide(INT64_MIN, -1n),
    ]) {
      const e = errorOf(f);
      expect(e.code).toBe('Neo.ClientError.Statement.ArithmeticError');
    }
    expect(add(INT64_MAX - 1n, 1n)).toBe(INT64_MAX);
  });
  it('truncates integer division toward zero and refuses division by zero', () => {
    expect(divide(7n, 2n)).toBe(3n);
    expect(divide(-7n, 2n)).toBe(-3n);
    expect(divide(7n, 2.0)).toBe(3.5);
    const e = errorOf(() => divide(1n, 0n));
    expect(e.code).toBe('Neo.ClientError.Statement.ArithmeticError');
    expect(e.message).toContain('/ by zero');
    expect(errorOf(() => modulo(1n, 0n)).code).toBe('Neo.ClientError.Statement.ArithmeticError');
  });
  it('follows IEEE for float division by zero', () => {
    expect(divide(1.0, 0n)).toBe(Infinity);
    expect(divide(-1n, 0.0)).toBe(-Infinity);
    expect(divide(0.0, 0.0)).toBeNaN();
    expect(modulo(1.0, 0n)).toBeNaN();
  });
  it('takes the remainder with the sign of the dividend', () => {
    expect(modulo(-7n, 3n)).toBe(-1n);
    expect(modulo(7n, -3n)).toBe(1n);
    expect(modulo(7.5, 2n)).toBe(1.5);
  });
  it('always yields a float from ^', () => {
    expect(power(2n, 3n)).toBe(8);
    expect(typeof power(2n, 3n)).toBe('number');
    expect(power(4n, 0.5)).toBe(2);
  });
  it('negates numbers', () => {
    expect(negate(5n)).toBe(-5n);
    expect(negate(1.5)).toBe(-1.5);
  });
});

describe('null and type errors', () => {
  it('propagates null through every operator', () => {
    for (const f of [add, subtract, multiply, divide, modulo, power]) {
      expect(f(null, 1n)).toBeNull();
      expect(f(1n, null)).toBeNull();
    }
    expect(add([1n], null)).toBeNull();
    expect(add('a', null)).toBeNull();
    expect(negate(null)).toBeNull();
  });
  it('raises TypeError InvalidArgumentType for invalid operands', () => {
    for (const f of [
      () => add(true, 1n),
      () => add('a', true),
      () => subtract('a', 1n),
      () => multiply([1n], 2n),
      () => divide(1n, 'a'),
      () => power(true, 1n),
      () => negate('a'),
    ]) {
      const e = errorOf(f);
      expect(e.code).toBe('Neo.ClientError.Statement.TypeError');
      expect(e.detail).toBe('InvalidArgumentType');
    }
  });
});

describe('+ on strings and lists', () => {
  it('concatenates strings and prints numbers Neo4j-style', () => {
    expect(add('a', 'b')).toBe('ab');
    expect(add('n', 1n)).toBe('n1');
    expect(add('n', 1.0)).toBe('n1.0');
    expect(add(2.5, 'x')).toBe('2.5x');
  });
  it('concatenates, appends and prepends lists', () => {
    expect(add([1n], [2n, 3n])).toEqual([1n, 2n, 3n]);
    expect(add([1n], 2n)).toEqual([1n, 2n]);
    expect(add(0n, [1n])).toEqual([0n, 1n]);
    expect(add([1n], [[2n]])).toEqual([1n, [2n]]);
    expect(add([[1n]], [2n])).toEqual([[1n], 2n]);
  });
  it('does not mutate its operands', () => {
    const a = [1n];
    add(a, 2n);
    add(a, [3n]);
    expect(a).toEqual([1n]);
  });
});

describe('formatFloat', () => {
  it('prints like Java Double.toString', () => {
    expect(formatFloat(1)).toBe('1.0');
    expect(formatFloat(-0)).toBe('-0.0');
    expect(formatFloat(2.3)).toBe('2.3');
    expect(formatFloat(1e7)).toBe('1.0E7');
    expect(formatFloat(1234567.5)).toBe('1234567.5');
    expect(formatFloat(0.001)).toBe('0.001');
    expect(formatFloat(0.0001)).toBe('1.0E-4');
    expect(formatFloat(1.5e-7)).toBe('1.5E-7');
    expect(formatFloat(NaN)).toBe('NaN');
    expect(formatFloat(-Infinity)).toBe('-Infinity');
  });
});
