/**
 * Synthetic estate generator: a realistic snapshot/v1 estate of N workloads, deterministic for a seed.
 *
 * Mix: half ECS services (Fargate mostly; some Fargate Spot, cluster-default capacity providers, a few EC2) across
 * 2 accounts × 2 regions, a quarter Container Apps, a quarter Container Instances across subscriptions under
 * management groups. Proportions aim at what real estates show: about a fifth internet-exposed (direct public IP in
 * a public subnet with an open security group, an internet-facing ALB, external ACA ingress, public ACI), some
 * ECS Exec, a minority of privileged identities (AdministratorAccess / iam:PassRole on * / s3:* task roles; Owner
 * or Contributor at subscription, RG or management group; custom roles with Microsoft.Authorization/*), shared
 * task roles and user-assigned identities, and near-misses (public IP in a subnet without an IGW route, internal
 * load balancers and environments, IP-restricted ingress, scoped roles).
 */
import { redactSnapshotFile } from '../redact.js';
import type { SnapshotFiles } from '../snapshot/files.js';
import { AwsAccountBuilder, type AwsRegionBuilder, type ContainerSpec, type ExecLogging, type VpcRef } from './aws-builder.js';
import { AzureTenantBuilder, BUILTIN_ROLES, type IdentityRef, type ResourceGroupRef, type WorkloadIdentitySpec } from './azure-builder.js';
import { Rng } from './rng.js';
import { trivyReport } from './trivy.js';

export interface GenerateOptions {
  workloads: number;
  seed?: string | number;
}

export interface GeneratedEstate {
  files: SnapshotFiles;
  counts: { ecsServices: number; ecsStandaloneTasks: number; containerApps: number; containerGroups: number; trivyReports: number };
}

const APP_NAMES = ['api', 'web', 'orders', 'payments', 'search', 'catalog', 'auth', 'billing', 'notify', 'reports', 'ingest', 'worker', 'gateway', 'profile', 'cart', 'inventory', 'media', 'export', 'scheduler', 'audit'];
const TEAMS = ['core', 'shop', 'data', 'platform', 'growth', 'risk'];
const PUBLIC_IMAGES = ['nginx:1.27', 'public.ecr.aws/docker/library/redis:7.2', 'ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector:0.104.0', 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2'];

function appName(rng: Rng, index: number): string {
  return `${rng.pick(TEAMS)}-${rng.pick(APP_NAMES)}-${index}`;
}

interface AwsPlan {
  accounts: AwsAccountBuilder[];
  services: number;
  standalone: number;
  digests: { image: string; digest: string }[];
}

function awsRolePool(account: AwsAccountBuilder, rng: Rng, size: number): { arns: string[]; names: string[]; admin: string } {
  const arns: string[] = [];
  const names: string[] = [];
  const boundary = account.localPolicy('workload-boundary', [
    { Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'sqs:*', 'logs:*'], Resource: '*' },
    { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
  ]);
  let admin = '';
  for (let i = 0; i < size; i++) {
    const profile = rng.weighted({ admin: 5, passrole: 4, s3wildcard: 4, poweruser: 2, boundedAdmin: 2, denyNeutralised: 1, scoped: 60, readonly: 22 });
    const name = `${rng.pick(TEAMS)}-task-${profile}-${i}`;
    let arn: string;
    switch (profile) {
      case 'admin':
        arn = account.role(name, { managed: [account.awsManagedPolicy('AdministratorAccess')] });
        admin ||= arn;
        break;
      case 'passrole':
        arn = account.role(name, {
          inline: [{ name: 'deploy', statements: [{ Effect: 'Allow', Action: ['iam:PassRole', 'ecs:RunTask', 'ecs:RegisterTaskDefinition'], Resource: '*' }] }],
        });
        break;
      case 's3wildcard':
        arn = account.role(name, { inline: [{ name: 'data', statements: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }] });
        break;
      case 'poweruser':
        arn = account.role(name, { managed: [account.awsManagedPolicy('PowerUserAccess')] });
        break;
      case 'boundedAdmin':
        arn = account.role(name, { managed: [account.awsManagedPolicy('AdministratorAccess')], boundary });
        break;
      case 'denyNeutralised':
        arn = account.role(name, {
          inline: [
            { name: 'broad', statements: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] },
            { name: 'guard', statements: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }] },
          ],
        });
        break;
      case 'readonly':
        arn = account.role(name, { managed: [account.awsManagedPolicy(rng.pick(['AmazonS3ReadOnlyAccess', 'AmazonDynamoDBReadOnlyAccess', 'CloudWatchAgentServerPolicy']))] });
        break;
      default: {
        const bucket = `${name}-bucket`;
        arn = account.role(name, {
          inline: [
            {
              name: 'app',
              statements: [
                { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${bucket}/*` },
                { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: `arn:aws:sqs:*:${account.accountId}:${name}-queue` },
              ],
            },
          ],
        });
      }
    }
    arns.push(arn);
    names.push(name);
  }
  if (!admin) admin = account.role('ops-break-glass-task', { managed: [account.awsManagedPolicy('AdministratorAccess')] });
  account.role('ecsTaskExecutionRole', { managed: [account.awsManagedPolicy('AmazonECSTaskExecutionRolePolicy')] });
  return { arns, names, admin };
}

function ecsContainers(rng: Rng, account: AwsAccountBuilder, region: string, name: string): ContainerSpec[] {
  const user = rng.weighted({ absent: 35, root: 8, zero: 2, uid: 40, named: 15 });
  const environment = [
    { name: 'LOG_LEVEL', value: rng.pick(['info', 'warn', 'debug']) },
    { name: 'AWS_REGION', value: region },
  ];
  if (rng.chance(0.06)) environment.push({ name: 'DB_PASSWORD', value: `${rng.hex(6)}!${rng.upperId(6)}${rng.hex(4)}` });
  const main: ContainerSpec = {
    name: name.split('-').slice(0, 2).join('-'),
    image: rng.chance(0.85) ? `${account.accountId}.dkr.ecr.${region}.amazonaws.com/${name.replace(/-\d+$/, '')}:${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 9)}` : rng.pick(PUBLIC_IMAGES),
    port: rng.pick([8080, 8080, 3000, 80, 5000]),
    ...(user === 'absent' ? {} : { user: { root: 'root', zero: '0', uid: '1000', named: 'app:app' }[user] }),
    readonlyRootFilesystem: rng.chance(0.5),
    ...(rng.chance(0.03) ? { capabilitiesAdd: ['SYS_PTRACE'] } : {}),
    logDriver: rng.weighted({ awslogs: 85, awsfirelens: 8, none: 7 }) === 'awslogs' ? 'awslogs' : rng.chance(0.5) ? 'awsfirelens' : null,
    environment,
    secrets: [{ name: 'API_TOKEN', valueFrom: `arn:aws:ssm:${region}:${account.accountId}:parameter/${name}/api-token` }],
  };
  const containers = [main];
  if (rng.chance(0.2)) containers.push({ name: 'log-router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2', user: '0', readonlyRootFilesystem: false, logDriver: 'awslogs' });
  return containers;
}

interface RegionNetwork {
  vpc: VpcRef;
  publicSubnets: string[];
  privateSubnets: string[];
  isolatedSubnets: string[];
  publicAlbSg: string;
  internalAlbSg: string;
}

function regionNetwork(region: AwsRegionBuilder): RegionNetwork {
  const vpc = region.vpc();
  const publicRt = region.routeTable(vpc, 'igw');
  const isolatedRt = region.routeTable(vpc, 'none');
  const publicSubnets = [0, 1].map((i) => region.subnet(vpc, { routeTableId: publicRt, mapPublicIp: true, name: `public-${i}` }));
  const privateSubnets = [0, 1].map((i) => region.subnet(vpc, { name: `private-${i}` }));
  const isolatedSubnets = [region.subnet(vpc, { routeTableId: isolatedRt, name: 'isolated-0' })];
  const publicAlbSg = region.securityGroup(vpc, 'alb-public', [
    { port: 443, cidr: '0.0.0.0/0' },
    { port: 443, cidrV6: '::/0' },
    { port: 80, cidr: '0.0.0.0/0' },
  ]);
  const internalAlbSg = region.securityGroup(vpc, 'alb-internal', [{ port: 443, cidr: '10.0.0.0/8' }]);
  return { vpc, publicSubnets, privateSubnets, isolatedSubnets, publicAlbSg, internalAlbSg };
}

function generateAws(rng: Rng, workloads: number): AwsPlan {
  const accountIds = [rng.digits(12), rng.digits(12)];
  const regions = ['eu-west-1', 'us-east-1'];
  const accounts = accountIds.map((id) => new AwsAccountBuilder(id, rng));
  let services = 0;
  let standalone = 0;
  const digests: { image: string; digest: string }[] = [];
  const perRegion = Math.floor(workloads / 4);
  const remainder = workloads - perRegion * 4;
  accounts.forEach((account, accountIndex) => {
    const pool = awsRolePool(account, rng, Math.max(4, Math.ceil(workloads / 2 / 6)));
    regions.forEach((regionName, regionIndex) => {
      const quota = perRegion + (accountIndex * 2 + regionIndex < remainder ? 1 : 0);
      if (quota === 0) return;
      const region = account.region(regionName);
      const networks = Array.from({ length: Math.max(1, Math.ceil(quota / 300)) }, () => regionNetwork(region));
      const clusters = Array.from({ length: Math.max(1, Math.ceil(quota / 40)) }, (_, i) => {
        const logging = rng.weighted<ExecLogging>({ NONE: 15, ABSENT: 45, DEFAULT: 10, OVERRIDE: 25, 'OVERRIDE-EMPTY': 5 });
        return region.cluster(`${rng.pick(TEAMS)}-${i}-${regionName.split('-')[1]}`, { execLogging: logging, containerInsights: rng.chance(0.4) });
      });
      for (let i = 0; i < quota; i++) {
        const net = networks[i % networks.length] as RegionNetwork;
        const name = appName(rng, services);
        const exposure = rng.weighted({ direct: 7, publicAlb: 11, publicIpPrivateSubnet: 5, internalAlb: 8, isolatedPublicIp: 2, private: 67 });
        const containers = ecsContainers(rng, account, regionName, name);
        const port = containers[0]!.port ?? 8080;
        const roleIndex = rng.int(0, pool.arns.length - 1);
        const taskRole = rng.chance(0.05) ? (pool.names[roleIndex] as string) : (pool.arns[roleIndex] as string);
        const previous = rng.chance(0.08) ? region.taskDefinition(name, { taskRole, containers }) : undefined;
        const taskDefinition = region.taskDefinition(name, { taskRole, containers });
        let subnets = net.privateSubnets;
        let assignPublicIp = false;
        let ingress = [{ port, cidr: `${net.vpc.cidrPrefix}.0.0/16` }];
        let loadBalancer: { targetGroupArn: string; containerName: string; containerPort: number } | undefined;
        if (exposure === 'direct') {
          subnets = net.publicSubnets;
          assignPublicIp = true;
          ingress = [{ port, cidr: '0.0.0.0/0' }];
        } else if (exposure === 'publicIpPrivateSubnet') {
          assignPublicIp = true;
          ingress = [{ port, cidr: '0.0.0.0/0' }];
        } else if (exposure === 'isolatedPublicIp') {
          subnets = net.isolatedSubnets;
          assignPublicIp = true;
          ingress = [{ port, cidr: '0.0.0.0/0' }];
        } else if (exposure === 'publicAlb' || exposure === 'internalAlb') {
          const publicLb = exposure === 'publicAlb';
          const lb = region.loadBalancer(`${name}-alb`.slice(0, 32), {
            vpc: net.vpc,
            subnets: publicLb ? net.publicSubnets : net.privateSubnets,
            scheme: publicLb ? 'internet-facing' : 'internal',
            securityGroups: [publicLb ? net.publicAlbSg : net.internalAlbSg],
          });
          const tg = region.targetGroup(`${name}-tg`.slice(0, 32), { vpc: net.vpc, port });
          region.listener(lb, { port: 443, forwardTo: tg });
          if (publicLb) region.listener(lb, { port: 80 });
          loadBalancer = { targetGroupArn: tg, containerName: containers[0]!.name, containerPort: port };
        }
        const sg = region.securityGroup(net.vpc, `${name}-sg`, loadBalancer ? [{ port, fromGroupId: exposure === 'publicAlb' ? net.publicAlbSg : net.internalAlbSg }] : ingress);
        region.service(clusters[i % clusters.length] as string, name, {
          taskDefinition,
          ...(previous ? { previousTaskDefinition: previous } : {}),
          subnets,
          securityGroups: [sg],
          assignPublicIp,
          exec: rng.chance(0.12),
          desiredCount: Number(rng.weighted({ 1: 50, 2: 35, 3: 15 })),
          launch: rng.weighted({ FARGATE: 80, FARGATE_SPOT: 10, CLUSTER_DEFAULT: 5, EC2: 5 }),
          ...(loadBalancer ? { loadBalancer } : {}),
        });
        services++;
        if (rng.chance(0.02)) {
          const job = region.taskDefinition(`${name}-job`, { taskRole, containers: ecsContainers(rng, account, regionName, `${name}-job`) });
          region.standaloneTask(clusters[i % clusters.length] as string, {
            taskDefinition: job,
            subnet: net.privateSubnets[0] as string,
            securityGroups: [sg],
            assignPublicIp: false,
            exec: rng.chance(0.3),
            ...(rng.chance(0.3) ? { taskRoleOverride: pool.admin } : {}),
          });
          standalone++;
        }
        if (containers[0]!.image.includes('.dkr.ecr.') && digests.length < Math.max(2, Math.ceil(workloads / 1000)) && rng.chance(0.2)) {
          digests.push({ image: containers[0]!.image, digest: region.digestOf(containers[0]!.image) });
        }
      }
    });
  });
  return { accounts, services, standalone, digests };
}

function azureIdentity(rng: Rng, uamis: IdentityRef[]): WorkloadIdentitySpec {
  const kind = rng.weighted({ system: 35, user: 35, both: 10, none: 20 });
  if (kind === 'none') return {};
  const user = kind === 'user' || kind === 'both' ? [rng.pick(uamis)] : [];
  return { systemAssigned: kind === 'system' || kind === 'both', userAssigned: user };
}

function grantIdentity(tenant: AzureTenantBuilder, rng: Rng, principalId: string, scopes: { mg: string; sub: string; rg: string; resource: string; customWildcard: string; customApp: string }): void {
  const profile = rng.weighted({ narrow: 80, ownerSub: 3, contributorSub: 4, contributorRg: 4, uaaSub: 1, ownerMg: 1.5, customWildcard: 1.5, customApp: 3, readerSub: 2 });
  switch (profile) {
    case 'ownerSub':
      return tenant.assign(principalId, BUILTIN_ROLES.Owner, scopes.sub);
    case 'contributorSub':
      return tenant.assign(principalId, BUILTIN_ROLES.Contributor, scopes.sub);
    case 'contributorRg':
      return tenant.assign(principalId, BUILTIN_ROLES.Contributor, scopes.rg);
    case 'uaaSub':
      return tenant.assign(principalId, BUILTIN_ROLES.UserAccessAdministrator, scopes.sub);
    case 'ownerMg':
      return tenant.assign(principalId, BUILTIN_ROLES.Owner, scopes.mg);
    case 'customWildcard':
      return tenant.assign(principalId, scopes.customWildcard, scopes.sub);
    case 'customApp':
      return tenant.assign(principalId, scopes.customApp, scopes.sub);
    case 'readerSub':
      return tenant.assign(principalId, BUILTIN_ROLES.Reader, scopes.sub);
    default:
      tenant.assign(principalId, BUILTIN_ROLES.AcrPull, scopes.rg);
      if (rng.chance(0.5)) tenant.assign(principalId, rng.pick([BUILTIN_ROLES.StorageBlobDataReader, BUILTIN_ROLES.KeyVaultSecretsUser]), scopes.resource);
  }
}

function generateAzure(rng: Rng, apps: number, groups: number): { tenant: AzureTenantBuilder; apps: number; groups: number } {
  const tenant = new AzureTenantBuilder(rng.guid(), rng);
  const mgs = {
    platform: tenant.managementGroup('mg-platform', 'Platform'),
    landing: tenant.managementGroup('mg-landingzones', 'Landing zones'),
    corp: tenant.managementGroup('mg-corp', 'Corp', 'mg-landingzones'),
    online: tenant.managementGroup('mg-online', 'Online', 'mg-landingzones'),
    sandbox: tenant.managementGroup('mg-sandbox', 'Sandbox'),
  };
  const mgNames = ['mg-corp', 'mg-online', 'mg-sandbox', 'mg-platform'];
  const mgIds = [mgs.corp, mgs.online, mgs.sandbox, mgs.platform];
  const total = apps + groups;
  const subscriptionCount = Math.max(2, Math.ceil(total / 400));
  const subs = Array.from({ length: subscriptionCount }, (_, i) => {
    const id = rng.guid();
    const mgIndex = i % mgNames.length;
    tenant.subscription(id, `${['corp', 'online', 'sandbox', 'platform'][mgIndex]}-${i}`, mgNames[mgIndex] as string);
    tenant.assign(rng.guid(), BUILTIN_ROLES.Owner, `/subscriptions/${id}`, 'User');
    return {
      id,
      mg: mgIds[mgIndex] as string,
      customWildcard: tenant.customRole(id, `deployment-automation-${i}`, ['Microsoft.Authorization/*', 'Microsoft.Resources/*', '*/read']),
      customApp: tenant.customRole(id, `app-operator-${i}`, ['Microsoft.App/*', 'Microsoft.ContainerInstance/*', '*/read'], ['Microsoft.Authorization/*']),
    };
  });
  const rgsBySub = new Map<string, { rg: ResourceGroupRef; uamis: IdentityRef[]; envs: string[] }[]>();
  const locations = ['westeurope', 'northeurope', 'eastus2'];
  const workspace = (sub: string) => {
    let list = rgsBySub.get(sub);
    if (!list) {
      list = [];
      rgsBySub.set(sub, list);
    }
    if (list.length === 0 || rng.chance(0.04)) {
      const rg = tenant.resourceGroup(sub, `rg-${rng.pick(TEAMS)}-${list.length}`, rng.pick(locations));
      const uamis = Array.from({ length: rng.int(1, 3) }, (_, i) => tenant.userAssignedIdentity(rg, `id-${rg.name}-${i}`));
      list.push({ rg, uamis, envs: [] });
    }
    return list[list.length - 1]!;
  };
  const grantedUamis = new Set<string>();
  const grant = (sub: (typeof subs)[number], ws: { rg: ResourceGroupRef }, workloadId: string, identity: WorkloadIdentitySpec, systemPrincipalId?: string) => {
    const scopes = { mg: sub.mg, sub: `/subscriptions/${sub.id}`, rg: ws.rg.id, resource: `${ws.rg.id}/providers/Microsoft.Storage/storageAccounts/st${rng.hex(10)}`, customWildcard: sub.customWildcard, customApp: sub.customApp };
    if (systemPrincipalId) grantIdentity(tenant, rng, systemPrincipalId, scopes);
    for (const uami of identity.userAssigned ?? []) {
      if (grantedUamis.has(uami.id)) continue;
      grantedUamis.add(uami.id);
      grantIdentity(tenant, rng, uami.principalId, scopes);
    }
    void workloadId;
  };
  for (let i = 0; i < apps; i++) {
    const sub = subs[i % subs.length]!;
    const ws = workspace(sub.id);
    if (ws.envs.length === 0 || rng.chance(0.07)) {
      const internal = rng.chance(0.25);
      ws.envs.push(tenant.managedEnvironment(ws.rg, `cae-${ws.rg.name}-${ws.envs.length}`, internal ? { internal: true, publicNetworkAccess: 'Disabled' } : rng.chance(0.05) ? { publicNetworkAccess: 'Disabled' } : rng.chance(0.3) ? { internal: false } : {}));
    }
    const name = `ca-${appName(rng, i)}`.slice(0, 32);
    const identity = azureIdentity(rng, ws.uamis);
    const hasIngress = rng.chance(0.8);
    const external = hasIngress && rng.chance(0.55);
    const restrictions = external && rng.chance(0.2)
      ? rng.chance(0.15)
        ? [{ name: 'everyone', ipAddressRange: '0.0.0.0/0', action: 'Allow' as const }]
        : [{ name: 'office', ipAddressRange: `203.0.113.${rng.int(0, 200)}/29`, action: 'Allow' as const }]
      : undefined;
    const env = [{ name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }, { name: 'DB_CONNECTION', secretRef: 'db-connection' }];
    if (rng.chance(0.05)) env.push({ name: 'STORAGE_CONNECTION_STRING', value: `DefaultEndpointsProtocol=https;AccountName=st${rng.hex(8)};AccountKey=${rng.hex(40)}==` });
    const app = tenant.containerApp(ws.rg, name, {
      environmentId: rng.pick(ws.envs),
      ...(hasIngress ? { ingress: { external, targetPort: rng.pick([80, 8080, 3000]), ...(restrictions ? { ipSecurityRestrictions: restrictions } : {}) } } : {}),
      identity,
      containers: [{ name: name.slice(3, 20), image: `contosoacr.azurecr.io/${name.slice(3).replace(/-\d+$/, '')}:${rng.int(1, 30)}`, env }],
      secrets: [{ name: 'db-connection' }],
      ...(identity.userAssigned?.length ? { registryIdentity: identity.userAssigned[0]!.id } : {}),
    });
    grant(sub, ws, app.id, identity, app.systemPrincipalId);
    if (hasIngress && rng.chance(0.35)) {
      const enabled = rng.chance(0.85);
      tenant.authConfig(app.id, { enabled, unauthenticatedClientAction: enabled && rng.chance(0.2) ? 'AllowAnonymous' : 'RedirectToLoginPage' });
    }
  }
  for (let i = 0; i < groups; i++) {
    const sub = subs[(i + 1) % subs.length]!;
    const ws = workspace(sub.id);
    const name = `ci-${appName(rng, i)}`.slice(0, 40);
    const identity = azureIdentity(rng, ws.uamis);
    const publicIp = rng.chance(0.3);
    const group = tenant.containerGroup(ws.rg, name, {
      publicIp,
      ...(publicIp && rng.chance(0.5) ? { dnsNameLabel: name } : {}),
      ...(publicIp ? {} : { subnetId: `${ws.rg.id}/providers/Microsoft.Network/virtualNetworks/vnet-aci/subnets/aci` }),
      identity,
      containers: [
        {
          name: name.slice(3, 24),
          image: rng.chance(0.7) ? `contosoacr.azurecr.io/${name.slice(3).replace(/-\d+$/, '')}:${rng.int(1, 30)}` : rng.pick(PUBLIC_IMAGES),
          ports: [rng.pick([80, 443, 8080])],
          environmentVariables: [{ name: 'MODE', value: 'batch' }, { name: 'API_KEY', secure: true }, ...(rng.chance(0.05) ? [{ name: 'ADMIN_PASSWORD', value: `P@ss${rng.hex(10)}` }] : [])],
        },
      ],
      ...(rng.chance(0.3) ? { registryUsername: 'contosoacr' } : {}),
    });
    grant(sub, ws, group.id, identity, group.systemPrincipalId);
  }
  return { tenant, apps, groups };
}

export function generateEstate(options: GenerateOptions): GeneratedEstate {
  const workloads = Math.max(0, Math.floor(options.workloads));
  const rng = new Rng(options.seed ?? 1);
  const ecsCount = Math.round(workloads / 2);
  const acaCount = Math.round((workloads - ecsCount) / 2);
  const aciCount = workloads - ecsCount - acaCount;
  const raw: SnapshotFiles = new Map();
  const aws = generateAws(rng, ecsCount);
  for (const account of aws.accounts) account.writeFiles(raw);
  const azure = generateAzure(rng, acaCount, aciCount);
  azure.tenant.writeFiles(raw);
  for (const [index, { image, digest }] of aws.digests.entries()) {
    raw.set(`vulnerabilities/trivy-${index + 1}.json`, trivyReport(rng, image, digest));
  }
  const files: SnapshotFiles = new Map();
  for (const [path, body] of raw) files.set(path, redactSnapshotFile(path, body));
  return {
    files,
    counts: { ecsServices: aws.services, ecsStandaloneTasks: aws.standalone, containerApps: acaCount, containerGroups: aciCount, trivyReports: aws.digests.length },
  };
}
