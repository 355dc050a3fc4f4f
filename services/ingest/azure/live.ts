/**
 * Live Azure collector: Resource Graph rows (resources, authorizationresources, resourcecontainers) and the
 * Container Apps auth configs, returned exactly as the snapshot/v1 format stores them (azure/<tenantId>/*.json),
 * secrets redacted. Recording a scan is `writeSnapshot` of the returned files.
 *
 * Flow: subscriptions (given, else every subscription the credential sees, from resourcecontainers at tenant scope)
 * → each query over subscription batches of up to 1000, every page until `$skipToken` is absent → auth configs for
 * every container app with ingress. A batch that fails with a client error (or is truncated) is split in halves
 * until the failing subscription is isolated and reported; the other subscriptions keep their rows.
 */
import { DefaultAzureCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import { redactSnapshotFile } from '../redact.js';
import type { SnapshotFiles } from '../snapshot/files.js';
import { AuthConfigReader } from './live/authconfigs.js';
import { ARG_PAGE_SIZE, ARG_SUBSCRIPTIONS_PER_REQUEST, azureErrorSummary, GraphRunner } from './live/graph.js';
import { CONTAINER_QUERY, GRAPH_QUERIES, type GraphQuery } from './live/queries.js';
import { QuotaGate, realSleep, type Sleep } from './live/throttle.js';

export interface AzureProblem {
  /** `azure-subscription:<id>`, `azure-tenant:<id>` or the container app id. */
  scope: string;
  operation: string;
  message: string;
}

export interface AzureTenantScanOptions {
  /** Token credential; DefaultAzureCredential when absent. */
  credential?: TokenCredential;
  /** Subscriptions to scan; every subscription visible to the credential when absent. */
  subscriptions?: string[];
  /** Tenant id for the snapshot path; taken from the rows when absent. */
  tenantId?: string;
  /** ARM endpoint (default https://management.azure.com); sovereign clouds or a local test server. */
  endpoint?: string;
  /** Resource Graph endpoint when it differs from `endpoint` (tests). */
  graphEndpoint?: string;
  /** Extra trusted CA (PEM) for an HTTPS test endpoint of the ARM client. */
  tlsCa?: string;
  subscriptionBatchSize?: number;
  /** Auth config list calls in flight (default 8). */
  authConfigConcurrency?: number;
  /** Retries per request on throttling / server errors (default 6). */
  maxRetries?: number;
  /** Waiting primitive (tests shorten waits but still see the requested durations). */
  sleep?: Sleep;
}

export interface AzureScanResult {
  files: SnapshotFiles;
  tenantId: string;
  subscriptions: string[];
  /** HTTP requests sent per operation (retries included). */
  calls: Record<string, number>;
  /** The fewest requests the page and batch limits allow for the rows seen. */
  minimum: Record<string, number>;
  /** Resource Graph waits imposed by throttling (quota exhausted, 429 Retry-After, back-off), in ms. */
  throttleWaits: number[];
  /** ARM 429 responses to auth config calls (retried by the client after Retry-After). */
  armThrottled: number;
  problems: AzureProblem[];
}

type Row = Record<string, unknown>;

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T);
      }
    }),
  );
  return results;
}

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.App/containerApps/{name}` → parts. */
function containerAppParts(id: string): { subscriptionId: string; resourceGroup: string; name: string } | undefined {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.App\/containerApps\/([^/]+)$/i.exec(id);
  return match ? { subscriptionId: match[1] as string, resourceGroup: match[2] as string, name: match[3] as string } : undefined;
}

export async function collectAzureTenant(options: AzureTenantScanOptions = {}): Promise<AzureScanResult> {
  const credential = options.credential ?? new DefaultAzureCredential();
  const endpoint = (options.endpoint ?? 'https://management.azure.com').replace(/\/$/, '');
  const calls: Record<string, number> = {};
  const minimum: Record<string, number> = {};
  const count = (into: Record<string, number>, operation: string, n = 1) => (into[operation] = (into[operation] ?? 0) + n);
  const problems: AzureProblem[] = [];
  const gate = new QuotaGate(options.sleep ?? realSleep);
  const maxRetries = options.maxRetries ?? 6;
  const runner = new GraphRunner({
    credential,
    endpoint: (options.graphEndpoint ?? endpoint).replace(/\/$/, ''),
    gate,
    maxRetries,
    onRequest: (table) => count(calls, `arg:${table}`),
  });
  const rowsByFile = new Map<string, Map<string, Row>>();
  const keep = (query: GraphQuery, rows: Row[]) => {
    const byId = rowsByFile.get(query.file) ?? new Map<string, Row>();
    // The same management-group assignment comes back for every batch under it: keep one row per id.
    for (const row of rows) byId.set(String(row.id ?? '').toLowerCase(), row);
    rowsByFile.set(query.file, byId);
    count(minimum, `arg:${query.table}`, Math.max(1, Math.ceil(rows.length / ARG_PAGE_SIZE)));
  };

  /** Runs a query over a batch; on a client error or truncation splits the batch to isolate the failing subscription. */
  const runBatch = async (query: GraphQuery, subscriptions: string[]): Promise<void> => {
    try {
      const { rows } = await runner.run(query, subscriptions);
      keep(query, rows);
    } catch (error) {
      const { message, statusCode } = azureErrorSummary(error);
      const splittable = subscriptions.length > 1 && statusCode !== undefined && statusCode >= 400 && statusCode < 500 && statusCode !== 401 && statusCode !== 429;
      if (splittable) {
        const half = Math.ceil(subscriptions.length / 2);
        await runBatch(query, subscriptions.slice(0, half));
        await runBatch(query, subscriptions.slice(half));
        return;
      }
      for (const subscription of subscriptions) problems.push({ scope: `azure-subscription:${subscription}`, operation: `arg:${query.table}`, message });
    }
  };

  let subscriptions = options.subscriptions;
  let tenantId = options.tenantId;
  if (!subscriptions) {
    // Discover the subscriptions (and management groups) visible to the credential at tenant scope.
    try {
      const { rows } = await runner.run(CONTAINER_QUERY, undefined);
      keep(CONTAINER_QUERY, rows);
      subscriptions = rows.filter((r) => String(r.type).toLowerCase() === 'microsoft.resources/subscriptions').map((r) => String(r.subscriptionId));
      tenantId ??= rows.map((r) => r.tenantId).find((t): t is string => typeof t === 'string' && t !== '');
    } catch (error) {
      problems.push({ scope: `azure-tenant:${tenantId ?? 'unknown'}`, operation: `arg:${CONTAINER_QUERY.table}`, message: azureErrorSummary(error).message });
      subscriptions = [];
    }
  }
  const subscriptionBatches = batches(subscriptions, Math.min(options.subscriptionBatchSize ?? ARG_SUBSCRIPTIONS_PER_REQUEST, ARG_SUBSCRIPTIONS_PER_REQUEST));
  for (const query of GRAPH_QUERIES) {
    if (query === CONTAINER_QUERY && !options.subscriptions) continue;
    for (const batch of subscriptionBatches) await runBatch(query, batch);
  }

  const resources = [...(rowsByFile.get('resources.json')?.values() ?? [])];
  tenantId ??= [...rowsByFile.values()].flatMap((m) => [...m.values()]).map((r) => r.tenantId).find((t): t is string => typeof t === 'string' && t !== '') ?? 'unknown-tenant';

  // Auth configs for container apps with ingress (the only ones rule aca-authentication-disabled looks at).
  const appsWithIngress = resources.filter((row) => {
    const configuration = (row.properties as { configuration?: { ingress?: unknown } } | undefined)?.configuration;
    return String(row.type).toLowerCase() === 'microsoft.app/containerapps' && configuration?.ingress !== undefined && configuration.ingress !== null;
  });
  count(minimum, 'arm:containerAppsAuthConfigs.listByContainerApp', appsWithIngress.length);
  let armThrottled = 0;
  const reader = new AuthConfigReader({
    credential,
    endpoint,
    ...(options.tlsCa ? { tlsCa: options.tlsCa } : {}),
    maxRetries,
    onRequest: (status) => {
      count(calls, 'arm:containerAppsAuthConfigs.listByContainerApp');
      if (status === 429) armThrottled++;
    },
  });
  const authConfigs = await mapBounded(appsWithIngress, options.authConfigConcurrency ?? 8, async (row) => {
    const id = String(row.id);
    const parts = containerAppParts(id);
    if (!parts) return [];
    try {
      return await reader.list(parts.subscriptionId, parts.resourceGroup, parts.name);
    } catch (error) {
      problems.push({ scope: id, operation: 'arm:containerAppsAuthConfigs.listByContainerApp', message: azureErrorSummary(error).message });
      return [];
    }
  });

  const files: SnapshotFiles = new Map();
  const base = `azure/${tenantId}`;
  const sortedRows = (file: string) => [...(rowsByFile.get(file)?.entries() ?? [])].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
  for (const file of ['resources.json', 'authorizationresources.json', 'resourcecontainers.json']) {
    if (rowsByFile.has(file)) files.set(`${base}/${file}`, redactSnapshotFile(`${base}/${file}`, sortedRows(file)));
  }
  files.set(`${base}/authconfigs.json`, redactSnapshotFile(`${base}/authconfigs.json`, authConfigs.flat()));
  return {
    files,
    tenantId,
    subscriptions,
    calls,
    minimum,
    throttleWaits: [...gate.waits],
    armThrottled,
    problems,
  };
}
