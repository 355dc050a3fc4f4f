/**
 * The expression evaluator: a direct interpreter over the AST with Cypher's null semantics.
 * Value semantics (equality, ordering, arithmetic, functions) come from graph/engine/functions;
 * this module handles scoping, graph access and the constructs that need the matcher or the
 * clause pipeline (pattern predicates, comprehensions, EXISTS / COUNT subqueries).
 */
import type { Expression, MapLiteral, Parameter, Position } from '../ast.js';
import { CypherError, typeError, semanticError } from '../errors.js';
import { add, divide, modulo, multiply, negate, power, subtract, unaryPlus } from '../functions/arithmetic.js';
import { compare, equals } from '../functions/compare.js';
import { callFunction } from '../functions/index.js';
import { inList, stringMatch } from '../functions/predicates.js';
import { and, not, or, xor, asTernary } from '../functions/logic.js';
import { typeName } from '../functions/types.js';
import { temporalProperty } from '../functions/temporal/index.js';
import { isMap, makeMap, NodeValue, PathValue, RelationshipValue, TemporalValue, type CypherMap, type CypherValue } from '../values.js';
import { childScope, type ExecContext, type Row } from './context.js';
import { matchPatternPart } from './match.js';
import { runSubquery } from './pipeline.js';
import { isRangeCall, materialiseRange } from './range.js';

export function evaluate(e: Expression, row: Row, ctx: ExecContext): CypherValue {
  switch (e.kind) {
    case 'Literal':
      return e.value;
    case 'Variable': {
      const v = row[e.name];
      if (v === undefined) throw semanticError(`Variable \`${e.name}\` not defined`, e.pos, 'UndefinedVariable');
      return v;
    }
    case 'Parameter':
      return parameterValue(e, ctx);
    case 'Property':
      return propertyOf(evaluate(e.object, row, ctx), e.key, ctx, e.pos);
    case 'List': {
      const out: CypherValue[] = new Array(e.items.length);
      for (let i = 0; i < e.items.length; i++) out[i] = evaluate(e.items[i]!, row, ctx);
      return out;
    }
    case 'Map':
      return evaluateMap(e, row, ctx);
    case 'Binary':
      return binary(e.op, e, row, ctx);
    case 'Unary': {
      const v = evaluate(e.operand, row, ctx);
      if (e.op === 'NOT') return not(v, e.pos);
      return e.op === '-' ? negate(v, e.pos) : unaryPlus(v, e.pos);
    }
    case 'Comparison':
      return comparison(e.operands, e.ops, row, ctx);
    case 'IsNull': {
      const v = evaluate(e.operand, row, ctx);
      return e.negated ? v !== null : v === null;
    }
    case 'LabelCheck':
      return labelCheck(evaluate(e.operand, row, ctx), e.labels, ctx, e.pos);
    case 'StringMatch':
      return stringMatch(e.op, evaluate(e.left, row, ctx), evaluate(e.right, row, ctx), e.pos);
    case 'In':
      return inList(evaluate(e.element, row, ctx), evaluate(e.list, row, ctx), e.pos);
    case 'DynamicProperty':
    case 'Index': {
      const obj = evaluate(e.object, row, ctx);
      const idx = evaluate(e.kind === 'Index' ? e.index : e.key, row, ctx);
      return subscript(obj, idx, ctx, e.pos);
    }
    case 'Slice':
      return slice(e, row, ctx);
    case 'FunctionCall': {
      if (ctx.aggregateValues) {
        const v = ctx.aggregateValues.get(e);
        if (v !== undefined) return v;
      }
      const args: CypherValue[] = new Array(e.args.length);
      for (let i = 0; i < e.args.length; i++) args[i] = evaluate(e.args[i]!, row, ctx);
      if (isRangeCall(e)) return materialiseRange(ctx, args, e.pos);
      return callFunction(e.name, args, e.pos);
    }
    case 'CountStar': {
      const v = ctx.aggregateValues?.get(e);
      if (v !== undefined) return v;
      throw semanticError('count(*) can only be used in a projection', e.pos, 'InvalidAggregation');
    }
    case 'Case':
      return caseExpression(e, row, ctx);
    case 'ListComprehension': {
      const list = evaluate(e.list, row, ctx);
      if (list === null) return null;
      const items = asList(list, e.pos);
      const out: CypherValue[] = [];
      const scope = childScope(row);
      for (const item of items) {
        scope[e.variable] = item;
        if (e.where && evaluate(e.where, scope, ctx) !== true) continue;
        out.push(e.projection ? evaluate(e.projection, scope, ctx) : item);
      }
      return out;
    }
    case 'Quantifier':
      return quantifier(e, row, ctx);
    case 'Reduce': {
      const list = evaluate(e.list, row, ctx);
      let acc = evaluate(e.init, row, ctx);
      if (list === null) return null;
      const scope = childScope(row);
      for (const item of asList(list, e.pos)) {
        scope[e.accumulator] = acc;
        scope[e.variable] = item;
        acc = evaluate(e.expression, scope, ctx);
      }
      return acc;
    }
    case 'PatternComprehension': {
      const out: CypherValue[] = [];
      const scope = childScope(row);
      matchPatternPart(ctx, e.pattern, scope, e.where, () => {
        out.push(evaluate(e.projection, scope, ctx));
        return false;
      });
      return out;
    }
    case 'PatternPredicate': {
      let found = false;
      matchPatternPart(ctx, e.pattern, childScope(row), null, () => {
        found = true;
        return true;
      });
      return found;
    }
    case 'Exists':
      return runSubquery(ctx, e.query, row, true).length > 0;
    case 'CountSubquery':
      return BigInt(runSubquery(ctx, e.query, row, false).length);
    case 'MapProjection':
      return mapProjection(e, row, ctx);
  }
}

/** WHERE semantics: only true keeps the row. */
export function isTrue(e: Expression, row: Row, ctx: ExecContext): boolean {
  return evaluate(e, row, ctx) === true;
}

export function parameterValue(e: Parameter, ctx: ExecContext): CypherValue {
  const v = ctx.params[e.name];
  if (v === undefined) {
    throw new CypherError('Neo.ClientError.Statement.ParameterMissing', `Expected parameter(s): ${e.name}`, 'ParameterMissing', e.pos);
  }
  return v;
}

export function evaluateMap(e: MapLiteral, row: Row, ctx: ExecContext): CypherMap {
  const m = makeMap();
  for (const { key, value } of e.entries) m[key] = evaluate(value, row, ctx);
  return m;
}

/** `x.key` on a node, relationship or map; null on null; TypeError otherwise. */
export function propertyOf(v: CypherValue, key: string, ctx: ExecContext, pos: Position | null): CypherValue {
  if (v === null) return null;
  if (v instanceof NodeValue) return ctx.store.liveNode(v.id).props[key] ?? null;
  if (v instanceof RelationshipValue) return ctx.store.liveRel(v.id).props[key] ?? null;
  if (v instanceof TemporalValue) return temporalProperty(v, key, pos);
  if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof PathValue)) return (v as CypherMap)[key] ?? null;
  throw typeError(`Type mismatch: expected a map but was ${typeName(v)}`, 'PropertyAccessOnNonMap', pos);
}

function binary(op: string, e: Extract<Expression, { kind: 'Binary' }>, row: Row, ctx: ExecContext): CypherValue {
  switch (op) {
    case 'AND': {
      const l = asTernary(evaluate(e.left, row, ctx), 'AND', e.pos);
      if (l === false) return false;
      return and(l, evaluate(e.right, row, ctx), e.pos);
    }
    case 'OR': {
      const l = asTernary(evaluate(e.left, row, ctx), 'OR', e.pos);
      if (l === true) return true;
      return or(l, evaluate(e.right, row, ctx), e.pos);
    }
    case 'XOR':
      return xor(evaluate(e.left, row, ctx), evaluate(e.right, row, ctx), e.pos);
  }
  const a = evaluate(e.left, row, ctx);
  const b = evaluate(e.right, row, ctx);
  switch (op) {
    case '+':
      return add(a, b, e.pos);
    case '-':
      return subtract(a, b, e.pos);
    case '*':
      return multiply(a, b, e.pos);
    case '/':
      return divide(a, b, e.pos);
    case '%':
      return modulo(a, b, e.pos);
    default:
      return power(a, b, e.pos);
  }
}

function comparison(operands: Expression[], ops: string[], row: Row, ctx: ExecContext): CypherValue {
  let left = evaluate(operands[0]!, row, ctx);
  let result: boolean | null = true;
  for (let i = 0; i < ops.length; i++) {
    const right = evaluate(operands[i + 1]!, row, ctx);
    const r = compareOp(ops[i]!, left, right);
    if (r === false) return false;
    if (r === null) result = null;
    left = right;
  }
  return result;
}

export function compareOp(op: string, a: CypherValue, b: CypherValue): boolean | null {
  switch (op) {
    case '=':
      return equals(a, b);
    case '<>': {
      const r = equals(a, b);
      return r === null ? null : !r;
    }
  }
  const c = compare(a, b);
  if (c === null) return null;
  switch (op) {
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}

function labelCheck(v: CypherValue, labels: string[], ctx: ExecContext, pos: Position): CypherValue {
  if (v === null) return null;
  if (v instanceof NodeValue) {
    const have = ctx.store.liveNode(v.id).labels;
    return labels.every((l) => have.has(l));
  }
  if (v instanceof RelationshipValue) {
    const type = ctx.store.relType(v.id);
    return labels.every((l) => l === type);
  }
  throw typeError(`Type mismatch: expected Node or Relationship but was ${typeName(v)}`, 'InvalidArgumentType', pos);
}

function asList(v: CypherValue, pos: Position): CypherValue[] {
  if (Array.isArray(v)) return v;
  throw typeError(`Type mismatch: expected a list but was ${typeName(v)}`, 'InvalidArgumentType', pos);
}

function toIndex(v: CypherValue, pos: Position): number {
  if (typeof v === 'bigint') return Number(v);
  throw typeError(`Type mismatch: expected an integer index but was ${typeName(v)}`, 'InvalidArgumentType', pos);
}

function subscript(obj: CypherValue, idx: CypherValue, ctx: ExecContext, pos: Position): CypherValue {
  if (obj === null || idx === null) return null;
  if (Array.isArray(obj)) {
    let i = toIndex(idx, pos);
    if (i < 0) i += obj.length;
    return i >= 0 && i < obj.length ? obj[i]! : null;
  }
  if (typeof idx === 'string' && (obj instanceof NodeValue || obj instanceof RelationshipValue || isMap(obj))) {
    return propertyOf(obj, idx, ctx, pos);
  }
  if (isMap(obj) || obj instanceof NodeValue || obj instanceof RelationshipValue) {
    throw typeError(`Type mismatch: expected a STRING key for ${typeName(obj)} but was ${typeName(idx)}`, 'MapElementAccessByNonString', pos);
  }
  throw typeError(`Type mismatch: expected a list or a map but was ${typeName(obj)}`, 'InvalidArgumentType', pos);
}

function slice(e: Extract<Expression, { kind: 'Slice' }>, row: Row, ctx: ExecContext): CypherValue {
  const obj = evaluate(e.object, row, ctx);
  const from = e.from ? evaluate(e.from, row, ctx) : 0n;
  const to = e.to ? evaluate(e.to, row, ctx) : null;
  if (obj === null) return null;
  const list = asList(obj, e.pos);
  if (from === null || (e.to && to === null)) return null;
  const n = list.length;
  let f = toIndex(from, e.pos);
  let t = to === null ? n : toIndex(to, e.pos);
  if (f < 0) f = Math.max(0, n + f);
  if (t < 0) t = Math.max(0, n + t);
  f = Math.min(f, n);
  t = Math.min(t, n);
  return f >= t ? [] : list.slice(f, t);
}

function caseExpression(e: Extract<Expression, { kind: 'Case' }>, row: Row, ctx: ExecContext): CypherValue {
  if (e.subject) {
    const subject = evaluate(e.subject, row, ctx);
    for (const alt of e.alternatives) {
      if (equals(subject, evaluate(alt.when, row, ctx)) === true) return evaluate(alt.then, row, ctx);
    }
  } else {
    for (const alt of e.alternatives) {
      if (evaluate(alt.when, row, ctx) === true) return evaluate(alt.then, row, ctx);
    }
  }
  return e.else ? evaluate(e.else, row, ctx) : null;
}

function quantifier(e: Extract<Expression, { kind: 'Quantifier' }>, row: Row, ctx: ExecContext): CypherValue {
  const list = evaluate(e.list, row, ctx);
  if (list === null) return null;
  const scope = childScope(row);
  let trues = 0;
  let falses = 0;
  let nulls = 0;
  for (const item of asList(list, e.pos)) {
    scope[e.variable] = item;
    const r = e.where ? evaluate(e.where, scope, ctx) : item;
    if (r === true) trues++;
    else if (r === false) falses++;
    else if (r === null) nulls++;
    else throw typeError(`Type mismatch: expected a boolean but was ${typeName(r)}`, 'InvalidArgumentType', e.pos);
    // early answers that further elements cannot change
    if (e.quantifier === 'any' && trues) return true;
    if (e.quantifier === 'all' && falses) return false;
    if (e.quantifier === 'none' && trues) return false;
    if (e.quantifier === 'single' && trues > 1) return false;
  }
  switch (e.quantifier) {
    case 'any':
      return nulls ? null : false;
    case 'all':
      return nulls ? null : true;
    case 'none':
      return nulls ? null : true;
    default:
      return nulls ? null : trues === 1;
  }
}

function mapProjection(e: Extract<Expression, { kind: 'MapProjection' }>, row: Row, ctx: ExecContext): CypherValue {
  const subject = row[e.variable];
  if (subject === undefined) throw semanticError(`Variable \`${e.variable}\` not defined`, e.pos, 'UndefinedVariable');
  if (subject === null) return null;
  let props: Record<string, CypherValue>;
  if (subject instanceof NodeValue) props = ctx.store.liveNode(subject.id).props;
  else if (subject instanceof RelationshipValue) props = ctx.store.liveRel(subject.id).props;
  else if (isMap(subject)) props = subject;
  else throw typeError(`Type mismatch: expected a map but was ${typeName(subject)}`, 'InvalidArgumentType', e.pos);
  const out = makeMap();
  for (const item of e.items) {
    switch (item.kind) {
      case 'AllPropertiesSelector':
        for (const k in props) out[k] = props[k]!;
        break;
      case 'PropertySelector':
        out[item.key] = props[item.key] ?? null;
        break;
      case 'LiteralEntry':
        out[item.key] = evaluate(item.value, row, ctx);
        break;
      case 'VariableSelector': {
        const v = row[item.name];
        if (v === undefined) throw semanticError(`Variable \`${item.name}\` not defined`, e.pos, 'UndefinedVariable');
        out[item.name] = v;
        break;
      }
    }
  }
  return out;
}

/** Variables an expression reads (a superset: scoping inside comprehensions is ignored). */
export function freeVariables(e: unknown, out: Set<string> = new Set()): Set<string> {
  if (e === null || typeof e !== 'object') return out;
  if (Array.isArray(e)) {
    for (const x of e) freeVariables(x, out);
    return out;
  }
  const node = e as { kind?: string; name?: string; variable?: unknown };
  if (node.kind === 'Variable' && typeof node.name === 'string') out.add(node.name);
  if (node.kind === 'MapProjection' && typeof node.variable === 'string') out.add(node.variable);
  for (const k in node) {
    if (k === 'pos') continue;
    const v = (node as Record<string, unknown>)[k];
    if (v && typeof v === 'object') freeVariables(v, out);
  }
  return out;
}
