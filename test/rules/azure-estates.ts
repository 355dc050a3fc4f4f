/**
 * The Azure estate of the rule tests: one tenant, two subscriptions under management groups, container apps and
 * container groups that each fire one thing or narrowly miss it. Ids are written in ARM casing; the graph (and the
 * expectations, through `lower`) use lower case.
 */
import { AzureEstate, ROLE, trivyReport } from './azure-estate.js';

export const TENANT = '7a1b2c3d-0000-4000-8000-00000000aaaa';
export const S1 = 'aaaa1111-0000-4000-8000-000000000001';
export const S2 = 'bbbb2222-0000-4000-8000-000000000002';
export const lower = (id: string) => id.toLowerCase();
export const DIGEST_PUBLIC_APP = `sha256:${'e5'.repeat(32)}`;

const principal = (n: number) => `${String(n).padStart(8, '0')}-1111-4111-8111-${String(n).padStart(12, '0')}`;

export const AZURE = new AzureEstate(TENANT);
export const A = (() => {
  const e = AZURE;
  e.subscription(S1, ['team-a', 'prod']);
  e.subscription(S2, ['prod']);
  const rg = 'rg-apps';
  const envPublic = e.managedEnvironment(S1, rg, 'env-public');
  const envInternal = e.managedEnvironment(S1, rg, 'env-internal', { vnetConfiguration: { internal: true, infrastructureSubnetId: `/subscriptions/${S1}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aca` } });
  const envClosed = e.managedEnvironment(S1, rg, 'env-closed', { publicNetworkAccess: 'Disabled' });
  const envS2 = e.managedEnvironment(S2, 'rg-other', 'env-other');
  const external = { external: true };
  const P = {
    publicApp: principal(1), custom: principal(3), customAuthz: principal(4), customNotAction: principal(5), resourceScope: principal(6),
    reader: principal(7), conditional: principal(8), aci: principal(11), aciReader: principal(12), deployTarget: principal(20),
    sharedUami: principal(2), deployer: principal(9), reservations: principal(30), operator: principal(31),
  };
  const uami = e.userAssignedIdentity(S1, 'rg-identities', 'shared-uami', P.sharedUami);
  const deployerUami = e.userAssignedIdentity(S1, 'rg-identities', 'deployer', P.deployer);
  const operatorUami = e.userAssignedIdentity(S1, 'rg-identities', 'operator', P.operator);
  const app = (name: string, environment: string, options: Parameters<AzureEstate['containerApp']>[4] = {}, subscriptionId = S1, group = rg) =>
    e.containerApp(subscriptionId, group, name, environment, options);

  const apps = {
    // Exposure and authentication.
    publicApp: app('public', envPublic, {
      ingress: external, identity: { system: P.publicApp },
      containers: [{ name: 'api', image: `myacr.azurecr.io/api@${DIGEST_PUBLIC_APP}`, env: [{ name: 'DB_PASSWORD', secretRef: 'db-password-kv' }] }],
      secrets: [{ name: 'db-password-kv', keyVaultUrl: 'https://kv1.vault.azure.net/secrets/db-password', identity: 'system' }],
    }),
    internalEnv: app('internal-env', envInternal, { ingress: external }),
    pnaDisabled: app('pna-disabled', envClosed, { ingress: external }),
    allowConfined: app('allow-confined', envPublic, { ingress: { external: true, ipSecurityRestrictions: [{ name: 'office', ipAddressRange: '203.0.113.0/24', action: 'Allow' }] } }),
    allowAnywhere: app('allow-anywhere', envPublic, { ingress: { external: true, ipSecurityRestrictions: [
      { name: 'office', ipAddressRange: '203.0.113.0/24', action: 'Allow' }, { name: 'everyone', ipAddressRange: '0.0.0.0/0', action: 'Allow' },
    ] } }),
    denyRules: app('deny-rules', envPublic, { ingress: { external: true, ipSecurityRestrictions: [{ name: 'bad', ipAddressRange: '198.51.100.0/24', action: 'Deny' }] } }),
    notExternal: app('not-external', envPublic, { ingress: { external: false } }),
    noIngress: app('no-ingress', envPublic),
    authOk: app('auth-ok', envPublic, { ingress: { external: false } }),
    authAnonymous: app('auth-anonymous', envPublic, { ingress: { external: false } }),
    authNoAction: app('auth-no-action', envPublic, { ingress: { external: false } }),
    authDisabled: app('auth-disabled', envPublic, { ingress: { external: false } }),
    insecure: app('insecure', envPublic, { ingress: { external: false, allowInsecure: true } }),
    // Identities (no ingress: only the identity rule concerns them).
    mgInherited: app('mg-inherited', envPublic, { ingress: external, identity: { user: { [uami]: P.sharedUami } } }),
    otherSubscription: app('other-subscription', envS2, { identity: { user: { [uami]: P.sharedUami } } }, S2, 'rg-other'),
    customWrite: app('custom-write', envPublic, { identity: { system: P.custom } }),
    customAuthz: app('custom-authz', envPublic, { identity: { system: P.customAuthz } }),
    customNotAction: app('custom-not-action', envPublic, { identity: { system: P.customNotAction } }),
    resourceScope: app('resource-scope', envPublic, { identity: { system: P.resourceScope } }),
    reader: app('reader', envPublic, { identity: { system: P.reader } }),
    conditional: app('conditional', envPublic, { identity: { system: P.conditional } }),
    // Reservations Administrator is assignable at /providers/Microsoft.Capacity only (a provider scope).
    reservations: app('reservations', envPublic, { identity: { system: P.reservations } }),
    // Secrets.
    appSecret: app('app-secret', envPublic, { secrets: [{ name: 'db-password' }] }),
    kvSecret: app('kv-secret', envPublic, { secrets: [{ name: 'api-key', keyVaultUrl: 'https://kv1.vault.azure.net/secrets/api-key', identity: 'system' }] }),
    envCredential: app('env-credential', envPublic, { containers: [{ name: 'worker', image: 'myacr.azurecr.io/worker:2', env: [{ name: 'API_KEY', value: 'sk_live_0123456789abcdefghijklmnop' }, { name: 'LOG_LEVEL', value: 'debug' }] }] }),
    // Workload modification: a deployer identity with a custom app-writer role on the target's resource group.
    deployTarget: app('deploy-target', envPublic, { identity: { system: P.deployTarget } }, S1, 'rg-deploy'),
  };
  e.authConfig(apps.authOk, { platform: { enabled: true }, globalValidation: { unauthenticatedClientAction: 'RedirectToLoginPage' }, identityProviders: { azureActiveDirectory: { enabled: true } } });
  e.authConfig(apps.authAnonymous, { platform: { enabled: true }, globalValidation: { unauthenticatedClientAction: 'AllowAnonymous' }, identityProviders: { azureActiveDirectory: { enabled: true } } });
  e.authConfig(apps.authNoAction, { platform: { enabled: true }, identityProviders: { azureActiveDirectory: { enabled: true } } });
  e.authConfig(apps.authDisabled, { platform: { enabled: false }, globalValidation: { unauthenticatedClientAction: 'Return401' } });

  const groups = {
    publicGroup: e.containerGroup(S1, 'rg-aci', 'public', {
      ipAddress: { type: 'Public', ip: '20.50.60.70', dnsNameLabel: 'public-aci', fqdn: 'public-aci.westeurope.azurecontainer.io', ports: [{ port: 80, protocol: 'TCP' }] },
      subnetIds: [], diagnostics: null, identity: { system: P.aci },
    }),
    privateGroup: e.containerGroup(S1, 'rg-aci', 'private', { identity: { system: P.aciReader } }),
    secretsGroup: e.containerGroup(S1, 'rg-aci', 'secrets', {
      containers: [{ name: 'job', properties: { image: 'myacr.azurecr.io/job:3', environmentVariables: [
        { name: 'DB_PASSWORD', value: 'Pa55w0rd!planted' }, { name: 'API_TOKEN', secureValue: null }, { name: 'MODE', value: 'batch' },
      ] } }],
      registries: [{ server: 'legacyacr.azurecr.io', username: 'legacyacr', password: 'planted-registry-password' }],
    }),
    registryIdentity: e.containerGroup(S1, 'rg-aci', 'registry-identity'),
  };

  // Role definitions: custom roles (built-ins match by GUID).
  const customWrite = 'c0000001-0000-4000-8000-000000000001';
  const customAuthz = 'c0000002-0000-4000-8000-000000000002';
  const customNotAction = 'c0000003-0000-4000-8000-000000000003';
  const appWriter = 'c0000004-0000-4000-8000-000000000004';
  e.roleDefinition(customWrite, 'Everything Writer', 'CustomRole', ['*/read', '*/write']);
  e.roleDefinition(customAuthz, 'Authorization Manager', 'CustomRole', ['Microsoft.Authorization/*']);
  e.roleDefinition(customNotAction, 'Authorization Reader', 'CustomRole', ['Microsoft.Authorization/*'], ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/*/Delete']);
  e.roleDefinition(appWriter, 'Container App Deployer', 'CustomRole', ['Microsoft.App/containerApps/*', 'Microsoft.App/managedEnvironments/join/action']);
  e.roleDefinition(ROLE.reader, 'Reader', 'BuiltInRole', ['*/read']);

  const sub1 = `/subscriptions/${S1}`;
  const rgApps = `${sub1}/resourceGroups/${rg}`;
  const grants = {
    publicOwner: e.roleAssignment(sub1, ROLE.owner, P.publicApp),
    publicContributorRg: e.roleAssignment(rgApps, ROLE.contributor, P.publicApp),
    sharedContributorMg: e.roleAssignment('/providers/Microsoft.Management/managementGroups/prod', ROLE.contributor, P.sharedUami),
    customWrite: e.roleAssignment(rgApps, customWrite, P.custom),
    customAuthz: e.roleAssignment(sub1, customAuthz, P.customAuthz),
    customNotAction: e.roleAssignment(sub1, customNotAction, P.customNotAction),
    resourceScope: e.roleAssignment(apps.resourceScope, ROLE.owner, P.resourceScope),
    reader: e.roleAssignment(sub1, ROLE.reader, P.reader),
    conditional: e.roleAssignment(sub1, ROLE.rbacAdministrator, P.conditional, {
      condition: "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {acdd72a7-3385-48ef-bd42-f606fba81ae7}))",
    }),
    aciUaaRoot: e.roleAssignment(`/providers/Microsoft.Management/managementGroups/${TENANT}`, ROLE.userAccessAdministrator, P.aci),
    aciReader: e.roleAssignment(sub1, ROLE.reader, P.aciReader),
    deployTargetOwner: e.roleAssignment(`${sub1}/resourceGroups/rg-deploy`, ROLE.owner, P.deployTarget),
    deployer: e.roleAssignment(`${sub1}/resourceGroups/rg-deploy`, appWriter, P.deployer),
    reservations: e.roleAssignment('/providers/Microsoft.Capacity', 'a8889054-8d42-49c9-bc1c-52486c10e7cd', P.reservations),
    // Contributor on the one app only: not privileged itself (resource scope), but it can redeploy that app.
    operator: e.roleAssignment(apps.deployTarget, ROLE.contributor, P.operator),
  };
  return { apps, groups, principals: P, grants, uami, deployerUami, operatorUami };
})();

export const AZURE_VULNERABILITIES = new Map<string, unknown>([
  ['vulnerabilities/api.json', trivyReport(`myacr.azurecr.io/api@${DIGEST_PUBLIC_APP}`, [{ id: 'CVE-2024-1000', severity: 'CRITICAL' }])],
]);
