/** ECS facts of one region: clusters, services, running tasks, task definitions and their containers. */
import type { ScopeFactsBuilder } from '../facts.js';
import {
  asObject, environmentFacts, digestOfImage, objects, optBoolean, optInteger, optObject, optString, reqString, strings, type JsonObject,
} from '../read.js';
import { forEachItem, guarded, pages, partitionOf } from './common.js';
import type { RoleIndex } from './iam.js';
import type { EniFacts, RegionContext } from './network.js';

const FARGATE_PROVIDERS = new Set(['FARGATE', 'FARGATE_SPOT']);

function providersOf(strategy: JsonObject[]): string[] {
  return strategy.map((entry) => reqString(entry, 'capacityProvider'));
}

interface ClusterFacts {
  defaultCapacityProviders: string[];
}

function clusters(context: RegionContext): Map<string, ClusterFacts> {
  const { scope } = context;
  const found = new Map<string, ClusterFacts>();
  const regionId = `aws:${context.accountId}:${context.region}`;
  forEachItem(context.files, `${context.base}/ecs/DescribeClusters.json`, 'clusters', scope, (cluster) => {
    const arn = reqString(cluster, 'clusterArn');
    const configuration = optObject(cluster, 'configuration');
    const exec = optObject(configuration, 'executeCommandConfiguration');
    const log = optObject(exec, 'logConfiguration');
    const defaultCapacityProviders = providersOf(objects(cluster, 'defaultCapacityProviderStrategy'));
    const insights = objects(cluster, 'settings').find((setting) => setting.name === 'containerInsights');
    scope.node('EcsCluster', arn, {
      name: optString(cluster, 'clusterName') ?? arn.split('/').pop(), cloud: 'aws', accountId: context.accountId, region: context.region,
      status: optString(cluster, 'status'),
      // Absent executeCommandConfiguration.logging means DEFAULT (the task definition's awslogs), not NONE.
      execLogging: optString(exec, 'logging') ?? 'DEFAULT',
      execConfigurationPresent: exec !== undefined,
      execKmsKeyId: optString(exec, 'kmsKeyId'),
      execCloudWatchLogGroupName: optString(log, 'cloudWatchLogGroupName'),
      execS3BucketName: optString(log, 's3BucketName'),
      capacityProviders: strings(cluster, 'capacityProviders'),
      defaultCapacityProviders,
      containerInsights: optString(insights, 'value'),
    });
    scope.relationship('CLUSTER_IN_REGION', arn, regionId);
    found.set(arn, { defaultCapacityProviders });
  });
  return found;
}

function awsvpc(networkConfiguration: JsonObject | undefined): JsonObject | undefined {
  return optObject(networkConfiguration, 'awsvpcConfiguration');
}

function services(context: RegionContext, clusterFacts: Map<string, ClusterFacts>): Map<string, string> {
  const { scope } = context;
  const serviceByClusterAndName = new Map<string, string>();
  forEachItem(context.files, `${context.base}/ecs/DescribeServices.json`, 'services', scope, (service) => {
    const arn = reqString(service, 'serviceArn');
    const clusterArn = optString(service, 'clusterArn');
    const launchType = optString(service, 'launchType');
    const capacityProviders = providersOf(objects(service, 'capacityProviderStrategy'));
    // launchType is omitted when a capacity provider strategy is used; with neither, the cluster default applies.
    const effectiveCapacityProviders =
      capacityProviders.length > 0
        ? capacityProviders
        : launchType === undefined
          ? (clusterFacts.get(clusterArn ?? '')?.defaultCapacityProviders ?? [])
          : [];
    const fargate = launchType === 'FARGATE' || effectiveCapacityProviders.some((provider) => FARGATE_PROVIDERS.has(provider));
    const deployments = objects(service, 'deployments');
    const primary = deployments.find((deployment) => deployment.status === 'PRIMARY');
    const network = awsvpc(optObject(service, 'networkConfiguration')) ?? awsvpc(optObject(primary, 'networkConfiguration'));
    const subnetIds = strings(network, 'subnets');
    const securityGroupIds = strings(network, 'securityGroups');
    const taskDefinitionArn = optString(service, 'taskDefinition');
    const primaryTaskDefinitionArn = optString(primary, 'taskDefinition') ?? taskDefinitionArn;
    const name = optString(service, 'serviceName') ?? arn.split('/').pop() ?? arn;
    scope.node('EcsService', arn, {
      name, cloud: 'aws', accountId: context.accountId, region: context.region, clusterArn, status: optString(service, 'status'),
      launchType, capacityProviders, effectiveCapacityProviders, fargate,
      enableExecuteCommand: optBoolean(service, 'enableExecuteCommand') ?? false,
      assignPublicIp: optString(network, 'assignPublicIp') ?? 'DISABLED',
      subnetIds, securityGroupIds, taskDefinitionArn, primaryTaskDefinitionArn,
      desiredCount: optInteger(service, 'desiredCount'), runningCount: optInteger(service, 'runningCount'),
      platformVersion: optString(service, 'platformVersion'),
      deploymentController: optString(optObject(service, 'deploymentController'), 'type'),
    });
    if (clusterArn !== undefined) {
      scope.relationship('SERVICE_IN_CLUSTER', arn, clusterArn);
      serviceByClusterAndName.set(`${clusterArn} ${name}`, arn);
    }
    if (taskDefinitionArn !== undefined) {
      scope.relationship('SERVICE_RUNS_TASK_DEFINITION', arn, taskDefinitionArn, {
        primary: taskDefinitionArn === primaryTaskDefinitionArn, deploymentStatuses: [],
      });
    }
    for (const deployment of deployments) {
      const definition = optString(deployment, 'taskDefinition');
      if (definition === undefined) continue;
      const status = optString(deployment, 'status');
      scope.relationship('SERVICE_RUNS_TASK_DEFINITION', arn, definition, {
        primary: status === 'PRIMARY', deploymentStatuses: status === undefined ? [] : [status],
      });
    }
    for (const subnetId of subnetIds) scope.relationship('SERVICE_IN_SUBNET', arn, subnetId);
    for (const groupId of securityGroupIds) scope.relationship('SERVICE_HAS_SECURITY_GROUP', arn, groupId);
    for (const balancer of objects(service, 'loadBalancers')) {
      const targetGroupArn = optString(balancer, 'targetGroupArn');
      if (targetGroupArn === undefined) continue; // Classic load balancers (loadBalancerName) are out of scope
      scope.relationship('SERVICE_REGISTERED_IN', arn, targetGroupArn, {
        containerName: optString(balancer, 'containerName'), containerPort: optInteger(balancer, 'containerPort'),
      });
    }
  });
  return serviceByClusterAndName;
}

/** The ENI attachment details of a task (`ElasticNetworkInterface`; EventBridge-style `eni` accepted). */
function eniAttachment(task: JsonObject): { eniId?: string; subnetId?: string; privateIpv4Address?: string } {
  for (const attachment of objects(task, 'attachments')) {
    const type = optString(attachment, 'type');
    if (type !== 'ElasticNetworkInterface' && type !== 'eni') continue;
    const details = new Map<string, string>();
    for (const detail of objects(attachment, 'details')) {
      const name = optString(detail, 'name');
      const value = optString(detail, 'value');
      if (name !== undefined && value !== undefined) details.set(name, value);
    }
    const result: { eniId?: string; subnetId?: string; privateIpv4Address?: string } = {};
    const eniId = details.get('networkInterfaceId');
    const subnetId = details.get('subnetId');
    const privateIpv4Address = details.get('privateIPv4Address');
    if (eniId !== undefined) result.eniId = eniId;
    if (subnetId !== undefined) result.subnetId = subnetId;
    if (privateIpv4Address !== undefined) result.privateIpv4Address = privateIpv4Address;
    return result;
  }
  return {};
}

function tasks(context: RegionContext, roles: RoleIndex, enis: Map<string, EniFacts>, serviceByClusterAndName: Map<string, string>): void {
  const { scope } = context;
  forEachItem(context.files, `${context.base}/ecs/DescribeTasks.json`, 'tasks', scope, (task) => {
    const arn = reqString(task, 'taskArn');
    const clusterArn = optString(task, 'clusterArn');
    const taskDefinitionArn = optString(task, 'taskDefinitionArn');
    const launchType = optString(task, 'launchType');
    const capacityProviderName = optString(task, 'capacityProviderName');
    const group = optString(task, 'group');
    const serviceName = group?.startsWith('service:') ? group.slice('service:'.length) : undefined;
    const overrides = optObject(task, 'overrides');
    const overrideTaskRoleArn = roles.resolve(optString(overrides, 'taskRoleArn'), context.accountId, partitionOf(arn));
    const attachment = eniAttachment(task);
    const eni = attachment.eniId === undefined ? undefined : enis.get(attachment.eniId);
    const containers = objects(task, 'containers');
    const digests = new Map<string, string[]>();
    for (const container of containers) {
      const digest = optString(container, 'imageDigest')?.toLowerCase();
      if (digest === undefined) continue;
      digests.set(digest, [...(digests.get(digest) ?? []), optString(container, 'name') ?? '']);
      scope.node('Image', digest, { name: optString(container, 'image') ?? digest, cloud: 'none', digest, references: [optString(container, 'image')].filter((v): v is string => v !== undefined) });
      scope.relationship('TASK_RUNS_IMAGE', arn, digest, { containerNames: digests.get(digest) ?? [] });
    }
    scope.node('EcsTask', arn, {
      name: arn.split('/').pop() ?? arn, cloud: 'aws', accountId: context.accountId, region: context.region, clusterArn, taskDefinitionArn,
      lastStatus: optString(task, 'lastStatus'), desiredStatus: optString(task, 'desiredStatus'), launchType, capacityProviderName,
      fargate: launchType === 'FARGATE' || (capacityProviderName !== undefined && FARGATE_PROVIDERS.has(capacityProviderName)),
      enableExecuteCommand: optBoolean(task, 'enableExecuteCommand') ?? false, group, startedBy: optString(task, 'startedBy'), serviceName,
      overrideTaskRoleArn, eniId: attachment.eniId, subnetId: attachment.subnetId ?? eni?.subnetId,
      privateIpv4Address: attachment.privateIpv4Address, publicIp: eni?.publicIp, ipv6Addresses: eni?.ipv6Addresses ?? [],
      eniSecurityGroupIds: eni?.securityGroupIds ?? [], imageDigests: [...digests.keys()],
    });
    if (clusterArn !== undefined) scope.relationship('TASK_IN_CLUSTER', arn, clusterArn);
    if (taskDefinitionArn !== undefined) scope.relationship('TASK_RUNS_TASK_DEFINITION', arn, taskDefinitionArn);
    if (overrideTaskRoleArn !== undefined) scope.relationship('TASK_OVERRIDE_TASK_ROLE', arn, overrideTaskRoleArn);
    if (attachment.eniId !== undefined) scope.relationship('TASK_USES_ENI', arn, attachment.eniId);
    const subnetId = attachment.subnetId ?? eni?.subnetId;
    if (subnetId !== undefined) scope.relationship('TASK_IN_SUBNET', arn, subnetId);
    const serviceArn = serviceName === undefined || clusterArn === undefined ? undefined : serviceByClusterAndName.get(`${clusterArn} ${serviceName}`);
    if (serviceArn !== undefined) scope.relationship('SERVICE_HAS_TASK', serviceArn, arn);
  });
}

function taskDefinitions(context: RegionContext, roles: RoleIndex): void {
  const { scope } = context;
  const path = `${context.base}/ecs/DescribeTaskDefinition.json`;
  // Each page is one DescribeTaskDefinition response: `{taskDefinition, tags}` (one definition per call).
  for (const { page, index } of pages(context.files, path, scope)) {
    guarded(scope, `${path}[${index}].taskDefinition`, () => {
      const definition = asObject(page.taskDefinition, 'taskDefinition');
      const arn = reqString(definition, 'taskDefinitionArn');
      const partition = partitionOf(arn);
      const taskRoleArnRaw = optString(definition, 'taskRoleArn');
      const taskRoleArn = roles.resolve(taskRoleArnRaw, context.accountId, partition);
      const executionRoleArn = roles.resolve(optString(definition, 'executionRoleArn'), context.accountId, partition);
      const family = optString(definition, 'family');
      const revision = optInteger(definition, 'revision');
      scope.node('TaskDefinition', arn, {
        name: family !== undefined && revision !== undefined ? `${family}:${revision}` : arn.split('/').pop(), cloud: 'aws',
        accountId: context.accountId, region: context.region, family, revision, status: optString(definition, 'status'),
        taskRoleArn, taskRoleArnRaw, executionRoleArn, networkMode: optString(definition, 'networkMode'),
        requiresCompatibilities: strings(definition, 'requiresCompatibilities'), compatibilities: strings(definition, 'compatibilities'),
        pidMode: optString(definition, 'pidMode'), operatingSystemFamily: optString(optObject(definition, 'runtimePlatform'), 'operatingSystemFamily'),
      });
      if (taskRoleArn !== undefined) scope.relationship('TASK_DEFINITION_TASK_ROLE', arn, taskRoleArn);
      if (executionRoleArn !== undefined) scope.relationship('TASK_DEFINITION_EXECUTION_ROLE', arn, executionRoleArn);
      for (const container of objects(definition, 'containerDefinitions')) {
        const name = reqString(container, 'name');
        const id = `${arn}#${name}`;
        const image = optString(container, 'image');
        const imageDigest = digestOfImage(image);
        const linux = optObject(container, 'linuxParameters');
        const capabilities = optObject(linux, 'capabilities');
        const user = optString(container, 'user');
        const secrets = objects(container, 'secrets');
        const readonly = optBoolean(container, 'readonlyRootFilesystem');
        scope.node('ContainerDefinition', id, {
          name, cloud: 'aws', image, imageDigest, user, userSet: user !== undefined && user !== '',
          privileged: optBoolean(container, 'privileged') ?? false, readonlyRootFilesystem: readonly, readonlyRootFilesystemSet: readonly !== undefined,
          capabilitiesAdd: strings(capabilities, 'add'), capabilitiesDrop: strings(capabilities, 'drop'),
          logDriver: optString(optObject(container, 'logConfiguration'), 'logDriver'), essential: optBoolean(container, 'essential'),
          containerPorts: objects(container, 'portMappings').map((mapping) => optInteger(mapping, 'containerPort')).filter((v): v is number => v !== undefined),
          secretValueFrom: secrets.map((secret) => optString(secret, 'valueFrom')).filter((v): v is string => v !== undefined),
          ...environmentFacts(objects(container, 'environment'), secrets.map((secret) => reqString(secret, 'name'))),
        });
        scope.relationship('TASK_DEFINITION_HAS_CONTAINER', arn, id);
        if (imageDigest !== undefined && image !== undefined) {
          scope.node('Image', imageDigest, { name: image, cloud: 'none', digest: imageDigest, references: [image] });
          scope.relationship('CONTAINER_DEFINITION_USES_IMAGE', id, imageDigest);
        }
      }
    });
  }
}

export function normaliseEcs(context: RegionContext, roles: RoleIndex, enis: Map<string, EniFacts>): void {
  const clusterFacts = clusters(context);
  const serviceIndex = services(context, clusterFacts);
  tasks(context, roles, enis, serviceIndex);
  taskDefinitions(context, roles);
}

