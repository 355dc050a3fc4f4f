import { describe, it, expect } from '@jest/globals';
import { parseTckValue, TckValueParseError } from './value-parser.js';

describe('parseTckValue', () => {
  it('tells integers from floats', () => {
    expect(parseTckValue('1')).toEqual({ kind: 'integer', value: 1n });
    expect(parseTckValue('-42')).toEqual({ kind: 'integer', value: -42n });
    expect(parseTckValue('1.0')).toEqual({ kind: 'float', value: 1 });
    expect(parseTckValue('1e-3')).toEqual({ kind: 'float', value: 0.001 });
    expect(parseTckValue('.5')).toEqual({ kind: 'float', value: 0.5 });
    expect(parseTckValue('-1.5e2')).toEqual({ kind: 'float', value: -150 });
  });

  it('keeps 64-bit integers exact', () => {
    expect(parseTckValue('9223372036854775807')).toEqual({ kind: 'integer', value: 9223372036854775807n });
    expect(parseTckValue('-9223372036854775808')).toEqual({ kind: 'integer', value: -9223372036854775808n });
  });

  it('reads NaN and the infinities as floats', () => {
    const nan = parseTckValue('NaN');
    expect(nan.kind).toBe('float');
    expect(Number.isNaN((nan as { value: number }).value)).toBe(true);
    expect(parseTckValue('Inf')).toEqual({ kind: 'float', value: Infinity });
    expect(parseTckValue('-Inf')).toEqual({ kind: 'float', value: -Infinity });
  });

  it('reads strings with escaped quotes and backslashes', () => {
    expect(parseTckValue("'text'")).toEqual({ kind: 'string', value: 'text' });
    expect(parseTckValue("''")).toEqual({ kind: 'string', value: '' });
    expect(parseTckValue("'\\''")).toEqual({ kind: 'string', value: "'" });
    // The Literals6 case after Gherkin's own cell unescaping.
    expect(parseTckValue(`'a\\\\bcn5t\\'"\\\\//\\\\"\\''`)).toEqual({ kind: 'string', value: `a\\bcn5t'"\\//\\"'` });
    expect(parseTckValue("'a, b [c]'")).toEqual({ kind: 'string', value: 'a, b [c]' });
  });

  it('reads booleans and null, but not names that start like them', () => {
    expect(parseTckValue('true')).toEqual({ kind: 'boolean', value: true });
    expect(parseTckValue('false')).toEqual({ kind: 'boolean', value: false });
    expect(parseTckValue('null')).toEqual({ kind: 'null' });
    expect(() => parseTckValue('nullish')).toThrow(TckValueParseError);
  });

  it('reads nested lists and maps', () => {
    expect(parseTckValue("[1, 'a', null, [2.0], {k: [true]}]")).toEqual({
      kind: 'list',
      items: [
        { kind: 'integer', value: 1n },
        { kind: 'string', value: 'a' },
        { kind: 'null' },
        { kind: 'list', items: [{ kind: 'float', value: 2 }] },
        { kind: 'map', entries: { k: { kind: 'list', items: [{ kind: 'boolean', value: true }] } } },
      ],
    });
    expect(parseTckValue('[]')).toEqual({ kind: 'list', items: [] });
    expect(parseTckValue('{}')).toEqual({ kind: 'map', entries: {} });
  });

  it('reads nodes and relationships', () => {
    expect(parseTckValue('()')).toEqual({ kind: 'node', labels: [], properties: {} });
    expect(parseTckValue("(:L1:L2 {p: 0, q: 'x'})")).toEqual({
      kind: 'node',
      labels: ['L1', 'L2'],
      properties: { p: { kind: 'integer', value: 0n }, q: { kind: 'string', value: 'x' } },
    });
    expect(parseTckValue('[:T {p: 1.5}]')).toEqual({ kind: 'relationship', type: 'T', properties: { p: { kind: 'float', value: 1.5 } } });
    expect(parseTckValue('[:T]')).toEqual({ kind: 'relationship', type: 'T', properties: {} });
  });

  it('reads paths in both directions, and the zero-length path', () => {
    const path = parseTckValue('<(:A)-[:T]->(:B)<-[:U {w: 1}]-()>');
    expect(path).toEqual({
      kind: 'path',
      start: { kind: 'node', labels: ['A'], properties: {} },
      links: [
        { relationship: { kind: 'relationship', type: 'T', properties: {} }, forward: true, node: { kind: 'node', labels: ['B'], properties: {} } },
        {
          relationship: { kind: 'relationship', type: 'U', properties: { w: { kind: 'integer', value: 1n } } },
          forward: false,
          node: { kind: 'node', labels: [], properties: {} },
        },
      ],
    });
    expect(parseTckValue('<()>')).toEqual({ kind: 'path', start: { kind: 'node', labels: [], properties: {} }, links: [] });
  });

  it('rejects malformed input', () => {
    expect(() => parseTckValue('[1, 2')).toThrow(TckValueParseError);
    expect(() => parseTckValue("'open")).toThrow(TckValueParseError);
    expect(() => parseTckValue('1 2')).toThrow(TckValueParseError);
    expect(() => parseTckValue('-')).toThrow(TckValueParseError);
  });
});
