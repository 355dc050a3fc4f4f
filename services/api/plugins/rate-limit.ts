/** Per-credential rate limiting (@fastify/rate-limit keyed by key id after authentication). */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { ResolvedConfig } from '../config.js';
import { ProblemError } from '../problem.js';

export async function registerRateLimit(app: FastifyInstance, config: ResolvedConfig): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.timeWindowMs,
    // After authentication (onRequest), so the key is the credential, not the client address.
    hook: 'preHandler',
    keyGenerator: (request) => (request.principal ? `principal:${request.principal.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new ProblemError(429, 'rate-limited', 'Too Many Requests', `At most ${context.max} requests per ${context.after}; retry later.`, {
        headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
      }),
  });
}
