/** Scans: the latest ScanRun with per-scope status, and triggering a scan (admin). */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { int, propsOf } from '../graph.js';
import { ProblemError, conflict } from '../problem.js';
import { withErrors } from '../schemas.js';
import type { RouteContext } from './context.js';

const entity = { type: 'object', additionalProperties: true } as const;

export function registerScanRoutes(app: FastifyInstance, ctx: RouteContext): void {
  let running: { id: string; startedAt: string } | null = null;

  app.get<{ Querystring: { limit: number } }>(
    '/scans',
    {
      schema: {
        tags: ['scans'],
        summary: 'Recent scans and the status of each scope',
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 } }, additionalProperties: false },
        response: withErrors({
          200: {
            type: 'object',
            properties: {
              running: { type: ['object', 'null'], properties: { id: { type: 'string' }, startedAt: { type: 'string' } } },
              last: { anyOf: [entity, { type: 'null' }] },
              recent: { type: 'array', items: entity },
              scopes: { type: 'array', items: entity },
            },
          },
        }),
      },
    },
    async (request) => {
      const runs = await ctx.graph.read(
        `MATCH (s:ScanRun) RETURN s ORDER BY coalesce(s.startedAt, s.finishedAt, '') DESC, s.id DESC LIMIT $limit`,
        { limit: int(request.query.limit) },
      );
      const scopes = await ctx.graph.read(`MATCH (s:ScopeStatus) RETURN s ORDER BY s.id`);
      const recent = runs.map((row) => propsOf(row.s));
      const scheduled = !running && ctx.config.scanInProgress() ? { id: 'scheduled', startedAt: '' } : null;
      return { running: running ?? scheduled, last: recent[0] ?? null, recent, scopes: scopes.map((row) => propsOf(row.s)) };
    },
  );

  app.post(
    '/scans',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['scans'],
        summary: 'Start a scan (202); 409 while one runs',
        response: withErrors({ 202: { type: 'object', properties: { id: { type: 'string' }, startedAt: { type: 'string' }, status: { type: 'string' } } } }, [409, 503]),
      },
    },
    async (_request, reply) => {
      const trigger = ctx.config.triggerScan;
      if (!trigger) throw new ProblemError(503, 'scans-unavailable', 'Service Unavailable', 'This API instance has no scanner attached.');
      if (running) throw conflict(`Scan ${running.id} is running (started ${running.startedAt}).`);
      if (ctx.config.scanInProgress()) throw conflict('A scheduled scan is running.');
      const scan = { id: 'scan-' + new Date().toISOString().replace(/[-:.]/g, '') + '-' + randomUUID().slice(0, 8), startedAt: new Date().toISOString() };
      running = scan;
      Promise.resolve()
        .then(() => trigger(scan.id))
        .catch((error: unknown) => app.log.error({ err: error, scanId: scan.id }, 'scan failed'))
        .finally(() => {
          if (running === scan) running = null;
        });
      return reply.code(202).header('location', '/v1/scans').send({ ...scan, status: 'running' });
    },
  );
}
