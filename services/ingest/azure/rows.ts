/** Reading Azure snapshot files (Resource Graph rows, ARM bodies) and small ARM-id helpers. */
import type { ScopeFactsBuilder } from '../facts.js';
import { MalformedElement, isObject, optObject, optString, type JsonObject } from '../read.js';
import type { SnapshotFiles } from '../snapshot/files.js';

/**
 * Rows of an ARG file: a JSON array of rows, or the whole `az graph query` output (`{data: [...], resultTruncated}`).
 * `resultTruncated` is the string "true"/"false" in the API; a truncated result is incomplete, so the caller must not
 * replace the scope with it.
 */
export function argRows(files: SnapshotFiles, path: string, scope: ScopeFactsBuilder): { rows: { row: JsonObject; source: string }[]; truncated: boolean } {
  if (!files.has(path)) return { rows: [], truncated: false };
  const body = files.get(path);
  let list: unknown[];
  let truncated = false;
  if (Array.isArray(body)) list = body;
  else if (isObject(body) && Array.isArray(body.data)) {
    list = body.data;
    truncated = body.resultTruncated === 'true' || body.resultTruncated === true;
  } else {
    scope.problem(path, 'file is neither an array of rows nor a query result with data; skipped');
    return { rows: [], truncated: false };
  }
  const rows: { row: JsonObject; source: string }[] = [];
  list.forEach((row, index) => {
    if (isObject(row)) rows.push({ row, source: `${path}[${index}]` });
    else scope.problem(`${path}[${index}]`, 'row is not an object; skipped');
  });
  return { rows, truncated };
}

/** ARM bodies of authconfigs.json: an array of resources, or of list responses (`{value: [...]}`). */
export function armBodies(files: SnapshotFiles, path: string, scope: ScopeFactsBuilder): { row: JsonObject; source: string }[] {
  if (!files.has(path)) return [];
  const body = files.get(path);
  const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.value) ? body.value : undefined;
  if (list === undefined) {
    scope.problem(path, 'file is not an array of ARM resources; skipped');
    return [];
  }
  const rows: { row: JsonObject; source: string }[] = [];
  list.forEach((element, index) => {
    if (isObject(element) && Array.isArray(element.value)) {
      element.value.forEach((inner, innerIndex) => {
        if (isObject(inner)) rows.push({ row: inner, source: `${path}[${index}].value[${innerIndex}]` });
        else scope.problem(`${path}[${index}].value[${innerIndex}]`, 'not an object; skipped');
      });
    } else if (isObject(element)) rows.push({ row: element, source: `${path}[${index}]` });
    else scope.problem(`${path}[${index}]`, 'not an object; skipped');
  });
  return rows;
}

/** ARM ids compare case-insensitively: the graph keeps them lower-cased. */
export function armId(value: string): string {
  return value.trim().toLowerCase();
}

export function subscriptionOfId(id: string): string | undefined {
  return id.toLowerCase().match(/^\/subscriptions\/([^/]+)/)?.[1];
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}`.toLowerCase();
}

export function managementGroupId(name: string): string {
  return `/providers/microsoft.management/managementgroups/${name}`.toLowerCase();
}

/** The shape of an RBAC scope id (lower-case): where in the hierarchy the assignment sits. */
export function scopeLevel(scope: string): 'root' | 'managementGroup' | 'subscription' | 'resourceGroup' | 'provider' | 'resource' {
  const id = scope.toLowerCase().replace(/\/+$/, '');
  if (id === '' || id === '/') return 'root';
  if (/^\/providers\/microsoft\.management\/managementgroups\/[^/]+$/.test(id)) return 'managementGroup';
  if (/^\/subscriptions\/[^/]+$/.test(id)) return 'subscription';
  if (/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/.test(id)) return 'resourceGroup';
  if (/^\/providers\/[^/]+$/.test(id)) return 'provider';
  return 'resource';
}

export interface IdentityFacts {
  identityType?: string;
  identityTypes: string[];
  systemPrincipalId?: string;
  userAssigned: { resourceId: string; principalId?: string; clientId?: string }[];
  tenantId?: string;
}

/**
 * The identity block of an ARM resource. ACA writes `SystemAssigned,UserAssigned`, ACI `SystemAssigned, UserAssigned`:
 * split on ',' and trim.
 */
export function identityOf(row: JsonObject): IdentityFacts {
  const identity = optObject(row, 'identity');
  const identityType = optString(identity, 'type');
  const facts: IdentityFacts = {
    identityTypes: (identityType ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '' && part.toLowerCase() !== 'none'),
    userAssigned: [],
  };
  if (identityType !== undefined) facts.identityType = identityType;
  const principalId = optString(identity, 'principalId');
  if (principalId !== undefined && principalId !== '') facts.systemPrincipalId = principalId.toLowerCase();
  const tenantId = optString(identity, 'tenantId');
  if (tenantId !== undefined) facts.tenantId = tenantId.toLowerCase();
  const assigned = identity?.userAssignedIdentities;
  if (assigned !== undefined && assigned !== null) {
    if (!isObject(assigned)) throw new MalformedElement('identity.userAssignedIdentities is not an object');
    for (const [resourceId, value] of Object.entries(assigned)) {
      const entry: { resourceId: string; principalId?: string; clientId?: string } = { resourceId: armId(resourceId) };
      const details = isObject(value) ? value : undefined;
      const uamiPrincipal = optString(details, 'principalId');
      const clientId = optString(details, 'clientId');
      if (uamiPrincipal !== undefined && uamiPrincipal !== '') entry.principalId = uamiPrincipal.toLowerCase();
      if (clientId !== undefined) entry.clientId = clientId.toLowerCase();
      facts.userAssigned.push(entry);
    }
  }
  return facts;
}
