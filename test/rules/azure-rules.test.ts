/**
 * The ACA and ACI recommendations end to end: an Azure snapshot directory (azure-estates.ts) → readSnapshot →
 * normalisers → loader → embedded graph server → evaluate(). Finding sets are asserted exactly.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { runRules, sorted, type RulesRun } from './harness.js';
import { A, AZURE, S1, TENANT, lower } from './azure-estates.js';

let run: RulesRun;

beforeAll(async () => {
  run = await runRules(AZURE.files());
}, 120_000);

afterAll(async () => {
  await run?.close();
});

const ids = (...values: string[]) => sorted(values.map(lower));
const all = '/subscriptions/';

describe('Azure Container Apps', () => {
  it('aca-public-ingress: external ingress in a public environment, unless Allow rules confine it', () => {
    expect(run.findings('aca-public-ingress', all)).toEqual(ids(A.apps.publicApp, A.apps.allowAnywhere, A.apps.denyRules, A.apps.mgInherited));
    // internal environment, publicNetworkAccess Disabled, an Allow rule for one range, external false: no finding.
    expect(run.evidence('aca-public-ingress', lower(A.apps.denyRules))).toMatchObject({ ipAllowRanges: [], ipDenyRanges: ['198.51.100.0/24'], environmentInternal: false });
  });

  it('aca-authentication-disabled: ingress without an enabled, non-anonymous auth config', () => {
    const { apps } = A;
    expect(run.findings('aca-authentication-disabled', all)).toEqual(ids(
      apps.publicApp, apps.internalEnv, apps.pnaDisabled, apps.allowConfined, apps.allowAnywhere, apps.denyRules, apps.notExternal,
      apps.authAnonymous, apps.authNoAction, apps.authDisabled, apps.insecure, apps.mgInherited,
    ));
    expect(run.evidence('aca-authentication-disabled', lower(apps.authAnonymous))).toMatchObject({
      authConfigs: [{ platformEnabled: true, unauthenticatedClientAction: 'AllowAnonymous' }],
    });
  });

  it('aca-identity-privileged: built-in and custom privileged roles at wide scopes, inherited from management groups, in any subscription', () => {
    const { apps } = A;
    expect(run.findings('aca-identity-privileged', all)).toEqual(ids(
      apps.publicApp, apps.mgInherited, apps.otherSubscription, apps.customWrite, apps.customAuthz, apps.conditional, apps.deployTarget,
      apps.reservations,
    ));
    // custom role minus notActions, Owner on the resource itself, Reader: no finding.
  });

  it('aca-identity-privileged evidence: the exact grants, widest first, with inheritance and conditions', () => {
    const grantsOf = (app: string) => (run.evidence('aca-identity-privileged', lower(app)) as { grants: Record<string, unknown>[] }).grants;
    expect(grantsOf(A.apps.publicApp)).toEqual([
      expect.objectContaining({ roleName: 'Owner', roleGuid: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', scopeId: `/subscriptions/${S1}`, scopeLevel: 'subscription', inheritedVia: null }),
      expect.objectContaining({ roleName: 'Contributor', scopeLevel: 'resourceGroup' }),
    ]);
    expect(grantsOf(A.apps.mgInherited)).toEqual([expect.objectContaining({
      roleName: 'Contributor', identityKind: 'user', scopeLevel: 'managementGroup',
      inheritedVia: '/providers/microsoft.management/managementgroups/prod', assignmentId: A.grants.sharedContributorMg,
    })]);
    expect(grantsOf(A.apps.customWrite)).toEqual([expect.objectContaining({ roleName: 'Everything Writer', reason: 'custom-role-assigns-roles' })]);
    expect(grantsOf(A.apps.conditional)).toEqual([expect.objectContaining({ roleName: 'Role Based Access Control Administrator', conditional: true })]);
    expect(grantsOf(A.apps.reservations)).toEqual([expect.objectContaining({
      roleName: 'Reservations Administrator', scopeId: '/providers/microsoft.capacity', scopeLevel: 'provider', assignmentId: A.grants.reservations,
    })]);
  });

  it('aca-insecure-ingress and aca-plaintext-secrets', () => {
    expect(run.findings('aca-insecure-ingress', all)).toEqual(ids(A.apps.insecure));
    expect(run.findings('aca-plaintext-secrets', all)).toEqual(ids(A.apps.appSecret, A.apps.envCredential));
    expect(run.evidence('aca-plaintext-secrets', lower(A.apps.envCredential))).toEqual({
      appStoredSecrets: [], plainTextCredentials: [{ container: 'worker', variables: ['API_KEY'] }],
    });
  });
});

describe('Azure Container Instances', () => {
  it('aci-public-ip, aci-no-vnet, aci-no-log-analytics', () => {
    expect(run.findings('aci-public-ip', all)).toEqual(ids(A.groups.publicGroup));
    expect(run.findings('aci-no-vnet', all)).toEqual(ids(A.groups.publicGroup));
    expect(run.findings('aci-no-log-analytics', all)).toEqual(ids(A.groups.publicGroup));
    expect(run.evidence('aci-public-ip', lower(A.groups.publicGroup))).toMatchObject({ ip: '20.50.60.70', ports: ['80/tcp'] });
  });

  it('aci-identity-privileged: User Access Administrator at the tenant root group; Reader does not count', () => {
    expect(run.findings('aci-identity-privileged', all)).toEqual(ids(A.groups.publicGroup));
    const evidence = run.evidence('aci-identity-privileged', lower(A.groups.publicGroup)) as { grants: Record<string, unknown>[] };
    expect(evidence.grants).toEqual([expect.objectContaining({
      roleName: 'User Access Administrator', scopeId: `/providers/microsoft.management/managementgroups/${TENANT}`, inheritedVia: `/providers/microsoft.management/managementgroups/${TENANT}`,
    })]);
  });

  it('aci-plaintext-secrets and aci-registry-password', () => {
    expect(run.findings('aci-plaintext-secrets', all)).toEqual(ids(A.groups.secretsGroup));
    expect(run.evidence('aci-plaintext-secrets', lower(A.groups.secretsGroup))).toEqual({ containers: [{ container: 'job', variables: ['DB_PASSWORD'] }] });
    expect(run.findings('aci-registry-password', all)).toEqual(ids(A.groups.secretsGroup));
  });
});
