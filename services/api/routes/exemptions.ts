/**
 * Exemptions (admin to create and revoke). Stored as Exemption nodes per docs/findings-model.md. The
 * evaluator applies them on every scan; here the matching Finding/AttackPath nodes are updated at
 * once (`exempted`, `exemptionId`, an EXEMPTS relationship) so the API reflects the change.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { propsOf, type RowRunner } from '../graph.js';
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

/**
 * A Cypher predicate on `t` selecting what an exemption `x` covers, as services/evaluate/exemptions.ts
 * decides it on every scan: a finding matches on its rule, a path on its kind (with its entry as the
 * resource and no scope); resource ids compare case-insensitively; a scope covers itself and the
 * scopes below it, and an ARM scope (`/subscriptions/…`) also covers resource ids beneath it.
 */
const COVERS = `(
  (x.findingId IS NOT NULL AND t.id = x.findingId) OR
  (x.findingId IS NULL AND
    ((t:Finding AND t.ruleId = x.ruleId) OR (t:AttackPath AND t.kind = x.ruleId)) AND (
      (x.resourceId IS NOT NULL AND toLower(CASE WHEN t:AttackPath THEN t.entryId ELSE t.resourceId END) = toLower(x.resourceId)) OR
      (x.scope IS NOT NULL AND (
        (t:Finding AND (toLower(t.scope) = toLower(x.scope) OR toLower(t.scope) STARTS WITH toLower(x.scope) + ':')) OR
        (x.scope STARTS WITH '/' AND (
          toLower(CASE WHEN t:AttackPath THEN t.entryId ELSE t.resourceId END) = toLower(x.scope) OR
          toLower(CASE WHEN t:AttackPath THEN t.entryId ELSE t.resourceId END) STARTS WITH toLower(x.scope) + '/'))))))
)`;

/** Active = not revoked and not expired (ISO strings in UTC compare in time order). */
const ACTIVE = `(x.revokedAt IS NULL AND (x.expiresAt IS NULL OR x.expiresAt > $now))`;

/**
 * Sets `exempted`/`exemptionId` of the given findings (or paths: one statement per label, so each id is an index
 * lookup instead of a read of every node) from every active exemption covering them, the lowest id winning as in
 * the evaluator, so the API and the next scan agree.
 */
const recompute = (label: 'Finding' | 'AttackPath') => `
  UNWIND $targetIds AS targetId
  MATCH (t:${label} {id: targetId})
  OPTIONAL MATCH (x:Exemption) WHERE ${ACTIVE} AND ${COVERS}
  WITH t, x ORDER BY x.id
  WITH t, collect(x.id) AS active
  SET t.exempted = size(active) > 0, t.exemptionId = active[0]
  RETURN count(t) AS updated`;

/**
 * Where the targets an exemption `x` may cover are found, each through an index: by id ({ findingId }: a finding
 * or a path), or by rule (findings, `finding_rule_id`) and path kind (`attack_path_kind`). A null key finds nothing,
 * so all four run for every exemption and COVERS decides.
 */
const CANDIDATES = [
  'MATCH (t:Finding {id: x.findingId})',
  'MATCH (t:AttackPath {id: x.findingId})',
  'MATCH (t:Finding {ruleId: x.ruleId})',
  'MATCH (t:AttackPath {kind: x.ruleId})',
];

/** Recomputes the given targets' exemption state, whichever of the two labels they carry. */
async function recomputeTargets(run: RowRunner, targetIds: string[], now: string): Promise<void> {
  if (targetIds.length === 0) return;
  for (const label of ['Finding', 'AttackPath'] as const) await run(recompute(label), { targetIds, now });
}

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
        const found = await ctx.graph.read(
          'MATCH (t:Finding {id: $id}) RETURN t.id AS id UNION ALL MATCH (t:AttackPath {id: $id}) RETURN t.id AS id',
          { id: body.findingId },
        );
        if (found.length === 0) throw notFound(`No finding or attack path "${body.findingId}".`);
      } else {
        // A rule id, or an attack path kind (the evaluator matches paths by kind).
        const known = await ctx.graph.read(
          `OPTIONAL MATCH (r:Rule {id: $id}) WITH count(r) AS rules
           OPTIONAL MATCH (p:AttackPath {kind: $id}) RETURN rules, count(p) AS paths`,
          { id: body.ruleId },
        );
        if (!known[0] || ((known[0].rules as number) === 0 && (known[0].paths as number) === 0)) {
          throw notFound(`No rule or attack path kind "${body.ruleId}".`);
        }
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
        const linked = new Set<string>();
        for (const candidates of CANDIDATES) {
          const rows = await run(
            `MATCH (x:Exemption {id: $id})
             ${candidates}
             WHERE ${COVERS}
             MERGE (x)-[:EXEMPTS]->(t)
             RETURN t.id AS id`,
            { id },
          );
          for (const row of rows) linked.add(row.id as string);
        }
        const targetIds = [...linked];
        await recomputeTargets(run, targetIds, now);
        return { exemption: propsOf(created[0]!.x), applied: targetIds.length };
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
        const rows = await run('MATCH (old:Exemption {id: $id}) SET old.revokedAt = $now RETURN old', { id: request.params.id, now });
        // What it exempted: its EXEMPTS links, and whatever names it as exemptionId (indexed per label).
        const targets = await run(
          `MATCH (:Exemption {id: $id})-[:EXEMPTS]->(t) WHERE t:Finding OR t:AttackPath RETURN t.id AS id
           UNION
           MATCH (t:Finding {exemptionId: $id}) RETURN t.id AS id
           UNION
           MATCH (t:AttackPath {exemptionId: $id}) RETURN t.id AS id`,
          { id: request.params.id },
        );
        await recomputeTargets(run, targets.map((row) => row.id as string), now);
        return propsOf(rows[0]!.old);
      });
      return present(revoked, 0);
    },
  );
}
