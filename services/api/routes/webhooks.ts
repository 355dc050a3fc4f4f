/** Webhook subscriptions (admin): create (the secret is shown once), list, delete, delivery log. */
import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../problem.js';
import { withErrors } from '../schemas.js';
import { WEBHOOK_EVENTS, type Webhook, type WebhookEventType } from '../webhooks/store.js';
import type { RouteContext } from './context.js';

const webhookSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, url: { type: 'string' }, events: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' }, createdBy: { type: 'string' },
  },
  additionalProperties: false,
} as const;

/** Never the secret: it is returned once, by the create call. */
function present(webhook: Webhook) {
  const { secret: _secret, ...visible } = webhook;
  return visible;
}

export function registerWebhookRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const admin = { role: 'admin' as const };

  app.post<{ Body: { url: string; secret?: string; events: WebhookEventType[] } }>(
    '/webhooks',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a URL to finding and path events',
        body: {
          type: 'object',
          properties: {
            url: { type: 'string', minLength: 8, maxLength: 2048 },
            secret: { type: 'string', minLength: 16, maxLength: 256, description: 'HMAC secret; generated when absent' },
            events: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
          },
          required: ['url', 'events'],
          additionalProperties: false,
        },
        response: withErrors({ 201: { ...webhookSchema, properties: { ...webhookSchema.properties, secret: { type: 'string', description: 'shown only here' } } } }),
      },
    },
    async (request, reply) => {
      let url: URL;
      try {
        url = new URL(request.body.url);
      } catch {
        throw badRequest('url must be an absolute http(s) URL.');
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badRequest('url must use http or https.');
      if (url.username || url.password) throw badRequest('url must not carry credentials; use the signature to authenticate deliveries.');
      const webhook = await ctx.webhooks.store.create({
        url: url.toString(),
        secret: request.body.secret,
        events: request.body.events,
        createdBy: request.principal?.name ?? 'unknown',
      });
      return reply.code(201).header('location', `/v1/webhooks/${webhook.id}`).send({ ...present(webhook), secret: webhook.secret });
    },
  );

  app.get(
    '/webhooks',
    {
      config: admin,
      schema: { tags: ['webhooks'], summary: 'List webhooks', response: withErrors({ 200: { type: 'object', properties: { items: { type: 'array', items: webhookSchema } } } }) },
    },
    async () => ({ items: (await ctx.webhooks.store.list()).map(present) }),
  );

  app.delete<{ Params: { id: string } }>(
    '/webhooks/:id',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a webhook',
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: withErrors({ 204: { type: 'null', description: 'Deleted' } }, [404]),
      },
    },
    async (request, reply) => {
      if (!(await ctx.webhooks.store.delete(request.params.id))) throw notFound(`No webhook "${request.params.id}".`);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string } }>(
    '/webhooks/:id/deliveries',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        summary: 'Delivery log of a webhook, newest first',
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: withErrors(
          {
            200: {
              type: 'object',
              properties: {
                items: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      id: { type: 'string' }, webhookId: { type: 'string' }, eventId: { type: 'string' }, type: { type: 'string' },
                      state: { type: 'string' }, createdAt: { type: 'string' }, updatedAt: { type: 'string' },
                      attempts: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: { at: { type: 'string' }, status: { type: ['integer', 'null'] }, error: { type: ['string', 'null'] }, durationMs: { type: 'integer' } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          [404],
        ),
      },
    },
    async (request) => {
      // Deliveries stay readable after the webhook is deleted only through the file; the API answers for live ones.
      if (!(await ctx.webhooks.store.get(request.params.id))) throw notFound(`No webhook "${request.params.id}".`);
      return { items: await ctx.webhooks.store.deliveries(request.params.id) };
    },
  );
}
