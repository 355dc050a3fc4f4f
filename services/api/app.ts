/**
 * The REST API: `buildApp({ driver, database?, config })` returns a Fastify instance (not yet
 * listening). All graph access goes through the one neo4j-driver Driver given here.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import { resolveConfig, type ApiConfig } from './config.js';
import { graphAccess } from './graph.js';
import { problemSchema } from './problem.js';
import { bookmarkProbe, ResponseCache, StoreVersion } from './response-cache.js';
import { registerAuth } from './plugins/auth.js';
import { registerErrors } from './plugins/errors.js';
import { ApiMetrics, registerMetrics } from './plugins/metrics.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerRateLimit } from './plugins/rate-limit.js';
import { loadTemplates, DEFAULT_TEMPLATE_DIR, type QueryTemplate } from './explorer/templates.js';
import { WebhookStore } from './webhooks/store.js';
import { WebhookService, type FindingEventInput } from './webhooks/service.js';
import type { DeliveryRecord } from './webhooks/store.js';
import type { RouteContext } from './routes/context.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerResourceRoutes } from './routes/resources.js';
import { registerRecommendationRoutes } from './routes/recommendations.js';
import { registerFindingRoutes } from './routes/findings.js';
import { registerAttackPathRoutes } from './routes/attack-paths.js';
import { registerExplorerRoutes } from './routes/explorer.js';
import { registerExemptionRoutes } from './routes/exemptions.js';
import { registerScanRoutes } from './routes/scans.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import { registerApiKeyRoutes } from './routes/api-keys.js';

export interface BuildAppOptions {
  driver: Driver;
  /** Neo4j database name; the server default when absent. */
  database?: string;
  config: ApiConfig;
  /** Where the explorer templates live (default graph/cypher/explorer). */
  templateDir?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Deliver FindingEvents to subscribed webhooks; the evaluator calls this after each scan. */
    dispatchEvents(events: readonly FindingEventInput[]): Promise<DeliveryRecord[]>;
  }
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const config = resolveConfig(options.config);
  const app = Fastify({
    logger: config.logger,
    // Validation refuses unknown properties instead of silently dropping them.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    // Cloud ids are long (ARM ids, ARNs) and arrive URL-encoded in one path segment.
    routerOptions: { maxParamLength: 2048 },
  });
  const metrics = new ApiMetrics();
  const graph = graphAccess(options.driver, options.database);
  const webhooks = new WebhookService(new WebhookStore(config.dataDir), graph, config.webhooks, metrics);
  const templateDir = options.templateDir ?? DEFAULT_TEMPLATE_DIR;
  let templateCache: Promise<Map<string, QueryTemplate>> | null = null;
  const ctx: RouteContext = {
    graph,
    config,
    metrics,
    webhooks,
    templates: () => (templateCache ??= loadTemplates(templateDir)),
    responses: new ResponseCache(new StoreVersion(config.responseCache ? bookmarkProbe(options.driver, options.database) : async () => null)),
  };

  app.addSchema(problemSchema);
  registerErrors(app);
  registerMetrics(app, metrics);
  registerAuth(app, config);
  await registerRateLimit(app, config);
  await registerOpenApi(app);
  app.decorate('dispatchEvents', (events: readonly FindingEventInput[]) => webhooks.dispatchEvents(events));

  registerHealthRoutes(app, ctx);
  await app.register(
    async (v1) => {
      registerResourceRoutes(v1, ctx);
      registerRecommendationRoutes(v1, ctx);
      registerFindingRoutes(v1, ctx);
      registerAttackPathRoutes(v1, ctx);
      registerExplorerRoutes(v1, ctx);
      registerExemptionRoutes(v1, ctx);
      registerScanRoutes(v1, ctx);
      registerWebhookRoutes(v1, ctx);
      registerApiKeyRoutes(v1, ctx);
    },
    { prefix: '/v1' },
  );
  return app;
}

export { ensureAdminKey, createApiKey, revokeApiKey, listApiKeys, ENV_ADMIN_KEY } from './keys.js';
export type { ApiConfig } from './config.js';
export type { FindingEventInput } from './webhooks/service.js';
