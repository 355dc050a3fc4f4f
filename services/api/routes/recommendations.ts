/** Recommendations: the Rule nodes with counts of affected resources by finding status. */
import type { FastifyInstance } from 'fastify';
import { pagingQuery } from '../cursor.js';
import { propsOf } from '../graph.js';
import { notFound } from '../problem.js';
import { findingSchema, listParam, pageOf, ruleSchema, withErrors } from '../schemas.js';
import { findingFilterQuery, findingPage, type FindingFilters } from './findings.js';
import type { RouteContext } from './context.js';

const { ruleId: _ruleFilter, ...filtersBesidesRule } = findingFilterQuery;

const SEVERITY_RANK: Record<string, number> = { Critical: 0, High: 1, Medium: 2, Low: 3 };

const countsSchema = {
  type: 'object',
  description: 'Distinct affected resources per finding status; `open` = new + active + reopened, not exempted',
  properties: {
    open: { type: 'integer' }, new: { type: 'integer' }, active: { type: 'integer' }, reopened: { type: 'integer' },
    resolved: { type: 'integer' }, exempted: { type: 'integer' },
  },
} as const;

export function registerRecommendationRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: { severity?: string; platform?: string } }>(
    '/recommendations',
    {
      schema: {
        tags: ['recommendations'],
        summary: 'Rules with counts of affected resources by status',
        querystring: {
          type: 'object',
          properties: { severity: { type: 'string' }, platform: { type: 'string', description: 'ACA, ACI or ECS' } },
          additionalProperties: false,
        },
        response: withErrors({
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: { type: 'object', properties: { ...ruleSchema.properties, affected: countsSchema }, additionalProperties: true } } },
          },
        }),
      },
    },
    async (request) => {
      const severities = listParam(request.query.severity);
      const platforms = listParam(request.query.platform);
      // Rules and finding counts in two scans (not one finding scan per rule), joined here.
      const [ruleRows, countRows] = await ctx.graph.readMany([
        {
          query: `MATCH (r:Rule) WHERE ($severities IS NULL OR r.severity IN $severities) AND ($platforms IS NULL OR r.platform IN $platforms) RETURN r`,
          params: { severities, platforms },
        },
        {
          query: `MATCH (f:Finding)
                  RETURN f.ruleId AS ruleId, f.status AS status, coalesce(f.exempted, false) AS exempted, count(DISTINCT f.resourceId) AS resources`,
        },
      ]);
      const rules = new Map<string, { rule: Record<string, unknown>; affected: Record<string, number> }>();
      for (const row of ruleRows!) {
        const rule = propsOf(row.r);
        rules.set(String(rule.id), { rule, affected: { open: 0, new: 0, active: 0, reopened: 0, resolved: 0, exempted: 0 } });
      }
      for (const row of countRows!) {
        const entry = rules.get(String(row.ruleId));
        const count = row.resources as number;
        if (!entry || row.status === null || count === 0) continue;
        if (row.exempted === true && row.status !== 'resolved') entry.affected.exempted! += count;
        else {
          const status = String(row.status);
          entry.affected[status] = (entry.affected[status] ?? 0) + count;
          if (status !== 'resolved') entry.affected.open! += count;
        }
      }
      const items = [...rules.values()]
        .map(({ rule, affected }): Record<string, unknown> & { affected: Record<string, number> } => ({ ...rule, affected }))
        .sort(
          (a, b) =>
            (SEVERITY_RANK[String(a.severity)] ?? 9) - (SEVERITY_RANK[String(b.severity)] ?? 9) ||
            b.affected.open! - a.affected.open! ||
            String(a.id).localeCompare(String(b.id)),
        );
      return { items };
    },
  );

  app.get<{ Params: { ruleId: string }; Querystring: Omit<FindingFilters, 'ruleId'> & { limit: number; cursor?: string } }>(
    '/recommendations/:ruleId/findings',
    {
      schema: {
        tags: ['recommendations'],
        summary: "A rule's findings",
        params: { type: 'object', properties: { ruleId: { type: 'string' } }, required: ['ruleId'] },
        querystring: {
          type: 'object',
          properties: { ...filtersBesidesRule, ...pagingQuery },
          additionalProperties: false,
        },
        response: withErrors({ 200: { ...pageOf(findingSchema), properties: { ...pageOf(findingSchema).properties, rule: ruleSchema } } }, [404]),
      },
    },
    async (request) => {
      const { ruleId } = request.params;
      const rule = await ctx.graph.read('MATCH (r:Rule {id: $ruleId}) RETURN r', { ruleId });
      if (rule.length === 0) throw notFound(`No rule "${ruleId}".`);
      const { limit, cursor, ...filters } = request.query;
      const page = await findingPage(ctx, { ...filters, ruleId }, limit, cursor);
      return { rule: propsOf(rule[0]!.r), ...page };
    },
  );
}
