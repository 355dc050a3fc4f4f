/**
 * Updating clauses: CREATE, MERGE, SET, REMOVE, DELETE. Changes go straight to the store
 * transaction (so later rows and clauses see them) and are counted as Neo4j counts them.
 */
import type { DeleteClause, MergeClause, NodePattern, Pattern, PatternPart, Position, RemoveItem, SetItem } from '../ast.js';
import { CypherError, semanticError, typeError } from '../errors.js';
import { toPropertyValue } from '../functions/index.js';
import { typeName } from '../functions/types.js';
import { isMap, NodeValue, PathValue, RelationshipValue, type CypherMap, type CypherValue, type PropertyValue } from '../values.js';
import { copyRow, tick, type ExecContext, type Row } from './context.js';
import { evaluate, evaluateMap, freeVariables, parameterValue } from './expressions.js';
import { matchPattern } from './match.js';

// ---------------------------------------------------------------------------------------------
// Property maps
// ---------------------------------------------------------------------------------------------

function propertyMap(
  ctx: ExecContext,
  props: PatternPart['nodes'][number]['properties'],
  row: Row,
): CypherMap | null {
  if (!props) return null;
  if (props.kind === 'Parameter') {
    const v = parameterValue(props, ctx);
    if (v === null) return null;
    if (!isMap(v)) throw typeError(`Expected a map of properties but was ${typeName(v)}`, 'InvalidArgumentType', props.pos);
    return v;
  }
  return evaluateMap(props, row, ctx);
}

/** The properties of a pattern element without a property map (read only; the store copies what it keeps). */
const NO_PROPERTIES: Record<string, PropertyValue> = Object.freeze(Object.create(null) as Record<string, PropertyValue>);

/** Storable properties of a map; null values are left out. */
function storable(map: CypherMap | null, pos: Position): Record<string, PropertyValue> {
  if (!map) return NO_PROPERTIES;
  const out = Object.create(null) as Record<string, PropertyValue>;
  for (const k in map) {
    const v = toPropertyValue(map[k]!, pos);
    if (v !== null) out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CREATE
// ---------------------------------------------------------------------------------------------

/** Binds the created entities in the input row itself (each clause's rows are its own, never shared). */
export function runCreate(ctx: ExecContext, pattern: Pattern, row: Row): Row {
  for (const part of pattern.parts) createPart(ctx, part, row);
  return row;
}

function createNodeFor(ctx: ExecContext, np: NodePattern, row: Row): NodeValue {
  if (np.variable !== null) {
    const bound = row[np.variable];
    if (bound !== undefined) {
      if (bound instanceof NodeValue) return bound;
      if (bound === null) {
        throw semanticError(`Failed to create relationship, node \`${np.variable}\` is missing. If you prefer to simply ignore rows where a relationship node is missing, set 'cypher.lenient_create_relationship = true' in neo4j.conf`, np.pos, 'CreateBlockedByConstraint');
      }
      throw typeError(`Type mismatch: expected Node but was ${typeName(bound)}`, 'InvalidArgumentType', np.pos);
    }
  }
  const props = storable(propertyMap(ctx, np.properties, row), np.pos);
  const id = ctx.tx.createNode(np.labels, props);
  const c = ctx.counters;
  c.nodesCreated++;
  c.labelsAdded += new Set(np.labels).size;
  c.propertiesSet += Object.keys(props).length;
  const node = new NodeValue(id, ctx.store);
  if (np.variable !== null) row[np.variable] = node;
  return node;
}

function createPart(ctx: ExecContext, part: PatternPart, row: Row): void {
  tick(ctx);
  const nodes: NodeValue[] = [];
  const rels: RelationshipValue[] = [];
  let prev = createNodeFor(ctx, part.nodes[0]!, row);
  nodes.push(prev);
  for (let k = 0; k < part.relationships.length; k++) {
    const rp = part.relationships[k]!;
    const next = createNodeFor(ctx, part.nodes[k + 1]!, row);
    if (rp.types.length !== 1) {
      throw semanticError('Exactly one relationship type must be specified for CREATE', rp.pos, 'NoSingleRelationshipType');
    }
    if (rp.range) throw semanticError('Variable length relationships cannot be used in CREATE', rp.pos, 'CreatingVarLength');
    const props = storable(propertyMap(ctx, rp.properties, row), rp.pos);
    const [start, end] = rp.direction === 'left' ? [next, prev] : [prev, next];
    const id = ctx.tx.createRel(rp.types[0]!, start.id, end.id, props);
    ctx.counters.relationshipsCreated++;
    ctx.counters.propertiesSet += Object.keys(props).length;
    const rel = new RelationshipValue(id, ctx.store);
    if (rp.variable !== null) row[rp.variable] = rel;
    rels.push(rel);
    nodes.push(next);
    prev = next;
  }
  if (part.pathVariable !== null) row[part.pathVariable] = new PathValue(nodes, rels);
}

// ---------------------------------------------------------------------------------------------
// MERGE
// ---------------------------------------------------------------------------------------------

export function runMerge(ctx: ExecContext, clause: MergeClause, input: Row): Row[] {
  const part = clause.pattern;
  checkMergeNulls(ctx, part, input);
  // The input row is this clause's own (rows are never shared): the search binds in it (and
  // unbinds on backtrack), and when nothing matches, the creation binds in it too.
  const matches = collectMatches(ctx, clause, part, input);
  if (matches.length) {
    if (clause.onMatch.length) for (const m of matches) runSet(ctx, clause.onMatch, m);
    return matches;
  }
  createPart(ctx, part, input);
  if (clause.onCreate.length) runSet(ctx, clause.onCreate, input);
  return [input];
}

/** Where the MERGE match callback puts its copies (module state: a callback made per row costs more). */
let mergeMatches: Row[] = [];
let mergeWorking: Row = Object.create(null) as Row;
const collectMergeMatch = (): boolean => {
  mergeMatches.push(copyRow(mergeWorking));
  return false;
};

function collectMatches(ctx: ExecContext, clause: MergeClause, part: PatternPart, working: Row): Row[] {
  const outerMatches = mergeMatches;
  const outerWorking = mergeWorking;
  const matches: Row[] = [];
  mergeMatches = matches;
  mergeWorking = working;
  try {
    matchPattern(ctx, clause, mergeParts(part), working, null, collectMergeMatch);
  } finally {
    mergeMatches = outerMatches;
    mergeWorking = outerWorking;
  }
  return matches;
}

const partLists = new WeakMap<PatternPart, PatternPart[]>();
function mergeParts(part: PatternPart): PatternPart[] {
  let parts = partLists.get(part);
  if (!parts) {
    parts = [part];
    partLists.set(part, parts);
  }
  return parts;
}

/** MERGE cannot create an entity with a null property in its pattern (Neo4j: MergeReadOwnWrites). */
function checkMergeNulls(ctx: ExecContext, part: PatternPart, row: Row): void {
  for (let i = 0; i < part.nodes.length; i++) checkMergeElementNulls(ctx, part.nodes[i]!, row);
  for (let i = 0; i < part.relationships.length; i++) checkMergeElementNulls(ctx, part.relationships[i]!, row);
}

function checkMergeElementNulls(ctx: ExecContext, el: PatternPart['nodes'][number] | PatternPart['relationships'][number], row: Row): void {
  if (!el.properties || (el.kind === 'NodePattern' && el.variable !== null && row[el.variable] !== undefined)) return;
  const map = propertyMap(ctx, el.properties, row);
  if (!map) return;
  for (const k in map) {
    if (map[k] === null) {
      throw semanticError(
        `Cannot merge the following ${el.kind === 'NodePattern' ? 'node' : 'relationship'} because of null property value for '${k}'`,
        el.pos,
        'MergeReadOwnWrites',
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// SET / REMOVE
// ---------------------------------------------------------------------------------------------

function entityOf(v: CypherValue, pos: Position): NodeValue | RelationshipValue | null {
  if (v === null) return null;
  if (v instanceof NodeValue || v instanceof RelationshipValue) return v;
  throw typeError(`Type mismatch: expected Node or Relationship but was ${typeName(v)}`, 'InvalidArgumentType', pos);
}

function variableValue(row: Row, name: string, pos: Position): CypherValue {
  const v = row[name];
  if (v === undefined) throw semanticError(`Variable \`${name}\` not defined`, pos, 'UndefinedVariable');
  return v;
}

function currentProps(ctx: ExecContext, e: NodeValue | RelationshipValue): Record<string, PropertyValue> {
  return e instanceof NodeValue ? ctx.store.liveNode(e.id).props : ctx.store.liveRel(e.id).props;
}

function writeProps(ctx: ExecContext, e: NodeValue | RelationshipValue, changes: Record<string, PropertyValue | null>): void {
  if (e instanceof NodeValue) ctx.tx.setNodeProperties(e.id, changes);
  else ctx.tx.setRelProperties(e.id, changes);
}

/** The properties a SET `= value` / `+= value` takes from a map, node or relationship. */
function sourceMap(ctx: ExecContext, v: CypherValue, pos: Position): Record<string, CypherValue> {
  if (v === null) return Object.create(null) as Record<string, CypherValue>;
  if (v instanceof NodeValue) return ctx.store.liveNode(v.id).props;
  if (v instanceof RelationshipValue) return ctx.store.liveRel(v.id).props;
  if (isMap(v)) return v;
  throw typeError(`Type mismatch: expected a map but was ${typeName(v)}`, 'InvalidArgumentType', pos);
}

export function runSet(ctx: ExecContext, items: readonly SetItem[], row: Row): void {
  const plan = setPlan(items);
  for (let i = 0; i < items.length; i++) {
    const end = plan.ends[i]!;
    if (end > i + 1 && runSetGroup(ctx, items, i, end, row)) {
      i = end - 1;
      continue;
    }
    runSetItem(ctx, items[i]!, row);
  }
}

function runSetItem(ctx: ExecContext, item: SetItem, row: Row): void {
  const c = ctx.counters;
  tick(ctx);
  switch (item.kind) {
    case 'SetProperty': {
      const owner = evaluate(item.target.object, row, ctx);
      const value = evaluate(item.value, row, ctx);
      const target = entityOf(owner, item.target.pos);
      if (!target) return;
      const stored = toPropertyValue(value, item.pos);
      const had = currentProps(ctx, target)[item.target.key] !== undefined;
      writeProps(ctx, target, { [item.target.key]: stored });
      if (stored !== null || had) c.propertiesSet++;
      return;
    }
    case 'SetAllProperties':
    case 'MergeProperties': {
      const target = entityOf(variableValue(row, item.variable, item.pos), item.pos);
      const source = sourceMap(ctx, evaluate(item.value, row, ctx), item.pos);
      if (!target) return;
      const before = currentProps(ctx, target);
      const changes: Record<string, PropertyValue | null> = Object.create(null);
      let count = 0;
      for (const k in source) {
        const stored = toPropertyValue(source[k]!, item.pos);
        if (stored === null && before[k] === undefined) continue;
        changes[k] = stored;
        count++;
      }
      if (item.kind === 'SetAllProperties') {
        for (const k in before) {
          if (!(k in source)) {
            changes[k] = null;
            count++;
          }
        }
      }
      writeProps(ctx, target, changes);
      c.propertiesSet += count;
      return;
    }
    case 'SetLabels': {
      const target = variableValue(row, item.variable, item.pos);
      if (target === null) return;
      if (!(target instanceof NodeValue)) {
        throw typeError(`Type mismatch: expected Node but was ${typeName(target)}`, 'InvalidArgumentType', item.pos);
      }
      c.labelsAdded += ctx.tx.addLabels(target.id, item.labels);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// SET items on one entity, written as one change
// ---------------------------------------------------------------------------------------------

/**
 * `SET n = row, n.scope = $scope, n.scanId = $scanId` would copy n's property map (and log a
 * change) once per item. Consecutive property items on the same variable are applied to a scratch
 * overlay instead and written as one change, when doing so cannot be told apart from running them
 * one by one: every item after the first must have a value that cannot read the graph (no
 * pattern or subquery, and, checked per row, no variable holding a node, relationship or path),
 * so evaluating it before the first item is written gives the same value. Counters are counted
 * item by item as before.
 */
interface SetGroupPlan {
  /** ends[i]: end (exclusive) of the group starting at item i; i + 1 when item i stands alone or inside a group. */
  ends: number[];
  /** Variables read by the values of items i+1..end-1 of the group starting at i. */
  reads: Map<number, string[]>;
}

const setPlans = new WeakMap<readonly SetItem[], SetGroupPlan>();

function setPlan(items: readonly SetItem[]): SetGroupPlan {
  let plan = setPlans.get(items);
  if (plan) return plan;
  const ends: number[] = new Array(items.length);
  const reads = new Map<number, string[]>();
  let i = 0;
  while (i < items.length) {
    const variable = propertyTarget(items[i]!);
    let end = i + 1;
    if (variable !== null) {
      const vars = new Set<string>();
      while (end < items.length) {
        const next = items[end]!;
        if (propertyTarget(next) !== variable || !graphIndependent(next.kind === 'SetLabels' ? null : next.value)) break;
        freeVariables(next.kind === 'SetLabels' ? null : next.value, vars);
        end++;
      }
      if (end > i + 1) reads.set(i, [...vars]);
    }
    ends[i] = end;
    for (let k = i + 1; k < end; k++) ends[k] = k + 1;
    i = end;
  }
  plan = { ends, reads };
  setPlans.set(items, plan);
  return plan;
}

/** The variable a property-writing SET item writes to; null for labels or a computed owner. */
function propertyTarget(item: SetItem): string | null {
  switch (item.kind) {
    case 'SetProperty':
      return item.target.object.kind === 'Variable' ? item.target.object.name : null;
    case 'SetAllProperties':
    case 'MergeProperties':
      return item.variable;
    default:
      return null;
  }
}

/** Expression kinds that read nothing but their operands (no pattern, no subquery, no new scope). */
const PLAIN_KINDS = new Set([
  'Literal', 'Variable', 'Parameter', 'Property', 'List', 'Map', 'Binary', 'Unary', 'Comparison', 'IsNull',
  'StringMatch', 'In', 'Index', 'DynamicProperty', 'Slice', 'Case', 'FunctionCall',
]);

function graphIndependent(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return true;
  if (Array.isArray(e)) return e.every(graphIndependent);
  const kind = (e as { kind?: unknown }).kind;
  if (typeof kind === 'string' && !PLAIN_KINDS.has(kind)) return false;
  for (const k in e) {
    if (k === 'pos') continue;
    if (!graphIndependent((e as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** True when a value holds no node, relationship or path (so nothing evaluated from it reads the graph). */
function entityFree(v: CypherValue | undefined): boolean {
  if (v === null || v === undefined || typeof v !== 'object') return true;
  if (v instanceof NodeValue || v instanceof RelationshipValue || v instanceof PathValue) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!entityFree(v[i])) return false;
    return true;
  }
  for (const k in v) if (!entityFree((v as CypherMap)[k])) return false;
  return true;
}

/** A property's value after the group's items so far (null: absent). */
function currentValue(overlay: Record<string, PropertyValue | null>, base: Record<string, PropertyValue>, k: string): PropertyValue | null {
  return k in overlay ? overlay[k]! : (base[k] ?? null);
}

/**
 * Runs items start..end-1 (all writing properties of one variable) as one change. Returns false,
 * having done nothing, when the rows's values do not allow it (the caller then runs item `start` alone).
 */
function runSetGroup(ctx: ExecContext, items: readonly SetItem[], start: number, end: number, row: Row): boolean {
  for (const name of setPlan(items).reads.get(start)!) if (!entityFree(row[name])) return false;
  const first = items[start]!;
  const variable = propertyTarget(first)!;
  const value = row[variable];
  const bound = value instanceof NodeValue || value instanceof RelationshipValue ? value : null;
  if (bound === null || !(bound instanceof NodeValue ? ctx.store.nodeExists(bound.id) : ctx.store.relExists(bound.id))) return false;
  const base = currentProps(ctx, bound);
  // key -> value after the items so far; null = removed
  const overlay: Record<string, PropertyValue | null> = Object.create(null);
  let count = 0;
  for (let i = start; i < end; i++) {
    const item = items[i]!;
    tick(ctx);
    if (item.kind === 'SetProperty') {
      const stored = toPropertyValue(evaluate(item.value, row, ctx), item.pos);
      const had = currentValue(overlay, base, item.target.key) !== null;
      overlay[item.target.key] = stored;
      if (stored !== null || had) count++;
    } else if (item.kind === 'SetAllProperties' || item.kind === 'MergeProperties') {
      const source = sourceMap(ctx, evaluate(item.value, row, ctx), item.pos);
      const removed: string[] = [];
      if (item.kind === 'SetAllProperties') {
        for (const k in base) if (!(k in overlay) && !(k in source)) removed.push(k);
        for (const k in overlay) if (overlay[k] !== null && !(k in source)) removed.push(k);
      }
      for (const k in source) {
        const stored = toPropertyValue(source[k]!, item.pos);
        if (stored === null && currentValue(overlay, base, k) === null) continue;
        overlay[k] = stored;
        count++;
      }
      for (const k of removed) {
        overlay[k] = null;
        count++;
      }
    }
  }
  // the net change: keys whose value differs from the stored one
  const changes: Record<string, PropertyValue | null> = Object.create(null);
  let changed = false;
  for (const k in overlay) {
    const v = overlay[k]!;
    const old = base[k];
    if (v === null ? old === undefined : v === old) continue;
    changes[k] = v;
    changed = true;
  }
  if (changed) writeProps(ctx, bound, changes);
  ctx.counters.propertiesSet += count;
  return true;
}

export function runRemove(ctx: ExecContext, items: readonly RemoveItem[], row: Row): void {
  for (const item of items) {
    tick(ctx);
    if (item.kind === 'RemoveProperty') {
      const target = entityOf(evaluate(item.target.object, row, ctx), item.target.pos);
      if (!target) continue;
      if (currentProps(ctx, target)[item.target.key] === undefined) continue;
      writeProps(ctx, target, { [item.target.key]: null });
      ctx.counters.propertiesSet++;
    } else {
      const target = variableValue(row, item.variable, item.pos);
      if (target === null) continue;
      if (!(target instanceof NodeValue)) {
        throw typeError(`Type mismatch: expected Node but was ${typeName(target)}`, 'InvalidArgumentType', item.pos);
      }
      ctx.counters.labelsRemoved += ctx.tx.removeLabels(target.id, item.labels);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// DELETE
// ---------------------------------------------------------------------------------------------

export function runDelete(ctx: ExecContext, clause: DeleteClause, rows: Row[]): void {
  const nodes = new Set<number>();
  const rels = new Set<number>();
  const collect = (v: CypherValue, pos: Position) => {
    if (v === null) return;
    if (v instanceof NodeValue) nodes.add(v.id);
    else if (v instanceof RelationshipValue) rels.add(v.id);
    else if (v instanceof PathValue) {
      for (const r of v.relationships) rels.add(r.id);
      for (const n of v.nodes) nodes.add(n.id);
    } else if (Array.isArray(v)) {
      for (const x of v) collect(x, pos);
    } else {
      throw typeError(`Type mismatch: expected Node, Relationship or Path but was ${typeName(v)}`, 'InvalidArgumentType', pos);
    }
  };
  for (const row of rows) {
    tick(ctx);
    for (const e of clause.expressions) {
      const v = evaluate(e, row, ctx);
      if (v !== null && !(v instanceof NodeValue || v instanceof RelationshipValue || v instanceof PathValue)) {
        throw typeError(`Type mismatch: expected Node, Relationship or Path but was ${typeName(v)}`, 'InvalidArgumentType', e.pos);
      }
      collect(v, e.pos);
    }
  }
  const c = ctx.counters;
  for (const id of rels) if (ctx.tx.deleteRel(id)) c.relationshipsDeleted++;
  for (const id of nodes) {
    if (!ctx.store.nodeExists(id)) continue;
    if (clause.detach) {
      const r = ctx.tx.detachDeleteNode(id);
      c.relationshipsDeleted += r.relationships;
      c.nodesDeleted++;
    } else if (ctx.store.degree(id) > 0) {
      // Neo4j checks connectivity when the statement's changes are complete: a later clause may
      // still delete the relationships.
      ctx.pendingNodeDeletes.add(id);
    } else {
      ctx.tx.deleteNode(id);
      c.nodesDeleted++;
    }
  }
  settlePendingDeletes(ctx, false);
}

/** Deletes pending nodes whose relationships are gone; at the end of the statement, fails on the rest. */
export function settlePendingDeletes(ctx: ExecContext, final: boolean): void {
  for (const id of [...ctx.pendingNodeDeletes]) {
    if (!ctx.store.nodeExists(id)) {
      ctx.pendingNodeDeletes.delete(id);
      continue;
    }
    if (ctx.store.degree(id) === 0) {
      ctx.tx.deleteNode(id);
      ctx.counters.nodesDeleted++;
      ctx.pendingNodeDeletes.delete(id);
    } else if (final) {
      throw new CypherError(
        'Neo.ClientError.Schema.ConstraintValidationFailed',
        `Cannot delete node<${id}>, because it still has relationships. To delete this node, you must first delete its relationships.`,
        'DeleteConnectedNode',
      );
    }
  }
}
