/**
 * Webhook subscriptions and their delivery log, kept in the API's data dir rather than the graph:
 * the HMAC secret must be readable to sign, and anything in the graph is readable through the
 * explorer. `webhooks.json` (mode 0600) holds the subscriptions; `webhook-deliveries.jsonl` is an
 * append-only log where the last line for a delivery id is its current state.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const WEBHOOK_EVENTS = ['finding.new', 'finding.resolved', 'finding.reopened', 'path.new', 'path.resolved', 'path.reopened'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: string;
  url: string;
  secret: string;
  events: WebhookEventType[];
  createdAt: string;
  createdBy: string;
}

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryRecord {
  id: string;
  webhookId: string;
  eventId: string;
  type: WebhookEventType;
  state: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  createdAt: string;
  updatedAt: string;
}

/** Serialises file writes so concurrent requests never interleave a read-modify-write. */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export class WebhookStore {
  private readonly serial = new Serial();
  private readonly file: string;
  private readonly logFile: string;

  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, 'webhooks.json');
    this.logFile = join(dataDir, 'webhook-deliveries.jsonl');
  }

  async list(): Promise<Webhook[]> {
    try {
      return (JSON.parse(await readFile(this.file, 'utf8')) as { webhooks: Webhook[] }).webhooks;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async get(id: string): Promise<Webhook | null> {
    return (await this.list()).find((w) => w.id === id) ?? null;
  }

  private async save(webhooks: Webhook[]): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ webhooks }, null, 2), { mode: 0o600 });
    await rename(temporary, this.file);
  }

  create(input: { url: string; secret?: string; events: WebhookEventType[]; createdBy: string }): Promise<Webhook> {
    return this.serial.run(async () => {
      const webhook: Webhook = {
        id: 'wh-' + randomUUID(),
        url: input.url,
        secret: input.secret ?? 'whsec_' + randomBytes(32).toString('base64url'),
        events: [...new Set(input.events)],
        createdAt: new Date().toISOString(),
        createdBy: input.createdBy,
      };
      const webhooks = await this.list();
      webhooks.push(webhook);
      await this.save(webhooks);
      return webhook;
    });
  }

  delete(id: string): Promise<boolean> {
    return this.serial.run(async () => {
      const webhooks = await this.list();
      const remaining = webhooks.filter((w) => w.id !== id);
      if (remaining.length === webhooks.length) return false;
      await this.save(remaining);
      return true;
    });
  }

  recordDelivery(record: DeliveryRecord): Promise<void> {
    return this.serial.run(async () => {
      await mkdir(this.dataDir, { recursive: true });
      await appendFile(this.logFile, JSON.stringify(record) + '\n', { mode: 0o600 });
    });
  }

  /** Current state of each delivery of a webhook, newest first. */
  async deliveries(webhookId: string): Promise<DeliveryRecord[]> {
    let text = '';
    try {
      text = await readFile(this.logFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const latest = new Map<string, DeliveryRecord>();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let record: DeliveryRecord;
      try {
        record = JSON.parse(line) as DeliveryRecord;
      } catch {
        continue; // a torn last line after a crash
      }
      if (record.webhookId === webhookId) latest.set(record.id, record);
    }
    return [...latest.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }
}
