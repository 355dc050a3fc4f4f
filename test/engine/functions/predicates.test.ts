import { describe, it, expect } from '@jest/globals';
import { inList, stringMatch } from '../../../graph/engine/functions/predicates.js';
import { CypherError } from '../../../graph/engine/errors.js';

describe('IN', () => {
  it('follows the three-valued rules', () => {
    expect(inList(null, null)).toBeNull();
    expect(inList(null, [1n, 2n, 3n])).toBeNull();
    expect(inList(null, [1n, 2n, 3n, null])).toBeNull();
    expect(inList(null, [])).toBe(false);
    expect(inList(1n, [1n, 2n, 3n, null])).toBe(true);
    expect(inList(1n, [null, 1n])).toBe(true);
    expect(inList(5n, [1n, 2n, 3n, null])).toBeNull();
    expect(inList(1.0, [1n])).toBe(true);
    expect(inList([1n], [[1n], 2n])).toBe(true);
    expect(inList([1n, 2n], [[1n, null]])).toBeNull();
    expect(inList([1n, 2n], [[3n, null]])).toBe(false);
  });
  it('refuses a non-list right-hand side', () => {
    expect(() => inList(1n, 1n)).toThrow(CypherError);
  });
});

describe('string predicates', () => {
  it('STARTS WITH, ENDS WITH, CONTAINS; null for null or non-strings', () => {
    expect(stringMatch('STARTS WITH', 'ABCDEF', 'ABC')).toBe(true);
    expect(stringMatch('STARTS WITH', 'ABCDEF', '')).toBe(true);
    expect(stringMatch('ENDS WITH', 'ABCDEF', 'DEF')).toBe(true);
    expect(stringMatch('CONTAINS', 'Foo\nFoo', '\n')).toBe(true);
    expect(stringMatch('CONTAINS', 'abc', 'x')).toBe(false);
    expect(stringMatch('STARTS WITH', 'abc', null)).toBeNull();
    expect(stringMatch('STARTS WITH', null, 'a')).toBeNull();
    expect(stringMatch('CONTAINS', 1n, '1')).toBeNull();
  });
  it('=~ matches the whole string, Java style', () => {
    expect(stringMatch('=~', 'abc', 'a.c')).toBe(true);
    expect(stringMatch('=~', 'abcd', 'a.c')).toBe(false);
    expect(stringMatch('=~', 'xabc', 'abc|xabc')).toBe(true);
    expect(stringMatch('=~', 'ABC', '(?i)abc')).toBe(true);
    expect(stringMatch('=~', 'a\nb', '(?m)a$\n^b')).toBe(true);
    expect(stringMatch('=~', 'a\nb', '(?m)a')).toBe(false);
    expect(stringMatch('=~', 'abc', null)).toBeNull();
    expect(() => stringMatch('=~', 'abc', '(')).toThrow(CypherError);
    expect(() => stringMatch('=~', 'abc', '(')).toThrow(expect.objectContaining({ code: 'Neo.ClientError.Statement.SyntaxError', detail: 'InvalidRegex' }));
    // Java constructs: \Q…\E quotes, \A and \z anchor the whole input.
    expect(stringMatch('=~', 'a.b*', '\\Qa.b*\\E')).toBe(true);
    expect(stringMatch('=~', 'axbb', '\\Qa.b*\\E')).toBe(false);
    expect(stringMatch('=~', 'abc', '\\Aabc\\z')).toBe(true);
    expect(stringMatch('=~', 'a\nb', '(?m)\\Ab$')).toBe(false);
  });
});
