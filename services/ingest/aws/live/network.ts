/**
 * EC2 and ELBv2 part of a region scan: only what the ECS workloads reference.
 *
 * Call strategy (fewest calls for what the rules need):
 * - ENIs, subnets and security groups are asked for by id through a filter (`network-interface-id`, `subnet-id`,
 *   `group-id`; at most 200 values per filter) with `MaxResults` 1000 pages. A filter, unlike the id-list parameter,
 *   combines with `MaxResults` (DescribeNetworkInterfaces rejects ids + MaxResults) and does not fail the whole call
 *   when one id has vanished in the meantime (a task stopped and its ENI was deleted). Listing every ENI of a region
 *   instead would page through the ENIs of all other workloads (Lambda, EC2, endpoints).
 * - Security groups are asked for once, after the ENIs and load balancers are known, so the groups of services,
 *   of task ENIs and of the load balancers in front of them share the same batches.
 * - Subnets (of services, task ENIs and the load balancers in front of services) once, with the security groups.
 * - Route tables by `vpc-id` filter (main and explicit tables of every VPC seen), pages of 100, last.
 * - Load balancers and target groups are paginated region-wide with PageSize 400 (one call in practically every region:
 *   fewer than by-ARN lookups at 20 ARNs per call as soon as more than 20 are referenced), and only in regions
 *   where some service is registered in a target group. Listeners: one call per load balancer in front of a service.
 */
import {
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  type NetworkInterface,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
} from '@aws-sdk/client-ec2';
import {
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  type Listener,
  type LoadBalancer,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsVpcConfiguration, Service, Task } from '@aws-sdk/client-ecs';
import { chunk, distinct, mapBounded } from './bounded.js';
import { regionPath, reportProblem, type RegionContext } from './context.js';
import { CallLog, type SnapshotRecorder } from './recorder.js';

export const EC2_FILTER_VALUES_LIMIT = 200;
export const EC2_PAGE_SIZE = 1000;
export const ROUTE_TABLES_PAGE_SIZE = 100;
export const ELB_PAGE_SIZE = 400;

export interface NetworkSeen {
  networkInterfaces: NetworkInterface[];
  subnets: Subnet[];
  securityGroups: SecurityGroup[];
  routeTables: RouteTable[];
  loadBalancers: LoadBalancer[];
  targetGroups: TargetGroup[];
  listeners: Listener[];
  /** What was asked for, for the minimum-call computation. */
  requested: { eniIds: number; subnetIds: number; securityGroupIds: number; vpcIds: number; listenerLoadBalancers: number };
}

function awsvpcConfigurations(service: Service): AwsVpcConfiguration[] {
  return [
    service.networkConfiguration?.awsvpcConfiguration,
    ...(service.deployments ?? []).map((deployment) => deployment.networkConfiguration?.awsvpcConfiguration),
    ...(service.taskSets ?? []).map((taskSet) => taskSet.networkConfiguration?.awsvpcConfiguration),
  ].filter((config): config is AwsVpcConfiguration => config !== undefined);
}

function eniDetail(task: Task, name: string): string[] {
  return (task.attachments ?? [])
    .filter((attachment) => attachment.type === 'ElasticNetworkInterface')
    .flatMap((attachment) => (attachment.details ?? []).filter((detail) => detail.name === name).map((detail) => detail.value ?? ''));
}

/** Pages of an EC2 describe call filtered by ids, in batches of 200 filter values. */
async function describeByIds<Page>(
  ids: string[],
  filterName: string,
  paginate: (input: { Filters: { Name: string; Values: string[] }[]; MaxResults: number }) => AsyncIterable<Page>,
  pageSize: number,
  onPage: (page: Page) => void,
): Promise<void> {
  for (const batch of chunk(ids, EC2_FILTER_VALUES_LIMIT)) {
    for await (const page of paginate({ Filters: [{ Name: filterName, Values: batch }], MaxResults: pageSize })) onPage(page);
  }
}

export async function collectNetwork(
  ctx: RegionContext,
  recorder: SnapshotRecorder,
  services: Service[],
  tasks: Task[],
): Promise<NetworkSeen> {
  const seen: NetworkSeen = {
    networkInterfaces: [],
    subnets: [],
    securityGroups: [],
    routeTables: [],
    loadBalancers: [],
    targetGroups: [],
    listeners: [],
    requested: { eniIds: 0, subnetIds: 0, securityGroupIds: 0, vpcIds: 0, listenerLoadBalancers: 0 },
  };
  const vpcConfigs = services.flatMap(awsvpcConfigurations);
  const eniIds = distinct(tasks.flatMap((task) => eniDetail(task, 'networkInterfaceId')));
  const targetGroupArns = distinct(services.flatMap((service) => (service.loadBalancers ?? []).map((lb) => lb.targetGroupArn)));
  seen.requested.eniIds = eniIds.length;

  const ec2Path = (operation: string) => regionPath(ctx, 'ec2', operation);
  const elbPath = (operation: string) => regionPath(ctx, 'elbv2', operation);
  const eniLog = new CallLog();
  const lbLog = new CallLog();
  const tgLog = new CallLog();

  // Phase 1: independent lookups in parallel.
  await Promise.all([
    describeByIds(eniIds, 'network-interface-id', (input) => paginateDescribeNetworkInterfaces({ client: ctx.ec2 }, input), EC2_PAGE_SIZE, (page) => {
      eniLog.add(ec2Path('DescribeNetworkInterfaces'), page);
      seen.networkInterfaces.push(...(page.NetworkInterfaces ?? []));
    }).catch((error) => reportProblem(ctx, 'ec2:DescribeNetworkInterfaces', error)),
    targetGroupArns.length === 0
      ? Promise.resolve()
      : (async () => {
          for await (const page of paginateDescribeLoadBalancers({ client: ctx.elbv2 }, { PageSize: ELB_PAGE_SIZE })) {
            lbLog.add(elbPath('DescribeLoadBalancers'), page);
            seen.loadBalancers.push(...(page.LoadBalancers ?? []));
          }
        })().catch((error) => reportProblem(ctx, 'elbv2:DescribeLoadBalancers', error)),
    targetGroupArns.length === 0
      ? Promise.resolve()
      : (async () => {
          for await (const page of paginateDescribeTargetGroups({ client: ctx.elbv2 }, { PageSize: ELB_PAGE_SIZE })) {
            tgLog.add(elbPath('DescribeTargetGroups'), page);
            seen.targetGroups.push(...(page.TargetGroups ?? []));
          }
        })().catch((error) => reportProblem(ctx, 'elbv2:DescribeTargetGroups', error)),
  ]);
  for (const log of [eniLog, lbLog, tgLog]) recorder.appendAll(log.calls);

  // Phase 2: what depends on phase 1.
  const referencedTargetGroups = new Set(targetGroupArns);
  const frontLoadBalancerArns = distinct(
    seen.targetGroups.filter((tg) => referencedTargetGroups.has(tg.TargetGroupArn ?? '')).flatMap((tg) => tg.LoadBalancerArns ?? []),
  );
  const frontLoadBalancers = new Set(frontLoadBalancerArns);
  const securityGroupIds = distinct([
    ...vpcConfigs.flatMap((config) => config.securityGroups ?? []),
    ...seen.networkInterfaces.flatMap((eni) => (eni.Groups ?? []).map((group) => group.GroupId)),
    ...seen.loadBalancers.filter((lb) => frontLoadBalancers.has(lb.LoadBalancerArn ?? '')).flatMap((lb) => lb.SecurityGroups ?? []),
  ]);
  // Subnets of the services, of the tasks' ENIs and of the load balancers in front of services, in one lookup (so a
  // recorded scan holds every subnet the graph links to, load balancer subnets included).
  const frontLoadBalancerObjects = seen.loadBalancers.filter((lb) => frontLoadBalancers.has(lb.LoadBalancerArn ?? ''));
  const subnetIds = distinct([
    ...vpcConfigs.flatMap((config) => config.subnets ?? []),
    ...tasks.flatMap((task) => eniDetail(task, 'subnetId')),
    ...frontLoadBalancerObjects.flatMap((lb) => (lb.AvailabilityZones ?? []).map((zone) => zone.SubnetId)),
  ]);
  seen.requested.subnetIds = subnetIds.length;
  seen.requested.securityGroupIds = securityGroupIds.length;
  seen.requested.listenerLoadBalancers = frontLoadBalancerArns.length;

  const sgLog = new CallLog();
  const subnetLog = new CallLog();
  const rtLog = new CallLog();
  const [, , listenerLogs] = await Promise.all([
    describeByIds(securityGroupIds, 'group-id', (input) => paginateDescribeSecurityGroups({ client: ctx.ec2 }, input), EC2_PAGE_SIZE, (page) => {
      sgLog.add(ec2Path('DescribeSecurityGroups'), page);
      seen.securityGroups.push(...(page.SecurityGroups ?? []));
    }).catch((error) => reportProblem(ctx, 'ec2:DescribeSecurityGroups', error)),
    describeByIds(subnetIds, 'subnet-id', (input) => paginateDescribeSubnets({ client: ctx.ec2 }, input), EC2_PAGE_SIZE, (page) => {
      subnetLog.add(ec2Path('DescribeSubnets'), page);
      seen.subnets.push(...(page.Subnets ?? []));
    }).catch((error) => reportProblem(ctx, 'ec2:DescribeSubnets', error)),
    mapBounded(frontLoadBalancerArns, ctx.describeConcurrency, async (loadBalancerArn) => {
      const log = new CallLog();
      const listeners: Listener[] = [];
      try {
        for await (const page of paginateDescribeListeners({ client: ctx.elbv2 }, { LoadBalancerArn: loadBalancerArn, PageSize: ELB_PAGE_SIZE })) {
          log.add(elbPath('DescribeListeners'), page);
          listeners.push(...(page.Listeners ?? []));
        }
      } catch (error) {
        reportProblem(ctx, `elbv2:DescribeListeners ${loadBalancerArn}`, error);
      }
      return { log, listeners };
    }),
  ]);
  // Phase 3: route tables (main and explicit) of every VPC seen.
  const vpcIds = distinct([
    ...seen.subnets.map((subnet) => subnet.VpcId),
    ...seen.networkInterfaces.map((eni) => eni.VpcId),
    ...frontLoadBalancerObjects.map((lb) => lb.VpcId),
  ]);
  seen.requested.vpcIds = vpcIds.length;
  await describeByIds(vpcIds, 'vpc-id', (input) => paginateDescribeRouteTables({ client: ctx.ec2 }, input), ROUTE_TABLES_PAGE_SIZE, (page) => {
    rtLog.add(ec2Path('DescribeRouteTables'), page);
    seen.routeTables.push(...(page.RouteTables ?? []));
  }).catch((error) => reportProblem(ctx, 'ec2:DescribeRouteTables', error));
  recorder.appendAll(sgLog.calls);
  recorder.appendAll(subnetLog.calls);
  recorder.appendAll(rtLog.calls);
  for (const one of listenerLogs) {
    recorder.appendAll(one.log.calls);
    seen.listeners.push(...one.listeners);
  }
  return seen;
}
