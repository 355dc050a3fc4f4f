/**
 * Semantic checks over a parsed statement, mirroring what Neo4j rejects at compile time:
 * variable scoping and kinds, pattern rules of CREATE/MERGE, aggregation placement, projection
 * rules (aliases, column names, ORDER BY scope, SKIP/LIMIT), clause composition and UNION shape,
 * and argument types that are statically known (literals, entity variables).
 *
 * Neo4j (and the TCK) report these as Neo.ClientError.Statement.SyntaxError with a detail name;
 * property access on a statically known non-map value is a TypeError, as in the TCK.
 */
import type {
  Clause,
  Expression,
  FunctionCall,
  NodePattern,
  Pattern,
  PatternPart,
  Position,
  Query,
  RelationshipPattern,
  SetItem,
  SingleQuery,
  Statement,
  PatternPredicate,
} from '../ast.js';
import { syntaxError, typeError } from '../errors.js';
import { functionArity, isAggregate, isKnownFunction } from '../functions/index.js';
import {
  children,
  containsAggregate,
  containsKind,
  freeVariables,
  hasLocalScope,
  isAggregateCall,
  patternVariables,
  shapeOf,
} from './ast-walk.js';
import { functionTypeRule, isBooleanCompatible, typeLabel, type StaticType } from './types.js';

type Scope = Map<string, StaticType>;

const fail = (detail: string, message: string, pos: Position | null): never => {
  throw syntaxError(message, pos, detail);
};

interface ExprContext {
  scope: Scope;
  /** Aggregations may appear here (WITH/RETURN items, ORDER BY of an aggregating projection). */
  aggregationAllowed: boolean;
  /** Inside the arguments of an aggregation. */
  inAggregation: boolean;
  /** A bare pattern `(a)-->(b)` may stand here (boolean positions of WHERE). */
  patternAllowed: boolean;
}

export class SemanticChecker {
  constructor(private readonly barePatterns: ReadonlySet<PatternPredicate>) {}

  checkStatement(stmt: Statement): void {
    if (stmt.kind !== 'Query') return;
    this.checkQuery(stmt, new Map(), true);
  }

  // ---------------------------------------------------------------------------------- queries

  /** Returns the output column names of the query (or null when it does not end in RETURN). */
  private checkQuery(query: Query, outer: Scope, topLevel: boolean): string[] | null {
    if (query.unionAll.length > 0) {
      const all = query.unionAll[0];
      if (query.unionAll.some((u) => u !== all)) {
        fail('InvalidClauseComposition', 'Invalid combination of UNION and UNION ALL', query.parts[1]!.pos);
      }
    }
    let columns: string[] | null = null;
    query.parts.forEach((part, idx) => {
      const cols = this.checkSingleQuery(part, outer, topLevel || query.parts.length > 1);
      if (idx === 0) columns = cols;
      else if (JSON.stringify(cols) !== JSON.stringify(columns)) {
        fail('DifferentColumnsInUnion', 'All sub queries in an UNION must have the same return column names', part.pos);
      }
    });
    return columns;
  }

  private checkSingleQuery(q: SingleQuery, outer: Scope, mustConclude: boolean): string[] | null {
    let scope: Scope = new Map(outer);
    let columns: string[] | null = null;
    let previousUpdate: Clause | null = null;
    q.clauses.forEach((clause, idx) => {
      const last = idx === q.clauses.length - 1;
      if (clause.kind === 'Return' && !last) {
        fail('InvalidClauseComposition', 'RETURN can only be used at the end of the query', q.clauses[idx + 1]!.pos);
      }
      if (clause.kind === 'Match' && previousUpdate) {
        fail('InvalidClauseComposition', `WITH is required between ${clauseName(previousUpdate)} and ${clauseName(clause)}`, clause.pos);
      }
      if (clause.kind === 'Call' && clause.yieldStar && q.clauses.length > 1) {
        fail('UnexpectedSyntax', 'YIELD * can only be used with a standalone procedure call', clause.pos);
      }
      if (isUpdating(clause)) previousUpdate = clause;
      else if (clause.kind === 'With') previousUpdate = null;
      const result = this.checkClause(clause, scope);
      scope = result.scope;
      if (clause.kind === 'Return') columns = result.columns;
    });
    const lastClause = q.clauses[q.clauses.length - 1]!;
    if (mustConclude && lastClause.kind !== 'Return' && !isUpdating(lastClause) && lastClause.kind !== 'Call') {
      fail(
        'InvalidClauseComposition',
        `Query cannot conclude with ${clauseName(lastClause)} (must be a RETURN clause, an update clause, a unit subquery call, or a procedure call with no YIELD)`,
        lastClause.pos,
      );
    }
    return columns;
  }

  private checkClause(clause: Clause, scope: Scope): { scope: Scope; columns: string[] | null } {
    switch (clause.kind) {
      case 'Match': {
        const next = new Map(scope);
        this.declarePattern(clause.pattern, next, 'MATCH');
        const ctx = this.ctx(next);
        this.checkPatternExpressions(clause.pattern, ctx, 'MATCH');
        if (clause.where) this.checkPredicate(clause.where, ctx);
        return { scope: next, columns: null };
      }
      case 'Unwind': {
        this.checkExpr(clause.expression, this.ctx(scope));
        if (scope.has(clause.variable)) {
          fail('VariableAlreadyBound', `Variable \`${clause.variable}\` already declared`, clause.pos);
        }
        const next = new Map(scope);
        next.set(clause.variable, 'any');
        return { scope: next, columns: null };
      }
      case 'With':
      case 'Return':
        return this.checkProjection(clause, scope);
      case 'Create': {
        const next = new Map(scope);
        this.declareCreatePattern(clause.pattern.parts, next, 'CREATE');
        this.checkPatternExpressions(clause.pattern, this.ctx(next), 'CREATE');
        return { scope: next, columns: null };
      }
      case 'Merge': {
        const next = new Map(scope);
        this.declareCreatePattern([clause.pattern], next, 'MERGE');
        const ctx = this.ctx(next);
        this.checkPatternPartExpressions(clause.pattern, ctx, 'MERGE');
        for (const item of [...clause.onCreate, ...clause.onMatch]) this.checkSetItem(item, ctx);
        return { scope: next, columns: null };
      }
      case 'Set': {
        const ctx = this.ctx(scope);
        for (const item of clause.items) this.checkSetItem(item, ctx);
        return { scope, columns: null };
      }
      case 'Remove': {
        const ctx = this.ctx(scope);
        for (const item of clause.items) {
          if (item.kind === 'RemoveLabels') this.requireVariable(item.variable, scope, item.pos);
          else this.checkExpr(item.target, ctx);
        }
        return { scope, columns: null };
      }
      case 'Delete': {
        const ctx = this.ctx(scope);
        for (const e of clause.expressions) {
          if (e.kind === 'LabelCheck') fail('InvalidDelete', 'DELETE expects a node, relationship or path, not a label expression', e.pos);
          this.checkExpr(e, ctx);
          const t = this.typeOf(e, scope);
          if (t !== 'any' && t !== 'node' && t !== 'rel' && t !== 'path' && t !== 'list' && t !== 'rellist' && t !== 'null') {
            fail('InvalidArgumentType', `Type mismatch: expected Node, Path or Relationship but was ${typeLabel(t)}`, e.pos);
          }
        }
        return { scope, columns: null };
      }
      case 'Foreach': {
        this.checkExpr(clause.list, this.ctx(scope));
        let inner: Scope = new Map(scope);
        inner.set(clause.variable, 'any');
        for (const c of clause.clauses) {
          if (!isUpdating(c) && c.kind !== 'Foreach') {
            fail('InvalidClauseComposition', `Invalid use of ${clauseName(c)} inside FOREACH`, c.pos);
          }
          inner = this.checkClause(c, inner).scope;
        }
        return { scope, columns: null };
      }
      case 'Call': {
        const next = new Map(scope);
        if (clause.subquery) {
          const cols = this.checkQuery(clause.subquery, scope, false) ?? [];
          for (const c of cols) {
            if (scope.has(c)) fail('VariableAlreadyBound', `Variable \`${c}\` already declared in outer scope`, clause.pos);
            next.set(c, 'any');
          }
        } else {
          const ctx = this.ctx(scope);
          for (const a of clause.args ?? []) this.checkExpr(a, ctx);
          for (const y of clause.yieldItems ?? []) {
            const name = y.alias ?? y.name;
            if (next.has(name)) fail('VariableAlreadyBound', `Variable \`${name}\` already declared`, clause.pos);
            next.set(name, 'any');
          }
          if (clause.where) this.checkPredicate(clause.where, this.ctx(next));
        }
        return { scope: next, columns: null };
      }
    }
  }

  private ctx(scope: Scope): ExprContext {
    return { scope, aggregationAllowed: false, inAggregation: false, patternAllowed: false };
  }

  private requireVariable(name: string, scope: Scope, pos: Position): StaticType {
    const t = scope.get(name);
    if (t === undefined) fail('UndefinedVariable', `Variable \`${name}\` not defined`, pos);
    return t!;
  }

  private checkSetItem(item: SetItem, ctx: ExprContext): void {
    switch (item.kind) {
      case 'SetProperty':
        this.checkExpr(item.target.object, ctx);
        this.checkExpr(item.value, ctx);
        return;
      case 'SetAllProperties':
      case 'MergeProperties':
        this.requireVariable(item.variable, ctx.scope, item.pos);
        this.checkExpr(item.value, ctx);
        return;
      case 'SetLabels': {
        const t = this.requireVariable(item.variable, ctx.scope, item.pos);
        if (t !== 'node' && t !== 'any') {
          fail('VariableTypeConflict', `Type mismatch: expected Node but was ${typeLabel(t)}`, item.pos);
        }
        return;
      }
    }
  }

  // ---------------------------------------------------------------------------------- patterns

  /** MATCH pattern: declares variables, reusing bound ones of the right kind. */
  private declarePattern(pattern: Pattern, scope: Scope, clause: 'MATCH'): void {
    const relsInThisPattern = new Set<string>();
    for (const part of pattern.parts) this.declarePart(part, scope, relsInThisPattern, clause);
  }

  private declarePart(part: PatternPart, scope: Scope, relsInThisPattern: Set<string>, clause: string): void {
    part.nodes.forEach((node, idx) => {
      this.declareNode(node, scope);
      const rel = part.relationships[idx];
      if (rel) this.declareRelationship(rel, scope, relsInThisPattern, clause);
    });
    if (part.pathVariable !== null) {
      if (scope.has(part.pathVariable)) {
        fail('VariableAlreadyBound', `Variable \`${part.pathVariable}\` already declared`, part.pos);
      }
      scope.set(part.pathVariable, 'path');
    }
  }

  private declareNode(node: NodePattern, scope: Scope): void {
    if (node.variable === null) return;
    const t = scope.get(node.variable);
    if (t === undefined) scope.set(node.variable, 'node');
    else if (t !== 'node' && t !== 'any' && t !== 'null') {
      fail('VariableTypeConflict', `Type mismatch: \`${node.variable}\` defined with conflicting type ${typeLabel(t)} (expected Node)`, node.pos);
    }
  }

  private declareRelationship(rel: RelationshipPattern, scope: Scope, relsInThisPattern: Set<string>, clause: string): void {
    if (rel.variable === null) return;
    const wanted: StaticType = rel.range ? 'rellist' : 'rel';
    const t = scope.get(rel.variable);
    if (t === undefined) {
      scope.set(rel.variable, wanted);
    } else if (t === 'any' || t === 'null' || (t === 'list' && wanted === 'rellist')) {
      // bound to a value of unknown kind (or a list for var-length): checked at run time
    } else if (t !== wanted) {
      fail('VariableTypeConflict', `Type mismatch: \`${rel.variable}\` defined with conflicting type ${typeLabel(t)} (expected ${typeLabel(wanted)})`, rel.pos);
    } else if (relsInThisPattern.has(rel.variable) && clause === 'MATCH') {
      fail('RelationshipUniquenessViolation', `Cannot use the same relationship variable '${rel.variable}' for multiple relationships`, rel.pos);
    }
    relsInThisPattern.add(rel.variable);
  }

  /** CREATE / MERGE: new relationships must be fresh, directed, single-typed, fixed-length. */
  private declareCreatePattern(parts: PatternPart[], scope: Scope, clause: 'CREATE' | 'MERGE'): void {
    for (const part of parts) {
      if (part.shortest) fail('InvalidClauseComposition', `${part.shortest}(...) is not allowed in ${clause}`, part.pos);
      part.nodes.forEach((node, idx) => {
        if (node.variable !== null) {
          const t = scope.get(node.variable);
          if (t !== undefined) {
            if (t !== 'node' && t !== 'any' && t !== 'null') {
              fail('VariableTypeConflict', `Type mismatch: \`${node.variable}\` defined with conflicting type ${typeLabel(t)} (expected Node)`, node.pos);
            }
            if (node.labels.length > 0 || node.properties !== null || part.nodes.length === 1) {
              fail(
                'VariableAlreadyBound',
                `Can't create node \`${node.variable}\` with labels or properties here. The variable is already declared in this context`,
                node.pos,
              );
            }
          } else scope.set(node.variable, 'node');
        }
        if (node.where) fail('UnexpectedSyntax', `Node pattern predicates are not allowed in ${clause}`, node.where.pos);
        const rel = part.relationships[idx];
        if (!rel) return;
        if (rel.variable !== null) {
          if (scope.has(rel.variable)) {
            fail('VariableAlreadyBound', `Can't create relationship \`${rel.variable}\`: the variable is already declared in this context`, rel.pos);
          }
          scope.set(rel.variable, 'rel');
        }
        if (rel.range) fail('CreatingVarLength', `Variable length relationships cannot be used in ${clause}`, rel.pos);
        if (rel.types.length !== 1) {
          fail('NoSingleRelationshipType', `Exactly one relationship type must be specified for ${clause}`, rel.pos);
        }
        if (rel.direction === 'both' && clause === 'CREATE') {
          fail('RequiresDirectedRelationship', `Only directed relationships are supported in ${clause}`, rel.pos);
        }
        if (rel.where) fail('UnexpectedSyntax', `Relationship pattern predicates are not allowed in ${clause}`, rel.where.pos);
      });
      if (part.pathVariable !== null) {
        if (scope.has(part.pathVariable)) fail('VariableAlreadyBound', `Variable \`${part.pathVariable}\` already declared`, part.pos);
        scope.set(part.pathVariable, 'path');
      }
    }
  }

  private checkPatternExpressions(pattern: Pattern, ctx: ExprContext, clause: string): void {
    for (const part of pattern.parts) this.checkPatternPartExpressions(part, ctx, clause);
  }

  private checkPatternPartExpressions(part: PatternPart, ctx: ExprContext, clause: string): void {
    const elements: (NodePattern | RelationshipPattern)[] = [...part.nodes, ...part.relationships];
    for (const el of elements) {
      if (el.properties) {
        if (el.properties.kind === 'Parameter' && clause !== 'CREATE') {
          fail('InvalidParameterUse', `Parameter maps cannot be used in ${clause} patterns (use a literal map instead)`, el.properties.pos);
        }
        this.checkExpr(el.properties, ctx);
      }
      if (el.where) this.checkPredicate(el.where, ctx);
    }
  }

  /** A pattern used as an expression must not introduce variables. */
  private checkPatternInExpression(part: PatternPart, ctx: ExprContext): void {
    const probe = new Map(ctx.scope);
    for (const node of part.nodes) {
      if (node.variable !== null && !ctx.scope.has(node.variable)) {
        fail('UndefinedVariable', `Variable \`${node.variable}\` not defined (patterns in expressions cannot introduce variables)`, node.pos);
      }
    }
    for (const rel of part.relationships) {
      if (rel.variable !== null && !ctx.scope.has(rel.variable)) {
        fail('UndefinedVariable', `Variable \`${rel.variable}\` not defined (patterns in expressions cannot introduce variables)`, rel.pos);
      }
    }
    this.declarePart({ ...part, pathVariable: null }, probe, new Set(), 'EXPR');
    this.checkPatternPartExpressions(part, { ...ctx, scope: probe, patternAllowed: false }, 'EXPR');
  }

  // ---------------------------------------------------------------------------------- projections

  private checkProjection(
    clause: Extract<Clause, { kind: 'With' | 'Return' }>,
    scope: Scope,
  ): { scope: Scope; columns: string[] } {
    const isWith = clause.kind === 'With';
    // `*` projects the variables in scope in alphabetical order, as Neo4j does
    const named = [...scope.keys()].sort();
    if (clause.star && named.length === 0 && !isWith) {
      fail('NoVariablesInScope', `${isWith ? 'WITH' : 'RETURN'} * is not allowed when there are no variables in scope`, clause.pos);
    }
    const itemCtx: ExprContext = { scope, aggregationAllowed: true, inAggregation: false, patternAllowed: false };
    const columns: string[] = clause.star ? named.slice() : [];
    const seen = new Set<string>();
    for (const item of clause.items) {
      this.checkExpr(item.expression, itemCtx);
      const name = item.alias ?? (item.expression.kind === 'Variable' ? item.expression.name : item.text);
      if (seen.has(name)) {
        fail('ColumnNameConflict', `Multiple result columns with the same name \`${name}\` are not supported`, item.pos);
      }
      seen.add(name);
      if (!clause.star || !scope.has(name)) columns.push(name);
    }
    const aggregating = clause.items.some((it) => containsAggregate(it.expression));
    const groupingKeys = clause.items.filter((it) => !containsAggregate(it.expression)).map((it) => it.expression);
    const groupingVariables = new Set(
      groupingKeys.flatMap((e) => (e.kind === 'Variable' ? [e.name] : [])).concat(clause.star ? named : []),
    );
    // only variables and property accesses may be re-used inside an aggregating expression
    const groupingKeyShapes = new Set(groupingKeys.filter(isSimpleGroupingKey).map(shapeOf));
    if (aggregating) {
      for (const item of clause.items) {
        if (containsAggregate(item.expression)) this.checkUnambiguous(item.expression, groupingVariables, groupingKeyShapes);
      }
    }

    const projected: Scope = clause.star ? new Map(scope) : new Map();
    for (const item of clause.items) {
      const name = item.alias ?? (item.expression.kind === 'Variable' ? item.expression.name : item.text);
      projected.set(name, this.typeOf(item.expression, scope));
    }

    const restricted = aggregating || clause.distinct;
    const afterScope: Scope = restricted ? projected : new Map([...scope, ...projected]);
    if (clause.orderBy) {
      const projectedShapes = new Set(clause.items.map((it) => shapeOf(it.expression)));
      for (const sort of clause.orderBy) {
        if (!restricted) {
          this.checkExpr(sort.expression, { scope: afterScope, aggregationAllowed: false, inAggregation: false, patternAllowed: false });
          continue;
        }
        if (projectedShapes.has(shapeOf(sort.expression))) continue;
        this.checkExprProjected(sort.expression, afterScope, projectedShapes, aggregating);
        if (aggregating && containsAggregate(sort.expression)) {
          this.checkUnambiguousOrderBy(sort.expression, projectedShapes);
        }
      }
    }
    if (isWith) {
      const unaliased = clause.items.find((it) => it.alias === null && it.expression.kind !== 'Variable');
      if (unaliased) fail('NoExpressionAlias', 'Expression in WITH must be aliased (use AS)', unaliased.pos);
    }
    this.checkSkipLimit('SKIP', clause.skip);
    this.checkSkipLimit('LIMIT', clause.limit);
    if (clause.kind === 'With' && clause.where) {
      if (restricted) {
        // after DISTINCT / aggregation, WHERE sees the projected columns (also when written as the projected expression)
        const projectedShapes = new Set(clause.items.map((it) => shapeOf(it.expression)));
        this.checkExprProjected(clause.where, afterScope, projectedShapes, false);
        const t = this.typeOf(clause.where, afterScope);
        if (!isBooleanCompatible(t)) fail('InvalidArgumentType', `Type mismatch: expected Boolean but was ${typeLabel(t)}`, clause.where.pos);
      } else this.checkPredicate(clause.where, this.ctx(afterScope));
    }
    return { scope: projected, columns };
  }

  /**
   * ORDER BY after DISTINCT or aggregation: sub-expressions equal to a projected expression stand for
   * that column; everything else may only use the projected names.
   */
  private checkExprProjected(e: Expression, scope: Scope, projectedShapes: Set<string>, aggregating: boolean): void {
    const walk = (x: Expression, inAgg: boolean): void => {
      if (projectedShapes.has(shapeOf(x))) return;
      if (isAggregateCall(x)) {
        if (!aggregating) fail('InvalidAggregation', 'Aggregation is not allowed in ORDER BY after DISTINCT without aggregation', x.pos);
        if (inAgg) fail('NestedAggregation', 'Aggregations cannot be nested', x.pos);
        for (const c of children(x)) walk(c, true);
        return;
      }
      if (x.kind === 'Variable' || hasLocalScope(x)) {
        this.checkExpr(x, { scope, aggregationAllowed: false, inAggregation: inAgg, patternAllowed: false });
        return;
      }
      for (const c of children(x)) walk(c, inAgg);
    };
    walk(e, false);
  }

  /** Parts of an aggregating expression outside the aggregations must be grouping keys or constants. */
  private checkUnambiguous(e: Expression, groupingVariables: Set<string>, groupingKeyShapes: Set<string>): void {
    const walk = (x: Expression): void => {
      if (isAggregateCall(x) || groupingKeyShapes.has(shapeOf(x))) return;
      if (x.kind === 'Variable') {
        if (!groupingVariables.has(x.name)) {
          fail(
            'AmbiguousAggregationExpression',
            `Aggregation column contains implicit grouping expressions: \`${x.name}\` is not a grouping key`,
            x.pos,
          );
        }
        return;
      }
      if (hasLocalScope(x)) {
        const free = freeVariables(x, new Set(), new Set(), true);
        for (const v of free) {
          if (!groupingVariables.has(v)) {
            fail('AmbiguousAggregationExpression', `Aggregation column contains implicit grouping expressions: \`${v}\``, x.pos);
          }
        }
        return;
      }
      for (const c of children(x)) walk(c);
    };
    walk(e);
  }

  private checkUnambiguousOrderBy(e: Expression, projectedShapes: Set<string>): void {
    // an ORDER BY expression mixing a new aggregation with other non-constant parts cannot be grouped
    const walk = (x: Expression): void => {
      if (isAggregateCall(x)) return;
      // projected aliases are fine; an unaliased projected expression repeated here is not
      if (x.kind === 'Variable') return;
      if (projectedShapes.has(shapeOf(x)) && !isSimpleGroupingKey(x)) {
        fail('AmbiguousAggregationExpression', 'ORDER BY mixes an aggregation with a grouping expression', x.pos);
      }
      for (const c of children(x)) walk(c);
    };
    walk(e);
  }

  private checkSkipLimit(what: 'SKIP' | 'LIMIT', e: Expression | null): void {
    if (!e) return;
    if (freeVariables(e).size > 0 || containsKind(e, ['PatternPredicate', 'Exists', 'CountSubquery', 'PatternComprehension'])) {
      fail('NonConstantExpression', `It is not allowed to refer to variables in ${what}`, e.pos);
    }
    if (containsAggregate(e)) fail('NonConstantExpression', `It is not allowed to use aggregations in ${what}`, e.pos);
    if (e.kind === 'Literal') {
      const v = e.value;
      if (typeof v === 'bigint') {
        if (v < 0n) fail('NegativeIntegerArgument', `Invalid input. '${v}' is not a valid value. Must be a non-negative integer.`, e.pos);
      } else if (v !== null) {
        fail('InvalidArgumentType', `Invalid input. '${String(v)}' is not a valid value. Must be a non-negative integer.`, e.pos);
      }
    }
    this.checkExpr(e, this.ctx(new Map()));
  }

  // ---------------------------------------------------------------------------------- expressions

  private checkPredicate(e: Expression, ctx: ExprContext): void {
    this.checkExpr(e, { ...ctx, patternAllowed: true, aggregationAllowed: false });
    const t = this.typeOf(e, ctx.scope);
    if (!isBooleanCompatible(t)) fail('InvalidArgumentType', `Type mismatch: expected Boolean but was ${typeLabel(t)}`, e.pos);
  }

  checkExpr(e: Expression, ctx: ExprContext): void {
    const sub = (x: Expression, patternAllowed = false) => this.checkExpr(x, { ...ctx, patternAllowed });
    switch (e.kind) {
      case 'Literal':
      case 'Parameter':
      case 'CountStar':
        if (e.kind === 'CountStar') this.checkAggregationPlacement(e, ctx);
        return;
      case 'Variable':
        this.requireVariable(e.name, ctx.scope, e.pos);
        return;
      case 'List':
        for (const x of e.items) sub(x);
        return;
      case 'Map':
        for (const x of e.entries) sub(x.value);
        return;
      case 'Property': {
        sub(e.object);
        const t = this.typeOf(e.object, ctx.scope);
        if (t === 'path' || t === 'rellist') {
          fail('InvalidArgumentType', `Type mismatch: expected Map, Node, Relationship, Point, Duration, Date, Time, LocalTime, LocalDateTime or DateTime but was ${typeLabel(t)}`, e.pos);
        }
        if (t === 'int' || t === 'float' || t === 'string' || t === 'bool' || t === 'list') {
          throw typeError(
            `Type mismatch: expected Map, Node, Relationship, Point, Duration, Date, Time, LocalTime, LocalDateTime or DateTime but was ${typeLabel(t)}`,
            'InvalidArgumentType',
            e.pos,
          );
        }
        return;
      }
      case 'DynamicProperty':
        sub(e.object);
        sub(e.key);
        return;
      case 'Index':
        sub(e.object);
        sub(e.index);
        return;
      case 'Slice':
        sub(e.object);
        if (e.from) sub(e.from);
        if (e.to) sub(e.to);
        return;
      case 'Binary': {
        const logical = e.op === 'AND' || e.op === 'OR' || e.op === 'XOR';
        sub(e.left, logical && ctx.patternAllowed);
        sub(e.right, logical && ctx.patternAllowed);
        if (!logical) this.checkArithmetic(e.op, e.left, e.right, ctx.scope);
        if (logical) {
          for (const x of [e.left, e.right]) {
            const t = this.typeOf(x, ctx.scope);
            if (!isBooleanCompatible(t)) fail('InvalidArgumentType', `Type mismatch: expected Boolean but was ${typeLabel(t)}`, x.pos);
          }
        }
        return;
      }
      case 'Unary': {
        sub(e.operand, e.op === 'NOT' && ctx.patternAllowed);
        const t = this.typeOf(e.operand, ctx.scope);
        if (e.op === 'NOT' && !isBooleanCompatible(t)) {
          fail('InvalidArgumentType', `Type mismatch: expected Boolean but was ${typeLabel(t)}`, e.operand.pos);
        }
        if (e.op !== 'NOT' && t !== 'any' && t !== 'int' && t !== 'float' && t !== 'null' && t !== 'number') {
          fail('InvalidArgumentType', `Type mismatch: expected Integer or Float but was ${typeLabel(t)}`, e.operand.pos);
        }
        return;
      }
      case 'Comparison':
        for (const x of e.operands) sub(x);
        return;
      case 'IsNull':
        sub(e.operand);
        return;
      case 'LabelCheck': {
        sub(e.operand);
        return;
      }
      case 'StringMatch':
        sub(e.left);
        sub(e.right);
        return;
      case 'In': {
        sub(e.element);
        sub(e.list);
        const t = this.typeOf(e.list, ctx.scope);
        if (t !== 'any' && t !== 'list' && t !== 'null' && t !== 'rellist') {
          fail('InvalidArgumentType', `Type mismatch: expected List<T> but was ${typeLabel(t)}`, e.list.pos);
        }
        return;
      }
      case 'FunctionCall':
        this.checkFunctionCall(e, ctx);
        return;
      case 'Case':
        if (e.subject) sub(e.subject);
        for (const alt of e.alternatives) {
          sub(alt.when, e.subject === null);
          sub(alt.then);
        }
        if (e.else) sub(e.else);
        return;
      case 'ListComprehension': {
        sub(e.list);
        const inner = this.localCtx(ctx, [e.variable], this.elementType(e.list, ctx.scope));
        if (e.where) this.checkExpr(e.where, { ...inner, patternAllowed: true });
        if (e.projection) this.checkExpr(e.projection, inner);
        return;
      }
      case 'Quantifier': {
        sub(e.list);
        const inner = this.localCtx(ctx, [e.variable], this.elementType(e.list, ctx.scope));
        if (e.where) this.checkExpr(e.where, { ...inner, patternAllowed: true });
        return;
      }
      case 'Reduce': {
        sub(e.init);
        sub(e.list);
        this.checkExpr(e.expression, this.localCtx(ctx, [e.accumulator, e.variable]));
        return;
      }
      case 'PatternComprehension': {
        const scope = new Map(ctx.scope);
        for (const v of patternVariables(e.pattern)) {
          if (scope.has(v.name) && v.kind === 'path') {
            fail('VariableAlreadyBound', `Variable \`${v.name}\` already declared`, e.pos);
          }
        }
        this.declarePart(e.pattern, scope, new Set(), 'EXPR');
        const inner: ExprContext = { scope, aggregationAllowed: false, inAggregation: false, patternAllowed: false };
        this.checkPatternPartExpressions(e.pattern, inner, 'EXPR');
        if (e.where) this.checkExpr(e.where, { ...inner, patternAllowed: true });
        this.checkExpr(e.projection, inner);
        return;
      }
      case 'PatternPredicate':
        if (this.barePatterns.has(e) && !ctx.patternAllowed) {
          fail(
            'UnexpectedSyntax',
            'A pattern expression should only be used in order to test the existence of a pattern (use exists(...) or COUNT { ... })',
            e.pos,
          );
        }
        this.checkPatternInExpression(e.pattern, ctx);
        return;
      case 'Exists':
      case 'CountSubquery':
        this.checkQuery(e.query, ctx.scope, false);
        return;
      case 'MapProjection': {
        this.requireVariable(e.variable, ctx.scope, e.pos);
        for (const item of e.items) {
          if (item.kind === 'LiteralEntry') sub(item.value);
          else if (item.kind === 'VariableSelector') this.requireVariable(item.name, ctx.scope, e.pos);
        }
        return;
      }
    }
  }

  /** Element type of a list literal whose items all have one static type (nulls aside), else 'any'. */
  private elementType(list: Expression, scope: Scope): StaticType {
    if (list.kind !== 'List') return 'any';
    let found: StaticType | null = null;
    for (const item of list.items) {
      const t = this.typeOf(item, scope);
      if (t === 'null') continue;
      if (found !== null && found !== t) return 'any';
      found = t;
    }
    return found ?? 'any';
  }

  /** Operands whose static type can never take part in the arithmetic operator. */
  private checkArithmetic(op: string, left: Expression, right: Expression, scope: Scope): void {
    const l = this.typeOf(left, scope);
    const r = this.typeOf(right, scope);
    const never: StaticType[] = ['bool', 'map', 'node', 'rel', 'path', 'rellist'];
    if (op === '+') {
      if (l === 'list' || r === 'list' || l === 'string' || r === 'string') {
        if ((l === 'string' || r === 'string') && (never.includes(l) || never.includes(r)) && l !== 'list' && r !== 'list') {
          fail('InvalidArgumentType', `Type mismatch: cannot add ${typeLabel(l)} and ${typeLabel(r)}`, left.pos);
        }
        return;
      }
      for (const [t, x] of [[l, left], [r, right]] as const) {
        if (never.includes(t)) fail('InvalidArgumentType', `Type mismatch: expected a number, string or list but was ${typeLabel(t)}`, x.pos);
      }
      return;
    }
    for (const [t, x] of [[l, left], [r, right]] as const) {
      if (never.includes(t) || t === 'string' || t === 'list') {
        fail('InvalidArgumentType', `Type mismatch: expected Integer or Float but was ${typeLabel(t)}`, x.pos);
      }
    }
  }

  private localCtx(ctx: ExprContext, names: string[], firstType: StaticType = 'any'): ExprContext {
    const scope = new Map(ctx.scope);
    names.forEach((n, i) => scope.set(n, i === 0 ? firstType : 'any'));
    // aggregations cannot reach into the per-element scope of comprehensions
    return { scope, aggregationAllowed: false, inAggregation: ctx.inAggregation, patternAllowed: false };
  }

  private checkAggregationPlacement(e: Expression, ctx: ExprContext): void {
    if (ctx.inAggregation) fail('NestedAggregation', 'Can\'t use aggregate functions inside of aggregate functions.', e.pos);
    if (!ctx.aggregationAllowed) fail('InvalidAggregation', 'Invalid use of aggregating function in this context', e.pos);
  }

  private checkFunctionCall(e: FunctionCall, ctx: ExprContext): void {
    const name = e.name;
    if (!isKnownFunction(name)) fail('UnknownFunction', `Unknown function '${name}'`, e.pos);
    const arity = functionArity(name);
    if (arity && (e.args.length < arity.minArgs || e.args.length > arity.maxArgs)) {
      fail('InvalidNumberOfArguments', `Insufficient or too many parameters for function '${name}'`, e.pos);
    }
    if (isAggregate(name)) {
      this.checkAggregationPlacement(e, ctx);
      for (const a of e.args) {
        if (containsKind(a, ['FunctionCall'], (x) => x.kind === 'FunctionCall' && x.name === 'rand')) {
          fail('NonConstantExpression', "Can't use non-deterministic (random) functions inside of aggregate functions.", a.pos);
        }
        this.checkExpr(a, { ...ctx, inAggregation: true, aggregationAllowed: true, patternAllowed: false });
      }
      return;
    }
    for (const a of e.args) this.checkExpr(a, { ...ctx, patternAllowed: false });
    const rule = functionTypeRule(name);
    if (rule && e.args[0]) {
      const t = this.typeOf(e.args[0], ctx.scope);
      if (t !== 'any' && t !== 'null' && !rule.includes(t)) {
        fail('InvalidArgumentType', `Type mismatch: ${name}() does not accept ${typeLabel(t)}`, e.args[0].pos);
      }
    }
  }

  // ---------------------------------------------------------------------------------- types

  typeOf(e: Expression, scope: Scope): StaticType {
    switch (e.kind) {
      case 'Literal': {
        const v = e.value;
        if (v === null) return 'null';
        if (typeof v === 'bigint') return 'int';
        if (typeof v === 'number') return 'float';
        if (typeof v === 'string') return 'string';
        return 'bool';
      }
      case 'List':
      case 'ListComprehension':
      case 'PatternComprehension':
        return 'list';
      case 'Map':
      case 'MapProjection':
        return 'map';
      case 'Variable':
        return scope.get(e.name) ?? 'any';
      case 'Comparison':
      case 'IsNull':
      case 'LabelCheck':
      case 'StringMatch':
      case 'In':
      case 'Quantifier':
      case 'Exists':
      case 'PatternPredicate':
        return 'bool';
      case 'CountStar':
      case 'CountSubquery':
        return 'int';
      case 'Unary':
        if (e.op === 'NOT') return 'bool';
        return this.typeOf(e.operand, scope);
      case 'Binary': {
        if (e.op === 'AND' || e.op === 'OR' || e.op === 'XOR') return 'bool';
        const l = this.typeOf(e.left, scope);
        const r = this.typeOf(e.right, scope);
        if (l === 'null' || r === 'null') return 'null';
        if (e.op === '+') {
          if (l === 'list' || r === 'list') return 'list';
          if (l === 'string' || r === 'string') return l === 'any' || r === 'any' ? 'any' : 'string';
        }
        if ((l === 'int' || l === 'float') && (r === 'int' || r === 'float')) {
          return e.op === '^' || l === 'float' || r === 'float' ? 'float' : 'int';
        }
        return 'any';
      }
      case 'FunctionCall':
        switch (e.name) {
          case 'nodes':
          case 'relationships':
          case 'collect':
          case 'keys':
          case 'labels':
          case 'range':
          case 'tail':
          case 'split':
            return 'list';
          case 'tostring':
          case 'tolower':
          case 'toupper':
          case 'trim':
          case 'type':
            return 'string';
          case 'startnode':
          case 'endnode':
            return 'node';
          case 'properties':
            return 'map';
        }
        return 'any';
      default:
        return 'any';
    }
  }
}

// ---------------------------------------------------------------------------------- helpers

function isUpdating(c: Clause): boolean {
  return c.kind === 'Create' || c.kind === 'Merge' || c.kind === 'Set' || c.kind === 'Remove' || c.kind === 'Delete' || c.kind === 'Foreach';
}

function clauseName(c: Clause): string {
  switch (c.kind) {
    case 'Match':
      return c.optional ? 'OPTIONAL MATCH' : 'MATCH';
    case 'Unwind':
      return 'UNWIND';
    case 'With':
      return 'WITH';
    case 'Call':
      return 'CALL';
    default:
      return c.kind.toUpperCase();
  }
}

function isSimpleGroupingKey(e: Expression): boolean {
  return e.kind === 'Variable' || (e.kind === 'Property' && e.object.kind === 'Variable');
}
