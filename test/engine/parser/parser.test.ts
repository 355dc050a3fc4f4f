import { describe, it, expect } from '@jest/globals';
import { parse } from '../../../graph/engine/parser/index.js';
import { CypherError } from '../../../graph/engine/errors.js';
import type {
  Clause,
  Expression,
  MatchClause,
  Query,
  ReturnClause,
  Statement,
  WithClause,
} from '../../../graph/engine/ast.js';

function query(text: string): Query {
  const stmt = parse(text);
  if (stmt.kind !== 'Query') throw new Error(`expected a query, got ${stmt.kind}`);
  return stmt;
}

function clauses(text: string): Clause[] {
  return query(text).parts[0]!.clauses;
}

function returned(text: string): ReturnClause {
  const cs = clauses(text);
  const last = cs[cs.length - 1]!;
  if (last.kind !== 'Return') throw new Error('no RETURN');
  return last;
}

/** The expression of `RETURN <expr>`. */
function expr(text: string): Expression {
  return returned(`RETURN ${text}`).items[0]!.expression;
}

/** Renders an expression as a compact s-expression to assert on structure and precedence. */
function sx(e: Expression): string {
  switch (e.kind) {
    case 'Literal':
      return typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'Variable':
      return e.name;
    case 'Parameter':
      return `$${e.name}`;
    case 'Property':
      return `${sx(e.object)}.${e.key}`;
    case 'Binary':
      return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case 'Unary':
      return `(${e.op} ${sx(e.operand)})`;
    case 'Comparison':
      return `(cmp ${e.operands.map(sx).join(' ')} [${e.ops.join(',')}])`;
    case 'StringMatch':
      return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case 'In':
      return `(IN ${sx(e.element)} ${sx(e.list)})`;
    case 'IsNull':
      return `(${e.negated ? 'notnull' : 'isnull'} ${sx(e.operand)})`;
    case 'LabelCheck':
      return `(labels ${sx(e.operand)} ${e.labels.join(':')})`;
    case 'List':
      return `[${e.items.map(sx).join(' ')}]`;
    case 'Index':
      return `(idx ${sx(e.object)} ${sx(e.index)})`;
    case 'Slice':
      return `(slice ${sx(e.object)} ${e.from ? sx(e.from) : '_'} ${e.to ? sx(e.to) : '_'})`;
    case 'FunctionCall':
      return `(${e.name}${e.distinct ? ' distinct' : ''} ${e.args.map(sx).join(' ')})`;
    case 'CountStar':
      return 'count(*)';
    default:
      return e.kind;
  }
}

function syntaxErrorOf(text: string): CypherError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof CypherError) return e;
    throw e;
  }
  throw new Error(`no error for ${text}`);
}

describe('lexer', () => {
  it('reads case-insensitive keywords and backtick-quoted names with escapes', () => {
    const r = returned('match (`my ``odd`` name`:`Label X`) ReTuRn `my ``odd`` name` AS `a b`');
    const m = clauses('match (`my ``odd`` name`:`Label X`) return 1')[0] as MatchClause;
    expect(m.pattern.parts[0]!.nodes[0]!.variable).toBe('my `odd` name');
    expect(m.pattern.parts[0]!.nodes[0]!.labels).toEqual(['Label X']);
    expect(r.items[0]!.alias).toBe('a b');
  });

  it('decodes string escapes in both quote styles', () => {
    expect(expr(`'a\\nb\\t\\\\\\'"'`)).toMatchObject({ kind: 'Literal', value: 'a\nb\t\\\'"' });
    expect(expr(`"\\"x\\u00e9\\U0001F600"`)).toMatchObject({ value: '"xé😀' });
  });

  it('reads integer forms as bigint and floats as number', () => {
    expect(expr('42')).toMatchObject({ value: 42n });
    expect(expr('0x1F')).toMatchObject({ value: 31n });
    expect(expr('0o17')).toMatchObject({ value: 15n });
    expect(expr('017')).toMatchObject({ value: 15n });
    expect(expr('1.5')).toMatchObject({ value: 1.5 });
    expect(expr('.5')).toMatchObject({ value: 0.5 });
    expect(expr('1e3')).toMatchObject({ value: 1000 });
    expect(expr('1.5E-3')).toMatchObject({ value: 0.0015 });
  });

  it('folds int64 minimum into one literal and rejects overflow', () => {
    expect(expr('-9223372036854775808')).toMatchObject({ kind: 'Literal', value: -9223372036854775808n });
    expect(syntaxErrorOf('RETURN 9223372036854775808').detail).toBe('IntegerOverflow');
    expect(syntaxErrorOf('RETURN -0x8000000000000001').detail).toBe('IntegerOverflow');
    expect(syntaxErrorOf('RETURN 1.34E999').detail).toBe('FloatingPointOverflow');
    expect(syntaxErrorOf('RETURN 0x1A2b3c4Z5E6f7').detail).toBe('InvalidNumberLiteral');
    expect(syntaxErrorOf('RETURN 42 — 41').detail).toBe('InvalidUnicodeCharacter');
  });

  it('reads parameters and skips comments', () => {
    const r = returned('// leading\nRETURN $name /* inline */, $0 // trailing');
    expect(r.items.map((i) => i.expression)).toMatchObject([
      { kind: 'Parameter', name: 'name' },
      { kind: 'Parameter', name: '0' },
    ]);
  });
});

describe('clauses', () => {
  it('parses MATCH with WHERE, path variables and comma-separated parts', () => {
    const [m] = clauses('MATCH p = (a:Person:Admin {name: $n})-[r:KNOWS|:LIKES*1..3]->(b), (c) WHERE a.age > 3 RETURN p') as [
      MatchClause,
    ];
    expect(m).toMatchObject({ kind: 'Match', optional: false });
    const [part, second] = m.pattern.parts;
    expect(part).toMatchObject({ pathVariable: 'p', shortest: null });
    expect(part!.nodes[0]).toMatchObject({ variable: 'a', labels: ['Person', 'Admin'], properties: { kind: 'Map' } });
    expect(part!.relationships[0]).toMatchObject({
      variable: 'r',
      types: ['KNOWS', 'LIKES'],
      direction: 'right',
      range: { min: 1, max: 3 },
    });
    expect(second!.nodes[0]!.variable).toBe('c');
    expect(sx(m.where!)).toBe('(cmp a.age 3 [>])');
  });

  it('reads relationship directions and ranges', () => {
    const rels = (clauses('MATCH (a)<-[:T]-(b)-[*]-(c)<-[*2]->(d)-[*..4]->(e)-[*3..]-(f) RETURN a')[0] as MatchClause).pattern
      .parts[0]!.relationships;
    expect(rels.map((r) => r.direction)).toEqual(['left', 'both', 'both', 'right', 'both']);
    expect(rels.map((r) => r.range)).toEqual([
      null,
      { min: null, max: null },
      { min: 2, max: 2 },
      { min: null, max: 4 },
      { min: 3, max: null },
    ]);
  });

  it('reads label conjunctions, inline WHERE and shortestPath', () => {
    const m = clauses('MATCH p = shortestPath((a:A&B WHERE a.x = 1)-[r:T WHERE r.w > 0]->(b)) RETURN p')[0] as MatchClause;
    const part = m.pattern.parts[0]!;
    expect(part.shortest).toBe('shortestPath');
    expect(part.nodes[0]).toMatchObject({ labels: ['A', 'B'], where: { kind: 'Comparison' } });
    expect(part.relationships[0]!.where).toMatchObject({ kind: 'Comparison' });
  });

  it('parses WITH/RETURN projections with DISTINCT, ORDER BY, SKIP, LIMIT and WITH ... WHERE', () => {
    const [, w, r] = clauses(
      'MATCH (n) WITH DISTINCT n.name AS name, n WHERE name <> "x" RETURN name ORDER BY name DESC, n.x ASCENDING SKIP 1 LIMIT 2',
    ) as [Clause, WithClause, ReturnClause];
    expect(w).toMatchObject({ kind: 'With', distinct: true, star: false });
    expect(w.items.map((i) => [i.alias, i.text])).toEqual([
      ['name', 'n.name'],
      [null, 'n'],
    ]);
    expect(w.where).toMatchObject({ kind: 'Comparison' });
    expect(r.orderBy!.map((s) => s.descending)).toEqual([true, false]);
    expect(r.skip).toMatchObject({ value: 1n });
    expect(r.limit).toMatchObject({ value: 2n });
  });

  it('keeps the exact source text of unaliased projection items', () => {
    const r = returned('MATCH (n) RETURN n.name,   count( * ) , toUpper(n.name)+"!"');
    expect(r.items.map((i) => i.text)).toEqual(['n.name', 'count( * )', 'toUpper(n.name)+"!"']);
  });

  it('parses RETURN * and UNION / UNION ALL', () => {
    const q = query('MATCH (n) RETURN * UNION ALL MATCH (n) RETURN n UNION ALL RETURN 1 AS n;');
    expect(q.parts).toHaveLength(3);
    expect(q.unionAll).toEqual([true, true]);
    expect(q.parts[0]!.clauses[1]).toMatchObject({ kind: 'Return', star: true, items: [] });
  });

  it('parses UNWIND, CREATE, MERGE with ON CREATE / ON MATCH, SET, REMOVE, DELETE', () => {
    const cs = clauses(`UNWIND [1, 2] AS x
      CREATE (a:A {x: x})-[:T {w: 1}]->(b)
      MERGE (a)-[r:R]->(b) ON CREATE SET r.new = true ON MATCH SET r.seen = r.seen + 1 ON CREATE SET a:Fresh
      SET a.p = 1, (a).q = 2, b = {k: 1}, b += {j: 2}, a:X:Y
      REMOVE a.p, a:X
      DETACH DELETE b
      DELETE a`);
    expect(cs.map((c) => c.kind)).toEqual(['Unwind', 'Create', 'Merge', 'Set', 'Remove', 'Delete', 'Delete']);
    expect(cs[2]).toMatchObject({
      onCreate: [{ kind: 'SetProperty', target: { key: 'new' } }, { kind: 'SetLabels', variable: 'a', labels: ['Fresh'] }],
      onMatch: [{ kind: 'SetProperty' }],
    });
    expect((cs[3] as { items: unknown[] }).items).toMatchObject([
      { kind: 'SetProperty', target: { object: { kind: 'Variable', name: 'a' }, key: 'p' } },
      { kind: 'SetProperty', target: { key: 'q' } },
      { kind: 'SetAllProperties', variable: 'b' },
      { kind: 'MergeProperties', variable: 'b' },
      { kind: 'SetLabels', variable: 'a', labels: ['X', 'Y'] },
    ]);
    expect((cs[4] as { items: unknown[] }).items).toMatchObject([
      { kind: 'RemoveProperty', target: { key: 'p' } },
      { kind: 'RemoveLabels', variable: 'a', labels: ['X'] },
    ]);
    expect(cs[5]).toMatchObject({ detach: true });
    expect(cs[6]).toMatchObject({ detach: false });
  });

  it('parses FOREACH and both CALL forms', () => {
    const [, f] = clauses('MATCH (n) FOREACH (x IN [1] | SET n.x = x CREATE (:L))');
    expect(f).toMatchObject({ kind: 'Foreach', variable: 'x', clauses: [{ kind: 'Set' }, { kind: 'Create' }] });
    const [c] = clauses('CALL db.labels() YIELD label AS l WHERE l <> "x" RETURN l');
    expect(c).toMatchObject({ kind: 'Call', procedure: 'db.labels', args: [], yieldItems: [{ name: 'label', alias: 'l' }] });
    const [s] = clauses('CALL { MATCH (n) RETURN n } RETURN n');
    expect(s).toMatchObject({ kind: 'Call', procedure: null, subquery: { kind: 'Query' } });
  });
});

describe('schema commands', () => {
  const schema = (t: string): Statement => parse(t);
  it('parses constraints in Neo4j 5 syntax', () => {
    expect(schema('CREATE CONSTRAINT res_id IF NOT EXISTS FOR (n:Resource) REQUIRE n.id IS UNIQUE')).toEqual(
      expect.objectContaining({
        kind: 'CreateConstraint',
        name: 'res_id',
        ifNotExists: true,
        label: 'Resource',
        forRelationship: false,
        properties: ['id'],
        constraint: 'UNIQUE',
      }),
    );
    expect(schema('CREATE CONSTRAINT FOR (n:A) REQUIRE (n.a, n.b) IS NODE KEY')).toMatchObject({
      name: null,
      properties: ['a', 'b'],
      constraint: 'NODE_KEY',
    });
    expect(schema('create constraint FOR ()-[r:T]-() REQUIRE r.p IS NOT NULL;')).toMatchObject({
      forRelationship: true,
      label: 'T',
      constraint: 'NOT_NULL',
    });
  });

  it('parses indexes and DROP', () => {
    expect(schema('CREATE INDEX idx IF NOT EXISTS FOR (n:L) ON (n.a, n.b)')).toMatchObject({
      kind: 'CreateIndex',
      name: 'idx',
      indexType: 'RANGE',
      properties: ['a', 'b'],
    });
    expect(schema('CREATE TEXT INDEX FOR ()-[r:T]-() ON (r.p)')).toMatchObject({ indexType: 'TEXT', forRelationship: true });
    expect(schema('DROP CONSTRAINT res_id IF EXISTS')).toMatchObject({ kind: 'DropSchema', what: 'CONSTRAINT', ifExists: true });
    expect(schema('DROP INDEX idx')).toMatchObject({ kind: 'DropSchema', what: 'INDEX', name: 'idx', ifExists: false });
  });
});

describe('expression precedence', () => {
  it.each([
    ['a OR b XOR c AND NOT d', '(OR a (XOR b (AND c (NOT d))))'],
    ['NOT a = b', '(NOT (cmp a b [=]))'],
    ['1 + 2 * 3 - 4', '(- (+ 1 (* 2 3)) 4)'],
    ['2 ^ 3 ^ 2', '(^ (^ 2 3) 2)'],
    ['-x ^ 2', '(^ (- x) 2)'],
    ['a < b <= c', '(cmp a b c [<,<=])'],
    ['a + 1 IN [1, 2]', '(IN (+ a 1) [1 2])'],
    ["a.name STARTS WITH 'x' = true", "(cmp (STARTS WITH a.name 'x') true [=])"],
    ['a IS NOT NULL AND b IS NULL', '(AND (notnull a) (isnull b))'],
    ['n:A:B OR x', '(OR (labels n A:B) x)'],
    ['n:A|B AND x', '(AND (OR (labels n A) (labels n B)) x)'],
    ['n:A|:B', '(OR (labels n A) (labels n B))'],
    ['l[0].k[1..]', '(slice (idx l 0).k 1 _)'],
    ['l[..2]', '(slice l _ 2)'],
    ["a =~ 'x.*' AND b CONTAINS 'y'", "(AND (=~ a 'x.*') (CONTAINS b 'y'))"],
    ['count(DISTINCT n.x) + count(*)', '(+ (count distinct n.x) count(*))'],
    ['1 - -1', '(- 1 -1)'],
    ['a <> b AND c != d', '(AND (cmp a b [<>]) (cmp c d [<>]))'],
  ])('%s', (text, expected) => {
    const wrapped = `WITH $a AS a, $b AS b, $c AS c, $d AS d, $x AS x, $l AS l MATCH (n) RETURN ${text}`;
    expect(sx(returned(wrapped).items[0]!.expression)).toBe(expected);
  });
});

describe('expression atoms', () => {
  it('parses CASE in both forms', () => {
    expect(expr('CASE 1 WHEN 1 THEN "a" WHEN 2 THEN "b" ELSE "c" END')).toMatchObject({
      kind: 'Case',
      subject: { value: 1n },
      alternatives: [{ when: { value: 1n } }, { when: { value: 2n } }],
      else: { value: 'c' },
    });
    expect(expr('CASE WHEN true THEN 1 END')).toMatchObject({ kind: 'Case', subject: null, else: null });
  });

  it('parses list comprehensions, quantifiers and reduce', () => {
    expect(expr('[x IN [1,2] WHERE x > 1 | x * 2]')).toMatchObject({
      kind: 'ListComprehension',
      variable: 'x',
      where: { kind: 'Comparison' },
      projection: { kind: 'Binary', op: '*' },
    });
    expect(expr('[x IN [1,2] | x]')).toMatchObject({ kind: 'ListComprehension', where: null });
    // `|` after a label check in a comprehension is the projection bar, not a label disjunction
    expect(returned('MATCH (n) RETURN [x IN [n] WHERE x:A | x.name]').items[0]!.expression).toMatchObject({
      kind: 'ListComprehension',
      where: { kind: 'LabelCheck', labels: ['A'] },
      projection: { kind: 'Property', key: 'name' },
    });
    expect(expr('any(x IN [1] WHERE x = 1)')).toMatchObject({ kind: 'Quantifier', quantifier: 'any', variable: 'x' });
    expect(expr('none(x IN [1] WHERE x = 1)')).toMatchObject({ kind: 'Quantifier', quantifier: 'none' });
    expect(expr('reduce(acc = 0, x IN [1, 2] | acc + x)')).toMatchObject({
      kind: 'Reduce',
      accumulator: 'acc',
      variable: 'x',
      expression: { kind: 'Binary' },
    });
  });

  it('parses pattern comprehensions, pattern predicates and subqueries', () => {
    const r = returned('MATCH (a) RETURN [p = (a)-[:T]->(b:B) WHERE b.x > 1 | b.name] AS names');
    expect(r.items[0]!.expression).toMatchObject({
      kind: 'PatternComprehension',
      pathVariable: 'p',
      pattern: { nodes: [{ variable: 'a' }, { variable: 'b', labels: ['B'] }] },
      projection: { kind: 'Property', key: 'name' },
    });
    const m = clauses('MATCH (a), (b) WHERE (a)-->(b) AND NOT (a)-[:T]->() RETURN a')[0] as MatchClause;
    expect(m.where).toMatchObject({
      kind: 'Binary',
      left: { kind: 'PatternPredicate', pattern: { relationships: [{ direction: 'right' }] } },
      right: { kind: 'Unary', op: 'NOT', operand: { kind: 'PatternPredicate' } },
    });
    expect(returned('MATCH (a) RETURN exists((a)-->())').items[0]!.expression).toMatchObject({ kind: 'PatternPredicate' });
    expect(returned('MATCH (a) RETURN EXISTS { (a)-->(b) WHERE b.x = 1 }').items[0]!.expression).toMatchObject({
      kind: 'Exists',
      query: { parts: [{ clauses: [{ kind: 'Match', where: { kind: 'Comparison' } }] }] },
    });
    expect(returned('MATCH (a) RETURN COUNT { MATCH (a)-->(b) RETURN b }').items[0]!.expression).toMatchObject({
      kind: 'CountSubquery',
      query: { parts: [{ clauses: [{ kind: 'Match' }, { kind: 'Return' }] }] },
    });
  });

  it('reads namespaced function names (refused when unknown)', () => {
    const e = syntaxErrorOf('RETURN apoc.text.join(["a"], ",")');
    expect(e.detail).toBe('UnknownFunction');
    expect(e.message).toContain("'apoc.text.join'");
  });

  it('parses map literals, map projections and parenthesised expressions', () => {
    expect(expr('{a: 1, `b c`: [2]}')).toMatchObject({ kind: 'Map', entries: [{ key: 'a' }, { key: 'b c' }] });
    const r = returned('MATCH (n) WITH n, 1 AS k RETURN n {.name, .*, k, total: k + 1}');
    expect(r.items[0]!.expression).toMatchObject({
      kind: 'MapProjection',
      variable: 'n',
      items: [
        { kind: 'PropertySelector', key: 'name' },
        { kind: 'AllPropertiesSelector' },
        { kind: 'VariableSelector', name: 'k' },
        { kind: 'LiteralEntry', key: 'total' },
      ],
    });
    expect(sx(expr('(1 + 2) * 3'))).toBe('(* (+ 1 2) 3)');
  });
});

describe('positions', () => {
  it('records offset, line and column of nodes', () => {
    const m = clauses('MATCH (a)\n  WHERE a.x = 1\nRETURN a')[0] as MatchClause;
    expect(m.pos).toEqual({ offset: 0, line: 1, column: 1 });
    expect(m.where!.pos).toEqual({ offset: 18, line: 2, column: 9 });
  });

  it('reports syntax errors with the offending token and its position', () => {
    const e = syntaxErrorOf('MATCH (n)\nRETURN n.name AS');
    expect(e.code).toBe('Neo.ClientError.Statement.SyntaxError');
    expect(e.position).toEqual({ offset: 26, line: 2, column: 17 });
    const e2 = syntaxErrorOf('MATCH (n) RETRUN n');
    expect(e2.message).toContain("Invalid input 'RETRUN'");
    expect(e2.position).toMatchObject({ line: 1, column: 11 });
    const e3 = syntaxErrorOf("RETURN 'unterminated");
    expect(e3.position).toMatchObject({ column: 8 });
  });

  it('refuses shortestPath outside MATCH instead of mis-reading it as a predicate', () => {
    expect(syntaxErrorOf('MATCH (a), (b) RETURN shortestPath((a)-[*]-(b))').detail).toBe('UnexpectedSyntax');
  });

  it('reports invalid relationship patterns', () => {
    expect(syntaxErrorOf('MATCH (a)-[:LIKES..]->(c) RETURN c').detail).toBe('InvalidRelationshipPattern');
    expect(syntaxErrorOf('MATCH (a)-[:LIKES*-2]->(c) RETURN c').detail).toBe('InvalidRelationshipPattern');
  });

  it('refuses absurdly deep nesting as a syntax error', () => {
    const deep = `RETURN ${'('.repeat(20000)}1${')'.repeat(20000)}`;
    expect(syntaxErrorOf(deep).code).toBe('Neo.ClientError.Statement.SyntaxError');
  });

  it('raises positioned CypherErrors for every prefix of a complex query', () => {
    const text =
      "MATCH p = (a:A {x: $x})-[r:T|U*1..2]->(b) WHERE NOT (b)-->() AND a.s STARTS WITH 'q' " +
      'WITH a, collect(DISTINCT b {.name}) AS bs ORDER BY a.x DESC SKIP 1 LIMIT 5 ' +
      'RETURN a, [x IN bs WHERE x.name IS NOT NULL | x.name] AS names, CASE WHEN size(bs) > 1 THEN 1 ELSE 0 END AS flag';
    expect(() => parse(text)).not.toThrow();
    for (let end = 0; end < text.length; end++) {
      try {
        parse(text.slice(0, end));
      } catch (e) {
        expect(e).toBeInstanceOf(CypherError);
        expect((e as CypherError).position).not.toBeNull();
      }
    }
  });

  it('never throws a plain JS error on malformed input', () => {
    for (const bad of ['', ')', 'MATCH (', 'RETURN [1,', 'RETURN {a:', 'MATCH (a)-[', 'RETURN CASE END', '`', 'RETURN $']) {
      expect(syntaxErrorOf(bad).code).toBe('Neo.ClientError.Statement.SyntaxError');
    }
  });
});
