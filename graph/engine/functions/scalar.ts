/**
 * Cypher's scalar functions, Neo4j 5 semantics. Each takes already-evaluated arguments; null
 * arguments give null unless the function says otherwise (coalesce). Wrong argument types raise
 * TypeError 'InvalidArgumentValue' (what Neo4j raises at run time, per the TCK); invalid values
 * raise ArgumentError.
 */
import { randomUUID } from 'node:crypto';
import type { Position } from '../ast.js';
import { argumentError, typeError } from '../errors.js';
import { NodeValue, PathValue, RelationshipValue, TemporalValue, isMap, type CypherValue } from '../values.js';
import { formatTemporal } from './temporal/format.js';
import { temporalFunctions } from './temporal/functions.js';
import { checkInt64, INT64_MAX, INT64_MIN } from './arithmetic.js';
import { equals } from './compare.js';
import { formatFloat } from './format.js';
import { propertiesToMap } from './properties.js';
import { isRoundingMode, roundDecimal } from './rounding.js';
import { typeName } from './types.js';
import { valueType } from './valuetype.js';

export type ScalarFunction = (args: CypherValue[], pos: Position | null) => CypherValue;

export interface FunctionSpec {
  minArgs: number;
  maxArgs: number;
  fn: ScalarFunction;
}

// ---------------------------------------------------------------------------------------------
// Argument helpers
// ---------------------------------------------------------------------------------------------

function invalidArg(fname: string, expected: string, v: CypherValue, pos: Position | null): never {
  throw typeError(
    `Invalid input for function '${fname}()': expected ${expected} but got ${typeName(v)}`,
    'InvalidArgumentValue',
    pos,
  );
}

function num(fname: string, v: CypherValue, pos: Position | null): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return invalidArg(fname, 'a number', v, pos);
}

function str(fname: string, v: CypherValue, pos: Position | null): string {
  if (typeof v === 'string') return v;
  return invalidArg(fname, 'a STRING', v, pos);
}

function int(fname: string, v: CypherValue, pos: Position | null): bigint {
  if (typeof v === 'bigint') return v;
  return invalidArg(fname, 'an INTEGER', v, pos);
}

function list(fname: string, v: CypherValue, pos: Position | null): CypherValue[] {
  if (Array.isArray(v)) return v;
  return invalidArg(fname, 'a LIST', v, pos);
}

function nonNegativeLength(fname: string, v: CypherValue, pos: Position | null): number {
  const n = int(fname, v, pos);
  if (n < 0n) throw argumentError(`Invalid input for function '${fname}()': length must be non-negative, got ${n}`, 'NegativeIntegerArgument', pos);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

/** Wraps a one-argument function so that null in gives null out. */
function unary(fn: (v: CypherValue, pos: Position | null) => CypherValue): FunctionSpec {
  return { minArgs: 1, maxArgs: 1, fn: (args, pos) => (args[0] === null ? null : fn(args[0]!, pos)) };
}

/** A float function of one number (sqrt, sin, ...). */
function math1(fname: string, f: (x: number) => number): FunctionSpec {
  return unary((v, pos) => f(num(fname, v, pos)));
}

// ---------------------------------------------------------------------------------------------
// Unicode: Neo4j measures and slices strings by code point
// ---------------------------------------------------------------------------------------------

const SURROGATE = /[\uD800-\uDFFF]/;

export function codePointLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Code points [start, end) of s (end clamped to the length). */
function codePointSlice(s: string, start: number, end: number): string {
  if (!SURROGATE.test(s)) return s.slice(start, end);
  return Array.from(s).slice(start, end).join('');
}

// ---------------------------------------------------------------------------------------------
// Type conversion
// ---------------------------------------------------------------------------------------------

/** Java's Double.parseDouble grammar (decimal forms), applied after trimming whitespace as Java does. */
const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;
const JAVA_LONG = /^[+-]?\d+$/;

function parseJavaDouble(s: string): number | null {
  const t = s.trim();
  if (!JAVA_DOUBLE.test(t)) return null;
  return Number(t.replace(/[fFdD]$/, ''));
}

/** Float to integer as Java's (long) cast: truncation, NaN to 0, saturation at the int64 bounds. */
export function floatToInteger(f: number): bigint {
  if (Number.isNaN(f)) return 0n;
  if (f >= 9223372036854775807) return INT64_MAX;
  if (f <= -9223372036854775808) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

function stringToInteger(s: string): bigint | null {
  if (JAVA_LONG.test(s)) {
    const n = BigInt(s);
    if (n <= INT64_MAX && n >= INT64_MIN) return n;
  }
  const d = parseJavaDouble(s);
  if (d === null || !Number.isFinite(d) || d >= 9223372036854775807 || d < -9223372036854775808) return null;
  return BigInt(Math.trunc(d));
}

/** `orNull`: return null instead of raising for an unconvertible type (the *OrNull variants). */
export function toInteger(v: CypherValue, pos: Position | null, orNull = false, fname = 'toInteger'): CypherValue {
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return floatToInteger(v);
    case 'string':
      return stringToInteger(v);
    case 'boolean':
      return v ? 1n : 0n;
  }
  if (v === null || orNull) return null;
  return invalidArg(fname, 'a STRING, INTEGER, FLOAT or BOOLEAN', v, pos);
}

export function toFloat(v: CypherValue, pos: Position | null, orNull = false, fname = 'toFloat'): CypherValue {
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return Number(v);
    case 'string':
      return parseJavaDouble(v);
  }
  if (v === null || orNull) return null;
  return invalidArg(fname, 'a STRING, INTEGER or FLOAT', v, pos);
}

export function toBoolean(v: CypherValue, pos: Position | null, orNull = false, fname = 'toBoolean'): CypherValue {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string': {
      const t = v.trim().toLowerCase();
      return t === 'true' ? true : t === 'false' ? false : null;
    }
    case 'bigint':
      return v !== 0n;
  }
  if (v === null || orNull) return null;
  return invalidArg(fname, 'a STRING, INTEGER or BOOLEAN', v, pos);
}

/** toString(): how Neo4j prints a simple value. */
export function toStringValue(v: CypherValue, pos: Position | null, orNull = false, fname = 'toString'): CypherValue {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloat(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v instanceof TemporalValue) return formatTemporal(v);
  if (v === null || orNull) return null;
  return invalidArg(fname, 'a STRING, INTEGER, FLOAT or BOOLEAN', v, pos);
}

/** toXList(list): converts each element with the OrNull variant; null for a non-list. */
function listConversion(
  convert: (v: CypherValue, pos: Position | null, orNull: boolean) => CypherValue,
  fname: string,
): FunctionSpec {
  return unary((v, pos) => {
    const l = list(fname, v, pos);
    return l.map((e) => convert(e, pos, true));
  });
}

// ---------------------------------------------------------------------------------------------
// Graph and list helpers
// ---------------------------------------------------------------------------------------------

const MAX_RANGE_LENGTH = 50_000_000n;

/** The validated arguments of range(), with the number of elements; null when an argument is null. */
export function rangeSpec(args: CypherValue[], pos: Position | null): { start: bigint; end: bigint; step: bigint; count: bigint } | null {
  const rangeArg = (v: CypherValue): bigint => {
    if (typeof v === 'bigint') return v;
    throw argumentError(`Invalid input for function 'range()': expected an INTEGER but got ${typeName(v)}`, 'InvalidArgumentType', pos);
  };
  if (args.some((a) => a === null)) return null;
  const start = rangeArg(args[0]!);
  const end = rangeArg(args[1]!);
  const step = args.length > 2 ? rangeArg(args[2]!) : 1n;
  if (step === 0n) throw argumentError("Invalid input for function 'range()': step argument cannot be zero", 'NumberOutOfRange', pos);
  const count = step > 0n ? (end >= start ? (end - start) / step + 1n : 0n) : start >= end ? (start - end) / -step + 1n : 0n;
  return { start, end, step, count };
}

/**
 * Refuses a materialised range() that would exhaust memory rather than hang the single-threaded
 * server (UNWIND range(...) streams instead: see exec/pipeline.ts).
 */
export function checkRangeLength(count: bigint, pos: Position | null): void {
  if (count > MAX_RANGE_LENGTH) {
    throw argumentError(`range() of ${count} elements exceeds the embedded engine's limit of ${MAX_RANGE_LENGTH}`, 'NumberOutOfRange', pos);
  }
}

function range(args: CypherValue[], pos: Position | null): CypherValue {
  const spec = rangeSpec(args, pos);
  if (spec === null) return null;
  checkRangeLength(spec.count, pos);
  const { start, end, step } = spec;
  const out: bigint[] = [];
  if (step > 0n) for (let i = start; i <= end; i += step) out.push(i);
  else for (let i = start; i >= end; i += step) out.push(i);
  return out;
}

function splitString(s: string, delimiters: string[]): string[] {
  if (delimiters.length === 1) {
    const d = delimiters[0]!;
    if (d === '') return s === '' ? [] : Array.from(s);
    return s.split(d);
  }
  // Several delimiters: split at whichever occurs first, longest first at the same position.
  const sorted = [...delimiters].filter((d) => d !== '').sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return s === '' ? [] : Array.from(s);
  const out: string[] = [];
  let from = 0;
  let i = 0;
  while (i <= s.length) {
    const d = sorted.find((x) => s.startsWith(x, i));
    if (d !== undefined && i < s.length) {
      out.push(s.slice(from, i));
      i += d.length;
      from = i;
    } else i++;
  }
  out.push(s.slice(from));
  return out;
}

/** Trims whitespace, or (Neo4j 5 btrim/ltrim/rtrim with a second argument) any of the given characters. */
function trimChars(s: string, chars: string | null, left: boolean, right: boolean): string {
  if (chars === null) {
    if (left && right) return s.trim();
    return left ? s.trimStart() : s.trimEnd();
  }
  if (chars === '') return s;
  const set = new Set(Array.from(chars));
  const cps = Array.from(s);
  let a = 0;
  let b = cps.length;
  if (left) while (a < b && set.has(cps[a]!)) a++;
  if (right) while (b > a && set.has(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}

function trimSpec(fname: string, left: boolean, right: boolean): FunctionSpec {
  return {
    minArgs: 1,
    maxArgs: 2,
    fn: (args, pos) => {
      if (args[0] === null || (args.length > 1 && args[1] === null)) return null;
      const chars = args.length > 1 ? str(fname, args[1]!, pos) : null;
      return trimChars(str(fname, args[0]!, pos), chars, left, right);
    },
  };
}

function rounding(args: CypherValue[], pos: Position | null): CypherValue {
  if (args.some((a) => a === null)) return null;
  const x = num('round', args[0]!, pos);
  if (args.length === 1) return Number.isFinite(x) ? Math.round(x) : x; // Java Math.round: ties toward +infinity
  const precision = Number(int('round', args[1]!, pos));
  let mode = 'HALF_UP';
  if (args.length > 2) {
    mode = str('round', args[2]!, pos).toUpperCase();
    if (!isRoundingMode(mode)) {
      throw argumentError(`Unknown rounding mode '${String(args[2])}'`, 'InvalidArgumentValue', pos);
    }
  }
  return roundDecimal(x, precision, mode as Parameters<typeof roundDecimal>[2]);
}

function abs(v: CypherValue, pos: Position | null): CypherValue {
  if (typeof v === 'bigint') return checkInt64(v < 0n ? -v : v, pos);
  return Math.abs(num('abs', v, pos));
}

function sign(v: CypherValue, pos: Position | null): CypherValue {
  if (typeof v === 'bigint') return v > 0n ? 1n : v < 0n ? -1n : 0n;
  const x = num('sign', v, pos);
  return x > 0 ? 1n : x < 0 ? -1n : 0n;
}

function size(v: CypherValue, pos: Position | null): CypherValue {
  if (typeof v === 'string') return BigInt(codePointLength(v));
  if (Array.isArray(v)) return BigInt(v.length);
  return invalidArg('size', 'a STRING or LIST', v, pos);
}

function reverse(v: CypherValue, pos: Position | null): CypherValue {
  if (typeof v === 'string') return SURROGATE.test(v) ? Array.from(v).reverse().join('') : v.split('').reverse().join('');
  if (Array.isArray(v)) return v.slice().reverse();
  return invalidArg('reverse', 'a STRING or LIST', v, pos);
}

function isEmpty(v: CypherValue, pos: Position | null): CypherValue {
  if (typeof v === 'string') return v.length === 0;
  if (Array.isArray(v)) return v.length === 0;
  if (isMap(v)) {
    for (const _ in v) return false;
    return true;
  }
  return invalidArg('isEmpty', 'a STRING, LIST or MAP', v, pos);
}

function substring(args: CypherValue[], pos: Position | null): CypherValue {
  if (args[0] === null) return null;
  const s = str('substring', args[0]!, pos);
  if (args[1] === null || (args.length > 2 && args[2] === null)) {
    throw argumentError("Invalid input for function 'substring()': start and length cannot be null", 'InvalidArgumentValue', pos);
  }
  const start = nonNegativeLength('substring', args[1]!, pos);
  if (args.length === 2) return codePointSlice(s, start, Infinity);
  const length = nonNegativeLength('substring', args[2]!, pos);
  return codePointSlice(s, start, start + length);
}

function left(args: CypherValue[], pos: Position | null): CypherValue {
  if (args[0] === null) return null;
  const s = str('left', args[0]!, pos);
  if (args[1] === null) throw argumentError("Invalid input for function 'left()': length cannot be null", 'InvalidArgumentValue', pos);
  return codePointSlice(s, 0, nonNegativeLength('left', args[1]!, pos));
}

function right(args: CypherValue[], pos: Position | null): CypherValue {
  if (args[0] === null) return null;
  const s = str('right', args[0]!, pos);
  if (args[1] === null) throw argumentError("Invalid input for function 'right()': length cannot be null", 'InvalidArgumentValue', pos);
  const n = nonNegativeLength('right', args[1]!, pos);
  const len = codePointLength(s);
  return codePointSlice(s, Math.max(0, len - n), len);
}

function split(args: CypherValue[], pos: Position | null): CypherValue {
  if (args[0] === null || args[1] === null) return null;
  const s = str('split', args[0]!, pos);
  const d = args[1]!;
  if (typeof d === 'string') return splitString(s, [d]);
  if (Array.isArray(d)) {
    if (d.some((x) => x === null)) return null;
    return splitString(s, d.map((x) => str('split', x, pos)));
  }
  return invalidArg('split', 'a STRING or LIST<STRING>', d, pos);
}

function replace(args: CypherValue[], pos: Position | null): CypherValue {
  if (args.some((a) => a === null)) return null;
  const s = str('replace', args[0]!, pos);
  const search = str('replace', args[1]!, pos);
  const replacement = str('replace', args[2]!, pos);
  // Like Java's String.replace: an empty search string matches between every character and at both ends.
  if (search === '') return s === '' ? replacement : replacement + Array.from(s).join(replacement) + replacement;
  return s.split(search).join(replacement);
}

function keys(v: CypherValue, pos: Position | null): CypherValue {
  if (v instanceof NodeValue || v instanceof RelationshipValue) return Object.keys(v.properties());
  if (isMap(v)) return Object.keys(v);
  return invalidArg('keys', 'a NODE, RELATIONSHIP or MAP', v, pos);
}

function properties(v: CypherValue, pos: Position | null): CypherValue {
  if (v instanceof NodeValue || v instanceof RelationshipValue) return propertiesToMap(v.properties());
  if (isMap(v)) return v;
  return invalidArg('properties', 'a NODE, RELATIONSHIP or MAP', v, pos);
}

function entityId(fname: string) {
  return (v: CypherValue, pos: Position | null): CypherValue => {
    if (v instanceof NodeValue || v instanceof RelationshipValue) return fname === 'id' ? BigInt(v.id) : v.elementId;
    return invalidArg(fname, 'a NODE or RELATIONSHIP', v, pos);
  };
}

function relationship(fname: string, v: CypherValue, pos: Position | null): RelationshipValue {
  if (v instanceof RelationshipValue) return v;
  return invalidArg(fname, 'a RELATIONSHIP', v, pos);
}

function path(fname: string, v: CypherValue, pos: Position | null): PathValue {
  if (v instanceof PathValue) return v;
  return invalidArg(fname, 'a PATH', v, pos);
}

function haversin(x: number): number {
  return (1 - Math.cos(x)) / 2;
}

// ---------------------------------------------------------------------------------------------
// The registry
// ---------------------------------------------------------------------------------------------

export const SCALAR_FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map<string, FunctionSpec>([
  // null handling
  [
    'coalesce',
    {
      minArgs: 1,
      maxArgs: Infinity,
      fn: (args) => {
        for (const a of args) if (a !== null) return a;
        return null;
      },
    },
  ],
  [
    'nullif',
    {
      minArgs: 2,
      maxArgs: 2,
      fn: (args) => {
        const [a, b] = args as [CypherValue, CypherValue];
        return a !== null && b !== null && equalsForNullIf(a, b) ? null : a;
      },
    },
  ],

  // lists
  ['head', unary((v, pos) => { const l = list('head', v, pos); return l.length > 0 ? l[0]! : null; })],
  ['last', unary((v, pos) => { const l = list('last', v, pos); return l.length > 0 ? l[l.length - 1]! : null; })],
  ['tail', unary((v, pos) => list('tail', v, pos).slice(1))],
  ['size', unary(size)],
  ['length', unary((v, pos) => BigInt(path('length', v, pos).relationships.length))],
  ['reverse', unary(reverse)],
  ['range', { minArgs: 2, maxArgs: 3, fn: range }],
  ['isempty', unary(isEmpty)],

  // graph
  ['type', unary((v, pos) => relationship('type', v, pos).type())],
  [
    'labels',
    unary((v, pos) => (v instanceof NodeValue ? v.labels().slice() : invalidArg('labels', 'a NODE', v, pos))),
  ],
  ['keys', unary(keys)],
  ['properties', unary(properties)],
  ['id', unary(entityId('id'))],
  ['elementid', unary(entityId('elementId'))],
  ['startnode', unary((v, pos) => { const r = relationship('startNode', v, pos); return new NodeValue(r.startId, r.reader); })],
  ['endnode', unary((v, pos) => { const r = relationship('endNode', v, pos); return new NodeValue(r.endId, r.reader); })],
  ['nodes', unary((v, pos) => path('nodes', v, pos).nodes.slice())],
  ['relationships', unary((v, pos) => path('relationships', v, pos).relationships.slice())],

  // conversion
  ['tostring', unary((v, pos) => toStringValue(v, pos))],
  ['tointeger', unary((v, pos) => toInteger(v, pos))],
  ['tofloat', unary((v, pos) => toFloat(v, pos))],
  ['toboolean', unary((v, pos) => toBoolean(v, pos))],
  ['tostringornull', { minArgs: 1, maxArgs: 1, fn: (a, pos) => toStringValue(a[0]!, pos, true) }],
  ['tointegerornull', { minArgs: 1, maxArgs: 1, fn: (a, pos) => toInteger(a[0]!, pos, true) }],
  ['tofloatornull', { minArgs: 1, maxArgs: 1, fn: (a, pos) => toFloat(a[0]!, pos, true) }],
  ['tobooleanornull', { minArgs: 1, maxArgs: 1, fn: (a, pos) => toBoolean(a[0]!, pos, true) }],
  ['tostringlist', listConversion(toStringValue, 'toStringList')],
  ['tointegerlist', listConversion(toInteger, 'toIntegerList')],
  ['tofloatlist', listConversion(toFloat, 'toFloatList')],
  ['tobooleanlist', listConversion(toBoolean, 'toBooleanList')],

  // strings
  ['tolower', unary((v, pos) => str('toLower', v, pos).toLowerCase())],
  ['toupper', unary((v, pos) => str('toUpper', v, pos).toUpperCase())],
  ['lower', unary((v, pos) => str('lower', v, pos).toLowerCase())],
  ['upper', unary((v, pos) => str('upper', v, pos).toUpperCase())],
  ['trim', trimSpec('trim', true, true)],
  ['btrim', trimSpec('btrim', true, true)],
  ['ltrim', trimSpec('ltrim', true, false)],
  ['rtrim', trimSpec('rtrim', false, true)],
  ['replace', { minArgs: 3, maxArgs: 3, fn: replace }],
  ['substring', { minArgs: 2, maxArgs: 3, fn: substring }],
  ['left', { minArgs: 2, maxArgs: 2, fn: left }],
  ['right', { minArgs: 2, maxArgs: 2, fn: right }],
  ['split', { minArgs: 2, maxArgs: 2, fn: split }],
  ['char_length', unary((v, pos) => BigInt(codePointLength(str('char_length', v, pos))))],
  ['character_length', unary((v, pos) => BigInt(codePointLength(str('character_length', v, pos))))],

  // numbers
  ['abs', unary(abs)],
  ['ceil', math1('ceil', Math.ceil)],
  ['floor', math1('floor', Math.floor)],
  ['round', { minArgs: 1, maxArgs: 3, fn: rounding }],
  ['sign', unary(sign)],
  ['isnan', unary((v, pos) => Number.isNaN(num('isNaN', v, pos)))],
  ['sqrt', math1('sqrt', Math.sqrt)],
  ['exp', math1('exp', Math.exp)],
  ['log', math1('log', Math.log)],
  ['log10', math1('log10', Math.log10)],
  ['sin', math1('sin', Math.sin)],
  ['cos', math1('cos', Math.cos)],
  ['tan', math1('tan', Math.tan)],
  ['cot', math1('cot', (x) => 1 / Math.tan(x))],
  ['asin', math1('asin', Math.asin)],
  ['acos', math1('acos', Math.acos)],
  ['atan', math1('atan', Math.atan)],
  [
    'atan2',
    {
      minArgs: 2,
      maxArgs: 2,
      fn: (args, pos) =>
        args[0] === null || args[1] === null ? null : Math.atan2(num('atan2', args[0]!, pos), num('atan2', args[1]!, pos)),
    },
  ],
  ['degrees', math1('degrees', (x) => (x * 180) / Math.PI)],
  ['radians', math1('radians', (x) => (x * Math.PI) / 180)],
  ['haversin', math1('haversin', haversin)],
  ['rand', { minArgs: 0, maxArgs: 0, fn: () => Math.random() }],
  ['e', { minArgs: 0, maxArgs: 0, fn: () => Math.E }],
  ['pi', { minArgs: 0, maxArgs: 0, fn: () => Math.PI }],

  // misc
  ['valuetype', { minArgs: 1, maxArgs: 1, fn: (args) => valueType(args[0]!) }],
  ['randomuuid', { minArgs: 0, maxArgs: 0, fn: () => randomUUID() }],
  ['timestamp', { minArgs: 0, maxArgs: 0, fn: () => BigInt(Date.now()) }],

  // date, time, datetime, duration and their namespaces (temporal/)
  ...temporalFunctions(),
]);

/** nullIf compares with Cypher equality; an undecidable comparison keeps the first value. */
function equalsForNullIf(a: CypherValue, b: CypherValue): boolean {
  return equals(a, b) === true;
}
