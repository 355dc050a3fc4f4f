/**
 * Inventory: the scoped nodes the ingest writes (graph/schema NODE_KINDS with lifetime 'scoped'),
 * filterable and cursor-paginated by id; one resource with its posture (findings by severity, the
 * attack paths through it, its identities and their grants).
 */
import type { FastifyInstance } from 'fastify';
import { NODE_KINDS } from '../../../graph/schema/index.js';
import { decodeCursor, encodeCursor, pagingQuery } from '../cursor.js';
import { int, propsOf } from '../graph.js';
import { badRequest, notFound } from '../problem.js';
import { attackPathSchema, findingSchema, propsSchema, withErrors, withParsedEvidence } from '../schemas.js';
import { Conditions, type RouteContext } from './context.js';

export const INVENTORY_LABELS: readonly string[] = NODE_KINDS.filter((kind) => kind.lifetime === 'scoped').map((kind) => kind.label);

/** Labels belonging to each serverless container platform (Azure Container has no platform of its own). */
export const PLATFORM_LABELS: Record<string, readonly string[]> = {
  ACA: ['ContainerApp', 'ManagedEnvironment', 'AuthConfig'],
  ACI: ['ContainerGroup'],
  ECS: ['EcsCluster', 'EcsService', 'EcsTask', 'TaskDefinition', 'ContainerDefinition'],
};

/** Rules whose findings mean "reachable from the internet" (docs/recommendations.md). */
const EXPOSURE_RULES = ['aca-public-ingress', 'aci-public-ip', 'ecs-public-task'];

function typeOf(labels: string[]): string {
  return labels.find((l) => INVENTORY_LABELS.includes(l)) ?? labels[0] ?? 'Node';
}

function platformOf(type: string): string | null {
  for (const [platform, labels] of Object.entries(PLATFORM_LABELS)) if (labels.includes(type)) return platform;
  return null;
}

function summary(node: { labels: string[]; properties: Record<string, unknown> }) {
  const props = node.properties;
  const type = typeOf(node.labels);
  return {
    id: String(props.id),
    type,
    labels: node.labels,
    name: (props.name as string | undefined) ?? null,
    cloud: (props.cloud as string | undefined) ?? null,
    scope: (props.scope as string | undefined) ?? null,
    region: ((props.region ?? props.location) as string | undefined) ?? null,
    platform: platformOf(type),
    properties: props,
  };
}

const resourceSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, type: { type: 'string' }, labels: { type: 'array', items: { type: 'string' } },
    name: { type: ['string', 'null'] }, cloud: { type: ['string', 'null'] }, scope: { type: ['string', 'null'] },
    region: { type: ['string', 'null'] }, platform: { type: ['string', 'null'] }, properties: propsSchema,
  },
} as const;

interface ResourceFilters {
  cloud?: string;
  platform?: string;
  type?: string;
  scope?: string;
  region?: string;
  hasFindings?: boolean;
  exposed?: boolean;
}

async function idSet(ctx: RouteContext, query: string, params: Record<string, unknown> = {}): Promise<string[]> {
  const rows = await ctx.graph.read(query, params);
  return (rows[0]?.ids as string[] | undefined) ?? [];
}

export function registerResourceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: ResourceFilters & { limit: number; cursor?: string } }>(
    '/resources',
    {
      schema: {
        tags: ['inventory'],
        summary: 'List resources',
        querystring: {
          type: 'object',
          properties: {
            cloud: { type: 'string', enum: ['aws', 'azure'] },
            platform: { type: 'string', enum: Object.keys(PLATFORM_LABELS) },
            type: { type: 'string', description: `node label: ${INVENTORY_LABELS.join(', ')}` },
            scope: { type: 'string', description: 'aws:<account>[:<region>] or azure:<subscriptionId>' },
            region: { type: 'string', description: 'AWS region or Azure location' },
            hasFindings: { type: 'boolean', description: 'has open (not resolved) findings' },
            exposed: { type: 'boolean', description: 'reachable from the internet (exposure finding, Internet edge, or entry of an open path)' },
            ...pagingQuery,
          },
          additionalProperties: false,
        },
        response: withErrors({ 200: { type: 'object', properties: { items: { type: 'array', items: resourceSchema }, nextCursor: { type: ['string', 'null'] } } } }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      const conditions = new Conditions();
      let labels = INVENTORY_LABELS;
      if (filters.platform) labels = PLATFORM_LABELS[filters.platform]!;
      if (filters.type) {
        if (!INVENTORY_LABELS.includes(filters.type)) throw badRequest(`Unknown resource type "${filters.type}"; one of ${INVENTORY_LABELS.join(', ')}.`);
        labels = labels.filter((l) => l === filters.type);
      }
      if (filters.cloud) conditions.add('r.cloud = $cloud', { cloud: filters.cloud });
      conditions.scope('r', filters.scope);
      if (filters.region) conditions.add('coalesce(r.region, r.location) = $region', { region: filters.region });
      if (filters.hasFindings !== undefined) {
        const ids = await idSet(ctx, `MATCH (f:Finding) WHERE f.status <> 'resolved' RETURN collect(DISTINCT f.resourceId) AS ids`);
        conditions.add(filters.hasFindings ? 'r.id IN $findingIds' : 'NOT r.id IN $findingIds', { findingIds: ids });
      }
      if (filters.exposed !== undefined) {
        const fromFindings = await idSet(
          ctx,
          `MATCH (f:Finding) WHERE f.ruleId IN $rules AND f.status <> 'resolved' RETURN collect(DISTINCT f.resourceId) AS ids`,
          { rules: EXPOSURE_RULES },
        );
        const fromInternet = await idSet(ctx, `MATCH (:Internet)-->(n) RETURN collect(DISTINCT n.id) AS ids`);
        const fromPaths = await idSet(ctx, `MATCH (p:AttackPath) WHERE p.status <> 'resolved' RETURN collect(DISTINCT p.entryId) AS ids`);
        const exposedIds = [...new Set([...fromFindings, ...fromInternet, ...fromPaths])];
        conditions.add(filters.exposed ? 'r.id IN $exposedIds' : 'NOT r.id IN $exposedIds', { exposedIds });
      }
      const after = decodeCursor(cursor, ['string']);
      if (after) conditions.add('r.id > $afterId', { afterId: after[0] });
      // One label scan per kind (the store indexes labels; a label-less scan would read every node,
      // findings and events included), ids only and each cut at the page size; merged by id; then the
      // page's nodes fetched by label and id.
      const params = { ...conditions.params, limit: int(limit + 1) };
      const idsPerLabel = await ctx.graph.readMany(
        labels.map((label) => ({ query: `MATCH (r:\`${label}\`) ${conditions.where()} RETURN r.id AS id ORDER BY id LIMIT $limit`, params })),
      );
      const page = idsPerLabel
        .flatMap((rows, i) => rows.map((row) => ({ id: String(row.id), label: labels[i]! })))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, limit + 1);
      const groups = [...new Set(page.map((entry) => entry.label))];
      const fetched = await ctx.graph.readMany(
        groups.map((label) => ({
          query: `MATCH (r:\`${label}\`) WHERE r.id IN $ids RETURN r`,
          params: { ids: page.filter((entry) => entry.label === label).map((entry) => entry.id) },
        })),
      );
      const nodeOf = new Map<string, unknown>();
      fetched.forEach((rows, i) => rows.forEach((row) => nodeOf.set(`${groups[i]}\u0000${String((row.r as { properties: { id: unknown } }).properties.id)}`, row.r)));
      const rows = page.map((entry) => ({ r: nodeOf.get(`${entry.label}\u0000${entry.id}`) })).filter((row) => row.r !== undefined);
      const items = rows.slice(0, limit).map((row) => summary(row.r as { labels: string[]; properties: Record<string, unknown> }));
      return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]!.id]) : null };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/resources/:id',
    {
      schema: {
        tags: ['inventory'],
        summary: 'One resource with its posture',
        description: 'The id is the cloud id (lower-case ARM id or exact ARN), URL-encoded as one path segment.',
        params: { type: 'object', properties: { id: { type: 'string', minLength: 1 } }, required: ['id'] },
        response: withErrors(
          {
            200: {
              type: 'object',
              properties: {
                resource: resourceSchema,
                findingsBySeverity: { type: 'object', additionalProperties: { type: 'integer' } },
                findings: { type: 'array', items: findingSchema },
                attackPaths: { type: 'array', items: attackPathSchema },
                identities: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      id: { type: 'string' }, type: { type: 'string' }, name: { type: ['string', 'null'] }, via: { type: 'string' },
                      properties: propsSchema,
                      grants: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            id: { type: 'string' }, type: { type: 'string' }, role: { type: ['string', 'null'] },
                            scope: { type: ['string', 'null'] }, scopeLevel: { type: ['string', 'null'] }, properties: propsSchema,
                          },
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
    async (request, reply) => ctx.responses.send(reply, `resource:${request.params.id}`, async () => {
      const id = request.params.id;
      // Every lookup starts from an index: the shared Resource label on id (graph/schema RESOURCE_LABEL), findings
      // on resourceId, paths through their STEP relationships to the resource. One transaction, one view.
      const [found, findingRows, pathRows, identityRows] = await ctx.graph.readMany([
        { query: `MATCH (r:Resource {id: $id}) WHERE any(l IN labels(r) WHERE l IN $labels) RETURN r LIMIT 1`, params: { id, labels: INVENTORY_LABELS } },
        { query: `MATCH (f:Finding) WHERE f.resourceId = $id RETURN f ORDER BY f.status = 'resolved', f.severity, f.id`, params: { id } },
        {
          // A path is listed once however often it crosses the resource.
          query: `MATCH (r:Resource {id: $id})<-[:STEP]-(p:AttackPath)
                  WITH DISTINCT p
                  RETURN p ORDER BY coalesce(p.riskScore, 0) DESC, p.id`,
          params: { id },
        },
        {
          // Identities: Azure managed identities of an app or group; the ECS task role of a task definition, of a
          // service's or task's task definitions, and a running task's override.
          query: `MATCH (r:Resource {id: $id}) WHERE any(l IN labels(r) WHERE l IN $labels)
         OPTIONAL MATCH (r)-[direct:HAS_IDENTITY|TASK_ROLE]->(i1)
         OPTIONAL MATCH (r)-[:RUNS_TASK_DEFINITION]->(td:TaskDefinition)-[:TASK_ROLE]->(i2)
         WITH collect(DISTINCT {node: i1, via: type(direct)}) + collect(DISTINCT {node: i2, via: 'RUNS_TASK_DEFINITION/' + td.id}) AS found
         UNWIND found AS entry
         WITH entry WHERE entry.node IS NOT NULL
         WITH entry.node AS i, collect(entry.via) AS vias
         OPTIONAL MATCH (i)-[:HAS_ROLE_ASSIGNMENT|HAS_POLICY]->(g)
         OPTIONAL MATCH (g)-[:OF_ROLE]->(d:RoleDefinition)
         RETURN i, vias, collect(CASE WHEN g IS NULL THEN null ELSE {grant: g, role: d.roleName} END) AS grants
         ORDER BY i.id`,
          params: { id, labels: INVENTORY_LABELS },
        },
      ]);
      if (found!.length === 0) throw notFound(`No resource "${id}".`);
      const resource = summary(found![0]!.r as { labels: string[]; properties: Record<string, unknown> });

      const findings = findingRows!.map((row) => withParsedEvidence(propsOf(row.f)));
      const findingsBySeverity: Record<string, number> = { Critical: 0, High: 0, Medium: 0, Low: 0 };
      for (const finding of findings) {
        if (finding.status === 'resolved' || finding.exempted === true) continue;
        const severity = String(finding.severity);
        findingsBySeverity[severity] = (findingsBySeverity[severity] ?? 0) + 1;
      }

      const identities = identityRows!.map((row) => {
        const node = row.i as { labels: string[]; properties: Record<string, unknown> };
        const grants = (row.grants as ({ grant: { labels: string[]; properties: Record<string, unknown> }; role: string | null } | null)[])
          .filter((g): g is NonNullable<typeof g> => g !== null)
          .map(({ grant, role }) => ({
            id: String(grant.properties.id),
            type: typeOf(grant.labels),
            role: role ?? ((grant.properties.policyKind ? grant.properties.name : grant.properties.roleDefinitionGuid) as string | null) ?? null,
            scope: (grant.properties.scopeId as string | undefined) ?? null,
            scopeLevel: (grant.properties.scopeLevel as string | undefined) ?? null,
            properties: grant.properties,
          }));
        return {
          id: String(node.properties.id),
          type: typeOf(node.labels),
          name: (node.properties.name as string | undefined) ?? null,
          via: (row.vias as string[]).join(', '),
          properties: node.properties,
          grants,
        };
      });

      return {
        resource,
        findingsBySeverity,
        findings,
        attackPaths: pathRows!.map((row) => withParsedEvidence(propsOf(row.p))),
        identities,
      };
    }),
  );
}
