/** JSON schemas shared by the routes; the OpenAPI document is generated from them. */

export const problemRef = {
  description: 'Problem details (RFC 9457)',
  content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
} as const;

/** Error responses every authenticated route can give, added to each route's response map. */
export function withErrors<T extends Record<string, unknown>>(ok: T, extra: number[] = []): T & Record<string, unknown> {
  const errors: Record<string, unknown> = { 400: problemRef, 401: problemRef, 403: problemRef, 429: problemRef, 500: problemRef };
  for (const status of extra) errors[status] = problemRef;
  return { ...errors, ...ok };
}

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const bool = { type: 'boolean' } as const;

/** Arbitrary properties of a graph entity (values already JSON). */
export const propsSchema = { type: 'object', additionalProperties: true } as const;

export const severityEnum = ['Critical', 'High', 'Medium', 'Low'] as const;
export const findingStatusEnum = ['new', 'active', 'resolved', 'reopened'] as const;

export const findingSchema = {
  type: 'object',
  properties: {
    id: str, ruleId: str, severity: str, title: str, resourceId: str, resourceLabel: nullableStr, scope: nullableStr,
    cloud: nullableStr, status: str, firstSeen: nullableStr, lastSeen: nullableStr, resolvedAt: nullableStr,
    lastScanId: nullableStr, evidence: {}, exempted: bool, exemptionId: nullableStr,
  },
  required: ['id', 'ruleId', 'status'],
  additionalProperties: true,
} as const;

export const attackPathSchema = {
  type: 'object',
  properties: {
    id: str, kind: str, risk: str, riskScore: { type: 'number' }, riskFactors: { type: 'array', items: str },
    entryId: nullableStr, identityId: nullableStr, targetId: nullableStr,
    nodeIds: { type: 'array', items: str }, nodeLabels: { type: 'array', items: str },
    status: str, firstSeen: nullableStr, lastSeen: nullableStr, resolvedAt: nullableStr, lastScanId: nullableStr,
    exempted: bool, exemptionId: nullableStr, evidence: {},
  },
  required: ['id'],
  additionalProperties: true,
} as const;

export const ruleSchema = {
  type: 'object',
  properties: {
    id: str, title: str, severity: str, platform: nullableStr, resourceType: nullableStr, description: nullableStr,
    remediation: nullableStr, references: { type: 'array', items: str }, kind: nullableStr,
  },
  required: ['id'],
  additionalProperties: true,
} as const;

export const exemptionSchema = {
  type: 'object',
  properties: {
    id: str, findingId: nullableStr, ruleId: nullableStr, resourceId: nullableStr, scope: nullableStr, reason: str,
    createdBy: nullableStr, createdAt: str, expiresAt: nullableStr, revokedAt: nullableStr,
    active: bool, applied: { type: 'integer', description: 'findings and paths it exempts now' },
  },
  required: ['id', 'reason', 'createdAt'],
  additionalProperties: false,
} as const;

export function pageOf(itemSchema: object) {
  return {
    type: 'object',
    properties: { items: { type: 'array', items: itemSchema }, nextCursor: nullableStr },
    required: ['items', 'nextCursor'],
  } as const;
}

/** Accept `High` or `High,Critical` in list filters. */
export function listParam(value: string | undefined): string[] | null {
  if (value === undefined || value === '') return null;
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

/** Parses JSON-string properties (evidence) so clients get structure, not a string to re-parse. */
export function withParsedEvidence(props: Record<string, unknown>): Record<string, unknown> {
  if (typeof props.evidence !== 'string') return props;
  try {
    return { ...props, evidence: JSON.parse(props.evidence) };
  } catch {
    return props;
  }
}
