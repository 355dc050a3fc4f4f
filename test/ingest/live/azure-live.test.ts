import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectAzureTenant } from '../../../services/ingest/azure/live.js';
import { generateEstate } from '../../../services/ingest/generate/synthetic.js';
import { readSnapshot, writeSnapshot } from '../../../services/ingest/snapshot/files.js';
import { captureLogs } from './capture.js';
import { fakeCredential, FakeAzure } from './fake-azure.js';

type Row = Record<string, any>;

const PLANTED = {
  secretValue: 'Server=tcp:db.contoso.net;Password=Sup3r-S3cret-V4lue!',
  envValue: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  workspaceKey: 'dGhpcyBpcyBhIHNlY3JldCB3b3Jrc3BhY2Uga2V5IQ==',
};

function azureEstate(workloads: number, seed: string) {
  const { files } = generateEstate({ workloads, seed });
  const tenantPath = [...files.keys()].find((p) => p.startsWith('azure/') && p.endsWith('/resources.json'))!;
  const base = tenantPath.replace(/\/resources\.json$/, '');
  const tenantId = base.split('/')[1]!;
  const clone = (file: string) => structuredClone(files.get(`${base}/${file}`)) as Row[];
  const tables = { resources: clone('resources.json'), authorizationresources: clone('authorizationresources.json'), resourcecontainers: clone('resourcecontainers.json') };
  const app = tables.resources.find((r) => r.type === 'microsoft.app/containerapps')!;
  app.properties.configuration.secrets = [{ name: 'db-connection', value: PLANTED.secretValue }];
  const group = tables.resources.find((r) => r.type === 'microsoft.containerinstance/containergroups')!;
  group.properties.containers[0].properties.environmentVariables.push({ name: 'AWS_SECRET', value: PLANTED.envValue });
  group.properties.diagnostics = { logAnalytics: { workspaceId: 'b7c9d1e3-0000-4000-8000-000000000001', workspaceKey: PLANTED.workspaceKey } };
  return { tenantId, tables, authConfigs: clone('authconfigs.json'), appName: String(app.name) };
}

const sortById = (rows: Row[]) => [...rows].sort((a, b) => String(a.id).toLowerCase().localeCompare(String(b.id).toLowerCase()));
const ids = (rows: unknown) => sortById(rows as Row[]).map((r) => String(r.id).toLowerCase());

describe('live Azure collector against local Resource Graph and ARM endpoints', () => {
  let fake: FakeAzure;
  let estate: ReturnType<typeof azureEstate>;
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
    (fake.log as unknown[]).push({ kind: 'sleep', ms });
    await new Promise((resolve) => setTimeout(resolve, 5));
  };

  beforeEach(async () => {
    estate = azureEstate(2200, 'live-azure');
    fake = new FakeAzure(estate.tables, estate.authConfigs);
    waits.length = 0;
    await fake.start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('discovers subscriptions, pages every query in order, honours quota and 429 waits, reads auth configs, redacts secrets', async () => {
    // Request 2 leaves no quota (reset in 1 s); request 4 is throttled with Retry-After: 2.
    fake.quotaRemaining.set(2, 0);
    fake.throttleGraphRequests.set(4, { 'retry-after': '2', 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:02' });
    const ingressApps = estate.tables.resources.filter((r) => r.type === 'microsoft.app/containerapps' && r.properties.configuration.ingress);
    const withAuth = ingressApps.filter((r) => estate.authConfigs.some((c) => String(c.id).toLowerCase().startsWith(`${String(r.id).toLowerCase()}/`)));
    fake.throttleAuthConfigsOnce.add(String(withAuth[0]!.name));
    fake.pagedAuthConfigs.add(String(withAuth[1]!.name));
    const scopes: string[] = [];

    const { result, logs } = await captureLogs(() =>
      collectAzureTenant({ credential: fakeCredential(scopes), endpoint: fake.armUrl, graphEndpoint: fake.graphUrl, tlsCa: fake.certificate, sleep }),
    );

    expect(result.problems).toEqual([]);
    expect(result.tenantId).toBe(estate.tenantId);
    const subscriptionRows = estate.tables.resourcecontainers.filter((r) => r.type === 'microsoft.resources/subscriptions');
    expect([...result.subscriptions].sort()).toEqual(subscriptionRows.map((r) => r.subscriptionId).sort());
    const base = `azure/${estate.tenantId}`;

    // Same rows as served, including management-group role assignments (AtScopeAboveAndBelow).
    expect(ids(result.files.get(`${base}/resources.json`))).toEqual(ids(estate.tables.resources));
    expect(ids(result.files.get(`${base}/authorizationresources.json`))).toEqual(ids(estate.tables.authorizationresources));
    expect(estate.tables.authorizationresources.some((r) => r.type === 'microsoft.authorization/roleassignments' && !r.subscriptionId)).toBe(true);
    expect(ids(result.files.get(`${base}/resourcecontainers.json`))).toEqual(ids(estate.tables.resourcecontainers));
    expect(ids(result.files.get(`${base}/authconfigs.json`))).toEqual(ids(estate.authConfigs));
    const untouched = sortById(estate.tables.resources).filter((r) => r.name !== estate.appName && r.type !== 'microsoft.containerinstance/containergroups');
    const collected = new Map((result.files.get(`${base}/resources.json`) as Row[]).map((r) => [r.id, r]));
    for (const row of untouched.slice(0, 50)) expect(collected.get(row.id)).toEqual(row);

    // Pages in order, every query ordered by id, scope filter sent where needed, 1000 rows per page.
    const graph = fake.graphLog().filter((e) => e.status === 200);
    const resourcesPages = graph.filter((e) => e.table === 'resources');
    expect(resourcesPages.length).toBeGreaterThanOrEqual(2);
    expect(resourcesPages.map((e) => e.skipToken)).toEqual(resourcesPages.map((_, i) => (i === 0 ? undefined : Buffer.from(String(i * 1000)).toString('base64'))));
    for (const e of fake.graphLog()) expect(e.top).toBe(1000);
    for (const e of fake.graphLog().filter((x) => x.table === 'authorizationresources')) {
      expect(e.authorizationScopeFilter).toBe('AtScopeAboveAndBelow');
      expect(e.apiVersion).toBe('2022-10-01');
    }
    expect(fake.graphLog()[0]).toMatchObject({ table: 'resourcecontainers' });
    expect(fake.graphLog()[0]!.subscriptions).toBeUndefined();

    // Throttling: the quota reset was waited out before the next query; the 429 was retried after Retry-After.
    const timeline = fake.log as { kind: string; status?: number; ms?: number }[];
    const secondResponse = timeline.findIndex((e, i) => e.kind === 'arg' && timeline.slice(0, i + 1).filter((x) => x.kind === 'arg').length === 2);
    expect(timeline[secondResponse + 1]).toEqual({ kind: 'sleep', ms: 1000 });
    const throttled = timeline.findIndex((e) => e.kind === 'arg' && e.status === 429);
    expect(timeline[throttled + 1]).toEqual({ kind: 'sleep', ms: 2000 });
    expect(timeline[throttled + 2]).toMatchObject({ kind: 'arg', status: 200 });
    expect(result.throttleWaits).toEqual([1000, 2000]);
    expect(result.armThrottled).toBe(1);

    // Calls counted per operation (attempts included) and the ARM paging followed nextLink.
    const argCalls = (table: string) => fake.graphLog().filter((e) => e.table === table).length;
    expect(result.calls['arg:resources']).toBe(argCalls('resources'));
    expect(result.calls['arg:authorizationresources']).toBe(argCalls('authorizationresources'));
    expect(result.calls['arg:resourcecontainers']).toBe(argCalls('resourcecontainers'));
    expect(result.calls['arm:containerAppsAuthConfigs.listByContainerApp']).toBe(fake.armLog().length);
    expect(fake.armLog().length).toBe(ingressApps.length + 2);
    expect(fake.armLog().some((e) => e.path.includes('page=2'))).toBe(true);
    expect(result.minimum['arm:containerAppsAuthConfigs.listByContainerApp']).toBe(ingressApps.length);
    expect(scopes.every((s) => s.endsWith('/.default'))).toBe(true);

    // Secrets planted in the served rows appear nowhere in the files or the logs.
    const everything = JSON.stringify([...result.files.entries()]);
    for (const secret of Object.values(PLANTED)) {
      expect(everything).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain('fake-token-for-tests');

    // Recording and reading back the snapshot gives the same files.
    const dir = await mkdtemp(join(tmpdir(), 'live-azure-'));
    try {
      await writeSnapshot(dir, result.files, { tool: 'live-azure-test' });
      const read = await readSnapshot(dir);
      expect(read.problems).toEqual([]);
      expect(read.files).toEqual(result.files);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('isolates a forbidden subscription and a failing auth config call without losing the rest', async () => {
    const subscriptions = estate.tables.resourcecontainers.filter((r) => r.type === 'microsoft.resources/subscriptions').map((r) => String(r.subscriptionId));
    expect(subscriptions.length).toBeGreaterThanOrEqual(3);
    const [forbidden, ...allowed] = subscriptions as [string, ...string[]];
    fake.forbiddenSubscriptions.add(forbidden);
    const allowedSet = new Set(allowed);
    const failingApp = estate.tables.resources.find((r) => r.type === 'microsoft.app/containerapps' && r.properties.configuration.ingress && allowedSet.has(r.subscriptionId))!;
    fake.forbiddenAuthConfigs.add(String(failingApp.name));

    const result = await collectAzureTenant({ credential: fakeCredential(), subscriptions, tenantId: estate.tenantId, endpoint: fake.armUrl, graphEndpoint: fake.graphUrl, tlsCa: fake.certificate, sleep });

    const byScope = result.problems.map((p) => `${p.scope} ${p.operation}`).sort();
    expect(byScope).toEqual(
      [
        `azure-subscription:${forbidden} arg:resourcecontainers`,
        `azure-subscription:${forbidden} arg:resources`,
        `azure-subscription:${forbidden} arg:authorizationresources`,
        `${failingApp.id} arm:containerAppsAuthConfigs.listByContainerApp`,
      ].sort(),
    );
    expect(result.problems.find((p) => p.scope.endsWith(forbidden))?.message).toContain('403 AuthorizationFailed');
    const base = `azure/${estate.tenantId}`;
    const expectedResources = estate.tables.resources.filter((r) => allowedSet.has(r.subscriptionId));
    expect(ids(result.files.get(`${base}/resources.json`))).toEqual(ids(expectedResources));
    // Every request that succeeded named only allowed subscriptions, batches split in halves at most down to one.
    for (const e of fake.graphLog().filter((x) => x.status === 200)) for (const s of e.subscriptions ?? []) expect(allowedSet.has(s)).toBe(true);
    const authConfigIds = ids(result.files.get(`${base}/authconfigs.json`));
    expect(authConfigIds.some((id) => id.startsWith(String(failingApp.id).toLowerCase()))).toBe(false);
    expect(authConfigIds.length).toBeGreaterThan(0);
  });

  it('splits a subscription batch whose answer is truncated and still reads every row', async () => {
    fake.truncateMultiSubscription.add('resources');
    const subscriptions = estate.tables.resourcecontainers.filter((r) => r.type === 'microsoft.resources/subscriptions').map((r) => String(r.subscriptionId));
    const result = await collectAzureTenant({ credential: fakeCredential(), subscriptions, endpoint: fake.armUrl, graphEndpoint: fake.graphUrl, tlsCa: fake.certificate, sleep });
    expect(result.problems).toEqual([]);
    expect(fake.graphLog().some((e) => e.status === 206)).toBe(true);
    expect(ids(result.files.get(`azure/${estate.tenantId}/resources.json`))).toEqual(ids(estate.tables.resources));
  });
});
