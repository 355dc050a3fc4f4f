import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import neo4j, { type Driver } from 'neo4j-driver';
import { startGraphServer, type RunningGraphServer } from '../../graph/server/index.js';
import { evaluate, type EvaluationResult } from '../../services/evaluate/evaluate.js';
import { findingId } from '../../services/evaluate/ids.js';
import { ingestSnapshotFiles } from '../../services/ingest/ingest.js';
import { readSnapshot, type SnapshotFiles } from '../../services/ingest/snapshot/files.js';
import { SAMPLE_ESTATE_DIR } from '../../services/scan/run-scan.js';

const MARKETING = '/subscriptions/3e5a7c9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d/resourcegroups/rg-web/providers/microsoft.app/containerapps/ca-marketing-site';
const PROD_SCOPE = 'azure:3e5a7c9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d';

/** The sample estate with ca-marketing-site's ingress made internal (external: false) or left as it is. */
function estate(files: SnapshotFiles, marketingExternal: boolean): SnapshotFiles {
  const copy: SnapshotFiles = new Map();
  for (const [path, body] of files) copy.set(path, structuredClone(body));
  for (const [path, body] of copy) {
    if (!path.endsWith('/resources.json')) continue;
    for (const row of body as { name: string; properties: { configuration: { ingress: { external: boolean } } } }[]) {
      if (row.name === 'ca-marketing-site') row.properties.configuration.ingress.external = marketingExternal;
    }
  }
  return copy;
}

describe('finding lifecycle across scans', () => {
  let server: RunningGraphServer;
  let driver: Driver;
  let sample: SnapshotFiles;
  const results: EvaluationResult[] = [];
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 10, minute));

  async function scan(files: SnapshotFiles, minute: number): Promise<EvaluationResult> {
    const load = await ingestSnapshotFiles(driver, files, { source: 'test' });
    const result = await evaluate(driver, { scanId: load.scanId, now: at(minute) });
    results.push(result);
    return result;
  }

  beforeAll(async () => {
    server = await startGraphServer({ port: 0, username: 'neo4j', password: 'pw', dataDir: null });
    driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', 'pw'));
    sample = (await readSnapshot(SAMPLE_ESTATE_DIR)).files;
  });
  afterAll(async () => {
    await driver.close();
    await server.close();
  });

  it('first scan: every finding and path is new, with an event each', async () => {
    const first = await scan(estate(sample, true), 0);
    expect(first.findings.length).toBeGreaterThan(20);
    expect(first.findings.every((f) => f.status === 'new')).toBe(true);
    expect(first.attackPaths.every((p) => p.status === 'new')).toBe(true);
    expect(first.events.filter((e) => e.change === 'new')).toHaveLength(first.findings.length + first.attackPaths.length);
    const marketing = first.findings.find((f) => f.ruleId === 'aca-public-ingress' && f.resourceId === MARKETING);
    expect(marketing?.id).toBe(findingId('aca-public-ingress', MARKETING));
  });

  it('an unchanged rescan keeps ids, turns statuses active and emits no events', async () => {
    const second = await scan(estate(sample, true), 1);
    const first = results[0]!;
    expect(second.findings.map((f) => f.id).sort()).toEqual(first.findings.map((f) => f.id).sort());
    expect(second.attackPaths.map((p) => p.id).sort()).toEqual(first.attackPaths.map((p) => p.id).sort());
    expect(second.findings.every((f) => f.status === 'active' && f.firstSeen === at(0).toISOString())).toBe(true);
    expect(second.events).toEqual([]);
  });

  it('a fixed resource resolves its finding, and a regression reopens it', async () => {
    const id = findingId('aca-public-ingress', MARKETING);
    const third = await scan(estate(sample, false), 2);
    expect(third.findings.some((f) => f.id === id)).toBe(false);
    expect(third.resolvedFindings).toContain(id);
    expect(third.events).toContainEqual(expect.objectContaining({ subjectId: id, change: 'resolved' }));

    const session = driver.session();
    try {
      const stored = await session.run('MATCH (f:Finding {id: $id}) RETURN f.status AS status, f.resolvedAt AS resolvedAt', { id });
      expect(stored.records[0]?.get('status')).toBe('resolved');
      expect(stored.records[0]?.get('resolvedAt')).toBe(at(2).toISOString());
    } finally {
      await session.close();
    }

    const fourth = await scan(estate(sample, true), 3);
    const reopened = fourth.findings.find((f) => f.id === id);
    expect(reopened?.status).toBe('reopened');
    expect(reopened?.firstSeen).toBe(at(0).toISOString());
    expect(fourth.events).toContainEqual(expect.objectContaining({ subjectId: id, change: 'reopened' }));
  });

  it('exemptions apply on every evaluation, also to findings that appear later', async () => {
    const session = driver.session();
    try {
      await session.run(
        `CREATE (:Exemption {id: 'ex-scope', ruleId: 'aca-public-ingress', scope: $scope, reason: 'accepted', createdBy: 'test', createdAt: $now})
         CREATE (:Exemption {id: 'ex-expired', ruleId: 'aca-identity-privileged', scope: $scope, reason: 'old', createdBy: 'test', createdAt: $now, expiresAt: '2020-01-01T00:00:00.000Z'})`,
        { scope: PROD_SCOPE, now: at(4).toISOString() },
      );
    } finally {
      await session.close();
    }
    // The marketing finding is resolved first, then comes back: it must arrive exempted.
    await scan(estate(sample, false), 4);
    const later = await scan(estate(sample, true), 5);
    const publicIngress = later.findings.filter((f) => f.ruleId === 'aca-public-ingress');
    expect(publicIngress.length).toBeGreaterThan(0);
    for (const f of publicIngress) {
      expect(f.exempted).toBe(f.scope === PROD_SCOPE);
      if (f.exempted) expect(f.exemptionId).toBe('ex-scope');
    }
    expect(later.findings.find((f) => f.resourceId === MARKETING && f.ruleId === 'aca-public-ingress')?.exempted).toBe(true);
    const session2 = driver.session();
    try {
      const linked = await session2.run("MATCH (:Exemption {id: 'ex-scope'})-[:EXEMPTS]->(f:Finding) RETURN collect(f.id) AS ids");
      expect((linked.records[0]?.get('ids') as string[]).sort()).toEqual(publicIngress.filter((f) => f.exempted).map((f) => f.id).sort());
      const expired = await session2.run("MATCH (:Exemption {id: 'ex-expired'})-[x:EXEMPTS]->() RETURN count(x) AS n");
      expect(Number(expired.records[0]?.get('n'))).toBe(0);
    } finally {
      await session2.close();
    }
    // An expired exemption exempts nothing.
    expect(later.findings.filter((f) => f.ruleId === 'aca-identity-privileged').every((f) => !f.exempted)).toBe(true);
  });
  /** Every finding and path as stored: properties (less the per-scan ones) and links, in a comparable form. */
  async function storedState(): Promise<unknown[]> {
    const session = driver.session();
    try {
      const res = await session.run(
        `MATCH (n) WHERE n:Finding OR n:AttackPath
         RETURN n.id AS id, n {.*, lastSeen: null, lastScanId: null} AS props,
                [(n)-[r:AFFECTS|VIOLATES|STEP]->(x) | [type(r), r.order, x.id, labels(x)]] AS links,
                [(e:Exemption)-[:EXEMPTS]->(n) | e.id] AS exemptedBy
         ORDER BY id`,
      );
      return res.records.map((r) => ({
        id: r.get('id'),
        props: r.get('props'),
        links: (r.get('links') as unknown[][]).map((link) => JSON.stringify(link, (_k, v) => (neo4j.isInt(v) ? Number(v) : v))).sort(),
        exemptedBy: r.get('exemptedBy'),
      }));
    } finally {
      await session.close();
    }
  }

  it('a rescan leaves unchanged findings and paths as a full rewrite would, and repairs what was altered', async () => {
    await scan(estate(sample, true), 6);
    const expected = await storedState();
    const session = driver.session();
    const marketing = findingId('aca-public-ingress', MARKETING);
    let pathId: string;
    try {
      // Alter one finding's property, add a stray one to another, cut a finding's AFFECTS and a path's STEPs.
      const [other, stray] = results[results.length - 1]!.findings.filter((f) => f.id !== marketing).map((f) => f.id);
      pathId = results[results.length - 1]!.attackPaths[0]!.id;
      await session.run(`MATCH (f:Finding {id: $marketing}) SET f.title = 'altered'`, { marketing });
      await session.run(`MATCH (f:Finding {id: $stray}) SET f.stray = 1`, { stray });
      await session.run(`MATCH (f:Finding {id: $other})-[a:AFFECTS]->() DELETE a`, { other });
      await session.run(`MATCH (:AttackPath {id: $pathId})-[s:STEP]->() DELETE s`, { pathId });
    } finally {
      await session.close();
    }
    expect(await storedState()).not.toEqual(expected);
    const rescan = await scan(estate(sample, true), 7);
    expect(await storedState()).toEqual(expected);
    const check = driver.session();
    try {
      const seen = await check.run(
        `MATCH (n) WHERE (n:Finding OR n:AttackPath) AND n.status <> 'resolved'
         RETURN collect(DISTINCT n.lastSeen) AS lastSeen, collect(DISTINCT n.lastScanId) AS scans, count(n) AS open`,
      );
      expect(seen.records[0]?.get('lastSeen')).toEqual([at(7).toISOString()]);
      expect(seen.records[0]?.get('scans')).toEqual([rescan.scanId]);
      expect(Number(seen.records[0]?.get('open'))).toBe(rescan.findings.length + rescan.attackPaths.length);
    } finally {
      await check.close();
    }
  });
});
