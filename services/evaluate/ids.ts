/**
 * Stable identifiers for ticketing: the same rule on the same resource is the same finding in every scan, and a
 * path is identified by its kind and its ordered nodes.
 */
import { createHash } from 'node:crypto';

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

export function findingId(ruleId: string, resourceId: string): string {
  return `f-${digest(`${ruleId}|${resourceId}`)}`;
}

export function pathId(kind: string, nodeIds: readonly string[]): string {
  return `p-${digest(`${kind}|${nodeIds.join('|')}`)}`;
}
