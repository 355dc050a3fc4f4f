/**
 * Resource Graph through `@azure/arm-resourcegraph` (`ResourceGraphClient.resources`), paged with `$skipToken` until
 * it is absent, 1000 rows per page, subscriptions in batches (ARG accepts at most 1000 per request), throttling by the
 * quota headers (throttle.ts). The client's own retry policies are switched off so that every attempt is counted and
 * every wait honours the ARG headers.
 *
 * The installed SDK (4.2.1, api-version 2021-03-01) has no `authorizationScopeFilter` in its request model, so a
 * request policy adds it to the serialized body of the authorizationresources query (and moves that request to
 * api-version 2022-10-01, a GA version whose request model has it); with SDK 5.x the option is passed directly.
 */
import * as resourceGraph from '@azure/arm-resourcegraph';
import type { TokenCredential } from '@azure/core-auth';
import type { GraphQuery } from './queries.js';
import { QuotaGate, retryAfterMs, type HeaderReader } from './throttle.js';

type ClientOptions = NonNullable<ConstructorParameters<typeof resourceGraph.ResourceGraphClient>[1]>;
type PolicyFactory = Extract<NonNullable<ClientOptions['requestPolicyFactories']>, unknown[]>[number];

export const ARG_PAGE_SIZE = 1000;
export const ARG_SUBSCRIPTIONS_PER_REQUEST = 1000;
const SCOPE_FILTER_API_VERSION = '2022-10-01';

/** Adds `options.authorizationScopeFilter` to the body of queries that ask for it (marked by their text). */
function authorizationScopeFilterPolicy(filters: Map<string, string>): PolicyFactory {
  return {
    create: (nextPolicy) => ({
      sendRequest: async (request) => {
        if (typeof request.body === 'string' && request.url.includes('/providers/Microsoft.ResourceGraph/resources')) {
          const body = JSON.parse(request.body) as { query?: string; options?: Record<string, unknown> };
          const filter = body.query ? filters.get(body.query) : undefined;
          if (filter) {
            body.options = { ...(body.options ?? {}), authorizationScopeFilter: filter };
            request.body = JSON.stringify(body);
            request.url = request.url.replace(/api-version=[^&]+/, `api-version=${SCOPE_FILTER_API_VERSION}`);
          }
        }
        return nextPolicy.sendRequest(request);
      },
    }),
  } as PolicyFactory;
}

export interface GraphRunnerOptions {
  credential: TokenCredential;
  endpoint: string;
  gate: QuotaGate;
  maxRetries: number;
  /** Called once per HTTP request sent (attempts included). */
  onRequest: (table: string) => void;
}

export class GraphQueryError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | undefined,
  ) {
    super(message);
    this.name = 'GraphQueryError';
  }
}

/** Error text safe to report: status, service error code and message; never the request (it carries the token). */
export function azureErrorSummary(error: unknown): { message: string; statusCode?: number } {
  const e = error as { statusCode?: number; code?: string; message?: string; body?: { error?: { code?: string; message?: string } } };
  const statusCode = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const code = e?.body?.error?.code ?? e?.code;
  const text = e?.body?.error?.message ?? e?.message ?? String(error);
  return { message: [statusCode, code].filter((x) => x !== undefined && x !== '').join(' ') + (text ? `: ${text}` : '').slice(0, 500), ...(statusCode !== undefined ? { statusCode } : {}) };
}

export class GraphRunner {
  private readonly client: resourceGraph.ResourceGraphClient;
  private readonly filters = new Map<string, string>();

  constructor(private readonly options: GraphRunnerOptions) {
    this.client = new resourceGraph.ResourceGraphClient(options.credential, {
      baseUri: options.endpoint,
      noRetryPolicy: true,
      requestPolicyFactories: (defaults) => [...defaults, authorizationScopeFilterPolicy(this.filters)],
    });
  }

  /** One page, retried on 429 (after the advertised wait) and on 5xx/transport errors (exponential back-off). */
  private async page(query: GraphQuery, subscriptions: string[] | undefined, skipToken: string | undefined): Promise<resourceGraph.ResourceGraphModels.QueryResponse> {
    for (let attempt = 0; ; attempt++) {
      await this.options.gate.ready();
      this.options.onRequest(query.table);
      try {
        const response = await this.client.resources({
          query: query.query,
          ...(subscriptions ? { subscriptions } : {}),
          options: { top: ARG_PAGE_SIZE, resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) },
        });
        this.options.gate.observe(response._response.headers as HeaderReader);
        return response;
      } catch (error) {
        const response = (error as { response?: { headers?: HeaderReader } }).response;
        this.options.gate.observe(response?.headers);
        const { statusCode } = azureErrorSummary(error);
        const retryable = statusCode === 429 || statusCode === undefined || statusCode >= 500;
        if (!retryable || attempt >= this.options.maxRetries) throw error;
        const advised = statusCode === 429 ? (retryAfterMs(response?.headers) ?? 5000) : Math.min(30_000, 1000 * 2 ** attempt);
        // One wait covers both the advised delay and an exhausted quota window.
        await this.options.gate.wait(Math.max(advised, this.options.gate.takePending()));
      }
    }
  }

  /** All rows of a query over one subscription batch (or the whole tenant when `subscriptions` is undefined). */
  async run(query: GraphQuery, subscriptions: string[] | undefined): Promise<{ rows: Record<string, unknown>[]; pages: number }> {
    if (query.authorizationScopeFilter) this.filters.set(query.query, query.authorizationScopeFilter);
    const rows: Record<string, unknown>[] = [];
    let skipToken: string | undefined;
    let pages = 0;
    do {
      const response = await this.page(query, subscriptions, skipToken);
      pages++;
      rows.push(...((response.data as Record<string, unknown>[] | undefined) ?? []));
      skipToken = response.skipToken;
      if (!skipToken && response.resultTruncated === 'true') {
        throw new GraphQueryError(`${query.table}: result truncated without a skip token (${response.count} of ${response.totalRecords} rows)`, 413);
      }
    } while (skipToken);
    return { rows, pages };
  }
}
