/**
 * Hand-written recursive-descent parser for the openCypher / Neo4j 5 dialect, producing the
 * tree in ../ast.ts: statements and clauses here; expressions and patterns in expressions.ts;
 * schema commands in schema.ts. Syntax errors are CypherError SyntaxError at the offending token.
 */
import type {
  CallClause,
  Clause,
  Expression,
  Projection,
  ProjectionItem,
  Query,
  RemoveItem,
  SetItem,
  SingleQuery,
  SortItem,
  Statement,
} from '../ast.js';
import { SchemaParser } from './schema.js';

export class Parser extends SchemaParser {
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

  protected parseQuery(): Query {
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

  protected parseSingleQuery(): SingleQuery {
    const pos = this.here();
    const clauses: Clause[] = [];
    while (this.isClauseStart()) clauses.push(this.parseClause());
    if (clauses.length === 0) this.fail('a clause keyword (MATCH, CREATE, RETURN, WITH, UNWIND, ...)');
    return { kind: 'SingleQuery', pos, clauses };
  }

  protected parseClause(): Clause {
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

  protected parseCall(): CallClause {
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
  protected scopeClauseAhead(): boolean {
    let k = 1;
    while (this.peek(k).type !== 'eof' && !this.isP(')', k)) k++;
    return this.isP('{', k + 1);
  }

  protected parseSetItems(): SetItem[] {
    const items = [this.parseSetItem()];
    while (this.acceptP(',')) items.push(this.parseSetItem());
    return items;
  }

  protected parseSetItem(): SetItem {
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

  protected parseRemoveItem(): RemoveItem {
    const pos = this.here();
    if (this.isName() && this.isP(':', 1)) {
      const variable = this.name();
      return { kind: 'RemoveLabels', pos, variable, labels: this.parseLabelList() };
    }
    const target = this.parsePostfix(false);
    if (target.kind !== 'Property') this.fail("a property, e.g. 'n.prop', or labels, e.g. 'n:Label'");
    return { kind: 'RemoveProperty', pos, target };
  }

  protected parseProjection(): Projection {
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

  protected parseProjectionItem(): ProjectionItem {
    const startTok = this.peek();
    const pos = this.posAt(startTok);
    const expression = this.parseExpression();
    const text = this.text.slice(startTok.start, this.prevEnd).trim();
    const alias = this.acceptKw('AS') ? this.name('a variable name') : null;
    return { pos, expression, alias, text };
  }

}
