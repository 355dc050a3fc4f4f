/**
 * Cypher arithmetic over runtime values: INTEGER (bigint, int64 with overflow errors) and FLOAT
 * (number, IEEE 754) mix to FLOAT; `^` is always FLOAT; `+` also concatenates strings and lists.
 * null propagates through every operator.
 */
import { CypherError, typeError } from '../errors.js';
import type { Position } from '../ast.js';
import { TemporalValue, type CypherValue } from '../values.js';
import { temporalAdd, temporalDivide, temporalMultiply, temporalSubtract } from './temporal/arithmetic.js';
import { formatFloat } from './format.js';
import { typeName } from './types.js';

export { typeName } from './types.js';

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

export function arithmeticError(message: string, pos: Position | null = null): CypherError {
  return new CypherError('Neo.ClientError.Statement.ArithmeticError', message, 'ArithmeticError', pos);
}

/** Raises the int64 overflow error Neo4j raises ("long overflow") when r is out of range. */
export function checkInt64(r: bigint, pos: Position | null = null): bigint {
  if (r > INT64_MAX || r < INT64_MIN) throw arithmeticError('long overflow', pos);
  return r;
}

function operandError(op: string, a: CypherValue, b: CypherValue, pos: Position | null): CypherError {
  return typeError(
    `Cannot apply operator '${op}' to ${typeName(a)} and ${typeName(b)}`,
    'InvalidArgumentType',
    pos,
  );
}

/** A number's text when concatenated to a string: integers plainly, floats Java-style (1.0). */
function numberText(v: bigint | number): string {
  return typeof v === 'bigint' ? v.toString() : formatFloat(v);
}

export function add(a: CypherValue, b: CypherValue, pos: Position | null = null): CypherValue {
  if (a === null || b === null) return null;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'bigint') {
    if (tb === 'bigint') return checkInt64((a as bigint) + (b as bigint), pos);
    if (tb === 'number') return Number(a) + (b as number);
  } else if (ta === 'number') {
    if (tb === 'number') return (a as number) + (b as number);
    if (tb === 'bigint') return (a as number) + Number(b);
  }
  if (Array.isArray(a)) return Array.isArray(b) ? a.concat(b) : [...a, b];
  if (Array.isArray(b)) return [a, ...b];
  if (ta === 'string') {
    if (tb === 'string') return (a as string) + (b as string);
    if (tb === 'bigint' || tb === 'number') return (a as string) + numberText(b as bigint | number);
  } else if (tb === 'string' && (ta === 'bigint' || ta === 'number')) {
    return numberText(a as bigint | number) + (b as string);
  }
  if (a instanceof TemporalValue || b instanceof TemporalValue) {
    const r = temporalAdd(a, b);
    if (r !== undefined) return r;
  }
  throw operandError('+', a, b, pos);
}

export function subtract(a: CypherValue, b: CypherValue, pos: Position | null = null): CypherValue {
  if (a === null || b === null) return null;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'bigint') {
    if (tb === 'bigint') return checkInt64((a as bigint) - (b as bigint), pos);
    if (tb === 'number') return Number(a) - (b as number);
  } else if (ta === 'number') {
    if (tb === 'number') return (a as number) - (b as number);
    if (tb === 'bigint') return (a as number) - Number(b);
  }
  if (a instanceof TemporalValue || b instanceof TemporalValue) {
    const r = temporalSubtract(a, b);
    if (r !== undefined) return r;
  }
  throw operandError('-', a, b, pos);
}

export function multiply(a: CypherValue, b: CypherValue, pos: Position | null = null): CypherValue {
  if (a === null || b === null) return null;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'bigint') {
    if (tb === 'bigint') return checkInt64((a as bigint) * (b as bigint), pos);
    if (tb === 'number') return Number(a) * (b as number);
  } else if (ta === 'number') {
    if (tb === 'number') return (a as number) * (b as number);
    if (tb === 'bigint') return (a as number) * Number(b);
  }
  if (a instanceof TemporalValue || b instanceof TemporalValue) {
    const r = temporalMultiply(a, b);
    if (r !== undefined) return r;
  }
  throw operandError('*', a, b, pos);
}

/** Integer division truncates toward zero; integer division by zero is an error, float gives ±Infinity/NaN. */
export function divide(a: CypherValue, b: CypherValue, pos: Position | null = null): CypherValue {
  if (a === null || b === null) return null;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'bigint') {
    if (tb === 'bigint') {
      if (b === 0n) throw arithmeticError('/ by zero', pos);
      return checkInt64((a as bigint) / (b as bigint), pos); // MIN / -1 overflows
    }
    if (tb === 'number') return Number(a) / (b as number);
  } else if (ta === 'number') {
    if (tb === 'number') return (a as number) / (b as number);
    if (tb === 'bigint') return (a as number) / Number(b);
  }
  if (a instanceof TemporalValue || b instanceof TemporalValue) {
    const r = temporalDivide(a, b, pos);
    if (r !== undefined) return r;
  }
  throw operandError('/', a, b, pos);
}

/** Remainder with the sign of the dividend (Java's %), for integers and floats alike. */
export function modulo(a: CypherValue, b: CypherValue, pos: Position | null = null): CypherValue {
  if (a === null || b === null) return null;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'bigint') {
    if (tb === 'bigint') {
      if (b === 0n) throw arithmeticError('/ by zero', pos);
      return (a as bigint) % (b as bigint);
    }
    if (tb === 'number') return Number(a) % (b as number);
  } else if (ta === 'number') {
    if (tb === 'number') return (a as number) % (b as number);
    if (tb === 'bigint') return (a as number) % Number(b);
  }
  throw operandError('%', a, b, pos);
}

/** `^` always yields a FLOAT. */
export function power(a: CypherValue, b: CypherValue, pos: Position | null = null): CypherValue {
  if (a === null || b === null) return null;
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === 'bigint' || ta === 'number') && (tb === 'bigint' || tb === 'number')) {
    return Math.pow(Number(a), Number(b));
  }
  throw operandError('^', a, b, pos);
}

export function negate(a: CypherValue, pos: Position | null = null): CypherValue {
  if (a === null) return null;
  if (typeof a === 'bigint') return checkInt64(-a, pos);
  if (typeof a === 'number') return -a;
  if (a instanceof TemporalValue) {
    const r = temporalMultiply(a, -1n);
    if (r !== undefined) return r;
  }
  throw typeError(`Cannot apply unary '-' to ${typeName(a)}`, 'InvalidArgumentType', pos);
}

/** Unary `+`: numbers (and null) pass through unchanged. */
export function unaryPlus(a: CypherValue, pos: Position | null = null): CypherValue {
  if (a === null || typeof a === 'bigint' || typeof a === 'number') return a;
  throw typeError(`Cannot apply unary '+' to ${typeName(a)}`, 'InvalidArgumentType', pos);
}
