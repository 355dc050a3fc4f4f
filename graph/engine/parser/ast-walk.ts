/**
 * Generic walks over expressions: direct children, aggregation detection, free variables, and
 * position-independent structural keys (for matching ORDER BY items against projected expressions).
 */
import type { Expression, PatternPart } from '../ast.js';
import { isAggregate } from '../functions/index.js';

export function isAggregateCall(e: Expression): boolean {
  return e.kind === 'CountStar' || (e.kind === 'FunctionCall' && isAggregate(e.name));
}

/** Aggregations in e, not counting those inside subqueries (which aggregate on their own). */
export function containsAggregate(e: Expression): boolean {
  if (isAggregateCall(e)) return true;
  if (e.kind === 'Exists' || e.kind === 'CountSubquery') return false;
  return children(e).some(containsAggregate);
}

export function containsKind(e: Expression, kinds: string[], pred?: (x: Expression) => boolean): boolean {
  if (kinds.includes(e.kind) && (!pred || pred(e))) return true;
  return children(e).some((c) => containsKind(c, kinds, pred));
}

export function hasLocalScope(e: Expression): boolean {
  return (
    e.kind === 'ListComprehension' ||
    e.kind === 'Quantifier' ||
    e.kind === 'Reduce' ||
    e.kind === 'PatternComprehension' ||
    e.kind === 'Exists' ||
    e.kind === 'CountSubquery' ||
    e.kind === 'PatternPredicate' ||
    e.kind === 'MapProjection'
  );
}

/** Direct sub-expressions of e (not descending into subquery bodies). */
export function children(e: Expression): Expression[] {
  switch (e.kind) {
    case 'List':
      return e.items;
    case 'Map':
      return e.entries.map((x) => x.value);
    case 'Property':
      return [e.object];
    case 'DynamicProperty':
      return [e.object, e.key];
    case 'Index':
      return [e.object, e.index];
    case 'Slice':
      return [e.object, ...(e.from ? [e.from] : []), ...(e.to ? [e.to] : [])];
    case 'Binary':
      return [e.left, e.right];
    case 'Unary':
      return [e.operand];
    case 'Comparison':
      return e.operands;
    case 'IsNull':
    case 'LabelCheck':
      return [e.operand];
    case 'StringMatch':
      return [e.left, e.right];
    case 'In':
      return [e.element, e.list];
    case 'FunctionCall':
      return e.args;
    case 'Case':
      return [
        ...(e.subject ? [e.subject] : []),
        ...e.alternatives.flatMap((a) => [a.when, a.then]),
        ...(e.else ? [e.else] : []),
      ];
    case 'ListComprehension':
      return [e.list, ...(e.where ? [e.where] : []), ...(e.projection ? [e.projection] : [])];
    case 'Quantifier':
      return [e.list, ...(e.where ? [e.where] : [])];
    case 'Reduce':
      return [e.init, e.list, e.expression];
    case 'PatternComprehension':
      return [...patternExpressions(e.pattern), ...(e.where ? [e.where] : []), e.projection];
    case 'PatternPredicate':
      return patternExpressions(e.pattern);
    case 'MapProjection':
      return e.items.flatMap((i) => (i.kind === 'LiteralEntry' ? [i.value] : []));
    default:
      return [];
  }
}

export function patternExpressions(part: PatternPart): Expression[] {
  const out: Expression[] = [];
  for (const el of [...part.nodes, ...part.relationships]) {
    if (el.properties) out.push(el.properties);
    if (el.where) out.push(el.where);
  }
  return out;
}

export function patternVariables(part: PatternPart): { name: string; kind: 'node' | 'rel' | 'path' }[] {
  const out: { name: string; kind: 'node' | 'rel' | 'path' }[] = [];
  if (part.pathVariable) out.push({ name: part.pathVariable, kind: 'path' });
  for (const n of part.nodes) if (n.variable) out.push({ name: n.variable, kind: 'node' });
  for (const r of part.relationships) if (r.variable) out.push({ name: r.variable, kind: 'rel' });
  return out;
}

/** Variables an expression reads from its surroundings (approximate for subqueries: all names used). */
export function freeVariables(
  e: Expression,
  bound: ReadonlySet<string> = new Set(),
  out = new Set<string>(),
  skipAggregates = false,
): Set<string> {
  if (skipAggregates && isAggregateCall(e)) return out;
  const rec = (x: Expression, b: ReadonlySet<string>) => freeVariables(x, b, out, skipAggregates);
  switch (e.kind) {
    case 'Variable':
      if (!bound.has(e.name)) out.add(e.name);
      return out;
    case 'ListComprehension':
    case 'Quantifier': {
      rec(e.list, bound);
      const inner = new Set(bound).add(e.variable);
      for (const c of children(e).slice(1)) rec(c, inner);
      return out;
    }
    case 'Reduce': {
      rec(e.init, bound);
      rec(e.list, bound);
      rec(e.expression, new Set(bound).add(e.accumulator).add(e.variable));
      return out;
    }
    case 'PatternComprehension':
    case 'PatternPredicate': {
      const inner = new Set(bound);
      const vars = patternVariables(e.pattern);
      if (e.kind === 'PatternComprehension') for (const v of vars) inner.add(v.name);
      else for (const v of vars) if (!bound.has(v.name)) out.add(v.name);
      for (const c of children(e)) rec(c, inner);
      return out;
    }
    case 'MapProjection':
      if (!bound.has(e.variable)) out.add(e.variable);
      for (const item of e.items) {
        if (item.kind === 'LiteralEntry') rec(item.value, bound);
        else if (item.kind === 'VariableSelector' && !bound.has(item.name)) out.add(item.name);
      }
      return out;
    case 'Exists':
    case 'CountSubquery':
      // a subquery may read any outer variable; treat it as reading none statically known
      return out;
    default:
      for (const c of children(e)) rec(c, bound);
      return out;
  }
}

const shapes = new WeakMap<object, string>();

/** Structural identity of an expression, ignoring positions (for grouping-key and ORDER BY matching). */
export function shapeOf(e: Expression): string {
  let key = shapes.get(e);
  if (key === undefined) {
    key = shapeKey(e);
    shapes.set(e, key);
  }
  return key;
}

function shapeKey(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'bigint':
      return `${v}n`;
    case 'number':
    case 'boolean':
      return String(v);
    case 'object': {
      if (v === null) return 'null';
      let out: string;
      if (Array.isArray(v)) out = `[${v.map(shapeKey).join(',')}]`;
      else {
        out = '{';
        for (const [k, x] of Object.entries(v)) if (k !== 'pos') out += `${k}:${shapeKey(x)},`;
        out += '}';
      }
      return out;
    }
    default:
      return 'undefined';
  }
}
