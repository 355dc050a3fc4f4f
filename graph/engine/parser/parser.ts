/**
 * Hand-written recursive-descent parser for the openCypher / Neo4j 5 dialect, producing the
 * tree in ../ast.ts. Syntax errors are CypherError SyntaxError with the offending token's position.
 */
import type {
  Clause,
  CreateConstraint,
  CreateIndex,
  DropSchema,
  Expression,
  MapLiteral,
  MapProjection,
  NodePattern,
  Parameter,
  Pattern,
  PatternPart,
  Position,
  Projection,
  ProjectionItem,
  Query,
  RelationshipPattern,
  RemoveItem,
  SetItem,
  SingleQuery,
  SortItem,
  Statement,
  Comparison,
  CallClause,
  PatternPredicate,
} from '../ast.js';
import { syntaxError } from '../errors.js';
import { SourceMap, tokenize, checkIntRange, type Token } from './lexer.js';

const CLAUSE_START = new Set([
  'MATCH',
  'OPTIONAL',
  'UNWIND',
  'WITH',
  'RETURN',
  'CREATE',
  'MERGE',
  'SET',
  'REMOVE',
  'DELETE',
  'DETACH',
  'NODETACH',
  'CALL',
  'FOREACH',
]);

const INDEX_TYPES = new Set(['RANGE', 'TEXT', 'POINT', 'FULLTEXT', 'LOOKUP', 'BTREE', 'VECTOR']);

type CompOp = Comparison['ops'][number];

export class Parser {
  private readonly tokens: Token[];
  private i = 0;
  private readonly map: SourceMap;
  /** PatternPredicates written as bare patterns (not exists(...)): only allowed in boolean positions. */
  readonly barePatterns = new Set<PatternPredicate>();

  constructor(private readonly text: string) {
    this.map = new SourceMap(text);
    this.tokens = tokenize(text, this.map);
  }

  // ------------------------------------------------------------------ token helpers

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)]!;
  }
  private isKw(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'ident' && t.upper === word;
  }
  private isP(p: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'punct' && t.value === p;
  }
  private acceptKw(word: string): boolean {
    if (this.isKw(word)) {
      this.i++;
      return true;
    }
    return false;
  }
  private acceptP(p: string): boolean {
    if (this.isP(p)) {
      this.i++;
      return true;
    }
    return false;
  }
  private expectKw(word: string): Token {
    if (!this.isKw(word)) this.fail(`'${word}'`);
    return this.tokens[this.i++]!;
  }
  private expectP(p: string): Token {
    if (!this.isP(p)) this.fail(`'${p}'`);
    return this.tokens[this.i++]!;
  }
  private posAt(t: Token): Position {
    return this.map.pos(t.start);
  }
  private here(): Position {
    return this.posAt(this.peek());
  }
  private get prevEnd(): number {
    return this.i > 0 ? this.tokens[this.i - 1]!.end : 0;
  }

  fail(expected: string, t: Token = this.peek(), detail = 'UnexpectedSyntax'): never {
    const shown = t.type === 'eof' ? '' : this.text.slice(t.start, t.end);
    throw syntaxError(`Invalid input '${shown}': expected ${expected}`, this.posAt(t), detail);
  }

  /** An identifier or backtick-quoted name (labels, keys, variables: keywords are allowed). */
  private name(what = 'an identifier'): string {
    const t = this.peek();
    if (t.type === 'ident' || t.type === 'qident') {
      this.i++;
      return t.value;
    }
    return this.fail(what);
  }
  private isName(k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'ident' || t.type === 'qident';
  }

  // ------------------------------------------------------------------ statements

  parseStatement(): Statement {
    let stmt: Statement;
    if (this.isKw('CREATE') && (this.isKw('CONSTRAINT', 1) || this.isKw('INDEX', 1) || this.isIndexTypePrefix(1))) {
      stmt = this.parseCreateSchema();
    } else if (this.isKw('DROP')) {
      stmt = this.parseDropSchema();
    } else {
      stmt = this.parseQuery();
    }
    this.acceptP(';');
    if (this.peek().type !== 'eof') {
      this.fail(stmt.kind === 'Query' ? 'a clause keyword (MATCH, RETURN, WITH, ...) or end of input' : 'end of input');
    }
    return stmt;
  }

  private isIndexTypePrefix(k: number): boolean {
    const t = this.peek(k);
    return t.type === 'ident' && INDEX_TYPES.has(t.upper) && this.isKw('INDEX', k + 1);
  }

  private parseQuery(): Query {
    const pos = this.here();
    const parts: SingleQuery[] = [this.parseSingleQuery()];
    const unionAll: boolean[] = [];
    while (this.acceptKw('UNION')) {
      unionAll.push(this.acceptKw('ALL'));
      if (!unionAll[unionAll.length - 1]) this.acceptKw('DISTINCT');
      parts.push(this.parseSingleQuery());
    }
    return { kind: 'Query', pos, parts, unionAll };
  }

  private isClauseStart(): boolean {
    const t = this.peek();
    return t.type === 'ident' && CLAUSE_START.has(t.upper);
  }

  private parseSingleQuery(): SingleQuery {
    const pos = this.here();
    const clauses: Clause[] = [];
    while (this.isClauseStart()) clauses.push(this.parseClause());
    if (clauses.length === 0) this.fail('a clause keyword (MATCH, CREATE, RETURN, WITH, UNWIND, ...)');
    return { kind: 'SingleQuery', pos, clauses };
  }

  private parseClause(): Clause {
    const t = this.peek();
    const pos = this.posAt(t);
    switch (t.upper) {
      case 'MATCH':
      case 'OPTIONAL': {
        const optional = this.acceptKw('OPTIONAL');
        this.expectKw('MATCH');
        const pattern = this.parsePattern();
        const where = this.acceptKw('WHERE') ? this.parseExpression() : null;
        return { kind: 'Match', pos, optional, pattern, where };
      }
      case 'UNWIND': {
        this.i++;
        const expression = this.parseExpression();
        this.expectKw('AS');
        const variable = this.name('a variable name');
        return { kind: 'Unwind', pos, expression, variable };
      }
      case 'WITH': {
        this.i++;
        const proj = this.parseProjection();
        const where = this.acceptKw('WHERE') ? this.parseExpression() : null;
        return { kind: 'With', pos, ...proj, where };
      }
      case 'RETURN': {
        this.i++;
        return { kind: 'Return', pos, ...this.parseProjection() };
      }
      case 'CREATE': {
        this.i++;
        return { kind: 'Create', pos, pattern: this.parsePattern() };
      }
      case 'MERGE': {
        this.i++;
        const pattern = this.parsePatternPart();
        const onCreate: SetItem[] = [];
        const onMatch: SetItem[] = [];
        while (this.isKw('ON')) {
          this.i++;
          if (this.acceptKw('CREATE')) {
            this.expectKw('SET');
            onCreate.push(...this.parseSetItems());
          } else if (this.acceptKw('MATCH')) {
            this.expectKw('SET');
            onMatch.push(...this.parseSetItems());
          } else this.fail("'CREATE' or 'MATCH'");
        }
        return { kind: 'Merge', pos, pattern, onCreate, onMatch };
      }
      case 'SET':
        this.i++;
        return { kind: 'Set', pos, items: this.parseSetItems() };
      case 'REMOVE': {
        this.i++;
        const items: RemoveItem[] = [this.parseRemoveItem()];
        while (this.acceptP(',')) items.push(this.parseRemoveItem());
        return { kind: 'Remove', pos, items };
      }
      case 'DELETE':
      case 'DETACH':
      case 'NODETACH': {
        const detach = this.acceptKw('DETACH');
        this.acceptKw('NODETACH');
        this.expectKw('DELETE');
        const expressions = [this.parseExpression()];
        while (this.acceptP(',')) expressions.push(this.parseExpression());
        return { kind: 'Delete', pos, detach, expressions };
      }
      case 'FOREACH': {
        this.i++;
        this.expectP('(');
        const variable = this.name('a variable name');
        this.expectKw('IN');
        const list = this.parseExpression();
        this.expectP('|');
        const clauses: Clause[] = [];
        while (this.isClauseStart()) clauses.push(this.parseClause());
        if (clauses.length === 0) this.fail('an updating clause');
        this.expectP(')');
        return { kind: 'Foreach', pos, variable, list, clauses };
      }
      case 'CALL':
        return this.parseCall();
    }
    return this.fail('a clause keyword');
  }

  private parseCall(): CallClause {
    const pos = this.here();
    this.expectKw('CALL');
    const base = { kind: 'Call' as const, pos, yieldItems: null, yieldStar: false, where: null };
    if (this.isP('{') || (this.isP('(') && this.scopeClauseAhead())) {
      if (this.acceptP('(')) {
        // CALL (a, b) { ... } importing scope (Neo4j 5.23): variables are informational here
        if (!this.isP(')')) {
          if (!this.acceptP('*')) {
            this.name();
            while (this.acceptP(',')) this.name();
          }
        }
        this.expectP(')');
      }
      this.expectP('{');
      const subquery = this.parseQuery();
      this.expectP('}');
      if (this.acceptKw('IN')) {
        // IN TRANSACTIONS [OF n ROWS]: accepted syntactically, refused by the executor as a subquery
        this.expectKw('TRANSACTIONS');
        if (this.acceptKw('OF')) {
          this.parseExpression();
          if (!this.acceptKw('ROWS')) this.expectKw('ROW');
        }
      }
      return { ...base, procedure: null, args: null, subquery };
    }
    let procedure = this.name('a procedure name');
    while (this.acceptP('.')) procedure += '.' + this.name('a procedure name');
    let args: Expression[] | null = null;
    if (this.acceptP('(')) {
      args = [];
      if (!this.isP(')')) {
        args.push(this.parseExpression());
        while (this.acceptP(',')) args.push(this.parseExpression());
      }
      this.expectP(')');
    }
    let yieldItems: CallClause['yieldItems'] = null;
    let yieldStar = false;
    let where: Expression | null = null;
    if (this.acceptKw('YIELD')) {
      if (this.acceptP('*')) yieldStar = true;
      else {
        yieldItems = [];
        do {
          const name = this.name('a procedure result field');
          const alias = this.acceptKw('AS') ? this.name('a variable name') : null;
          yieldItems.push({ name, alias });
        } while (this.acceptP(','));
      }
      if (this.acceptKw('WHERE')) where = this.parseExpression();
    }
    return { ...base, procedure, args, yieldItems, yieldStar, where, subquery: null };
  }

  /** `CALL (x, y) {` – distinguishes the scope clause from nothing else (procedures need a name first). */
  private scopeClauseAhead(): boolean {
    let k = 1;
    while (this.peek(k).type !== 'eof' && !this.isP(')', k)) k++;
    return this.isP('{', k + 1);
  }

  private parseSetItems(): SetItem[] {
    const items = [this.parseSetItem()];
    while (this.acceptP(',')) items.push(this.parseSetItem());
    return items;
  }

  private parseSetItem(): SetItem {
    const pos = this.here();
    if (this.isName() && (this.isP('=', 1) || this.isP('+=', 1) || this.isP(':', 1))) {
      const variable = this.name();
      if (this.acceptP('=')) return { kind: 'SetAllProperties', pos, variable, value: this.parseExpression() };
      if (this.acceptP('+=')) return { kind: 'MergeProperties', pos, variable, value: this.parseExpression() };
      return { kind: 'SetLabels', pos, variable, labels: this.parseLabelList() };
    }
    const target = this.parsePostfix(false);
    if (target.kind !== 'Property') this.fail("a property, e.g. 'n.prop', followed by '='");
    this.expectP('=');
    return { kind: 'SetProperty', pos, target, value: this.parseExpression() };
  }

  private parseRemoveItem(): RemoveItem {
    const pos = this.here();
    if (this.isName() && this.isP(':', 1)) {
      const variable = this.name();
      return { kind: 'RemoveLabels', pos, variable, labels: this.parseLabelList() };
    }
    const target = this.parsePostfix(false);
    if (target.kind !== 'Property') this.fail("a property, e.g. 'n.prop', or labels, e.g. 'n:Label'");
    return { kind: 'RemoveProperty', pos, target };
  }

  /** `:A:B` or `:A&B` (all-of). */
  private parseLabelList(): string[] {
    this.expectP(':');
    const labels = [this.name('a label name')];
    while (this.isP(':') || this.isP('&')) {
      this.i++;
      labels.push(this.name('a label name'));
    }
    return labels;
  }

  private parseProjection(): Projection {
    const distinct = this.acceptKw('DISTINCT');
    let star = false;
    const items: ProjectionItem[] = [];
    if (this.acceptP('*')) {
      star = true;
      while (this.acceptP(',')) items.push(this.parseProjectionItem());
    } else {
      items.push(this.parseProjectionItem());
      while (this.acceptP(',')) items.push(this.parseProjectionItem());
    }
    let orderBy: SortItem[] | null = null;
    if (this.isKw('ORDER')) {
      this.i++;
      this.expectKw('BY');
      orderBy = [];
      do {
        const pos = this.here();
        const expression = this.parseExpression();
        let descending = false;
        if (this.acceptKw('DESC') || this.acceptKw('DESCENDING')) descending = true;
        else if (!this.acceptKw('ASC')) this.acceptKw('ASCENDING');
        orderBy.push({ pos, expression, descending });
      } while (this.acceptP(','));
    }
    let skip: Expression | null = null;
    let limit: Expression | null = null;
    if (this.acceptKw('SKIP') || this.acceptKw('OFFSET')) skip = this.parseExpression();
    if (this.acceptKw('LIMIT')) limit = this.parseExpression();
    return { distinct, star, items, orderBy, skip, limit };
  }

  private parseProjectionItem(): ProjectionItem {
    const startTok = this.peek();
    const pos = this.posAt(startTok);
    const expression = this.parseExpression();
    const text = this.text.slice(startTok.start, this.prevEnd).trim();
    const alias = this.acceptKw('AS') ? this.name('a variable name') : null;
    return { pos, expression, alias, text };
  }

  // ------------------------------------------------------------------ schema

  private parseCreateSchema(): CreateConstraint | CreateIndex {
    const pos = this.here();
    this.expectKw('CREATE');
    if (this.acceptKw('CONSTRAINT')) {
      const name = this.parseSchemaName();
      const ifNotExists = this.parseIfNotExists();
      let variable: string;
      let label: string;
      let forRelationship = false;
      let legacy = false;
      if (this.acceptKw('FOR')) {
        ({ variable, label, forRelationship } = this.parseSchemaTarget());
      } else {
        this.expectKw('ON');
        legacy = true;
        ({ variable, label, forRelationship } = this.parseSchemaTarget());
      }
      if (!label) this.fail('a label or relationship type for the constraint');
      if (legacy) this.expectKw('ASSERT');
      else this.expectKw('REQUIRE');
      const properties = this.parseSchemaProperties(variable);
      this.expectKw('IS');
      let constraint: CreateConstraint['constraint'];
      if (this.acceptKw('UNIQUE')) constraint = 'UNIQUE';
      else if (this.acceptKw('NODE') || this.acceptKw('RELATIONSHIP') || this.acceptKw('REL')) {
        // IS NODE KEY / IS RELATIONSHIP KEY, or the Neo4j 5.7+ spelling IS NODE UNIQUE / IS REL UNIQUE
        if (this.acceptKw('UNIQUE')) constraint = 'UNIQUE';
        else {
          this.expectKw('KEY');
          constraint = 'NODE_KEY';
        }
      } else if (this.acceptKw('KEY')) constraint = 'NODE_KEY';
      else if (this.acceptKw('NOT')) {
        this.expectKw('NULL');
        constraint = 'NOT_NULL';
      } else return this.fail("'UNIQUE', 'NODE KEY' or 'NOT NULL'");
      this.skipOptions();
      return { kind: 'CreateConstraint', pos, name, ifNotExists, label, forRelationship, properties, constraint };
    }
    let indexType = 'RANGE';
    if (!this.isKw('INDEX')) indexType = this.name().toUpperCase();
    this.expectKw('INDEX');
    if (this.isKw('ON') && this.isP(':', 1)) {
      // legacy: CREATE INDEX ON :Label(prop, ...)
      this.i++;
      this.expectP(':');
      const label = this.name('a label name');
      this.expectP('(');
      const properties = [this.name('a property key')];
      while (this.acceptP(',')) properties.push(this.name('a property key'));
      this.expectP(')');
      return { kind: 'CreateIndex', pos, name: null, ifNotExists: false, label, forRelationship: false, properties, indexType };
    }
    const name = this.parseSchemaName();
    const ifNotExists = this.parseIfNotExists();
    this.expectKw('FOR');
    const { variable, label, forRelationship } = this.parseSchemaTarget();
    this.expectKw('ON');
    let properties: string[];
    if (this.acceptKw('EACH')) {
      // FULLTEXT: ON EACH [n.a, n.b]; LOOKUP: ON EACH labels(n) / type(r)
      if (this.isP('[')) {
        this.i++;
        properties = [this.parseSchemaProperty(variable)];
        while (this.acceptP(',')) properties.push(this.parseSchemaProperty(variable));
        this.expectP(']');
      } else {
        this.parseExpression();
        properties = [];
      }
    } else properties = this.parseSchemaProperties(variable);
    this.skipOptions();
    return { kind: 'CreateIndex', pos, name, ifNotExists, label, forRelationship, properties, indexType };
  }

  private skipOptions(): void {
    if (this.acceptKw('OPTIONS')) this.parseExpression();
  }

  private parseSchemaName(): string | null {
    if (this.isName() && !this.isKw('FOR') && !this.isKw('ON') && !(this.isKw('IF') && this.isKw('NOT', 1))) {
      return this.name();
    }
    return null;
  }

  private parseIfNotExists(): boolean {
    if (this.isKw('IF')) {
      this.i++;
      this.expectKw('NOT');
      this.expectKw('EXISTS');
      return true;
    }
    return false;
  }

  /** `(n:L)` or `()-[r:T]-()` (any direction). */
  private parseSchemaTarget(): { variable: string; label: string; forRelationship: boolean } {
    this.expectP('(');
    if (this.acceptP(')')) {
      this.acceptP('<');
      this.expectP('-');
      this.expectP('[');
      const variable = this.isName() ? this.name() : '';
      const label = this.acceptP(':') ? this.name('a relationship type') : '';
      this.expectP(']');
      this.expectP('-');
      this.acceptP('>');
      this.expectP('(');
      this.expectP(')');
      return { variable, label, forRelationship: true };
    }
    const variable = this.isName() ? this.name() : '';
    // LOOKUP indexes name no label: FOR (n) ON EACH labels(n)
    const label = this.acceptP(':') ? this.name('a label name') : '';
    this.expectP(')');
    return { variable, label, forRelationship: false };
  }

  private parseSchemaProperties(variable: string): string[] {
    if (this.acceptP('(')) {
      const props = [this.parseSchemaProperty(variable)];
      while (this.acceptP(',')) props.push(this.parseSchemaProperty(variable));
      this.expectP(')');
      return props;
    }
    return [this.parseSchemaProperty(variable)];
  }

  private parseSchemaProperty(variable: string): string {
    const t = this.peek();
    const v = this.name('a property, e.g. n.prop');
    if (variable && v !== variable) {
      throw syntaxError(`Variable \`${v}\` not defined`, this.posAt(t), 'UndefinedVariable');
    }
    this.expectP('.');
    return this.name('a property key');
  }

  private parseDropSchema(): DropSchema {
    const pos = this.here();
    this.expectKw('DROP');
    let what: DropSchema['what'];
    if (this.acceptKw('CONSTRAINT')) what = 'CONSTRAINT';
    else if (this.acceptKw('INDEX')) what = 'INDEX';
    else return this.fail("'CONSTRAINT' or 'INDEX'");
    const name = this.name('a constraint or index name');
    let ifExists = false;
    if (this.acceptKw('IF')) {
      this.expectKw('EXISTS');
      ifExists = true;
    }
    return { kind: 'DropSchema', pos, what, name, ifExists };
  }

  // ------------------------------------------------------------------ patterns

  parsePattern(): Pattern {
    const pos = this.here();
    const parts = [this.parsePatternPart()];
    while (this.acceptP(',')) parts.push(this.parsePatternPart());
    return { pos, parts };
  }

  private parsePatternPart(): PatternPart {
    const pos = this.here();
    let pathVariable: string | null = null;
    if (this.isName() && this.isP('=', 1)) {
      pathVariable = this.name();
      this.i++;
    }
    if ((this.isKw('SHORTESTPATH') || this.isKw('ALLSHORTESTPATHS')) && this.isP('(', 1)) {
      const shortest = this.isKw('SHORTESTPATH') ? 'shortestPath' : 'allShortestPaths';
      this.i += 2;
      const chain = this.parseChain();
      this.expectP(')');
      return { pos, pathVariable, shortest, ...chain };
    }
    // a parenthesised path `(p = (a)-->(b))` is not common; plain chains are.
    return { pos, pathVariable, shortest: null, ...this.parseChain() };
  }

  private parseChain(): { nodes: NodePattern[]; relationships: RelationshipPattern[] } {
    const nodes = [this.parseNodePattern()];
    const relationships: RelationshipPattern[] = [];
    while (this.isP('-') || (this.isP('<') && this.isP('-', 1))) {
      relationships.push(this.parseRelationshipPattern());
      nodes.push(this.parseNodePattern());
    }
    return { nodes, relationships };
  }

  private parseNodePattern(): NodePattern {
    const pos = this.here();
    this.expectP('(');
    let variable: string | null = null;
    if (this.isName() && !(this.isKw('WHERE') && !this.isP(':', 1) && !this.isP(')', 1) && !this.isP('{', 1))) {
      variable = this.name();
    }
    const labels = this.isP(':') ? this.parseLabelList() : [];
    if (this.isP('|')) this.fail("')' (label disjunction in node patterns is not supported)");
    const properties = this.parsePatternProperties();
    const where = this.acceptKw('WHERE') ? this.parseExpression() : null;
    this.expectP(')');
    return { kind: 'NodePattern', pos, variable, labels, properties, where };
  }

  private parsePatternProperties(): MapLiteral | Parameter | null {
    if (this.isP('{')) return this.parseMapLiteral();
    const t = this.peek();
    if (t.type === 'param') {
      this.i++;
      return { kind: 'Parameter', pos: this.posAt(t), name: t.value };
    }
    return null;
  }

  private parseRelationshipPattern(): RelationshipPattern {
    const pos = this.here();
    const left = this.acceptP('<');
    this.expectP('-');
    let variable: string | null = null;
    let types: string[] = [];
    let properties: MapLiteral | Parameter | null = null;
    let range: RelationshipPattern['range'] = null;
    let where: Expression | null = null;
    if (this.acceptP('[')) {
      if (this.isName() && !(this.isKw('WHERE') && !this.isP(':', 1) && !this.isP(']', 1))) variable = this.name();
      if (this.acceptP(':')) {
        types.push(this.name('a relationship type'));
        while (this.acceptP('|')) {
          this.acceptP(':');
          types.push(this.name('a relationship type'));
        }
      }
      if (this.isP('..')) {
        this.fail("'*' before the range of a variable-length relationship", this.peek(), 'InvalidRelationshipPattern');
      }
      if (this.acceptP('*')) range = this.parseRange();
      properties = this.parsePatternProperties();
      if (this.acceptKw('WHERE')) where = this.parseExpression();
      this.expectP(']');
    }
    this.expectP('-');
    const right = this.acceptP('>');
    const direction = left && !right ? 'left' : right && !left ? 'right' : 'both';
    types = types.length ? types : [];
    return { kind: 'RelationshipPattern', pos, variable, types, properties, direction, range, where };
  }

  private parseRange(): { min: number | null; max: number | null } {
    const bound = (): number | null => {
      const t = this.peek();
      if (t.type === 'int') {
        this.i++;
        return Number(t.num as bigint);
      }
      if (this.isP('-') || t.type === 'float') {
        this.fail('a non-negative integer range bound', t, 'InvalidRelationshipPattern');
      }
      return null;
    };
    const min = bound();
    if (this.acceptP('..')) {
      const max = bound();
      return { min, max };
    }
    return { min, max: min };
  }

  // ------------------------------------------------------------------ expressions

  parseExpression(): Expression {
    return this.parseOr();
  }

  private parseOr(): Expression {
    let left = this.parseXor();
    while (this.isKw('OR')) {
      const pos = this.here();
      this.i++;
      left = { kind: 'Binary', pos, op: 'OR', left, right: this.parseXor() };
    }
    return left;
  }

  private parseXor(): Expression {
    let left = this.parseAnd();
    while (this.isKw('XOR')) {
      const pos = this.here();
      this.i++;
      left = { kind: 'Binary', pos, op: 'XOR', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseNot();
    while (this.isKw('AND')) {
      const pos = this.here();
      this.i++;
      left = { kind: 'Binary', pos, op: 'AND', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expression {
    if (this.isKw('NOT')) {
      const pos = this.here();
      this.i++;
      return { kind: 'Unary', pos, op: 'NOT', operand: this.parseNot() };
    }
    return this.parseComparison();
  }

  private compOp(): CompOp | null {
    const t = this.peek();
    if (t.type !== 'punct') return null;
    switch (t.value) {
      case '=':
      case '<>':
      case '<':
      case '>':
      case '<=':
      case '>=':
        return t.value;
      case '!=':
        return '<>';
    }
    return null;
  }

  private parseComparison(): Expression {
    const first = this.parsePredicate();
    let op = this.compOp();
    if (!op) return first;
    const operands = [first];
    const ops: CompOp[] = [];
    while (op) {
      this.i++;
      ops.push(op);
      operands.push(this.parsePredicate());
      op = this.compOp();
    }
    return { kind: 'Comparison', pos: first.pos, operands, ops };
  }

  /** STARTS WITH / ENDS WITH / CONTAINS / =~ / IN / IS [NOT] NULL, left-associative over + -. */
  private parsePredicate(): Expression {
    let left = this.parseAdditive();
    for (;;) {
      const t = this.peek();
      const pos = left.pos;
      if (t.type === 'ident') {
        if (t.upper === 'STARTS' && this.isKw('WITH', 1)) {
          this.i += 2;
          left = { kind: 'StringMatch', pos, op: 'STARTS WITH', left, right: this.parseAdditive() };
          continue;
        }
        if (t.upper === 'ENDS' && this.isKw('WITH', 1)) {
          this.i += 2;
          left = { kind: 'StringMatch', pos, op: 'ENDS WITH', left, right: this.parseAdditive() };
          continue;
        }
        if (t.upper === 'CONTAINS') {
          this.i++;
          left = { kind: 'StringMatch', pos, op: 'CONTAINS', left, right: this.parseAdditive() };
          continue;
        }
        if (t.upper === 'IN') {
          this.i++;
          left = { kind: 'In', pos, element: left, list: this.parseAdditive() };
          continue;
        }
        if (t.upper === 'IS') {
          if (this.isKw('NULL', 1)) {
            this.i += 2;
            left = { kind: 'IsNull', pos, operand: left, negated: false };
            continue;
          }
          if (this.isKw('NOT', 1) && this.isKw('NULL', 2)) {
            this.i += 3;
            left = { kind: 'IsNull', pos, operand: left, negated: true };
            continue;
          }
          this.i++;
          this.fail("'NULL' or 'NOT NULL'");
        }
      } else if (t.type === 'punct' && t.value === '=~') {
        this.i++;
        left = { kind: 'StringMatch', pos, op: '=~', left, right: this.parseAdditive() };
        continue;
      }
      return left;
    }
  }

  private parseAdditive(): Expression {
    let left = this.parseMultiplicative();
    for (;;) {
      const t = this.peek();
      if (t.type === 'punct' && (t.value === '+' || t.value === '-')) {
        this.i++;
        left = { kind: 'Binary', pos: left.pos, op: t.value, left, right: this.parseMultiplicative() };
        continue;
      }
      if (t.type === 'punct' && t.value === '||') {
        // Neo4j 5 string/list concatenation operator, same as +
        this.i++;
        left = { kind: 'Binary', pos: left.pos, op: '+', left, right: this.parseMultiplicative() };
        continue;
      }
      return left;
    }
  }

  private parseMultiplicative(): Expression {
    let left = this.parsePower();
    for (;;) {
      const t = this.peek();
      if (t.type === 'punct' && (t.value === '*' || t.value === '/' || t.value === '%')) {
        this.i++;
        left = { kind: 'Binary', pos: left.pos, op: t.value, left, right: this.parsePower() };
        continue;
      }
      return left;
    }
  }

  private parsePower(): Expression {
    let left = this.parseUnary();
    while (this.isP('^')) {
      this.i++;
      left = { kind: 'Binary', pos: left.pos, op: '^', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Expression {
    const t = this.peek();
    if (t.type === 'punct' && (t.value === '-' || t.value === '+')) {
      const pos = this.posAt(t);
      this.i++;
      const next = this.peek();
      if (t.value === '-' && (next.type === 'int' || next.type === 'float') && !this.postfixFollows(1)) {
        // fold negative numeric literals so that -9223372036854775808 is representable
        this.i++;
        if (next.type === 'int') {
          const mag = next.num as bigint;
          if (!checkIntRange(mag, true)) this.integerOverflow(t, next);
          return { kind: 'Literal', pos, value: -mag };
        }
        return { kind: 'Literal', pos, value: -(next.num as number) };
      }
      return { kind: 'Unary', pos, op: t.value, operand: this.parseUnary() };
    }
    return this.parsePostfix(true);
  }

  private postfixFollows(k: number): boolean {
    return this.isP('.', k) || this.isP('[', k);
  }

  private integerOverflow(from: Token, to: Token): never {
    throw syntaxError(
      `integer is too large: ${this.text.slice(from.start, to.end)}`,
      this.posAt(from),
      'IntegerOverflow',
    );
  }

  /** Atom followed by property lookups, subscripts, slices and (when allowed) a label check. */
  private parsePostfix(allowLabels: boolean): Expression {
    let expr = this.parseAtom();
    for (;;) {
      const t = this.peek();
      if (t.type !== 'punct') return expr;
      if (t.value === '.') {
        this.i++;
        expr = { kind: 'Property', pos: expr.pos, object: expr, key: this.name('a property key') };
        continue;
      }
      if (t.value === '[') {
        this.i++;
        if (this.acceptP('..')) {
          const to = this.isP(']') ? null : this.parseExpression();
          this.expectP(']');
          expr = { kind: 'Slice', pos: expr.pos, object: expr, from: null, to };
          continue;
        }
        const index = this.parseExpression();
        if (this.acceptP('..')) {
          const to = this.isP(']') ? null : this.parseExpression();
          this.expectP(']');
          expr = { kind: 'Slice', pos: expr.pos, object: expr, from: index, to };
          continue;
        }
        this.expectP(']');
        expr = { kind: 'Index', pos: expr.pos, object: expr, index };
        continue;
      }
      if (t.value === ':' && allowLabels) {
        expr = { kind: 'LabelCheck', pos: expr.pos, operand: expr, labels: this.parseLabelList() };
        continue;
      }
      if (t.value === '{' && expr.kind === 'Variable') {
        expr = this.parseMapProjection(expr.name, expr.pos);
        continue;
      }
      return expr;
    }
  }

  private parseMapProjection(variable: string, pos: Position): MapProjection {
    this.expectP('{');
    const items: MapProjection['items'] = [];
    if (!this.isP('}')) {
      do {
        if (this.acceptP('.')) {
          if (this.acceptP('*')) items.push({ kind: 'AllPropertiesSelector' });
          else items.push({ kind: 'PropertySelector', key: this.name('a property key') });
        } else if (this.isName() && this.isP(':', 1)) {
          const key = this.name();
          this.i++;
          items.push({ kind: 'LiteralEntry', key, value: this.parseExpression() });
        } else {
          items.push({ kind: 'VariableSelector', name: this.name("'.', a key or a variable") });
        }
      } while (this.acceptP(','));
    }
    this.expectP('}');
    return { kind: 'MapProjection', pos, variable, items };
  }

  private parseMapLiteral(): MapLiteral {
    const pos = this.here();
    this.expectP('{');
    const entries: MapLiteral['entries'] = [];
    if (!this.isP('}')) {
      do {
        const key = this.name('a map key');
        this.expectP(':');
        entries.push({ key, value: this.parseExpression() });
      } while (this.acceptP(','));
    }
    this.expectP('}');
    return { kind: 'Map', pos, entries };
  }

  private parseAtom(): Expression {
    const t = this.peek();
    const pos = this.posAt(t);
    switch (t.type) {
      case 'int': {
        this.i++;
        const mag = t.num as bigint;
        if (!checkIntRange(mag, false)) this.integerOverflow(t, t);
        return { kind: 'Literal', pos, value: mag };
      }
      case 'float':
        this.i++;
        return { kind: 'Literal', pos, value: t.num as number };
      case 'badnum':
        throw syntaxError(`Invalid input '${t.value}': invalid number literal`, pos, 'InvalidNumberLiteral');
      case 'string':
        this.i++;
        return { kind: 'Literal', pos, value: t.value };
      case 'param':
        this.i++;
        return { kind: 'Parameter', pos, name: t.value };
      case 'qident':
        if (this.isP('(', 1)) return this.parseFunctionCall();
        this.i++;
        return { kind: 'Variable', pos, name: t.value };
      case 'ident':
        return this.parseIdentAtom(t, pos);
      case 'punct':
        if (t.value === '[') return this.parseListAtom();
        if (t.value === '{') return this.parseMapLiteral();
        if (t.value === '(') return this.parseParenAtom();
        break;
    }
    return this.fail('an expression');
  }

  private parseIdentAtom(t: Token, pos: Position): Expression {
    switch (t.upper) {
      case 'TRUE':
        this.i++;
        return { kind: 'Literal', pos, value: true };
      case 'FALSE':
        this.i++;
        return { kind: 'Literal', pos, value: false };
      case 'NULL':
        this.i++;
        return { kind: 'Literal', pos, value: null };
      case 'CASE':
        return this.parseCase();
      case 'COUNT':
        if (this.isP('{', 1)) {
          this.i++;
          return { kind: 'CountSubquery', pos, query: this.parseSubqueryBody() };
        }
        if (this.isP('(', 1) && this.isP('*', 2) && this.isP(')', 3)) {
          this.i += 4;
          return { kind: 'CountStar', pos };
        }
        break;
      case 'EXISTS':
        if (this.isP('{', 1)) {
          this.i++;
          return { kind: 'Exists', pos, query: this.parseSubqueryBody() };
        }
        if (this.isP('(', 1)) {
          const save = this.i;
          this.i += 2;
          const pattern = this.tryPatternPart();
          if (pattern && this.acceptP(')')) return { kind: 'PatternPredicate', pos, pattern };
          this.i = save;
        }
        break;
      case 'ALL':
      case 'ANY':
      case 'NONE':
      case 'SINGLE':
        if (this.isP('(', 1) && this.isName(2) && this.isKw('IN', 3)) {
          this.i += 2;
          const variable = this.name();
          this.expectKw('IN');
          const list = this.parseExpression();
          const where = this.acceptKw('WHERE') ? this.parseExpression() : null;
          this.expectP(')');
          const quantifier = t.upper.toLowerCase() as 'all' | 'any' | 'none' | 'single';
          return { kind: 'Quantifier', pos, quantifier, variable, list, where };
        }
        break;
      case 'REDUCE':
        if (this.isP('(', 1)) {
          this.i += 2;
          const accumulator = this.name('an accumulator variable');
          this.expectP('=');
          const init = this.parseExpression();
          this.expectP(',');
          const variable = this.name('a variable name');
          this.expectKw('IN');
          const list = this.parseExpression();
          this.expectP('|');
          const expression = this.parseExpression();
          this.expectP(')');
          return { kind: 'Reduce', pos, accumulator, init, variable, list, expression };
        }
        break;
      case 'SHORTESTPATH':
      case 'ALLSHORTESTPATHS':
        if (this.isP('(', 1)) {
          const pattern = this.parsePatternPart();
          return { kind: 'PatternPredicate', pos, pattern };
        }
        break;
    }
    if (this.isP('(', 1) || (this.isP('.', 1) && this.namespacedCallAhead())) return this.parseFunctionCall();
    this.i++;
    return { kind: 'Variable', pos, name: t.value };
  }

  /** `a.b.c(` : a namespaced function name rather than property lookups. */
  private namespacedCallAhead(): boolean {
    let k = 1;
    while (this.isP('.', k) && this.isName(k + 1)) k += 2;
    return k > 1 && this.isP('(', k);
  }

  private parseFunctionCall(): Expression {
    const pos = this.here();
    let name = this.name();
    while (this.acceptP('.')) name += '.' + this.name('a function name');
    this.expectP('(');
    const distinct = this.acceptKw('DISTINCT');
    if (!distinct) this.acceptKw('ALL');
    const lower = name.toLowerCase();
    if (lower === 'count' && this.isP('*') && this.isP(')', 1)) {
      this.i += 2;
      return { kind: 'CountStar', pos };
    }
    const args: Expression[] = [];
    if (!this.isP(')')) {
      args.push(this.parseExpression());
      while (this.acceptP(',')) args.push(this.parseExpression());
    }
    this.expectP(')');
    if (lower === 'exists' && args.length === 1 && args[0]!.kind === 'PatternPredicate' && !distinct) {
      return { kind: 'PatternPredicate', pos, pattern: args[0].pattern };
    }
    return { kind: 'FunctionCall', pos, name: lower, distinct, args };
  }

  private parseCase(): Expression {
    const pos = this.here();
    this.expectKw('CASE');
    const subject = this.isKw('WHEN') ? null : this.parseExpression();
    const alternatives: { when: Expression; then: Expression }[] = [];
    while (this.acceptKw('WHEN')) {
      const when = this.parseExpression();
      this.expectKw('THEN');
      alternatives.push({ when, then: this.parseExpression() });
    }
    if (alternatives.length === 0) this.fail("'WHEN'");
    const elseExpr = this.acceptKw('ELSE') ? this.parseExpression() : null;
    this.expectKw('END');
    return { kind: 'Case', pos, subject, alternatives, else: elseExpr };
  }

  /** `{ MATCH ... }` full subquery, or `{ (a)-->(b) [WHERE ...] }` pattern form. */
  private parseSubqueryBody(): Query {
    this.expectP('{');
    let query: Query;
    if (this.isClauseStart()) {
      query = this.parseQuery();
    } else {
      const pos = this.here();
      const pattern = this.parsePattern();
      const where = this.acceptKw('WHERE') ? this.parseExpression() : null;
      query = {
        kind: 'Query',
        pos,
        parts: [{ kind: 'SingleQuery', pos, clauses: [{ kind: 'Match', pos, optional: false, pattern, where }] }],
        unionAll: [],
      };
    }
    this.expectP('}');
    return query;
  }

  /** Speculatively parses a pattern part; restores the position and returns null when it is not one. */
  private tryPatternPart(requireRelationship = false): PatternPart | null {
    const save = this.i;
    try {
      const part = this.parsePatternPart();
      if (requireRelationship && part.relationships.length === 0) {
        this.i = save;
        return null;
      }
      return part;
    } catch {
      this.i = save;
      return null;
    }
  }

  private parseParenAtom(): Expression {
    const pos = this.here();
    if (this.looksLikeNodePattern()) {
      const part = this.tryPatternPart(true);
      if (part) {
        const predicate: PatternPredicate = { kind: 'PatternPredicate', pos, pattern: part };
        this.barePatterns.add(predicate);
        return predicate;
      }
    }
    this.expectP('(');
    const inner = this.parseExpression();
    this.expectP(')');
    return inner;
  }

  /** Cheap test before attempting a pattern: `(` [name] [`:`|`{`|`$`|`)`|WHERE]. */
  private looksLikeNodePattern(): boolean {
    let k = 1;
    if (this.isName(k)) k++;
    const t = this.peek(k);
    if (t.type === 'param') return true;
    if (t.type === 'ident' && t.upper === 'WHERE') return true;
    return t.type === 'punct' && (t.value === ')' || t.value === ':' || t.value === '{');
  }

  private parseListAtom(): Expression {
    const pos = this.here();
    // [x IN list WHERE p | e]
    if (this.isName(1) && this.isKw('IN', 2)) {
      this.i++;
      const variable = this.name();
      this.expectKw('IN');
      const list = this.parseExpression();
      const where = this.acceptKw('WHERE') ? this.parseExpression() : null;
      const projection = this.acceptP('|') ? this.parseExpression() : null;
      this.expectP(']');
      return { kind: 'ListComprehension', pos, variable, list, where, projection };
    }
    // [p = (a)-->(b) WHERE ... | e]  or  [(a)-->(b) | e]
    if ((this.isName(1) && this.isP('=', 2) && this.isP('(', 3)) || this.isP('(', 1)) {
      const save = this.i;
      this.i++;
      const part = this.isP('(') && !this.looksLikeNodePattern() ? null : this.tryPatternPart(true);
      if (part && (this.isKw('WHERE') || this.isP('|'))) {
        const where = this.acceptKw('WHERE') ? this.parseExpression() : null;
        this.expectP('|');
        const projection = this.parseExpression();
        this.expectP(']');
        return { kind: 'PatternComprehension', pos, pathVariable: part.pathVariable, pattern: part, where, projection };
      }
      this.i = save;
    }
    this.expectP('[');
    const items: Expression[] = [];
    if (!this.isP(']')) {
      items.push(this.parseExpression());
      while (this.acceptP(',')) items.push(this.parseExpression());
    }
    this.expectP(']');
    return { kind: 'List', pos, items };
  }
}
