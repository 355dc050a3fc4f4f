/** EC2 (security groups, subnets, route tables, ENIs) and ELBv2 facts of one region. */
import type { ScopeFactsBuilder } from '../facts.js';
import { objects, optBoolean, optInteger, optObject, optString, reqString, strings, unique, type JsonObject } from '../read.js';
import type { SnapshotFiles } from '../snapshot/files.js';
import { forEachItem } from './common.js';

export interface RegionContext {
  files: SnapshotFiles;
  /** `aws/<account>/<region>` */
  base: string;
  accountId: string;
  region: string;
  scope: ScopeFactsBuilder;
}

/** ENI facts other normalisers copy onto tasks. */
export interface EniFacts {
  publicIp?: string;
  ipv6Addresses: string[];
  securityGroupIds: string[];
  subnetId?: string;
}

function vpc(context: RegionContext, vpcId: string | undefined): void {
  if (vpcId === undefined) return;
  const regionId = `aws:${context.accountId}:${context.region}`;
  context.scope.node('Vpc', vpcId, { name: vpcId, cloud: 'aws', accountId: context.accountId, region: context.region });
  context.scope.relationship('VPC_IN_REGION', vpcId, regionId);
}

function securityGroups(context: RegionContext): void {
  const { scope } = context;
  forEachItem(context.files, `${context.base}/ec2/DescribeSecurityGroups.json`, 'SecurityGroups', scope, (group) => {
    const groupId = reqString(group, 'GroupId');
    const vpcId = optString(group, 'VpcId');
    scope.node('SecurityGroup', groupId, {
      name: optString(group, 'GroupName') ?? groupId, cloud: 'aws', accountId: context.accountId, region: context.region,
      vpcId, ownerId: optString(group, 'OwnerId'), groupName: optString(group, 'GroupName'), description: optString(group, 'Description'),
    });
    vpc(context, vpcId);
    if (vpcId !== undefined) scope.relationship('SECURITY_GROUP_IN_VPC', groupId, vpcId);
    for (const [direction, key] of [['ingress', 'IpPermissions'], ['egress', 'IpPermissionsEgress']] as const) {
      objects(group, key).forEach((permission, permissionIndex) => {
        const base = {
          cloud: 'aws', direction, protocol: String(permission.IpProtocol ?? '-1'),
          fromPort: optInteger(permission, 'FromPort'), toPort: optInteger(permission, 'ToPort'),
        };
        const sources: Record<string, string | undefined>[] = [
          ...objects(permission, 'IpRanges').map((range) => ({ cidrIpv4: optString(range, 'CidrIp'), description: optString(range, 'Description') })),
          ...objects(permission, 'Ipv6Ranges').map((range) => ({ cidrIpv6: optString(range, 'CidrIpv6'), description: optString(range, 'Description') })),
          ...objects(permission, 'UserIdGroupPairs').map((pair) => ({ sourceSecurityGroupId: optString(pair, 'GroupId'), description: optString(pair, 'Description') })),
          ...objects(permission, 'PrefixListIds').map((list) => ({ prefixListId: optString(list, 'PrefixListId'), description: optString(list, 'Description') })),
        ];
        // A permission without sources still says which protocol/ports it opens; keep it as one source-less rule.
        if (sources.length === 0) sources.push({});
        sources.forEach((source, sourceIndex) => {
          const ruleId = `${groupId}#${direction}#${permissionIndex}#${sourceIndex}`;
          scope.node('SecurityGroupRule', ruleId, { name: ruleId, ...base, ...source });
          scope.relationship('SECURITY_GROUP_HAS_RULE', groupId, ruleId);
          if (source.sourceSecurityGroupId !== undefined) scope.relationship('RULE_FROM_SECURITY_GROUP', ruleId, source.sourceSecurityGroupId);
        });
      });
    }
  });
}

function subnetsAndRoutes(context: RegionContext): void {
  const { scope } = context;
  const subnetVpc = new Map<string, string | undefined>();
  forEachItem(context.files, `${context.base}/ec2/DescribeSubnets.json`, 'Subnets', scope, (subnet) => {
    const subnetId = reqString(subnet, 'SubnetId');
    const vpcId = optString(subnet, 'VpcId');
    const ipv6 = objects(subnet, 'Ipv6CidrBlockAssociationSet').map((association) => optString(association, 'Ipv6CidrBlock')).filter((v): v is string => v !== undefined);
    scope.node('Subnet', subnetId, {
      name: subnetId, cloud: 'aws', accountId: context.accountId, region: context.region, vpcId,
      cidrBlock: optString(subnet, 'CidrBlock'), ipv6CidrBlocks: ipv6, mapPublicIpOnLaunch: optBoolean(subnet, 'MapPublicIpOnLaunch'),
      availabilityZone: optString(subnet, 'AvailabilityZone'),
    });
    subnetVpc.set(subnetId, vpcId);
    vpc(context, vpcId);
    if (vpcId !== undefined) scope.relationship('SUBNET_IN_VPC', subnetId, vpcId);
  });

  const explicit = new Map<string, string>();
  const mainOfVpc = new Map<string, string>();
  forEachItem(context.files, `${context.base}/ec2/DescribeRouteTables.json`, 'RouteTables', scope, (table) => {
    const tableId = reqString(table, 'RouteTableId');
    const vpcId = optString(table, 'VpcId');
    const associations = objects(table, 'Associations');
    // The main table's association has Main: true and no SubnetId; explicit ones carry SubnetId.
    const main = associations.some((association) => optBoolean(association, 'Main') === true);
    const subnetIds = associations.map((association) => optString(association, 'SubnetId')).filter((v): v is string => v !== undefined);
    const routes = objects(table, 'Routes');
    scope.node('RouteTable', tableId, { name: tableId, cloud: 'aws', accountId: context.accountId, region: context.region, vpcId, main, subnetIds });
    vpc(context, vpcId);
    if (vpcId !== undefined) {
      scope.relationship('ROUTE_TABLE_IN_VPC', tableId, vpcId);
      if (main) {
        mainOfVpc.set(vpcId, tableId);
        scope.relationship('VPC_MAIN_ROUTE_TABLE', vpcId, tableId);
      }
    }
    for (const subnetId of subnetIds) explicit.set(subnetId, tableId);
    routes.forEach((route, index) => {
      const destination =
        optString(route, 'DestinationCidrBlock') ?? optString(route, 'DestinationIpv6CidrBlock') ?? optString(route, 'DestinationPrefixListId') ?? `#${index}`;
      const routeId = `${tableId}#${destination}`;
      scope.node('Route', routeId, {
        name: destination, cloud: 'aws',
        destinationCidrBlock: optString(route, 'DestinationCidrBlock'), destinationIpv6CidrBlock: optString(route, 'DestinationIpv6CidrBlock'),
        destinationPrefixListId: optString(route, 'DestinationPrefixListId'), gatewayId: optString(route, 'GatewayId'),
        natGatewayId: optString(route, 'NatGatewayId'), egressOnlyInternetGatewayId: optString(route, 'EgressOnlyInternetGatewayId'),
        transitGatewayId: optString(route, 'TransitGatewayId'), vpcPeeringConnectionId: optString(route, 'VpcPeeringConnectionId'),
        networkInterfaceId: optString(route, 'NetworkInterfaceId'), state: optString(route, 'State'), origin: optString(route, 'Origin'),
      });
      scope.relationship('ROUTE_TABLE_HAS_ROUTE', tableId, routeId);
    });
  });

  // Effective route table per subnet: the explicit association, else the VPC's main table.
  for (const subnetId of new Set([...subnetVpc.keys(), ...explicit.keys()])) {
    const table = explicit.get(subnetId);
    if (table !== undefined) {
      scope.relationship('SUBNET_USES_ROUTE_TABLE', subnetId, table, { explicit: true });
      continue;
    }
    const vpcId = subnetVpc.get(subnetId);
    const main = vpcId === undefined ? undefined : mainOfVpc.get(vpcId);
    if (main !== undefined) scope.relationship('SUBNET_USES_ROUTE_TABLE', subnetId, main, { explicit: false });
  }
}

function networkInterfaces(context: RegionContext): Map<string, EniFacts> {
  const { scope } = context;
  const enis = new Map<string, EniFacts>();
  forEachItem(context.files, `${context.base}/ec2/DescribeNetworkInterfaces.json`, 'NetworkInterfaces', scope, (eni) => {
    const eniId = reqString(eni, 'NetworkInterfaceId');
    const association = optObject(eni, 'Association');
    const ipv6Addresses = objects(eni, 'Ipv6Addresses').map((address) => optString(address, 'Ipv6Address')).filter((v): v is string => v !== undefined);
    const securityGroupIds = objects(eni, 'Groups').map((group) => reqString(group, 'GroupId'));
    const subnetId = optString(eni, 'SubnetId');
    const vpcId = optString(eni, 'VpcId');
    const publicIp = optString(association, 'PublicIp');
    scope.node('NetworkInterface', eniId, {
      name: eniId, cloud: 'aws', accountId: context.accountId, region: context.region, subnetId, vpcId,
      privateIpAddress: optString(eni, 'PrivateIpAddress'), publicIp, publicDnsName: optString(association, 'PublicDnsName'),
      ipOwnerId: optString(association, 'IpOwnerId'), ipv6Addresses, securityGroupIds,
      interfaceType: optString(eni, 'InterfaceType'), status: optString(eni, 'Status'), description: optString(eni, 'Description'),
    });
    if (subnetId !== undefined) scope.relationship('ENI_IN_SUBNET', eniId, subnetId);
    for (const groupId of securityGroupIds) scope.relationship('ENI_HAS_SECURITY_GROUP', eniId, groupId);
    const facts: EniFacts = { ipv6Addresses, securityGroupIds };
    if (publicIp !== undefined) facts.publicIp = publicIp;
    if (subnetId !== undefined) facts.subnetId = subnetId;
    enis.set(eniId, facts);
  });
  return enis;
}

/** Target groups a listener's default actions forward to: `TargetGroupArn` and/or `ForwardConfig.TargetGroups`. */
export function forwardTargets(actions: JsonObject[]): { targetGroupArn: string; weight?: number }[] {
  const targets: { targetGroupArn: string; weight?: number }[] = [];
  for (const action of actions) {
    if (optString(action, 'Type') !== 'forward') continue;
    const direct = optString(action, 'TargetGroupArn');
    const forward = optObject(action, 'ForwardConfig');
    const weighted = objects(forward, 'TargetGroups');
    for (const group of weighted) {
      const target: { targetGroupArn: string; weight?: number } = { targetGroupArn: reqString(group, 'TargetGroupArn') };
      const weight = optInteger(group, 'Weight');
      if (weight !== undefined) target.weight = weight;
      targets.push(target);
    }
    if (direct !== undefined && !targets.some((target) => target.targetGroupArn === direct)) targets.push({ targetGroupArn: direct });
  }
  return targets;
}

function loadBalancing(context: RegionContext): void {
  const { scope } = context;
  forEachItem(context.files, `${context.base}/elbv2/DescribeLoadBalancers.json`, 'LoadBalancers', scope, (lb) => {
    const arn = reqString(lb, 'LoadBalancerArn');
    const securityGroupIds = strings(lb, 'SecurityGroups');
    const subnetIds = objects(lb, 'AvailabilityZones').map((zone) => optString(zone, 'SubnetId')).filter((v): v is string => v !== undefined);
    const state = optObject(lb, 'State');
    const vpcId = optString(lb, 'VpcId');
    scope.node('LoadBalancer', arn, {
      name: optString(lb, 'LoadBalancerName') ?? arn, cloud: 'aws', accountId: context.accountId, region: context.region,
      dnsName: optString(lb, 'DNSName'), scheme: optString(lb, 'Scheme'), lbType: optString(lb, 'Type'), stateCode: optString(state, 'Code'),
      vpcId, ipAddressType: optString(lb, 'IpAddressType'), securityGroupIds, subnetIds,
    });
    vpc(context, vpcId);
    for (const groupId of securityGroupIds) scope.relationship('LOAD_BALANCER_HAS_SECURITY_GROUP', arn, groupId);
    for (const subnetId of subnetIds) scope.relationship('LOAD_BALANCER_IN_SUBNET', arn, subnetId);
  });
  forEachItem(context.files, `${context.base}/elbv2/DescribeListeners.json`, 'Listeners', scope, (listener) => {
    const arn = reqString(listener, 'ListenerArn');
    const lbArn = reqString(listener, 'LoadBalancerArn');
    const actions = objects(listener, 'DefaultActions');
    scope.node('Listener', arn, {
      name: `${optString(listener, 'Protocol') ?? ''}:${optInteger(listener, 'Port') ?? ''}`, cloud: 'aws', loadBalancerArn: lbArn,
      port: optInteger(listener, 'Port'), protocol: optString(listener, 'Protocol'),
      defaultActionTypes: unique(actions.map((action) => optString(action, 'Type')).filter((v): v is string => v !== undefined)),
    });
    scope.relationship('LOAD_BALANCER_HAS_LISTENER', lbArn, arn);
    for (const target of forwardTargets(actions)) scope.relationship('LISTENER_FORWARDS_TO', arn, target.targetGroupArn, { weight: target.weight });
  });
  forEachItem(context.files, `${context.base}/elbv2/DescribeTargetGroups.json`, 'TargetGroups', scope, (group) => {
    const arn = reqString(group, 'TargetGroupArn');
    const loadBalancerArns = strings(group, 'LoadBalancerArns');
    scope.node('TargetGroup', arn, {
      name: optString(group, 'TargetGroupName') ?? arn, cloud: 'aws', accountId: context.accountId, region: context.region,
      protocol: optString(group, 'Protocol'), port: optInteger(group, 'Port'), targetType: optString(group, 'TargetType'),
      vpcId: optString(group, 'VpcId'), loadBalancerArns,
    });
    for (const lbArn of loadBalancerArns) scope.relationship('TARGET_GROUP_OF_LOAD_BALANCER', arn, lbArn);
  });
}

/** All network facts of a region; returns the ENI facts by id for the task normaliser. */
export function normaliseNetwork(context: RegionContext): Map<string, EniFacts> {
  securityGroups(context);
  subnetsAndRoutes(context);
  const enis = networkInterfaces(context);
  loadBalancing(context);
  return enis;
}

