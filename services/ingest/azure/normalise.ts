/**
 * Azure normaliser: the snapshot files of one or more tenants → Facts. Scopes: `azure-tenant:<tenantId>` (tenant,
 * management groups, role definitions, assignments above subscriptions) and `azure:<subscriptionId>` (everything in a
 * subscription) with parent `azure-tenant:<tenantId>`. Every ARM id is lower-cased.
 */
import type { FactsBuilder, ScopeFactsBuilder } from '../facts.js';
import {
  MalformedElement, digestOfImage, environmentFacts, objects, optBoolean, optInteger, optObject, optString, reqString, strings,
  unique, wildcardToRegex, type JsonObject,
} from '../read.js';
import type { SnapshotFiles } from '../snapshot/files.js';
import { guarded } from '../aws/common.js';
import {
  argRows, armBodies, armId, identityOf, managementGroupId, resourceGroupId, scopeLevel, subscriptionOfId, type IdentityFacts,
} from './rows.js';

type Row = { row: JsonObject; source: string };

class TenantNormaliser {
  readonly tenantScope: ScopeFactsBuilder;
  private readonly seenSubscriptions = new Set<string>();
  /** UAMI resource id → principal/client id (from the userassignedidentities rows). */
  private readonly uamiById = new Map<string, { principalId?: string; clientId?: string }>();
  /** Principal ids of every managed identity met, for linking role assignments. */
  private readonly identityPrincipals = new Set<string>();

  constructor(
    private readonly facts: FactsBuilder,
    private readonly tenantId: string,
    private readonly resources: Row[],
    private readonly authorization: Row[],
    private readonly containers: Row[],
  ) {
    this.tenantScope = facts.scope(`azure-tenant:${tenantId}`, null, 'azure');
  }

  private subscriptionScope(subscriptionId: string | undefined): ScopeFactsBuilder {
    if (subscriptionId === undefined || subscriptionId === '') return this.tenantScope;
    return this.facts.scope(`azure:${subscriptionId.toLowerCase()}`, `azure-tenant:${this.tenantId}`, 'azure');
  }

  private rowSubscription(row: JsonObject): string | undefined {
    const value = optString(row, 'subscriptionId');
    return (value !== undefined && value !== '' ? value : subscriptionOfId(optString(row, 'id') ?? ''))?.toLowerCase();
  }

  run(): void {
    this.tenantScope.node('AzureTenant', this.tenantId, { name: this.tenantId, cloud: 'azure', tenantId: this.tenantId });
    for (const { row } of [...this.resources, ...this.authorization, ...this.containers]) {
      try {
        const subscriptionId = this.rowSubscription(row);
        if (subscriptionId !== undefined) this.seenSubscriptions.add(subscriptionId);
      } catch {
        // reported when the row itself is normalised
      }
    }
    for (const { row } of this.resources) this.indexIdentities(row);
    for (const { row, source } of this.containers) this.guard(row, source, () => this.container(row));
    for (const { row, source } of this.resources) this.guard(row, source, () => this.resource(row));
    for (const { row, source } of this.authorization) this.guard(row, source, () => this.authorizationRow(row));
  }

  private guard(row: JsonObject, source: string, handle: () => void): void {
    let scope = this.tenantScope;
    try {
      scope = this.subscriptionScope(this.rowSubscription(row));
    } catch {
      // malformed subscriptionId: report on the tenant scope
    }
    guarded(scope, source, handle);
  }

  private indexIdentities(row: JsonObject): void {
    try {
      const type = optString(row, 'type')?.toLowerCase();
      if (type === 'microsoft.managedidentity/userassignedidentities') {
        const properties = optObject(row, 'properties');
        const principalId = optString(properties, 'principalId')?.toLowerCase();
        const clientId = optString(properties, 'clientId')?.toLowerCase();
        const entry: { principalId?: string; clientId?: string } = {};
        if (principalId) entry.principalId = principalId;
        if (clientId) entry.clientId = clientId;
        this.uamiById.set(armId(reqString(row, 'id')), entry);
        if (principalId) this.identityPrincipals.add(principalId);
      }
      if (type === 'microsoft.app/containerapps' || type === 'microsoft.containerinstance/containergroups') {
        const identity = identityOf(row);
        if (identity.systemPrincipalId) this.identityPrincipals.add(identity.systemPrincipalId);
        for (const user of identity.userAssigned) if (user.principalId) this.identityPrincipals.add(user.principalId);
      }
    } catch {
      // reported when the row itself is normalised
    }
  }

  private subscription(subscriptionId: string, name?: string, chain: string[] = []): void {
    const scope = this.subscriptionScope(subscriptionId);
    const id = `/subscriptions/${subscriptionId}`;
    scope.node('Subscription', id, { name: name ?? subscriptionId, cloud: 'azure', tenantId: this.tenantId, subscriptionId, managementGroupAncestors: chain });
    if (chain.length === 0) scope.relationship('SCOPE_CHILD_OF', id, this.tenantId);
  }

  private resourceGroup(row: JsonObject): string | undefined {
    const subscriptionId = this.rowSubscription(row);
    const resourceGroup = optString(row, 'resourceGroup');
    if (subscriptionId === undefined || resourceGroup === undefined || resourceGroup === '') return undefined;
    const scope = this.subscriptionScope(subscriptionId);
    const id = resourceGroupId(subscriptionId, resourceGroup);
    if (!scope.hasNode('Subscription', `/subscriptions/${subscriptionId}`)) this.subscription(subscriptionId);
    scope.node('ResourceGroup', id, { name: resourceGroup.toLowerCase(), cloud: 'azure', subscriptionId });
    scope.relationship('SCOPE_CHILD_OF', id, `/subscriptions/${subscriptionId}`);
    return id;
  }

  // ------------------------------------------------------------------ resourcecontainers
  private container(row: JsonObject): void {
    const type = optString(row, 'type')?.toLowerCase();
    if (type === 'microsoft.resources/subscriptions') {
      const subscriptionId = this.rowSubscription(row);
      if (subscriptionId === undefined) throw new MalformedElement('subscription row without subscriptionId');
      const chain = objects(optObject(row, 'properties'), 'managementGroupAncestorsChain').map((group) => ({
        name: reqString(group, 'name').toLowerCase(),
        displayName: optString(group, 'displayName'),
      }));
      const scope = this.subscriptionScope(subscriptionId);
      const id = `/subscriptions/${subscriptionId}`;
      scope.node('Subscription', id, {
        name: optString(row, 'name') ?? subscriptionId, cloud: 'azure', tenantId: this.tenantId, subscriptionId,
        managementGroupAncestors: chain.map((group) => group.name),
      });
      // The chain runs from the nearest group up to the tenant root group.
      chain.forEach((group, index) => {
        const groupId = managementGroupId(group.name);
        this.tenantScope.node('ManagementGroup', groupId, {
          name: group.name, cloud: 'azure', tenantId: this.tenantId, displayName: group.displayName, root: group.name === this.tenantId,
        });
        const parent = chain[index + 1];
        this.tenantScope.relationship('SCOPE_CHILD_OF', groupId, parent === undefined ? this.tenantId : managementGroupId(parent.name));
      });
      scope.relationship('SCOPE_CHILD_OF', id, chain[0] === undefined ? this.tenantId : managementGroupId(chain[0].name));
      return;
    }
    if (type === 'microsoft.resources/subscriptions/resourcegroups') {
      this.resourceGroup({ ...row, resourceGroup: optString(row, 'resourceGroup') ?? optString(row, 'name') });
      return;
    }
    if (type === 'microsoft.management/managementgroups') {
      const name = reqString(row, 'name').toLowerCase();
      const properties = optObject(row, 'properties');
      const parentId = optString(optObject(optObject(properties, 'details'), 'parent'), 'id');
      this.tenantScope.node('ManagementGroup', managementGroupId(name), {
        name, cloud: 'azure', tenantId: this.tenantId, displayName: optString(properties, 'displayName'), root: name === this.tenantId,
      });
      this.tenantScope.relationship('SCOPE_CHILD_OF', managementGroupId(name), parentId === undefined ? this.tenantId : armId(parentId));
    }
  }

  // ------------------------------------------------------------------ resources
  private resource(row: JsonObject): void {
    const type = optString(row, 'type')?.toLowerCase();
    switch (type) {
      case 'microsoft.app/containerapps':
        return this.containerApp(row);
      case 'microsoft.app/managedenvironments':
        return this.managedEnvironment(row);
      case 'microsoft.containerinstance/containergroups':
        return this.containerGroup(row);
      case 'microsoft.managedidentity/userassignedidentities':
        return this.userAssignedIdentity(row);
      default:
        return; // other resource types are not modelled
    }
  }

  private common(row: JsonObject): { id: string; scope: ScopeFactsBuilder; props: Record<string, string | undefined>; resourceGroupId?: string } {
    const id = armId(reqString(row, 'id'));
    const subscriptionId = this.rowSubscription(row);
    const scope = this.subscriptionScope(subscriptionId);
    const rg = this.resourceGroup(row);
    const result: { id: string; scope: ScopeFactsBuilder; props: Record<string, string | undefined>; resourceGroupId?: string } = {
      id, scope,
      props: {
        name: optString(row, 'name') ?? id.split('/').pop(), cloud: 'azure', tenantId: optString(row, 'tenantId')?.toLowerCase() ?? this.tenantId,
        subscriptionId, resourceGroup: optString(row, 'resourceGroup')?.toLowerCase(), location: optString(row, 'location'),
      },
    };
    if (rg !== undefined) result.resourceGroupId = rg;
    return result;
  }

  /** Managed identity nodes and HAS_IDENTITY relationships of a workload. */
  private identities(workloadId: string, scope: ScopeFactsBuilder, identity: IdentityFacts, relationship: string, lifecycles: Map<string, string>, source: ScopeFactsBuilder): void {
    if (identity.systemPrincipalId !== undefined) {
      scope.node('ManagedIdentity', identity.systemPrincipalId, {
        name: `${workloadId.split('/').pop()} (system)`, cloud: 'azure', principalId: identity.systemPrincipalId, identityKind: 'system',
        resourceId: workloadId, tenantId: identity.tenantId ?? this.tenantId,
      });
      scope.relationship(relationship, workloadId, identity.systemPrincipalId, { identityKind: 'system', lifecycle: lifecycles.get('system') });
    }
    for (const user of identity.userAssigned) {
      const indexed = this.uamiById.get(user.resourceId);
      const principalId = user.principalId ?? indexed?.principalId;
      if (principalId === undefined) {
        source.problem(workloadId, `user-assigned identity ${user.resourceId} has no principalId (not in the identity map nor the identity rows); not linked`);
        continue;
      }
      // The identity belongs to its own subscription when that subscription was scanned, else to the workload's.
      const owner = subscriptionOfId(user.resourceId);
      const identityScope = owner !== undefined && this.seenSubscriptions.has(owner) ? this.subscriptionScope(owner) : scope;
      identityScope.node('ManagedIdentity', principalId, {
        name: user.resourceId.split('/').pop(), cloud: 'azure', principalId, identityKind: 'user', resourceId: user.resourceId,
        clientId: user.clientId ?? indexed?.clientId, tenantId: this.tenantId,
      });
      scope.relationship(relationship, workloadId, principalId, { identityKind: 'user', lifecycle: lifecycles.get(user.resourceId) });
    }
  }

  private azureContainer(scope: ScopeFactsBuilder, parentId: string, relationship: string, container: JsonObject, init: boolean, aci: boolean): void {
    const name = reqString(container, 'name');
    const body = aci ? (optObject(container, 'properties') ?? {}) : container;
    const id = `${parentId}/${init ? 'initcontainers' : 'containers'}/${name}`.toLowerCase();
    const image = optString(body, 'image');
    const imageDigest = digestOfImage(image);
    const security = optObject(body, 'securityContext');
    scope.node('Container', id, {
      name, cloud: 'azure', image, imageDigest, init,
      privileged: optBoolean(security, 'privileged'), capabilitiesAdd: strings(optObject(security, 'capabilities'), 'add'),
      runAsUser: optInteger(security, 'runAsUser'),
      ports: objects(body, 'ports').map((port) => optInteger(port, 'port')).filter((v): v is number => v !== undefined),
      ...environmentFacts(objects(body, aci ? 'environmentVariables' : 'env')),
    });
    scope.relationship(relationship, parentId, id);
    if (imageDigest !== undefined && image !== undefined) {
      scope.node('Image', imageDigest, { name: image, cloud: 'none', digest: imageDigest, references: [image] });
      scope.relationship('CONTAINER_USES_IMAGE', id, imageDigest);
    }
  }

  private containerApp(row: JsonObject): void {
    const { id, scope, props, resourceGroupId: rg } = this.common(row);
    const properties = optObject(row, 'properties');
    const configuration = optObject(properties, 'configuration');
    const ingress = optObject(configuration, 'ingress');
    const restrictions = objects(ingress, 'ipSecurityRestrictions');
    const rangesWith = (action: string) =>
      restrictions.filter((rule) => optString(rule, 'action')?.toLowerCase() === action).map((rule) => reqString(rule, 'ipAddressRange'));
    const environmentId = optString(properties, 'environmentId') || optString(properties, 'managedEnvironmentId');
    const identity = identityOf(row);
    const secrets = objects(configuration, 'secrets');
    const lifecycles = new Map<string, string>();
    for (const setting of objects(configuration, 'identitySettings')) {
      const target = optString(setting, 'identity');
      const lifecycle = optString(setting, 'lifecycle');
      if (target !== undefined && lifecycle !== undefined) lifecycles.set(target.toLowerCase() === 'system' ? 'system' : armId(target), lifecycle);
    }
    scope.node('ContainerApp', id, {
      ...props, environmentId: environmentId === undefined ? undefined : armId(environmentId),
      provisioningState: optString(properties, 'provisioningState'),
      ingressPresent: ingress !== undefined, ingressExternal: optBoolean(ingress, 'external'),
      additionalPortExternal: objects(ingress, 'additionalPortMappings').some((mapping) => optBoolean(mapping, 'external') === true),
      ingressTargetPort: optInteger(ingress, 'targetPort'), ingressExposedPort: optInteger(ingress, 'exposedPort'),
      ingressTransport: optString(ingress, 'transport'), ingressAllowInsecure: optBoolean(ingress, 'allowInsecure'),
      ingressFqdn: optString(ingress, 'fqdn'), clientCertificateMode: optString(ingress, 'clientCertificateMode'),
      ipAllowRanges: rangesWith('allow'), ipDenyRanges: rangesWith('deny'),
      identityType: identity.identityType, identityTypes: identity.identityTypes, systemPrincipalId: identity.systemPrincipalId,
      userAssignedIdentityIds: identity.userAssigned.map((user) => user.resourceId),
      latestRevisionFqdn: optString(properties, 'latestRevisionFqdn'),
      registryServers: objects(configuration, 'registries').map((registry) => optString(registry, 'server')).filter((v): v is string => v !== undefined),
      secretNames: secrets.map((secret) => reqString(secret, 'name')),
      secretKeyVaultNames: secrets.filter((secret) => optString(secret, 'keyVaultUrl') !== undefined).map((secret) => reqString(secret, 'name')),
    });
    if (rg !== undefined) scope.relationship('APP_IN_RESOURCE_GROUP', id, rg);
    if (environmentId !== undefined) scope.relationship('APP_IN_ENVIRONMENT', id, armId(environmentId));
    const template = optObject(properties, 'template');
    for (const container of objects(template, 'containers')) this.azureContainer(scope, id, 'APP_HAS_CONTAINER', container, false, false);
    for (const container of objects(template, 'initContainers')) this.azureContainer(scope, id, 'APP_HAS_CONTAINER', container, true, false);
    this.identities(id, scope, identity, 'APP_HAS_IDENTITY', lifecycles, scope);
  }

  private managedEnvironment(row: JsonObject): void {
    const { id, scope, props, resourceGroupId: rg } = this.common(row);
    const properties = optObject(row, 'properties');
    const vnet = optObject(properties, 'vnetConfiguration');
    scope.node('ManagedEnvironment', id, {
      ...props, vnetInternal: optBoolean(vnet, 'internal'), infrastructureSubnetId: optString(vnet, 'infrastructureSubnetId')?.toLowerCase(),
      publicNetworkAccess: optString(properties, 'publicNetworkAccess'), staticIp: optString(properties, 'staticIp'),
      defaultDomain: optString(properties, 'defaultDomain'), logsDestination: optString(optObject(properties, 'appLogsConfiguration'), 'destination'),
    });
    if (rg !== undefined) scope.relationship('ENVIRONMENT_IN_RESOURCE_GROUP', id, rg);
  }

  private containerGroup(row: JsonObject): void {
    const { id, scope, props, resourceGroupId: rg } = this.common(row);
    const properties = optObject(row, 'properties');
    const ip = optObject(properties, 'ipAddress');
    const ports = objects(ip, 'ports');
    const identity = identityOf(row);
    const registries = objects(properties, 'imageRegistryCredentials');
    scope.node('ContainerGroup', id, {
      ...props, ipAddressType: optString(ip, 'type'), ipAddress: optString(ip, 'ip'), fqdn: optString(ip, 'fqdn'),
      dnsNameLabel: optString(ip, 'dnsNameLabel'),
      ports: ports.map((port) => optInteger(port, 'port')).filter((v): v is number => v !== undefined),
      portProtocols: ports.map((port) => optString(port, 'protocol') ?? 'TCP'),
      subnetIds: objects(properties, 'subnetIds').map((subnet) => armId(reqString(subnet, 'id'))),
      osType: optString(properties, 'osType'), sku: optString(properties, 'sku'), restartPolicy: optString(properties, 'restartPolicy'),
      provisioningState: optString(properties, 'provisioningState'), identityType: identity.identityType, identityTypes: identity.identityTypes,
      systemPrincipalId: identity.systemPrincipalId, userAssignedIdentityIds: identity.userAssigned.map((user) => user.resourceId),
      registryServers: registries.map((registry) => optString(registry, 'server')).filter((v): v is string => v !== undefined),
      registryPasswordServers: registries
        .filter((registry) => registry.password !== undefined && registry.password !== null)
        .map((registry) => optString(registry, 'server') ?? ''),
      logAnalyticsWorkspaceId: optString(optObject(optObject(properties, 'diagnostics'), 'logAnalytics'), 'workspaceId'),
      encryptionKeyVault: optString(optObject(properties, 'encryptionProperties'), 'vaultBaseUrl'),
    });
    if (rg !== undefined) scope.relationship('GROUP_IN_RESOURCE_GROUP', id, rg);
    for (const container of objects(properties, 'containers')) this.azureContainer(scope, id, 'GROUP_HAS_CONTAINER', container, false, true);
    for (const container of objects(properties, 'initContainers')) this.azureContainer(scope, id, 'GROUP_HAS_CONTAINER', container, true, true);
    this.identities(id, scope, identity, 'GROUP_HAS_IDENTITY', new Map(), scope);
  }

  private userAssignedIdentity(row: JsonObject): void {
    const { id, scope, props } = this.common(row);
    const entry = this.uamiById.get(id);
    if (entry?.principalId === undefined) throw new MalformedElement('user-assigned identity without properties.principalId');
    scope.node('ManagedIdentity', entry.principalId, {
      name: props.name, cloud: 'azure', principalId: entry.principalId, identityKind: 'user', resourceId: id, clientId: entry.clientId,
      tenantId: props.tenantId,
    });
  }

  // ------------------------------------------------------------------ authorizationresources
  private authorizationRow(row: JsonObject): void {
    const type = optString(row, 'type')?.toLowerCase();
    if (type === 'microsoft.authorization/roleassignments') return this.roleAssignment(row);
    if (type === 'microsoft.authorization/roledefinitions') return this.roleDefinition(row);
  }

  private roleAssignment(row: JsonObject): void {
    const id = armId(reqString(row, 'id'));
    const properties = optObject(row, 'properties');
    const roleDefinitionId = armId(reqString(properties ?? {}, 'roleDefinitionId'));
    const principalId = reqString(properties ?? {}, 'principalId').toLowerCase();
    const scopeId = armId(optString(properties, 'scope') ?? '/');
    const guid = roleDefinitionId.split('/').pop() ?? roleDefinitionId;
    const subscriptionId = this.rowSubscription(row);
    const scope = this.subscriptionScope(subscriptionId);
    const condition = optString(properties, 'condition');
    scope.node('RoleAssignment', id, {
      name: optString(row, 'name') ?? id.split('/').pop(), cloud: 'azure', principalId, principalType: optString(properties, 'principalType'),
      roleDefinitionId, roleDefinitionGuid: guid, scopeId, scopeLevel: scopeLevel(scopeId),
      hasCondition: condition !== undefined && condition !== '', condition, subscriptionId: subscriptionId ?? '',
    });
    scope.relationship('ASSIGNMENT_OF_ROLE', id, guid);
    const level = scopeLevel(scopeId);
    if (level === 'root') scope.relationship('ASSIGNMENT_AT_SCOPE', id, this.tenantId);
    else if (level !== 'provider') scope.relationship('ASSIGNMENT_AT_SCOPE', id, scopeId);
    if (this.identityPrincipals.has(principalId)) scope.relationship('IDENTITY_HAS_ROLE_ASSIGNMENT', principalId, id);
  }

  private roleDefinition(row: JsonObject): void {
    const id = armId(reqString(row, 'id'));
    const guid = (optString(row, 'name') ?? id.split('/').pop() ?? id).toLowerCase();
    const properties = optObject(row, 'properties');
    const permissions = objects(properties, 'permissions');
    const collect = (key: string) => unique(permissions.flatMap((permission) => strings(permission, key).map((action) => action.toLowerCase())));
    const actions = collect('actions');
    const notActions = collect('notActions');
    // Built-in definitions come once per subscription under different ids: one node per GUID, ids collected.
    this.tenantScope.node('RoleDefinition', guid, {
      name: optString(properties, 'roleName') ?? guid, cloud: 'azure', roleName: optString(properties, 'roleName'),
      roleType: optString(properties, 'type') ?? optString(properties, 'roleType'), armIds: [id],
      actions, notActions, actionPatterns: actions.map(wildcardToRegex), notActionPatterns: notActions.map(wildcardToRegex),
      dataActions: collect('dataActions'), notDataActions: collect('notDataActions'),
      assignableScopes: strings(properties, 'assignableScopes').map(armId),
    });
  }

  // ------------------------------------------------------------------ authconfigs
  authConfig(row: JsonObject): void {
    const id = armId(reqString(row, 'id'));
    const match = id.match(/^(.*)\/authconfigs\/[^/]+$/);
    if (match?.[1] === undefined) throw new MalformedElement('authConfig id is not <container app id>/authConfigs/<name>');
    const appId = match[1];
    const scope = this.subscriptionScope(subscriptionOfId(id));
    const properties = optObject(row, 'properties');
    const providers = optObject(properties, 'identityProviders');
    scope.node('AuthConfig', id, {
      name: optString(row, 'name') ?? 'current', cloud: 'azure', containerAppId: appId,
      platformEnabled: optBoolean(optObject(properties, 'platform'), 'enabled'),
      unauthenticatedClientAction: optString(optObject(properties, 'globalValidation'), 'unauthenticatedClientAction'),
      identityProviders: providers === undefined ? [] : Object.keys(providers),
    });
    scope.relationship('APP_HAS_AUTH_CONFIG', appId, id);
  }
}

/** tenant id → present. */
function tenants(files: SnapshotFiles): string[] {
  const found = new Set<string>();
  for (const path of files.keys()) {
    const parts = path.split('/');
    if (parts[0] === 'azure' && parts.length === 3) found.add(parts[1]!);
  }
  return [...found].sort();
}

export function normaliseAzure(files: SnapshotFiles, facts: FactsBuilder): void {
  for (const tenantDir of tenants(files)) {
    const tenantId = tenantDir.toLowerCase();
    const base = `azure/${tenantDir}`;
    const probe = facts.scope(`azure-tenant:${tenantId}`, null, 'azure');
    const resources = argRows(files, `${base}/resources.json`, probe);
    const authorization = argRows(files, `${base}/authorizationresources.json`, probe);
    const containers = argRows(files, `${base}/resourcecontainers.json`, probe);
    const normaliser = new TenantNormaliser(facts, tenantId, resources.rows, authorization.rows, containers.rows);
    normaliser.run();
    for (const { row, source } of armBodies(files, `${base}/authconfigs.json`, probe)) {
      guarded(probe, source, () => normaliser.authConfig(row));
    }
    const truncated = [
      resources.truncated ? 'resources.json' : undefined,
      authorization.truncated ? 'authorizationresources.json' : undefined,
      containers.truncated ? 'resourcecontainers.json' : undefined,
    ].filter((v): v is string => v !== undefined);
    if (truncated.length > 0) {
      // Incomplete results: replacing the tenant's scopes with them would delete what was not returned.
      probe.failure = `Resource Graph results truncated (resultTruncated "true") in ${truncated.join(', ')}`;
      probe.problem(base, probe.failure);
    }
  }
}
