/**
 * Schema commands: CREATE CONSTRAINT / CREATE INDEX (Neo4j 5 syntax, plus the legacy ON ... ASSERT
 * and CREATE INDEX ON :L(p) forms) and DROP CONSTRAINT / DROP INDEX.
 */
import type { CreateConstraint, CreateIndex, DropSchema } from '../ast.js';
import { syntaxError } from '../errors.js';
import { ExpressionParser } from './expressions.js';

const INDEX_TYPES = new Set(['RANGE', 'TEXT', 'POINT', 'FULLTEXT', 'LOOKUP', 'BTREE', 'VECTOR']);

export abstract class SchemaParser extends ExpressionParser {
  /** `CREATE RANGE INDEX ...`: an index type keyword at k followed by INDEX. */
  protected isIndexTypePrefix(k: number): boolean {
    const t = this.peek(k);
    return t.type === 'ident' && INDEX_TYPES.has(t.upper) && this.isKw('INDEX', k + 1);
  }

  // ------------------------------------------------------------------ schema

  protected parseCreateSchema(): CreateConstraint | CreateIndex {
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

  protected skipOptions(): void {
    if (this.acceptKw('OPTIONS')) this.parseExpression();
  }

  protected parseSchemaName(): string | null {
    if (this.isName() && !this.isKw('FOR') && !this.isKw('ON') && !(this.isKw('IF') && this.isKw('NOT', 1))) {
      return this.name();
    }
    return null;
  }

  protected parseIfNotExists(): boolean {
    if (this.isKw('IF')) {
      this.i++;
      this.expectKw('NOT');
      this.expectKw('EXISTS');
      return true;
    }
    return false;
  }

  /** `(n:L)` or `()-[r:T]-()` (any direction). */
  protected parseSchemaTarget(): { variable: string; label: string; forRelationship: boolean } {
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

  protected parseSchemaProperties(variable: string): string[] {
    if (this.acceptP('(')) {
      const props = [this.parseSchemaProperty(variable)];
      while (this.acceptP(',')) props.push(this.parseSchemaProperty(variable));
      this.expectP(')');
      return props;
    }
    return [this.parseSchemaProperty(variable)];
  }

  protected parseSchemaProperty(variable: string): string {
    const t = this.peek();
    const v = this.name('a property, e.g. n.prop');
    if (variable && v !== variable) {
      throw syntaxError(`Variable \`${v}\` not defined`, this.posAt(t), 'UndefinedVariable');
    }
    this.expectP('.');
    return this.name('a property key');
  }

  protected parseDropSchema(): DropSchema {
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

}
