/**
 * Loader tests through neo4j-driver against the embedded graph server: graph contents, scoped replacement with a
 * failing scope, malformed input, and that no secret value reaches any node or relationship property.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import neo4j, { type Driver } from 'neo4j-driver';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGraphServer } from '../../graph/server/index.js';
import { ingestSnapshotDirectory, ingestSnapshotFiles } from '../../services/ingest/ingest.js';
import { writeSnapshot, type SnapshotFiles } from '../../services/ingest/snapshot/files.js';
import * as F from './fixtures.js';

const REGION_SCOPE = `aws:${F.ACCOUNT}:${F.REGION}`;
const GLOBAL_SCOPE = `aws:${F.ACCOUNT}:global`;
const TENANT_SCOPE = `azure-tenant:${F.TENANT}`;
const SUB_SCOPE = `azure:${F.SUB}`;

let server: Awaited<ReturnType<typeof startGraphServer>>;
let driver: Driver;

function allFiles(): SnapshotFiles {
  return new Map([...F.awsFiles(), ...F.azureFiles()]);
}

async function query(text: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
  const session = driver.session();
  try {
    const result = await session.run(text, params);
    return result.records.map((record) => record.toObject());
  } finally {
    await session.close();
  }
}

async function one(text: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const rows = await query(text, params);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

beforeAll(async () => {
  server = await startGraphServer({ port: 0, username: 'neo4j', password: 'pw', dataDir: null });
  driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', 'pw'));
});

afterAll(async () => {
  await driver?.close();
  await server?.close();
});

describe('loader (embedded server through neo4j-driver)', () => {
  it('loads both clouds: nodes, cross-scope relationships, typed properties, scope tags, scan records', async () => {
    const report = await ingestSnapshotFiles(driver, allFiles(), { scanId: 's1', source: 'test', batchSize: 3 });
    expect(report.status).toBe('succeeded');
    expect(report.schemaProblems).toEqual([]);
    expect(report.scopes.map((scope) => [scope.scope, scope.status]).sort()).toEqual(
      [[GLOBAL_SCOPE, 'replaced'], [REGION_SCOPE, 'replaced'], [TENANT_SCOPE, 'replaced'], [SUB_SCOPE, 'replaced']].sort(),
    );
    const region = report.scopes.find((scope) => scope.scope === REGION_SCOPE)!;
    expect(region.nodes.EcsService).toBe(3);
    expect(region.problems).toHaveLength(3);
    // every relationship of the fixtures finds both ends (cross-scope: task definition → IAM role in the global scope)
    for (const scope of report.scopes) {
      for (const [kind, counts] of Object.entries(scope.relationships)) expect([kind, counts.written]).toEqual([kind, counts.rows]);
    }

    const service = await one('MATCH (s:EcsService {id: $id}) RETURN s.fargate AS fargate, s.assignPublicIp AS ip, s.desiredCount AS desired, s.scope AS scope, s.scanId AS scanId', { id: F.SERVICE_DEFAULT });
    expect(service).toEqual({ fargate: true, ip: 'ENABLED', desired: neo4j.int(2), scope: REGION_SCOPE, scanId: 's1' });
    const role = await one(
      'MATCH (t:EcsTask {id: $task})-[:RUNS_TASK_DEFINITION]->(:TaskDefinition)-[:TASK_ROLE]->(r:IamRole)-[:HAS_POLICY]->(p:IamPolicy)-[:HAS_STATEMENT]->(st:PolicyStatement) WHERE st.effect = \'Allow\' AND \'*\' IN st.actions RETURN r.id AS role, p.id AS policy, r.scope AS scope',
      { task: F.TASK_WEB },
    );
    expect(role).toEqual({ role: F.ROLE_API, policy: F.ADMIN_POLICY, scope: GLOBAL_SCOPE });
    const listenerPorts = await query('MATCH (l:Listener)-[f:FORWARDS_TO]->(:TargetGroup {id: $tg})<-[:REGISTERED_IN]-(s:EcsService) RETURN l.port AS port, s.id AS service ORDER BY port', { tg: F.TG_WEB });
    expect(listenerPorts).toEqual([{ port: neo4j.int(80), service: F.SERVICE_DEFAULT }, { port: neo4j.int(443), service: F.SERVICE_DEFAULT }]);
    const route = await one('MATCH (:Subnet {id: \'subnet-a\'})-[u:USES_ROUTE_TABLE]->(:RouteTable)-[:HAS_ROUTE]->(r:Route {destinationCidrBlock: \'0.0.0.0/0\'}) RETURN u.explicit AS explicit, r.gatewayId AS gateway');
    expect(route).toEqual({ explicit: false, gateway: 'igw-1' });
    // Azure: identity → assignment → role, and the RBAC scope chain via the AzureScope label
    const grant = await one(
      'MATCH (:ContainerApp {id: $app})-[:HAS_IDENTITY]->(:ManagedIdentity)-[:HAS_ROLE_ASSIGNMENT]->(ra:RoleAssignment)-[:OF_ROLE]->(d:RoleDefinition), (ra)-[:AT_SCOPE]->(s:AzureScope)-[:CHILD_OF*]->(t:AzureTenant) WHERE d.roleType = \'CustomRole\' RETURN d.id AS guid, s.id AS scope, t.id AS tenant',
      { app: F.APP_ID },
    );
    expect(grant).toEqual({ guid: F.CUSTOM_GUID, scope: '/providers/microsoft.management/managementgroups/prod', tenant: F.TENANT });
    const image = await one('MATCH (i:Image {id: $digest})-[:HAS_VULNERABILITY]->(v:Vulnerability) RETURN i.scope AS scope, v.id AS cve', { digest: F.DIGEST });
    expect(image).toEqual({ scope: 'shared', cve: 'CVE-2024-0001' });
    expect(await one('MATCH (n:Internet) RETURN count(n) AS internet')).toEqual({ internet: neo4j.int(1) });
    const statuses = await query('MATCH (s:ScopeStatus) RETURN s.id AS scope, s.stale AS stale, s.lastSuccessScanId AS last, s.parent AS parent ORDER BY scope');
    expect(statuses).toEqual([
      { scope: GLOBAL_SCOPE, stale: false, last: 's1', parent: `aws:${F.ACCOUNT}` },
      { scope: REGION_SCOPE, stale: false, last: 's1', parent: `aws:${F.ACCOUNT}` },
      { scope: TENANT_SCOPE, stale: false, last: 's1', parent: null },
      { scope: SUB_SCOPE, stale: false, last: 's1', parent: TENANT_SCOPE },
    ]);
    expect(await one('MATCH (s:ScanRun {id: \'s1\'}) RETURN s.status AS status, s.problemCount AS problems')).toEqual({ status: 'succeeded', problems: neo4j.int(6) });
  });

  it('no planted secret value reaches any node or relationship property', async () => {
    const nodes = await query('MATCH (n) RETURN properties(n) AS p');
    const relationships = await query('MATCH ()-[r]->() RETURN properties(r) AS p');
    expect(nodes.length).toBeGreaterThan(50);
    const text = JSON.stringify([...nodes, ...relationships].map((row) => row.p), (_key, value) => (neo4j.isInt(value) ? value.toString() : value));
    for (const secret of F.PLANTED_SECRETS) expect(text).not.toContain(secret);
    expect(text).toContain('MYSQL_ROOT_PASSWORD'); // names stay
  });

  it('scoped replacement: a successful scope drops what it no longer has; a failed scope keeps its data and is stale', async () => {
    const files = allFiles();
    // the region loses the spot service and the ENI loses its public IP
    const services = files.get(`aws/${F.ACCOUNT}/${F.REGION}/ecs/DescribeServices.json`) as { services: { serviceArn?: string }[] }[];
    services[0]!.services = services[0]!.services.filter((service) => service.serviceArn !== F.SERVICE_SPOT);
    const enis = files.get(`aws/${F.ACCOUNT}/${F.REGION}/ec2/DescribeNetworkInterfaces.json`) as { NetworkInterfaces: Record<string, unknown>[] }[];
    delete enis[0]!.NetworkInterfaces[0]!.Association;
    // the Azure tenant's collection failed this time
    const report = await ingestSnapshotFiles(driver, files, {
      scanId: 's2', failedScopes: [{ scope: TENANT_SCOPE, reason: 'AuthorizationFailed' }],
    });
    expect(report.status).toBe('partial');
    const byScope = new Map(report.scopes.map((scope) => [scope.scope, scope]));
    expect(byScope.get(REGION_SCOPE)!.status).toBe('replaced');
    expect(byScope.get(REGION_SCOPE)!.deletedNodes).toBe(1);
    expect(byScope.get(TENANT_SCOPE)).toMatchObject({ status: 'stale', reason: 'AuthorizationFailed' });
    expect(byScope.get(SUB_SCOPE)).toMatchObject({ status: 'stale', reason: `parent ${TENANT_SCOPE} failed: AuthorizationFailed` });

    expect(await query('MATCH (s:EcsService {id: $id}) RETURN s', { id: F.SERVICE_SPOT })).toEqual([]);
    expect(await one('MATCH (n:NetworkInterface {id: \'eni-web\'}) RETURN n.publicIp AS ip, n.scanId AS scanId')).toEqual({ ip: null, scanId: 's2' });
    expect(await one('MATCH (n:EcsService) WHERE n.scanId <> \'s2\' RETURN count(n) AS old')).toEqual({ old: neo4j.int(0) });
    // the failed tenant's earlier data is intact (scan s1), relationships included
    expect(await one('MATCH (a:ContainerApp {id: $id})-[:HAS_IDENTITY]->(m) RETURN a.scanId AS scanId, count(m) AS identities', { id: F.APP_ID })).toEqual({ scanId: 's1', identities: neo4j.int(2) });
    expect(await one('MATCH (n) WHERE n.scope IN [$t, $s] AND n.scanId <> \'s1\' RETURN count(n) AS touched', { t: TENANT_SCOPE, s: SUB_SCOPE })).toEqual({ touched: neo4j.int(0) });
    const stale = await query('MATCH (s:ScopeStatus) WHERE s.stale RETURN s.id AS scope, s.staleReason AS reason, s.lastSuccessScanId AS last ORDER BY scope');
    expect(stale).toEqual([
      { scope: TENANT_SCOPE, reason: 'AuthorizationFailed', last: 's1' },
      { scope: SUB_SCOPE, reason: `parent ${TENANT_SCOPE} failed: AuthorizationFailed`, last: 's1' },
    ]);
    expect(await one('MATCH (s:ScanRun {id: \'s2\'}) RETURN s.status AS status, s.staleScopes AS stale')).toEqual({ status: 'partial', stale: [TENANT_SCOPE, SUB_SCOPE] });

    // the next successful scan of the tenant clears the stale mark
    const third = await ingestSnapshotFiles(driver, allFiles(), { scanId: 's3' });
    expect(third.status).toBe('succeeded');
    expect(await one('MATCH (s:ScopeStatus {id: $id}) RETURN s.stale AS stale, s.staleSince AS since, s.lastSuccessScanId AS last', { id: SUB_SCOPE })).toEqual({ stale: false, since: null, last: 's3' });
    expect(await one('MATCH (s:EcsService {id: $id}) RETURN s.scanId AS scanId', { id: F.SERVICE_SPOT })).toEqual({ scanId: 's3' });
  });

  it('an unreadable file fails only its scope; malformed elements are reported and skipped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ingest-'));
    try {
      const files = allFiles();
      files.delete(`aws/${F.ACCOUNT}/${F.REGION}/ec2/DescribeSubnets.json`);
      await writeSnapshot(dir, files, { createdAt: '2026-11-21T00:00:00.000Z' });
      await writeFile(join(dir, 'aws', F.ACCOUNT, F.REGION, 'ec2', 'DescribeSubnets.json'), '[{"Subnets": [');
      const report = await ingestSnapshotDirectory(driver, dir, { scanId: 's4' });
      const byScope = new Map(report.scopes.map((scope) => [scope.scope, scope]));
      expect(byScope.get(REGION_SCOPE)!.status).toBe('stale');
      expect(byScope.get(REGION_SCOPE)!.reason).toContain(`aws/${F.ACCOUNT}/${F.REGION}/ec2/DescribeSubnets.json`);
      expect(byScope.get(GLOBAL_SCOPE)!.status).toBe('replaced');
      expect(byScope.get(SUB_SCOPE)!.problems).toEqual([{ source: `azure/${F.TENANT}/resources.json[4]`, message: 'identity.userAssignedIdentities is not an object' }]);
      // the stale region still has its subnets from scan s3
      expect(await one('MATCH (s:Subnet {id: \'subnet-a\'}) RETURN s.scanId AS scanId')).toEqual({ scanId: 's3' });
      expect(await one('MATCH (r:IamRole {id: $id}) RETURN r.scanId AS scanId', { id: F.ROLE_API })).toEqual({ scanId: 's4' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an account-level failure leaves every scope of the account untouched and stale', async () => {
    const report = await ingestSnapshotFiles(driver, allFiles(), { scanId: 's5', failedScopes: [{ scope: `aws:${F.ACCOUNT}`, reason: 'ExpiredToken' }] });
    const byScope = new Map(report.scopes.map((scope) => [scope.scope, scope]));
    expect(byScope.get(GLOBAL_SCOPE)).toMatchObject({ status: 'stale', reason: `parent aws:${F.ACCOUNT} failed: ExpiredToken` });
    expect(byScope.get(REGION_SCOPE)).toMatchObject({ status: 'stale', reason: `parent aws:${F.ACCOUNT} failed: ExpiredToken` });
    expect(byScope.get(SUB_SCOPE)!.status).toBe('replaced');
    expect(await one('MATCH (n) WHERE n.scope STARTS WITH $prefix AND n.scanId = \'s5\' RETURN count(n) AS written', { prefix: `aws:${F.ACCOUNT}` })).toEqual({ written: neo4j.int(0) });
    expect(await query('MATCH (s:ScopeStatus {id: $id}) RETURN s', { id: `aws:${F.ACCOUNT}` })).toEqual([]);
    expect(await one('MATCH (s:ScopeStatus {id: $id}) RETURN s.stale AS stale', { id: GLOBAL_SCOPE })).toEqual({ stale: true });
  });

  it('a covered scope without files was found empty: its earlier data is deleted; uncovered absent scopes stay', async () => {
    const awsOnly = F.awsFiles();
    for (const path of [...awsOnly.keys()]) if (path.includes(`/${F.REGION}/`)) awsOnly.delete(path);
    const report = await ingestSnapshotFiles(driver, awsOnly, { scanId: 's6', coveredScopes: [GLOBAL_SCOPE, REGION_SCOPE] });
    expect(report.status).toBe('succeeded');
    expect(report.scopes.find((scope) => scope.scope === REGION_SCOPE)!.deletedNodes).toBeGreaterThan(30);
    expect(await one('MATCH (n) WHERE n.scope = $scope RETURN count(n) AS left', { scope: REGION_SCOPE })).toEqual({ left: neo4j.int(0) });
    // the Azure scopes were neither covered nor present: untouched
    expect(await one('MATCH (a:ContainerApp {id: $id}) RETURN a.scanId AS scanId', { id: F.APP_ID })).toEqual({ scanId: 's5' });
    // the image the region's task ran is shared: the Azure container still uses it, so it stays
    expect(await one('MATCH (i:Image {id: $id}) RETURN count(i) AS images', { id: F.DIGEST })).toEqual({ images: neo4j.int(1) });
  });
});
