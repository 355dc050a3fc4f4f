/**
 * Exemptions silence a finding or path without hiding it: the evaluator applies every active exemption on every
 * run, so a finding that appears later under an existing (rule, scope) exemption is exempted from its first scan.
 */
import type { Session } from 'neo4j-driver';

export interface Exemption {
  id: string;
  findingId: string | null;
  ruleId: string | null;
  resourceId: string | null;
  scope: string | null;
  expiresAt: string | null;
}

export async function loadActiveExemptions(session: Session, now: string): Promise<Exemption[]> {
  return session.executeRead(async (tx) => {
    const res = await tx.run(
      `MATCH (e:Exemption)
       WHERE e.revokedAt IS NULL AND (e.expiresAt IS NULL OR e.expiresAt > $now)
       RETURN e.id AS id, e.findingId AS findingId, e.ruleId AS ruleId, e.resourceId AS resourceId,
              e.scope AS scope, e.expiresAt AS expiresAt
       ORDER BY e.id`,
      { now },
    );
    return res.records.map((r) => ({
      id: r.get('id') as string,
      findingId: r.get('findingId') as string | null,
      ruleId: r.get('ruleId') as string | null,
      resourceId: r.get('resourceId') as string | null,
      scope: r.get('scope') as string | null,
      expiresAt: r.get('expiresAt') as string | null,
    }));
  });
}

export interface ExemptionSubject {
  /** Finding or path id. */
  id: string;
  /** Rule id, or the path kind. */
  ruleId: string;
  resourceId: string;
  scope: string | null;
}

/**
 * A scope exemption covers a subject whose scope equals it or lies below it (`aws:123` covers `aws:123:eu-west-1`),
 * or whose resource id starts with it (an ARM scope such as `/subscriptions/…/resourcegroups/rg`).
 */
export function scopeCovers(exemptionScope: string, subject: ExemptionSubject): boolean {
  const scope = exemptionScope.toLowerCase();
  const subjectScope = subject.scope?.toLowerCase() ?? null;
  if (subjectScope && (subjectScope === scope || subjectScope.startsWith(`${scope}:`))) return true;
  const resource = subject.resourceId.toLowerCase();
  return scope.startsWith('/') && (resource === scope || resource.startsWith(`${scope}/`));
}

export function matchExemption(exemptions: readonly Exemption[], subject: ExemptionSubject): Exemption | null {
  for (const e of exemptions) {
    if (e.findingId) {
      if (e.findingId === subject.id) return e;
      continue;
    }
    if (e.ruleId !== subject.ruleId) continue;
    if (e.resourceId && e.resourceId.toLowerCase() === subject.resourceId.toLowerCase()) return e;
    if (e.scope && scopeCovers(e.scope, subject)) return e;
  }
  return null;
}
