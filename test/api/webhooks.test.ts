/**
 * Webhooks: subscriptions (secret shown once), signed deliveries verified by a local receiver,
 * retries with the same Idempotency-Key on 5xx/429/network errors, no retry on other 4xx, the
 * delivery log, and the documented verification recipe.
 */
import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startHarness, problemOf, type Harness } from './harness.js';
import { seed, findingId, TD1, ACI1, PATH_A } from './fixture.js';
import type { FindingEventInput } from '../../services/api/webhooks/service.js';

interface Received {
  headers: Record<string, string>;
  body: string;
  signatureValid: boolean;
}

/** A receiver that checks signatures like docs/webhooks.md tells integrators to. */
class Receiver {
  server: Server;
  received: Received[] = [];
  /** Status codes to answer in turn; 200 once exhausted. */
  script: number[] = [];
  secret = '';
  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const timestamp = String(req.headers['x-webhook-timestamp']);
        const expected = 'sha256=' + createHmac('sha256', this.secret).update(`${timestamp}.${body}`).digest('hex');
        const given = String(req.headers['x-webhook-signature'] ?? '');
        const signatureValid =
          given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected)) &&
          Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
        this.received.push({ headers: req.headers as Record<string, string>, body, signatureValid });
        res.writeHead(this.script.shift() ?? 200).end();
      });
    });
  }
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}/hook`;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const EVENT_NEW: FindingEventInput = {
  id: 'ev-6', subjectId: findingId('ecs-writable-root-filesystem', TD1), subjectKind: 'finding', change: 'new', scanId: 'scan-2', at: '2026-11-02T00:05:00.000Z',
};
const EVENT_RESOLVED: FindingEventInput = {
  id: 'ev-4', subjectId: findingId('aci-public-ip', ACI1), subjectKind: 'finding', change: 'resolved', scanId: 'scan-2', at: '2026-11-02T00:05:00.000Z',
};
const EVENT_PATH: FindingEventInput = { id: 'ev-7', subjectId: PATH_A, subjectKind: 'path', change: 'new', scanId: 'scan-2', at: '2026-11-02T00:06:00.000Z' };

describe('webhooks', () => {
  let h: Harness;
  let receiver: Receiver;
  let url: string;
  const admin = () => h.adminKey;

  beforeAll(async () => {
    h = await startHarness({ webhooks: { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 4, requestTimeoutMs: 2_000 } });
    await seed(h);
    receiver = new Receiver();
    url = await receiver.start();
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.received = [];
    receiver.script = [];
  });

  async function subscribe(events: string[], secret?: string, target = url) {
    const response = await h.call('/v1/webhooks', { method: 'POST', key: admin(), json: { url: target, events, ...(secret ? { secret } : {}) } });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; secret: string; url: string; events: string[] };
  }
  async function unsubscribe(id: string) {
    expect((await h.call(`/v1/webhooks/${id}`, { method: 'DELETE', key: admin() })).status).toBe(204);
  }

  it('generates a secret once, never shows it again, keeps it in a 0600 file', async () => {
    const hook = await subscribe(['finding.new']);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = (await (await h.call('/v1/webhooks', { key: admin() })).json()) as any;
    expect(listed.items).toEqual([{ id: hook.id, url, events: ['finding.new'], createdAt: expect.any(String), createdBy: 'test admin' }]);
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
    expect((await stat(join(h.dataDir, 'webhooks.json'))).mode & 0o777).toBe(0o600);
    const explorer = (await (await h.call('/v1/explorer/query', { method: 'POST', json: { query: 'MATCH (n) RETURN n' } })).json()) as any;
    expect(JSON.stringify(explorer)).not.toContain(hook.secret); // not in the graph, so not readable through Cypher
    await unsubscribe(hook.id);
    expect((await h.call(`/v1/webhooks/${hook.id}`, { method: 'DELETE', key: admin() })).status).toBe(404);
  });

  it('validates subscriptions', async () => {
    for (const body of [
      { url: 'ftp://example.com/x', events: ['finding.new'] },
      { url: 'not a url', events: ['finding.new'] },
      { url: 'https://user:pw@example.com/x', events: ['finding.new'] },
      { url: 'https://example.com/x', events: [] },
      { url: 'https://example.com/x', events: ['finding.deleted'] },
      { url: 'https://example.com/x', events: ['finding.new'], secret: 'short' },
    ]) {
      const response = await h.call('/v1/webhooks', { method: 'POST', key: admin(), json: body });
      expect(response.status).toBe(400);
      await problemOf(response);
    }
  });

  it('delivers signed payloads for subscribed events only', async () => {
    const hook = await subscribe(['finding.new', 'path.new'], 'a-caller-chosen-secret-0123456789');
    receiver.secret = hook.secret;
    const records = await h.app.dispatchEvents([EVENT_NEW, EVENT_RESOLVED, EVENT_PATH]);
    expect(records.map((r) => [r.type, r.state])).toEqual([['finding.new', 'delivered'], ['path.new', 'delivered']]);
    expect(receiver.received).toHaveLength(2);
    for (const delivery of receiver.received) {
      expect(delivery.signatureValid).toBe(true);
      expect(delivery.headers['x-webhook-id']).toBe(hook.id);
      expect(delivery.headers['content-type']).toBe('application/json');
      const payload = JSON.parse(delivery.body);
      expect(delivery.headers['idempotency-key']).toBe(payload.id);
    }
    const finding = JSON.parse(receiver.received.find((r) => r.body.includes('finding.new'))!.body);
    expect(finding).toMatchObject({ type: 'finding.new', occurredAt: EVENT_NEW.at, data: { id: EVENT_NEW.subjectId, resourceId: TD1, status: 'new', evidence: { ingressExternal: true } } });
    const path = JSON.parse(receiver.received.find((r) => r.body.includes('path.new'))!.body);
    expect(path.data).toMatchObject({ id: PATH_A, risk: 'Critical' });
    await unsubscribe(hook.id);
  });

  it('retries 5xx and 429 with backoff, carrying the same Idempotency-Key, and logs every attempt', async () => {
    const hook = await subscribe(['finding.resolved']);
    receiver.secret = hook.secret;
    receiver.script = [500, 429, 503];
    const [record] = await h.app.dispatchEvents([EVENT_RESOLVED]);
    expect(record!.state).toBe('delivered');
    expect(record!.attempts.map((a) => a.status)).toEqual([500, 429, 503, 200]);
    expect(receiver.received).toHaveLength(4);
    const keys = new Set(receiver.received.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);

    // A re-send of the same event carries the same key.
    await h.app.dispatchEvents([EVENT_RESOLVED]);
    expect(receiver.received[4]!.headers['idempotency-key']).toBe([...keys][0]);

    const log = (await (await h.call(`/v1/webhooks/${hook.id}/deliveries`, { key: admin() })).json()) as any;
    expect(log.items).toHaveLength(1); // one delivery (same id), its latest state
    expect(log.items[0]).toMatchObject({ id: [...keys][0], webhookId: hook.id, eventId: 'ev-4', type: 'finding.resolved', state: 'delivered' });
    const persisted = await readFile(join(h.dataDir, 'webhook-deliveries.jsonl'), 'utf8');
    expect(persisted).toContain([...keys][0]!);
    await unsubscribe(hook.id);
  });

  it('gives up after maxAttempts, and does not retry other 4xx', async () => {
    const hook = await subscribe(['finding.new']);
    receiver.secret = hook.secret;
    receiver.script = [500, 500, 500, 500, 500];
    const [exhausted] = await h.app.dispatchEvents([EVENT_NEW]);
    expect(exhausted!.state).toBe('failed');
    expect(exhausted!.attempts).toHaveLength(4);
    receiver.received = [];
    receiver.script = [410];
    const [gone] = await h.app.dispatchEvents([{ ...EVENT_NEW, id: 'ev-other' }]);
    expect(gone!.state).toBe('failed');
    expect(gone!.attempts.map((a) => a.status)).toEqual([410]);
    expect(receiver.received).toHaveLength(1);
    await unsubscribe(hook.id);
  });

  it('retries network errors', async () => {
    const closed = new Receiver();
    const deadUrl = await closed.start();
    await closed.close();
    const hook = await subscribe(['finding.new'], undefined, deadUrl);
    const [record] = await h.app.dispatchEvents([EVENT_NEW]);
    expect(record!.state).toBe('failed');
    expect(record!.attempts).toHaveLength(4);
    expect(record!.attempts.every((a) => a.status === null && a.error)).toBe(true);
    const metrics = await (await h.call('/metrics')).text();
    expect(metrics).toMatch(/sap_api_webhook_deliveries_total\{outcome="delivered"\} [1-9]/);
    expect(metrics).toMatch(/sap_api_webhook_deliveries_total\{outcome="retryable_failure"\} [1-9]/);
    await unsubscribe(hook.id);
  });
});
