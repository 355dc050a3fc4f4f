/** Liveness, readiness (the store answers) and Prometheus metrics. */
import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../problem.js';
import { problemRef, withErrors } from '../schemas.js';
import type { RouteContext } from './context.js';

export function registerHealthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/healthz',
    {
      config: { role: 'public', rateLimit: false },
      schema: { tags: ['health'], summary: 'Liveness', security: [], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      config: { role: 'public', rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the graph store answers',
        security: [],
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } }, 503: problemRef },
      },
    },
    async () => {
      try {
        await ctx.graph.read('RETURN 1 AS ok');
        return { status: 'ready' };
      } catch (error) {
        throw new ProblemError(503, 'not-ready', 'Service Unavailable', 'The graph store cannot be reached.', {
          extensions: { cause: (error as { code?: string }).code ?? 'unreachable' },
        });
      }
    },
  );

  app.get(
    '/metrics',
    {
      schema: { tags: ['health'], summary: 'Prometheus metrics (text exposition format)', response: withErrors({ 200: { type: 'string' } }) },
    },
    async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(ctx.metrics.render()),
  );
}
