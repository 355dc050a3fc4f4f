import { describe, it, expect } from '@jest/globals';
import { and, not, or, xor } from '../../../graph/engine/functions/logic.js';
import { CypherError } from '../../../graph/engine/errors.js';

const T = true;
const F = false;
const N = null;

describe('three-valued logic', () => {
  it('AND: false dominates null', () => {
    expect([and(T, T), and(T, F), and(F, N), and(N, F), and(T, N), and(N, N)]).toEqual([T, F, F, F, N, N]);
  });
  it('OR: true dominates null', () => {
    expect([or(F, F), or(T, F), or(T, N), or(N, T), or(F, N), or(N, N)]).toEqual([F, T, T, T, N, N]);
  });
  it('XOR: null whenever an operand is null', () => {
    expect([xor(T, F), xor(T, T), xor(F, F), xor(T, N), xor(N, F)]).toEqual([T, F, F, N, N]);
  });
  it('NOT', () => {
    expect([not(T), not(F), not(N)]).toEqual([F, T, N]);
  });
  it('refuses non-booleans with TypeError InvalidArgumentType', () => {
    for (const f of [() => and(1n, T), () => or(F, 'x'), () => xor([], T), () => not(0n), () => and(F, 1n)]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CypherError);
      expect((err as CypherError).code).toBe('Neo.ClientError.Statement.TypeError');
      expect((err as CypherError).detail).toBe('InvalidArgumentType');
    }
  });
});
