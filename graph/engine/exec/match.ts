/**
 * The pattern matcher: depth-first search over the store with bindings made in place on one
 * working row (undone on backtrack), so a match allocates only the values it binds.
 *
 * Each pattern part starts from its most selective node — a bound variable, then a property
 * index hit (from the node's property map or a `WHERE n.k = expr` conjunct), then the smallest
 * label, then every node — and expands along the chain in both directions from there.
 * Relationships are unique across the whole MATCH (trail semantics for variable length).
 */
import type { Expression, MapLiteral, NodePattern, Parameter, PatternPart, RelationshipPattern } from '../ast.js';
import { notSupported, typeError } from '../errors.js';
import { equals } from '../functions/compare.js';
import type { Direction } from '../store/index.js';
import { isMap, NodeValue, PathValue, RelationshipValue, type CypherValue, type PropertyValue } from '../values.js';
import { tick, type ExecContext, type Row } from './context.js';
import { evaluate, freeVariables, parameterValue } from './expressions.js';

/** Called with every match bound in the working row; return true to stop the search. */
export type Emit = () => boolean;

/** Matches one pattern part (pattern comprehensions, pattern predicates, MERGE). */
export function matchPatternPart(ctx: ExecContext, part: PatternPart, row: Row, where: Expression | null, emit: Emit): void {
  matchPattern(ctx, [part], row, where, emit);
}

/**
 * Matches pattern parts with shared relationship uniqueness; `where` is checked on each complete
 * match. Bindings are made in `row` itself (pass a copy or a child scope).
 */
export function matchPattern(ctx: ExecContext, parts: readonly PatternPart[], row: Row, where: Expression | null, emit: Emit): void {
  const used = new Set<number>();
  const hints = where ? indexHints(where) : null;
  const run = (pi: number): boolean => {
    if (pi === parts.length) {
      if (where && evaluate(where, row, ctx) !== true) return false;
      return emit();
    }
    return matchPart(ctx, parts[pi]!, row, used, hints, () => run(pi + 1));
  };
  run(0);
}

// ---------------------------------------------------------------------------------------------
// Property constraints
// ---------------------------------------------------------------------------------------------

/** A property map resolved for one search: fixed entries, or an expression to evaluate per candidate. */
type PropertyConstraint = null | { entries: [string, CypherValue][] } | { dynamic: MapLiteral };

const freeVarCache = new WeakMap<object, Set<string>>();
function varsOf(e: object): Set<string> {
  let s = freeVarCache.get(e);
  if (!s) {
    s = freeVariables(e);
    freeVarCache.set(e, s);
  }
  return s;
}

function allBound(vars: Set<string>, row: Row): boolean {
  for (const v of vars) if (row[v] === undefined) return false;
  return true;
}

function resolveProperties(props: MapLiteral | Parameter | null, row: Row, ctx: ExecContext): PropertyConstraint {
  if (!props) return null;
  if (props.kind === 'Parameter') {
    const m = parameterValue(props, ctx);
    if (m === null) return { entries: [] };
    if (!isMap(m)) throw typeError(`Expected a map of properties but got ${String(m)}`, 'InvalidArgumentType', props.pos);
    return { entries: Object.entries(m) };
  }
  if (props.entries.length === 0) return null;
  if (!allBound(varsOf(props), row)) return { dynamic: props };
  return { entries: props.entries.map(({ key, value }) => [key, evaluate(value, row, ctx)] as [string, CypherValue]) };
}

function propertiesMatch(c: PropertyConstraint, stored: Record<string, PropertyValue>, row: Row, ctx: ExecContext): boolean {
  if (c === null) return true;
  if ('entries' in c) {
    for (const [k, v] of c.entries) {
      const have = stored[k];
      if (have === undefined || equals(have, v) !== true) return false;
    }
    return true;
  }
  for (const { key, value } of c.dynamic.entries) {
    const have = stored[key];
    if (have === undefined || equals(have, evaluate(value, row, ctx)) !== true) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// WHERE conjuncts usable as index lookups: `n.k = expr` / `expr = n.k`
// ---------------------------------------------------------------------------------------------

type Hints = Map<string, { key: string; value: Expression }[]>;
const hintCache = new WeakMap<Expression, Hints>();

function indexHints(where: Expression): Hints {
  let hints = hintCache.get(where);
  if (hints) return hints;
  hints = new Map();
  const visit = (e: Expression) => {
    if (e.kind === 'Binary' && e.op === 'AND') {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (e.kind !== 'Comparison' || e.ops.length !== 1 || e.ops[0] !== '=') return;
    const [l, r] = e.operands as [Expression, Expression];
    for (const [prop, value] of [[l, r], [r, l]] as const) {
      if (prop.kind === 'Property' && prop.object.kind === 'Variable') {
        const list = hints!.get(prop.object.name) ?? [];
        list.push({ key: prop.key, value });
        hints!.set(prop.object.name, list);
      }
    }
  };
  visit(where);
  hintCache.set(where, hints);
  return hints;
}

function isIndexable(v: CypherValue): v is PropertyValue {
  return v !== null && (typeof v !== 'object' || Array.isArray(v));
}

// ---------------------------------------------------------------------------------------------
// One pattern part
// ---------------------------------------------------------------------------------------------

interface Step {
  rel: number;
  forward: boolean;
}
const stepCache = new WeakMap<PatternPart, Step[][]>();

function stepsFrom(part: PatternPart, start: number): Step[] {
  let perStart = stepCache.get(part);
  if (!perStart) {
    perStart = [];
    stepCache.set(part, perStart);
  }
  let steps = perStart[start];
  if (!steps) {
    steps = [];
    for (let k = start; k < part.relationships.length; k++) steps.push({ rel: k, forward: true });
    for (let k = start - 1; k >= 0; k--) steps.push({ rel: k, forward: false });
    perStart[start] = steps;
  }
  return steps;
}

function directionOf(rp: RelationshipPattern, forward: boolean): Direction {
  if (rp.direction === 'both') return 'both';
  return (rp.direction === 'right') === forward ? 'out' : 'in';
}

interface Segment {
  rels: number[];
  nodes: number[];
  forward: boolean;
}

function matchPart(
  ctx: ExecContext,
  part: PatternPart,
  row: Row,
  used: Set<number>,
  hints: Hints | null,
  cont: () => boolean,
): boolean {
  if (part.shortest) throw notSupported(`${part.shortest}()`, part.pos);
  const store = ctx.store;
  const nodes = part.nodes;
  const rels = part.relationships;
  const nodeProps = nodes.map((np) => resolveProperties(np.properties, row, ctx));
  const relProps = rels.map((rp) => resolveProperties(rp.properties, row, ctx));
  const relTypes = rels.map((rp) => (rp.types.length ? rp.types : null));
  const nodeIds: number[] = new Array(nodes.length).fill(-1);
  const relIds: number[] = new Array(rels.length).fill(-1);
  const segments: (Segment | null)[] = new Array(rels.length).fill(null);

  const { start, candidates } = chooseStart(ctx, part, row, nodeProps, hints);
  const steps = stepsFrom(part, start);

  const tryNode = (p: number, id: number, next: () => boolean): boolean => {
    const np = nodes[p]!;
    const v = np.variable;
    let bind = false;
    if (v !== null) {
      const cur = row[v];
      if (cur !== undefined) {
        if (!(cur instanceof NodeValue) || cur.id !== id) return false;
      } else bind = true;
    }
    const data = store.node(id);
    if (!data) return false;
    for (const l of np.labels) if (!data.labels.has(l)) return false;
    if (!propertiesMatch(nodeProps[p]!, data.props, row, ctx)) return false;
    if (bind) row[v!] = new NodeValue(id, store);
    let stop = false;
    if (!np.where || evaluate(np.where, row, ctx) === true) {
      nodeIds[p] = id;
      stop = next();
    }
    if (bind) row[v!] = undefined;
    return stop;
  };

  const complete = (): boolean => {
    const pv = part.pathVariable;
    if (pv === null) return cont();
    const path = buildPath(ctx, part, nodeIds, relIds, segments);
    const prev = row[pv];
    if (prev !== undefined) return false; // a path variable cannot be rebound (parser rejects it)
    row[pv] = path;
    const stop = cont();
    row[pv] = undefined;
    return stop;
  };

  const step = (i: number): boolean => {
    if (i === steps.length) return complete();
    const { rel: k, forward } = steps[i]!;
    const rp = rels[k]!;
    const to = forward ? k + 1 : k;
    const fromId = nodeIds[forward ? k : k + 1]!;
    const dir = directionOf(rp, forward);
    const types = relTypes[k]!;
    const props = relProps[k]!;
    const rv = rp.variable;

    if (!rp.range) {
      let stop = false;
      store.forEachRelationship(fromId, dir, types, (relId, otherId, rel) => {
        tick(ctx);
        if (used.has(relId)) return false;
        if (!propertiesMatch(props, rel.props, row, ctx)) return false;
        let bind = false;
        if (rv !== null) {
          const cur = row[rv];
          if (cur !== undefined) {
            if (!(cur instanceof RelationshipValue) || cur.id !== relId) return false;
          } else {
            row[rv] = new RelationshipValue(relId, store);
            bind = true;
          }
        }
        if (!rp.where || evaluate(rp.where, row, ctx) === true) {
          used.add(relId);
          relIds[k] = relId;
          stop = tryNode(to, otherId, () => step(i + 1));
          used.delete(relId);
        }
        if (bind) row[rv!] = undefined;
        return stop;
      });
      return stop;
    }

    // Variable length: depth-first over trails, yielding every depth within [min, max].
    const min = rp.range.min ?? 1;
    const max = rp.range.max ?? Infinity;
    const seg: Segment = { rels: [], nodes: [], forward };
    segments[k] = seg;
    const boundList = rv !== null ? row[rv] : undefined;
    const relList = (): CypherValue[] => {
      const ids = forward ? seg.rels : [...seg.rels].reverse();
      return ids.map((id) => new RelationshipValue(id, store));
    };
    const atDepth = (cur: number): boolean => {
      if (rv === null) return tryNode(to, cur, () => step(i + 1));
      if (boundList !== undefined) {
        if (!sameRelationships(boundList, forward ? seg.rels : [...seg.rels].reverse())) return false;
        return tryNode(to, cur, () => step(i + 1));
      }
      row[rv] = relList();
      const stop = tryNode(to, cur, () => step(i + 1));
      row[rv] = undefined;
      return stop;
    };
    const dfs = (cur: number, depth: number): boolean => {
      tick(ctx);
      if (depth >= min && atDepth(cur)) return true;
      if (depth >= max) return false;
      let stop = false;
      store.forEachRelationship(cur, dir, types, (relId, otherId, rel) => {
        if (used.has(relId)) return false;
        if (!propertiesMatch(props, rel.props, row, ctx)) return false;
        used.add(relId);
        seg.rels.push(relId);
        seg.nodes.push(otherId);
        stop = dfs(otherId, depth + 1);
        seg.rels.pop();
        seg.nodes.pop();
        used.delete(relId);
        return stop;
      });
      return stop;
    };
    return dfs(fromId, 0);
  };

  for (const id of candidates) {
    tick(ctx);
    if (tryNode(start, id, () => step(0))) return true;
  }
  return false;
}

function sameRelationships(bound: CypherValue, ids: number[]): boolean {
  if (!Array.isArray(bound) || bound.length !== ids.length) return false;
  return bound.every((r, i) => r instanceof RelationshipValue && r.id === ids[i]);
}

function buildPath(
  ctx: ExecContext,
  part: PatternPart,
  nodeIds: number[],
  relIds: number[],
  segments: (Segment | null)[],
): PathValue {
  const store = ctx.store;
  const nodes: NodeValue[] = [new NodeValue(nodeIds[0]!, store)];
  const rels: RelationshipValue[] = [];
  for (let k = 0; k < part.relationships.length; k++) {
    const seg = segments[k];
    if (!part.relationships[k]!.range || !seg) {
      rels.push(new RelationshipValue(relIds[k]!, store));
      nodes.push(new NodeValue(nodeIds[k + 1]!, store));
      continue;
    }
    const n = seg.rels.length;
    if (seg.forward) {
      for (let j = 0; j < n; j++) {
        rels.push(new RelationshipValue(seg.rels[j]!, store));
        nodes.push(new NodeValue(seg.nodes[j]!, store));
      }
    } else {
      // traversed from node k+1 back to node k: replay in pattern order
      for (let j = n - 1; j >= 0; j--) {
        rels.push(new RelationshipValue(seg.rels[j]!, store));
        nodes.push(new NodeValue(j === 0 ? nodeIds[k + 1]! : seg.nodes[j - 1]!, store));
      }
    }
  }
  return new PathValue(nodes, rels);
}

// ---------------------------------------------------------------------------------------------
// Choosing where to start
// ---------------------------------------------------------------------------------------------

function chooseStart(
  ctx: ExecContext,
  part: PatternPart,
  row: Row,
  nodeProps: PropertyConstraint[],
  hints: Hints | null,
): { start: number; candidates: Iterable<number> } {
  const store = ctx.store;
  let best: { start: number; candidates: Iterable<number>; cost: number } | null = null;
  const consider = (start: number, candidates: Iterable<number>, cost: number) => {
    if (!best || cost < best.cost) best = { start, candidates, cost };
  };
  for (let p = 0; p < part.nodes.length; p++) {
    const np: NodePattern = part.nodes[p]!;
    if (np.variable !== null) {
      const bound = row[np.variable];
      if (bound !== undefined) {
        return { start: p, candidates: bound instanceof NodeValue ? [bound.id] : [] };
      }
    }
    if (np.labels.length) {
      const equalities: [string, CypherValue][] = [];
      const c = nodeProps[p];
      if (c && 'entries' in c) equalities.push(...c.entries);
      const h = np.variable !== null && hints ? hints.get(np.variable) : undefined;
      if (h) {
        for (const { key, value } of h) {
          const vars = varsOf(value);
          if (vars.has(np.variable!) || !allBound(vars, row)) continue;
          equalities.push([key, evaluate(value, row, ctx)]);
        }
      }
      for (const label of np.labels) {
        for (const [key, value] of equalities) {
          if (value === null) return { start: p, candidates: [] };
          if (!isIndexable(value) || !store.hasNodeIndex(label, key)) continue;
          const hit = store.lookupNodes(label, key, value)!;
          consider(p, hit, hit.size);
        }
        consider(p, store.nodesByLabel(label), store.labelCount(label) + 1);
      }
    }
  }
  // a bound relationship pins its endpoints
  for (let k = 0; k < part.relationships.length; k++) {
    const rv = part.relationships[k]!.variable;
    const bound = rv !== null && !part.relationships[k]!.range ? row[rv] : undefined;
    if (bound !== undefined) {
      if (!(bound instanceof RelationshipValue) || !store.relExists(bound.id)) return { start: k, candidates: [] };
      const { start, end } = store.relEndpoints(bound.id);
      consider(k, start === end ? [start] : [start, end], 1);
    }
  }
  if (best) return best;
  return { start: 0, candidates: store.allNodeIds() };
}
