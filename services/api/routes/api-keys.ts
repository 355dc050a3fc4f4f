/**
 * API key management (admin): create (the key is shown once), list (never the hash or the key), revoke.
 * Keys live in `<dataDir>/api-keys.json`, as with `createApiKey`/`revokeApiKey` and the `api-key` command.
 *
 * An admin cannot revoke the key the request is made with (409): revoking one's own key by mistake would lock
 * out an automation that holds no other; revoke it with another admin credential or the `api-key` command.
 */
import type { FastifyInstance } from 'fastify';
import type { Role } from '../config.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../keys.js';
import { conflict, notFound } from '../problem.js';
import { withErrors } from '../schemas.js';
import type { RouteContext } from './context.js';

const keySummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['reader', 'admin'] },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'name', 'role', 'createdAt'],
  // Serialisation drops anything else, so a hash can never leak through this schema.
  additionalProperties: false,
} as const;

export function registerApiKeyRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const admin = { role: 'admin' as const };

  app.post<{ Body: { name: string; role: Role } }>(
    '/api-keys',
    {
      config: admin,
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key (the key is shown only in this response)',
        body: {
          type: 'object',
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S', description: 'who or what uses the key, e.g. "ci"' },
            role: { type: 'string', enum: ['reader', 'admin'] },
          },
          required: ['name', 'role'],
          additionalProperties: false,
        },
        response: withErrors({
          201: {
            ...keySummarySchema,
            properties: { ...keySummarySchema.properties, key: { type: 'string', description: 'shown only here; only its SHA-256 is stored' } },
            required: [...keySummarySchema.required, 'key'],
          },
        }),
      },
    },
    async (request, reply) => {
      const name = request.body.name.trim();
      const created = await createApiKey(ctx.config.dataDir, name, request.body.role);
      return reply
        .code(201)
        .header('location', `/v1/api-keys/${created.id}`)
        .header('cache-control', 'no-store')
        .send({ id: created.id, name, role: request.body.role, createdAt: created.createdAt, key: created.key });
    },
  );

  app.get(
    '/api-keys',
    {
      config: admin,
      schema: {
        tags: ['api-keys'],
        summary: 'List API keys (id, name, role, creation time; never the key or its hash)',
        response: withErrors({ 200: { type: 'object', properties: { items: { type: 'array', items: keySummarySchema } }, required: ['items'] } }),
      },
    },
    async () => ({ items: await listApiKeys(ctx.config.dataDir) }),
  );

  app.delete<{ Params: { id: string } }>(
    '/api-keys/:id',
    {
      config: admin,
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key (not the one making the request: 409)',
        params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['id'] },
        response: withErrors({ 204: { type: 'null', description: 'Revoked' } }, [404, 409]),
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      const principal = request.principal;
      if (principal?.via === 'api-key' && principal.id === id) {
        throw conflict('A key cannot revoke itself; use another admin credential or `npm run api-key -- revoke <id>`.');
      }
      if (!(await revokeApiKey(ctx.config.dataDir, id))) throw notFound(`No API key "${id}".`);
      return reply.code(204).send();
    },
  );
}
