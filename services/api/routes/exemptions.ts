/**
 * Exemptions (admin to create and revoke). Stored as Exemption nodes per docs/findings-model.md. The
 * evaluator applies them on every scan; here the matching Finding/AttackPath nodes are updated at
 * once (`exempted`, `exemptionId`, an EXEMPTS relationship) so the API reflects the change.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { propsOf } from '../graph.js';
import { badRequest, notFound, conflict } from '../problem.js';
import { exemptionSchema, withErrors } from '../schemas.js';
import type { RouteContext } from './context.js';

interface ExemptionBody {
  findingId?: string;
  ruleId?: string;
  resourceId?: string;
  scope?: string;
  reason: string;
  expiresAt?: string;
}

/** A Cypher predicate on `t` selecting what an exemption `x` covers (active or not). */
const COVERS = `(
  (x.findingId IS NOT NULL AND t.id = x.findingId) OR
  (x.findingId IS NULL AND t:Finding AND t.ruleId = x.ruleId AND (
    (x.resourceId IS NOT NULL AND t.resourceId = x.resourceId) OR
    (x.scope IS NOT NULL AND (t.scope = x.scope OR t.scope STARTS WITH x.scope + ':'))))
)`;

/** Active = not revoked and not expired (ISO strings in UTC compare in time order). */
const ACTIVE = `(x.revokedAt IS NULL AND (x.expiresAt IS NULL OR x.expiresAt > $now))`;

/** Exactly one of the three target forms, with a reason that says which rule was broken. */
function checkTarget(body: ExemptionBody): void {
  const given = (['findingId', 'ruleId', 'resourceId', 'scope'] as const).filter((k) => body[k] !== undefined);
  const form = given.join('+');
  if (form === 'findingId' || form === 'ruleId+resourceId' || form === 'ruleId+scope') return;
  throw badRequest(
    `Give exactly one target: { findingId }, { ruleId, resourceId } or { ruleId, scope }; got ${given.length ? given.join(', ') : 'none'}.`,
  );
}

function present(props: Record<string, unknown>, applied?: number): Record<string, unknown> {
  const now = new Date().toISOString();
  const active = props.revokedAt == null && (props.expiresAt == null || String(props.expiresAt) > now);
  return {
    id: props.id, findingId: props.findingId ?? null, ruleId: props.ruleId ?? null, resourceId: props.resourceId ?? null,
    scope: props.scope ?? null, reason: props.reason, createdBy: props.createdBy ?? null, createdAt: props.createdAt,
    expiresAt: props.expiresAt ?? null, revokedAt: props.revokedAt ?? null, active,
    ...(applied !== undefined ? { applied } : {}),
  };
}

export function registerExemptionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Body: ExemptionBody }>(
    '/exemptions',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['exemptions'],
        summary: 'Exempt a finding, a rule on a resource, or a rule in a scope',
        description: 'Exactly one target: { findingId } (a finding or attack path), { ruleId, resourceId } or { ruleId, scope }; reason required; expiresAt optional, in the future.',
        body: {
          type: 'object',
          properties: {
            findingId: { type: 'string', minLength: 1, description: 'a finding (f-...) or attack path (p-...) id' },
            ruleId: { type: 'string', minLength: 1 },
            resourceId: { type: 'string', minLength: 1 },
            scope: { type: 'string', minLength: 1 },
            reason: { type: 'string', minLength: 1, maxLength: 2000 },
            expiresAt: { type: 'string', format: 'date-time' },
          },
          required: ['reason'],
          additionalProperties: false,
        },
        response: withErrors({ 201: exemptionSchema }, [404]),
      },
    },
    async (request, reply) => {
      const body = request.body;
      checkTarget(body);
      const now = new Date().toISOString();
      let expiresAt: string | null = null;
      if (body.expiresAt !== undefined) {
        const time = Date.parse(body.expiresAt);
        if (Number.isNaN(time)) throw badRequest('expiresAt must be an ISO-8601 time.');
        if (time <= Date.now()) throw badRequest('expiresAt must be in the future.');
        expiresAt = new Date(time).toISOString();
      }
      if (body.findingId) {
        const found = await ctx.graph.read('MATCH (t) WHERE (t:Finding OR t:AttackPath) AND t.id = $id RETURN t.id AS id', { id: body.findingId });
        if (found.length === 0) throw notFound(`No finding or attack path "${body.findingId}".`);
      } else {
        const rule = await ctx.graph.read('MATCH (r:Rule {id: $id}) RETURN r.id AS id', { id: body.ruleId });
        if (rule.length === 0) throw notFound(`No rule "${body.ruleId}".`);
      }
      const id = 'ex-' + randomUUID();
      const { exemption, applied } = await ctx.graph.writeTransaction(async (run) => {
        const created = await run(
          `CREATE (x:Exemption {id: $id, reason: $reason, createdBy: $createdBy, createdAt: $now})
           SET x.expiresAt = $expiresAt, x.findingId = $findingId, x.ruleId = $ruleId, x.resourceId = $resourceId, x.scope = $scope
           RETURN x`,
          {
            id, reason: body.reason, createdBy: request.principal?.name ?? null, now, expiresAt,
            findingId: body.findingId ?? null, ruleId: body.ruleId ?? null, resourceId: body.resourceId ?? null, scope: body.scope ?? null,
          },
        );
        const linked = await run(
          `MATCH (x:Exemption {id: $id})
           MATCH (t) WHERE (t:Finding OR t:AttackPath) AND ${COVERS}
           MERGE (x)-[:EXEMPTS]->(t)
           SET t.exempted = true, t.exemptionId = x.id
           RETURN count(t) AS applied`,
          { id },
        );
        return { exemption: propsOf(created[0]!.x), applied: (linked[0]?.applied as number) ?? 0 };
      });
      return reply.code(201).header('location', `/v1/exemptions/${id}`).send(present(exemption, applied));
    },
  );
  app.get<{ Querystring: { active?: boolean } }>(
    '/exemptions',
    {
      schema: {
        tags: ['exemptions'],
        summary: 'List exemptions',
        querystring: { type: 'object', properties: { active: { type: 'boolean' } }, additionalProperties: false },
        response: withErrors({ 200: { type: 'object', properties: { items: { type: 'array', items: exemptionSchema } } } }),
      },
    },
    async (request) => {
      const rows = await ctx.graph.read(
        `MATCH (x:Exemption)
         OPTIONAL MATCH (x)-[:EXEMPTS]->(t) WHERE t.exemptionId = x.id
         RETURN x, count(t) AS applied ORDER BY x.createdAt DESC, x.id`,
      );
      const items = rows.map((row) => present(propsOf(row.x), row.applied as number));
      const wanted = request.query.active;
      return { items: wanted === undefined ? items : items.filter((item) => item.active === wanted) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/exemptions/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['exemptions'],
        summary: 'Revoke an exemption',
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: withErrors({ 200: exemptionSchema }, [404, 409]),
      },
    },
    async (request) => {
      const now = new Date().toISOString();
      const existing = await ctx.graph.read('MATCH (x:Exemption {id: $id}) RETURN x', { id: request.params.id });
      if (existing.length === 0) throw notFound(`No exemption "${request.params.id}".`);
      if (propsOf(existing[0]!.x).revokedAt != null) throw conflict(`Exemption "${request.params.id}" is already revoked.`);
      // Revoke, then re-point every target it exempted at another active exemption covering it, if any.
      const revoked = await ctx.graph.writeTransaction(async (run) => {
        const rows = await run(
          `MATCH (old:Exemption {id: $id})
           SET old.revokedAt = $now
           WITH old
           OPTIONAL MATCH (old)-[:EXEMPTS]->(t) WHERE t.exemptionId = old.id
           RETURN old, collect(t.id) AS targetIds`,
          { id: request.params.id, now },
        );
        await run(
          `UNWIND $targetIds AS targetId
           MATCH (t) WHERE (t:Finding OR t:AttackPath) AND t.id = targetId
           OPTIONAL MATCH (x:Exemption)-[:EXEMPTS]->(t) WHERE ${ACTIVE}
           WITH t, x ORDER BY x.createdAt
           WITH t, collect(x.id) AS others
           SET t.exempted = size(others) > 0, t.exemptionId = others[0]`,
          { targetIds: rows[0]!.targetIds, now },
        );
        return propsOf(rows[0]!.old);
      });
      return present(revoked, 0);
    },
  );
}
