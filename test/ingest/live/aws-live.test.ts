import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectAwsAccount, collectAwsAccounts, callRatio, defaultAwsClientFactory } from '../../../services/ingest/aws/live.js';
import { generateEstate } from '../../../services/ingest/generate/synthetic.js';
import { readSnapshot, writeSnapshot, type SnapshotFiles } from '../../../services/ingest/snapshot/files.js';
import { AwsApiError, FakeAws } from './fake-aws.js';
import { captureLogs } from './capture.js';

type Json = Record<string, any>;

const PLANTED = {
  password: 'Pr0d-hunter2-S3cret!xyz',
  accessKey: 'AKIAQ7RZ3XMPLE4KEY9Z',
  overrideToken: 'ghp_4f8Yk2LmN9pQ1rS5tU7vW3xZ6aB0cD2eF4gH',
};

/** Generated estate with real-looking secrets planted in what the fake serves (task definitions and task overrides). */
function estateWithSecrets(workloads: number, seed: string): { files: SnapshotFiles; fake: FakeAws } {
  const { files } = generateEstate({ workloads, seed });
  const fake = FakeAws.fromSnapshot(files);
  const account = [...fake.accounts.values()][0]!;
  const region = [...account.regions.values()][0]!;
  const [taskDefinition] = region.taskDefinitions.values();
  taskDefinition!.containerDefinitions[0].environment = [
    { name: 'DB_PASSWORD', value: PLANTED.password },
    { name: 'AWS_ACCESS_KEY_ID', value: PLANTED.accessKey },
  ];
  const [tasks] = region.tasks.values();
  tasks![0].overrides.containerOverrides = [{ name: 'app', environment: [{ name: 'GITHUB_TOKEN', value: PLANTED.overrideToken }] }];
  return { files, fake };
}

function flatten(files: SnapshotFiles, suffix: string, key: string): Json[] {
  return [...files.entries()].filter(([path]) => path.endsWith(suffix)).flatMap(([, elements]) => (elements as Json[]).flatMap((e) => e[key] ?? []));
}

describe('live AWS collector against the SDK edge', () => {
  it('scans a generated two-account estate through AssumeRole: every object read, batches within limits, calls near the minimum', async () => {
    const { files: source, fake } = estateWithSecrets(400, 'live-aws');
    fake.extraRegions.push({ RegionName: 'eu-central-1', OptInStatus: 'opt-in-not-required' });
    const roleArns = [...fake.accounts.keys()].map((id) => fake.roleArnFor(id));
    const { result, logs } = await captureLogs(() =>
      collectAwsAccounts({ roleArns, clientFactory: fake.clientFactory(), homeRegion: 'us-east-1', accountConcurrency: 2, regionConcurrency: 2 }),
    );
    expect(result.problems).toEqual([]);
    expect(result.scopes.map((s) => s.accountId).sort()).toEqual([...fake.accounts.keys()].sort());
    for (const scope of result.scopes) expect(scope.regions).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1']);

    // Same objects as the estate served, for every kind the normaliser reads.
    const ids = (files: SnapshotFiles, suffix: string, key: string, id: string) => flatten(files, suffix, key).map((o) => o[id]).sort();
    for (const [suffix, key, id] of [
      ['ecs/DescribeClusters.json', 'clusters', 'clusterArn'],
      ['ecs/DescribeServices.json', 'services', 'serviceArn'],
      ['ecs/DescribeTasks.json', 'tasks', 'taskArn'],
      ['ec2/DescribeNetworkInterfaces.json', 'NetworkInterfaces', 'NetworkInterfaceId'],
      ['ec2/DescribeSubnets.json', 'Subnets', 'SubnetId'],
      ['ec2/DescribeRouteTables.json', 'RouteTables', 'RouteTableId'],
      ['elbv2/DescribeListeners.json', 'Listeners', 'ListenerArn'],
      ['iam/GetAccountAuthorizationDetails.json', 'RoleDetailList', 'Arn'],
    ] as const) {
      expect(ids(result.files, suffix, key, id)).toEqual(ids(source, suffix, key, id));
    }
    const taskDefinitionArns = (files: SnapshotFiles) =>
      [...files.entries()].filter(([p]) => p.endsWith('DescribeTaskDefinition.json')).flatMap(([, e]) => (e as Json[]).map((x) => x.taskDefinition.taskDefinitionArn)).sort();
    expect(taskDefinitionArns(result.files)).toEqual(taskDefinitionArns(source));
    // Cluster exec-logging configuration only comes back with include CONFIGURATIONS.
    expect(flatten(result.files, 'ecs/DescribeClusters.json', 'clusters')).toEqual(flatten(source, 'ecs/DescribeClusters.json', 'clusters'));
    // Every security group a service, task ENI or front load balancer uses was read.
    const readGroups = new Set(flatten(result.files, 'ec2/DescribeSecurityGroups.json', 'SecurityGroups').map((g) => g.GroupId));
    for (const service of flatten(source, 'ecs/DescribeServices.json', 'services')) {
      for (const group of service.networkConfiguration.awsvpcConfiguration.securityGroups) expect(readGroups.has(group)).toBe(true);
    }

    // Batches and pages within the API limits (the fake also rejects anything beyond them).
    const requests = (operation: string) => fake.requests.filter((r) => r.operation === operation);
    for (const r of requests('DescribeServices')) expect(r.input.services.length).toBeLessThanOrEqual(10);
    for (const r of requests('DescribeClusters')) {
      expect(r.input.clusters.length).toBeLessThanOrEqual(100);
      expect(r.input.include).toEqual(expect.arrayContaining(['CONFIGURATIONS', 'SETTINGS', 'TAGS']));
    }
    for (const r of requests('DescribeTasks')) expect(r.input.tasks.length).toBeLessThanOrEqual(100);
    for (const r of requests('ListServices')) expect(r.input.maxResults).toBe(100);
    for (const r of requests('ListTasks')) expect(r.input.desiredStatus).toBe('RUNNING');
    for (const r of requests('GetAccountAuthorizationDetails')) {
      expect(r.input.MaxItems).toBe(1000);
      expect([...r.input.Filter].sort()).toEqual(['AWSManagedPolicy', 'LocalManagedPolicy', 'Role']);
    }
    const describedTaskDefinitions = requests('DescribeTaskDefinition').map((r) => `${r.accountId}/${r.input.taskDefinition}`);
    expect(new Set(describedTaskDefinitions).size).toBe(describedTaskDefinitions.length);
    for (const r of requests('AssumeRole')) expect(r.input.RoleSessionName).toBe('serverless-attack-paths-readonly');
    // Regions without clusters cost one ListClusters and nothing else.
    expect(fake.requests.filter((r) => r.region === 'eu-central-1').map((r) => r.operation)).toEqual(['ListClusters', 'ListClusters']);

    // Every call counted, per operation, and close to the minimum the limits allow.
    const served = new Map<string, number>();
    for (const r of fake.requests) served.set(r.operation, (served.get(r.operation) ?? 0) + 1);
    for (const [operation, calls] of Object.entries(result.calls)) expect(served.get(operation.split(':')[1]!)).toBe(calls);
    expect(Object.values(result.calls).reduce((a, b) => a + b, 0)).toBe(fake.requests.length);
    expect(result.minimum['ecs:DescribeServices']).toBeGreaterThan(0);
    expect(callRatio(result)).toBeLessThanOrEqual(1.2);

    // Secrets planted in the responses appear nowhere in the files nor in any log line.
    const everything = JSON.stringify([...result.files.entries()]);
    for (const secret of Object.values(PLANTED)) {
      expect(everything).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(everything).toContain('"$redacted":"snapshot/v1"');
  });

  it('reports a failing region and a failing step without losing the rest of the account', async () => {
    const { files: source, fake } = estateWithSecrets(120, 'live-aws-failures');
    const accountId = fake.defaultAccount;
    fake.failures.set(`${accountId}/us-east-1/ListClusters`, new AwsApiError('AccessDeniedException', 'User is not authorized to perform: ecs:ListClusters'));
    fake.failures.set(`${accountId}/eu-west-1/DescribeRouteTables`, new AwsApiError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    const result = await collectAwsAccount({ clientFactory: fake.clientFactory(), homeRegion: 'eu-west-1' });
    const problems = [...result.problems].sort((a, b) => a.scope.localeCompare(b.scope));
    expect(problems).toEqual([
      expect.objectContaining({ scope: `aws:${accountId}:eu-west-1`, operation: 'ec2:DescribeRouteTables', message: expect.stringContaining('UnauthorizedOperation') }),
      expect.objectContaining({ scope: `aws:${accountId}:us-east-1`, operation: 'ecs (region)', message: expect.stringContaining('AccessDeniedException') }),
    ]);
    const paths = [...result.files.keys()];
    expect(paths.some((p) => p.startsWith(`aws/${accountId}/us-east-1/`) && !p.endsWith('ListClusters.json'))).toBe(false);
    expect(paths).not.toContain(`aws/${accountId}/eu-west-1/ec2/DescribeRouteTables.json`);
    expect(result.files.get(`aws/${accountId}/eu-west-1/ecs/DescribeServices.json`)).toEqual(source.get(`aws/${accountId}/eu-west-1/ecs/DescribeServices.json`));
    expect(paths).toContain(`aws/${accountId}/global/iam/GetAccountAuthorizationDetails.json`);
  });

  it('reports an account whose role cannot be assumed and scans the others', async () => {
    const { fake } = estateWithSecrets(40, 'live-aws-assume');
    const good = fake.roleArnFor(fake.defaultAccount);
    const result = await collectAwsAccounts({ roleArns: [good, 'arn:aws:iam::999999999999:role/SecurityAuditReadOnly'], clientFactory: fake.clientFactory(), regions: ['eu-west-1'] });
    expect(result.problems).toEqual([expect.objectContaining({ scope: 'aws:arn:aws:iam::999999999999:role/SecurityAuditReadOnly', operation: 'sts:AssumeRole' })]);
    expect(result.scopes).toEqual([{ accountId: fake.defaultAccount, regions: ['eu-west-1'] }]);
  });

  it('bounds the accounts and regions scanned at the same time', async () => {
    const { fake } = estateWithSecrets(80, 'live-aws-bounds');
    fake.latencyMs = 3;
    fake.extraRegions.push({ RegionName: 'eu-central-1', OptInStatus: 'opt-in-not-required' }, { RegionName: 'ap-southeast-2', OptInStatus: 'opted-in' });
    const roleArns = [...fake.accounts.keys()].map((id) => fake.roleArnFor(id));
    const serial = await collectAwsAccounts({ roleArns, clientFactory: fake.clientFactory(), homeRegion: 'us-east-1', accountConcurrency: 1, regionConcurrency: 2 });
    expect(serial.problems).toEqual([]);
    expect(fake.maxInFlight.accounts).toBe(1);
    expect(fake.maxInFlight.regionsPerAccount).toBe(2);
    fake.maxInFlight.accounts = 0;
    fake.maxInFlight.regionsPerAccount = 0;
    await collectAwsAccounts({ roleArns, clientFactory: fake.clientFactory(), homeRegion: 'us-east-1', accountConcurrency: 2, regionConcurrency: 4 });
    expect(fake.maxInFlight.accounts).toBe(2);
    expect(fake.maxInFlight.regionsPerAccount).toBeGreaterThan(2);
    expect(fake.maxInFlight.regionsPerAccount).toBeLessThanOrEqual(4);
  });

  it('asks ECR for scan findings once per running digest of a same-region registry, when enabled', async () => {
    const { files: source, fake } = estateWithSecrets(160, 'live-aws-ecr');
    const accountId = fake.defaultAccount;
    const result = await collectAwsAccount({ clientFactory: fake.clientFactory(), regions: ['eu-west-1'], ecrFindings: true });
    const digests = new Set(
      flatten(new Map([...source].filter(([p]) => p.startsWith(`aws/${accountId}/eu-west-1/`))), 'ecs/DescribeTasks.json', 'tasks')
        .flatMap((t) => t.containers)
        .filter((c) => c.image.startsWith(`${accountId}.dkr.ecr.eu-west-1.amazonaws.com/`))
        .map((c) => c.imageDigest),
    );
    expect(digests.size).toBeGreaterThan(0);
    expect(result.calls['ecr:DescribeImageScanFindings']).toBe(digests.size);
    expect(result.minimum['ecr:DescribeImageScanFindings']).toBe(digests.size);
    expect(result.files.get(`aws/${accountId}/eu-west-1/ecr/DescribeImageScanFindings.json`)).toHaveLength(digests.size);
    const asked = fake.requests.filter((r) => r.operation === 'DescribeImageScanFindings').map((r) => r.input.imageId.imageDigest);
    expect(new Set(asked)).toEqual(digests);
  });

  it('records the files with writeSnapshot and reads back the same files', async () => {
    const { fake } = estateWithSecrets(60, 'live-aws-record');
    const result = await collectAwsAccount({ clientFactory: fake.clientFactory(), regions: ['eu-west-1', 'us-east-1'] });
    const dir = await mkdtemp(join(tmpdir(), 'live-aws-'));
    try {
      await writeSnapshot(dir, result.files, { tool: 'live-aws-test', calls: result.calls });
      const read = await readSnapshot(dir);
      expect(read.problems).toEqual([]);
      expect(read.files).toEqual(result.files);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('live AWS collector throttling (real ECS client over HTTP)', () => {
  let server: Server;
  let endpoint: string;
  const seen: { target: string; throttled: boolean }[] = [];
  beforeAll(async () => {
    let listClustersCalls = 0;
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const target = String(request.headers['x-amz-target'] ?? '');
        const throttle = target.endsWith('.ListClusters') && listClustersCalls++ < 2;
        seen.push({ target, throttled: throttle });
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        if (throttle) {
          response.statusCode = 400;
          response.setHeader('x-amzn-errortype', 'ThrottlingException');
          response.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
          return;
        }
        response.end(JSON.stringify(target.endsWith('.ListClusters') ? { clusterArns: [] } : {}));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('retries ThrottlingException with the adaptive retry strategy and counts the retries', async () => {
    const fake = FakeAws.fromSnapshot(generateEstate({ workloads: 8, seed: 'throttle' }).files);
    const mocked = fake.clientFactory();
    const real = defaultAwsClientFactory({ endpoint, maxAttempts: 5 });
    const credentials = { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'not-a-real-secret-key-for-tests-only0000' };
    const result = await collectAwsAccount({
      credentials,
      regions: ['eu-west-1'],
      clientFactory: { ...mocked, ecs: (scope) => real.ecs({ ...scope, credentials }) },
    });
    expect(result.problems).toEqual([]);
    expect(result.calls['ecs:ListClusters']).toBe(1);
    expect(result.retries).toBe(2);
    expect(seen.filter((s) => s.target.endsWith('.ListClusters')).map((s) => s.throttled)).toEqual([true, true, false]);
    expect(result.files.get(`aws/${fake.defaultAccount}/eu-west-1/ecs/ListClusters.json`)).toEqual([{ clusterArns: [] }]);
  });
});
