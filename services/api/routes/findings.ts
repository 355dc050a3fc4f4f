/**
 * Findings: list with filters and cursor pagination, one finding, changes since a scan or time
 * (from FindingEvent nodes), and a streamed export as JSON, NDJSON or CSV.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { decodeCursor, encodeCursor, pagingQuery } from '../cursor.js';
import { int, propsOf } from '../graph.js';
import { badRequest, notFound } from '../problem.js';
import { csvLine } from '../csv.js';
import { findingSchema, findingStatusEnum, listParam, pageOf, withErrors, withParsedEvidence, attackPathSchema } from '../schemas.js';
import { Conditions, type RouteContext } from './context.js';

export interface FindingFilters {
  ruleId?: string;
  severity?: string;
  status?: string;
  resourceId?: string;
  scope?: string;
  exempted?: boolean;
}

export const findingFilterQuery = {
  ruleId: { type: 'string' },
  severity: { type: 'string', description: 'Critical, High, Medium or Low; several comma-separated' },
  status: { type: 'string', description: 'new, active, resolved or reopened; several comma-separated' },
  resourceId: { type: 'string' },
  scope: { type: 'string', description: 'aws:<account>[:<region>] or azure:<subscriptionId>' },
  exempted: { type: 'boolean' },
} as const;

export function findingConditions(filters: FindingFilters): Conditions {
  const conditions = new Conditions();
  if (filters.ruleId) conditions.add('f.ruleId = $ruleId', { ruleId: filters.ruleId });
  const severities = listParam(filters.severity);
  if (severities) conditions.add('f.severity IN $severities', { severities });
  const statuses = listParam(filters.status);
  if (statuses) {
    for (const status of statuses) {
      if (!(findingStatusEnum as readonly string[]).includes(status)) throw badRequest(`Unknown status "${status}".`);
    }
    conditions.add('f.status IN $statuses', { statuses });
  }
  if (filters.resourceId) conditions.add('f.resourceId = $resourceId', { resourceId: filters.resourceId });
  conditions.scope('f', filters.scope);
  if (filters.exempted !== undefined) conditions.add('coalesce(f.exempted, false) = $exempted', { exempted: filters.exempted });
  return conditions;
}

/** One page of findings ordered by id, after the cursor's id. */
export async function findingPage(
  ctx: RouteContext,
  filters: FindingFilters,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const conditions = findingConditions(filters);
  const after = decodeCursor(cursor, ['string']);
  if (after) conditions.add('f.id > $afterId', { afterId: after[0] });
  const rows = await ctx.graph.read(
    `MATCH (f:Finding) ${conditions.where()} RETURN f ORDER BY f.id LIMIT $limit`,
    { ...conditions.params, limit: int(limit + 1) },
  );
  const items = rows.slice(0, limit).map((row) => withParsedEvidence(propsOf(row.f)));
  const nextCursor = rows.length > limit ? encodeCursor([String(items[items.length - 1]!.id)]) : null;
  return { items, nextCursor };
}

const CSV_COLUMNS = [
  'id', 'ruleId', 'severity', 'title', 'status', 'resourceId', 'resourceLabel', 'scope', 'cloud',
  'firstSeen', 'lastSeen', 'resolvedAt', 'lastScanId', 'exempted', 'exemptionId',
] as const;

/** Joins small pieces into ~64 KB chunks: one socket write per chunk, not per finding. */
async function* chunked(pieces: AsyncGenerator<string>, size = 64 * 1024): AsyncGenerator<string> {
  let buffer = '';
  for await (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

async function* exportFindings(ctx: RouteContext, filters: FindingFilters, format: 'json' | 'ndjson' | 'csv'): AsyncGenerator<string> {
  if (format === 'csv') yield csvLine([...CSV_COLUMNS]);
  if (format === 'json') yield '[';
  const conditions = findingConditions(filters);
  let first = true;
  // One query, streamed: the store sorts once and the driver pulls 500 rows at a time as the client reads.
  for await (const row of ctx.graph.stream(`MATCH (f:Finding) ${conditions.where()} RETURN f ORDER BY f.id`, conditions.params)) {
    const finding = withParsedEvidence(propsOf(row.f));
    if (format === 'csv') yield csvLine(CSV_COLUMNS.map((column) => finding[column]));
    else if (format === 'ndjson') yield JSON.stringify(finding) + '\n';
    else {
      yield (first ? '\n' : ',\n') + JSON.stringify(finding);
      first = false;
    }
  }
  if (format === 'json') yield '\n]\n';
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

export function registerFindingRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: FindingFilters & { limit: number; cursor?: string } }>(
    '/findings',
    {
      schema: {
        tags: ['findings'],
        summary: 'List findings',
        querystring: { type: 'object', properties: { ...findingFilterQuery, ...pagingQuery }, additionalProperties: false },
        response: withErrors({ 200: pageOf(findingSchema) }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return findingPage(ctx, filters, limit, cursor);
    },
  );

  app.get<{ Querystring: FindingFilters & { format: 'json' | 'ndjson' | 'csv' } }>(
    '/findings/export',
    {
      schema: {
        tags: ['findings'],
        summary: 'Export findings (streamed)',
        description: 'JSON array, NDJSON (one finding per line) or CSV (RFC 4180; cells starting with = + - @ are prefixed with \' against formula injection).',
        querystring: {
          type: 'object',
          properties: { ...findingFilterQuery, format: { type: 'string', enum: ['json', 'ndjson', 'csv'], default: 'json' } },
          additionalProperties: false,
        },
        response: withErrors({ 200: { description: 'The findings in the requested format', type: 'string' } }),
      },
    },
    async (request, reply) => {
      const { format, ...filters } = request.query;
      findingConditions(filters); // validate filters before the stream starts: errors after the headers cannot be problems
      const types = { json: 'application/json', ndjson: 'application/x-ndjson', csv: 'text/csv; charset=utf-8' } as const;
      const extension = format === 'ndjson' ? 'ndjson' : format;
      reply.type(types[format]).header('content-disposition', `attachment; filename="findings.${extension}"`);
      return reply.send(Readable.from(chunked(exportFindings(ctx, filters, format))));
    },
  );

  app.get<{ Querystring: { since: string; kind: 'finding' | 'path' | 'all' } }>(
    '/findings/changes',
    {
      schema: {
        tags: ['findings'],
        summary: 'Findings (and paths) that became new, resolved or reopened since a scan or a time',
        querystring: {
          type: 'object',
          properties: {
            since: { type: 'string', minLength: 1, description: 'A ScanRun id, or an ISO-8601 time' },
            kind: { type: 'string', enum: ['finding', 'path', 'all'], default: 'finding' },
          },
          required: ['since'],
          additionalProperties: false,
        },
        response: withErrors(
          {
            200: {
              type: 'object',
              properties: {
                since: { type: 'string' },
                sinceTime: { type: 'string' },
                scans: { type: 'array', items: { type: 'string' } },
                new: { type: 'array', items: { type: 'object', additionalProperties: true } },
                resolved: { type: 'array', items: { type: 'object', additionalProperties: true } },
                reopened: { type: 'array', items: { type: 'object', additionalProperties: true } },
                events: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      id: { type: 'string' }, subjectId: { type: 'string' }, subjectKind: { type: 'string' },
                      change: { type: 'string' }, scanId: { type: 'string' }, at: { type: 'string' },
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
      const { since, kind } = request.query;
      let sinceTime: string;
      let rows: Record<string, unknown>[];
      const kinds = kind === 'all' ? ['finding', 'path'] : [kind];
      if (ISO_TIME.test(since) && !Number.isNaN(Date.parse(since))) {
        sinceTime = new Date(since).toISOString();
        rows = await ctx.graph.read(
          `MATCH (e:FindingEvent) WHERE e.at > $sinceTime AND e.subjectKind IN $kinds RETURN e ORDER BY e.at, e.id`,
          { sinceTime, kinds },
        );
      } else {
        // A scan id: the events of the scans started after it (ScanRun order, not clock comparisons
        // between the loader's and the evaluator's times); without a ScanRun, the events after its own.
        const anchor = await ctx.graph.read(
          `OPTIONAL MATCH (s:ScanRun {id: $since})
           OPTIONAL MATCH (e:FindingEvent {scanId: $since})
           RETURN s.startedAt AS startedAt, max(e.at) AS lastEvent`,
          { since },
        );
        const startedAt = anchor[0]?.startedAt as string | null | undefined;
        const lastEvent = anchor[0]?.lastEvent as string | null | undefined;
        if (startedAt) {
          sinceTime = startedAt;
          rows = await ctx.graph.read(
            `MATCH (later:ScanRun) WHERE later.startedAt > $startedAt
             WITH collect(later.id) AS laterScans
             MATCH (e:FindingEvent) WHERE e.scanId IN laterScans AND e.subjectKind IN $kinds
             RETURN e ORDER BY e.at, e.id`,
            { startedAt, kinds },
          );
        } else if (lastEvent) {
          sinceTime = lastEvent;
          rows = await ctx.graph.read(
            `MATCH (e:FindingEvent) WHERE e.at > $sinceTime AND e.scanId <> $since AND e.subjectKind IN $kinds RETURN e ORDER BY e.at, e.id`,
            { sinceTime, since, kinds },
          );
        } else {
          throw notFound(`No scan "${since}" is known (neither a ScanRun nor its FindingEvents).`);
        }
      }
      const events = rows.map((row) => propsOf(row.e) as { id: string; subjectId: string; subjectKind: string; change: string; scanId: string; at: string });
      // The net change per subject is its latest event; a subject that went new → resolved counts as resolved.
      const latest = new Map<string, (typeof events)[number]>();
      for (const event of events) latest.set(event.subjectId, event);
      const subjects = await ctx.graph.read(
        // One labelled lookup per kind (an id index each); `(n:Finding OR n:AttackPath)` read every node.
        `MATCH (n:Finding) WHERE n.id IN $ids RETURN n UNION ALL MATCH (n:AttackPath) WHERE n.id IN $ids RETURN n`,
        { ids: [...latest.keys()] },
      );
      const byId = new Map(subjects.map((row) => {
        const props = withParsedEvidence(propsOf(row.n));
        return [String(props.id), props] as const;
      }));
      const grouped: Record<'new' | 'resolved' | 'reopened', Record<string, unknown>[]> = { new: [], resolved: [], reopened: [] };
      for (const event of latest.values()) {
        const subject = byId.get(event.subjectId) ?? { id: event.subjectId };
        const bucket = grouped[event.change as 'new' | 'resolved' | 'reopened'];
        if (bucket) bucket.push({ ...subject, subjectKind: event.subjectKind, change: event.change, changedAt: event.at, changeScanId: event.scanId });
      }
      return { since, sinceTime, scans: [...new Set(events.map((e) => e.scanId))], ...grouped, events };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/findings/:id',
    {
      schema: {
        tags: ['findings'],
        summary: 'One finding, with its rule and exemptions',
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: withErrors(
          {
            200: {
              type: 'object',
              properties: {
                finding: findingSchema,
                rule: { type: ['object', 'null'], additionalProperties: true },
                exemptions: { type: 'array', items: { type: 'object', additionalProperties: true } },
                paths: { type: 'array', items: attackPathSchema },
              },
            },
          },
          [404],
        ),
      },
    },
    async (request) => {
      const rows = await ctx.graph.read(
        `MATCH (f:Finding {id: $id})
         OPTIONAL MATCH (rule:Rule {id: f.ruleId})
         OPTIONAL MATCH (x:Exemption)-[:EXEMPTS]->(f)
         RETURN f, rule, collect(x) AS exemptions`,
        { id: request.params.id },
      );
      const row = rows[0];
      if (!row) throw notFound(`No finding "${request.params.id}".`);
      const finding = withParsedEvidence(propsOf(row.f));
      const paths = await ctx.graph.read(
        // The paths through the finding's resource, by their STEP relationships (not a scan of every path's nodeIds).
        `MATCH (r:Resource {id: $resourceId})<-[:STEP]-(p:AttackPath)
         WITH DISTINCT p ORDER BY p.riskScore DESC, p.id LIMIT 100
         RETURN p`,
        { resourceId: finding.resourceId ?? null },
      );
      return {
        finding,
        rule: row.rule ? propsOf(row.rule) : null,
        exemptions: (row.exemptions as unknown[]).map(propsOf),
        paths: paths.map((p) => withParsedEvidence(propsOf(p.p))),
      };
    },
  );
}
