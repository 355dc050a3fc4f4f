/**
 * The graph model: node and relationship kinds written by the ingest (see docs/graph-model.md for the picture).
 * Facts carry what the clouds say, unjudged: the Cypher rules in graph/cypher derive exposure, privilege and
 * recommendations from them. The few derived properties here are resolutions of API quirks (documented per property),
 * not verdicts.
 */
import { RESOURCE_LABEL, type NodeKind, type PropertySpec, type PropertyType, type RelationshipKind } from './types.js';

function p(type: PropertyType, description: string): PropertySpec {
  return { type, description };
}

const S = (d: string) => p('string', d);
const SL = (d: string) => p('string[]', d);
const I = (d: string) => p('integer', d);
const IL = (d: string) => p('integer[]', d);
const B = (d: string) => p('boolean', d);

/** Environment-variable facts shared by every container kind (values never reach the graph; see services/ingest/redact.ts). */
const ENVIRONMENT_PROPERTIES = {
  envNames: SL('names of all environment variables'),
  envPlainNames: SL('names of variables with a plain-text value set in the template'),
  envCredentialLikeNames: SL('names of plain-text variables whose name or value looked like a credential (redaction heuristic)'),
  envSecretNames: SL('names of variables that take their value from a secret (secretRef, secureValue, ECS secrets[])'),
};

const DECLARED_NODE_KINDS: readonly NodeKind[] = [
  // ---------------------------------------------------------------- shared
  {
    label: 'Internet', cloud: 'none', lifetime: 'shared', key: "'internet'",
    description: 'The public internet (singleton); exposure rules connect it to workloads.',
    properties: {},
  },
  {
    label: 'Image', cloud: 'none', lifetime: 'shared', key: 'manifest digest, lower-case sha256:<hex>',
    description: 'A container image by manifest digest (ECS running containers, images referenced by digest, scanner reports).',
    properties: { digest: S('sha256:<hex>'), references: SL('image references seen with this digest (repo:tag / repo@digest)') },
  },
  {
    label: 'Vulnerability', cloud: 'none', lifetime: 'shared', key: 'vulnerability id (CVE-…, GHSA-…)',
    description: 'A known vulnerability reported by Trivy or ECR for some image.',
    properties: { severity: S('CRITICAL | HIGH | MEDIUM | LOW | UNKNOWN (upper-case)'), title: S('short title'), uri: S('advisory link') },
  },
  // ---------------------------------------------------------------- bookkeeping
  {
    label: 'ScanRun', cloud: 'none', lifetime: 'bookkeeping', key: 'scan id',
    description: 'One ingest run.',
    properties: {
      startedAt: S('start (ISO-8601)'), finishedAt: S('end (ISO-8601)'), source: S("'snapshot:<dir>' | 'live' | …"),
      status: S("'succeeded' | 'partial' | 'failed'"), scopes: SL('scopes this run covered'), staleScopes: SL('scopes left stale'),
      problemCount: I('problems reported'),
    },
  },
  {
    label: 'ScopeStatus', cloud: 'none', lifetime: 'bookkeeping', key: 'the scope string',
    description: 'Freshness of one scope: when it was last replaced successfully, and since when it is stale and why.',
    properties: {
      parent: S('enclosing scope (aws:<account> for AWS scopes, azure-tenant:<tenant> for subscriptions)'),
      lastScanId: S('last scan that covered this scope'), lastSuccessScanId: S('last scan that replaced it'),
      lastSuccessAt: S('when it was last replaced (ISO-8601)'), stale: B('the last attempt failed; data is from lastSuccessScanId'),
      staleSince: S('first failed attempt after the last success (ISO-8601)'), staleReason: S('why'),
      problemCount: I('problems in the last attempt'),
    },
  },
  // ---------------------------------------------------------------- AWS
  {
    label: 'AwsAccount', cloud: 'aws', lifetime: 'scoped', key: '12-digit account id',
    description: 'An AWS account (scope aws:<account>:global).', properties: { accountId: S('account id'), callerArn: S('identity the scan ran as') },
  },
  {
    label: 'AwsRegion', cloud: 'aws', lifetime: 'scoped', key: 'aws:<account>:<region>',
    description: 'One region of one account (scope aws:<account>:<region>).', properties: { accountId: S('account'), region: S('region') },
  },
  {
    label: 'EcsCluster', cloud: 'aws', lifetime: 'scoped', key: 'cluster ARN',
    description: 'ECS cluster with its ECS Exec configuration (DescribeClusters include CONFIGURATIONS).',
    properties: {
      accountId: S('account'), region: S('region'), status: S('ACTIVE | …'),
      execLogging: S("executeCommandConfiguration.logging; 'DEFAULT' when absent (API default)"),
      execConfigurationPresent: B('whether executeCommandConfiguration was returned at all'),
      execKmsKeyId: S('KMS key for exec sessions'), execCloudWatchLogGroupName: S('OVERRIDE destination'),
      execS3BucketName: S('OVERRIDE destination'), capacityProviders: SL('capacity providers of the cluster'),
      defaultCapacityProviders: SL('providers in defaultCapacityProviderStrategy'), containerInsights: S('settings containerInsights value'),
    },
  },
  {
    label: 'EcsService', cloud: 'aws', lifetime: 'scoped', key: 'service ARN',
    description: 'ECS service (DescribeServices).',
    properties: {
      accountId: S('account'), region: S('region'), clusterArn: S('cluster'), status: S('ACTIVE | DRAINING | INACTIVE'),
      launchType: S('launchType as returned (absent with a capacity provider strategy)'),
      capacityProviders: SL("providers of the service's own capacityProviderStrategy"),
      effectiveCapacityProviders: SL("own strategy, else the cluster's default strategy (resolution of the launchType quirk)"),
      fargate: B("launchType FARGATE, or FARGATE/FARGATE_SPOT among effectiveCapacityProviders"),
      enableExecuteCommand: B('ECS Exec on (false when absent)'),
      assignPublicIp: S("awsvpcConfiguration.assignPublicIp ('DISABLED' when absent)"),
      subnetIds: SL('awsvpc subnets'), securityGroupIds: SL('awsvpc security groups'),
      taskDefinitionArn: S('service.taskDefinition'), primaryTaskDefinitionArn: S('the PRIMARY deployment’s task definition (else taskDefinition)'),
      desiredCount: I('desired tasks'), runningCount: I('running tasks'), platformVersion: S('Fargate platform version'),
      deploymentController: S('ECS | CODE_DEPLOY | EXTERNAL'),
    },
  },
  {
    label: 'EcsTask', cloud: 'aws', lifetime: 'scoped', key: 'task ARN',
    description: 'A running ECS task (DescribeTasks), with its ENI facts copied from DescribeNetworkInterfaces.',
    properties: {
      accountId: S('account'), region: S('region'), clusterArn: S('cluster'), taskDefinitionArn: S('task definition'),
      lastStatus: S('RUNNING | …'), desiredStatus: S('RUNNING | …'), launchType: S('as returned'),
      capacityProviderName: S('as returned'), fargate: B('launchType FARGATE or capacityProviderName FARGATE/FARGATE_SPOT'),
      enableExecuteCommand: B('ECS Exec on'), group: S("e.g. 'service:<name>'"), startedBy: S("e.g. 'ecs-svc/…'"),
      serviceName: S("service name from group 'service:<name>'"),
      overrideTaskRoleArn: S('overrides.taskRoleArn resolved to a full role ARN'),
      eniId: S('networkInterfaceId of the ElasticNetworkInterface attachment'), subnetId: S('attachment subnetId'),
      privateIpv4Address: S('attachment privateIPv4Address'), publicIp: S('ENI Association.PublicIp'),
      ipv6Addresses: SL('ENI IPv6 addresses'), imageDigests: SL('container image digests'),
      eniSecurityGroupIds: SL('ENI security groups'),
    },
  },
  {
    label: 'TaskDefinition', cloud: 'aws', lifetime: 'scoped', key: 'task definition ARN',
    description: 'An ECS task definition revision referenced by a service deployment or a running task.',
    properties: {
      accountId: S('account'), region: S('region'), family: S('family'), revision: I('revision'), status: S('ACTIVE | INACTIVE | …'),
      taskRoleArn: S('taskRoleArn resolved to a full role ARN (bare names and paths resolved against IAM)'),
      taskRoleArnRaw: S('taskRoleArn as returned'), executionRoleArn: S('executionRoleArn resolved'),
      networkMode: S('awsvpc | …'), requiresCompatibilities: SL('as requested'), compatibilities: SL('as validated'),
      pidMode: S('pidMode'), operatingSystemFamily: S('runtimePlatform.operatingSystemFamily'),
    },
  },
  {
    label: 'ContainerDefinition', cloud: 'aws', lifetime: 'scoped', key: '<task definition ARN>#<container name>',
    description: 'One container of a task definition.',
    properties: {
      image: S('image reference'), imageDigest: S('digest when the image is referenced by digest'),
      user: S('user as given (absent = image default)'), userSet: B('user present and non-empty'),
      privileged: B('privileged (absent = false)'), readonlyRootFilesystem: B('as given; absent = not set'),
      readonlyRootFilesystemSet: B('whether readonlyRootFilesystem was given'),
      capabilitiesAdd: SL('linuxParameters.capabilities.add'), capabilitiesDrop: SL('linuxParameters.capabilities.drop'),
      logDriver: S('logConfiguration.logDriver'), essential: B('essential'), containerPorts: IL('portMappings containerPort'),
      secretValueFrom: SL('secrets[].valueFrom references'), ...ENVIRONMENT_PROPERTIES,
    },
  },
  {
    label: 'IamRole', cloud: 'aws', lifetime: 'scoped', key: 'role ARN',
    description: 'IAM role from GetAccountAuthorizationDetails (scope aws:<account>:global).',
    properties: {
      accountId: S('account'), roleName: S('RoleName'), roleId: S('RoleId'), path: S('Path'),
      permissionsBoundaryArn: S('PermissionsBoundaryArn'), trustedServices: SL('Principal.Service of Allow statements of the trust policy'),
      trustedPrincipals: SL('Principal.AWS / Federated of Allow statements of the trust policy'),
    },
  },
  {
    label: 'IamPolicy', cloud: 'aws', lifetime: 'scoped', key: "managed policy ARN, or '<role ARN>/inline/<PolicyName>'",
    description: 'A managed policy (default version only) or a role’s inline policy.',
    properties: {
      accountId: S('account (of the scan)'), policyKind: S("'managed' | 'inline'"), awsManaged: B('arn:aws:iam::aws:policy/…'),
      defaultVersionId: S('DefaultVersionId'), path: S('Path'),
      documentKnown: B('the default version’s document was in the snapshot (false: attached but not listed by GAAD)'),
    },
  },
  {
    label: 'PolicyStatement', cloud: 'aws', lifetime: 'scoped', key: '<policy id>#<statement index>',
    description: 'One statement of a policy document. Action patterns are lower-cased; *Patterns are anchored regular expressions (for =~ against a lower-cased action).',
    properties: {
      sid: S('Sid'), effect: S("'Allow' | 'Deny'"), actions: SL('Action, lower-cased'), notActions: SL('NotAction, lower-cased'),
      actionPatterns: SL('Action as regex'), notActionPatterns: SL('NotAction as regex'),
      resources: SL('Resource'), notResources: SL('NotResource'), hasCondition: B('Condition present'),
      condition: S('Condition as JSON text'), statementIndex: I('position in the document'),
    },
  },
  {
    label: 'Vpc', cloud: 'aws', lifetime: 'scoped', key: 'vpc id', description: 'A VPC (seen in subnets, route tables, groups).',
    properties: { accountId: S('account'), region: S('region') },
  },
  {
    label: 'Subnet', cloud: 'aws', lifetime: 'scoped', key: 'subnet id', description: 'A subnet.',
    properties: {
      accountId: S('account'), region: S('region'), vpcId: S('VPC'), cidrBlock: S('IPv4 CIDR'), ipv6CidrBlocks: SL('IPv6 CIDRs'),
      mapPublicIpOnLaunch: B('MapPublicIpOnLaunch'), availabilityZone: S('AZ'),
    },
  },
  {
    label: 'RouteTable', cloud: 'aws', lifetime: 'scoped', key: 'route table id', description: 'A route table.',
    properties: { accountId: S('account'), region: S('region'), vpcId: S('VPC'), main: B('the VPC’s main table (association Main: true)'), subnetIds: SL('explicitly associated subnets') },
  },
  {
    label: 'Route', cloud: 'aws', lifetime: 'scoped', key: '<route table id>#<destination>', description: 'One route of a route table.',
    properties: {
      destinationCidrBlock: S('IPv4 destination'), destinationIpv6CidrBlock: S('IPv6 destination'), destinationPrefixListId: S('prefix list'),
      gatewayId: S('igw-… / local / vgw-…'), natGatewayId: S('nat-…'), egressOnlyInternetGatewayId: S('eigw-…'),
      transitGatewayId: S('tgw-…'), vpcPeeringConnectionId: S('pcx-…'), networkInterfaceId: S('eni-…'),
      state: S('active | blackhole'), origin: S('CreateRouteTable | CreateRoute | …'),
    },
  },
  {
    label: 'SecurityGroup', cloud: 'aws', lifetime: 'scoped', key: 'group id', description: 'A security group.',
    properties: { accountId: S('account'), region: S('region'), vpcId: S('VPC'), ownerId: S('owner'), groupName: S('GroupName'), description: S('Description') },
  },
  {
    label: 'SecurityGroupRule', cloud: 'aws', lifetime: 'scoped', key: '<group id>#<direction>#<permission index>#<source index>',
    description: 'One (permission × source) of a security group.',
    properties: {
      direction: S("'ingress' | 'egress'"), protocol: S("IpProtocol ('-1' = all)"), fromPort: I('FromPort (absent for all traffic)'), toPort: I('ToPort'),
      cidrIpv4: S('CidrIp'), cidrIpv6: S('CidrIpv6'), sourceSecurityGroupId: S('UserIdGroupPairs GroupId'), prefixListId: S('PrefixListId'),
      description: S('Description'),
    },
  },
  {
    label: 'NetworkInterface', cloud: 'aws', lifetime: 'scoped', key: 'eni id', description: 'A network interface (task ENIs).',
    properties: {
      accountId: S('account'), region: S('region'), subnetId: S('subnet'), vpcId: S('VPC'), privateIpAddress: S('private IPv4'),
      publicIp: S('Association.PublicIp'), publicDnsName: S('Association.PublicDnsName'), ipOwnerId: S("'amazon' or an account (EIP)"),
      ipv6Addresses: SL('IPv6 addresses'), securityGroupIds: SL('Groups'), interfaceType: S('InterfaceType'), status: S('Status'),
      description: S('Description'),
    },
  },
  {
    label: 'LoadBalancer', cloud: 'aws', lifetime: 'scoped', key: 'load balancer ARN', description: 'An ELBv2 load balancer.',
    properties: {
      accountId: S('account'), region: S('region'), dnsName: S('DNSName'), scheme: S('internet-facing | internal'),
      lbType: S('application | network | gateway'), stateCode: S('active | provisioning | …'), vpcId: S('VPC'),
      ipAddressType: S('ipv4 | dualstack'), securityGroupIds: SL('SecurityGroups (empty for an NLB without groups)'),
      subnetIds: SL('AvailabilityZones SubnetId'),
    },
  },
  {
    label: 'Listener', cloud: 'aws', lifetime: 'scoped', key: 'listener ARN', description: 'An ELBv2 listener.',
    properties: { loadBalancerArn: S('load balancer'), port: I('Port'), protocol: S('Protocol'), defaultActionTypes: SL('DefaultActions Type') },
  },
  {
    label: 'TargetGroup', cloud: 'aws', lifetime: 'scoped', key: 'target group ARN', description: 'An ELBv2 target group.',
    properties: {
      accountId: S('account'), region: S('region'), protocol: S('Protocol'), port: I('Port'), targetType: S('instance | ip | lambda | alb'),
      vpcId: S('VPC'), loadBalancerArns: SL('LoadBalancerArns'),
    },
  },
  // ---------------------------------------------------------------- Azure
  {
    label: 'AzureTenant', extraLabels: ['AzureScope'], cloud: 'azure', lifetime: 'scoped', key: 'tenant id (lower-case GUID)',
    description: 'An Entra tenant; the RBAC scope "/" (tenant root).', properties: { tenantId: S('tenant') },
  },
  {
    label: 'ManagementGroup', extraLabels: ['AzureScope'], cloud: 'azure', lifetime: 'scoped',
    key: '/providers/microsoft.management/managementgroups/<name> (lower-case)',
    description: 'A management group (from resourcecontainers managementGroupAncestorsChain).',
    properties: { tenantId: S('tenant'), displayName: S('displayName'), root: B('the tenant root group (name = tenant id)') },
  },
  {
    label: 'Subscription', extraLabels: ['AzureScope'], cloud: 'azure', lifetime: 'scoped', key: '/subscriptions/<guid> (lower-case)',
    description: 'A subscription (scope azure:<subscriptionId>).',
    properties: { tenantId: S('tenant'), subscriptionId: S('GUID'), managementGroupAncestors: SL('ancestor group names, nearest first') },
  },
  {
    label: 'ResourceGroup', extraLabels: ['AzureScope'], cloud: 'azure', lifetime: 'scoped',
    key: '/subscriptions/<guid>/resourcegroups/<name> (lower-case)', description: 'A resource group.',
    properties: { subscriptionId: S('subscription'), location: S('location') },
  },
  {
    label: 'ContainerApp', cloud: 'azure', lifetime: 'scoped', key: 'ARM id (lower-case)', description: 'An Azure Container App.',
    properties: {
      tenantId: S('tenant'), subscriptionId: S('subscription'), resourceGroup: S('resource group'), location: S('location'),
      environmentId: S('properties.environmentId ?? managedEnvironmentId (lower-case)'), provisioningState: S('provisioningState'),
      ingressPresent: B('properties.configuration.ingress present'), ingressExternal: B('ingress.external'),
      additionalPortExternal: B('some additionalPortMappings entry is external'),
      ingressTargetPort: I('targetPort'), ingressExposedPort: I('exposedPort'), ingressTransport: S('transport'),
      ingressAllowInsecure: B('allowInsecure'), ingressFqdn: S('fqdn'), clientCertificateMode: S('clientCertificateMode'),
      ipAllowRanges: SL('ipSecurityRestrictions with action Allow: ipAddressRange'),
      ipDenyRanges: SL('ipSecurityRestrictions with action Deny: ipAddressRange'),
      identityType: S('identity.type as returned'), identityTypes: SL('identity.type split on "," and trimmed'),
      systemPrincipalId: S('identity.principalId'), userAssignedIdentityIds: SL('identity.userAssignedIdentities keys (lower-case)'),
      latestRevisionFqdn: S('latestRevisionFqdn'), registryServers: SL('registries server'),
      secretNames: SL('configuration.secrets names'), secretKeyVaultNames: SL('secrets that reference Key Vault'),
    },
  },
  {
    label: 'ManagedEnvironment', cloud: 'azure', lifetime: 'scoped', key: 'ARM id (lower-case)', description: 'A Container Apps managed environment.',
    properties: {
      tenantId: S('tenant'), subscriptionId: S('subscription'), resourceGroup: S('resource group'), location: S('location'),
      vnetInternal: B('vnetConfiguration.internal (absent = not set)'), infrastructureSubnetId: S('vnetConfiguration.infrastructureSubnetId'),
      publicNetworkAccess: S('publicNetworkAccess as returned (absent = not set)'), staticIp: S('staticIp'),
      defaultDomain: S('defaultDomain'), logsDestination: S('appLogsConfiguration.destination'),
    },
  },
  {
    label: 'ContainerGroup', cloud: 'azure', lifetime: 'scoped', key: 'ARM id (lower-case)', description: 'An Azure Container Instances container group.',
    properties: {
      tenantId: S('tenant'), subscriptionId: S('subscription'), resourceGroup: S('resource group'), location: S('location'),
      ipAddressType: S("ipAddress.type ('Public' | 'Private')"), ipAddress: S('ipAddress.ip'), fqdn: S('ipAddress.fqdn'),
      dnsNameLabel: S('ipAddress.dnsNameLabel'), ports: IL('ipAddress.ports port'), portProtocols: SL('ipAddress.ports protocol (parallel to ports)'),
      subnetIds: SL('subnetIds id (lower-case)'), osType: S('osType'), sku: S('sku'), restartPolicy: S('restartPolicy'),
      provisioningState: S('provisioningState'), identityType: S('identity.type as returned'),
      identityTypes: SL('identity.type split on "," and trimmed'), systemPrincipalId: S('identity.principalId'),
      userAssignedIdentityIds: SL('identity.userAssignedIdentities keys (lower-case)'), registryServers: SL('imageRegistryCredentials server'),
      registryPasswordServers: SL('registries authenticated with a password (password field present)'),
      logAnalyticsWorkspaceId: S('diagnostics.logAnalytics.workspaceId'), encryptionKeyVault: S('encryptionProperties.vaultBaseUrl'),
    },
  },
  {
    label: 'Container', cloud: 'azure', lifetime: 'scoped', key: "'<app or group id>/containers/<name>' or '…/initcontainers/<name>' (lower-case)",
    description: 'A container of a container app or container group.',
    properties: {
      image: S('image reference'), imageDigest: S('digest when referenced by digest'), init: B('init container'),
      privileged: B('ACI securityContext.privileged'), capabilitiesAdd: SL('ACI securityContext.capabilities.add'),
      runAsUser: I('ACI securityContext.runAsUser'), ports: IL('ACI container ports'), ...ENVIRONMENT_PROPERTIES,
    },
  },
  {
    label: 'ManagedIdentity', cloud: 'azure', lifetime: 'scoped', key: 'principal id (lower-case GUID)',
    description: 'A managed identity (service principal), system- or user-assigned.',
    properties: {
      principalId: S('object id'), identityKind: S("'system' | 'user'"), resourceId: S('UAMI ARM id, or the workload id for a system identity (lower-case)'),
      clientId: S('client id'), tenantId: S('tenant'),
    },
  },
  {
    label: 'RoleAssignment', cloud: 'azure', lifetime: 'scoped', key: 'ARM id (lower-case)', description: 'An Azure RBAC role assignment.',
    properties: {
      principalId: S('assignee (lower-case)'), principalType: S('ServicePrincipal | User | Group | …'),
      roleDefinitionId: S('roleDefinitionId (lower-case)'), roleDefinitionGuid: S('trailing GUID of roleDefinitionId'),
      scopeId: S('properties.scope (lower-case)'),
      scopeLevel: S("shape of scopeId: 'root' | 'managementGroup' | 'subscription' | 'resourceGroup' | 'provider' | 'resource'"),
      hasCondition: B('ABAC condition present'), condition: S('condition'), subscriptionId: S('row subscription (empty above subscriptions)'),
    },
  },
  {
    label: 'RoleDefinition', cloud: 'azure', lifetime: 'scoped', key: 'role definition GUID (lower-case)',
    description: 'An Azure role definition. Actions lower-cased; *Patterns are anchored regexes for =~ against a lower-cased action.',
    properties: {
      roleName: S('roleName'), roleType: S('BuiltInRole | CustomRole'), armIds: SL('ids it was seen under (lower-case)'),
      actions: SL('permissions[].actions'), notActions: SL('permissions[].notActions'),
      actionPatterns: SL('actions as regex'), notActionPatterns: SL('notActions as regex'),
      dataActions: SL('dataActions'), notDataActions: SL('notDataActions'), assignableScopes: SL('assignableScopes (lower-case)'),
    },
  },
  {
    label: 'AuthConfig', cloud: 'azure', lifetime: 'scoped', key: 'ARM id (lower-case)', description: 'Container Apps authentication config (authConfigs).',
    properties: {
      containerAppId: S('owning app (lower-case)'), platformEnabled: B('platform.enabled (absent = not set)'),
      unauthenticatedClientAction: S('globalValidation.unauthenticatedClientAction as returned'),
      identityProviders: SL('configured identity providers'),
    },
  },
];

/** Every ingested resource (scoped kind) also carries the shared `Resource` label (see RESOURCE_LABEL). */
export const NODE_KINDS: readonly NodeKind[] = DECLARED_NODE_KINDS.map((kind) =>
  kind.lifetime === 'scoped' ? { ...kind, extraLabels: [...(kind.extraLabels ?? []), RESOURCE_LABEL] } : kind,
);

function rel(kind: string, type: string, from: string, to: string, description: string, properties: Record<string, PropertySpec> = {}): RelationshipKind {
  return { kind, type, from, to, description, properties };
}

export const RELATIONSHIP_KINDS: readonly RelationshipKind[] = [
  // AWS containment
  rel('REGION_IN_ACCOUNT', 'IN_ACCOUNT', 'AwsRegion', 'AwsAccount', 'region of an account'),
  rel('CLUSTER_IN_REGION', 'IN_REGION', 'EcsCluster', 'AwsRegion', 'cluster of a region'),
  rel('SERVICE_IN_CLUSTER', 'IN_CLUSTER', 'EcsService', 'EcsCluster', 'service of a cluster'),
  rel('TASK_IN_CLUSTER', 'IN_CLUSTER', 'EcsTask', 'EcsCluster', 'task of a cluster'),
  rel('SERVICE_HAS_TASK', 'HAS_TASK', 'EcsService', 'EcsTask', "running task of a service (task group 'service:<name>')"),
  rel('SERVICE_RUNS_TASK_DEFINITION', 'RUNS_TASK_DEFINITION', 'EcsService', 'TaskDefinition', 'task definition of the service or of one of its deployments', {
    primary: B('the PRIMARY deployment (or service.taskDefinition when no deployments are listed)'),
    deploymentStatuses: SL('statuses of the deployments using it'),
  }),
  rel('TASK_RUNS_TASK_DEFINITION', 'RUNS_TASK_DEFINITION', 'EcsTask', 'TaskDefinition', 'task definition of a running task'),
  rel('TASK_DEFINITION_HAS_CONTAINER', 'HAS_CONTAINER', 'TaskDefinition', 'ContainerDefinition', 'container of a task definition'),
  rel('TASK_DEFINITION_TASK_ROLE', 'TASK_ROLE', 'TaskDefinition', 'IamRole', 'taskRoleArn (resolved)'),
  rel('TASK_DEFINITION_EXECUTION_ROLE', 'EXECUTION_ROLE', 'TaskDefinition', 'IamRole', 'executionRoleArn (resolved; the agent’s role)'),
  rel('TASK_OVERRIDE_TASK_ROLE', 'TASK_ROLE', 'EcsTask', 'IamRole', 'overrides.taskRoleArn of a running task (resolved)'),
  rel('SERVICE_IN_SUBNET', 'IN_SUBNET', 'EcsService', 'Subnet', 'awsvpc subnet'),
  rel('SERVICE_HAS_SECURITY_GROUP', 'HAS_SECURITY_GROUP', 'EcsService', 'SecurityGroup', 'awsvpc security group'),
  rel('SERVICE_REGISTERED_IN', 'REGISTERED_IN', 'EcsService', 'TargetGroup', 'service.loadBalancers[].targetGroupArn', {
    containerName: S('containerName'), containerPort: I('containerPort'),
  }),
  rel('TASK_USES_ENI', 'USES_ENI', 'EcsTask', 'NetworkInterface', 'ElasticNetworkInterface attachment'),
  rel('TASK_IN_SUBNET', 'IN_SUBNET', 'EcsTask', 'Subnet', 'subnetId of the ENI attachment (also when the ENI itself was not described)'),
  rel('TASK_RUNS_IMAGE', 'RUNS_IMAGE', 'EcsTask', 'Image', 'imageDigest of a running container', { containerNames: SL('containers running it') }),
  rel('CONTAINER_DEFINITION_USES_IMAGE', 'USES_IMAGE', 'ContainerDefinition', 'Image', 'image referenced by digest'),
  // IAM
  rel('ROLE_HAS_POLICY', 'HAS_POLICY', 'IamRole', 'IamPolicy', 'attached managed or inline policy', { attachment: S("'managed' | 'inline'") }),
  rel('ROLE_PERMISSIONS_BOUNDARY', 'HAS_PERMISSIONS_BOUNDARY', 'IamRole', 'IamPolicy', 'permissions boundary'),
  rel('POLICY_HAS_STATEMENT', 'HAS_STATEMENT', 'IamPolicy', 'PolicyStatement', 'statement of the default version'),
  // EC2 network
  rel('VPC_IN_REGION', 'IN_REGION', 'Vpc', 'AwsRegion', 'VPC of a region'),
  rel('SUBNET_IN_VPC', 'IN_VPC', 'Subnet', 'Vpc', 'subnet of a VPC'),
  rel('ROUTE_TABLE_IN_VPC', 'IN_VPC', 'RouteTable', 'Vpc', 'route table of a VPC'),
  rel('SECURITY_GROUP_IN_VPC', 'IN_VPC', 'SecurityGroup', 'Vpc', 'group of a VPC'),
  rel('VPC_MAIN_ROUTE_TABLE', 'MAIN_ROUTE_TABLE', 'Vpc', 'RouteTable', 'the association with Main: true'),
  rel('SUBNET_USES_ROUTE_TABLE', 'USES_ROUTE_TABLE', 'Subnet', 'RouteTable', 'effective route table: explicit association, else the VPC main table', {
    explicit: B('explicit association (false = implicit, via the main table)'),
  }),
  rel('ROUTE_TABLE_HAS_ROUTE', 'HAS_ROUTE', 'RouteTable', 'Route', 'route'),
  rel('SECURITY_GROUP_HAS_RULE', 'HAS_RULE', 'SecurityGroup', 'SecurityGroupRule', 'inbound/outbound rule'),
  rel('RULE_FROM_SECURITY_GROUP', 'FROM_SECURITY_GROUP', 'SecurityGroupRule', 'SecurityGroup', 'source group of a rule (UserIdGroupPairs)'),
  rel('ENI_IN_SUBNET', 'IN_SUBNET', 'NetworkInterface', 'Subnet', 'subnet of an ENI'),
  rel('ENI_HAS_SECURITY_GROUP', 'HAS_SECURITY_GROUP', 'NetworkInterface', 'SecurityGroup', 'group of an ENI'),
  // ELBv2
  rel('LOAD_BALANCER_HAS_LISTENER', 'HAS_LISTENER', 'LoadBalancer', 'Listener', 'listener'),
  rel('LOAD_BALANCER_HAS_SECURITY_GROUP', 'HAS_SECURITY_GROUP', 'LoadBalancer', 'SecurityGroup', 'group of a load balancer'),
  rel('LOAD_BALANCER_IN_SUBNET', 'IN_SUBNET', 'LoadBalancer', 'Subnet', 'subnet of a load balancer'),
  rel('LISTENER_FORWARDS_TO', 'FORWARDS_TO', 'Listener', 'TargetGroup', 'default action forward (TargetGroupArn or ForwardConfig)', {
    weight: I('ForwardConfig weight'),
  }),
  rel('TARGET_GROUP_OF_LOAD_BALANCER', 'OF_LOAD_BALANCER', 'TargetGroup', 'LoadBalancer', 'TargetGroup.LoadBalancerArns'),
  // Azure hierarchy
  rel('SCOPE_CHILD_OF', 'CHILD_OF', 'AzureScope', 'AzureScope', 'management group / subscription / resource group parent (RBAC inheritance)'),
  rel('APP_IN_RESOURCE_GROUP', 'IN_RESOURCE_GROUP', 'ContainerApp', 'ResourceGroup', 'resource group'),
  rel('ENVIRONMENT_IN_RESOURCE_GROUP', 'IN_RESOURCE_GROUP', 'ManagedEnvironment', 'ResourceGroup', 'resource group'),
  rel('GROUP_IN_RESOURCE_GROUP', 'IN_RESOURCE_GROUP', 'ContainerGroup', 'ResourceGroup', 'resource group'),
  rel('APP_IN_ENVIRONMENT', 'IN_ENVIRONMENT', 'ContainerApp', 'ManagedEnvironment', 'managed environment of an app'),
  rel('APP_HAS_CONTAINER', 'HAS_CONTAINER', 'ContainerApp', 'Container', 'template container'),
  rel('GROUP_HAS_CONTAINER', 'HAS_CONTAINER', 'ContainerGroup', 'Container', 'container'),
  rel('CONTAINER_USES_IMAGE', 'USES_IMAGE', 'Container', 'Image', 'image referenced by digest'),
  rel('APP_HAS_AUTH_CONFIG', 'HAS_AUTH_CONFIG', 'ContainerApp', 'AuthConfig', 'authConfigs child'),
  rel('APP_HAS_IDENTITY', 'HAS_IDENTITY', 'ContainerApp', 'ManagedIdentity', 'system or user-assigned identity', {
    identityKind: S("'system' | 'user'"), lifecycle: S('configuration.identitySettings lifecycle (Init | Main | None | All), when set'),
  }),
  rel('GROUP_HAS_IDENTITY', 'HAS_IDENTITY', 'ContainerGroup', 'ManagedIdentity', 'system or user-assigned identity', { identityKind: S("'system' | 'user'") }),
  rel('IDENTITY_HAS_ROLE_ASSIGNMENT', 'HAS_ROLE_ASSIGNMENT', 'ManagedIdentity', 'RoleAssignment', 'assignment whose principalId is the identity'),
  rel('ASSIGNMENT_OF_ROLE', 'OF_ROLE', 'RoleAssignment', 'RoleDefinition', 'matched by trailing GUID of roleDefinitionId'),
  rel('ASSIGNMENT_AT_SCOPE', 'AT_SCOPE', 'RoleAssignment', 'AzureScope', 'scope node when modelled (tenant root, group, subscription, resource group)'),
  // vulnerabilities
  rel('IMAGE_HAS_VULNERABILITY', 'HAS_VULNERABILITY', 'Image', 'Vulnerability', 'finding of a scanner', {
    packages: SL('package@installedVersion'), fixedVersions: SL('fixed versions'), sources: SL("'trivy' | 'ecr'"),
  }),
];

export const NODE_KIND_BY_LABEL: ReadonlyMap<string, NodeKind> = new Map(NODE_KINDS.map((kind) => [kind.label, kind]));
export const RELATIONSHIP_KIND_BY_NAME: ReadonlyMap<string, RelationshipKind> = new Map(RELATIONSHIP_KINDS.map((kind) => [kind.kind, kind]));
