import { describe, it, expect } from '@jest/globals';
import { normaliseSnapshot } from '../../services/ingest/normalise.js';
import * as F from './fixtures.js';
import { nodeOf, nodeIds, pairs, relsOf, scopeOf } from './facts-helpers.js';

const TENANT_SCOPE = `azure-tenant:${F.TENANT}`;
const SUB_SCOPE = `azure:${F.SUB}`;
const facts = normaliseSnapshot(F.azureFiles());
const MG_PROD = '/providers/microsoft.management/managementgroups/prod';
const MG_ROOT = `/providers/microsoft.management/managementgroups/${F.TENANT}`;

describe('Azure normaliser', () => {
  it('tenant scope and subscription scopes under it', () => {
    expect(facts.scopes.map((scope) => [scope.scope, scope.parent, scope.failure])).toEqual([
      [TENANT_SCOPE, null, undefined],
      [SUB_SCOPE, TENANT_SCOPE, undefined],
    ]);
  });

  it('management group ancestry from managementGroupAncestorsChain (nearest first) up to the tenant', () => {
    expect(nodeOf(facts, SUB_SCOPE, 'Subscription', F.SUB_ID)).toEqual({
      id: F.SUB_ID, name: 'Production', cloud: 'azure', tenantId: F.TENANT, subscriptionId: F.SUB, managementGroupAncestors: ['prod', F.TENANT],
    });
    expect(pairs(facts, SUB_SCOPE, 'SCOPE_CHILD_OF')).toEqual([
      [F.SUB_ID, MG_PROD],
      [`${F.SUB_ID}/resourcegroups/rg`, F.SUB_ID],
    ]);
    expect(pairs(facts, TENANT_SCOPE, 'SCOPE_CHILD_OF')).toEqual([[MG_ROOT, F.TENANT], [MG_PROD, MG_ROOT]]);
    expect(nodeOf(facts, TENANT_SCOPE, 'ManagementGroup', MG_ROOT)).toMatchObject({ root: true, displayName: 'Tenant Root Group' });
  });

  it('container app: ids lower-cased, managedEnvironmentId fallback, ingress and IP restrictions raw, ACA identity type string', () => {
    expect(nodeOf(facts, SUB_SCOPE, 'ContainerApp', F.APP_ID)).toEqual({
      id: F.APP_ID, name: 'api', cloud: 'azure', tenantId: F.TENANT, subscriptionId: F.SUB, resourceGroup: 'rg', location: 'eastus',
      environmentId: F.ENV_ID, ingressPresent: true, ingressExternal: true, additionalPortExternal: false, ingressTargetPort: 8080,
      ingressTransport: 'auto', ipAllowRanges: ['203.0.113.0/24', '0.0.0.0/0'], ipDenyRanges: [],
      identityType: 'SystemAssigned,UserAssigned', identityTypes: ['SystemAssigned', 'UserAssigned'], systemPrincipalId: F.APP_PRINCIPAL,
      userAssignedIdentityIds: [F.UAMI_ID], registryServers: ['myacr.azurecr.io'], secretNames: ['db-password', 'kv'], secretKeyVaultNames: ['kv'],
    });
    expect(pairs(facts, SUB_SCOPE, 'APP_IN_ENVIRONMENT')).toEqual([[F.APP_ID, F.ENV_ID]]);
    expect(nodeOf(facts, SUB_SCOPE, 'ManagedEnvironment', F.ENV_ID)).toMatchObject({ vnetInternal: false, publicNetworkAccess: 'Enabled', staticIp: '20.1.2.3' });
  });

  it('identities: system principal, user-assigned principal from the identity rows when the map lacks it, lifecycle kept', () => {
    expect(relsOf(facts, SUB_SCOPE, 'APP_HAS_IDENTITY')).toEqual([
      { from: F.APP_ID, to: F.APP_PRINCIPAL, props: { identityKind: 'system' } },
      { from: F.APP_ID, to: F.UAMI_PRINCIPAL, props: { identityKind: 'user', lifecycle: 'Init' } },
    ]);
    expect(nodeOf(facts, SUB_SCOPE, 'ManagedIdentity', F.UAMI_PRINCIPAL)).toMatchObject({ identityKind: 'user', resourceId: F.UAMI_ID });
    expect(nodeOf(facts, SUB_SCOPE, 'ManagedIdentity', F.APP_PRINCIPAL)).toMatchObject({ identityKind: 'system', resourceId: F.APP_ID });
  });

  it('container group: ACI identity type with a space, public IP and ports, secure values and registry passwords as facts only', () => {
    expect(nodeOf(facts, SUB_SCOPE, 'ContainerGroup', F.ACI_ID)).toMatchObject({
      identityType: 'SystemAssigned, UserAssigned', identityTypes: ['SystemAssigned', 'UserAssigned'], systemPrincipalId: F.ACI_PRINCIPAL,
      ipAddressType: 'Public', ipAddress: '20.9.9.9', ports: [80, 53], portProtocols: ['TCP', 'UDP'], registryServers: ['r.azurecr.io'],
      registryPasswordServers: ['r.azurecr.io'],
    });
    expect(pairs(facts, SUB_SCOPE, 'GROUP_HAS_IDENTITY')).toEqual([[F.ACI_ID, F.UAMI_PRINCIPAL], [F.ACI_ID, F.ACI_PRINCIPAL]]);
    expect(nodeOf(facts, SUB_SCOPE, 'Container', `${F.ACI_ID}/containers/job`)).toEqual({
      id: `${F.ACI_ID}/containers/job`, name: 'job', cloud: 'azure', image: 'nginx', init: false, privileged: true, capabilitiesAdd: ['NET_ADMIN'],
      ports: [80], envNames: ['SECURE', 'HIDDEN', 'PLAIN'], envPlainNames: ['PLAIN'], envCredentialLikeNames: [], envSecretNames: ['SECURE', 'HIDDEN'],
    });
  });

  it('ACA containers: env secretRef vs plain values (credential heuristic), init containers, image digests', () => {
    expect(nodeOf(facts, SUB_SCOPE, 'Container', `${F.APP_ID}/containers/api`)).toEqual({
      id: `${F.APP_ID}/containers/api`, name: 'api', cloud: 'azure', image: `myacr.azurecr.io/api@${F.DIGEST}`, imageDigest: F.DIGEST, init: false,
      capabilitiesAdd: [], ports: [], envNames: ['DB_PASSWORD', 'API_KEY', 'LOG_LEVEL'], envPlainNames: ['API_KEY', 'LOG_LEVEL'],
      envCredentialLikeNames: ['API_KEY'], envSecretNames: ['DB_PASSWORD'],
    });
    expect(nodeOf(facts, SUB_SCOPE, 'Container', `${F.APP_ID}/initcontainers/migrate`)).toMatchObject({ init: true });
    expect(pairs(facts, SUB_SCOPE, 'CONTAINER_USES_IMAGE')).toEqual([[`${F.APP_ID}/containers/api`, F.DIGEST]]);
  });

  it('role assignments: lower-cased ids, GUID join, scope level, scope node, identity link; MG-level assignments in the tenant scope', () => {
    const ra1 = `${F.SUB_ID}/providers/microsoft.authorization/roleassignments/ra1`;
    expect(nodeOf(facts, SUB_SCOPE, 'RoleAssignment', ra1)).toEqual({
      id: ra1, name: 'ra1', cloud: 'azure', principalId: F.APP_PRINCIPAL, principalType: 'ServicePrincipal',
      roleDefinitionId: `${F.SUB_ID}/providers/microsoft.authorization/roledefinitions/${F.OWNER_GUID}`, roleDefinitionGuid: F.OWNER_GUID,
      scopeId: F.SUB_ID, scopeLevel: 'subscription', hasCondition: false, subscriptionId: F.SUB,
    });
    expect(pairs(facts, SUB_SCOPE, 'ASSIGNMENT_OF_ROLE')).toEqual([[ra1, F.OWNER_GUID]]);
    expect(pairs(facts, SUB_SCOPE, 'ASSIGNMENT_AT_SCOPE')).toEqual([[ra1, F.SUB_ID]]);
    expect(pairs(facts, SUB_SCOPE, 'IDENTITY_HAS_ROLE_ASSIGNMENT')).toEqual([[F.APP_PRINCIPAL, ra1]]);
    const ra2 = `${MG_PROD}/providers/microsoft.authorization/roleassignments/ra2`;
    const ra3 = '/providers/microsoft.authorization/roleassignments/ra3';
    expect(nodeOf(facts, TENANT_SCOPE, 'RoleAssignment', ra2)).toMatchObject({ scopeId: MG_PROD, scopeLevel: 'managementGroup', roleDefinitionGuid: F.CUSTOM_GUID });
    expect(nodeOf(facts, TENANT_SCOPE, 'RoleAssignment', ra3)).toMatchObject({ scopeId: '/', scopeLevel: 'root' });
    expect(pairs(facts, TENANT_SCOPE, 'ASSIGNMENT_AT_SCOPE')).toEqual([[ra3, F.TENANT], [ra2, MG_PROD]]);
    // only known managed identities are linked (ra3 belongs to a user)
    expect(pairs(facts, TENANT_SCOPE, 'IDENTITY_HAS_ROLE_ASSIGNMENT')).toEqual([[F.UAMI_PRINCIPAL, ra2]]);
  });

  it('role definitions: one node per GUID (ids seen collected), actions lower-cased with wildcard regexes', () => {
    expect(nodeIds(facts, TENANT_SCOPE, 'RoleDefinition')).toEqual([F.OWNER_GUID, F.CUSTOM_GUID].sort());
    expect(nodeOf(facts, TENANT_SCOPE, 'RoleDefinition', F.OWNER_GUID).armIds).toEqual([
      `${F.SUB_ID}/providers/microsoft.authorization/roledefinitions/${F.OWNER_GUID}`,
      `/providers/microsoft.authorization/roledefinitions/${F.OWNER_GUID}`,
    ]);
    const custom = nodeOf(facts, TENANT_SCOPE, 'RoleDefinition', F.CUSTOM_GUID);
    expect(custom).toMatchObject({
      roleType: 'CustomRole', actions: ['microsoft.authorization/*', 'microsoft.app/containerapps/*'], notActions: ['microsoft.authorization/*/delete'],
      actionPatterns: ['^microsoft\\.authorization/.*$', '^microsoft\\.app/containerapps/.*$'], notActionPatterns: ['^microsoft\\.authorization/.*/delete$'],
      assignableScopes: [MG_PROD],
    });
    expect(new RegExp((custom.actionPatterns as string[])[0]!).test('microsoft.authorization/roleassignments/write')).toBe(true);
  });

  it('auth configs link to their app by id prefix', () => {
    const id = `${F.APP_ID}/authconfigs/current`;
    expect(nodeOf(facts, SUB_SCOPE, 'AuthConfig', id)).toEqual({
      id, name: 'current', cloud: 'azure', containerAppId: F.APP_ID, platformEnabled: true, unauthenticatedClientAction: 'AllowAnonymous',
      identityProviders: ['azureActiveDirectory'],
    });
    expect(pairs(facts, SUB_SCOPE, 'APP_HAS_AUTH_CONFIG')).toEqual([[F.APP_ID, id]]);
  });

  it('malformed rows are reported with file and index and skipped', () => {
    expect(scopeOf(facts, SUB_SCOPE).problems).toEqual([
      { source: `azure/${F.TENANT}/resources.json[4]`, message: 'identity.userAssignedIdentities is not an object' },
    ]);
    expect(scopeOf(facts, TENANT_SCOPE).problems).toEqual([
      { source: `azure/${F.TENANT}/authorizationresources.json[6]`, message: 'missing or non-string roleDefinitionId' },
    ]);
    expect(nodeIds(facts, SUB_SCOPE, 'ContainerApp')).toEqual([F.APP_ID]);
  });

  it('resultTruncated "true" (a string) fails the tenant: its data is not used to replace anything', () => {
    const files = F.azureFiles();
    const resources = files.get(`azure/${F.TENANT}/resources.json`) as { resultTruncated: string };
    files.set(`azure/${F.TENANT}/resources.json`, { ...resources, resultTruncated: 'true' });
    const truncated = normaliseSnapshot(files);
    expect(scopeOf(truncated, TENANT_SCOPE).failure).toMatch(/truncated/);
  });

  it('no planted secret value appears in any fact', () => {
    const text = JSON.stringify(facts.scopes.map((scope) => [[...scope.nodes.values()], [...scope.relationships.values()]]));
    for (const secret of F.PLANTED_SECRETS) expect(text).not.toContain(secret);
  });
});
