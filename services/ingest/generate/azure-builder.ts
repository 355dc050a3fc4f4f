/**
 * Builds Azure estates (Container Apps and their environments, Container Instances, user-assigned identities,
 * role assignments and definitions, subscriptions under management groups, auth configs) as the live collector
 * records them: Resource Graph rows (ARM JSON, `type` lower-case) in resources.json / authorizationresources.json /
 * resourcecontainers.json, and ARM GET bodies of authConfigs in authconfigs.json.
 */
import type { Rng } from './rng.js';

type Json = Record<string, unknown>;

export const BUILTIN_ROLES = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  UserAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  RbacAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  AcrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  StorageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  KeyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
} as const;

const BUILTIN_DEFINITIONS: Record<string, { roleName: string; description: string; actions: string[]; notActions: string[]; dataActions?: string[] }> = {
  [BUILTIN_ROLES.Owner]: { roleName: 'Owner', description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.', actions: ['*'], notActions: [] },
  [BUILTIN_ROLES.Contributor]: {
    roleName: 'Contributor',
    description: 'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.',
    actions: ['*'],
    notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action', 'Microsoft.Blueprint/blueprintAssignments/write', 'Microsoft.Blueprint/blueprintAssignments/delete', 'Microsoft.Compute/galleries/share/action'],
  },
  [BUILTIN_ROLES.Reader]: { roleName: 'Reader', description: 'View all resources, but does not allow you to make any changes.', actions: ['*/read'], notActions: [] },
  [BUILTIN_ROLES.UserAccessAdministrator]: { roleName: 'User Access Administrator', description: 'Lets you manage user access to Azure resources.', actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'], notActions: [] },
  [BUILTIN_ROLES.RbacAdministrator]: {
    roleName: 'Role Based Access Control Administrator',
    description: 'Manage access to Azure resources by assigning roles using Azure RBAC.',
    actions: ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete', '*/read', 'Microsoft.Support/*'],
    notActions: [],
  },
  [BUILTIN_ROLES.AcrPull]: { roleName: 'AcrPull', description: 'acr pull', actions: ['Microsoft.ContainerRegistry/registries/pull/read'], notActions: [] },
  [BUILTIN_ROLES.StorageBlobDataReader]: {
    roleName: 'Storage Blob Data Reader',
    description: 'Read and list Azure Storage containers and blobs.',
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/read', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    notActions: [],
    dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'],
  },
  [BUILTIN_ROLES.KeyVaultSecretsUser]: { roleName: 'Key Vault Secrets User', description: 'Read secret contents.', actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'] },
};

const BASE_TIME = Date.parse('2026-09-15T09:00:00.000Z');
const iso = (offsetMinutes: number): string => new Date(BASE_TIME + offsetMinutes * 60_000).toISOString();

export interface ResourceGroupRef {
  subscriptionId: string;
  name: string;
  location: string;
  id: string;
}

export interface IdentityRef {
  id: string;
  principalId: string;
  clientId: string;
}

export interface WorkloadIdentitySpec {
  systemAssigned?: boolean;
  userAssigned?: IdentityRef[];
}

export interface AppIngressSpec {
  external: boolean;
  targetPort: number;
  ipSecurityRestrictions?: { name: string; ipAddressRange: string; action: 'Allow' | 'Deny' }[];
  additionalExternalPort?: number;
}

export interface AppContainerSpec {
  name: string;
  image: string;
  env?: { name: string; value?: string; secretRef?: string }[];
}

export interface ContainerGroupContainerSpec {
  name: string;
  image: string;
  ports?: number[];
  environmentVariables?: { name: string; value?: string; secure?: boolean }[];
}

/** The principal ids a workload's identities carry (system-assigned first). */
export interface WorkloadRef {
  id: string;
  systemPrincipalId?: string;
}

export class AzureTenantBuilder {
  private readonly managementGroups = new Map<string, { name: string; displayName: string; parent?: string }>();
  private readonly subscriptions: { subscriptionId: string; displayName: string; managementGroup: string }[] = [];
  private readonly resources: Json[] = [];
  private readonly roleAssignments: Json[] = [];
  private readonly customRoles: Json[] = [];
  private readonly usedBuiltins = new Set<string>();
  private readonly authConfigs: Json[] = [];
  private readonly environments = new Map<string, Json>();
  private counter = 0;

  constructor(
    readonly tenantId: string,
    readonly rng: Rng,
  ) {
    this.managementGroups.set(tenantId, { name: tenantId, displayName: 'Tenant Root Group' });
  }

  managementGroup(name: string, displayName: string, parent?: string): string {
    this.managementGroups.set(name, { name, displayName, parent: parent ?? this.tenantId });
    return `/providers/Microsoft.Management/managementGroups/${name}`;
  }

  subscription(subscriptionId: string, displayName: string, managementGroup: string): string {
    this.subscriptions.push({ subscriptionId, displayName, managementGroup });
    return `/subscriptions/${subscriptionId}`;
  }

  resourceGroup(subscriptionId: string, name: string, location: string): ResourceGroupRef {
    return { subscriptionId, name, location, id: `/subscriptions/${subscriptionId}/resourceGroups/${name}` };
  }

  private row(rg: ResourceGroupRef, provider: string, name: string, extra: Json): Json {
    const id = `${rg.id}/providers/${provider}/${name}`;
    const row: Json = {
      id,
      name,
      type: provider.toLowerCase(),
      tenantId: this.tenantId,
      kind: '',
      location: rg.location,
      resourceGroup: rg.name,
      subscriptionId: rg.subscriptionId,
      managedBy: '',
      sku: null,
      plan: null,
      tags: {},
      identity: null,
      zones: null,
      extendedLocation: null,
      ...extra,
    };
    this.resources.push(row);
    return row;
  }

  private identityBlock(spec: WorkloadIdentitySpec | undefined, separator: string): { identity: Json | null; systemPrincipalId?: string } {
    const system = spec?.systemAssigned ?? false;
    const users = spec?.userAssigned ?? [];
    if (!system && users.length === 0) return { identity: { type: 'None' } };
    const type = [system ? 'SystemAssigned' : '', users.length ? 'UserAssigned' : ''].filter(Boolean).join(separator);
    const identity: Json = { type };
    let systemPrincipalId: string | undefined;
    if (system) {
      systemPrincipalId = this.rng.guid();
      identity.principalId = systemPrincipalId;
      identity.tenantId = this.tenantId;
    }
    if (users.length) {
      identity.userAssignedIdentities = Object.fromEntries(users.map((u) => [u.id, { principalId: u.principalId, clientId: u.clientId }]));
    }
    return { identity, ...(systemPrincipalId ? { systemPrincipalId } : {}) };
  }

  userAssignedIdentity(rg: ResourceGroupRef, name: string): IdentityRef {
    const principalId = this.rng.guid();
    const clientId = this.rng.guid();
    const row = this.row(rg, 'Microsoft.ManagedIdentity/userAssignedIdentities', name, {
      properties: { tenantId: this.tenantId, principalId, clientId },
    });
    return { id: row.id as string, principalId, clientId };
  }

  managedEnvironment(rg: ResourceGroupRef, name: string, spec: { internal?: boolean; publicNetworkAccess?: 'Enabled' | 'Disabled'; vnet?: boolean } = {}): string {
    const domainSuffix = `${name}-${this.rng.hex(8)}.${rg.location}.azurecontainerapps.io`;
    const properties: Json = {
      provisioningState: 'Succeeded',
      defaultDomain: domainSuffix,
      staticIp: spec.internal ? `10.${this.rng.int(1, 200)}.${this.rng.int(0, 255)}.${this.rng.int(4, 250)}` : `20.${this.rng.int(1, 250)}.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`,
      appLogsConfiguration: { destination: 'log-analytics', logAnalyticsConfiguration: { customerId: this.rng.guid() } },
      zoneRedundant: false,
      workloadProfiles: [{ name: 'Consumption', workloadProfileType: 'Consumption' }],
      peerAuthentication: { mtls: { enabled: false } },
      peerTrafficConfiguration: { encryption: { enabled: false } },
    };
    if (spec.internal !== undefined || spec.vnet) {
      properties.vnetConfiguration = {
        internal: spec.internal ?? false,
        infrastructureSubnetId: `/subscriptions/${rg.subscriptionId}/resourceGroups/${rg.name}/providers/Microsoft.Network/virtualNetworks/${name}-vnet/subnets/infra`,
      };
    }
    if (spec.publicNetworkAccess) properties.publicNetworkAccess = spec.publicNetworkAccess;
    const row = this.row(rg, 'Microsoft.App/managedEnvironments', name, { properties });
    this.environments.set(row.id as string, row);
    return row.id as string;
  }

  containerApp(
    rg: ResourceGroupRef,
    name: string,
    spec: { environmentId: string; ingress?: AppIngressSpec; identity?: WorkloadIdentitySpec; containers: AppContainerSpec[]; secrets?: { name: string; value?: string; keyVaultUrl?: string; identity?: string }[]; registryIdentity?: string },
  ): WorkloadRef {
    const { identity, systemPrincipalId } = this.identityBlock(spec.identity, ',');
    const env = this.environments.get(spec.environmentId);
    const domain = String((env?.properties as Json | undefined)?.defaultDomain ?? `${rg.location}.azurecontainerapps.io`);
    const fqdn = `${name}${spec.ingress?.external === false ? '.internal' : ''}.${domain}`;
    const configuration: Json = {
      activeRevisionsMode: 'Single',
      maxInactiveRevisions: 100,
      secrets: spec.secrets ?? [],
      registries: spec.registryIdentity ? [{ server: 'contosoacr.azurecr.io', identity: spec.registryIdentity }] : [],
      identitySettings: [],
    };
    if (spec.ingress) {
      const ingress: Json = {
        fqdn,
        external: spec.ingress.external,
        targetPort: spec.ingress.targetPort,
        exposedPort: 0,
        transport: 'Auto',
        traffic: [{ weight: 100, latestRevision: true }],
        allowInsecure: false,
        clientCertificateMode: 'Ignore',
        stickySessions: null,
      };
      if (spec.ingress.ipSecurityRestrictions) ingress.ipSecurityRestrictions = spec.ingress.ipSecurityRestrictions;
      if (spec.ingress.additionalExternalPort) ingress.additionalPortMappings = [{ external: true, targetPort: spec.ingress.additionalExternalPort, exposedPort: spec.ingress.additionalExternalPort }];
      configuration.ingress = ingress;
    }
    const revision = `${name}--${this.rng.hex(7)}`;
    const row = this.row(rg, 'Microsoft.App/containerApps', name, {
      identity,
      tags: { app: name },
      properties: {
        provisioningState: 'Succeeded',
        runningStatus: 'Running',
        managedEnvironmentId: spec.environmentId,
        environmentId: spec.environmentId,
        workloadProfileName: 'Consumption',
        outboundIpAddresses: [`20.${this.rng.int(1, 250)}.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`],
        latestRevisionName: revision,
        latestReadyRevisionName: revision,
        latestRevisionFqdn: spec.ingress ? `${revision}.${domain}` : '',
        customDomainVerificationId: this.rng.hex(64).toUpperCase(),
        configuration,
        template: {
          containers: spec.containers.map((c) => ({ name: c.name, image: c.image, env: c.env ?? [], resources: { cpu: 0.5, memory: '1Gi', ephemeralStorage: '2Gi' }, probes: [] })),
          initContainers: null,
          scale: { minReplicas: 1, maxReplicas: 10, rules: null },
          volumes: null,
          serviceBinds: null,
        },
      },
    });
    return { id: row.id as string, ...(systemPrincipalId ? { systemPrincipalId } : {}) };
  }

  authConfig(appId: string, spec: { enabled: boolean; unauthenticatedClientAction?: 'RedirectToLoginPage' | 'AllowAnonymous' | 'Return401' | 'Return403' }): void {
    const globalValidation: Json = {};
    if (spec.unauthenticatedClientAction) globalValidation.unauthenticatedClientAction = spec.unauthenticatedClientAction;
    if (spec.unauthenticatedClientAction === 'RedirectToLoginPage') globalValidation.redirectToProvider = 'azureactivedirectory';
    this.authConfigs.push({
      id: `${appId}/authConfigs/current`,
      name: 'current',
      type: 'Microsoft.App/containerApps/authConfigs',
      properties: {
        platform: { enabled: spec.enabled },
        globalValidation,
        identityProviders: {
          azureActiveDirectory: {
            enabled: true,
            registration: { clientId: this.rng.guid(), clientSecretSettingName: 'microsoft-provider-authentication-secret', openIdIssuer: `https://sts.windows.net/${this.tenantId}/v2.0` },
            validation: { allowedAudiences: [] },
          },
        },
        login: { preserveUrlFragmentsForLogins: false },
        httpSettings: { requireHttps: true },
      },
    });
  }

  containerGroup(
    rg: ResourceGroupRef,
    name: string,
    spec: { publicIp: boolean; dnsNameLabel?: string; subnetId?: string; identity?: WorkloadIdentitySpec; containers: ContainerGroupContainerSpec[]; registryUsername?: string },
  ): WorkloadRef {
    const { identity, systemPrincipalId } = this.identityBlock(spec.identity, ', ');
    const ports = [...new Set(spec.containers.flatMap((c) => c.ports ?? []))];
    const ipAddress: Json = spec.publicIp
      ? { type: 'Public', ip: `52.${this.rng.int(1, 250)}.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`, ports: ports.map((port) => ({ port, protocol: 'TCP' })) }
      : { type: 'Private', ip: `10.${this.rng.int(1, 200)}.${this.rng.int(0, 255)}.${this.rng.int(4, 250)}`, ports: ports.map((port) => ({ port, protocol: 'TCP' })) };
    if (spec.publicIp && spec.dnsNameLabel) {
      ipAddress.dnsNameLabel = spec.dnsNameLabel;
      ipAddress.fqdn = `${spec.dnsNameLabel}.${rg.location}.azurecontainer.io`;
      ipAddress.autoGeneratedDomainNameLabelScope = 'Unsecure';
    }
    const properties: Json = {
      sku: 'Standard',
      provisioningState: 'Succeeded',
      containers: spec.containers.map((c) => ({
        name: c.name,
        properties: {
          image: c.image,
          command: [],
          ports: (c.ports ?? []).map((port) => ({ port, protocol: 'TCP' })),
          environmentVariables: (c.environmentVariables ?? []).map((v) => (v.secure ? { name: v.name, secureValue: null } : { name: v.name, value: v.value ?? '' })),
          resources: { requests: { cpu: 1, memoryInGB: 1.5 } },
        },
      })),
      initContainers: [],
      restartPolicy: 'Always',
      ipAddress,
      osType: 'Linux',
      instanceView: { state: 'Running' },
      imageRegistryCredentials: spec.registryUsername ? [{ server: 'contosoacr.azurecr.io', username: spec.registryUsername }] : [],
    };
    if (spec.subnetId) properties.subnetIds = [{ id: spec.subnetId }];
    const row = this.row(rg, 'Microsoft.ContainerInstance/containerGroups', name, { identity, properties, tags: { workload: name } });
    return { id: row.id as string, ...(systemPrincipalId ? { systemPrincipalId } : {}) };
  }

  /** A custom role defined at a subscription (assignable there); returns its GUID. */
  customRole(subscriptionId: string, roleName: string, actions: string[], notActions: string[] = []): string {
    const guid = this.rng.guid();
    this.customRoles.push({
      id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
      name: guid,
      type: 'microsoft.authorization/roledefinitions',
      tenantId: this.tenantId,
      kind: '',
      location: '',
      resourceGroup: '',
      subscriptionId,
      managedBy: '',
      sku: null,
      plan: null,
      tags: null,
      identity: null,
      zones: null,
      extendedLocation: null,
      properties: {
        roleName,
        type: 'CustomRole',
        description: `${roleName} (custom)`,
        assignableScopes: [`/subscriptions/${subscriptionId}`],
        permissions: [{ actions, notActions, dataActions: [], notDataActions: [] }],
        createdOn: iso(-90_000),
        updatedOn: iso(-80_000),
      },
    });
    return guid;
  }

  /** Assigns a role (built-in or custom GUID) to a principal at a scope (MG, subscription, RG or resource id). */
  assign(principalId: string, roleGuid: string, scope: string, principalType: 'ServicePrincipal' | 'User' | 'Group' = 'ServicePrincipal'): void {
    if (BUILTIN_DEFINITIONS[roleGuid]) this.usedBuiltins.add(roleGuid);
    const subscriptionMatch = /^\/subscriptions\/([^/]+)/i.exec(scope);
    const rgMatch = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(scope);
    const custom = this.customRoles.find((r) => r.name === roleGuid);
    const definitionSub = custom ? (custom.subscriptionId as string) : subscriptionMatch?.[1];
    const roleDefinitionId = definitionSub
      ? `/subscriptions/${definitionSub}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`
      : `/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
    const guid = this.rng.guid();
    this.counter++;
    this.roleAssignments.push({
      id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${guid}`,
      name: guid,
      type: 'microsoft.authorization/roleassignments',
      tenantId: this.tenantId,
      kind: '',
      location: '',
      resourceGroup: rgMatch?.[1] ?? '',
      subscriptionId: subscriptionMatch?.[1] ?? '',
      managedBy: '',
      sku: null,
      plan: null,
      tags: null,
      identity: null,
      zones: null,
      extendedLocation: null,
      properties: {
        roleDefinitionId,
        principalId,
        principalType,
        scope,
        createdOn: iso(this.counter),
        updatedOn: iso(this.counter),
        createdBy: this.rng.guid(),
        updatedBy: this.rng.guid(),
        delegatedManagedIdentityResourceId: null,
        description: null,
        condition: null,
        conditionVersion: null,
      },
    });
  }

  private ancestors(managementGroup: string): { name: string; displayName: string }[] {
    const chain: { name: string; displayName: string }[] = [];
    let current = this.managementGroups.get(managementGroup);
    while (current) {
      chain.push({ name: current.name, displayName: current.displayName });
      current = current.parent ? this.managementGroups.get(current.parent) : undefined;
    }
    return chain;
  }

  writeFiles(files: Map<string, unknown>): void {
    const base = `azure/${this.tenantId}`;
    const byId = (a: Json, b: Json) => String(a.id).toLowerCase().localeCompare(String(b.id).toLowerCase());
    files.set(`${base}/resources.json`, [...this.resources].sort(byId));
    const builtins = [...this.usedBuiltins].sort().map((guid) => {
      const def = BUILTIN_DEFINITIONS[guid]!;
      return {
        id: `/providers/Microsoft.Authorization/RoleDefinitions/${guid}`,
        name: guid,
        type: 'microsoft.authorization/roledefinitions',
        tenantId: this.tenantId,
        kind: '',
        location: '',
        resourceGroup: '',
        subscriptionId: '',
        properties: {
          roleName: def.roleName,
          type: 'BuiltInRole',
          description: def.description,
          assignableScopes: ['/'],
          permissions: [{ actions: def.actions, notActions: def.notActions, dataActions: def.dataActions ?? [], notDataActions: [] }],
          createdOn: '2015-02-02T21:55:09.8806423Z',
          updatedOn: '2024-08-01T10:00:00.0000000Z',
        },
      };
    });
    files.set(`${base}/authorizationresources.json`, [...this.roleAssignments, ...this.customRoles, ...builtins].sort(byId));
    const containers: Json[] = this.subscriptions.map((s) => ({
      id: `/subscriptions/${s.subscriptionId}`,
      name: s.displayName,
      type: 'microsoft.resources/subscriptions',
      tenantId: this.tenantId,
      kind: '',
      location: '',
      resourceGroup: '',
      subscriptionId: s.subscriptionId,
      properties: {
        state: 'Enabled',
        subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' },
        managementGroupAncestorsChain: this.ancestors(s.managementGroup),
      },
      tags: {},
    }));
    for (const mg of this.managementGroups.values()) {
      const parent = mg.parent ? this.managementGroups.get(mg.parent) : undefined;
      containers.push({
        id: `/providers/Microsoft.Management/managementGroups/${mg.name}`,
        name: mg.name,
        type: 'microsoft.management/managementgroups',
        tenantId: this.tenantId,
        kind: '',
        location: '',
        resourceGroup: '',
        subscriptionId: '',
        properties: {
          displayName: mg.displayName,
          details: parent ? { parent: { id: `/providers/Microsoft.Management/managementGroups/${parent.name}`, name: parent.name, displayName: parent.displayName } } : {},
          managementGroupAncestorsChain: mg.parent ? this.ancestors(mg.parent) : [],
        },
        tags: {},
      });
    }
    files.set(`${base}/resourcecontainers.json`, containers.sort(byId));
    files.set(`${base}/authconfigs.json`, [...this.authConfigs].sort(byId));
  }
}
