/**
 * The explorer: writes and procedure calls refused by parsing (also nested in subqueries), READ
 * transactions, timeout, row cap (truncated), byte cap (413), value serialisation, templates.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startHarness, problemOf, type Harness } from './harness.js';
import { seed, APP1, MI1, SUB, SVC1, AZ_SCOPE } from './fixture.js';
import { checkReadOnly } from '../../services/api/explorer/guard.js';

describe('explorer', () => {
  let h: Harness;
  const query = (q: string, params?: Record<string, unknown>, key?: string) =>
    h.call('/v1/explorer/query', { method: 'POST', key, json: { query: q, ...(params ? { params } : {}) } });

  beforeAll(async () => {
    h = await startHarness({ explorer: { timeoutMs: 300, maxRows: 50, maxBytes: 20_000 } });
    await seed(h);
  });
  afterAll(async () => h?.close());

  const REFUSED: [string, string][] = [
    ["CREATE (n:Evil {id: 'x'})", 'CREATE'],
    ["MERGE (n:Evil {id: 'x'}) RETURN n", 'MERGE'],
    ["MATCH (f:Finding) SET f.status = 'resolved'", 'SET'],
    ['MATCH (f:Finding) DELETE f', 'DELETE'],
    ['MATCH (f:Finding) DETACH DELETE f', 'DETACH DELETE'],
    ['MATCH (f:Finding) REMOVE f.status', 'REMOVE'],
    ['MATCH (f:Finding) WITH collect(f) AS fs FOREACH (x IN fs | SET x.exempted = true)', 'FOREACH'],
    ['CREATE INDEX evil FOR (n:Finding) ON (n.status)', 'CREATE INDEX'],
    ['CREATE CONSTRAINT evil FOR (n:Finding) REQUIRE n.id IS UNIQUE', 'CREATE CONSTRAINT'],
    ['DROP INDEX evil', 'DROP INDEX'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", 'LOAD CSV'],
    ['CALL db.labels()', 'CALL db.labels'],
    ['CALL db.labels() YIELD label RETURN label', 'CALL db.labels'],
    ["MATCH (n) CALL { WITH n CREATE (:Evil) } RETURN count(*)", 'CREATE'],
    ["MATCH (n) WHERE EXISTS { MATCH (n)-->(m) CALL { WITH m SET m.x = 1 } } RETURN n", 'SET'],
    ['MATCH (n) RETURN apoc.text.join([n.id], ",")', 'function apoc.text.join'],
  ];

  for (const [text, construct] of REFUSED) {
    it(`refuses ${construct}: ${text.slice(0, 50)}`, async () => {
      const response = await query(text);
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem.type).toBe('/problems/query-refused');
      expect(problem.construct).toBe(construct);
      expect(problem.detail).toContain(construct);
    });
  }

  it('refused queries changed nothing, and refusals are counted in /metrics', async () => {
    const evil = await (await query('MATCH (n:Evil) RETURN count(n) AS n')).json() as any;
    expect(evil.rows).toEqual([{ n: 0 }]);
    const statuses = await (await query("MATCH (f:Finding) WHERE f.status = 'resolved' RETURN count(f) AS n")).json() as any;
    expect(statuses.rows).toEqual([{ n: 1 }]);
    const metrics = await (await h.call('/metrics')).text();
    expect(metrics).toMatch(/sap_api_explorer_refusals_total\{construct="CREATE"\} [1-9]/);
    expect(metrics).toMatch(/sap_api_explorer_refusals_total\{construct="LOAD CSV"\} 1/);
  });

  it('walks nested COUNT and EXISTS subqueries without refusing reads', () => {
    expect(checkReadOnly('MATCH (n) WHERE COUNT { MATCH (n)-->() } > 1 AND EXISTS { MATCH (n)<--() } RETURN n').ok).toBe(true);
    expect(checkReadOnly('MATCH (n) RETURN [(n)-->(m) | m.id] AS out, toUpper("x") AS d').ok).toBe(true);
  });

  it('answers syntax errors with 400 naming the problem', async () => {
    const response = await query('MATCH (n RETURN n');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).detail).toMatch(/does not parse/);
    const empty = await h.call('/v1/explorer/query', { method: 'POST', json: { query: '' } });
    expect(empty.status).toBe(400);
    await problemOf(empty);
  });

  it('runs reads with parameters and serialises nodes, relationships, paths and numbers', async () => {
    const response = await query(
      `MATCH p = (a:ContainerApp {id: $app})-[r:HAS_IDENTITY]->(i)
       RETURN a, r, p, i.id AS identity, $big AS big, $small AS small, 1.5 AS float, [1, 'two', null] AS list, {k: 'v'} AS map`,
      { app: APP1, big: 2 ** 60, small: 42 },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.columns).toEqual(['a', 'r', 'p', 'identity', 'big', 'small', 'float', 'list', 'map']);
    expect(body.truncated).toBe(false);
    const row = body.rows[0];
    expect(row.a).toMatchObject({ labels: ['ContainerApp', 'Resource'], properties: { id: APP1, name: 'app1' } });
    expect(typeof row.a.elementId).toBe('string');
    expect(row.r).toMatchObject({ type: 'HAS_IDENTITY', startNodeElementId: row.a.elementId, properties: { identityKind: 'system' } });
    expect(row.p.nodes.map((n: any) => n.properties.id)).toEqual([APP1, MI1]);
    expect(row.p.relationships).toHaveLength(1);
    expect(row.identity).toBe(MI1);
    expect(row.big).toBe(String(2n ** 60n)); // beyond 2^53: a string, not a rounded number
    expect(row.small).toBe(42);
    expect(row.float).toBe(1.5);
    expect(row.list).toEqual([1, 'two', null]);
    expect(row.map).toEqual({ k: 'v' });
  });

  it('caps rows and says truncated', async () => {
    const capped = (await (await query('UNWIND range(1, 1000) AS i RETURN i')).json()) as any;
    expect(capped.rowCount).toBe(50);
    expect(capped.rows[49]).toEqual({ i: 50 });
    expect(capped.truncated).toBe(true);
    const exact = (await (await query('UNWIND range(1, 50) AS i RETURN i')).json()) as any;
    expect(exact.rowCount).toBe(50);
    expect(exact.truncated).toBe(false);
  });

  it('refuses oversized results with 413', async () => {
    const response = await query("UNWIND range(1, 40) AS i RETURN i, reduce(s = '', x IN range(1, 100) | s + 'xxxxxxxxxx') AS pad");
    expect(response.status).toBe(413);
    const problem = await problemOf(response);
    expect(problem.type).toBe('/problems/result-too-large');
    expect(problem.maxBytes).toBe(20_000);
  });

  it('stops slow queries at the timeout', async () => {
    const started = Date.now();
    const response = await query('UNWIND range(1, 4000) AS a UNWIND range(1, 4000) AS b WITH a, b WHERE a * b = -1 RETURN count(*) AS n');
    expect(response.status).toBe(504);
    expect((await problemOf(response)).type).toBe('/problems/query-timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
    // The server is usable afterwards.
    expect((await query('RETURN 1 AS one')).status).toBe(200);
  });

  it('runs in a READ transaction even if a write slipped past the parser', async () => {
    // The guard is the first line; the server's READ mode is the second. Exercise the second directly.
    const session = h.driver.session({ defaultAccessMode: 'READ' });
    try {
      await expect(session.executeRead((tx) => tx.run("CREATE (:Evil {id: 'y'})"))).rejects.toThrow();
    } finally {
      await session.close();
    }
  });

  describe('templates', () => {
    it('lists the saved templates with their parameters', async () => {
      const body = (await (await h.call('/v1/explorer/templates')).json()) as any;
      const names = body.items.map((t: any) => t.name).sort();
      expect(names).toEqual([
        'ecs-services-behind-load-balancers', 'findings-of-resource', 'internet-exposed-privileged-workloads',
        'management-group-grants', 'paths-by-risk', 'who-can-reach-subscription',
      ]);
      const reach = body.items.find((t: any) => t.name === 'who-can-reach-subscription');
      expect(reach.parameters).toEqual([{ name: 'subscriptionId', type: 'string', required: true, description: expect.stringContaining('Subscription') }]);
      expect(reach.title).toBe('Who can reach subscription X');
    });

    it('runs templates against the seeded graph', async () => {
      const run = (name: string, params: Record<string, unknown>) => h.call(`/v1/explorer/templates/${name}/run`, { method: 'POST', json: { params } });
      const reach = (await (await run('who-can-reach-subscription', { subscriptionId: SUB.toUpperCase() })).json()) as any;
      expect(reach.rows).toEqual([expect.objectContaining({ workload: APP1, identity: MI1, role: 'Owner', grantScope: SUB })]);
      const exposed = (await (await run('internet-exposed-privileged-workloads', {})).json()) as any;
      expect(exposed.rows.map((r: any) => r.workload)).toEqual([APP1, APP1, SVC1]); // 95, then the 70s by workload id
      const findings = (await (await run('findings-of-resource', { resourceId: APP1 })).json()) as any;
      expect(findings.rows).toEqual([expect.objectContaining({ ruleId: 'aca-public-ingress', status: 'active' })]);
      const byRisk = (await (await run('paths-by-risk', { risk: 'Critical' })).json()) as any;
      expect(byRisk.rows.map((r: any) => r.risk)).toEqual(['Critical']);
      const mg = await run('management-group-grants', {});
      expect(mg.status).toBe(200);
      const lbs = await run('ecs-services-behind-load-balancers', { internetFacingOnly: true });
      expect(lbs.status).toBe(200);
      expect(AZ_SCOPE).toContain('azure:');
    });

    it('checks template parameters', async () => {
      const run = (name: string, params: Record<string, unknown>) => h.call(`/v1/explorer/templates/${name}/run`, { method: 'POST', json: { params } });
      for (const [name, params, detail] of [
        ['who-can-reach-subscription', {}, /needs parameter "subscriptionId"/],
        ['who-can-reach-subscription', { subscriptionId: 7 }, /must be string/],
        ['paths-by-risk', { severity: 'High' }, /no parameter "severity"/],
      ] as const) {
        const response = await run(name, params);
        expect(response.status).toBe(400);
        expect((await problemOf(response)).detail).toMatch(detail);
      }
      const missing = await run('nope', {});
      expect(missing.status).toBe(404);
      await problemOf(missing);
    });
  });
});
