/**
 * Expressions (by precedence, lowest first: OR, XOR, AND, NOT, comparison, string/list/null
 * predicates, + -, * / %, ^, unary, postfix, atoms) and the patterns they can contain.
 */
import type {
  Comparison,
  Expression,
  MapLiteral,
  MapProjection,
  NodePattern,
  Parameter,
  Pattern,
  PatternPart,
  PatternPredicate,
  Position,
  Query,
  RelationshipPattern,
} from '../ast.js';
import { syntaxError } from '../errors.js';
import { TokenCursor } from './cursor.js';
import { checkIntRange, type Token } from './lexer.js';

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

type CompOp = Comparison['ops'][number];

export abstract class ExpressionParser extends TokenCursor {
  /** PatternPredicates written as bare patterns (not exists(...)): only allowed in boolean positions. */
  readonly barePatterns = new Set<PatternPredicate>();

  /** A full query, for subquery bodies (`EXISTS { MATCH ... }`, `COUNT { ... }`). */
  protected abstract parseQuery(): Query;

  protected isClauseStart(): boolean {
    const t = this.peek();
    return t.type === 'ident' && CLAUSE_START.has(t.upper);
  }


  /** `:A:B` or `:A&B` (all-of). */
  protected parseLabelList(): string[] {
    this.expectP(':');
    return this.parseLabelNames();
  }

  protected parseLabelNames(): string[] {
    const labels = [this.name('a label name')];
    while (this.isP(':') || this.isP('&')) {
      this.i++;
      labels.push(this.name('a label name'));
    }
    return labels;
  }

  /**
   * `|` continues a label expression (`n:A|B`) only when the alternative is followed by something
   * that ends a predicate; otherwise it is the `|` of a list comprehension (`[x IN l WHERE x:A | x.name]`).
   */
  private labelDisjunctionAhead(): boolean {
    if (!this.isP('|')) return false;
    const k = this.isP(':', 1) ? 2 : 1;
    if (!this.isName(k)) return false;
    const after = this.peek(k + 1);
    if (after.type === 'eof' || after.type === 'ident') return true;
    return after.type === 'punct' && [')', ',', ';', '|', ':', '&', '}'].includes(after.value);
  }

  // ------------------------------------------------------------------ patterns

  parsePattern(): Pattern {
    const pos = this.here();
    const parts = [this.parsePatternPart()];
    while (this.acceptP(',')) parts.push(this.parsePatternPart());
    return { pos, parts };
  }

  protected parsePatternPart(): PatternPart {
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

  protected parseChain(): { nodes: NodePattern[]; relationships: RelationshipPattern[] } {
    const nodes = [this.parseNodePattern()];
    const relationships: RelationshipPattern[] = [];
    while (this.isP('-') || (this.isP('<') && this.isP('-', 1))) {
      relationships.push(this.parseRelationshipPattern());
      nodes.push(this.parseNodePattern());
    }
    return { nodes, relationships };
  }

  protected parseNodePattern(): NodePattern {
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

  protected parsePatternProperties(): MapLiteral | Parameter | null {
    if (this.isP('{')) return this.parseMapLiteral();
    const t = this.peek();
    if (t.type === 'param') {
      this.i++;
      return { kind: 'Parameter', pos: this.posAt(t), name: t.value };
    }
    return null;
  }

  protected parseRelationshipPattern(): RelationshipPattern {
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

  protected parseRange(): { min: number | null; max: number | null } {
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

  protected parseOr(): Expression {
    let left = this.parseXor();
    while (this.isKw('OR')) {
      const pos = this.here();
      this.i++;
      left = { kind: 'Binary', pos, op: 'OR', left, right: this.parseXor() };
    }
    return left;
  }

  protected parseXor(): Expression {
    let left = this.parseAnd();
    while (this.isKw('XOR')) {
      const pos = this.here();
      this.i++;
      left = { kind: 'Binary', pos, op: 'XOR', left, right: this.parseAnd() };
    }
    return left;
  }

  protected parseAnd(): Expression {
    let left = this.parseNot();
    while (this.isKw('AND')) {
      const pos = this.here();
      this.i++;
      left = { kind: 'Binary', pos, op: 'AND', left, right: this.parseNot() };
    }
    return left;
  }

  protected parseNot(): Expression {
    if (this.isKw('NOT')) {
      const pos = this.here();
      this.i++;
      return { kind: 'Unary', pos, op: 'NOT', operand: this.parseNot() };
    }
    return this.parseComparison();
  }

  protected compOp(): CompOp | null {
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

  protected parseComparison(): Expression {
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
  protected parsePredicate(): Expression {
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

  protected parseAdditive(): Expression {
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

  protected parseMultiplicative(): Expression {
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

  protected parsePower(): Expression {
    let left = this.parseUnary();
    while (this.isP('^')) {
      this.i++;
      left = { kind: 'Binary', pos: left.pos, op: '^', left, right: this.parseUnary() };
    }
    return left;
  }

  protected parseUnary(): Expression {
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

  protected postfixFollows(k: number): boolean {
    return this.isP('.', k) || this.isP('[', k);
  }

  protected integerOverflow(from: Token, to: Token): never {
    throw syntaxError(
      `integer is too large: ${this.text.slice(from.start, to.end)}`,
      this.posAt(from),
      'IntegerOverflow',
    );
  }

  /** Atom followed by property lookups, subscripts, slices and (when allowed) a label check. */
  protected parsePostfix(allowLabels: boolean): Expression {
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
        const operand = expr;
        expr = { kind: 'LabelCheck', pos: operand.pos, operand, labels: this.parseLabelList() };
        // Neo4j 5 label disjunction `n:A|B` (also `n:A|:B`), read as n:A OR n:B
        while (this.labelDisjunctionAhead()) {
          this.i++;
          this.acceptP(':');
          const right: Expression = { kind: 'LabelCheck', pos: operand.pos, operand, labels: this.parseLabelNames() };
          expr = { kind: 'Binary', pos: operand.pos, op: 'OR', left: expr, right };
        }
        continue;
      }
      if (t.value === '{' && expr.kind === 'Variable') {
        expr = this.parseMapProjection(expr.name, expr.pos);
        continue;
      }
      return expr;
    }
  }

  protected parseMapProjection(variable: string, pos: Position): MapProjection {
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

  protected parseMapLiteral(): MapLiteral {
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

  protected parseAtom(): Expression {
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

  protected parseIdentAtom(t: Token, pos: Position): Expression {
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
        // the AST has no path-valued expression for these; Neo4j 5 wants them in MATCH anyway
        if (this.isP('(', 1)) this.fail(`a MATCH clause around ${t.value}(...) (it is not supported in expressions)`);
        break;
    }
    if (this.isP('(', 1) || (this.isP('.', 1) && this.namespacedCallAhead())) return this.parseFunctionCall();
    this.i++;
    return { kind: 'Variable', pos, name: t.value };
  }

  /** `a.b.c(` : a namespaced function name rather than property lookups. */
  protected namespacedCallAhead(): boolean {
    let k = 1;
    while (this.isP('.', k) && this.isName(k + 1)) k += 2;
    return k > 1 && this.isP('(', k);
  }

  protected parseFunctionCall(): Expression {
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

  protected parseCase(): Expression {
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
  protected parseSubqueryBody(): Query {
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
  protected tryPatternPart(requireRelationship = false): PatternPart | null {
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

  protected parseParenAtom(): Expression {
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
  protected looksLikeNodePattern(): boolean {
    let k = 1;
    if (this.isName(k)) k++;
    const t = this.peek(k);
    if (t.type === 'param') return true;
    if (t.type === 'ident' && t.upper === 'WHERE') return true;
    return t.type === 'punct' && (t.value === ')' || t.value === ':' || t.value === '{');
  }

  protected parseListAtom(): Expression {
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
