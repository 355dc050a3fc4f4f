/**
 * Builds AWS snapshot files (docs/snapshot-format.md) for the rule tests: one account and region per estate, every file
 * an array of API response bodies shaped as the SDK v3 returns them (ECS camelCase, EC2/IAM/ELBv2 PascalCase, IAM
 * policy documents URL-encoded). Helpers add one resource at a time with safe defaults, so each test case states only
 * what makes it fire or miss.
 */
import type { SnapshotFiles } from '../../services/ingest/snapshot/files.js';

export type Json = Record<string, unknown>;

export interface PolicyDocument {
  Version?: string;
  Statement: Json | Json[];
}

const encode = (document: PolicyDocument) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', ...document }));

export const ALLOW_ALL: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
export const READ_BUCKET: PolicyDocument = {
  Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::app', 'arn:aws:s3:::app/*'] }],
};

/** A container definition that no container rule objects to: non-root, read-only root, awslogs, no capabilities. */
export function safeContainer(name: string, overrides: Json = {}): Json {
  return {
    name, image: `public.ecr.aws/docker/library/nginx:1.27`, essential: true, user: '1000:1000', readonlyRootFilesystem: true,
    portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
    environment: [{ name: 'LOG_LEVEL', value: 'info' }],
    logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': `/ecs/${name}`, 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': name } },
    ...overrides,
  };
}

export class AwsEstate {
  readonly clusters: Json[] = [];
  readonly services: Json[] = [];
  readonly tasks: Json[] = [];
  readonly taskDefinitions: Json[] = [];
  readonly securityGroups: Json[] = [];
  readonly subnets: Json[] = [];
  readonly routeTables: Json[] = [];
  readonly enis: Json[] = [];
  readonly loadBalancers: Json[] = [];
  readonly listeners: Json[] = [];
  readonly targetGroups: Json[] = [];
  readonly roles: Json[] = [];
  readonly policies: Json[] = [];
  readonly scanFindings: Json[] = [];
  private taskCounter = 0;

  constructor(
    readonly account: string,
    readonly region = 'eu-west-1',
    readonly vpcId = 'vpc-0a1b2c3d4e5f60718',
  ) {}

  arn(service: string, rest: string): string {
    return `arn:aws:${service}:${this.region}:${this.account}:${rest}`;
  }
  clusterArn(name: string): string {
    return this.arn('ecs', `cluster/${name}`);
  }
  serviceArn(cluster: string, name: string): string {
    return this.arn('ecs', `service/${cluster}/${name}`);
  }
  taskDefinitionArn(family: string, revision = 1): string {
    return this.arn('ecs', `task-definition/${family}:${revision}`);
  }
  roleArn(name: string, path = '/'): string {
    return `arn:aws:iam::${this.account}:role${path}${name}`;
  }
  policyArn(name: string): string {
    return `arn:aws:iam::${this.account}:policy/${name}`;
  }

  // ------------------------------------------------------------------ IAM
  /** A role trusted by ECS tasks, with inline policies, attached managed policies and an optional boundary. */
  role(name: string, options: { path?: string; inline?: Record<string, PolicyDocument>; managed?: string[]; boundary?: string } = {}): string {
    const path = options.path ?? '/';
    const arn = this.roleArn(name, path);
    this.roles.push({
      Path: path, RoleName: name, RoleId: `AROA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12)}`, Arn: arn,
      CreateDate: '2025-03-01T10:00:00.000Z',
      AssumeRolePolicyDocument: encode({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      InstanceProfileList: [],
      RolePolicyList: Object.entries(options.inline ?? {}).map(([PolicyName, document]) => ({ PolicyName, PolicyDocument: encode(document) })),
      AttachedManagedPolicies: (options.managed ?? []).map((PolicyArn) => ({ PolicyName: PolicyArn.split('/').pop(), PolicyArn })),
      ...(options.boundary === undefined ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: options.boundary } }),
      Tags: [],
    });
    return arn;
  }

  /** A managed policy with its versions; `defaultVersion` names the default one (others are kept, not counted). */
  managedPolicy(arn: string, versions: Record<string, PolicyDocument>, defaultVersion: string): string {
    this.policies.push({
      PolicyName: arn.split('/').pop(), PolicyId: `ANPA${this.policies.length}`, Arn: arn, Path: '/', DefaultVersionId: defaultVersion,
      AttachmentCount: 1, PermissionsBoundaryUsageCount: 0, IsAttachable: true,
      PolicyVersionList: Object.entries(versions).map(([VersionId, document]) => ({
        Document: encode(document), VersionId, IsDefaultVersion: VersionId === defaultVersion, CreateDate: '2025-01-01T00:00:00.000Z',
      })),
    });
    return arn;
  }

  // ------------------------------------------------------------------ EC2
  subnet(id: string, options: { ipv6?: boolean } = {}): string {
    this.subnets.push({
      SubnetId: id, VpcId: this.vpcId, CidrBlock: `10.0.${this.subnets.length}.0/24`, AvailabilityZone: `${this.region}a`,
      MapPublicIpOnLaunch: false, AssignIpv6AddressOnCreation: false,
      Ipv6CidrBlockAssociationSet: options.ipv6 ? [{ Ipv6CidrBlock: `2001:db8:${this.subnets.length}::/64`, AssociationId: `subnet-cidr-assoc-${id}` }] : [],
    });
    return id;
  }

  /** A route table; `subnets` are explicit associations, `main` marks the VPC's main table (no SubnetId). */
  routeTable(id: string, routes: Json[], options: { subnets?: string[]; main?: boolean } = {}): string {
    const associations: Json[] = (options.subnets ?? []).map((SubnetId, index) => ({
      Main: false, RouteTableAssociationId: `rtbassoc-${id}-${index}`, RouteTableId: id, SubnetId,
    }));
    if (options.main) associations.push({ Main: true, RouteTableAssociationId: `rtbassoc-${id}-main`, RouteTableId: id });
    this.routeTables.push({
      RouteTableId: id, VpcId: this.vpcId, OwnerId: this.account, Associations: associations,
      Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }, ...routes],
    });
    return id;
  }

  /** A security group with inbound permissions (IpPermission shapes) and the default allow-all egress. */
  securityGroup(id: string, ingress: Json[]): string {
    this.securityGroups.push({
      GroupId: id, GroupName: id, Description: id, VpcId: this.vpcId, OwnerId: this.account,
      IpPermissions: ingress.map((permission) => ({ IpRanges: [], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [], ...permission })),
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] }],
    });
    return id;
  }

  eni(id: string, subnetId: string, groups: string[], options: { publicIp?: string; ipv6?: string[] } = {}): string {
    this.enis.push({
      NetworkInterfaceId: id, SubnetId: subnetId, VpcId: this.vpcId, AvailabilityZone: `${this.region}a`,
      Groups: groups.map((GroupId) => ({ GroupId, GroupName: GroupId })), InterfaceType: 'interface', Status: 'in-use',
      Description: 'arn:aws:ecs:task-eni', PrivateIpAddress: `10.0.9.${this.enis.length + 10}`, RequesterManaged: true,
      ...(options.publicIp === undefined ? {} : { Association: { PublicIp: options.publicIp, PublicDnsName: '', IpOwnerId: 'amazon' } }),
      Ipv6Addresses: (options.ipv6 ?? []).map((Ipv6Address) => ({ Ipv6Address })),
    });
    return id;
  }

  // ------------------------------------------------------------------ ELBv2
  loadBalancer(name: string, options: { type?: 'application' | 'network'; scheme?: string; state?: string; securityGroups?: string[] }): string {
    const type = options.type ?? 'application';
    const arn = this.arn('elasticloadbalancing', `loadbalancer/${type === 'network' ? 'net' : 'app'}/${name}/50dc6c495c0c${String(this.loadBalancers.length).padStart(4, '0')}`);
    this.loadBalancers.push({
      LoadBalancerArn: arn, LoadBalancerName: name, DNSName: `${name}-424835706.${this.region}.elb.amazonaws.com`,
      CanonicalHostedZoneId: 'Z2P70J7EXAMPLE', CreatedTime: '2025-01-01T00:00:00.000Z', Scheme: options.scheme ?? 'internet-facing',
      VpcId: this.vpcId, State: { Code: options.state ?? 'active' }, Type: type, IpAddressType: 'ipv4',
      AvailabilityZones: [{ ZoneName: `${this.region}a`, SubnetId: 'subnet-lb' }],
      ...(options.securityGroups === undefined ? {} : { SecurityGroups: options.securityGroups }),
    });
    return arn;
  }

  targetGroup(name: string, loadBalancerArns: string[]): string {
    const arn = this.arn('elasticloadbalancing', `targetgroup/${name}/73e2d6bc24d8${String(this.targetGroups.length).padStart(4, '0')}`);
    this.targetGroups.push({
      TargetGroupArn: arn, TargetGroupName: name, Protocol: 'HTTP', Port: 8080, VpcId: this.vpcId, TargetType: 'ip',
      HealthCheckProtocol: 'HTTP', HealthCheckPort: 'traffic-port', LoadBalancerArns: loadBalancerArns,
    });
    return arn;
  }

  listener(loadBalancerArn: string, port: number, protocol: string, targetGroupArn: string): string {
    const arn = `${loadBalancerArn.replace(':loadbalancer/', ':listener/')}/f2f7dc8efc52${String(this.listeners.length).padStart(4, '0')}`;
    this.listeners.push({
      ListenerArn: arn, LoadBalancerArn: loadBalancerArn, Port: port, Protocol: protocol,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: targetGroupArn, Weight: 1 }] } }],
    });
    return arn;
  }

  // ------------------------------------------------------------------ ECS
  cluster(name: string, options: { logging?: 'NONE' | 'DEFAULT' | 'OVERRIDE'; logConfiguration?: Json; defaultProviders?: string[] } = {}): string {
    const arn = this.clusterArn(name);
    const exec: Json = {};
    if (options.logging !== undefined) exec.logging = options.logging;
    if (options.logConfiguration !== undefined) exec.logConfiguration = options.logConfiguration;
    this.clusters.push({
      clusterArn: arn, clusterName: name, status: 'ACTIVE', registeredContainerInstancesCount: 0, runningTasksCount: 1,
      ...(Object.keys(exec).length > 0 ? { configuration: { executeCommandConfiguration: exec } } : {}),
      settings: [{ name: 'containerInsights', value: 'enabled' }],
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: (options.defaultProviders ?? ['FARGATE']).map((capacityProvider) => ({ capacityProvider, weight: 1, base: 0 })),
    });
    return arn;
  }

  /** A task definition revision with the given containers (see safeContainer). */
  taskDefinition(family: string, containers: Json[], options: Json & { revision?: number } = {}): string {
    const { revision = 1, ...rest } = options;
    const arn = this.taskDefinitionArn(family, revision);
    this.taskDefinitions.push({
      taskDefinitionArn: arn, family, revision, status: 'ACTIVE', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'],
      compatibilities: ['EC2', 'FARGATE'], cpu: '256', memory: '512', executionRoleArn: this.roleArn('ecsTaskExecutionRole'),
      runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
      containerDefinitions: containers, ...rest,
    });
    return arn;
  }

  /**
   * A service. Defaults: FARGATE launch type, private networking (assignPublicIp DISABLED), one PRIMARY deployment of
   * `taskDefinition`. `launchType: null` omits it (capacity provider strategy or cluster default).
   */
  service(cluster: string, name: string, taskDefinition: string, options: {
    launchType?: string | null; capacityProviders?: string[]; assignPublicIp?: 'ENABLED' | 'DISABLED'; subnets?: string[];
    securityGroups?: string[]; exec?: boolean; targetGroups?: string[]; platformVersion?: string; activeTaskDefinition?: string;
  } = {}): string {
    const arn = this.serviceArn(cluster, name);
    const network = {
      awsvpcConfiguration: { subnets: options.subnets ?? ['subnet-private'], securityGroups: options.securityGroups ?? ['sg-closed'], assignPublicIp: options.assignPublicIp ?? 'DISABLED' },
    };
    const launchType = options.launchType === undefined ? 'FARGATE' : options.launchType;
    const deployments: Json[] = [{
      id: `ecs-svc/${name}-primary`, status: 'PRIMARY', taskDefinition, desiredCount: 1, runningCount: 1, networkConfiguration: network,
      ...(launchType === null ? {} : { launchType }),
    }];
    if (options.activeTaskDefinition !== undefined) {
      deployments.push({ id: `ecs-svc/${name}-active`, status: 'ACTIVE', taskDefinition: options.activeTaskDefinition, desiredCount: 0, runningCount: 1, networkConfiguration: network });
    }
    this.services.push({
      serviceArn: arn, serviceName: name, clusterArn: this.clusterArn(cluster), status: 'ACTIVE', desiredCount: 1, runningCount: 1,
      ...(launchType === null ? {} : { launchType }),
      ...(options.capacityProviders === undefined ? {} : { capacityProviderStrategy: options.capacityProviders.map((capacityProvider) => ({ capacityProvider, weight: 1, base: 0 })) }),
      ...(options.platformVersion === undefined ? {} : { platformVersion: options.platformVersion, platformFamily: 'Linux' }),
      taskDefinition, deployments, networkConfiguration: network,
      loadBalancers: (options.targetGroups ?? []).map((targetGroupArn) => ({ targetGroupArn, containerName: 'app', containerPort: 8080 })),
      enableExecuteCommand: options.exec ?? false, deploymentController: { type: 'ECS' }, schedulingStrategy: 'REPLICA',
    });
    return arn;
  }

  /** A running task; `service` puts it in that service's group. `digests` are the containers' image digests. */
  task(cluster: string, taskDefinition: string, options: {
    service?: string; eni?: string; subnetId?: string; exec?: boolean; overrideTaskRoleArn?: string; launchType?: string; digests?: string[];
  } = {}): string {
    const id = `${(this.taskCounter++).toString(16).padStart(8, '0')}aa${this.account.slice(0, 6)}bb`;
    const arn = this.arn('ecs', `task/${cluster}/${id}`);
    const launchType = options.launchType ?? 'FARGATE';
    this.tasks.push({
      taskArn: arn, clusterArn: this.clusterArn(cluster), taskDefinitionArn: taskDefinition, lastStatus: 'RUNNING', desiredStatus: 'RUNNING',
      launchType, ...(launchType === 'FARGATE' ? { capacityProviderName: 'FARGATE', platformVersion: '1.4.0', platformFamily: 'Linux' } : {}),
      enableExecuteCommand: options.exec ?? false,
      group: options.service === undefined ? `family:${taskDefinition.split('/').pop()?.split(':')[0]}` : `service:${options.service}`,
      startedBy: options.service === undefined ? 'ci-runner' : `ecs-svc/${options.service}-primary`,
      overrides: { containerOverrides: [{ name: 'app' }], ...(options.overrideTaskRoleArn === undefined ? {} : { taskRoleArn: options.overrideTaskRoleArn }) },
      attachments: options.eni === undefined ? [] : [{
        id: `attach-${id}`, type: 'ElasticNetworkInterface', status: 'ATTACHED',
        details: [
          { name: 'subnetId', value: options.subnetId ?? 'subnet-private' },
          { name: 'networkInterfaceId', value: options.eni },
          { name: 'macAddress', value: '0e:89:76:28:07:b3' },
          { name: 'privateIPv4Address', value: '10.0.1.184' },
        ],
      }],
      containers: (options.digests ?? []).map((imageDigest, index) => ({
        name: index === 0 ? 'app' : `sidecar${index}`, image: `${this.account}.dkr.ecr.${this.region}.amazonaws.com/app:1.0.${index}`, imageDigest,
        lastStatus: 'RUNNING', networkInterfaces: [],
        ...(options.exec ? { managedAgents: [{ name: 'ExecuteCommandAgent', lastStatus: 'RUNNING' }] } : {}),
      })),
    });
    return arn;
  }

  /** ECR DescribeImageScanFindings response for one image digest. */
  imageFindings(repositoryName: string, digest: string, findings: { name: string; severity: string }[]): void {
    this.scanFindings.push({
      registryId: this.account, repositoryName, imageId: { imageDigest: digest, imageTag: '1.0.0' },
      imageScanStatus: { status: 'COMPLETE', description: 'The scan was completed successfully.' },
      imageScanFindings: {
        imageScanCompletedAt: '2025-06-01T00:00:00.000Z', vulnerabilitySourceUpdatedAt: '2025-06-01T00:00:00.000Z',
        findingSeverityCounts: {},
        findings: findings.map((finding) => ({
          name: finding.name, description: `${finding.name} in a package`, uri: `https://nvd.nist.gov/vuln/detail/${finding.name}`,
          severity: finding.severity, attributes: [{ key: 'package_name', value: 'openssl' }, { key: 'package_version', value: '3.0.1' }],
        })),
      },
    });
  }

  files(): SnapshotFiles {
    const global = `aws/${this.account}/global`;
    const base = `aws/${this.account}/${this.region}`;
    const files: SnapshotFiles = new Map<string, unknown>([
      [`${global}/sts/GetCallerIdentity.json`, [{ UserId: 'AIDASCANNER', Account: this.account, Arn: `arn:aws:iam::${this.account}:user/scanner` }]],
      [`${global}/iam/GetAccountAuthorizationDetails.json`, [{ UserDetailList: [], GroupDetailList: [], RoleDetailList: this.roles, Policies: this.policies, IsTruncated: false }]],
      [`${base}/ecs/DescribeClusters.json`, [{ clusters: this.clusters, failures: [] }]],
      [`${base}/ecs/DescribeServices.json`, [{ services: this.services, failures: [] }]],
      [`${base}/ecs/DescribeTasks.json`, [{ tasks: this.tasks, failures: [] }]],
      [`${base}/ecs/DescribeTaskDefinition.json`, this.taskDefinitions.map((taskDefinition) => ({ taskDefinition, tags: [] }))],
      [`${base}/ec2/DescribeSecurityGroups.json`, [{ SecurityGroups: this.securityGroups }]],
      [`${base}/ec2/DescribeSubnets.json`, [{ Subnets: this.subnets }]],
      [`${base}/ec2/DescribeRouteTables.json`, [{ RouteTables: this.routeTables }]],
      [`${base}/ec2/DescribeNetworkInterfaces.json`, [{ NetworkInterfaces: this.enis }]],
      [`${base}/elbv2/DescribeLoadBalancers.json`, [{ LoadBalancers: this.loadBalancers }]],
      [`${base}/elbv2/DescribeListeners.json`, [{ Listeners: this.listeners }]],
      [`${base}/elbv2/DescribeTargetGroups.json`, [{ TargetGroups: this.targetGroups }]],
    ]);
    if (this.scanFindings.length > 0) files.set(`${base}/ecr/DescribeImageScanFindings.json`, this.scanFindings);
    return files;
  }
}

/** The usual network of an estate: public, main-table, private and IPv6-only-public subnets, and common groups. */
export function standardNetwork(estate: AwsEstate): void {
  estate.subnet('subnet-public', { ipv6: true });
  estate.subnet('subnet-main');
  estate.subnet('subnet-private');
  estate.subnet('subnet-v6', { ipv6: true });
  estate.subnet('subnet-lb');
  estate.routeTable('rtb-public', [
    { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0123456789abcdef0', Origin: 'CreateRoute', State: 'active' },
    { DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-0123456789abcdef0', Origin: 'CreateRoute', State: 'active' },
  ], { subnets: ['subnet-public', 'subnet-lb'] });
  // The main table routes to the internet gateway: subnets without an explicit association are public too.
  estate.routeTable('rtb-main', [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0123456789abcdef0', Origin: 'CreateRoute', State: 'active' }], { main: true });
  estate.routeTable('rtb-private', [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0123456789abcdef0', Origin: 'CreateRoute', State: 'active' }], { subnets: ['subnet-private'] });
  // IPv4 leaves through NAT; IPv6 has a route to the internet gateway.
  estate.routeTable('rtb-v6', [
    { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0123456789abcdef0', Origin: 'CreateRoute', State: 'active' },
    { DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-0123456789abcdef0', Origin: 'CreateRoute', State: 'active' },
  ], { subnets: ['subnet-v6'] });
  estate.securityGroup('sg-open', [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'anyone' }] }]);
  estate.securityGroup('sg-open6', [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }]);
  estate.securityGroup('sg-closed', [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }]);
  estate.securityGroup('sg-lb-80', [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
  estate.securityGroup('sg-lb-8443', [{ IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
}
