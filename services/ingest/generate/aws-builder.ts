/**
 * Builds AWS estates (ECS on Fargate, the VPC objects around it, load balancers, IAM) and writes them as the live
 * collector records them: one JSON array per operation and region, one element per call, batched and paged to the
 * same limits (DescribeServices 10, DescribeClusters/DescribeTasks 100, list pages 100, EC2 pages 1000, route tables
 * 100, ELBv2 400, GAAD 1000), with IAM policy documents URL-encoded as SDK v3 returns them.
 * Used by the synthetic generator (random parameters) and by the bundled sample estate (chosen parameters).
 */
import type { Rng } from './rng.js';

type Json = Record<string, unknown>;

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Json;
}

export interface ContainerSpec {
  name: string;
  image: string;
  port?: number;
  /** Absent = image default (root unless the image sets USER). */
  user?: string;
  readonlyRootFilesystem?: boolean;
  capabilitiesAdd?: string[];
  privileged?: boolean;
  /** Log driver; null = no logConfiguration. Default awslogs. */
  logDriver?: string | null;
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
}

export interface IngressRule {
  port: number;
  toPort?: number;
  protocol?: string;
  cidr?: string;
  cidrV6?: string;
  fromGroupId?: string;
  description?: string;
}

export interface VpcRef {
  vpcId: string;
  igwId: string;
  cidrPrefix: string;
  mainRouteTableId: string;
  publicRouteTableId?: string;
}

export type ExecLogging = 'NONE' | 'DEFAULT' | 'OVERRIDE' | 'OVERRIDE-EMPTY' | 'ABSENT';

export interface ServiceSpec {
  taskDefinition: string;
  /** An older revision still ACTIVE in a rolling deployment. */
  previousTaskDefinition?: string;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: boolean;
  exec?: boolean;
  desiredCount?: number;
  /** FARGATE launch type (default), a Fargate capacity provider strategy, or EC2. */
  launch?: 'FARGATE' | 'FARGATE_SPOT' | 'EC2' | 'CLUSTER_DEFAULT';
  loadBalancer?: { targetGroupArn: string; containerName: string; containerPort: number };
}

export interface StandaloneTaskSpec {
  taskDefinition: string;
  subnet: string;
  securityGroups: string[];
  assignPublicIp: boolean;
  exec?: boolean;
  taskRoleOverride?: string;
  startedBy?: string;
}

const BASE_TIME = Date.parse('2026-10-01T08:00:00.000Z');
const iso = (offsetMinutes: number): string => new Date(BASE_TIME + offsetMinutes * 60_000).toISOString();

export function encodePolicy(document: Json): string {
  return encodeURIComponent(JSON.stringify(document));
}

export const AWS_MANAGED_POLICIES: Record<string, PolicyStatement[]> = {
  AdministratorAccess: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  PowerUserAccess: [
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions'], Resource: '*' },
  ],
  AmazonECSTaskExecutionRolePolicy: [
    {
      Effect: 'Allow',
      Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: '*',
    },
  ],
  AmazonS3ReadOnlyAccess: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' }],
  AmazonDynamoDBReadOnlyAccess: [{ Effect: 'Allow', Action: ['dynamodb:BatchGetItem', 'dynamodb:Describe*', 'dynamodb:List*', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'], Resource: '*' }],
  CloudWatchAgentServerPolicy: [{ Effect: 'Allow', Action: ['cloudwatch:PutMetricData', 'logs:PutLogEvents', 'logs:CreateLogStream', 'logs:DescribeLogStreams'], Resource: '*' }],
};

const TRUST_ECS_TASKS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** List pages as ECS returns them: `nextToken` on every page but the last. */
function listPages(key: string, arns: string[], pageSize: number, tokenSeed: string): Json[] {
  const pages = chunked(arns, pageSize);
  if (pages.length === 0) return [{ [key]: [] }];
  return pages.map((page, index) => (index < pages.length - 1 ? { [key]: page, nextToken: `${tokenSeed}-${index + 1}` } : { [key]: page }));
}

export class AwsAccountBuilder {
  readonly regions = new Map<string, AwsRegionBuilder>();
  private readonly roles: Json[] = [];
  private readonly roleArnsByName = new Map<string, string>();
  private readonly policies = new Map<string, Json>();
  private readonly attachments = new Map<string, number>();

  constructor(
    readonly accountId: string,
    readonly rng: Rng,
    readonly callerArn = `arn:aws:sts::${accountId}:assumed-role/SecurityAudit/scanner`,
  ) {}

  region(name: string): AwsRegionBuilder {
    let region = this.regions.get(name);
    if (!region) {
      region = new AwsRegionBuilder(this, name);
      this.regions.set(name, region);
    }
    return region;
  }

  private policy(arn: string, name: string, path: string, statements: PolicyStatement[]): void {
    if (this.policies.has(arn)) return;
    this.policies.set(arn, {
      PolicyName: name,
      PolicyId: `ANPA${this.rng.upperId(17)}`,
      Arn: arn,
      Path: path,
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: iso(-400_000),
      UpdateDate: iso(-300_000),
      PolicyVersionList: [{ Document: encodePolicy({ Version: '2012-10-17', Statement: statements }), VersionId: 'v1', IsDefaultVersion: true, CreateDate: iso(-300_000) }],
    });
  }

  awsManagedPolicy(name: keyof typeof AWS_MANAGED_POLICIES | string): string {
    const path = name === 'AmazonECSTaskExecutionRolePolicy' ? '/service-role/' : '/';
    const arn = `arn:aws:iam::aws:policy${path}${name}`;
    this.policy(arn, name, path, AWS_MANAGED_POLICIES[name] ?? [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }]);
    return arn;
  }

  localPolicy(name: string, statements: PolicyStatement[]): string {
    const arn = `arn:aws:iam::${this.accountId}:policy/${name}`;
    this.policy(arn, name, '/', statements);
    return arn;
  }

  /** A role trusted by ECS tasks; returns its ARN. */
  role(
    name: string,
    spec: { managed?: string[]; inline?: { name: string; statements: PolicyStatement[] }[]; path?: string; boundary?: string } = {},
  ): string {
    const existing = this.roleArnsByName.get(name);
    if (existing) return existing;
    const path = spec.path ?? '/';
    const arn = `arn:aws:iam::${this.accountId}:role${path}${name}`;
    for (const policyArn of spec.managed ?? []) this.attachments.set(policyArn, (this.attachments.get(policyArn) ?? 0) + 1);
    const role: Json = {
      Path: path,
      RoleName: name,
      RoleId: `AROA${this.rng.upperId(17)}`,
      Arn: arn,
      CreateDate: iso(-200_000 + this.roles.length),
      AssumeRolePolicyDocument: encodePolicy(TRUST_ECS_TASKS),
      InstanceProfileList: [],
      RolePolicyList: (spec.inline ?? []).map((p) => ({ PolicyName: p.name, PolicyDocument: encodePolicy({ Version: '2012-10-17', Statement: p.statements }) })),
      AttachedManagedPolicies: (spec.managed ?? []).map((policyArn) => ({ PolicyName: policyArn.split('/').pop(), PolicyArn: policyArn })),
      Tags: [],
      RoleLastUsed: { LastUsedDate: iso(40_000), Region: 'eu-west-1' },
    };
    if (spec.boundary) role.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: spec.boundary };
    this.roles.push(role);
    this.roleArnsByName.set(name, arn);
    return arn;
  }

  writeFiles(files: Map<string, unknown>): void {
    const base = `aws/${this.accountId}`;
    files.set(`${base}/global/sts/GetCallerIdentity.json`, [{ UserId: `AROA${this.rng.upperId(17)}:scanner`, Account: this.accountId, Arn: this.callerArn }]);
    for (const [arn, policy] of this.policies) policy.AttachmentCount = this.attachments.get(arn) ?? 0;
    const items: { list: 'RoleDetailList' | 'Policies'; item: Json }[] = [
      ...this.roles.map((item) => ({ list: 'RoleDetailList' as const, item })),
      ...[...this.policies.values()].map((item) => ({ list: 'Policies' as const, item })),
    ];
    const pages = chunked(items, 1000);
    files.set(
      `${base}/global/iam/GetAccountAuthorizationDetails.json`,
      (pages.length ? pages : [[]]).map((page, index, all) => ({
        UserDetailList: [],
        GroupDetailList: [],
        RoleDetailList: page.filter((p) => p.list === 'RoleDetailList').map((p) => p.item),
        Policies: page.filter((p) => p.list === 'Policies').map((p) => p.item),
        IsTruncated: index < all.length - 1,
        ...(index < all.length - 1 ? { Marker: `gaad-${index + 1}` } : {}),
      })),
    );
    for (const region of this.regions.values()) region.writeFiles(files);
  }
}

interface ClusterState {
  arn: string;
  body: Json;
  services: Json[];
  tasks: Json[];
}

export class AwsRegionBuilder {
  private readonly vpcs: VpcRef[] = [];
  private readonly subnets: Json[] = [];
  private readonly subnetById = new Map<string, Json>();
  private readonly routeTables = new Map<string, Json>();
  private readonly securityGroups: Json[] = [];
  private readonly securityGroupNames = new Map<string, string>();
  private readonly clusters: ClusterState[] = [];
  private readonly clusterByArn = new Map<string, ClusterState>();
  private readonly taskDefinitions = new Map<string, Json>();
  private readonly networkInterfaces: Json[] = [];
  private readonly loadBalancers: Json[] = [];
  private readonly targetGroups = new Map<string, Json>();
  private readonly listeners = new Map<string, Json[]>();
  private readonly digests = new Map<string, string>();
  private familyRevisions = new Map<string, number>();
  private counter = 0;

  constructor(
    readonly account: AwsAccountBuilder,
    readonly name: string,
  ) {}

  private get rng(): Rng {
    return this.account.rng;
  }

  private arn(service: string, resource: string): string {
    return `arn:aws:${service}:${this.name}:${this.account.accountId}:${resource}`;
  }

  private az(index: number): string {
    return `${this.name}${'abc'[index % 3]}`;
  }

  /** Manifest digest of an image, stable per image within the region (what DescribeTasks reports). */
  digestOf(image: string): string {
    let digest = this.digests.get(image);
    if (!digest) {
      digest = image.includes('@sha256:') ? (image.split('@')[1] as string) : `sha256:${this.rng.hex(64)}`;
      this.digests.set(image, digest);
    }
    return digest;
  }

  vpc(options: { natForPrivate?: boolean } = {}): VpcRef {
    const index = this.vpcs.length;
    const vpcId = `vpc-0${this.rng.hex(16)}`;
    const igwId = `igw-0${this.rng.hex(16)}`;
    const mainRouteTableId = `rtb-0${this.rng.hex(16)}`;
    const cidrPrefix = `10.${(index * 16) % 250}`;
    const mainRoutes: Json[] = [{ DestinationCidrBlock: `${cidrPrefix}.0.0/16`, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }];
    if (options.natForPrivate !== false) {
      mainRoutes.push({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: `nat-0${this.rng.hex(16)}`, Origin: 'CreateRoute', State: 'active' });
    }
    this.routeTables.set(mainRouteTableId, {
      Associations: [{ Main: true, RouteTableAssociationId: `rtbassoc-0${this.rng.hex(16)}`, RouteTableId: mainRouteTableId, AssociationState: { State: 'associated' } }],
      PropagatingVgws: [],
      RouteTableId: mainRouteTableId,
      Routes: mainRoutes,
      Tags: [{ Key: 'Name', Value: `main-${index}` }],
      VpcId: vpcId,
      OwnerId: this.account.accountId,
    });
    const vpc: VpcRef = { vpcId, igwId, cidrPrefix, mainRouteTableId };
    this.vpcs.push(vpc);
    return vpc;
  }

  /** An explicit route table of the VPC with the given default route (igw = public, blackhole/none = private). */
  routeTable(vpc: VpcRef, defaultRoute: 'igw' | 'igw-blackhole' | 'none' | 'nat'): string {
    const id = `rtb-0${this.rng.hex(16)}`;
    const routes: Json[] = [{ DestinationCidrBlock: `${vpc.cidrPrefix}.0.0/16`, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }];
    if (defaultRoute === 'igw') routes.push({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: vpc.igwId, Origin: 'CreateRoute', State: 'active' });
    if (defaultRoute === 'igw-blackhole') routes.push({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: vpc.igwId, Origin: 'CreateRoute', State: 'blackhole' });
    if (defaultRoute === 'nat') routes.push({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: `nat-0${this.rng.hex(16)}`, Origin: 'CreateRoute', State: 'active' });
    this.routeTables.set(id, { Associations: [], PropagatingVgws: [], RouteTableId: id, Routes: routes, Tags: [{ Key: 'Name', Value: `${defaultRoute}-rt` }], VpcId: vpc.vpcId, OwnerId: this.account.accountId });
    return id;
  }

  /** A subnet; `routeTableId` makes an explicit association, otherwise it uses the VPC's main table. */
  subnet(vpc: VpcRef, options: { routeTableId?: string; mapPublicIp?: boolean; name?: string } = {}): string {
    const index = this.subnets.length;
    const subnetId = `subnet-0${this.rng.hex(16)}`;
    const subnet: Json = {
      AvailabilityZone: this.az(index),
      AvailabilityZoneId: `${this.name.slice(0, 3)}1-az${(index % 3) + 1}`,
      AvailableIpAddressCount: 4000 + (index % 80),
      CidrBlock: `${vpc.cidrPrefix}.${(index * 16) % 256}.0/20`,
      DefaultForAz: false,
      MapPublicIpOnLaunch: options.mapPublicIp ?? false,
      State: 'available',
      SubnetId: subnetId,
      VpcId: vpc.vpcId,
      OwnerId: this.account.accountId,
      AssignIpv6AddressOnCreation: false,
      Ipv6CidrBlockAssociationSet: [],
      Tags: [{ Key: 'Name', Value: options.name ?? `subnet-${index}` }],
      SubnetArn: this.arn('ec2', `subnet/${subnetId}`),
      Ipv6Native: false,
    };
    this.subnets.push(subnet);
    this.subnetById.set(subnetId, subnet);
    if (options.routeTableId) {
      const table = this.routeTables.get(options.routeTableId);
      (table?.Associations as Json[]).push({
        Main: false,
        RouteTableAssociationId: `rtbassoc-0${this.rng.hex(16)}`,
        RouteTableId: options.routeTableId,
        SubnetId: subnetId,
        AssociationState: { State: 'associated' },
      });
    }
    return subnetId;
  }

  securityGroup(vpc: VpcRef, name: string, ingress: IngressRule[]): string {
    const groupId = `sg-0${this.rng.hex(16)}`;
    this.securityGroupNames.set(groupId, name);
    this.securityGroups.push({
      Description: `${name} security group`,
      GroupName: name,
      IpPermissions: ingress.map((rule) => ({
        FromPort: rule.port,
        IpProtocol: rule.protocol ?? 'tcp',
        IpRanges: rule.cidr ? [{ CidrIp: rule.cidr, ...(rule.description ? { Description: rule.description } : {}) }] : [],
        Ipv6Ranges: rule.cidrV6 ? [{ CidrIpv6: rule.cidrV6 }] : [],
        PrefixListIds: [],
        ToPort: rule.toPort ?? rule.port,
        UserIdGroupPairs: rule.fromGroupId ? [{ GroupId: rule.fromGroupId, UserId: this.account.accountId }] : [],
      })),
      OwnerId: this.account.accountId,
      GroupId: groupId,
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
      Tags: [],
      VpcId: vpc.vpcId,
      SecurityGroupArn: this.arn('ec2', `security-group/${groupId}`),
    });
    return groupId;
  }

  cluster(name: string, options: { execLogging?: ExecLogging; capacityProviders?: boolean; containerInsights?: boolean } = {}): string {
    const arn = this.arn('ecs', `cluster/${name}`);
    const body: Json = {
      clusterArn: arn,
      clusterName: name,
      status: 'ACTIVE',
      registeredContainerInstancesCount: 0,
      runningTasksCount: 0,
      pendingTasksCount: 0,
      activeServicesCount: 0,
      statistics: [],
      tags: [{ key: 'team', value: name.split('-')[0] }],
      settings: [{ name: 'containerInsights', value: options.containerInsights ? 'enabled' : 'disabled' }],
      capacityProviders: options.capacityProviders === false ? [] : ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: options.capacityProviders === false ? [] : [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
      attachments: [],
    };
    const logging = options.execLogging ?? 'ABSENT';
    if (logging !== 'ABSENT') {
      const exec: Json = { logging: logging === 'OVERRIDE-EMPTY' ? 'OVERRIDE' : logging };
      if (logging === 'OVERRIDE') {
        exec.logConfiguration = { cloudWatchLogGroupName: `/ecs/exec/${name}`, cloudWatchEncryptionEnabled: true };
        exec.kmsKeyId = this.arn('kms', `key/${this.rng.guid()}`);
      }
      if (logging === 'OVERRIDE-EMPTY') exec.logConfiguration = { s3EncryptionEnabled: false, cloudWatchEncryptionEnabled: false };
      body.configuration = { executeCommandConfiguration: exec };
    }
    const state: ClusterState = { arn, body, services: [], tasks: [] };
    this.clusters.push(state);
    this.clusterByArn.set(arn, state);
    return arn;
  }

  /** Registers the next revision of a family; `taskRole` may be an ARN or a bare role name. */
  taskDefinition(family: string, spec: { taskRole?: string; executionRole?: string; containers: ContainerSpec[]; cpu?: string; memory?: string }): string {
    const revision = (this.familyRevisions.get(family) ?? 0) + 1;
    this.familyRevisions.set(family, revision);
    const arn = this.arn('ecs', `task-definition/${family}:${revision}`);
    const taskDefinition: Json = {
      taskDefinitionArn: arn,
      containerDefinitions: spec.containers.map((c) => {
        const def: Json = {
          name: c.name,
          image: c.image,
          cpu: 0,
          portMappings: c.port ? [{ containerPort: c.port, hostPort: c.port, protocol: 'tcp', name: `${c.name}-${c.port}-tcp`, appProtocol: 'http' }] : [],
          essential: true,
          environment: c.environment ?? [],
          mountPoints: [],
          volumesFrom: [],
          secrets: c.secrets ?? [],
          systemControls: [],
        };
        if (c.user !== undefined) def.user = c.user;
        if (c.readonlyRootFilesystem !== undefined) def.readonlyRootFilesystem = c.readonlyRootFilesystem;
        if (c.privileged !== undefined) def.privileged = c.privileged;
        def.linuxParameters = { capabilities: { add: c.capabilitiesAdd ?? [], drop: c.capabilitiesAdd?.length ? [] : ['ALL'] }, initProcessEnabled: true };
        const driver = c.logDriver === undefined ? 'awslogs' : c.logDriver;
        if (driver === 'awslogs') {
          def.logConfiguration = { logDriver: 'awslogs', options: { 'awslogs-group': `/ecs/${family}`, 'awslogs-region': this.name, 'awslogs-stream-prefix': c.name }, secretOptions: [] };
        } else if (driver !== null) {
          def.logConfiguration = { logDriver: driver, options: {}, secretOptions: [] };
        }
        return def;
      }),
      family,
      ...(spec.taskRole !== undefined ? { taskRoleArn: spec.taskRole } : {}),
      executionRoleArn: spec.executionRole ?? `arn:aws:iam::${this.account.accountId}:role/ecsTaskExecutionRole`,
      networkMode: 'awsvpc',
      revision,
      volumes: [],
      status: 'ACTIVE',
      requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }, { name: 'ecs.capability.task-eni' }],
      placementConstraints: [],
      compatibilities: ['EC2', 'FARGATE'],
      runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
      requiresCompatibilities: ['FARGATE'],
      cpu: spec.cpu ?? '512',
      memory: spec.memory ?? '1024',
      registeredAt: iso(-10_000 + this.counter++),
      registeredBy: `arn:aws:sts::${this.account.accountId}:assumed-role/deployer/ci`,
    };
    this.taskDefinitions.set(arn, taskDefinition);
    return arn;
  }

  loadBalancer(name: string, spec: { vpc: VpcRef; subnets: string[]; scheme: 'internet-facing' | 'internal'; type?: 'application' | 'network'; securityGroups?: string[]; state?: string }): string {
    const type = spec.type ?? 'application';
    const arn = this.arn('elasticloadbalancing', `loadbalancer/${type === 'application' ? 'app' : 'net'}/${name}/${this.rng.hex(16)}`);
    this.loadBalancers.push({
      LoadBalancerArn: arn,
      DNSName: `${spec.scheme === 'internal' ? 'internal-' : ''}${name}-${this.rng.digits(9)}.${this.name}.elb.amazonaws.com`,
      CanonicalHostedZoneId: 'Z32O12XQLNTSW2',
      CreatedTime: iso(-50_000 + this.counter++),
      LoadBalancerName: name,
      Scheme: spec.scheme,
      VpcId: spec.vpc.vpcId,
      State: { Code: spec.state ?? 'active' },
      Type: type,
      AvailabilityZones: spec.subnets.map((subnetId) => ({ ZoneName: this.subnetById.get(subnetId)?.AvailabilityZone, SubnetId: subnetId, LoadBalancerAddresses: [] })),
      ...(spec.securityGroups ? { SecurityGroups: spec.securityGroups } : {}),
      IpAddressType: 'ipv4',
    });
    return arn;
  }

  targetGroup(name: string, spec: { vpc: VpcRef; port: number }): string {
    const arn = this.arn('elasticloadbalancing', `targetgroup/${name}/${this.rng.hex(16)}`);
    this.targetGroups.set(arn, {
      TargetGroupArn: arn,
      TargetGroupName: name,
      Protocol: 'HTTP',
      Port: spec.port,
      VpcId: spec.vpc.vpcId,
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      HealthCheckPath: '/health',
      Matcher: { HttpCode: '200' },
      LoadBalancerArns: [],
      TargetType: 'ip',
      ProtocolVersion: 'HTTP1',
      IpAddressType: 'ipv4',
    });
    return arn;
  }

  /** A listener forwarding (default action) to a target group, or redirecting HTTP to HTTPS. */
  listener(loadBalancerArn: string, spec: { port: number; protocol?: string; forwardTo?: string }): string {
    const arn = loadBalancerArn.replace(':loadbalancer/', ':listener/') + `/${this.rng.hex(16)}`;
    const protocol = spec.protocol ?? (spec.port === 443 ? 'HTTPS' : 'HTTP');
    const action: Json = spec.forwardTo
      ? { Type: 'forward', TargetGroupArn: spec.forwardTo, Order: 1, ForwardConfig: { TargetGroups: [{ TargetGroupArn: spec.forwardTo, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } }
      : { Type: 'redirect', Order: 1, RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' } };
    const listener: Json = { ListenerArn: arn, LoadBalancerArn: loadBalancerArn, Port: spec.port, Protocol: protocol, DefaultActions: [action] };
    if (protocol === 'HTTPS') {
      listener.Certificates = [{ CertificateArn: this.arn('acm', `certificate/${this.rng.guid()}`) }];
      listener.SslPolicy = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
    }
    const list = this.listeners.get(loadBalancerArn) ?? [];
    list.push(listener);
    this.listeners.set(loadBalancerArn, list);
    if (spec.forwardTo) {
      const lbs = this.targetGroups.get(spec.forwardTo)?.LoadBalancerArns as string[] | undefined;
      if (lbs && !lbs.includes(loadBalancerArn)) lbs.push(loadBalancerArn);
    }
    return arn;
  }

  private eni(subnetId: string, groups: string[], publicIp: boolean, description: string): { eniId: string; privateIp: string } {
    const subnet = this.subnetById.get(subnetId);
    const eniId = `eni-0${this.rng.hex(16)}`;
    const n = this.networkInterfaces.length;
    const prefix = String(subnet?.CidrBlock ?? '10.0.0.0/20').split('.').slice(0, 2).join('.');
    const privateIp = `${prefix}.${16 + ((n >> 8) % 200)}.${(n % 250) + 4}`;
    const eni: Json = {
      Attachment: { AttachTime: iso(n % 5000), AttachmentId: `ela-attach-0${this.rng.hex(16)}`, DeleteOnTermination: false, DeviceIndex: 1, NetworkCardIndex: 0, InstanceOwnerId: '296134567890', Status: 'attached' },
      AvailabilityZone: subnet?.AvailabilityZone,
      Description: description,
      Groups: groups.map((id) => ({ GroupId: id, GroupName: this.securityGroupNames.get(id) ?? id })),
      InterfaceType: 'interface',
      Ipv6Addresses: [],
      MacAddress: `0e:${this.rng.hex(2)}:${this.rng.hex(2)}:${this.rng.hex(2)}:${this.rng.hex(2)}:${this.rng.hex(2)}`,
      NetworkInterfaceId: eniId,
      OwnerId: this.account.accountId,
      PrivateDnsName: `ip-${privateIp.replace(/\./g, '-')}.${this.name}.compute.internal`,
      PrivateIpAddress: privateIp,
      PrivateIpAddresses: [{ Primary: true, PrivateDnsName: `ip-${privateIp.replace(/\./g, '-')}.${this.name}.compute.internal`, PrivateIpAddress: privateIp }],
      RequesterId: '578734482556',
      RequesterManaged: true,
      SourceDestCheck: true,
      Status: 'in-use',
      SubnetId: subnetId,
      TagSet: [],
      VpcId: subnet?.VpcId,
    };
    if (publicIp) {
      const ip = `${this.rng.int(3, 54)}.${this.rng.int(1, 254)}.${this.rng.int(1, 254)}.${this.rng.int(1, 254)}`;
      const association = { IpOwnerId: 'amazon', PublicDnsName: `ec2-${ip.replace(/\./g, '-')}.${this.name}.compute.amazonaws.com`, PublicIp: ip };
      eni.Association = association;
      (eni.PrivateIpAddresses as Json[])[0]!.Association = association;
    }
    this.networkInterfaces.push(eni);
    return { eniId, privateIp };
  }

  private runTask(cluster: ClusterState, spec: StandaloneTaskSpec & { group: string; launch: ServiceSpec['launch'] }): void {
    const taskId = this.rng.hex(32);
    const taskArn = this.arn('ecs', `task/${cluster.body.clusterName as string}/${taskId}`);
    const attachmentId = this.rng.guid();
    const { eniId, privateIp } = this.eni(spec.subnet, spec.securityGroups, spec.assignPublicIp, `arn:aws:ecs:${this.name}:${this.account.accountId}:attachment/${attachmentId}`);
    const definition = this.taskDefinitions.get(spec.taskDefinition);
    const containerDefs = (definition?.containerDefinitions as Json[] | undefined) ?? [];
    const subnet = this.subnetById.get(spec.subnet);
    const launch = spec.launch ?? 'FARGATE';
    const task: Json = {
      attachments: [
        {
          id: attachmentId,
          type: 'ElasticNetworkInterface',
          status: 'ATTACHED',
          details: [
            { name: 'subnetId', value: spec.subnet },
            { name: 'networkInterfaceId', value: eniId },
            { name: 'macAddress', value: '0e:00:00:00:00:00' },
            { name: 'privateDnsName', value: `ip-${privateIp.replace(/\./g, '-')}.${this.name}.compute.internal` },
            { name: 'privateIPv4Address', value: privateIp },
          ],
        },
      ],
      attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
      availabilityZone: subnet?.AvailabilityZone,
      clusterArn: cluster.arn,
      connectivity: 'CONNECTED',
      connectivityAt: iso(1000 + this.counter),
      containers: containerDefs.map((c) => {
        const container: Json = {
          containerArn: this.arn('ecs', `container/${cluster.body.clusterName as string}/${taskId}/${this.rng.guid()}`),
          taskArn,
          name: c.name,
          image: c.image,
          imageDigest: this.digestOf(c.image as string),
          runtimeId: `${taskId}-${this.rng.digits(10)}`,
          lastStatus: 'RUNNING',
          networkBindings: [],
          networkInterfaces: [{ attachmentId, privateIpv4Address: privateIp }],
          healthStatus: 'UNKNOWN',
          cpu: '0',
        };
        if (spec.exec) container.managedAgents = [{ lastStartedAt: iso(1001 + this.counter), name: 'ExecuteCommandAgent', lastStatus: 'RUNNING' }];
        return container;
      }),
      cpu: definition?.cpu ?? '512',
      createdAt: iso(1000 + this.counter),
      desiredStatus: 'RUNNING',
      enableExecuteCommand: spec.exec ?? false,
      group: spec.group,
      healthStatus: 'UNKNOWN',
      lastStatus: 'RUNNING',
      memory: definition?.memory ?? '1024',
      overrides: {
        containerOverrides: containerDefs.map((c) => ({ name: c.name })),
        inferenceAcceleratorOverrides: [],
        ...(spec.taskRoleOverride ? { taskRoleArn: spec.taskRoleOverride } : {}),
      },
      platformVersion: '1.4.0',
      platformFamily: 'Linux',
      pullStartedAt: iso(1000 + this.counter),
      pullStoppedAt: iso(1001 + this.counter),
      startedAt: iso(1002 + this.counter),
      ...(spec.startedBy ? { startedBy: spec.startedBy } : {}),
      tags: [],
      taskArn,
      taskDefinitionArn: spec.taskDefinition,
      version: 3,
      ephemeralStorage: { sizeInGiB: 20 },
      fargateEphemeralStorage: { sizeInGiB: 20 },
    };
    if (launch === 'EC2') task.launchType = 'EC2';
    else {
      task.launchType = 'FARGATE';
      task.capacityProviderName = launch === 'FARGATE_SPOT' ? 'FARGATE_SPOT' : 'FARGATE';
    }
    this.counter++;
    cluster.tasks.push(task);
  }

  service(clusterArn: string, name: string, spec: ServiceSpec): string {
    const cluster = this.clusterByArn.get(clusterArn);
    if (!cluster) throw new Error(`unknown cluster ${clusterArn}`);
    const arn = this.arn('ecs', `service/${cluster.body.clusterName as string}/${name}`);
    const desired = spec.desiredCount ?? 1;
    const network = { awsvpcConfiguration: { subnets: spec.subnets, securityGroups: spec.securityGroups, assignPublicIp: spec.assignPublicIp ? 'ENABLED' : 'DISABLED' } };
    const launch = spec.launch ?? 'FARGATE';
    const launchFields: Json =
      launch === 'FARGATE' || launch === 'EC2'
        ? { launchType: launch }
        : launch === 'FARGATE_SPOT'
          ? { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }] }
          : {};
    const deploymentId = `ecs-svc/${this.rng.digits(19)}`;
    const deployments: Json[] = [
      {
        id: deploymentId,
        status: 'PRIMARY',
        taskDefinition: spec.taskDefinition,
        desiredCount: desired,
        pendingCount: 0,
        runningCount: desired,
        failedTasks: 0,
        createdAt: iso(500 + this.counter),
        updatedAt: iso(600 + this.counter),
        ...launchFields,
        ...(launch !== 'EC2' ? { platformVersion: '1.4.0', platformFamily: 'Linux' } : {}),
        networkConfiguration: network,
        rolloutState: spec.previousTaskDefinition ? 'IN_PROGRESS' : 'COMPLETED',
        rolloutStateReason: spec.previousTaskDefinition ? 'ECS deployment ecs-svc in progress.' : 'ECS deployment completed.',
      },
    ];
    if (spec.previousTaskDefinition) {
      deployments.push({ ...deployments[0], id: `ecs-svc/${this.rng.digits(19)}`, status: 'ACTIVE', taskDefinition: spec.previousTaskDefinition, desiredCount: 0, runningCount: 0 });
    }
    const service: Json = {
      serviceArn: arn,
      serviceName: name,
      clusterArn,
      loadBalancers: spec.loadBalancer ? [spec.loadBalancer] : [],
      serviceRegistries: [],
      status: 'ACTIVE',
      desiredCount: desired,
      runningCount: desired,
      pendingCount: 0,
      ...launchFields,
      ...(launch !== 'EC2' ? { platformVersion: 'LATEST', platformFamily: 'Linux' } : {}),
      taskDefinition: spec.taskDefinition,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 },
      deployments,
      events: [],
      createdAt: iso(100 + this.counter),
      placementConstraints: [],
      placementStrategy: [],
      networkConfiguration: network,
      ...(spec.loadBalancer ? { healthCheckGracePeriodSeconds: 60 } : {}),
      schedulingStrategy: 'REPLICA',
      deploymentController: { type: 'ECS' },
      createdBy: `arn:aws:iam::${this.account.accountId}:role/deployer`,
      enableECSManagedTags: true,
      propagateTags: 'NONE',
      enableExecuteCommand: spec.exec ?? false,
      availabilityZoneRebalancing: 'ENABLED',
      tags: [{ key: 'service', value: name }],
    };
    cluster.services.push(service);
    for (let i = 0; i < desired; i++) {
      this.runTask(cluster, {
        taskDefinition: spec.taskDefinition,
        subnet: spec.subnets[i % spec.subnets.length] as string,
        securityGroups: spec.securityGroups,
        assignPublicIp: spec.assignPublicIp,
        exec: spec.exec ?? false,
        group: `service:${name}`,
        startedBy: deploymentId,
        launch,
      });
    }
    return arn;
  }

  /** A task started with RunTask, outside any service (scheduled jobs, one-off admin tasks). */
  standaloneTask(clusterArn: string, spec: StandaloneTaskSpec): void {
    const cluster = this.clusterByArn.get(clusterArn);
    if (!cluster) throw new Error(`unknown cluster ${clusterArn}`);
    const family = String(this.taskDefinitions.get(spec.taskDefinition)?.family ?? 'task');
    this.runTask(cluster, { ...spec, group: `family:${family}`, startedBy: spec.startedBy ?? 'events-rule/nightly', launch: 'FARGATE' });
  }

  writeFiles(files: Map<string, unknown>): void {
    const base = `aws/${this.account.accountId}/${this.name}`;
    const set = (path: string, elements: unknown[]) => {
      if (elements.length > 0) files.set(`${base}/${path}`, elements);
    };
    const clusterArns = this.clusters.map((c) => c.arn);
    set('ecs/ListClusters.json', listPages('clusterArns', clusterArns, 100, 'clusters'));
    if (clusterArns.length === 0) return;
    for (const cluster of this.clusters) {
      cluster.body.activeServicesCount = cluster.services.length;
      cluster.body.runningTasksCount = cluster.tasks.length;
    }
    set('ecs/DescribeClusters.json', chunked(this.clusters.map((c) => c.body), 100).map((clusters) => ({ clusters, failures: [] })));
    const listServices: Json[] = [];
    const describeServices: Json[] = [];
    const listTasks: Json[] = [];
    const describeTasks: Json[] = [];
    for (const cluster of this.clusters) {
      listServices.push(...listPages('serviceArns', cluster.services.map((s) => s.serviceArn as string), 100, `${cluster.body.clusterName as string}-services`));
      for (const services of chunked(cluster.services, 10)) describeServices.push({ services, failures: [] });
      listTasks.push(...listPages('taskArns', cluster.tasks.map((t) => t.taskArn as string), 100, `${cluster.body.clusterName as string}-tasks`));
      for (const tasks of chunked(cluster.tasks, 100)) describeTasks.push({ tasks, failures: [] });
    }
    set('ecs/ListServices.json', listServices);
    set('ecs/DescribeServices.json', describeServices);
    set('ecs/ListTasks.json', listTasks);
    set('ecs/DescribeTasks.json', describeTasks);
    set('ecs/DescribeTaskDefinition.json', [...this.taskDefinitions.values()].map((taskDefinition) => ({ taskDefinition, tags: [] })));
    set('ec2/DescribeSecurityGroups.json', chunked(this.securityGroups, 1000).map((SecurityGroups) => ({ SecurityGroups })));
    set('ec2/DescribeSubnets.json', chunked(this.subnets, 1000).map((Subnets) => ({ Subnets })));
    set('ec2/DescribeRouteTables.json', chunked([...this.routeTables.values()], 100).map((RouteTables) => ({ RouteTables })));
    set('ec2/DescribeNetworkInterfaces.json', chunked(this.networkInterfaces, 1000).map((NetworkInterfaces) => ({ NetworkInterfaces })));
    set('elbv2/DescribeLoadBalancers.json', chunked(this.loadBalancers, 400).map((LoadBalancers) => ({ LoadBalancers })));
    set('elbv2/DescribeTargetGroups.json', chunked([...this.targetGroups.values()], 400).map((TargetGroups) => ({ TargetGroups })));
    set('elbv2/DescribeListeners.json', [...this.listeners.values()].map((Listeners) => ({ Listeners })));
  }
}
