/** Configuration of the REST API: everything a test or the main command may change. */

export type Role = 'reader' | 'admin';

export interface OidcConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Claim holding the caller's roles (a string or a list of strings); default `roles`; dotted names reach nested claims (`realm_access.roles`). */
  roleClaim?: string;
  /** Claim values that grant each role; defaults `['admin']` and `['reader']`. */
  adminValues?: string[];
  readerValues?: string[];
}

export interface ExplorerLimits {
  /** Transaction timeout for explorer queries (ms). */
  timeoutMs: number;
  /** Rows returned at most; further rows are not pulled and the response says `truncated: true`. */
  maxRows: number;
  /** Serialised result size at most (bytes); beyond it the query answers 413. */
  maxBytes: number;
}

export interface WebhookDeliveryConfig {
  /** Attempts per delivery, including the first. */
  maxAttempts: number;
  /** First retry delay (ms); doubles each attempt, with jitter. */
  baseDelayMs: number;
  /** Upper bound of a single delay (ms). */
  maxDelayMs: number;
  /** Per-attempt request timeout (ms). */
  requestTimeoutMs: number;
  /** Deliveries in flight at once per dispatch. */
  concurrency: number;
}

export interface ApiConfig {
  /** Directory for api-keys.json, webhooks.json, the delivery log. Required: keys live there. */
  dataDir: string;
  /** Environment, read for SAP_ADMIN_API_KEY. Defaults to process.env. */
  env?: Record<string, string | undefined>;
  oidc?: OidcConfig | null;
  rateLimit?: { max: number; timeWindowMs: number };
  explorer?: Partial<ExplorerLimits>;
  webhooks?: Partial<WebhookDeliveryConfig>;
  /** Starts a scan; resolves when it ends. The API answers 409 while one runs. */
  triggerScan?: (scanId: string) => Promise<unknown>;
  /**
   * Whether a scan started elsewhere (a schedule) is running; POST /v1/scans answers 409 then too.
   * Scans started through the API are tracked by the API itself.
   */
  scanInProgress?: () => boolean;
  /** Fastify logger setting (default off). */
  logger?: boolean;
  /**
   * Reuse serialised answers of the attack-path and resource reads until the next commit to the store (default on;
   * only effective with the embedded graph server, see services/api/response-cache.ts).
   */
  responseCache?: boolean;
}

export interface ResolvedConfig {
  dataDir: string;
  env: Record<string, string | undefined>;
  oidc: OidcConfig | null;
  rateLimit: { max: number; timeWindowMs: number };
  explorer: ExplorerLimits;
  webhooks: WebhookDeliveryConfig;
  triggerScan: ((scanId: string) => Promise<unknown>) | null;
  scanInProgress: () => boolean;
  logger: boolean;
  responseCache: boolean;
}

export function resolveConfig(config: ApiConfig): ResolvedConfig {
  return {
    dataDir: config.dataDir,
    env: config.env ?? process.env,
    oidc: config.oidc ?? null,
    rateLimit: config.rateLimit ?? { max: 600, timeWindowMs: 60_000 },
    explorer: { timeoutMs: 5_000, maxRows: 10_000, maxBytes: 5 * 1024 * 1024, ...config.explorer },
    webhooks: { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000, requestTimeoutMs: 10_000, concurrency: 8, ...config.webhooks },
    triggerScan: config.triggerScan ?? null,
    scanInProgress: config.scanInProgress ?? (() => false),
    logger: config.logger ?? false,
    responseCache: config.responseCache ?? true,
  };
}
