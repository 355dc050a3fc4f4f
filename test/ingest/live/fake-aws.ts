/**
 * A fake AWS control plane for the live collector tests, served at the SDK edge: the real SDK v3 client instances
 * get their `send` replaced by aws-sdk-client-mock, and every command is answered from an estate loaded from a
 * snapshot (what the generator writes). It enforces the API's limits and parameter rules the collector must
 * respect (DescribeServices ≤ 10, DescribeClusters/DescribeTasks ≤ 100, list pages ≤ 100, EC2 filters ≤ 200 values,
 * ids + MaxResults rejected, ELBv2 PageSize ≤ 400, GAAD MaxItems ≤ 1000), pages with tokens, and strips
 * `configuration` from DescribeClusters unless CONFIGURATIONS is included, as ECS does.
 */
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import * as ecs from '@aws-sdk/client-ecs';
import * as ec2 from '@aws-sdk/client-ec2';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as ecr from '@aws-sdk/client-ecr';
import * as iam from '@aws-sdk/client-iam';
import * as sts from '@aws-sdk/client-sts';
import type { AwsClientFactory, AwsClientScope } from '../../../services/ingest/aws/live/clients.js';
import type { SnapshotFiles } from '../../../services/ingest/snapshot/files.js';

type Json = Record<string, any>;

export interface FakeRegion {
  clusters: Json[];
  services: Map<string, Json[]>;
  tasks: Map<string, Json[]>;
  taskDefinitions: Map<string, Json>;
  networkInterfaces: Json[];
  subnets: Json[];
  securityGroups: Json[];
  routeTables: Json[];
  loadBalancers: Json[];
  targetGroups: Json[];
  listeners: Map<string, Json[]>;
}

export interface FakeAccount {
  accountId: string;
  callerArn: string;
  regions: Map<string, FakeRegion>;
  gaadItems: { list: 'RoleDetailList' | 'Policies'; item: Json }[];
}

export class AwsApiError extends Error {
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 400 };
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Every request the fake answered, for assertions on batching and ordering. */
export interface FakeRequest {
  accountId: string;
  region: string;
  operation: string;
  input: Json;
}

const emptyRegion = (): FakeRegion => ({
  clusters: [],
  services: new Map(),
  tasks: new Map(),
  taskDefinitions: new Map(),
  networkInterfaces: [],
  subnets: [],
  securityGroups: [],
  routeTables: [],
  loadBalancers: [],
  targetGroups: [],
  listeners: new Map(),
});

function page<T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const end = start + size;
  return end < items.length ? { items: items.slice(start, end), next: String(end) } : { items: items.slice(start) };
}

function filterValues(input: Json, name: string): string[] | undefined {
  const filter = (input.Filters as { Name: string; Values: string[] }[] | undefined)?.find((f) => f.Name === name);
  return filter?.Values;
}

export class FakeAws {
  readonly accounts = new Map<string, FakeAccount>();
  readonly requests: FakeRequest[] = [];
  /** Extra regions DescribeRegions reports (e.g. an enabled region without ECS). */
  readonly extraRegions: { RegionName: string; OptInStatus: string }[] = [];
  /** Operations to fail: key `account/region/operation` (region `*` for any). */
  readonly failures = new Map<string, AwsApiError>();
  defaultAccount = '';
  /** Simulated latency per call (ms); with it, `inFlight` tracks concurrency per account and per account/region. */
  latencyMs = 0;
  readonly maxInFlight = { accounts: 0, regionsPerAccount: 0 };
  private readonly inFlight = new Map<string, number>();
  private readonly accessKeys = new Map<string, string>();

  static fromSnapshot(files: SnapshotFiles): FakeAws {
    const fake = new FakeAws();
    const elements = (path: string): Json[] => (files.get(path) as Json[] | undefined) ?? [];
    for (const path of files.keys()) {
      const match = /^aws\/(\d{12})\/global\/sts\/GetCallerIdentity\.json$/.exec(path);
      if (!match) continue;
      const accountId = match[1]!;
      const account: FakeAccount = { accountId, callerArn: elements(path)[0]?.Arn ?? '', regions: new Map(), gaadItems: [] };
      for (const gaad of elements(`aws/${accountId}/global/iam/GetAccountAuthorizationDetails.json`)) {
        for (const item of gaad.RoleDetailList ?? []) account.gaadItems.push({ list: 'RoleDetailList', item });
        for (const item of gaad.Policies ?? []) account.gaadItems.push({ list: 'Policies', item });
      }
      fake.accounts.set(accountId, account);
      fake.defaultAccount ||= accountId;
    }
    for (const path of files.keys()) {
      const match = /^aws\/(\d{12})\/([a-z0-9-]+)\/ecs\/ListClusters\.json$/.exec(path);
      if (!match || match[2] === 'global') continue;
      const [, accountId, regionName] = match as unknown as [string, string, string];
      const region = emptyRegion();
      const base = `aws/${accountId}/${regionName}`;
      region.clusters = elements(`${base}/ecs/DescribeClusters.json`).flatMap((e) => e.clusters ?? []);
      for (const e of elements(`${base}/ecs/DescribeServices.json`)) {
        for (const service of e.services ?? []) region.services.set(service.clusterArn, [...(region.services.get(service.clusterArn) ?? []), service]);
      }
      for (const e of elements(`${base}/ecs/DescribeTasks.json`)) {
        for (const task of e.tasks ?? []) region.tasks.set(task.clusterArn, [...(region.tasks.get(task.clusterArn) ?? []), task]);
      }
      for (const e of elements(`${base}/ecs/DescribeTaskDefinition.json`)) region.taskDefinitions.set(e.taskDefinition.taskDefinitionArn, e.taskDefinition);
      region.networkInterfaces = elements(`${base}/ec2/DescribeNetworkInterfaces.json`).flatMap((e) => e.NetworkInterfaces ?? []);
      region.subnets = elements(`${base}/ec2/DescribeSubnets.json`).flatMap((e) => e.Subnets ?? []);
      region.securityGroups = elements(`${base}/ec2/DescribeSecurityGroups.json`).flatMap((e) => e.SecurityGroups ?? []);
      region.routeTables = elements(`${base}/ec2/DescribeRouteTables.json`).flatMap((e) => e.RouteTables ?? []);
      region.loadBalancers = elements(`${base}/elbv2/DescribeLoadBalancers.json`).flatMap((e) => e.LoadBalancers ?? []);
      region.targetGroups = elements(`${base}/elbv2/DescribeTargetGroups.json`).flatMap((e) => e.TargetGroups ?? []);
      for (const e of elements(`${base}/elbv2/DescribeListeners.json`)) {
        for (const listener of e.Listeners ?? []) region.listeners.set(listener.LoadBalancerArn, [...(region.listeners.get(listener.LoadBalancerArn) ?? []), listener]);
      }
      fake.accounts.get(accountId)?.regions.set(regionName, region);
    }
    return fake;
  }

  roleArnFor(accountId: string): string {
    return `arn:aws:iam::${accountId}:role/SecurityAuditReadOnly`;
  }

  private accountOf(scope: AwsClientScope): string {
    const credentials = scope.credentials as { accessKeyId?: string } | undefined;
    if (credentials?.accessKeyId) return this.accessKeys.get(credentials.accessKeyId) ?? this.defaultAccount;
    return this.defaultAccount;
  }

  private region(accountId: string, region: string): FakeRegion {
    return this.accounts.get(accountId)?.regions.get(region) ?? emptyRegion();
  }

  respond(accountId: string, regionName: string, operation: string, input: Json): Json {
    this.requests.push({ accountId, region: regionName, operation, input: structuredClone(input) });
    const failure = this.failures.get(`${accountId}/${regionName}/${operation}`) ?? this.failures.get(`${accountId}/*/${operation}`);
    if (failure) throw failure;
    const account = this.accounts.get(accountId);
    const region = this.region(accountId, regionName);
    const invalid = (message: string) => new AwsApiError('InvalidParameterException', message);
    switch (operation) {
      case 'GetCallerIdentity':
        if (!account) throw new AwsApiError('InvalidClientTokenId', 'The security token included in the request is invalid.');
        return { Account: accountId, Arn: account.callerArn, UserId: 'AROAEXAMPLE:scanner' };
      case 'AssumeRole': {
        const target = /^arn:aws:iam::(\d{12}):role\//.exec(String(input.RoleArn))?.[1];
        if (!target || !this.accounts.has(target)) throw new AwsApiError('AccessDenied', `not authorized to perform sts:AssumeRole on ${String(input.RoleArn)}`);
        if (!input.RoleSessionName) throw invalid('RoleSessionName is required');
        const accessKeyId = `ASIA${target}FAKE`;
        this.accessKeys.set(accessKeyId, target);
        return {
          Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: 'fakeSecretAccessKeyForTestsOnly0000000000', SessionToken: 'fake-session-token', Expiration: new Date('2030-01-01T00:00:00Z') },
          AssumedRoleUser: { Arn: `arn:aws:sts::${target}:assumed-role/SecurityAuditReadOnly/${String(input.RoleSessionName)}`, AssumedRoleId: 'AROAEXAMPLE:session' },
        };
      }
      case 'DescribeRegions':
        return {
          Regions: [
            ...[...(account?.regions.keys() ?? [])].map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required', Endpoint: `ec2.${RegionName}.amazonaws.com` })),
            ...this.extraRegions,
          ],
        };
      case 'ListClusters': {
        const size = input.maxResults ?? 100;
        if (size > 100) throw invalid('maxResults must be at most 100');
        const p = page(region.clusters.map((c) => c.clusterArn as string), input.nextToken, size);
        return { clusterArns: p.items, ...(p.next ? { nextToken: p.next } : {}) };
      }
      case 'DescribeClusters': {
        const wanted: string[] = input.clusters ?? [];
        if (wanted.length > 100) throw invalid('clusters can have at most 100 items');
        const include: string[] = input.include ?? [];
        const clusters = region.clusters
          .filter((c) => wanted.includes(c.clusterArn))
          .map((c) => {
            const copy = structuredClone(c);
            if (!include.includes('CONFIGURATIONS')) delete copy.configuration;
            if (!include.includes('SETTINGS')) delete copy.settings;
            if (!include.includes('TAGS')) delete copy.tags;
            return copy;
          });
        return { clusters, failures: [] };
      }
      case 'ListServices': {
        const size = input.maxResults ?? 10;
        if (size > 100) throw invalid('maxResults must be at most 100');
        const p = page((region.services.get(input.cluster) ?? []).map((s) => s.serviceArn as string), input.nextToken, size);
        return { serviceArns: p.items, ...(p.next ? { nextToken: p.next } : {}) };
      }
      case 'DescribeServices': {
        const wanted: string[] = input.services ?? [];
        if (wanted.length > 10) throw invalid('services can have at most 10 items');
        return { services: (region.services.get(input.cluster) ?? []).filter((s) => wanted.includes(s.serviceArn)), failures: [] };
      }
      case 'ListTasks': {
        const size = input.maxResults ?? 100;
        if (size > 100) throw invalid('maxResults must be at most 100');
        if (input.desiredStatus !== 'RUNNING') throw invalid('the fake only serves running tasks');
        const p = page((region.tasks.get(input.cluster) ?? []).map((t) => t.taskArn as string), input.nextToken, size);
        return { taskArns: p.items, ...(p.next ? { nextToken: p.next } : {}) };
      }
      case 'DescribeTasks': {
        const wanted: string[] = input.tasks ?? [];
        if (wanted.length > 100) throw invalid('tasks can have at most 100 items');
        return { tasks: (region.tasks.get(input.cluster) ?? []).filter((t) => wanted.includes(t.taskArn)), failures: [] };
      }
      case 'DescribeTaskDefinition': {
        const taskDefinition = region.taskDefinitions.get(input.taskDefinition);
        if (!taskDefinition) throw new AwsApiError('ClientException', 'Unable to describe task definition.');
        return { taskDefinition, tags: [] };
      }
      case 'DescribeNetworkInterfaces':
        return this.ec2Describe(input, region.networkInterfaces, 'NetworkInterfaces', { 'network-interface-id': 'NetworkInterfaceId', 'subnet-id': 'SubnetId' }, 'NetworkInterfaceIds', 1000);
      case 'DescribeSubnets':
        return this.ec2Describe(input, region.subnets, 'Subnets', { 'subnet-id': 'SubnetId', 'vpc-id': 'VpcId' }, 'SubnetIds', 1000);
      case 'DescribeSecurityGroups':
        return this.ec2Describe(input, region.securityGroups, 'SecurityGroups', { 'group-id': 'GroupId', 'vpc-id': 'VpcId' }, 'GroupIds', 1000);
      case 'DescribeRouteTables':
        return this.ec2Describe(input, region.routeTables, 'RouteTables', { 'vpc-id': 'VpcId', 'route-table-id': 'RouteTableId' }, 'RouteTableIds', 100);
      case 'DescribeLoadBalancers': {
        const size = input.PageSize ?? 400;
        if (size > 400) throw new AwsApiError('ValidationError', 'PageSize must be at most 400');
        if ((input.LoadBalancerArns ?? []).length > 20) throw new AwsApiError('ValidationError', 'at most 20 load balancer ARNs');
        const items = input.LoadBalancerArns ? region.loadBalancers.filter((lb) => input.LoadBalancerArns.includes(lb.LoadBalancerArn)) : region.loadBalancers;
        const p = page(items, input.Marker, size);
        return { LoadBalancers: p.items, ...(p.next ? { NextMarker: p.next } : {}) };
      }
      case 'DescribeTargetGroups': {
        const size = input.PageSize ?? 400;
        if (size > 400) throw new AwsApiError('ValidationError', 'PageSize must be at most 400');
        const items = input.TargetGroupArns ? region.targetGroups.filter((tg) => input.TargetGroupArns.includes(tg.TargetGroupArn)) : region.targetGroups;
        const p = page(items, input.Marker, size);
        return { TargetGroups: p.items, ...(p.next ? { NextMarker: p.next } : {}) };
      }
      case 'DescribeListeners': {
        if (!input.LoadBalancerArn) throw new AwsApiError('ValidationError', 'LoadBalancerArn or ListenerArns required');
        const p = page(region.listeners.get(input.LoadBalancerArn) ?? [], input.Marker, input.PageSize ?? 400);
        return { Listeners: p.items, ...(p.next ? { NextMarker: p.next } : {}) };
      }
      case 'GetAccountAuthorizationDetails': {
        const size = input.MaxItems ?? 100;
        if (size > 1000) throw new AwsApiError('ValidationError', 'MaxItems must be at most 1000');
        const p = page(account?.gaadItems ?? [], input.Marker, size);
        return {
          UserDetailList: [],
          GroupDetailList: [],
          RoleDetailList: p.items.filter((i) => i.list === 'RoleDetailList').map((i) => i.item),
          Policies: p.items.filter((i) => i.list === 'Policies').map((i) => i.item),
          IsTruncated: p.next !== undefined,
          ...(p.next ? { Marker: p.next } : {}),
        };
      }
      case 'DescribeImageScanFindings':
        return { imageId: input.imageId, repositoryName: input.repositoryName, registryId: input.registryId, imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findings: [], findingSeverityCounts: {} } };
      default:
        throw new AwsApiError('UnknownOperationException', `fake does not serve ${operation}`);
    }
  }

  private ec2Describe(input: Json, items: Json[], key: string, filters: Record<string, string>, idsParam: string, maxPage: number): Json {
    if (input[idsParam] && input.MaxResults !== undefined) {
      throw new AwsApiError('InvalidParameterCombination', `The parameter ${idsParam} cannot be used with the parameter MaxResults`);
    }
    if (input.MaxResults !== undefined && (input.MaxResults < 5 || input.MaxResults > maxPage)) {
      throw new AwsApiError('InvalidParameterValue', `MaxResults must be between 5 and ${maxPage}`);
    }
    let selected = items;
    for (const [filterName, field] of Object.entries(filters)) {
      const values = filterValues(input, filterName);
      if (!values) continue;
      if (values.length > 200) throw new AwsApiError('FilterLimitExceeded', 'The maximum number of filter values specified on a single call is 200');
      const wanted = new Set(values);
      selected = selected.filter((item) => wanted.has(item[field]));
    }
    if (input[idsParam]) {
      const wanted = new Set<string>(input[idsParam]);
      for (const id of wanted) if (!items.some((item) => Object.values(filters).some((f) => item[f] === id))) throw new AwsApiError(`Invalid${idsParam}.NotFound`, `The id '${id}' does not exist`);
      selected = selected.filter((item) => Object.values(item).some((v) => typeof v === 'string' && wanted.has(v)));
    }
    const p = page(selected, input.NextToken, input.MaxResults ?? selected.length + 1);
    return { [key]: p.items, ...(p.next ? { NextToken: p.next } : {}) };
  }

  /** Answers after the simulated latency, tracking how many accounts and regions have calls in flight at once. */
  private async answer(accountId: string, region: string, operation: string, input: Json): Promise<Json> {
    if (this.latencyMs === 0) return this.respond(accountId, region, operation, input);
    const regional = region !== 'us-east-1' || !['GetCallerIdentity', 'AssumeRole', 'DescribeRegions', 'GetAccountAuthorizationDetails'].includes(operation);
    const keys = [`account:${accountId}`, ...(regional ? [`region:${accountId}:${region}`] : [])];
    for (const key of keys) this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    const accounts = [...this.inFlight].filter(([k, n]) => k.startsWith('account:') && n > 0).length;
    const regions = [...this.inFlight].filter(([k, n]) => k.startsWith(`region:${accountId}:`) && n > 0).length;
    this.maxInFlight.accounts = Math.max(this.maxInFlight.accounts, accounts);
    this.maxInFlight.regionsPerAccount = Math.max(this.maxInFlight.regionsPerAccount, regions);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      return this.respond(accountId, region, operation, input);
    } finally {
      for (const key of keys) this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    }
  }

  /** A client factory whose real SDK clients are answered by this fake (per instance, per account and region). */
  clientFactory(): AwsClientFactory & { stubs: AwsStub<any, any, any>[] } {
    const stubs: AwsStub<any, any, any>[] = [];
    const credentials = { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'not-used-by-the-fake' };
    const wire = <C extends object>(client: C, scope: AwsClientScope, commands: Record<string, new (input: any) => any>): C => {
      const stub = mockClient(client as any);
      for (const [operation, command] of Object.entries(commands)) {
        stub.on(command).callsFake((input: Json) => this.answer(this.accountOf(scope), scope.region, operation, input));
      }
      stubs.push(stub);
      return client;
    };
    const config = (scope: AwsClientScope) => ({ region: scope.region, credentials: (scope.credentials as typeof credentials | undefined) ?? credentials });
    return {
      stubs,
      ecs: (scope) =>
        wire(new ecs.ECSClient(config(scope)), scope, {
          ListClusters: ecs.ListClustersCommand,
          DescribeClusters: ecs.DescribeClustersCommand,
          ListServices: ecs.ListServicesCommand,
          DescribeServices: ecs.DescribeServicesCommand,
          ListTasks: ecs.ListTasksCommand,
          DescribeTasks: ecs.DescribeTasksCommand,
          DescribeTaskDefinition: ecs.DescribeTaskDefinitionCommand,
        }),
      ec2: (scope) =>
        wire(new ec2.EC2Client(config(scope)), scope, {
          DescribeRegions: ec2.DescribeRegionsCommand,
          DescribeNetworkInterfaces: ec2.DescribeNetworkInterfacesCommand,
          DescribeSubnets: ec2.DescribeSubnetsCommand,
          DescribeSecurityGroups: ec2.DescribeSecurityGroupsCommand,
          DescribeRouteTables: ec2.DescribeRouteTablesCommand,
        }),
      elbv2: (scope) =>
        wire(new elbv2.ElasticLoadBalancingV2Client(config(scope)), scope, {
          DescribeLoadBalancers: elbv2.DescribeLoadBalancersCommand,
          DescribeTargetGroups: elbv2.DescribeTargetGroupsCommand,
          DescribeListeners: elbv2.DescribeListenersCommand,
        }),
      ecr: (scope) => wire(new ecr.ECRClient(config(scope)), scope, { DescribeImageScanFindings: ecr.DescribeImageScanFindingsCommand }),
      iam: (scope) => wire(new iam.IAMClient(config(scope)), scope, { GetAccountAuthorizationDetails: iam.GetAccountAuthorizationDetailsCommand }),
      sts: (scope) => wire(new sts.STSClient(config(scope)), scope, { GetCallerIdentity: sts.GetCallerIdentityCommand, AssumeRole: sts.AssumeRoleCommand }),
    };
  }
}
