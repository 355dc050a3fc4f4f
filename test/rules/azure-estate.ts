/**
 * Builds Azure snapshot files (docs/snapshot-format.md) for the rule tests: Resource Graph rows as `az graph query`
 * returns them (ARM JSON, `type` lower-case, mixed-case ids as ARM writes them) and the authConfigs ARM bodies.
 */
import type { SnapshotFiles } from '../../services/ingest/snapshot/files.js';

export type Json = Record<string, unknown>;

export const ROLE = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  rbacAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
} as const;

export interface Identity {
  system?: string;
  user?: Record<string, string>;
  /** ACA writes 'SystemAssigned,UserAssigned'; ACI 'SystemAssigned, UserAssigned'. */
  separator?: string;
}

export class AzureEstate {
  readonly resources: Json[] = [];
  readonly authorization: Json[] = [];
  readonly containers: Json[] = [];
  readonly authConfigs: Json[] = [];
  private assignmentCounter = 0;

  constructor(readonly tenantId: string) {}

  /** A subscription row with its management group chain (nearest first; the tenant root group last). */
  subscription(subscriptionId: string, groups: string[]): string {
    this.containers.push({
      id: `/subscriptions/${subscriptionId}`, name: `sub-${subscriptionId.slice(0, 4)}`, type: 'microsoft.resources/subscriptions',
      subscriptionId, tenantId: this.tenantId, resourceGroup: '', location: '',
      properties: {
        state: 'Enabled',
        managementGroupAncestorsChain: [...groups, this.tenantId].map((name) => ({ name, displayName: name === this.tenantId ? 'Tenant Root Group' : name })),
      },
    });
    return `/subscriptions/${subscriptionId}`;
  }

  resourceId(subscriptionId: string, resourceGroup: string, provider: string, name: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${provider}/${name}`;
  }

  private identityBlock(identity: Identity | undefined): Json | undefined {
    if (identity === undefined) return undefined;
    const types = [identity.system ? 'SystemAssigned' : undefined, identity.user ? 'UserAssigned' : undefined].filter(Boolean);
    return {
      type: types.join(identity.separator ?? ','),
      ...(identity.system ? { principalId: identity.system, tenantId: this.tenantId } : {}),
      ...(identity.user ? {
        userAssignedIdentities: Object.fromEntries(Object.entries(identity.user).map(([resourceId, principalId]) => [
          resourceId, { principalId, clientId: `c${principalId.slice(1)}` },
        ])),
      } : {}),
    };
  }

  private row(id: string, type: string, subscriptionId: string, resourceGroup: string, properties: Json, identity?: Identity): Json {
    const block = this.identityBlock(identity);
    const row: Json = {
      id, name: id.split('/').pop(), type, location: 'westeurope', resourceGroup, subscriptionId, tenantId: this.tenantId,
      kind: '', tags: {}, properties,
    };
    if (block !== undefined) row.identity = block;
    this.resources.push(row);
    return row;
  }

  userAssignedIdentity(subscriptionId: string, resourceGroup: string, name: string, principalId: string): string {
    const id = this.resourceId(subscriptionId, resourceGroup, 'Microsoft.ManagedIdentity/userAssignedIdentities', name);
    this.row(id, 'microsoft.managedidentity/userassignedidentities', subscriptionId, resourceGroup, {
      principalId, clientId: `c${principalId.slice(1)}`, tenantId: this.tenantId,
    });
    return id;
  }

  managedEnvironment(subscriptionId: string, resourceGroup: string, name: string, properties: Json = {}): string {
    const id = this.resourceId(subscriptionId, resourceGroup, 'Microsoft.App/managedEnvironments', name);
    this.row(id, 'microsoft.app/managedenvironments', subscriptionId, resourceGroup, {
      provisioningState: 'Succeeded', defaultDomain: `${name}.westeurope.azurecontainerapps.io`, staticIp: '20.42.33.145',
      appLogsConfiguration: { destination: 'log-analytics', logAnalyticsConfiguration: { customerId: '00000000-0000-0000-0000-00000000beef' } },
      ...properties,
    });
    return id;
  }

  /** A container app; `configuration` and `containers` replace the defaults (no ingress, one container). */
  containerApp(subscriptionId: string, resourceGroup: string, name: string, environmentId: string, options: {
    ingress?: Json; secrets?: Json[]; containers?: Json[]; identity?: Identity;
  } = {}): string {
    const id = this.resourceId(subscriptionId, resourceGroup, 'Microsoft.App/containerApps', name);
    this.row(id, 'microsoft.app/containerapps', subscriptionId, resourceGroup, {
      provisioningState: 'Succeeded', runningStatus: 'Running', environmentId, managedEnvironmentId: environmentId,
      latestRevisionFqdn: `${name}--rev1.westeurope.azurecontainerapps.io`,
      configuration: {
        activeRevisionsMode: 'Single', secrets: options.secrets ?? [],
        registries: [{ server: 'myacr.azurecr.io', identity: 'system' }],
        ...(options.ingress === undefined ? {} : {
          ingress: { targetPort: 8080, transport: 'auto', allowInsecure: false, fqdn: `${name}.westeurope.azurecontainerapps.io`, ...options.ingress },
        }),
      },
      template: {
        containers: options.containers ?? [{ name, image: `myacr.azurecr.io/${name}:1.0.0`, env: [{ name: 'LOG_LEVEL', value: 'info' }], resources: { cpu: 0.5, memory: '1Gi' } }],
        scale: { minReplicas: 1, maxReplicas: 3 },
      },
    }, options.identity);
    return id;
  }

  /** A container group; defaults: private IP in a subnet, Log Analytics, identity-based registry pull. */
  containerGroup(subscriptionId: string, resourceGroup: string, name: string, options: {
    ipAddress?: Json; subnetIds?: Json[]; diagnostics?: Json | null; containers?: Json[]; registries?: Json[]; identity?: Identity;
  } = {}): string {
    const id = this.resourceId(subscriptionId, resourceGroup, 'Microsoft.ContainerInstance/containerGroups', name);
    const properties: Json = {
      provisioningState: 'Succeeded', osType: 'Linux', sku: 'Standard', restartPolicy: 'Always',
      ipAddress: options.ipAddress ?? { type: 'Private', ip: '10.1.0.4', ports: [{ port: 8080, protocol: 'TCP' }] },
      subnetIds: options.subnetIds ?? [{ id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aci` }],
      imageRegistryCredentials: options.registries ?? [{ server: 'myacr.azurecr.io', identity: 'system' }],
      containers: options.containers ?? [{
        name, properties: { image: `myacr.azurecr.io/${name}:1.0.0`, ports: [{ port: 8080 }], environmentVariables: [], resources: { requests: { cpu: 1, memoryInGB: 1.5 } } },
      }],
    };
    if (options.diagnostics !== null) {
      properties.diagnostics = options.diagnostics ?? { logAnalytics: { workspaceId: '00000000-0000-0000-0000-00000000beef', logType: 'ContainerInstanceLogs' } };
    }
    this.row(id, 'microsoft.containerinstance/containergroups', subscriptionId, resourceGroup, properties, options.identity ? { separator: ', ', ...options.identity } : undefined);
    return id;
  }

  authConfig(appId: string, properties: Json): void {
    this.authConfigs.push({ id: `${appId}/authConfigs/current`, name: 'current', type: 'Microsoft.App/containerApps/authConfigs', properties });
  }

  /** A role definition row (custom roles; built-ins are matched by GUID even without one). */
  roleDefinition(guid: string, roleName: string, roleType: 'BuiltInRole' | 'CustomRole', actions: string[], notActions: string[] = []): void {
    this.authorization.push({
      id: `/providers/Microsoft.Authorization/roleDefinitions/${guid}`, name: guid, type: 'microsoft.authorization/roledefinitions',
      subscriptionId: '', resourceGroup: '', tenantId: this.tenantId,
      properties: { roleName, type: roleType, description: roleName, assignableScopes: ['/'], permissions: [{ actions, notActions, dataActions: [], notDataActions: [] }] },
    });
  }

  /** A role assignment at `scope` (ARM casing), as Resource Graph returns it. */
  roleAssignment(scope: string, roleGuid: string, principalId: string, options: { condition?: string } = {}): string {
    const name = `0000${(this.assignmentCounter++).toString(16).padStart(4, '0')}-aaaa-bbbb-cccc-${principalId.slice(-12)}`;
    const subscriptionId = scope.match(/^\/subscriptions\/([^/]+)/)?.[1] ?? '';
    const definitionScope = subscriptionId === '' ? '' : `/subscriptions/${subscriptionId}`;
    const id = `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    this.authorization.push({
      id, name, type: 'microsoft.authorization/roleassignments', subscriptionId, resourceGroup: '', tenantId: this.tenantId,
      properties: {
        roleDefinitionId: `${definitionScope}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
        principalId, principalType: 'ServicePrincipal', scope, createdOn: '2025-01-10T09:00:00Z',
        ...(options.condition === undefined ? {} : { condition: options.condition, conditionVersion: '2.0' }),
      },
    });
    return id.toLowerCase();
  }

  files(): SnapshotFiles {
    const base = `azure/${this.tenantId}`;
    return new Map<string, unknown>([
      [`${base}/resources.json`, this.resources],
      [`${base}/authorizationresources.json`, this.authorization],
      [`${base}/resourcecontainers.json`, this.containers],
      [`${base}/authconfigs.json`, this.authConfigs],
    ]);
  }
}

/** A Trivy report (`trivy image --format json`) for an image by manifest digest. */
export function trivyReport(repoDigest: string, vulnerabilities: { id: string; severity: string }[]): Json {
  return {
    SchemaVersion: 2, ArtifactName: repoDigest, ArtifactType: 'container_image',
    Metadata: { OS: { Family: 'debian', Name: '12.5' }, ImageID: `sha256:${'0f'.repeat(32)}`, RepoDigests: [repoDigest], RepoTags: [] },
    Results: [{
      Target: `${repoDigest} (debian 12.5)`, Class: 'os-pkgs', Type: 'debian',
      Vulnerabilities: vulnerabilities.map((v) => ({
        VulnerabilityID: v.id, PkgName: 'openssl', InstalledVersion: '3.0.11-1', FixedVersion: '3.0.13-1', Severity: v.severity,
        Title: `${v.id} in openssl`, PrimaryURL: `https://avd.aquasec.com/nvd/${v.id.toLowerCase()}`,
      })),
    }],
  };
}
