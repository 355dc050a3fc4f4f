/** The graph explorer: read-only Cypher with limits, and saved parameterised templates. */
import type { FastifyInstance } from 'fastify';
import { checkReadOnly, type GuardVerdict } from '../explorer/guard.js';
import { explorerBody, runExplorerQuery } from '../explorer/run.js';
import { checkTemplateParams } from '../explorer/templates.js';
import { ProblemError, badRequest, notFound } from '../problem.js';
import { withErrors } from '../schemas.js';
import type { RouteContext } from './context.js';

const resultSchema = {
  type: 'object',
  properties: {
    columns: { type: 'array', items: { type: 'string' } },
    rows: { type: 'array', items: { type: 'object', additionalProperties: true } },
    rowCount: { type: 'integer' },
    truncated: { type: 'boolean', description: 'true when more rows existed than the row cap' },
    elapsedMs: { type: 'integer' },
  },
} as const;

const paramsSchema = { type: 'object', additionalProperties: true, description: 'Query parameters ($name in the query)' } as const;

/** Procedure and function names are user input: fold them so the metric's label set stays small. */
function metricLabel(construct: string): string {
  if (construct.startsWith('CALL')) return 'CALL';
  if (construct.startsWith('function ')) return 'plugin function';
  return construct;
}

/** Verdicts by query text (a pure function of it): templates and a dashboard's repeated queries parse once. */
const VERDICT_MEMO_SIZE = 500;

export function registerExplorerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const verdicts = new Map<string, GuardVerdict>();
  function verdictOf(query: string): GuardVerdict {
    let verdict = verdicts.get(query);
    if (verdict === undefined) {
      verdict = checkReadOnly(query);
      if (verdicts.size >= VERDICT_MEMO_SIZE) verdicts.delete(verdicts.keys().next().value!);
      verdicts.set(query, verdict);
    }
    return verdict;
  }

  async function guardedRun(query: string, params: Record<string, unknown>) {
    const verdict = verdictOf(query);
    if (!verdict.ok) {
      if (verdict.reason === 'refused') {
        ctx.metrics.explorerRefusals.inc({ construct: metricLabel(verdict.construct) });
        throw new ProblemError(400, 'query-refused', 'Query Refused', verdict.detail, {
          extensions: { construct: verdict.construct, ...(verdict.line ? { line: verdict.line, column: verdict.column } : {}) },
        });
      }
      ctx.metrics.explorerRefusals.inc({ construct: 'syntax' });
      throw badRequest(verdict.detail);
    }
    return runExplorerQuery(ctx.graph.driver, ctx.graph.database, query, params, ctx.config.explorer);
  }

  app.post<{ Body: { query: string; params?: Record<string, unknown> } }>(
    '/explorer/query',
    {
      schema: {
        tags: ['explorer'],
        summary: 'Run a read-only Cypher query',
        description:
          'The query is parsed first; anything that writes (CREATE, MERGE, SET, DELETE, REMOVE, FOREACH, schema commands, LOAD CSV) or calls a procedure is refused with 400. It then runs in a READ transaction with a timeout (504), a row cap (truncated: true) and a result-size cap (413).',
        body: {
          type: 'object',
          properties: { query: { type: 'string', minLength: 1, maxLength: 100_000 }, params: paramsSchema },
          required: ['query'],
          additionalProperties: false,
        },
        response: withErrors({ 200: resultSchema }, [413, 504]),
      },
    },
    async (request, reply) => {
      const result = await guardedRun(request.body.query, request.body.params ?? {});
      // Already JSON-ready and size-checked; sent as a string to skip a second serialisation.
      return reply.type('application/json').send(explorerBody({}, result));
    },
  );

  app.get(
    '/explorer/templates',
    {
      schema: {
        tags: ['explorer'],
        summary: 'Saved query templates',
        response: withErrors({
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    name: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' }, query: { type: 'string' },
                    parameters: {
                      type: 'array',
                      items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' }, required: { type: 'boolean' }, description: { type: 'string' } } },
                    },
                  },
                },
              },
            },
          },
        }),
      },
    },
    async () => ({ items: [...(await ctx.templates()).values()] }),
  );

  app.post<{ Params: { name: string }; Body: { params?: Record<string, unknown> } }>(
    '/explorer/templates/:name/run',
    {
      schema: {
        tags: ['explorer'],
        summary: 'Run a saved template with parameters',
        params: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        body: { type: 'object', properties: { params: paramsSchema }, additionalProperties: false },
        response: withErrors({ 200: resultSchema }, [404, 413, 504]),
      },
    },
    async (request, reply) => {
      const template = (await ctx.templates()).get(request.params.name);
      if (!template) throw notFound(`No template "${request.params.name}".`);
      const params = checkTemplateParams(template, request.body?.params ?? {});
      const result = await guardedRun(template.query, params);
      return reply.type('application/json').send(explorerBody({ template: template.name }, result));
    },
  );
}
