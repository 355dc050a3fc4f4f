/**
 * Predicates over values that are not plain comparisons: IN, STARTS WITH, ENDS WITH, CONTAINS, =~.
 * All three-valued: null when an operand is null (or, for the string predicates, not a string).
 */
import type { Position } from '../ast.js';
import { CypherError, typeError } from '../errors.js';
import type { CypherValue } from '../values.js';
import { equals } from './compare.js';
import { typeName } from './types.js';

/**
 * `x IN list`: true if some element equals x; otherwise null if some comparison was null
 * (`5 IN [1, null]` is null, `null IN []` is false); otherwise false.
 */
export function inList(x: CypherValue, list: CypherValue, pos: Position | null = null): boolean | null {
  if (list === null) return null;
  if (!Array.isArray(list)) {
    throw typeError(`IN expected a LIST on its right-hand side but got ${typeName(list)}`, 'InvalidArgumentType', pos);
  }
  let sawNull = false;
  for (const e of list) {
    const r = equals(x, e);
    if (r === true) return true;
    if (r === null) sawNull = true;
  }
  return sawNull ? null : false;
}

export type StringPredicate = 'STARTS WITH' | 'ENDS WITH' | 'CONTAINS' | '=~';

export function stringMatch(op: StringPredicate, a: CypherValue, b: CypherValue, pos: Position | null = null): boolean | null {
  if (typeof a !== 'string' || typeof b !== 'string') return null;
  switch (op) {
    case 'STARTS WITH':
      return a.startsWith(b);
    case 'ENDS WITH':
      return a.endsWith(b);
    case 'CONTAINS':
      return a.includes(b);
    case '=~':
      return compileRegex(b, pos).test(a);
  }
}

const regexCache = new Map<string, RegExp>();
const REGEX_CACHE_LIMIT = 512;

/**
 * Compiles a Java-style regular expression for whole-string matching (Java's Matcher.matches()).
 * Leading inline flags such as `(?i)` or `(?is)` become JS flags; the pattern is anchored with
 * lookarounds so that `(?m)` cannot turn the anchors into line anchors.
 */
export function compileRegex(pattern: string, pos: Position | null = null): RegExp {
  const cached = regexCache.get(pattern);
  if (cached !== undefined) return cached;
  let body = pattern;
  let flags = '';
  const inline = /^\(\?([imsux]+)\)/.exec(body);
  if (inline) {
    body = body.slice(inline[0].length);
    for (const f of inline[1]!) {
      if ((f === 'i' || f === 'm' || f === 's') && !flags.includes(f)) flags += f;
    }
  }
  // Java-only constructs with direct JS equivalents: \Q…\E quoting, \A and \z/\Z anchors.
  body = body.replace(/\\Q([\s\S]*?)(\\E|$)/g, (_m, literal: string) => literal.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&'));
  body = body.replace(/\\A/g, '(?<![\\s\\S])').replace(/\\[Zz]/g, '(?![\\s\\S])');
  let re: RegExp;
  try {
    re = new RegExp(`(?<![\\s\\S])(?:${body})(?![\\s\\S])`, flags);
  } catch (e) {
    // Neo4j reports a pattern it cannot compile as a SyntaxError ('Invalid Regex: …').
    throw new CypherError('Neo.ClientError.Statement.SyntaxError', `Invalid Regex: ${(e as Error).message}`, 'InvalidRegex', pos);
  }
  if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
  regexCache.set(pattern, re);
  return re;
}
