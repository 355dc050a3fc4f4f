/**
 * ECS part of a region scan: clusters, services, running tasks and the task definitions they use, batched to the
 * API limits (DescribeClusters 100, DescribeServices 10, DescribeTasks 100, DescribeTaskDefinition 1 per ARN) with
 * list pages of 100 (ListServices defaults to 10, which would multiply the list calls by ten).
 */
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  paginateListClusters,
  paginateListServices,
  paginateListTasks,
  type Cluster,
  type Service,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { chunk, distinct, mapBounded } from './bounded.js';
import { regionPath, reportProblem, type RegionContext } from './context.js';
import { CallLog, type SnapshotRecorder } from './recorder.js';

export const DESCRIBE_CLUSTERS_LIMIT = 100;
export const DESCRIBE_SERVICES_LIMIT = 10;
export const DESCRIBE_TASKS_LIMIT = 100;
export const LIST_PAGE_SIZE = 100;

export interface ClusterSeen {
  clusterArn: string;
  services: Service[];
  tasks: Task[];
}

export interface EcsSeen {
  clusters: Cluster[];
  perCluster: ClusterSeen[];
  taskDefinitions: TaskDefinition[];
  /** Distinct task definition ARNs referenced by services (every deployment) and running tasks. */
  taskDefinitionArns: string[];
}

export function servicesOf(seen: EcsSeen): Service[] {
  return seen.perCluster.flatMap((cluster) => cluster.services);
}

export function tasksOf(seen: EcsSeen): Task[] {
  return seen.perCluster.flatMap((cluster) => cluster.tasks);
}

/** Lists and describes the clusters; throws when the region cannot be listed at all (reported per region). */
export async function collectEcs(ctx: RegionContext, recorder: SnapshotRecorder): Promise<EcsSeen> {
  const seen: EcsSeen = { clusters: [], perCluster: [], taskDefinitions: [], taskDefinitionArns: [] };
  const clusterArns: string[] = [];
  for await (const page of paginateListClusters({ client: ctx.ecs }, { maxResults: LIST_PAGE_SIZE })) {
    recorder.append(regionPath(ctx, 'ecs', 'ListClusters'), page);
    clusterArns.push(...(page.clusterArns ?? []));
  }
  if (clusterArns.length === 0) return seen;

  for (const batch of chunk(clusterArns, DESCRIBE_CLUSTERS_LIMIT)) {
    const described = await ctx.ecs.send(
      new DescribeClustersCommand({ clusters: batch, include: ['CONFIGURATIONS', 'SETTINGS', 'TAGS'] }),
    );
    recorder.append(regionPath(ctx, 'ecs', 'DescribeClusters'), described);
    seen.clusters.push(...(described.clusters ?? []));
  }

  const clusters = await mapBounded(clusterArns, ctx.clusterConcurrency, (clusterArn) => collectCluster(ctx, clusterArn));
  for (const cluster of clusters) {
    recorder.appendAll(cluster.log.calls);
    seen.perCluster.push({ clusterArn: cluster.clusterArn, services: cluster.services, tasks: cluster.tasks });
  }

  seen.taskDefinitionArns = distinct([
    ...servicesOf(seen).flatMap((service) => [
      service.taskDefinition,
      ...(service.deployments ?? []).map((deployment) => deployment.taskDefinition),
      ...(service.taskSets ?? []).map((taskSet) => taskSet.taskDefinition),
    ]),
    ...tasksOf(seen).map((task) => task.taskDefinitionArn),
  ]);
  const described = await mapBounded(seen.taskDefinitionArns, ctx.describeConcurrency, async (arn) => {
    const log = new CallLog();
    try {
      const out = await ctx.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
      log.add(regionPath(ctx, 'ecs', 'DescribeTaskDefinition'), out);
      return { log, taskDefinition: out.taskDefinition };
    } catch (error) {
      reportProblem(ctx, `ecs:DescribeTaskDefinition ${arn}`, error);
      return { log, taskDefinition: undefined };
    }
  });
  for (const one of described) {
    recorder.appendAll(one.log.calls);
    if (one.taskDefinition) seen.taskDefinitions.push(one.taskDefinition);
  }
  return seen;
}

/** Services and running tasks of one cluster; a failure is reported and keeps what was read before it. */
async function collectCluster(ctx: RegionContext, clusterArn: string): Promise<ClusterSeen & { log: CallLog }> {
  const log = new CallLog();
  const services: Service[] = [];
  const tasks: Task[] = [];
  let step = 'ecs:ListServices';
  try {
    const serviceArns: string[] = [];
    for await (const page of paginateListServices({ client: ctx.ecs }, { cluster: clusterArn, maxResults: LIST_PAGE_SIZE })) {
      log.add(regionPath(ctx, 'ecs', 'ListServices'), page);
      serviceArns.push(...(page.serviceArns ?? []));
    }
    step = 'ecs:DescribeServices';
    for (const batch of chunk(serviceArns, DESCRIBE_SERVICES_LIMIT)) {
      const out = await ctx.ecs.send(new DescribeServicesCommand({ cluster: clusterArn, services: batch, include: ['TAGS'] }));
      log.add(regionPath(ctx, 'ecs', 'DescribeServices'), out);
      services.push(...(out.services ?? []));
    }
    step = 'ecs:ListTasks';
    const taskArns: string[] = [];
    const listTasks = { cluster: clusterArn, desiredStatus: 'RUNNING' as const, maxResults: LIST_PAGE_SIZE };
    for await (const page of paginateListTasks({ client: ctx.ecs }, listTasks)) {
      log.add(regionPath(ctx, 'ecs', 'ListTasks'), page);
      taskArns.push(...(page.taskArns ?? []));
    }
    step = 'ecs:DescribeTasks';
    for (const batch of chunk(taskArns, DESCRIBE_TASKS_LIMIT)) {
      const out = await ctx.ecs.send(new DescribeTasksCommand({ cluster: clusterArn, tasks: batch, include: ['TAGS'] }));
      log.add(regionPath(ctx, 'ecs', 'DescribeTasks'), out);
      tasks.push(...(out.tasks ?? []));
    }
  } catch (error) {
    reportProblem(ctx, `${step} ${clusterArn}`, error);
  }
  return { clusterArn, log, services, tasks };
}
