/**
 * The Cypher abstract syntax tree: the contract between the parser (graph/engine/parser)
 * and the executor (graph/engine/exec). Every node carries `pos` (offset, line, column of
 * its first token) so that semantic and runtime errors can point at the source.
 *
 * Keep this file declarative: no behaviour, only shapes.
 */

export interface Position {
  offset: number; // 0-based character offset
  line: number; // 1-based
  column: number; // 1-based
}

interface Base {
  pos: Position;
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

/** A whole statement: a query, possibly a UNION of single queries, or a schema command. */
export type Statement = Query | SchemaCommand;

export interface Query extends Base {
  kind: 'Query';
  /** The first single query, then each UNION part in order. */
  parts: SingleQuery[];
  /** unions[i] joins parts[i] and parts[i+1]; true = UNION ALL. Length = parts.length - 1. */
  unionAll: boolean[];
}

export interface SingleQuery extends Base {
  kind: 'SingleQuery';
  clauses: Clause[];
}

/** CREATE CONSTRAINT / CREATE INDEX / DROP ... : accepted for Neo4j 5 compatibility. */
export type SchemaCommand = CreateConstraint | CreateIndex | DropSchema;

export interface CreateConstraint extends Base {
  kind: 'CreateConstraint';
  name: string | null;
  ifNotExists: boolean;
  /** Node label (or relationship type when forRelationship). */
  label: string;
  forRelationship: boolean;
  properties: string[];
  /** 'UNIQUE' (IS UNIQUE), 'NODE_KEY' (IS NODE KEY), 'NOT_NULL' (IS NOT NULL). */
  constraint: 'UNIQUE' | 'NODE_KEY' | 'NOT_NULL';
}

export interface CreateIndex extends Base {
  kind: 'CreateIndex';
  name: string | null;
  ifNotExists: boolean;
  label: string;
  forRelationship: boolean;
  properties: string[];
  /** RANGE (default), TEXT, POINT, FULLTEXT, LOOKUP: all but RANGE/TEXT accepted as no-ops. */
  indexType: string;
}

export interface DropSchema extends Base {
  kind: 'DropSchema';
  what: 'CONSTRAINT' | 'INDEX';
  name: string;
  ifExists: boolean;
}

// ---------------------------------------------------------------------------------------------
// Clauses
// ---------------------------------------------------------------------------------------------

export type Clause =
  | MatchClause
  | UnwindClause
  | WithClause
  | ReturnClause
  | CreateClause
  | MergeClause
  | SetClause
  | RemoveClause
  | DeleteClause
  | CallClause
  | ForeachClause;

export interface MatchClause extends Base {
  kind: 'Match';
  optional: boolean;
  pattern: Pattern;
  where: Expression | null;
}

export interface UnwindClause extends Base {
  kind: 'Unwind';
  expression: Expression;
  variable: string;
}

/** The projection shared by WITH and RETURN. */
export interface Projection {
  distinct: boolean;
  /** `*` was given (possibly followed by further items). */
  star: boolean;
  items: ProjectionItem[];
  orderBy: SortItem[] | null;
  skip: Expression | null;
  limit: Expression | null;
}

export interface ProjectionItem extends Base {
  expression: Expression;
  /** The AS alias, or null when none was written. */
  alias: string | null;
  /** The source text of the expression, as written (used as the column name when no alias). */
  text: string;
}

export interface SortItem extends Base {
  expression: Expression;
  descending: boolean;
}

export interface WithClause extends Base, Projection {
  kind: 'With';
  where: Expression | null;
}

export interface ReturnClause extends Base, Projection {
  kind: 'Return';
}

export interface CreateClause extends Base {
  kind: 'Create';
  pattern: Pattern;
}

export interface MergeClause extends Base {
  kind: 'Merge';
  /** A single pattern part (MERGE takes one path). */
  pattern: PatternPart;
  onCreate: SetItem[];
  onMatch: SetItem[];
}

export interface SetClause extends Base {
  kind: 'Set';
  items: SetItem[];
}

export type SetItem =
  /** n.p = expr  (target may be any expression yielding a node/rel/map owner: `(n).p`, `n.p`) */
  | (Base & { kind: 'SetProperty'; target: PropertyAccess; value: Expression })
  /** n = {map}  (replace all properties) */
  | (Base & { kind: 'SetAllProperties'; variable: string; value: Expression })
  /** n += {map} */
  | (Base & { kind: 'MergeProperties'; variable: string; value: Expression })
  /** n:A:B */
  | (Base & { kind: 'SetLabels'; variable: string; labels: string[] });

export interface RemoveClause extends Base {
  kind: 'Remove';
  items: RemoveItem[];
}

export type RemoveItem =
  | (Base & { kind: 'RemoveProperty'; target: PropertyAccess })
  | (Base & { kind: 'RemoveLabels'; variable: string; labels: string[] });

export interface DeleteClause extends Base {
  kind: 'Delete';
  detach: boolean;
  expressions: Expression[];
}

/** CALL proc(...) YIELD ... and CALL { subquery }: parsed so that they can be refused clearly. */
export interface CallClause extends Base {
  kind: 'Call';
  /** Procedure call: name like 'db.labels'; null for a subquery. */
  procedure: string | null;
  args: Expression[] | null;
  yieldItems: { name: string; alias: string | null }[] | null;
  yieldStar: boolean;
  where: Expression | null;
  subquery: Query | null;
}

export interface ForeachClause extends Base {
  kind: 'Foreach';
  variable: string;
  list: Expression;
  clauses: Clause[];
}

// ---------------------------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------------------------

export interface Pattern extends Base {
  parts: PatternPart[];
}

export interface PatternPart extends Base {
  /** `p = (a)-->(b)` names the path. */
  pathVariable: string | null;
  /** shortestPath(...) / allShortestPaths(...) wrapper, else null. */
  shortest: 'shortestPath' | 'allShortestPaths' | null;
  /** nodes.length === relationships.length + 1; relationships[i] joins nodes[i] and nodes[i+1]. */
  nodes: NodePattern[];
  relationships: RelationshipPattern[];
}

export interface NodePattern extends Base {
  kind: 'NodePattern';
  variable: string | null;
  /** Labels that must all be present (`:A:B` or `:A&B`). */
  labels: string[];
  /** `{k: v}` map literal, or a parameter `$props` (an Expression of kind Parameter), or null. */
  properties: MapLiteral | Parameter | null;
  /** Inline `WHERE` inside the node pattern (Neo4j 5): `(n:A WHERE n.x > 1)`. */
  where: Expression | null;
}

export interface RelationshipPattern extends Base {
  kind: 'RelationshipPattern';
  variable: string | null;
  /** Alternatives `:A|B` (also `:A|:B`); empty = any type. */
  types: string[];
  properties: MapLiteral | Parameter | null;
  /** 'right' = -->, 'left' = <--, 'both' = -- or <--> */
  direction: 'right' | 'left' | 'both';
  /** Variable length `*`, `*2`, `*1..3`, `*..3`, `*2..`: null when not variable length. */
  range: { min: number | null; max: number | null } | null;
  where: Expression | null;
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

export type Expression =
  | Literal
  | ListLiteral
  | MapLiteral
  | Parameter
  | Variable
  | PropertyAccess
  | DynamicPropertyAccess
  | IndexAccess
  | SliceAccess
  | BinaryOp
  | UnaryOp
  | Comparison
  | IsNull
  | LabelCheck
  | StringMatch
  | InList
  | FunctionCall
  | CountStar
  | CaseExpression
  | ListComprehension
  | PatternComprehension
  | Quantifier
  | Reduce
  | ExistsSubquery
  | CountSubquery
  | PatternPredicate
  | MapProjection;

export interface Literal extends Base {
  kind: 'Literal';
  /** bigint for integers, number for floats (incl. NaN/Infinity), string, boolean, null. */
  value: bigint | number | string | boolean | null;
}

export interface ListLiteral extends Base {
  kind: 'List';
  items: Expression[];
}

export interface MapLiteral extends Base {
  kind: 'Map';
  entries: { key: string; value: Expression }[];
}

export interface Parameter extends Base {
  kind: 'Parameter';
  name: string;
}

export interface Variable extends Base {
  kind: 'Variable';
  name: string;
}

export interface PropertyAccess extends Base {
  kind: 'Property';
  object: Expression;
  key: string;
}

/** `n['key']` when the index is not known to be an integer: resolved at run time as map key or list index. */
export interface DynamicPropertyAccess extends Base {
  kind: 'DynamicProperty';
  object: Expression;
  key: Expression;
}

/** `list[i]` or `map['k']` — one subscript. The executor decides list vs map at run time. */
export interface IndexAccess extends Base {
  kind: 'Index';
  object: Expression;
  index: Expression;
}

export interface SliceAccess extends Base {
  kind: 'Slice';
  object: Expression;
  from: Expression | null;
  to: Expression | null;
}

export type BinaryOperator =
  | 'OR'
  | 'XOR'
  | 'AND'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^';

export interface BinaryOp extends Base {
  kind: 'Binary';
  op: BinaryOperator;
  left: Expression;
  right: Expression;
}

export interface UnaryOp extends Base {
  kind: 'Unary';
  op: 'NOT' | '-' | '+';
  operand: Expression;
}

/**
 * Chained comparison `a < b <= c` is one Comparison with operands [a,b,c] and ops ['<','<=']:
 * it means a < b AND b <= c, evaluating b once.
 */
export interface Comparison extends Base {
  kind: 'Comparison';
  operands: Expression[];
  ops: ('=' | '<>' | '<' | '>' | '<=' | '>=')[];
}

export interface IsNull extends Base {
  kind: 'IsNull';
  operand: Expression;
  negated: boolean; // IS NOT NULL
}

/** `n:A:B` used as a predicate (all labels must be present; for relationships, `r:T` checks the type). */
export interface LabelCheck extends Base {
  kind: 'LabelCheck';
  operand: Expression;
  labels: string[];
}

export interface StringMatch extends Base {
  kind: 'StringMatch';
  op: 'STARTS WITH' | 'ENDS WITH' | 'CONTAINS' | '=~';
  left: Expression;
  right: Expression;
}

export interface InList extends Base {
  kind: 'In';
  element: Expression;
  list: Expression;
}

export interface FunctionCall extends Base {
  kind: 'FunctionCall';
  /** Lower-cased, namespaced name as written: 'tolower', 'coalesce', 'apoc.x.y' */
  name: string;
  distinct: boolean;
  args: Expression[];
}

export interface CountStar extends Base {
  kind: 'CountStar';
}

export interface CaseExpression extends Base {
  kind: 'Case';
  /** CASE x WHEN ... (simple form) when non-null; generic form when null. */
  subject: Expression | null;
  alternatives: { when: Expression; then: Expression }[];
  else: Expression | null;
}

export interface ListComprehension extends Base {
  kind: 'ListComprehension';
  variable: string;
  list: Expression;
  where: Expression | null;
  projection: Expression | null;
}

export interface PatternComprehension extends Base {
  kind: 'PatternComprehension';
  pathVariable: string | null;
  pattern: PatternPart;
  where: Expression | null;
  projection: Expression;
}

export interface Quantifier extends Base {
  kind: 'Quantifier';
  quantifier: 'all' | 'any' | 'none' | 'single';
  variable: string;
  list: Expression;
  where: Expression | null;
}

export interface Reduce extends Base {
  kind: 'Reduce';
  accumulator: string;
  init: Expression;
  variable: string;
  list: Expression;
  expression: Expression;
}

/** EXISTS { MATCH ... [WHERE ...] } or EXISTS { (a)-->(b) } (pattern form: query.parts[0] has one Match). */
export interface ExistsSubquery extends Base {
  kind: 'Exists';
  query: Query;
}

/** COUNT { ... } */
export interface CountSubquery extends Base {
  kind: 'CountSubquery';
  query: Query;
}

/** A bare pattern used as a predicate in WHERE: `WHERE (a)-->(:B)` (true when at least one match). */
export interface PatternPredicate extends Base {
  kind: 'PatternPredicate';
  pattern: PatternPart;
}

/** n {.a, .b, k: expr, .*} */
export interface MapProjection extends Base {
  kind: 'MapProjection';
  variable: string;
  items: (
    | { kind: 'PropertySelector'; key: string }
    | { kind: 'LiteralEntry'; key: string; value: Expression }
    | { kind: 'VariableSelector'; name: string }
    | { kind: 'AllPropertiesSelector' }
  )[];
}
