import { describe, it, expect } from '@jest/globals';
import { callFunction, functionArity, isAggregate, isKnownFunction } from '../../../graph/engine/functions/index.js';
import { CypherError } from '../../../graph/engine/errors.js';
import { NodeValue, type CypherValue } from '../../../graph/engine/values.js';
import { FakeStore, map, path } from './fixtures.js';

const store = new FakeStore();
const a = store.addNode(1, ['Foo', 'Bar'], { name: 'Popeye', level: 9001n, tags: ['x', 'y'] });
const b = store.addNode(2, [], {});
const r = store.addRel(7, 'KNOWS', 1, 2, { since: 2015n });
const p = path([a, b], [r]);

const call = (name: string, ...args: CypherValue[]) => callFunction(name, args);

function errorOf(f: () => unknown): CypherError {
  try {
    f();
  } catch (e) {
    if (e instanceof CypherError) return e;
    throw e;
  }
  throw new Error('expected a CypherError');
}
function expectError(f: () => unknown, code: string, detail: string): void {
  const e = errorOf(f);
  expect(e.code).toBe(`Neo.ClientError.Statement.${code}`);
  expect(e.detail).toBe(detail);
}

describe('registry', () => {
  it('knows scalar and aggregate names', () => {
    expect(isKnownFunction('tolower')).toBe(true);
    expect(isKnownFunction('count')).toBe(true);
    expect(isKnownFunction('nosuchfunction')).toBe(false);
    expect(isAggregate('collect')).toBe(true);
    expect(isAggregate('size')).toBe(false);
    expect(functionArity('substring')).toEqual({ minArgs: 2, maxArgs: 3 });
  });
  it('refuses unknown functions and wrong argument counts', () => {
    expectError(() => call('nosuch', 1n), 'SyntaxError', 'UnknownFunction');
    expectError(() => call('size'), 'SyntaxError', 'InvalidNumberOfArguments');
    expectError(() => call('left', 'a', 1n, 2n), 'SyntaxError', 'InvalidNumberOfArguments');
  });
});

describe('null handling', () => {
  it('coalesce returns the first non-null', () => {
    expect(call('coalesce', null, null, 'CEO', 'x')).toBe('CEO');
    expect(call('coalesce', null)).toBeNull();
  });
  it('most functions return null for a null argument', () => {
    for (const f of ['size', 'head', 'last', 'tail', 'labels', 'type', 'keys', 'properties', 'nodes', 'relationships',
      'tostring', 'tointeger', 'tofloat', 'toboolean', 'tolower', 'trim', 'abs', 'sqrt', 'reverse', 'id', 'length']) {
      expect(call(f, null)).toBeNull();
    }
    expect(call('replace', 'a', null, 'b')).toBeNull();
    expect(call('split', null, ',')).toBeNull();
    expect(call('substring', null, 1n)).toBeNull();
  });
  it('nullIf', () => {
    expect(call('nullif', 1n, 1.0)).toBeNull();
    expect(call('nullif', 1n, 2n)).toBe(1n);
    expect(call('nullif', 1n, null)).toBe(1n);
  });
});

describe('lists', () => {
  it('head, last, tail, size, reverse', () => {
    expect(call('head', [1n, 2n])).toBe(1n);
    expect(call('head', [])).toBeNull();
    expect(call('last', [1n, 2n])).toBe(2n);
    expect(call('last', [])).toBeNull();
    expect(call('tail', [1n, 2n, 3n])).toEqual([2n, 3n]);
    expect(call('tail', [])).toEqual([]);
    expect(call('size', [1n, null])).toBe(2n);
    const l = [1n, 2n];
    expect(call('reverse', l)).toEqual([2n, 1n]);
    expect(l).toEqual([1n, 2n]);
  });
  it('range with default, positive and negative steps', () => {
    expect(call('range', 0n, 3n)).toEqual([0n, 1n, 2n, 3n]);
    expect(call('range', 0n, -1n)).toEqual([]);
    expect(call('range', 1381n, -3412n, -1298n)).toEqual([1381n, 83n, -1215n, -2513n]);
    expect(call('range', 0n, 1n, 2n)).toEqual([0n]);
    expect(call('range', 0n, 0n, -1n)).toEqual([0n]);
    expect(call('range', -10n, 10n, 3n)).toEqual([-10n, -7n, -4n, -1n, 2n, 5n, 8n]);
  });
  it('range refuses a zero step and non-integers', () => {
    expectError(() => call('range', 2n, 8n, 0n), 'ArgumentError', 'NumberOutOfRange');
    expectError(() => call('range', 0n, 10n ** 12n), 'ArgumentError', 'NumberOutOfRange');
    expect((call('range', 0n, 10n ** 12n, 10n ** 11n) as bigint[]).length).toBe(11);
    for (const args of [[true, 1n, 1n], [0n, 1.0, 1n], [0n, 1n, -1.1], ['xyz', 1n, 1n], [0n, [1n], 1n], [0n, 1n, map({ s: 1n })]] as CypherValue[][]) {
      expectError(() => callFunction('range', args), 'ArgumentError', 'InvalidArgumentType');
    }
  });
  it('isEmpty', () => {
    expect(call('isempty', [])).toBe(true);
    expect(call('isempty', '')).toBe(true);
    expect(call('isempty', map({}))).toBe(true);
    expect(call('isempty', map({ a: null }))).toBe(false);
    expect(call('isempty', [null])).toBe(false);
  });
});

describe('graph functions', () => {
  it('read labels, type, keys, properties, ids from the store', () => {
    expect(call('labels', a)).toEqual(['Foo', 'Bar']);
    expect(call('labels', b)).toEqual([]);
    expect(call('type', r)).toBe('KNOWS');
    expect(call('keys', a)).toEqual(['name', 'level', 'tags']);
    expect(call('keys', map({ k: 1n, l: null }))).toEqual(['k', 'l']);
    expect(call('properties', a)).toEqual(map({ name: 'Popeye', level: 9001n, tags: ['x', 'y'] }));
    expect(call('properties', r)).toEqual(map({ since: 2015n }));
    const m = map({ name: 'Popeye' });
    expect(call('properties', m)).toEqual(m);
    expect(call('id', a)).toBe(1n);
    expect(call('id', r)).toBe(7n);
    expect(call('elementid', a)).toBe('4:embedded:1');
    expect(call('elementid', r)).toBe('5:embedded:7');
  });
  it('properties() returns a null-prototype map detached from the store', () => {
    const m = call('properties', a) as Record<string, CypherValue>;
    expect(Object.getPrototypeOf(m)).toBeNull();
    (m['tags'] as CypherValue[]).push('z');
    expect(store.nodeProperties(1)['tags']).toEqual(['x', 'y']);
  });
  it('startNode, endNode, nodes, relationships, length', () => {
    const s = call('startnode', r) as NodeValue;
    expect(s).toBeInstanceOf(NodeValue);
    expect(s.id).toBe(1);
    expect((call('endnode', r) as NodeValue).id).toBe(2);
    expect(call('nodes', p)).toEqual([a, b]);
    expect(call('relationships', p)).toEqual([r]);
    expect(call('length', p)).toBe(1n);
    expect(call('length', path([a], []))).toBe(0n);
  });
  it('raises TypeError InvalidArgumentValue for wrong entity kinds', () => {
    for (const [f, v] of [['labels', 1n], ['labels', r], ['type', a], ['type', 0n], ['type', ''], ['type', []],
      ['keys', 1n], ['properties', 'Cypher'], ['properties', [true]], ['id', 'x'], ['nodes', a], ['length', 'abc'],
      ['startnode', a]] as [string, CypherValue][]) {
      expectError(() => call(f, v), 'TypeError', 'InvalidArgumentValue');
    }
  });
});

describe('type conversion', () => {
  it('toString prints values the Neo4j way', () => {
    expect(call('tostring', 42n)).toBe('42');
    expect(call('tostring', 2.3)).toBe('2.3');
    expect(call('tostring', 1.0)).toBe('1.0');
    expect(call('tostring', true)).toBe('true');
    expect(call('tostring', 'apa')).toBe('apa');
    for (const v of [[], map({}), a, r, p] as CypherValue[]) {
      expectError(() => call('tostring', v), 'TypeError', 'InvalidArgumentValue');
      expect(call('tostringornull', v)).toBeNull();
    }
  });
  it('toInteger truncates floats and parses strings, null when unparsable', () => {
    expect(call('tointeger', 82.9)).toBe(82n);
    expect(call('tointeger', -82.9)).toBe(-82n);
    expect(call('tointeger', 2n)).toBe(2n);
    expect(call('tointeger', '42')).toBe(42n);
    expect(call('tointeger', '1.7')).toBe(1n);
    expect(call('tointeger', ' 12 ')).toBe(12n);
    expect(call('tointeger', '9223372036854775807')).toBe(9223372036854775807n);
    expect(call('tointeger', '1e3')).toBe(1000n);
    expect(call('tointeger', 'foo')).toBeNull();
    expect(call('tointeger', '')).toBeNull();
    expect(call('tointeger', '0x1F')).toBeNull();
    expect(call('tointeger', true)).toBe(1n);
    expectError(() => call('tointeger', [1n]), 'TypeError', 'InvalidArgumentValue');
    expect(call('tointegerornull', [1n])).toBeNull();
  });
  it('toFloat converts numbers and parses strings', () => {
    expect(call('tofloat', 3n)).toBe(3);
    expect(call('tofloat', 3.4)).toBe(3.4);
    expect(call('tofloat', '1')).toBe(1);
    expect(call('tofloat', '-1.5e2')).toBe(-150);
    expect(call('tofloat', 'foo')).toBeNull();
    expect(call('tofloat', '')).toBeNull();
    expect(call('tofloat', ' ')).toBeNull();
    for (const v of [true, [], map({}), a, r, p] as CypherValue[]) {
      expectError(() => call('tofloat', v), 'TypeError', 'InvalidArgumentValue');
      expect(call('tofloatornull', v)).toBeNull();
    }
  });
  it('toBoolean parses true/false strings, null otherwise', () => {
    expect(call('toboolean', true)).toBe(true);
    expect(call('toboolean', 'true')).toBe(true);
    expect(call('toboolean', 'FALSE')).toBe(false);
    for (const s of ['', ' tru ', 'f alse']) expect(call('toboolean', s)).toBeNull();
    expect(call('toboolean', 0n)).toBe(false);
    expect(call('toboolean', 5n)).toBe(true);
    for (const v of [1.0, [], map({}), a, r, p] as CypherValue[]) {
      expectError(() => call('toboolean', v), 'TypeError', 'InvalidArgumentValue');
      expect(call('tobooleanornull', v)).toBeNull();
    }
  });
  it('list conversions convert element-wise with null for failures', () => {
    expect(call('tointegerlist', ['1', 2.5, 'x', null, [1n]])).toEqual([1n, 2n, null, null, null]);
    expect(call('tostringlist', [1n, 1.5, true])).toEqual(['1', '1.5', 'true']);
  });
});

describe('strings', () => {
  it('case, trimming, replacing', () => {
    expect(call('tolower', 'ABc')).toBe('abc');
    expect(call('toupper', 'abC')).toBe('ABC');
    expect(call('trim', '  a b  ')).toBe('a b');
    expect(call('ltrim', '  a  ')).toBe('a  ');
    expect(call('rtrim', '  a  ')).toBe('  a');
    expect(call('btrim', 'xxaxx', 'x')).toBe('a');
    expect(call('btrim', 'xxyyhelloxyxy', 'xy')).toBe('hello');
    expect(call('ltrim', 'xxyyhelloxyxy', 'xy')).toBe('helloxyxy');
    expect(call('rtrim', 'xxyyhelloxyxy', 'xy')).toBe('xxyyhello');
    expect(call('replace', 'abc', '', '-')).toBe('-a-b-c-');
    expect(call('replace', 'hello', 'l', 'w')).toBe('hewwo');
    expect(call('replace', 'a.b.c', '.', '')).toBe('abc');
    expectError(() => call('tolower', 1n), 'TypeError', 'InvalidArgumentValue');
  });
  it('substring, left, right count code points and clamp', () => {
    expect(call('substring', '0123456789', 1n)).toBe('123456789');
    expect(call('substring', '0123456789', 1n, 3n)).toBe('123');
    expect(call('substring', 'abc', 5n)).toBe('');
    expect(call('left', 'hello', 3n)).toBe('hel');
    expect(call('left', 'hi', 10n)).toBe('hi');
    expect(call('right', 'hello', 3n)).toBe('llo');
    expect(call('right', 'hi', 10n)).toBe('hi');
    expect(call('substring', 'a😀b', 1n, 1n)).toBe('😀');
    expect(call('left', '😀😀x', 2n)).toBe('😀😀');
    expect(call('right', 'x😀', 1n)).toBe('😀');
    expectError(() => call('substring', 'abc', -1n), 'ArgumentError', 'NegativeIntegerArgument');
    expectError(() => call('left', 'abc', -1n), 'ArgumentError', 'NegativeIntegerArgument');
    expectError(() => call('left', 'abc', null), 'ArgumentError', 'InvalidArgumentValue');
  });
  it('size and reverse work on code points', () => {
    expect(call('size', '😀')).toBe(1n);
    expect(call('size', 'abc')).toBe(3n);
    expect(call('reverse', 'raksO')).toBe('Oskar');
    expect(call('reverse', 'a😀b')).toBe('b😀a');
  });
  it('split keeps empty pieces and accepts a list of delimiters', () => {
    expect(call('split', 'one1two', '1')).toEqual(['one', 'two']);
    expect(call('split', 'a,b,', ',')).toEqual(['a', 'b', '']);
    expect(call('split', 'abc', '')).toEqual(['a', 'b', 'c']);
    expect(call('split', 'a,b;c', [',', ';'])).toEqual(['a', 'b', 'c']);
  });
});

describe('numbers', () => {
  it('abs and sign keep integers integral', () => {
    expect(call('abs', -1n)).toBe(1n);
    expect(call('abs', -1.5)).toBe(1.5);
    expect(call('sign', -7n)).toBe(-1n);
    expect(call('sign', 0.0)).toBe(0n);
    expect(call('sign', 2.5)).toBe(1n);
    expectError(() => call('abs', -(2n ** 63n)), 'ArithmeticError', 'ArithmeticError');
  });
  it('ceil, floor, sqrt and friends return floats', () => {
    expect(call('ceil', 1.2)).toBe(2);
    expect(typeof call('ceil', 1n)).toBe('number');
    expect(call('floor', -1.2)).toBe(-2);
    expect(call('sqrt', 12.96)).toBeCloseTo(3.6, 12);
    expect(call('log', 0n)).toBe(-Infinity);
    expect(call('log', -1n)).toBeNaN();
    expect(call('log10', 1000n)).toBeCloseTo(3, 12);
    expect(call('exp', 0n)).toBe(1);
    expect(call('degrees', Math.PI)).toBeCloseTo(180, 10);
    expect(call('radians', 180n)).toBeCloseTo(Math.PI, 10);
    expect(call('atan2', 1n, 1n)).toBeCloseTo(Math.PI / 4, 12);
    expect(call('haversin', 0.5)).toBeCloseTo((1 - Math.cos(0.5)) / 2, 12);
    expect(call('pi')).toBe(Math.PI);
    expect(call('e')).toBe(Math.E);
    expectError(() => call('sqrt', 'x'), 'TypeError', 'InvalidArgumentValue');
  });
  it('round: ties toward +infinity without precision, HALF_UP (away from zero) with it', () => {
    expect(call('round', 2.5)).toBe(3);
    expect(call('round', -2.5)).toBe(-2);
    expect(call('round', 3.141592, 3n)).toBe(3.142);
    expect(call('round', -2.5, 0n)).toBe(-3);
    expect(call('round', 2.675, 2n)).toBe(2.68); // decimal representation, not the binary value
    expect(call('round', 1.25, 1n, 'HALF_EVEN')).toBe(1.2);
    expect(call('round', 1.35, 1n, 'HALF_EVEN')).toBe(1.4);
    expect(call('round', 1.25, 1n, 'HALF_DOWN')).toBe(1.2);
    expect(call('round', 1.21, 1n, 'CEILING')).toBe(1.3);
    expect(call('round', -1.21, 1n, 'CEILING')).toBe(-1.2);
    expect(call('round', -1.21, 1n, 'FLOOR')).toBe(-1.3);
    expect(call('round', 1.21, 1n, 'UP')).toBe(1.3);
    expect(call('round', 1.29, 1n, 'DOWN')).toBe(1.2);
    expect(call('round', 0.001, 1n, 'UP')).toBe(0.1);
    expect(call('round', 1234.5, -2n)).toBe(1200);
    expect(call('round', 5n, 2n)).toBe(5);
    expectError(() => call('round', 1.5, 1n, 'SIDEWAYS'), 'ArgumentError', 'InvalidArgumentValue');
  });
  it('rand, randomUUID, timestamp', () => {
    const x = call('rand') as number;
    expect(x >= 0 && x < 1).toBe(true);
    expect(call('randomuuid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(typeof call('timestamp')).toBe('bigint');
  });
});

describe('valueType', () => {
  it('names the type as Neo4j 5 does', () => {
    expect(call('valuetype', null)).toBe('NULL');
    expect(call('valuetype', 1n)).toBe('INTEGER NOT NULL');
    expect(call('valuetype', 1.5)).toBe('FLOAT NOT NULL');
    expect(call('valuetype', 'a')).toBe('STRING NOT NULL');
    expect(call('valuetype', a)).toBe('NODE NOT NULL');
    expect(call('valuetype', map({}))).toBe('MAP NOT NULL');
    expect(call('valuetype', [])).toBe('LIST<NOTHING> NOT NULL');
    expect(call('valuetype', [1n, 2n])).toBe('LIST<INTEGER NOT NULL> NOT NULL');
    expect(call('valuetype', [1n, null])).toBe('LIST<INTEGER> NOT NULL');
    expect(call('valuetype', ['a', 1n])).toBe('LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL');
    expect(call('valuetype', [[1n]])).toBe('LIST<LIST<INTEGER NOT NULL> NOT NULL> NOT NULL');
  });
});
