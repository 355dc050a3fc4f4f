/**
 * Webhook delivery outside the HTTP server: the evaluator can deliver a scan's FindingEvents
 * without an app instance (same data dir, same driver contract). Inside the API process use
 * `app.dispatchEvents(events)`, which is the same thing.
 */
import type { Driver } from 'neo4j-driver';
import { resolveConfig, type WebhookDeliveryConfig } from '../config.js';
import { graphAccess } from '../graph.js';
import { ApiMetrics } from '../plugins/metrics.js';
import { WebhookService, type FindingEventInput } from './service.js';
import { WebhookStore, type DeliveryRecord } from './store.js';

export function createWebhookDispatcher(options: {
  driver: Driver;
  database?: string;
  dataDir: string;
  delivery?: Partial<WebhookDeliveryConfig>;
}): (events: readonly FindingEventInput[]) => Promise<DeliveryRecord[]> {
  const config = resolveConfig({ dataDir: options.dataDir, webhooks: options.delivery });
  const service = new WebhookService(new WebhookStore(options.dataDir), graphAccess(options.driver, options.database), config.webhooks, new ApiMetrics());
  return (events) => service.dispatchEvents(events);
}

export { signatureOf, deliveryIdOf, type FindingEventInput } from './service.js';
export { WEBHOOK_EVENTS, type DeliveryRecord, type WebhookEventType } from './store.js';
