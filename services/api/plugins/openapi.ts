/**
 * OpenAPI 3 document generated from the route schemas (@fastify/swagger), served raw at
 * /openapi.json and as an interactive page at /docs (@fastify/swagger-ui). Both need a
 * credential like every other route.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../problem.js';

/**
 * @fastify/swagger-ui serves its assets with @fastify/static, which require()s an ESM-only
 * dependency: fine on Node 20.19+, not inside Jest's module runtime. Probe once so the API still
 * starts there (with /openapi.json) instead of failing to boot.
 */
async function staticFilesLoadable(): Promise<boolean> {
  try {
    await import('@fastify/static');
    return true;
  } catch {
    return false;
  }
}

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    // Shared schemas keep their $id as the component name (Problem), not def-0.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Serverless attack paths API',
        version: '1.0.0',
        description:
          'Inventory, recommendations, findings, attack paths, a read-only graph explorer, exemptions, scans and webhooks for Azure Container Apps, Azure Container Instances and ECS on Fargate. Errors are application/problem+json (RFC 9457).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API key or OIDC access token' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
      tags: [
        { name: 'inventory' }, { name: 'recommendations' }, { name: 'findings' }, { name: 'attack-paths' },
        { name: 'explorer' }, { name: 'exemptions' }, { name: 'scans' }, { name: 'webhooks' }, { name: 'api-keys' }, { name: 'health' },
      ],
    },
  });
  if (await staticFilesLoadable()) {
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  } else {
    app.get('/docs', { schema: { hide: true } }, async () => {
      throw new ProblemError(503, 'docs-unavailable', 'Service Unavailable', 'The interactive page cannot be served here; the document is at /openapi.json.');
    });
  }
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
