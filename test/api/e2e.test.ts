/**
 * End to end over real HTTP: the sample estate ingested and evaluated by the real pipeline
 * (services/ingest, services/evaluate) into the embedded graph server, then read through the API.
 * A second scan with one app's ingress made internal resolves its finding and paths; the delta API
 * and the webhooks report it.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { evaluate, type EvaluationResult } from '../../services/evaluate/evaluate.js';
import { ingestSnapshotFiles } from '../../services/ingest/ingest.js';
import { readSnapshot, type SnapshotFiles } from '../../services/ingest/snapshot/files.js';
import { SAMPLE_ESTATE_DIR } from '../../services/scan/run-scan.js';
import { startHarness, type Harness } from './harness.js';

const MARKETING = '/subscriptions/3e5a7c9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d/resourcegroups/rg-web/providers/microsoft.app/containerapps/ca-marketing-site';

function withMarketingInternal(files: SnapshotFiles): SnapshotFiles {
  const copy: SnapshotFiles = new Map();
  for (const [path, body] of files) copy.set(path, structuredClone(body));
  for (const [path, body] of copy) {
    if (!path.endsWith('/resources.json')) continue;
    for (const row of body as { name: string; properties: { configuration: { ingress: { external: boolean } } } }[]) {
      if (row.name === 'ca-marketing-site') row.properties.configuration.ingress.external = false;
    }
  }
  return copy;
}

describe('end to end: sample estate through ingest, evaluation and the API', () => {
  let h: Harness;
  const scans: EvaluationResult[] = [];
  const scan = async (files: SnapshotFiles, minute: number) => {
    const load = await ingestSnapshotFiles(h.driver, files, { source: 'test' });
    const result = await evaluate(h.driver, { scanId: load.scanId, now: new Date(Date.UTC(2026, 10, 21, 10, minute)) });
    scans.push(result);
    return result;
  };

  beforeAll(async () => {
    h = await startHarness();
    const sample = (await readSnapshot(SAMPLE_ESTATE_DIR)).files;
    await scan(sample, 0);
  });
  afterAll(async () => h?.close());

  const get = async (path: string) => {
    const response = await h.call(path);
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as any;
  };

  it('lists the evaluated attack paths riskiest first and draws each one from the graph', async () => {
    const { items } = await get('/v1/attack-paths?limit=500');
    expect(items.length).toBe(scans[0]!.attackPaths.length);
    const scores = items.map((p: any) => p.riskScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const path of items) {
      const drawn = await get(`/v1/attack-paths/${path.id}`);
      expect(drawn.nodes.map((n: any) => n.id)).toEqual(path.nodeIds);
      expect(drawn.nodes.map((n: any) => n.label)).toEqual(path.nodeLabels);
      expect(drawn.edges).toHaveLength(path.nodeIds.length - 1);
      // Internet paths are drawn entirely from stored relationships; a modification path's first step
      // (a permission over the next workload) has none and is marked inferred.
      const inferred = drawn.edges.map((e: any) => e.inferred);
      if (String(path.kind).startsWith('internet-')) expect(inferred.every((x: boolean) => !x)).toBe(true);
      else expect(inferred.slice(1).every((x: boolean) => !x)).toBe(true);
    }
    const storefront = items.find((p: any) => p.nodeLabels.includes('LoadBalancer'));
    expect(storefront.nodeLabels).toEqual(['Internet', 'LoadBalancer', 'Listener', 'TargetGroup', 'EcsService', 'IamRole', 'AwsAccount']);
  });

  it('ranks choke points and finds exposed resources from real evaluator output', async () => {
    const choke = await get('/v1/attack-paths/choke-points?limit=3');
    expect(choke.openPaths).toBe(scans[0]!.attackPaths.length);
    expect(choke.items[0].paths).toBeGreaterThanOrEqual(choke.items[1].paths);
    const exposed = (await get('/v1/resources?exposed=true&limit=500')).items.map((r: any) => r.id);
    expect(exposed).toContain(MARKETING);
    const marketing = await get(`/v1/resources/${encodeURIComponent(MARKETING)}`);
    expect(marketing.resource).toMatchObject({ type: 'ContainerApp', platform: 'ACA' });
    expect(marketing.findings.map((f: any) => f.ruleId)).toContain('aca-public-ingress');
    const recommendations = await get('/v1/recommendations');
    const open = recommendations.items.reduce((sum: number, r: any) => sum + r.affected.open, 0);
    expect(open).toBe(scans[0]!.findings.length);
  });

  it('reports the second scan\'s delta, delivers it to a webhook, and keeps API exemptions through the rescan', async () => {
    const received: { type: string; data: any; valid: boolean }[] = [];
    let secret = '';
    const receiver: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const expected = 'sha256=' + createHmac('sha256', secret).update(`${String(req.headers['x-webhook-timestamp'])}.${raw}`).digest('hex');
        const body = JSON.parse(raw);
        received.push({ type: body.type, data: body.data, valid: req.headers['x-webhook-signature'] === expected });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const hook = await h.call('/v1/webhooks', {
        method: 'POST', key: h.adminKey,
        json: { url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/`, events: ['finding.resolved', 'path.resolved'] },
      });
      secret = ((await hook.json()) as { secret: string }).secret;

      // An exemption made through the API before the rescan: the evaluator must keep it applied.
      const exemption = await h.call('/v1/exemptions', { method: 'POST', key: h.adminKey, json: { ruleId: 'ecs-task-role-privileged', scope: 'aws:111122223333', reason: 'reviewed' } });
      expect(exemption.status).toBe(201);
      const { id: exemptionId, applied } = (await exemption.json()) as { id: string; applied: number };
      expect(applied).toBeGreaterThan(0);

      const sample = (await readSnapshot(SAMPLE_ESTATE_DIR)).files;
      const second = await scan(withMarketingInternal(sample), 10);
      const resolvedFinding = second.events.find((e) => e.change === 'resolved' && e.subjectKind === 'finding');
      expect(resolvedFinding).toBeDefined();

      const delta = await get(`/v1/findings/changes?since=${scans[0]!.scanId}`);
      expect(delta.scans).toEqual([second.scanId]);
      expect(delta.resolved.map((f: any) => [f.ruleId, f.resourceId])).toContainEqual(['aca-public-ingress', MARKETING]);
      expect(delta.new).toEqual([]);
      expect((await get('/v1/scans')).last.id).toBe(second.scanId);

      const records = await h.app.dispatchEvents(second.events);
      expect(records.every((r) => r.state === 'delivered')).toBe(true);
      expect(received.length).toBe(second.events.filter((e) => e.change === 'resolved').length);
      expect(received.every((r) => r.valid)).toBe(true);
      expect(received.map((r) => [r.type, r.data.resourceId])).toContainEqual(['finding.resolved', MARKETING]);

      const exempted = await get('/v1/findings?ruleId=ecs-task-role-privileged&limit=500');
      expect(exempted.items.length).toBe(applied);
      for (const finding of exempted.items) expect(finding).toMatchObject({ exempted: true, exemptionId });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
