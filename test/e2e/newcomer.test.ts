/**
 * The README's first steps as a test, through real processes and real HTTP: `node --import tsx services/main.ts`
 * with a temporary data directory, free ports, no NEO4J_URI and no cloud credentials, scanning a temporary copy of
 * the sample estate (SAP_SNAPSHOT). The newcomer reads the admin key from the data directory, lists and opens
 * attack paths, queries the explorer, makes a reader key, exempts a path, subscribes a local receiver to
 * resolutions, changes the estate (ca-checkout's ingress becomes internal), rescans through the API and receives
 * a signed `finding.resolved`. SIGTERM stops the process with exit code 0; a restart on the same data directory
 * keeps the keys, the webhook and its delivery log, and the exemption stored in the graph.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLE = join(ROOT, 'samples/estate');
const AZURE_RESOURCES = 'azure/6f1d3c2a-8b4e-4c1a-9e2f-0a1b2c3d4e5f/resources.json';
/** Startup includes the first scan of the sample estate; a loaded 2-core machine needs headroom. */
const START_TIMEOUT_MS = 90_000;

interface Running {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The environment of a newcomer's shell: no store URI, no cloud credentials, nothing of ours preset. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(AWS_|AZURE_|NEO4J_|SAP_)/.test(name) || name === 'NODE_OPTIONS') continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/** Starts main and resolves once it has printed where to go (after the first scan and the admin key). */
async function startMain(dataDir: string, snapshot: string): Promise<Running> {
  const [apiPort, graphPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/main.ts'], {
    cwd: ROOT,
    env: cleanEnv({
      SAP_DATA_DIR: dataDir,
      SAP_API_PORT: String(apiPort),
      SAP_GRAPH_PORT: String(graphPort),
      SAP_SNAPSHOT: snapshot,
      SAP_SCAN_INTERVAL_MINUTES: '0',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no API and key lines within ${START_TIMEOUT_MS} ms:\n${output.slice(-4000)}`)), START_TIMEOUT_MS);
    const check = () => {
      // The API line, then the admin key line, then the `try: curl` line: wait for the last one.
      if (/API: http:\/\/127\.0\.0\.1:\d+\/v1/.test(output) && output.includes('try: curl')) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`main exited with ${String(code)} before serving:\n${output.slice(-4000)}`));
    });
  });
  return { child, base: `http://127.0.0.1:${apiPort}`, output: () => output, exited };
}

async function stopMain(running: Running | null): Promise<number | null> {
  if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return running?.child.exitCode ?? null;
  running.child.kill('SIGTERM');
  return running.exited;
}

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the newcomer journey (README first steps, real processes)', () => {
  let work: string;
  let dataDir: string;
  let snapshot: string;
  let main: Running | null = null;
  let adminKey: string;
  let readerKey: string;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  let webhook: { id: string; secret: string };
  let exemptionId: string;
  let firstScanId: string;

  const call = (path: string, init: { method?: string; key?: string | null; json?: unknown } = {}) => {
    const headers: Record<string, string> = {};
    const key = init.key === undefined ? adminKey : init.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    return fetch(main!.base + path, { method: init.method ?? 'GET', headers, body: init.json !== undefined ? JSON.stringify(init.json) : undefined });
  };
  const json = async <T>(response: Response, status: number): Promise<T> => {
    const text = await response.text();
    if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sap-newcomer-'));
    dataDir = join(work, 'data');
    snapshot = join(work, 'estate');
    await cp(SAMPLE, snapshot, { recursive: true });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    main = await startMain(dataDir, snapshot);
  }, START_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await stopMain(main);
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('prints where to go and stores the admin key in the data directory', async () => {
    expect(main!.output()).toContain('admin API key (created now)');
    adminKey = (await readFile(join(dataDir, 'admin-api-key'), 'utf8')).trim();
    expect(adminKey).toMatch(/^sap_[0-9a-f]{12}_/);
    expect((await call('/v1/attack-paths', { key: null })).status).toBe(401);
  });

  it('lists the sample estate attack paths by risk and opens one as nodes and edges', async () => {
    const list = await json<{ items: { id: string; riskScore: number; risk: string }[] }>(await call('/v1/attack-paths?limit=100'), 200);
    expect(list.items.length).toBeGreaterThan(0);
    const scores = list.items.map((p) => p.riskScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const top = list.items[0]!;
    const one = await json<{ path: { id: string }; nodes: { id: string }[]; edges: { from: string; to: string }[] }>(
      await call(`/v1/attack-paths/${encodeURIComponent(top.id)}`),
      200,
    );
    expect(one.path.id).toBe(top.id);
    expect(one.nodes.length).toBeGreaterThanOrEqual(2);
    expect(one.edges).toHaveLength(one.nodes.length - 1);
    expect(one.edges[0]!.from).toBe(one.nodes[0]!.id);
    const scans = await json<{ last: { id: string } }>(await call('/v1/scans'), 200);
    firstScanId = scans.last.id;
  });

  it('runs read queries in the explorer and refuses writes', async () => {
    const read = await json<{ rows: { name: string }[]; rowCount: number }>(
      await call('/v1/explorer/query', { method: 'POST', json: { query: 'MATCH (a:ContainerApp) RETURN a.name AS name ORDER BY name' } }),
      200,
    );
    expect(read.rowCount).toBeGreaterThan(0);
    expect(read.rows.map((r) => r.name)).toContain('ca-checkout');
    const write = await call('/v1/explorer/query', { method: 'POST', json: { query: "CREATE (n:Note {text: 'x'}) RETURN n" } });
    expect(write.status).toBe(400);
    expect(write.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await write.json()) as { type: string }).type).toBe('/problems/query-refused');
  });

  it('makes a reader key; exemptions are for admins only', async () => {
    const created = await json<{ key: string; role: string }>(await call('/v1/api-keys', { method: 'POST', json: { name: 'newcomer reader', role: 'reader' } }), 201);
    expect(created.role).toBe('reader');
    readerKey = created.key;
    const paths = await json<{ items: { id: string }[] }>(await call('/v1/attack-paths', { key: readerKey }), 200);
    const target = paths.items[paths.items.length - 1]!.id;
    const body = { findingId: target, reason: 'accepted during the first-steps walkthrough' };
    const asReader = await call('/v1/exemptions', { method: 'POST', key: readerKey, json: body });
    expect(asReader.status).toBe(403);
    expect(asReader.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const asAdmin = await json<{ id: string; applied: number }>(await call('/v1/exemptions', { method: 'POST', json: body }), 201);
    expect(asAdmin.applied).toBeGreaterThanOrEqual(1);
    exemptionId = asAdmin.id;
  });

  it('a change in the estate, rescanned through the API, reaches a webhook as a signed finding.resolved', async () => {
    webhook = await json<{ id: string; secret: string }>(
      await call('/v1/webhooks', { method: 'POST', json: { url: receiverUrl, events: ['finding.resolved', 'path.resolved'] } }),
      201,
    );
    // ca-checkout's ingress becomes internal: its aca-public-ingress finding is resolved by the next scan.
    const file = join(snapshot, AZURE_RESOURCES);
    const resources = JSON.parse(await readFile(file, 'utf8')) as { name: string; properties: { configuration: { ingress: { external: boolean } } } }[];
    const checkout = resources.find((r) => r.name === 'ca-checkout')!;
    checkout.properties.configuration.ingress.external = false;
    await writeFile(file, JSON.stringify(resources, null, 2));

    const started = await json<{ id: string; status: string }>(await call('/v1/scans', { method: 'POST' }), 202);
    expect(started.status).toBe('running');
    expect((await call('/v1/scans', { method: 'POST', key: readerKey })).status).toBe(403);
    const resolved = await until('a finding.resolved delivery for ca-checkout', async () =>
      received.find((r) => {
        const event = JSON.parse(r.raw) as { type: string; data: { resourceId?: string } };
        return event.type === 'finding.resolved' && /\/containerapps\/ca-checkout$/i.test(event.data.resourceId ?? '');
      }),
    );
    const timestamp = String(resolved.headers['x-webhook-timestamp']);
    const expected = 'sha256=' + createHmac('sha256', webhook.secret).update(`${timestamp}.${resolved.raw}`).digest('hex');
    const given = String(resolved.headers['x-webhook-signature']);
    expect(given.length).toBe(expected.length);
    expect(timingSafeEqual(Buffer.from(given), Buffer.from(expected))).toBe(true);
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
    expect(resolved.headers['x-webhook-id']).toBe(webhook.id);
    const event = JSON.parse(resolved.raw) as { id: string; data: { status: string; ruleId: string } };
    expect(resolved.headers['idempotency-key']).toBe(event.id);
    expect(event.data).toMatchObject({ status: 'resolved', ruleId: 'aca-public-ingress' });
    // Only the subscribed types arrive.
    for (const r of received) expect(['finding.resolved', 'path.resolved']).toContain((JSON.parse(r.raw) as { type: string }).type);

    const scans = await until('the rescan to finish', async () => {
      const body = await json<{ running: unknown; last: { id: string; status?: string } }>(await call('/v1/scans'), 200);
      return body.running === null && body.last.id !== firstScanId ? body : null;
    });
    expect(scans.last.id).not.toBe(firstScanId);
  });

  it('stops on SIGTERM with exit code 0 and keeps keys, webhook, deliveries and exemptions across a restart', async () => {
    expect(await stopMain(main)).toBe(0);
    main = await startMain(dataDir, snapshot);
    expect(main.output()).toContain('admin API key (from an earlier start)');
    expect((await readFile(join(dataDir, 'admin-api-key'), 'utf8')).trim()).toBe(adminKey);
    expect((await call('/v1/findings?limit=1', { key: readerKey })).status).toBe(200);
    const exemptions = await json<{ items: { id: string; active: boolean }[] }>(await call('/v1/exemptions', { key: readerKey }), 200);
    expect(exemptions.items).toContainEqual(expect.objectContaining({ id: exemptionId, active: true }));
    const hooks = await json<{ items: { id: string }[] }>(await call('/v1/webhooks'), 200);
    expect(hooks.items.map((h) => h.id)).toEqual([webhook.id]);
    const deliveries = await json<{ items: { state: string; type: string }[] }>(await call(`/v1/webhooks/${webhook.id}/deliveries`), 200);
    expect(deliveries.items).toContainEqual(expect.objectContaining({ type: 'finding.resolved', state: 'delivered' }));
    expect(await stopMain(main)).toBe(0);
    main = null;
  }, START_TIMEOUT_MS + 60_000);
});
