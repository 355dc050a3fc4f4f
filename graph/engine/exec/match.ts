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
import type { Direction, RelData } from '../store/index.js';
import { isMap, NodeValue, parseElementId, PathValue, RelationshipValue, TemporalValue, type CypherValue, type PropertyValue } from '../values.js';
import { tick, type ExecContext, type Row } from './context.js';
import { evaluate, freeVariables, parameterValue } from './expressions.js';

/** Called with every match bound in the working row; return true to stop the search. */
export type Emit = () => boolean;

/** Matches one pattern part (pattern comprehensions, pattern predicates, MERGE). */
export function matchPatternPart(ctx: ExecContext, part: PatternPart, row: Row, where: Expression | null, emit: Emit): void {
  matcherFor(ctx, part, [part], where).run(row, emit);
}

/**
 * Matches pattern parts with shared relationship uniqueness; `where` is checked on each complete
 * match. Bindings are made in `row` itself (pass a copy or a child scope). `key` identifies the
 * call site (the clause), so the matcher's buffers are reused across input rows.
 */
export function matchPattern(ctx: ExecContext, key: object, parts: readonly PatternPart[], row: Row, where: Expression | null, emit: Emit): void {
  matcherFor(ctx, key, parts, where).run(row, emit);
}

function matcherFor(ctx: ExecContext, key: object, parts: readonly PatternPart[], where: Expression | null): Matcher {
  let m = ctx.matchers.get(key) as Matcher | undefined;
  if (!m || m.busy) {
    m = new Matcher(ctx, parts, where);
    if (!ctx.matchers.has(key)) ctx.matchers.set(key, m);
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Property constraints
// ---------------------------------------------------------------------------------------------

/** A property map resolved for one search: fixed entries, or an expression to evaluate per candidate. */
type PropertyConstraint = null | { entries: [string, CypherValue][]; literal?: MapLiteral } | { dynamic: MapLiteral };

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

/**
 * `previous` is what the same call site resolved last time: a map literal's entries are
 * re-evaluated into it in place (a search reads them only while it runs, and a part's search is
 * never nested in itself), saving three allocations per pattern element per input row.
 */
function resolveProperties(props: MapLiteral | Parameter | null, row: Row, ctx: ExecContext, previous: PropertyConstraint): PropertyConstraint {
  if (!props) return null;
  if (props.kind === 'Parameter') {
    const m = parameterValue(props, ctx);
    if (m === null) return { entries: [] };
    if (!isMap(m)) throw typeError(`Expected a map of properties but got ${String(m)}`, 'InvalidArgumentType', props.pos);
    return { entries: Object.entries(m) };
  }
  const n = props.entries.length;
  if (n === 0) return null;
  if (!allBound(varsOf(props), row)) return { dynamic: props };
  if (previous !== null && 'literal' in previous && previous.literal === props) {
    const entries = previous.entries;
    for (let i = 0; i < n; i++) entries[i]![1] = evaluate(props.entries[i]!.value, row, ctx);
    return previous;
  }
  const entries: [string, CypherValue][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const { key, value } = props.entries[i]!;
    entries[i] = [key, evaluate(value, row, ctx)];
  }
  return { entries, literal: props };
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
  // A map that refers to a variable bound later in this pattern is checked when the part is complete.
  if (!allBound(varsOf(c.dynamic), row)) return true;
  for (const { key, value } of c.dynamic.entries) {
    const have = stored[key];
    if (have === undefined || equals(have, evaluate(value, row, ctx)) !== true) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// WHERE conjuncts usable as index lookups: `n.k = expr` / `expr = n.k`
// ---------------------------------------------------------------------------------------------

/**
 * Conjuncts of a WHERE that pin a node: `n.k = expr`, `n.k IN expr`, `id(n) = expr`,
 * `elementId(n) IN expr`... (either side of `=`).
 */
interface Hint {
  by: 'property' | 'id' | 'elementid';
  key: string;
  value: Expression;
  list: boolean;
}
type Hints = Map<string, Hint[]>;
const hintCache = new WeakMap<Expression, Hints>();

function hintTarget(e: Expression): { variable: string; by: Hint['by']; key: string } | null {
  if (e.kind === 'Property' && e.object.kind === 'Variable') return { variable: e.object.name, by: 'property', key: e.key };
  if (e.kind === 'FunctionCall' && (e.name === 'id' || e.name === 'elementid') && e.args.length === 1 && e.args[0]!.kind === 'Variable') {
    return { variable: e.args[0].name, by: e.name, key: '' };
  }
  return null;
}

function indexHints(where: Expression): Hints {
  let hints = hintCache.get(where);
  if (hints) return hints;
  const found: Hints = new Map();
  const add = (t: { variable: string; by: Hint['by']; key: string }, value: Expression, list: boolean) => {
    const entries = found.get(t.variable) ?? [];
    entries.push({ by: t.by, key: t.key, value, list });
    found.set(t.variable, entries);
  };
  const visit = (e: Expression) => {
    if (e.kind === 'Binary' && e.op === 'AND') {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (e.kind === 'In') {
      const t = hintTarget(e.element);
      if (t) add(t, e.list, true);
      return;
    }
    if (e.kind !== 'Comparison' || e.ops.length !== 1 || e.ops[0] !== '=') return;
    const [l, r] = e.operands as [Expression, Expression];
    const tl = hintTarget(l);
    if (tl) add(tl, r, false);
    const tr = hintTarget(r);
    if (tr) add(tr, l, false);
  };
  visit(where);
  hintCache.set(where, found);
  return found;
}

/** Node ids named by `id(n) = v` / `elementId(n) IN v`; null when the value cannot name nodes (then scan). */
function nodeIdsFrom(by: 'id' | 'elementid', value: CypherValue, list: boolean): number[] | null {
  const items = list ? value : [value];
  if (!Array.isArray(items)) return null;
  const ids: number[] = [];
  for (const v of items) {
    if (by === 'id') {
      if (typeof v === 'bigint') ids.push(Number(v));
      else if (v !== null) return null;
    } else if (typeof v === 'string') {
      const parsed = parseElementId(v);
      if (parsed && parsed.kind === 'node') ids.push(parsed.id);
    } else if (v !== null) return null;
  }
  return ids.length > 1 ? [...new Set(ids)] : ids;
}

/** Storable values (temporal ones included: the store keys them by their canonical text). */
function isIndexable(v: CypherValue): v is PropertyValue {
  return v !== null && (typeof v !== 'object' || Array.isArray(v) || v instanceof TemporalValue);
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

/** Per pattern part: resolved constraints and the positions bound so far. */
class PartState {
  readonly nodeProps: PropertyConstraint[];
  readonly relProps: PropertyConstraint[];
  readonly relTypes: (readonly string[] | null)[];
  readonly nodeIds: number[];
  readonly relIds: number[];
  readonly segments: Segment[];
  steps: Step[] = [];
  start = 0;
  hasDynamic = false;
  constructor(readonly part: PatternPart) {
    this.relTypes = part.relationships.map((rp) => (rp.types.length ? rp.types : null));
    this.nodeProps = new Array<PropertyConstraint>(part.nodes.length).fill(null);
    this.relProps = new Array<PropertyConstraint>(part.relationships.length).fill(null);
    this.nodeIds = new Array(part.nodes.length).fill(-1);
    this.relIds = new Array(part.relationships.length).fill(-1);
    this.segments = part.relationships.map((_, k) => ({ rels: [], nodes: [], forward: k >= 0 }));
  }
}

/**
 * The search for one call site. Continuations are (part, step) indexes rather than closures, so
 * the hot loop allocates nothing but the values it binds.
 */
class Matcher {
  busy = false;
  private row: Row = Object.create(null) as Row;
  private emit: Emit = () => false;
  private readonly used = new Set<number>();
  private readonly states: PartState[];

  constructor(
    private readonly ctx: ExecContext,
    private readonly parts: readonly PatternPart[],
    private readonly where: Expression | null,
  ) {
    this.states = parts.map((p) => new PartState(p));
  }

  run(row: Row, emit: Emit): void {
    this.busy = true;
    this.row = row;
    this.emit = emit;
    this.used.clear();
    try {
      this.startPart(0);
    } finally {
      this.busy = false;
    }
  }

  private startPart(pi: number): boolean {
    const ctx = this.ctx;
    if (pi === this.parts.length) {
      if (this.where && evaluate(this.where, this.row, ctx) !== true) return false;
      return this.emit();
    }
    const st = this.states[pi]!;
    const part = st.part;
    if (part.shortest) throw notSupported(`${part.shortest}()`, part.pos);
    const row = this.row;
    // resolved in place: a part's search runs once per completion of the part before it, never nested
    let dynamic = false;
    const nodes = part.nodes;
    for (let p = 0; p < nodes.length; p++) {
      const c = resolveProperties(nodes[p]!.properties, row, ctx, st.nodeProps[p]!);
      st.nodeProps[p] = c;
      if (c !== null && 'dynamic' in c) dynamic = true;
    }
    const rels = part.relationships;
    for (let k = 0; k < rels.length; k++) {
      const c = resolveProperties(rels[k]!.properties, row, ctx, st.relProps[k]!);
      st.relProps[k] = c;
      if (c !== null && 'dynamic' in c) dynamic = true;
    }
    st.hasDynamic = dynamic;
    const hints = this.where ? indexHints(this.where) : null;
    const { start, candidates } = chooseStart(ctx, part, row, st.nodeProps, hints);
    st.start = start;
    st.steps = stepsFrom(part, start);
    for (const id of candidates) {
      tick(ctx);
      if (this.tryNode(pi, start, id, 0)) return true;
    }
    return false;
  }

  private tryNode(pi: number, p: number, id: number, nextStep: number): boolean {
    const st = this.states[pi]!;
    const np = st.part.nodes[p]!;
    const row = this.row;
    const v = np.variable;
    let bind = false;
    if (v !== null) {
      const cur = row[v];
      if (cur !== undefined) {
        if (!(cur instanceof NodeValue) || cur.id !== id) return false;
      } else bind = true;
    }
    const data = this.ctx.store.node(id);
    if (!data) return false;
    const labels = np.labels;
    for (let i = 0; i < labels.length; i++) if (!data.labels.has(labels[i]!)) return false;
    const c = st.nodeProps[p]!;
    if (c !== null && !propertiesMatch(c, data.props, row, this.ctx)) return false;
    if (bind) row[v!] = new NodeValue(id, this.ctx.store);
    let stop = false;
    if (!np.where || evaluate(np.where, row, this.ctx) === true) {
      st.nodeIds[p] = id;
      stop = this.step(pi, nextStep);
    }
    if (bind) row[v!] = undefined;
    return stop;
  }

  /** Property maps that had to wait for variables bound later in the part (see propertiesMatch). */
  private deferredHold(st: PartState): boolean {
    const store = this.ctx.store;
    for (let p = 0; p < st.nodeProps.length; p++) {
      const c = st.nodeProps[p]!;
      if (c === null || !('dynamic' in c)) continue;
      const n = store.node(st.nodeIds[p]!);
      if (!n || !propertiesMatch(c, n.props, this.row, this.ctx)) return false;
    }
    for (let k = 0; k < st.relProps.length; k++) {
      const c = st.relProps[k]!;
      if (c === null || !('dynamic' in c)) continue;
      const ids = st.part.relationships[k]!.range ? st.segments[k]!.rels : [st.relIds[k]!];
      for (const id of ids) {
        const r = store.rel(id);
        if (!r || !propertiesMatch(c, r.props, this.row, this.ctx)) return false;
      }
    }
    return true;
  }

  private completePart(pi: number): boolean {
    const st = this.states[pi]!;
    if (st.hasDynamic && !this.deferredHold(st)) return false;
    const pv = st.part.pathVariable;
    if (pv === null) return this.startPart(pi + 1);
    const row = this.row;
    if (row[pv] !== undefined) return false; // a path variable cannot be rebound (the parser rejects it)
    row[pv] = buildPath(this.ctx, st.part, st.nodeIds, st.relIds, st.segments);
    const stop = this.startPart(pi + 1);
    row[pv] = undefined;
    return stop;
  }

  private step(pi: number, i: number): boolean {
    const st = this.states[pi]!;
    if (i === st.steps.length) return this.completePart(pi);
    const { rel: k, forward } = st.steps[i]!;
    const rp = st.part.relationships[k]!;
    const fromId = st.nodeIds[forward ? k : k + 1]!;
    const node = this.ctx.store.node(fromId);
    if (!node) return false;
    const dir = directionOf(rp, forward);
    if (rp.range) {
      const seg = st.segments[k]!;
      seg.rels.length = 0;
      seg.nodes.length = 0;
      seg.forward = forward;
      return this.expandVar(pi, i, fromId, 0);
    }
    const types = st.relTypes[k]!;
    const to = forward ? k + 1 : k;
    // The other end already bound (MERGE (a)-[:T]->(b) between matched nodes): look the
    // relationships up between the two instead of scanning the adjacency of a busy node.
    const toVariable = st.part.nodes[to]!.variable;
    const toBound = toVariable !== null ? this.row[toVariable] : undefined;
    if (toBound instanceof NodeValue) {
      const toId = toBound.id;
      if (dir !== 'in') {
        const list = this.ctx.store.relationshipsBetween(fromId, 'out', toId);
        for (let j = 0; j < list.length; j++) {
          const r = list[j]!;
          if ((types === null || types.includes(r.type)) && this.tryRel(pi, i, k, to, r, toId)) return true;
        }
      }
      // 'both' has visited a self-loop going out already
      if (dir === 'in' || (dir === 'both' && fromId !== toId)) {
        const list = this.ctx.store.relationshipsBetween(fromId, 'in', toId);
        for (let j = 0; j < list.length; j++) {
          const r = list[j]!;
          if ((types === null || types.includes(r.type)) && this.tryRel(pi, i, k, to, r, toId)) return true;
        }
      }
      return false;
    }
    if (toBound !== undefined) return false;
    if (dir !== 'in') {
      const list = node.out;
      for (let j = 0; j < list.length; j++) {
        const r = list[j]!;
        if (types !== null && !types.includes(r.type)) continue;
        if (this.tryRel(pi, i, k, to, r, r.end)) return true;
      }
    }
    if (dir !== 'out') {
      const list = node.in;
      for (let j = 0; j < list.length; j++) {
        const r = list[j]!;
        if (dir === 'both' && r.start === r.end) continue;
        if (types !== null && !types.includes(r.type)) continue;
        if (this.tryRel(pi, i, k, to, r, r.start)) return true;
      }
    }
    return false;
  }

  private tryRel(pi: number, i: number, k: number, to: number, r: RelData, otherId: number): boolean {
    tick(this.ctx);
    const relId = r.id;
    if (this.used.has(relId)) return false;
    const st = this.states[pi]!;
    const c = st.relProps[k]!;
    const row = this.row;
    if (c !== null && !propertiesMatch(c, r.props, row, this.ctx)) return false;
    const rp = st.part.relationships[k]!;
    const rv = rp.variable;
    let bind = false;
    if (rv !== null) {
      const cur = row[rv];
      if (cur !== undefined) {
        if (!(cur instanceof RelationshipValue) || cur.id !== relId) return false;
      } else {
        row[rv] = new RelationshipValue(relId, this.ctx.store);
        bind = true;
      }
    }
    let stop = false;
    if (!rp.where || evaluate(rp.where, row, this.ctx) === true) {
      this.used.add(relId);
      st.relIds[k] = relId;
      stop = this.tryNode(pi, to, otherId, i + 1);
      this.used.delete(relId);
    }
    if (bind) row[rv!] = undefined;
    return stop;
  }

  /** Variable length: depth-first over trails, yielding every depth within [min, max]. */
  private expandVar(pi: number, i: number, cur: number, depth: number): boolean {
    const ctx = this.ctx;
    tick(ctx);
    const st = this.states[pi]!;
    const { rel: k, forward } = st.steps[i]!;
    const rp = st.part.relationships[k]!;
    const range = rp.range!;
    const min = range.min ?? 1;
    const max = range.max ?? Infinity;
    const seg = st.segments[k]!;
    if (depth >= min && this.atDepth(pi, i, k, forward ? k + 1 : k, cur)) return true;
    if (depth >= max) return false;
    const node = ctx.store.node(cur);
    if (!node) return false;
    const dir = directionOf(rp, forward);
    const types = st.relTypes[k]!;
    const c = st.relProps[k]!;
    const used = this.used;
    if (dir !== 'in') {
      const list = node.out;
      for (let j = 0; j < list.length; j++) {
        const r = list[j]!;
        if ((types !== null && !types.includes(r.type)) || used.has(r.id)) continue;
        if (c !== null && !propertiesMatch(c, r.props, this.row, ctx)) continue;
        used.add(r.id);
        seg.rels.push(r.id);
        seg.nodes.push(r.end);
        const stop = this.expandVar(pi, i, r.end, depth + 1);
        seg.rels.pop();
        seg.nodes.pop();
        used.delete(r.id);
        if (stop) return true;
      }
    }
    if (dir !== 'out') {
      const list = node.in;
      for (let j = 0; j < list.length; j++) {
        const r = list[j]!;
        if (dir === 'both' && r.start === r.end) continue;
        if ((types !== null && !types.includes(r.type)) || used.has(r.id)) continue;
        if (c !== null && !propertiesMatch(c, r.props, this.row, ctx)) continue;
        used.add(r.id);
        seg.rels.push(r.id);
        seg.nodes.push(r.start);
        const stop = this.expandVar(pi, i, r.start, depth + 1);
        seg.rels.pop();
        seg.nodes.pop();
        used.delete(r.id);
        if (stop) return true;
      }
    }
    return false;
  }

  private atDepth(pi: number, i: number, k: number, to: number, cur: number): boolean {
    const st = this.states[pi]!;
    const rv = st.part.relationships[k]!.variable;
    if (rv === null) return this.tryNode(pi, to, cur, i + 1);
    const seg = st.segments[k]!;
    const ids = seg.forward ? seg.rels : [...seg.rels].reverse();
    const row = this.row;
    const bound = row[rv];
    if (bound !== undefined) {
      if (!sameRelationships(bound, ids)) return false;
      return this.tryNode(pi, to, cur, i + 1);
    }
    row[rv] = ids.map((id) => new RelationshipValue(id, this.ctx.store));
    const stop = this.tryNode(pi, to, cur, i + 1);
    row[rv] = undefined;
    return stop;
  }
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
  segments: Segment[],
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

interface StartChoice {
  start: number;
  candidates: Iterable<number>;
  cost: number;
}

const EMPTY_CANDIDATES: readonly number[] = [];

function consider(best: StartChoice, start: number, candidates: Iterable<number>, cost: number): void {
  if (best.start < 0 || cost < best.cost) {
    best.start = start;
    best.candidates = candidates;
    best.cost = cost;
  }
}

function chooseStart(
  ctx: ExecContext,
  part: PatternPart,
  row: Row,
  nodeProps: PropertyConstraint[],
  hints: Hints | null,
): { start: number; candidates: Iterable<number> } {
  const store = ctx.store;
  // the cheapest start so far (no closure: this runs once per input row)
  const best: StartChoice = { start: -1, candidates: EMPTY_CANDIDATES, cost: Infinity };
  for (let p = 0; p < part.nodes.length; p++) {
    const np: NodePattern = part.nodes[p]!;
    if (np.variable !== null) {
      const bound = row[np.variable];
      if (bound !== undefined) {
        return { start: p, candidates: bound instanceof NodeValue ? [bound.id] : [] };
      }
    }
    const c = nodeProps[p];
    const h = np.variable !== null && hints ? hints.get(np.variable) : undefined;
    // The common case, a label and a property map (`(a:L {id: row.from})`): look up directly.
    if (!h && c && 'entries' in c) {
      for (const label of np.labels) {
        for (const [key, value] of c.entries) {
          if (value === null) return { start: p, candidates: [] };
          if (!isIndexable(value)) continue;
          const hit = store.lookupNodes(label, key, value);
          if (hit) consider(best, p, hit, hit.size);
        }
        consider(best, p, store.nodesByLabel(label), store.labelCount(label) + 1);
      }
      continue;
    }
    const equalities: [string, CypherValue, boolean][] = [];
    if (c && 'entries' in c) for (const [k, v] of c.entries) equalities.push([k, v, false]);
    if (h) {
      for (const hint of h) {
        const vars = varsOf(hint.value);
        if (vars.has(np.variable!) || !allBound(vars, row)) continue;
        const value = evaluate(hint.value, row, ctx);
        if (hint.by === 'property') {
          equalities.push([hint.key, value, hint.list]);
          continue;
        }
        const ids = nodeIdsFrom(hint.by, value, hint.list);
        if (ids) consider(best, p, ids, ids.length);
      }
    }
    for (const label of np.labels) {
      for (const [key, value, list] of equalities) {
        if (value === null) return { start: p, candidates: [] };
        if (!list) {
          if (!isIndexable(value)) continue;
          const hit = store.lookupNodes(label, key, value);
          if (hit) consider(best, p, hit, hit.size);
        } else if (Array.isArray(value) && store.hasNodeIndex(label, key)) {
          const union = new Set<number>();
          for (const v of value) {
            if (!isIndexable(v)) continue;
            for (const id of store.lookupNodes(label, key, v)!) union.add(id);
          }
          consider(best, p, union, union.size);
        }
      }
      consider(best, p, store.nodesByLabel(label), store.labelCount(label) + 1);
    }
  }
  // a bound relationship pins its endpoints
  for (let k = 0; k < part.relationships.length; k++) {
    const rv = part.relationships[k]!.variable;
    const bound = rv !== null && !part.relationships[k]!.range ? row[rv] : undefined;
    if (bound !== undefined) {
      if (!(bound instanceof RelationshipValue) || !store.relExists(bound.id)) return { start: k, candidates: [] };
      const { start, end } = store.relEndpoints(bound.id);
      consider(best, k, start === end ? [start] : [start, end], 1);
    }
  }
  // no better anchor: a typed relationship can start from its type index instead of every node
  const chosen = best.start >= 0 ? best : null;
  const allCost = store.nodeCount();
  let typed: { k: number; cost: number } | null = null;
  for (let k = 0; k < part.relationships.length; k++) {
    const rp = part.relationships[k]!;
    if (rp.range || rp.types.length === 0) continue;
    let cost = 0;
    for (const t of rp.types) cost += store.typeCount(t);
    if (!typed || cost < typed.cost) typed = { k, cost };
  }
  if (typed && typed.cost < (chosen?.cost ?? allCost)) {
    const rp = part.relationships[typed.k]!;
    const ends = new Set<number>();
    for (const t of rp.types) {
      for (const id of store.relsByType(t)) {
        const r = store.rel(id)!;
        if (rp.direction !== 'left') ends.add(r.start);
        if (rp.direction !== 'right') ends.add(r.end);
      }
    }
    return { start: typed.k, candidates: ends };
  }
  if (chosen) return chosen;
  return { start: 0, candidates: store.allNodeIds() };
}
