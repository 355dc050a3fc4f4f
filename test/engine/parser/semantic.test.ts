import { describe, it, expect } from '@jest/globals';
import { parse } from '../../../graph/engine/parser/index.js';
import { CypherError } from '../../../graph/engine/errors.js';

function errorOf(text: string): CypherError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof CypherError) return e;
    throw e;
  }
  throw new Error(`expected an error for: ${text}`);
}


describe('semantic checks', () => {
  it.each([
    // scoping
    ['UndefinedVariable', 'MATCH () RETURN foo'],
    ['UndefinedVariable', 'MATCH (a) WITH a.x AS x RETURN a'],
    ['UndefinedVariable', 'MATCH (a), (b), (c) WITH a, b WITH a ORDER BY c RETURN a'],
    ['UndefinedVariable', 'MATCH (n) WHERE (n)-[r]->() RETURN n'],
    ['UndefinedVariable', 'MERGE (n) ON CREATE SET x.num = 1'],
    ['UndefinedVariable', 'MATCH (n) WITH DISTINCT n.a AS a RETURN a ORDER BY n.b'],
    ['UndefinedVariable', 'RETURN [x IN [1] | y]'],
    // binding
    ['VariableAlreadyBound', 'MATCH (a) CREATE (a {name: 1}) RETURN a'],
    ['VariableAlreadyBound', 'MATCH (a) MERGE (a)'],
    ['VariableAlreadyBound', 'MATCH (a)-[r]->(b) MERGE (a)-[r]->(b)'],
    ['VariableAlreadyBound', 'MATCH ()-[p]-(), p = ()-[]-() RETURN p'],
    ['VariableAlreadyBound', 'WITH 1 AS x UNWIND [1] AS x RETURN x'],
    ['VariableTypeConflict', 'MATCH ()-[r]-(r) RETURN r'],
    ['VariableTypeConflict', 'MATCH r = ()-->() MATCH (r) RETURN r'],
    ['VariableTypeConflict', "WITH 'foo' AS n MATCH (n) RETURN n"],
    ['VariableTypeConflict', 'MATCH (n) WITH [n] AS users MATCH (users)-->(m) RETURN m'],
    ['RelationshipUniquenessViolation', 'MATCH (a)-[r]->()-[r]->(a) RETURN r'],
    // projections
    ['NoVariablesInScope', 'MATCH () RETURN *'],
    ['ColumnNameConflict', 'RETURN 1 AS a, 2 AS a'],
    ['ColumnNameConflict', 'MATCH (n) RETURN n, n'],
    ['NoExpressionAlias', 'MATCH (a) WITH a, count(*) RETURN a'],
    ['NonConstantExpression', 'MATCH (n) RETURN n SKIP n.count'],
    ['NonConstantExpression', 'MATCH (n) RETURN n LIMIT n.count'],
    ['NegativeIntegerArgument', 'MATCH (n) RETURN n LIMIT -1'],
    ['InvalidArgumentType', 'MATCH (n) RETURN n LIMIT 1.5'],
    ['InvalidArgumentType', "MATCH (n) RETURN n SKIP 'x'"],
    // aggregation
    ['InvalidAggregation', 'MATCH (a) WHERE count(a) > 10 RETURN a'],
    ['InvalidAggregation', 'MATCH (n) RETURN n.num1 ORDER BY max(n.num2)'],
    ['InvalidAggregation', 'MATCH (n) RETURN [x IN [1, 2] | count(*)]'],
    ['InvalidAggregation', 'MATCH (n) SET n.c = count(*)'],
    ['NestedAggregation', 'RETURN count(count(*))'],
    ['NonConstantExpression', 'RETURN count(rand())'],
    ['AmbiguousAggregationExpression', 'MATCH (me)--(you) RETURN me.age + count(you.age)'],
    ['AmbiguousAggregationExpression', 'MATCH (me)--(you) RETURN me.age + you.age, me.age + you.age + count(*)'],
    // clause composition and union
    ['InvalidClauseComposition', 'RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a'],
    ['InvalidClauseComposition', 'RETURN 1 AS a MATCH (n) RETURN n'],
    ['InvalidClauseComposition', 'MATCH (n)'],
    ['InvalidClauseComposition', 'CREATE (a) MATCH (b) RETURN b'],
    ['DifferentColumnsInUnion', 'RETURN 1 AS a UNION RETURN 2 AS b'],
    // CREATE / MERGE patterns
    ['RequiresDirectedRelationship', 'CREATE (a)-[:FOO]-(b)'],
    ['RequiresDirectedRelationship', 'CREATE (a)<-[:FOO]->(b)'],
    ['NoSingleRelationshipType', 'CREATE ()-[:A|:B]->()'],
    ['NoSingleRelationshipType', 'MATCH (a), (b) MERGE (a)-[NO_COLON]->(b)'],
    ['CreatingVarLength', 'CREATE ()-[:FOO*2]->()'],
    ['InvalidParameterUse', 'MATCH (n $param) RETURN n'],
    ['InvalidParameterUse', 'MERGE (n $param) RETURN n'],
    // types known statically
    ['InvalidDelete', 'MATCH ()-[r:T]-() DELETE r:T'],
    ['InvalidArgumentType', 'MATCH () DELETE 1 + 1'],
    ['InvalidArgumentType', 'RETURN NOT 1'],
    ['InvalidArgumentType', 'RETURN 1 IN 123'],
    ['InvalidArgumentType', 'MATCH (n) RETURN length(n)'],
    ['InvalidArgumentType', 'MATCH p = ()-->() RETURN size(p)'],
    ['InvalidArgumentType', 'MATCH (n) WHERE (n) RETURN n'],
    ['InvalidArgumentType', "RETURN any(x IN ['a'] WHERE x % 2 = 0)"],
    ['InvalidArgumentType', 'MATCH r = ()-->() WHERE r.name = 1 RETURN r'],
    // functions and pattern expressions
    ['UnknownFunction', 'RETURN noSuchFunction(1)'],
    ['InvalidNumberOfArguments', 'RETURN toUpper()'],
    ['UnexpectedSyntax', 'MATCH (n) WITH (n)-->() AS x RETURN x'],
    ['UnexpectedSyntax', 'CALL db.labels() YIELD * RETURN label'],
    ['VariableAlreadyBound', 'CALL db.labels() YIELD a, b AS a RETURN a'],
  ])('%s: %s', (detail, text) => {
    const e = errorOf(text);
    expect(e.detail).toBe(detail);
    expect(e.code).toBe('Neo.ClientError.Statement.SyntaxError');
    expect(e.position).not.toBeNull();
  });

  it('reports property access on a statically known non-map as a TypeError', () => {
    const e = errorOf('WITH 123 AS x RETURN x.num');
    expect(e.code).toBe('Neo.ClientError.Statement.TypeError');
    expect(e.detail).toBe('InvalidArgumentType');
  });

  it.each([
    'MATCH (a)-[r]->(b) MATCH (b)-[r]->(c) RETURN c',
    'MATCH (n) WITH n.x AS x ORDER BY n.y RETURN x',
    'MATCH (n) WITH DISTINCT n.x AS x WHERE n.x > 1 RETURN x',
    'MATCH (me)--(you) RETURN me.age, me.age + count(you.age)',
    'MATCH (me)--(you) RETURN me.age AS age, count(you.age) AS cnt ORDER BY age, age + count(you.age)',
    'MATCH (n) RETURN $p + avg(n.age) - 1000',
    'MATCH p = (n)-->() RETURN [x IN collect(p) | head(nodes(x))] AS p',
    'MATCH (a) CREATE (a)-[:T]->(b:B {x: a.x}) RETURN b',
    'MATCH (a), (b) MERGE (a)-[:T]-(b)',
    'CREATE (n $props) RETURN n',
    'WITH null AS a OPTIONAL MATCH p = (a)-[r]->() RETURN nodes(p)',
    'MATCH () CREATE () WITH * CREATE ()',
    'MATCH (a) WHERE EXISTS { MATCH (a)-->(b) WHERE b.x = 1 } RETURN a',
    'MATCH (a) RETURN COUNT { (a)-->() } AS c',
    'MATCH (a) RETURN [(a)-->(b) | b.name] AS names',
    'MATCH (n) RETURN coalesce(n.x, labels(n)) AS c',
    'UNWIND [1, 2] AS x WITH x WHERE x > 1 RETURN x ORDER BY x',
    'MATCH (n) DETACH DELETE n',
    'MATCH (n) FOREACH (x IN [1, 2] | SET n.v = x)',
    'CALL { MATCH (n) RETURN n } RETURN n',
    'RETURN 1 AS a UNION ALL RETURN 2 AS a',
  ])('accepts %s', (text) => {
    expect(() => parse(text)).not.toThrow();
  });

  it('allows a schema command through without query checks', () => {
    expect(() => parse('CREATE CONSTRAINT c FOR (n:L) REQUIRE n.p IS UNIQUE')).not.toThrow();
  });
});
