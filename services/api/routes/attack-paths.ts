/**
 * Attack paths: list (riskScore desc, then id), one path as drawable nodes and edges in path
 * order, and choke points: the nodes whose removal breaks the most open paths.
 */
import type { FastifyInstance } from 'fastify';
import { decodeCursor, encodeCursor, pagingQuery } from '../cursor.js';
import { int, propsOf } from '../graph.js';
import { notFound } from '../problem.js';
import { attackPathSchema, listParam, pageOf, propsSchema, withErrors, withParsedEvidence } from '../schemas.js';
import { Conditions, type RouteContext } from './context.js';

interface PathFilters {
  risk?: string;
  cloud?: string;
  entry?: string;
  target?: string;
  scope?: string;
  status?: string;
  exempted?: boolean;
}

/** Cloud of a path: its own property when the evaluator sets one, else from the entry id's form. */
const PATH_CLOUD = `coalesce(p.cloud, CASE WHEN p.entryId STARTS WITH 'arn:' THEN 'aws' ELSE 'azure' END)`;

function pathConditions(filters: PathFilters): Conditions {
  const conditions = new Conditions();
  const risks = listParam(filters.risk);
  if (risks) conditions.add('p.risk IN $risks', { risks });
  if (filters.cloud) conditions.add(`${PATH_CLOUD} = $cloud`, { cloud: filters.cloud });
  if (filters.entry) conditions.add('p.entryId = $entry', { entry: filters.entry });
  if (filters.target) conditions.add('(p.targetId = $target OR p.identityId = $target)', { target: filters.target });
  if (filters.scope) {
    const exact = conditions.param(filters.scope);
    const prefix = conditions.param(filters.scope + ':');
    // A path is in a scope when its entry workload is (paths carry no scope of their own in the contract).
    conditions.add(
      `(p.scope = ${exact} OR p.scope STARTS WITH ${prefix} OR EXISTS { MATCH (p)-[:STEP]->(entry) WHERE entry.id = p.entryId AND (entry.scope = ${exact} OR entry.scope STARTS WITH ${prefix}) })`,
    );
  }
  const statuses = listParam(filters.status);
  if (statuses) conditions.add('p.status IN $statuses', { statuses });
  if (filters.exempted !== undefined) conditions.add('coalesce(p.exempted, false) = $exempted', { exempted: filters.exempted });
  return conditions;
}

const drawableSchema = {
  type: 'object',
  properties: {
    path: attackPathSchema,
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, label: { type: 'string' }, labels: { type: 'array', items: { type: 'string' } }, name: { type: ['string', 'null'] }, order: { type: 'integer' }, props: propsSchema },
      },
    },
    edges: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          from: { type: 'string' }, to: { type: 'string' }, type: { type: 'string' }, props: propsSchema,
          inferred: { type: 'boolean', description: 'no stored relationship joins the pair (e.g. a permission to modify the next workload); type is REACHES' },
        },
      },
    },
  },
} as const;

/** Labels that are roles shared by many kinds; the drawable label prefers the specific one. */
const GENERIC_LABELS = new Set(['Resource', 'AzureScope', 'Identity', 'Workload', 'Principal']);

function primaryLabel(labels: string[]): string {
  return labels.find((l) => !GENERIC_LABELS.has(l)) ?? labels[0] ?? 'Node';
}

export function registerAttackPathRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: PathFilters & { limit: number; cursor?: string; evidence: boolean } }>(
    '/attack-paths',
    {
      schema: {
        tags: ['attack-paths'],
        summary: 'List attack paths, riskiest first',
        querystring: {
          type: 'object',
          properties: {
            risk: { type: 'string', description: 'Critical, High, Medium, Low; several comma-separated' },
            cloud: { type: 'string', enum: ['aws', 'azure'] },
            entry: { type: 'string', description: 'entry workload id' },
            target: { type: 'string', description: 'identity, scope or role id the path reaches' },
            scope: { type: 'string' },
            status: { type: 'string', description: 'new, active, resolved, reopened; several comma-separated' },
            exempted: { type: 'boolean' },
            evidence: { type: 'boolean', default: false, description: 'include each path\'s evidence (large; GET /v1/attack-paths/:id always has it)' },
            ...pagingQuery,
          },
          additionalProperties: false,
        },
        response: withErrors({ 200: pageOf(attackPathSchema) }),
      },
    },
    async (request, reply) =>
      // The page depends only on the query string and the store's state: reused until the next commit.
      ctx.responses.send(reply, `attack-paths?${JSON.stringify(request.query)}`, async () => {
        const { limit, cursor, evidence, ...filters } = request.query;
        const conditions = pathConditions(filters);
        const after = decodeCursor(cursor, ['number', 'string']);
        if (after) {
          conditions.add('(coalesce(p.riskScore, 0) < $afterScore OR (coalesce(p.riskScore, 0) = $afterScore AND p.id > $afterId))', {
            afterScore: int(after[0] as number),
            afterId: after[1],
          });
        }
        // Sort and cut the nodes first, then build maps for the page only (projecting every path before the
        // LIMIT cost a map per AttackPath per request).
        const rows = await ctx.graph.read(
          `MATCH (p:AttackPath) ${conditions.where()}
           WITH p ORDER BY coalesce(p.riskScore, 0) DESC, p.id LIMIT $limit
           RETURN ${evidence ? 'properties(p)' : 'p {.*, evidence: null}'} AS p`,
          { ...conditions.params, limit: int(limit + 1) },
        );
        const items = rows.slice(0, limit).map((row) => {
          const props = withParsedEvidence(row.p as Record<string, unknown>);
          if (!evidence) delete props.evidence;
          return props;
        });
        const last = items[items.length - 1];
        return {
          items,
          nextCursor: rows.length > limit && last ? encodeCursor([Number(last.riskScore ?? 0), String(last.id)]) : null,
        };
      }),
  );

  app.get<{ Querystring: { limit: number; labels?: string } }>(
    '/attack-paths/choke-points',
    {
      schema: {
        tags: ['attack-paths'],
        summary: 'Grants and exposures ranked by how many open paths removing each would break',
        description:
          'Counts, for every node on an open (not resolved, not exempted) path other than its first node (the Internet) and its target, the paths that cross it.',
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            labels: { type: 'string', description: 'only nodes with one of these labels (comma-separated)' },
          },
          additionalProperties: false,
        },
        response: withErrors({
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' }, label: { type: 'string' }, labels: { type: 'array', items: { type: 'string' } },
                    name: { type: ['string', 'null'] }, paths: { type: 'integer' }, maxRiskScore: { type: 'number' },
                    pathIds: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
              openPaths: { type: 'integer' },
            },
          },
        }),
      },
    },
    async (request) => {
      const labels = listParam(request.query.labels);
      const rows = await ctx.graph.read(
        `MATCH (p:AttackPath)-[s:STEP]->(n)
         WHERE coalesce(p.status, 'active') <> 'resolved' AND NOT coalesce(p.exempted, false)
           AND s.order > 0 AND (p.targetId IS NULL OR n.id <> p.targetId)
           AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels))
         WITH n, collect(DISTINCT p.id) AS pathIds, max(coalesce(p.riskScore, 0)) AS maxRiskScore
         RETURN n.id AS id, labels(n) AS labels, n.name AS name, size(pathIds) AS paths, maxRiskScore, pathIds
         ORDER BY paths DESC, maxRiskScore DESC, id
         LIMIT $limit`,
        { labels, limit: int(request.query.limit) },
      );
      const open = await ctx.graph.read(
        `MATCH (p:AttackPath) WHERE coalesce(p.status, 'active') <> 'resolved' AND NOT coalesce(p.exempted, false) RETURN count(p) AS n`,
      );
      return {
        items: rows.map((row) => ({
          id: String(row.id),
          label: primaryLabel(row.labels as string[]),
          labels: row.labels as string[],
          name: (row.name as string | null) ?? null,
          paths: row.paths as number,
          maxRiskScore: row.maxRiskScore as number,
          pathIds: (row.pathIds as string[]).slice(0, 20).sort(),
        })),
        openPaths: (open[0]?.n as number) ?? 0,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/attack-paths/:id',
    {
      schema: {
        tags: ['attack-paths'],
        summary: 'One attack path as nodes and edges in path order',
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: withErrors({ 200: drawableSchema }, [404]),
      },
    },
    async (request, reply) => ctx.responses.send(reply, `attack-path:${request.params.id}`, () => drawPath(ctx, request.params.id)),
  );
}

/**
 * One path with its nodes in order and, for each consecutive pair, the relationship joining them (whichever way it
 * points; the path's order gives the edge's direction for drawing): one query, one transaction. Both ends of each
 * pair are bound through STEP, so the store only expands the first node's own relationships.
 */
async function drawPath(ctx: RouteContext, id: string) {
  const rows = await ctx.graph.read(
    `MATCH (p:AttackPath {id: $id})
     OPTIONAL MATCH (p)-[s:STEP]->(n)
     WITH p, s.order AS ord, n ORDER BY ord
     WITH p, collect(ord) AS orders, collect(n) AS steps
     UNWIND CASE WHEN size(steps) < 2 THEN [null] ELSE range(0, size(steps) - 2) END AS i
     WITH p, orders, steps, i, steps[i] AS a, steps[i + 1] AS b
     OPTIONAL MATCH (a)-[r]-(b) WHERE type(r) <> 'STEP'
     WITH p, orders, steps, collect(CASE WHEN r IS NULL THEN null ELSE {i: i, type: type(r), props: properties(r)} END) AS links
     RETURN p, orders, steps, links`,
    { id },
  );
  const row = rows[0];
  if (row === undefined) throw notFound(`No attack path "${id}".`);
  const path = withParsedEvidence(propsOf(row.p));
  const orders = row.orders as number[];
  const nodes = (row.steps as { labels: string[]; properties: Record<string, unknown> }[]).map((node, i) => ({
    id: String(node.properties.id ?? ''),
    label: primaryLabel(node.labels),
    labels: node.labels,
    name: (node.properties.name as string | undefined) ?? null,
    order: orders[i]!,
    props: node.properties,
  }));
  // The first relationship found per pair (by position in the path).
  const edgeOf = new Map<number, { type: string; props: Record<string, unknown> }>();
  for (const link of row.links as { i: number; type: string; props: Record<string, unknown> | null }[]) {
    if (!edgeOf.has(link.i)) edgeOf.set(link.i, { type: String(link.type), props: link.props ?? {} });
  }
  const edges = nodes.slice(1).map((node, i) => {
    const found = edgeOf.get(i);
    return { from: nodes[i]!.id, to: node.id, type: found?.type ?? 'REACHES', props: found?.props ?? {}, inferred: !found };
  });
  return { path, nodes, edges };
}
