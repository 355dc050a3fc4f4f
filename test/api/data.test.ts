/**
 * Data routes against the embedded graph server seeded per docs/findings-model.md: inventory,
 * recommendations, findings (filters, pagination, changes across two scans, export), attack paths
 * (order, pagination, drawing, choke points), scans and exemptions.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startHarness, problemOf, type Harness } from './harness.js';
import {
  seed, findingId, findingRows, APP1, ACI1, SVC1, TD1, MI1, RA1, SUB, ROLE1, POLICY1, AZ_SCOPE, AWS_SCOPE, ACCOUNT, PATH_A, PATH_B, PATH_C,
} from './fixture.js';

type Page<T> = { items: T[]; nextCursor: string | null };

async function json<T>(response: Response): Promise<T> {
  if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function walk<T extends { id: string }>(h: Harness, path: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: Page<T> = await json(await h.call(`${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`));
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages };
}

describe('data routes', () => {
  let h: Harness;
  let scans: string[] = [];
  let scheduledScan = false;
  beforeAll(async () => {
    h = await startHarness({
      scanInProgress: () => scheduledScan,
      triggerScan: (id) => {
        scans.push(id);
        return new Promise((resolve) => setTimeout(resolve, 300));
      },
    });
    await seed(h);
  });
  afterAll(async () => h?.close());

  describe('inventory', () => {
    it('lists resources with filters', async () => {
      const all = await json<Page<{ id: string; type: string }>>(await h.call('/v1/resources?limit=500'));
      expect(all.items.map((r) => r.type)).not.toContain('Finding');
      expect(all.items.map((r) => r.type)).not.toContain('Internet');
      expect(all.items).toHaveLength(7 + 3 + 20); // azure 6 + aws 4 + bulk task definitions 20
      const ids = (q: string) => h.call(`/v1/resources?${q}`).then((r) => json<Page<{ id: string }>>(r)).then((p) => p.items.map((i) => i.id).sort());
      expect(await ids('platform=ACA')).toEqual([APP1]);
      expect(await ids('type=ContainerGroup')).toEqual([ACI1]);
      expect(await ids('cloud=aws&type=EcsService')).toEqual([SVC1]);
      expect(await ids(`scope=aws:${ACCOUNT}:us-east-1`)).toEqual([SVC1, TD1].sort());
      expect((await ids(`scope=aws:${ACCOUNT}`)).length).toBe(2 + 20 + 2); // us-east-1, us-west-2 and global (role, policy)
      expect(await ids('region=westeurope')).toEqual([APP1]);
      expect(await ids('hasFindings=true&cloud=azure')).toEqual([APP1]); // the ACI finding is resolved
      expect(await ids('exposed=true')).toEqual([APP1, SVC1].sort()); // exposure finding / path entries
      const bad = await h.call('/v1/resources?type=Finding');
      expect(bad.status).toBe(400);
      await problemOf(bad);
    });

    it('paginates resources without duplicates or gaps', async () => {
      const { ids, pages } = await walk(h, '/v1/resources', 4);
      expect(pages).toBe(8);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort());
      expect(ids).toHaveLength(30);
    });

    it('shows a resource with its posture: findings by severity, paths, identities and grants', async () => {
      const app = await json<any>(await h.call(`/v1/resources/${encodeURIComponent(APP1)}`));
      expect(app.resource).toMatchObject({ id: APP1, type: 'ContainerApp', platform: 'ACA', cloud: 'azure', region: 'westeurope' });
      expect(app.findingsBySeverity).toEqual({ Critical: 0, High: 1, Medium: 0, Low: 0 });
      expect(app.attackPaths.map((p: any) => p.id)).toEqual([PATH_A, PATH_C]);
      expect(app.identities).toHaveLength(1);
      expect(app.identities[0]).toMatchObject({ id: MI1, type: 'ManagedIdentity' });
      expect(app.identities[0].grants).toEqual([expect.objectContaining({ id: RA1, role: 'Owner', scope: SUB, scopeLevel: 'subscription' })]);

      const svc = await json<any>(await h.call(`/v1/resources/${encodeURIComponent(SVC1)}`));
      expect(svc.identities).toHaveLength(1);
      expect(svc.identities[0]).toMatchObject({ id: ROLE1, type: 'IamRole' });
      expect(svc.identities[0].via).toContain('RUNS_TASK_DEFINITION');
      expect(svc.identities[0].grants.map((g: any) => g.id)).toEqual([POLICY1]);

      const missing = await h.call(`/v1/resources/${encodeURIComponent('/subscriptions/nope')}`);
      expect(missing.status).toBe(404);
      await problemOf(missing);
    });
  });

  describe('recommendations', () => {
    it('lists rules with affected resources by status, most severe first', async () => {
      const { items } = await json<{ items: any[] }>(await h.call('/v1/recommendations'));
      expect(items.map((r) => r.id)).toEqual(['aca-public-ingress', 'aci-public-ip', 'ecs-writable-root-filesystem', 'ecs-exec-enabled']);
      const byId = Object.fromEntries(items.map((r) => [r.id, r.affected]));
      expect(byId['aci-public-ip']).toMatchObject({ open: 0, resolved: 1 });
      expect(byId['ecs-writable-root-filesystem']).toMatchObject({ open: 21, new: 11, active: 10 });
      expect(byId['ecs-exec-enabled']).toMatchObject({ open: 1, reopened: 1 });
      const ecs = await json<{ items: any[] }>(await h.call('/v1/recommendations?platform=ECS'));
      expect(ecs.items.map((r) => r.id).sort()).toEqual(['ecs-exec-enabled', 'ecs-writable-root-filesystem']);
    });

    it("lists a rule's findings, 404 for an unknown rule", async () => {
      const page = await json<any>(await h.call('/v1/recommendations/ecs-writable-root-filesystem/findings?limit=500'));
      expect(page.rule.id).toBe('ecs-writable-root-filesystem');
      expect(page.items).toHaveLength(21);
      const missing = await h.call('/v1/recommendations/nope/findings');
      expect(missing.status).toBe(404);
      await problemOf(missing);
    });
  });

  describe('findings', () => {
    it('filters by rule, severity, status, resource, scope and exemption', async () => {
      const count = async (q: string) => (await json<Page<any>>(await h.call(`/v1/findings?limit=500&${q}`))).items.length;
      expect(await count('')).toBe(findingRows().length);
      expect(await count('ruleId=aca-public-ingress')).toBe(1);
      expect(await count('severity=High')).toBe(2);
      expect(await count('severity=High,Medium')).toBe(24);
      expect(await count('status=resolved')).toBe(1);
      expect(await count('status=new,reopened')).toBe(12);
      expect(await count(`resourceId=${encodeURIComponent(SVC1)}`)).toBe(1);
      expect(await count(`scope=${AZ_SCOPE}`)).toBe(2);
      expect(await count(`scope=aws:${ACCOUNT}`)).toBe(22);
      expect(await count('exempted=false')).toBe(24);
      const bad = await h.call('/v1/findings?status=open');
      expect(bad.status).toBe(400);
      expect((await problemOf(bad)).detail).toContain('open');
      const badCursor = await h.call('/v1/findings?cursor=not-a-cursor');
      expect(badCursor.status).toBe(400);
      await problemOf(badCursor);
    });

    it('paginates across pages without duplicates or gaps', async () => {
      const expected = findingRows().map((f) => String(f.id)).sort();
      for (const limit of [1, 5, 7, 24, 500]) {
        const { ids, pages } = await walk(h, '/v1/findings', limit);
        expect(ids).toEqual(expected);
        expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
      }
      const filtered = await walk(h, '/v1/findings?severity=Medium', 6);
      expect(filtered.ids).toHaveLength(22);
      expect(new Set(filtered.ids).size).toBe(22);
    });

    it('shows one finding with its rule and the paths through its resource', async () => {
      const body = await json<any>(await h.call(`/v1/findings/${findingId('aca-public-ingress', APP1)}`));
      expect(body.finding).toMatchObject({ ruleId: 'aca-public-ingress', resourceId: APP1, status: 'active', evidence: { ingressExternal: true } });
      expect(body.rule.title).toMatch(/Container Apps/);
      expect(body.paths.map((p: any) => p.id)).toEqual([PATH_A, PATH_C]);
      const missing = await h.call('/v1/findings/f-nope');
      expect(missing.status).toBe(404);
      await problemOf(missing);
    });

    it('reports changes since a scan and since a time, across two scans', async () => {
      const sinceScan1 = await json<any>(await h.call('/v1/findings/changes?since=scan-1'));
      expect(sinceScan1.scans).toEqual(['scan-2']);
      expect(sinceScan1.new.map((f: any) => f.id)).toEqual([findingId('ecs-writable-root-filesystem', TD1)]);
      expect(sinceScan1.resolved.map((f: any) => f.id)).toEqual([findingId('aci-public-ip', ACI1)]);
      expect(sinceScan1.reopened.map((f: any) => f.id)).toEqual([findingId('ecs-exec-enabled', SVC1)]);
      expect(sinceScan1.resolved[0]).toMatchObject({ resourceId: ACI1, status: 'resolved', changeScanId: 'scan-2' });

      const sinceStart = await json<any>(await h.call('/v1/findings/changes?since=2026-10-31T00:00:00Z'));
      expect(sinceStart.scans.sort()).toEqual(['scan-1', 'scan-2']);
      // Net per finding: the ACI one was new in scan-1 and resolved in scan-2.
      expect(sinceStart.resolved.map((f: any) => f.id)).toEqual([findingId('aci-public-ip', ACI1)]);
      expect(sinceStart.new.map((f: any) => f.id).sort()).toEqual([findingId('aca-public-ingress', APP1), findingId('ecs-writable-root-filesystem', TD1)].sort());
      expect(sinceStart.events).toHaveLength(6);

      const paths = await json<any>(await h.call('/v1/findings/changes?since=scan-1&kind=path'));
      expect(paths.new.map((p: any) => p.id)).toEqual([PATH_A]);
      const latest = await json<any>(await h.call('/v1/findings/changes?since=scan-2'));
      expect(latest.events).toHaveLength(0);
      const unknown = await h.call('/v1/findings/changes?since=scan-x');
      expect(unknown.status).toBe(404);
      await problemOf(unknown);
      const missing = await h.call('/v1/findings/changes');
      expect(missing.status).toBe(400);
      await problemOf(missing);
    });

    it('exports as JSON, NDJSON and CSV, escaped against formula injection', async () => {
      const asJson = await h.call('/v1/findings/export?format=json');
      expect(asJson.headers.get('content-type')).toMatch(/^application\/json/);
      const list = (await asJson.json()) as any[];
      expect(list).toHaveLength(findingRows().length);

      const ndjson = await h.call('/v1/findings/export?format=ndjson&severity=High');
      expect(ndjson.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const lines = (await ndjson.text()).trim().split('\n').map((line) => JSON.parse(line));
      expect(lines.map((f) => f.severity)).toEqual(['High', 'High']);

      const csv = await h.call('/v1/findings/export?format=csv');
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toContain('findings.csv');
      const text = await csv.text();
      const rows = text.split('\r\n');
      expect(rows[0]).toBe('id,ruleId,severity,title,status,resourceId,resourceLabel,scope,cloud,firstSeen,lastSeen,resolvedAt,lastScanId,exempted,exemptionId');
      // The title "=HYPERLINK(...)..." is quoted, its quotes doubled, its newline kept inside quotes, and defused with '.
      expect(text).toContain(`"'=HYPERLINK(""http://evil"",""x""), ""quoted""\nline"`);
      expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
      const dataRows = text.trim().split('\r\n').length - 1;
      expect(dataRows).toBe(findingRows().length);

      const badFormat = await h.call('/v1/findings/export?format=xml');
      expect(badFormat.status).toBe(400);
      await problemOf(badFormat);
    });
  });

  describe('attack paths', () => {
    it('lists by riskScore desc then id, with filters', async () => {
      const page = await json<Page<any>>(await h.call('/v1/attack-paths'));
      expect(page.items.map((p) => p.id)).toEqual([PATH_A, PATH_B, PATH_C]);
      expect(page.items[0].evidence).toBeUndefined();
      expect(page.items[0]).toMatchObject({ risk: 'Critical', riskScore: 95 });
      expect(page.items[0].nodeIds).toHaveLength(5);
      const withEvidence = await json<Page<any>>(await h.call('/v1/attack-paths?evidence=true&limit=1'));
      expect(withEvidence.items[0].evidence).toEqual({});
      const ids = async (q: string) => (await json<Page<any>>(await h.call(`/v1/attack-paths?${q}`))).items.map((p) => p.id);
      expect(await ids('risk=High')).toEqual([PATH_B, PATH_C]);
      expect(await ids('cloud=aws')).toEqual([PATH_B]);
      expect(await ids('cloud=azure')).toEqual([PATH_A, PATH_C]);
      expect(await ids(`entry=${encodeURIComponent(APP1)}`)).toEqual([PATH_A, PATH_C]);
      expect(await ids(`target=${encodeURIComponent(SUB)}`)).toEqual([PATH_A]);
      expect(await ids(`target=${encodeURIComponent(ROLE1)}`)).toEqual([PATH_B]);
      expect(await ids(`scope=${AWS_SCOPE}`)).toEqual([PATH_B]);
      expect(await ids(`scope=${AZ_SCOPE}`)).toEqual([PATH_A, PATH_C]);
    });

    it('paginates with the (riskScore, id) cursor across ties', async () => {
      for (const limit of [1, 2]) {
        const { ids } = await walk(h, '/v1/attack-paths', limit);
        expect(ids).toEqual([PATH_A, PATH_B, PATH_C]);
      }
    });

    it('returns a path as nodes and edges in path order', async () => {
      const body = await json<any>(await h.call(`/v1/attack-paths/${PATH_A}`));
      expect(body.path.id).toBe(PATH_A);
      expect(body.nodes.map((n: any) => [n.id, n.label])).toEqual([
        ['internet', 'Internet'], [APP1, 'ContainerApp'], [MI1, 'ManagedIdentity'], [RA1, 'RoleAssignment'], [SUB, 'Subscription'],
      ]);
      expect(body.nodes[1]).toMatchObject({ name: 'app1', props: expect.objectContaining({ ingressExternal: true }) });
      expect(body.edges).toEqual([
        { from: 'internet', to: APP1, type: 'REACHES', props: {}, inferred: true },
        { from: APP1, to: MI1, type: 'HAS_IDENTITY', props: { identityKind: 'system' }, inferred: false },
        { from: MI1, to: RA1, type: 'HAS_ROLE_ASSIGNMENT', props: {}, inferred: false },
        { from: RA1, to: SUB, type: 'AT_SCOPE', props: {}, inferred: false },
      ]);
      const missing = await h.call('/v1/attack-paths/p-nope');
      expect(missing.status).toBe(404);
      await problemOf(missing);
    });

    it('ranks choke points by the number of open paths through them', async () => {
      const body = await json<any>(await h.call('/v1/attack-paths/choke-points'));
      expect(body.openPaths).toBe(3);
      const top = body.items.slice(0, 3).map((i: any) => [i.id, i.paths]);
      expect(top).toEqual([[APP1, 2], [MI1, 2], [RA1, 1]]);
      expect(body.items.map((i: any) => i.id)).not.toContain('internet');
      const grants = await json<any>(await h.call('/v1/attack-paths/choke-points?labels=RoleAssignment,IamRole'));
      expect(grants.items.map((i: any) => i.id)).toEqual([RA1, ROLE1]);
    });
  });

  describe('scans', () => {
    it('shows the last ScanRun and the scope statuses', async () => {
      const body = await json<any>(await h.call('/v1/scans'));
      expect(body.last).toMatchObject({ id: 'scan-2', status: 'partial' });
      expect(body.recent.map((s: any) => s.id)).toEqual(['scan-2', 'scan-1']);
      expect(body.scopes).toEqual(expect.arrayContaining([expect.objectContaining({ id: AWS_SCOPE, stale: true, staleReason: 'AccessDenied' })]));
    });

    it('starts a scan (202), refuses a second while it runs (409), allows one after', async () => {
      const first = await h.call('/v1/scans', { method: 'POST', key: h.adminKey });
      expect(first.status).toBe(202);
      const started = (await first.json()) as { id: string };
      expect(scans).toEqual([started.id]);
      const running = await json<any>(await h.call('/v1/scans'));
      expect(running.running.id).toBe(started.id);
      const second = await h.call('/v1/scans', { method: 'POST', key: h.adminKey });
      expect(second.status).toBe(409);
      expect((await problemOf(second)).detail).toContain(started.id);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const third = await h.call('/v1/scans', { method: 'POST', key: h.adminKey });
      expect(third.status).toBe(202);
      expect(scans).toHaveLength(2);
      await new Promise((resolve) => setTimeout(resolve, 400));
      scheduledScan = true; // a scan started by the schedule, not through the API
      const duringScheduled = await h.call('/v1/scans', { method: 'POST', key: h.adminKey });
      expect(duringScheduled.status).toBe(409);
      expect((await problemOf(duringScheduled)).detail).toMatch(/scheduled/);
      scheduledScan = false;
    });
  });

  describe('exemptions', () => {
    const exemptedOf = async (id: string) => (await json<any>(await h.call(`/v1/findings/${id}`))).finding;

    it('exempts one finding at once and lifts it on revoke', async () => {
      const target = findingId('aca-public-ingress', APP1);
      const created = await h.call('/v1/exemptions', { method: 'POST', key: h.adminKey, json: { findingId: target, reason: 'behind a WAF', expiresAt: '2099-01-01T00:00:00Z' } });
      expect(created.status).toBe(201);
      const exemption = (await created.json()) as any;
      expect(exemption).toMatchObject({ findingId: target, reason: 'behind a WAF', active: true, applied: 1, createdBy: 'test admin', expiresAt: '2099-01-01T00:00:00.000Z' });
      expect(await exemptedOf(target)).toMatchObject({ exempted: true, exemptionId: exemption.id });
      const listed = await json<any>(await h.call('/v1/exemptions'));
      expect(listed.items.map((x: any) => x.id)).toContain(exemption.id);
      expect((await json<Page<any>>(await h.call('/v1/findings?exempted=true'))).items.map((f) => f.id)).toEqual([target]);

      const revoked = await h.call(`/v1/exemptions/${exemption.id}`, { method: 'DELETE', key: h.adminKey });
      expect(revoked.status).toBe(200);
      expect(((await revoked.json()) as any).active).toBe(false);
      const after = await exemptedOf(target);
      expect(after.exempted).toBe(false);
      expect(after.exemptionId ?? null).toBeNull();
      const again = await h.call(`/v1/exemptions/${exemption.id}`, { method: 'DELETE', key: h.adminKey });
      expect(again.status).toBe(409);
      await problemOf(again);
    });

    it('exempts a rule in a scope and a rule on a resource; revoking one keeps the other', async () => {
      const inScope = await h.call('/v1/exemptions', { method: 'POST', key: h.adminKey, json: { ruleId: 'ecs-writable-root-filesystem', scope: `aws:${ACCOUNT}:us-west-2`, reason: 'batch jobs' } });
      expect(inScope.status).toBe(201);
      const scoped = (await inScope.json()) as any;
      expect(scoped.applied).toBe(20);
      const bulk = `arn:aws:ecs:us-west-2:${ACCOUNT}:task-definition/bulk03:1`;
      const onResource = await h.call('/v1/exemptions', { method: 'POST', key: h.adminKey, json: { ruleId: 'ecs-writable-root-filesystem', resourceId: bulk, reason: 'legacy' } });
      const single = (await onResource.json()) as any;
      expect(single.applied).toBe(1);
      // Covered twice: the lowest id wins, as in the evaluator.
      const lowest = [scoped.id, single.id].sort()[0];
      expect(await exemptedOf(findingId('ecs-writable-root-filesystem', bulk))).toMatchObject({ exempted: true, exemptionId: lowest });
      await h.call(`/v1/exemptions/${single.id}`, { method: 'DELETE', key: h.adminKey });
      // Still covered by the scope exemption.
      expect(await exemptedOf(findingId('ecs-writable-root-filesystem', bulk))).toMatchObject({ exempted: true, exemptionId: scoped.id });
      await h.call(`/v1/exemptions/${scoped.id}`, { method: 'DELETE', key: h.adminKey });
      expect((await json<Page<any>>(await h.call('/v1/findings?exempted=true'))).items).toHaveLength(0);
      const active = await json<any>(await h.call('/v1/exemptions?active=true'));
      expect(active.items).toHaveLength(0);
    });

    it('refuses bad exemptions with 400/404 problems', async () => {
      const post = (body: unknown) => h.call('/v1/exemptions', { method: 'POST', key: h.adminKey, json: body });
      for (const body of [
        { findingId: findingId('aca-public-ingress', APP1) },
        { findingId: findingId('aca-public-ingress', APP1), reason: '' },
        { ruleId: 'aca-public-ingress', reason: 'no target' },
        { findingId: findingId('aca-public-ingress', APP1), ruleId: 'aca-public-ingress', resourceId: APP1, reason: 'both' },
        { findingId: findingId('aca-public-ingress', APP1), reason: 'past', expiresAt: '2001-01-01T00:00:00Z' },
        { findingId: findingId('aca-public-ingress', APP1), reason: 'bad time', expiresAt: 'tomorrow' },
        { findingId: findingId('aca-public-ingress', APP1), reason: 'extra', extra: 1 },
      ]) {
        const response = await post(body);
        expect(response.status).toBe(400);
        await problemOf(response);
      }
      const both = await post({ findingId: findingId('aca-public-ingress', APP1), ruleId: 'aca-public-ingress', reason: 'x' });
      expect((await problemOf(both)).detail).toBe('Give exactly one target: { findingId }, { ruleId, resourceId } or { ruleId, scope }; got findingId, ruleId.');
      expect((await post({ findingId: 'f-nope', reason: 'x' })).status).toBe(404);
      expect((await post({ ruleId: 'nope', scope: AZ_SCOPE, reason: 'x' })).status).toBe(404);
    });

    it('exempts by ARM scope prefix and paths by kind, like the evaluator', async () => {
      const post = (body: unknown) => h.call('/v1/exemptions', { method: 'POST', key: h.adminKey, json: body });
      const rg = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/RG1';
      const byRg = (await (await post({ ruleId: 'aca-public-ingress', scope: rg, reason: 'rg-wide' })).json()) as any;
      expect(byRg.applied).toBe(1); // the app's finding: its id lies under the resource group (case-insensitive)
      const byKind = (await (await post({ ruleId: 'internet-to-privileged-identity', resourceId: APP1.toUpperCase(), reason: 'entry accepted' })).json()) as any;
      expect(byKind.applied).toBe(2); // paths A and C enter through the app
      const exemptedPaths = (await json<Page<any>>(await h.call('/v1/attack-paths?exempted=true'))).items.map((p) => p.id);
      expect(exemptedPaths).toEqual([PATH_A, PATH_C]);
      for (const id of [byRg.id, byKind.id]) expect((await h.call(`/v1/exemptions/${id}`, { method: 'DELETE', key: h.adminKey })).status).toBe(200);
      expect((await json<Page<any>>(await h.call('/v1/attack-paths?exempted=true'))).items).toHaveLength(0);
      expect((await json<Page<any>>(await h.call('/v1/findings?exempted=true'))).items).toHaveLength(0);
    });

    it('revoking lifts an exemption a target names without an EXEMPTS link (applied by a scan, then re-pointed)', async () => {
      const target = findingId('aca-public-ingress', APP1);
      await h.cypher(
        `CREATE (:Exemption {id: 'ex-unlinked', findingId: $target, reason: 'set by a scan', createdAt: '2020-01-01T00:00:00Z'})
         WITH 1 AS one MATCH (f:Finding {id: $target}) SET f.exempted = true, f.exemptionId = 'ex-unlinked'`,
        { target },
      );
      expect(await exemptedOf(target)).toMatchObject({ exempted: true, exemptionId: 'ex-unlinked' });
      expect((await h.call('/v1/exemptions/ex-unlinked', { method: 'DELETE', key: h.adminKey })).status).toBe(200);
      const after = await exemptedOf(target);
      expect(after.exempted).toBe(false);
      expect(after.exemptionId ?? null).toBeNull();
    });

    it('exempts an attack path by id', async () => {
      const created = await h.call('/v1/exemptions', { method: 'POST', key: h.adminKey, json: { findingId: PATH_B, reason: 'compensating control' } });
      expect(created.status).toBe(201);
      const ids = (await json<Page<any>>(await h.call('/v1/attack-paths?exempted=true'))).items.map((p) => p.id);
      expect(ids).toEqual([PATH_B]);
      const choke = await json<any>(await h.call('/v1/attack-paths/choke-points'));
      expect(choke.openPaths).toBe(2);
    });
  });
});
