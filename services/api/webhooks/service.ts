/**
 * Webhook delivery. `dispatchEvents(events)` — called by the evaluator after each scan with the
 * FindingEvents it wrote — posts one JSON payload per (subscribed webhook, event):
 *
 *   { id: <delivery id>, type: 'finding.new' | ..., occurredAt, data: <finding or path> }
 *
 * signed with HMAC-SHA256 over "<timestamp>.<raw body>" (X-Webhook-Signature: sha256=<hex>).
 * The delivery id is derived from (webhook id, event id), so a retry or a re-send of the same
 * event carries the same Idempotency-Key. Network errors, 5xx and 429 are retried with exponential
 * backoff and full jitter, up to maxAttempts; other statuses fail at once.
 */
import { createHash, createHmac } from 'node:crypto';
import type { WebhookDeliveryConfig } from '../config.js';
import type { GraphAccess } from '../graph.js';
import { propsOf } from '../graph.js';
import type { ApiMetrics } from '../plugins/metrics.js';
import { withParsedEvidence } from '../schemas.js';
import { WebhookStore, type DeliveryAttempt, type DeliveryRecord, type Webhook, type WebhookEventType } from './store.js';

/** A FindingEvent as in docs/findings-model.md; `data` may carry the subject to skip the lookup. */
export interface FindingEventInput {
  id: string;
  subjectId: string;
  subjectKind: 'finding' | 'path';
  change: 'new' | 'resolved' | 'reopened';
  scanId?: string;
  at: string;
  data?: Record<string, unknown>;
}

export function signatureOf(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export function deliveryIdOf(webhookId: string, eventId: string): string {
  return 'dl-' + createHash('sha256').update(`${webhookId}|${eventId}`).digest('hex').slice(0, 32);
}

function retryable(status: number | null): boolean {
  return status === null || status === 429 || status >= 500;
}

/** Runs jobs with at most `width` in flight (a scan can produce thousands of events); results in job order. */
async function runPooled<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, jobs.length)) }, worker));
  return results;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class WebhookService {
  constructor(
    readonly store: WebhookStore,
    private readonly graph: GraphAccess,
    private readonly config: WebhookDeliveryConfig,
    private readonly metrics: ApiMetrics,
  ) {}

  /** Delay before retry n (1-based): full jitter over base * 2^(n-1), capped. */
  backoff(retry: number): number {
    const ceiling = Math.min(this.config.maxDelayMs, this.config.baseDelayMs * 2 ** (retry - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  async dispatchEvents(events: readonly FindingEventInput[]): Promise<DeliveryRecord[]> {
    const webhooks = await this.store.list();
    if (webhooks.length === 0 || events.length === 0) return [];
    const missing = events.filter((e) => !e.data).map((e) => e.subjectId);
    const subjects = new Map<string, Record<string, unknown>>();
    if (missing.length) {
      const rows = await this.graph.read(
        // One labelled lookup per kind (an id index each); `(n:Finding OR n:AttackPath)` read every node.
        'MATCH (n:Finding) WHERE n.id IN $ids RETURN n UNION ALL MATCH (n:AttackPath) WHERE n.id IN $ids RETURN n',
        { ids: [...new Set(missing)] },
      );
      for (const row of rows) {
        const props = withParsedEvidence(propsOf(row.n));
        subjects.set(String(props.id), props);
      }
    }
    const jobs: (() => Promise<DeliveryRecord>)[] = [];
    for (const event of events) {
      const type = `${event.subjectKind}.${event.change}` as WebhookEventType;
      const data = event.data ?? subjects.get(event.subjectId) ?? { id: event.subjectId };
      for (const webhook of webhooks) {
        if (webhook.events.includes(type)) jobs.push(() => this.deliver(webhook, event, type, data));
      }
    }
    return runPooled(jobs, this.config.concurrency);
  }

  async deliver(webhook: Webhook, event: FindingEventInput, type: WebhookEventType, data: Record<string, unknown>): Promise<DeliveryRecord> {
    const id = deliveryIdOf(webhook.id, event.id);
    const body = JSON.stringify({ id, type, occurredAt: event.at, data });
    const now = new Date().toISOString();
    const record: DeliveryRecord = { id, webhookId: webhook.id, eventId: event.id, type, state: 'pending', attempts: [], createdAt: now, updatedAt: now };
    for (let attempt = 1; attempt <= this.config.maxAttempts; attempt++) {
      if (attempt > 1) await sleep(this.backoff(attempt - 1));
      const result = await this.attempt(webhook, id, body);
      record.attempts.push(result);
      record.updatedAt = result.at;
      const ok = result.status !== null && result.status >= 200 && result.status < 300;
      this.metrics.webhookDeliveries.inc({ outcome: ok ? 'delivered' : retryable(result.status) ? 'retryable_failure' : 'failure' });
      if (ok) {
        record.state = 'delivered';
        break;
      }
      if (!retryable(result.status) || attempt === this.config.maxAttempts) {
        record.state = 'failed';
        break;
      }
      await this.store.recordDelivery(record); // progress survives a restart mid-backoff
    }
    await this.store.recordDelivery(record);
    return record;
  }

  private async attempt(webhook: Webhook, deliveryId: string, body: string): Promise<DeliveryAttempt> {
    // A fresh timestamp per attempt: receivers reject stale timestamps, and the key stays the same.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const started = performance.now();
    const at = new Date().toISOString();
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'serverless-attack-paths-webhooks/1',
          'x-webhook-id': webhook.id,
          'x-webhook-timestamp': timestamp,
          'x-webhook-signature': signatureOf(webhook.secret, timestamp, body),
          'idempotency-key': deliveryId,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.requestTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return { at, status: response.status, error: null, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { at, status: null, error: cause ?? (error as Error).name ?? 'network error', durationMs: Math.round(performance.now() - started) };
    }
  }
}
