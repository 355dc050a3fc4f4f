/**
 * The fewest calls the documented batch and page limits allow for the estate a scan actually saw, per operation.
 * Comparing it with the calls made shows wasted calls (unbatched describes, repeated task definitions, default
 * page sizes); the bench goal is calls ≤ 1.2 × minimum.
 *
 * Limits: ListClusters/ListServices/ListTasks 100 per page; DescribeClusters 100, DescribeServices 10,
 * DescribeTasks 100 per call; DescribeTaskDefinition one ARN; EC2 filters 200 values and 1000 results per page
 * (route tables 100); ELBv2 400 per page, DescribeListeners one load balancer; GAAD 1000 items per page.
 */
import type { CallCount } from './calls.js';
import type { EcsSeen } from './ecs.js';
import type { NetworkSeen } from './network.js';

const pages = (items: number, perPage: number): number => Math.max(1, Math.ceil(items / perPage));
const batches = (items: number, perCall: number): number => Math.ceil(items / perCall);

export interface RegionSeenForMinimum {
  ecs: EcsSeen;
  network?: NetworkSeen;
  /** Distinct (repository, digest) pairs asked of ECR, when findings were requested. */
  ecrImages?: number;
}

export function addMinimum(into: CallCount, operation: string, calls: number): void {
  if (calls > 0) into[operation] = (into[operation] ?? 0) + calls;
}

export function regionMinimum(region: RegionSeenForMinimum, into: CallCount = {}): CallCount {
  const { ecs, network } = region;
  addMinimum(into, 'ecs:ListClusters', pages(ecs.perCluster.length, 100));
  addMinimum(into, 'ecs:DescribeClusters', batches(ecs.perCluster.length, 100));
  for (const cluster of ecs.perCluster) {
    addMinimum(into, 'ecs:ListServices', pages(cluster.services.length, 100));
    addMinimum(into, 'ecs:DescribeServices', batches(cluster.services.length, 10));
    addMinimum(into, 'ecs:ListTasks', pages(cluster.tasks.length, 100));
    addMinimum(into, 'ecs:DescribeTasks', batches(cluster.tasks.length, 100));
  }
  addMinimum(into, 'ecs:DescribeTaskDefinition', ecs.taskDefinitionArns.length);
  if (network) {
    const { requested } = network;
    addMinimum(into, 'ec2:DescribeNetworkInterfaces', Math.max(batches(requested.eniIds, 200), batches(network.networkInterfaces.length, 1000)));
    addMinimum(into, 'ec2:DescribeSubnets', Math.max(batches(requested.subnetIds, 200), batches(network.subnets.length, 1000)));
    addMinimum(into, 'ec2:DescribeSecurityGroups', Math.max(batches(requested.securityGroupIds, 200), batches(network.securityGroups.length, 1000)));
    addMinimum(into, 'ec2:DescribeRouteTables', Math.max(batches(requested.vpcIds, 200), batches(network.routeTables.length, 100)));
    const usesLoadBalancers = network.loadBalancers.length > 0 || network.targetGroups.length > 0 || requested.listenerLoadBalancers > 0;
    if (usesLoadBalancers) {
      addMinimum(into, 'elbv2:DescribeLoadBalancers', pages(network.loadBalancers.length, 400));
      addMinimum(into, 'elbv2:DescribeTargetGroups', pages(network.targetGroups.length, 400));
    }
    addMinimum(into, 'elbv2:DescribeListeners', requested.listenerLoadBalancers);
  }
  addMinimum(into, 'ecr:DescribeImageScanFindings', region.ecrImages ?? 0);
  return into;
}

export function sumCounts(...counts: CallCount[]): CallCount {
  const sum: CallCount = {};
  for (const count of counts) for (const [operation, calls] of Object.entries(count)) addMinimum(sum, operation, calls);
  return Object.fromEntries(Object.entries(sum).sort(([a], [b]) => a.localeCompare(b)));
}
