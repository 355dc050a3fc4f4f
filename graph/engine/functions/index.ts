/**
 * The function library of the Cypher engine: scalar functions (callFunction), aggregates
 * (createAggregator), and re-exports of the value semantics the executor needs.
 *
 * Names arrive lower-cased (the parser lower-cases function names).
 */
import type { Position } from '../ast.js';
import { CypherError, syntaxError } from '../errors.js';
import type { CypherValue } from '../values.js';
import { AGGREGATE_ARITY, isAggregateName, makeAggregator, type Aggregator } from './aggregates.js';
import { SCALAR_FUNCTIONS } from './scalar.js';

export { equals, compare, orderCompare, groupKey, compareStrings } from './compare.js';
export { add, subtract, multiply, divide, modulo, power, negate, unaryPlus, checkInt64, INT64_MAX, INT64_MIN } from './arithmetic.js';
export { and, or, xor, not } from './logic.js';
export { typeName, isNumber, type CypherTypeName } from './types.js';
export { toPropertyValue, fromPropertyValue, propertiesToMap } from './properties.js';
export { formatFloat } from './format.js';
export { toStringValue, toInteger, toBoolean, toFloat, codePointLength, floatToInteger } from './scalar.js';
export type { Aggregator } from './aggregates.js';

function unknownFunction(name: string, pos: Position | null): CypherError {
  return syntaxError(`Unknown function '${name}'`, pos, 'UnknownFunction');
}

/** Calls the scalar function `name` (lower-cased) on evaluated arguments. */
export function callFunction(name: string, args: CypherValue[], pos?: Position): CypherValue {
  const spec = SCALAR_FUNCTIONS.get(name);
  if (spec === undefined) {
    if (isAggregateName(name)) {
      throw new CypherError(
        'Neo.ClientError.Statement.SyntaxError',
        `Aggregate function '${name}' used where an aggregation is not allowed`,
        'InvalidAggregation',
        pos ?? null,
      );
    }
    throw unknownFunction(name, pos ?? null);
  }
  if (args.length < spec.minArgs || args.length > spec.maxArgs) throw arityError(name, pos ?? null);
  return spec.fn(args, pos ?? null);
}

function arityError(name: string, pos: Position | null): CypherError {
  return syntaxError(`Wrong number of arguments for function '${name}'`, pos, 'InvalidNumberOfArguments');
}

export function isKnownFunction(name: string): boolean {
  return SCALAR_FUNCTIONS.has(name) || isAggregateName(name);
}

export function isAggregate(name: string): boolean {
  return isAggregateName(name);
}

/** Accepted argument counts of a known function (scalar or aggregate), for semantic checks; null if unknown. */
export function functionArity(name: string): { minArgs: number; maxArgs: number } | null {
  const spec = SCALAR_FUNCTIONS.get(name) ?? AGGREGATE_ARITY.get(name);
  return spec ? { minArgs: spec.minArgs, maxArgs: spec.maxArgs } : null;
}

/**
 * A fresh accumulator for the aggregate `name`. Feed it one row's evaluated arguments at a time;
 * null values are skipped (so count(x) counts non-null x; for count(*) pass any non-null value).
 */
export function createAggregator(name: string, distinct: boolean, pos?: Position): Aggregator {
  const agg = makeAggregator(name, distinct, pos ?? null);
  if (agg === null) throw unknownFunction(name, pos ?? null);
  return agg;
}
export { inList, stringMatch, compileRegex, type StringPredicate } from './predicates.js';
