/**
 * Live AWS collector: scans ECS on Fargate estates with the SDK v3 clients and returns the responses exactly as the
 * snapshot/v1 format stores them (one JSON array per operation and region, one element per call, `$metadata`
 * dropped, secrets redacted). Recording a scan is `writeSnapshot` of the returned files, so a replay and a live
 * scan feed the same normaliser.
 *
 * One account: STS GetCallerIdentity → enabled regions (EC2 DescribeRegions) unless given → IAM
 * GetAccountAuthorizationDetails once → per region (bounded concurrency): ECS clusters/services/tasks/task
 * definitions, then the EC2/ELBv2 network objects those reference (see aws/live/network.ts for the call strategy).
 * Several accounts: STS AssumeRole into a read-only role per account, accounts scanned with a bound.
 * A failing region or step is reported in `problems`; the rest of the estate is still returned.
 */
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { SnapshotFiles } from '../snapshot/files.js';
import { mapBounded } from './live/bounded.js';
import { CallCounter, type CallCount, totalCalls } from './live/calls.js';
import { defaultAwsClientFactory, type AwsClientFactory, type AwsCredentials } from './live/clients.js';
import { errorSummary, reportProblem, type LiveProblem, type RegionContext } from './live/context.js';
import { collectEcs, servicesOf, tasksOf, type EcsSeen } from './live/ecs.js';
import { authorizationDetails, callerIdentity, ecrScanFindings, enabledRegions, GAAD_MAX_ITEMS } from './live/global.js';
import { addMinimum, regionMinimum, sumCounts } from './live/minimum.js';
import { collectNetwork, type NetworkSeen } from './live/network.js';
import { SnapshotRecorder } from './live/recorder.js';

export type { CallCount } from './live/calls.js';
export type { LiveProblem } from './live/context.js';
export type { AwsClientFactory, AwsCredentials } from './live/clients.js';
export { defaultAwsClientFactory } from './live/clients.js';

export interface AwsAccountScanOptions {
  /** Credentials to scan with (or to assume `roleArn` with); the SDK default chain when absent. */
  credentials?: AwsCredentials;
  /** Assume this read-only role first (cross-account scans). */
  roleArn?: string;
  /** Session name for AssumeRole (shows in the target account's CloudTrail). */
  roleSessionName?: string;
  externalId?: string;
  /** Regions to scan; the account's enabled regions when absent. */
  regions?: string[];
  /** Region for STS, DescribeRegions and IAM (default AWS_REGION, else us-east-1). */
  homeRegion?: string;
  clientFactory?: AwsClientFactory;
  /** Regions scanned at once (default 4). */
  regionConcurrency?: number;
  /** Clusters described at once within a region (default 4). */
  clusterConcurrency?: number;
  /** Single-item describes (task definitions, listeners) in flight per region (default 5). */
  describeConcurrency?: number;
  /** Also fetch ECR DescribeImageScanFindings for running digests (default false). */
  ecrFindings?: boolean;
}

export interface AwsScanResult {
  files: SnapshotFiles;
  /** Calls made per operation (`service:Operation`), failed calls included. */
  calls: CallCount;
  /** The fewest calls the batch limits allow for the estate seen, per operation. */
  minimum: CallCount;
  /** Extra attempts the SDK retry strategy made (throttling, transient errors). */
  retries: number;
  problems: LiveProblem[];
  /** Accounts scanned and regions per account. */
  scopes: { accountId: string; regions: string[] }[];
}

const DEFAULT_SESSION_NAME = 'serverless-attack-paths-readonly';

function homeRegionOf(options: AwsAccountScanOptions): string {
  return options.homeRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

async function assumeRole(
  factory: AwsClientFactory,
  counter: CallCounter,
  options: AwsAccountScanOptions & { roleArn: string },
): Promise<AwsCredentials> {
  const sts = counter.instrument('sts', factory.sts({ region: homeRegionOf(options), credentials: options.credentials }));
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: options.roleArn,
      RoleSessionName: options.roleSessionName ?? DEFAULT_SESSION_NAME,
      DurationSeconds: 3600,
      ...(options.externalId !== undefined ? { ExternalId: options.externalId } : {}),
    }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${options.roleArn} returned no credentials`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken !== undefined ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration !== undefined ? { expiration: c.Expiration } : {}),
  };
}

interface RegionOutcome {
  ecs: EcsSeen;
  network?: NetworkSeen;
  ecrImages?: number;
}

async function collectRegion(ctx: RegionContext, recorder: SnapshotRecorder): Promise<RegionOutcome> {
  let ecs: EcsSeen;
  try {
    ecs = await collectEcs(ctx, recorder);
  } catch (error) {
    reportProblem(ctx, 'ecs (region)', error);
    return { ecs: { clusters: [], perCluster: [], taskDefinitions: [], taskDefinitionArns: [] } };
  }
  if (ecs.perCluster.length === 0) return { ecs };
  const services = servicesOf(ecs);
  const tasks = tasksOf(ecs);
  const network = await collectNetwork(ctx, recorder, services, tasks);
  const ecrImages = ctx.ecrFindings ? await ecrScanFindings(ctx, ctx.ecr, tasks, recorder) : undefined;
  return { ecs, network, ...(ecrImages !== undefined ? { ecrImages } : {}) };
}

/** Scans one account (optionally through an assumed role). */
export async function collectAwsAccount(options: AwsAccountScanOptions = {}): Promise<AwsScanResult> {
  const created: { destroy(): void }[] = [];
  try {
    return await scanAccount(options, trackClients(options.clientFactory ?? defaultAwsClientFactory(), created));
  } finally {
    // Release the clients' keep-alive sockets so a finished scan does not hold the process open.
    for (const client of created) client.destroy();
  }
}

function trackClients(factory: AwsClientFactory, created: { destroy(): void }[]): AwsClientFactory {
  const track = <C extends { destroy(): void }>(client: C): C => (created.push(client), client);
  return {
    ecs: (scope) => track(factory.ecs(scope)),
    ec2: (scope) => track(factory.ec2(scope)),
    elbv2: (scope) => track(factory.elbv2(scope)),
    ecr: (scope) => track(factory.ecr(scope)),
    iam: (scope) => track(factory.iam(scope)),
    sts: (scope) => track(factory.sts(scope)),
  };
}

async function scanAccount(options: AwsAccountScanOptions, factory: AwsClientFactory): Promise<AwsScanResult> {
  const counter = new CallCounter();
  const problems: LiveProblem[] = [];
  const minimum: Record<string, number> = {};
  const recorder = new SnapshotRecorder();
  const homeRegion = homeRegionOf(options);
  const empty = (): AwsScanResult => ({
    files: recorder.toFiles(),
    calls: counter.snapshot(),
    minimum: sumCounts(minimum),
    retries: counter.retries,
    problems,
    scopes: [],
  });

  let credentials = options.credentials;
  if (options.roleArn) {
    addMinimum(minimum, 'sts:AssumeRole', 1);
    try {
      credentials = await assumeRole(factory, counter, { ...options, roleArn: options.roleArn });
    } catch (error) {
      problems.push({ scope: `aws:${options.roleArn}`, operation: 'sts:AssumeRole', message: errorSummary(error) });
      return empty();
    }
  }

  const sts = counter.instrument('sts', factory.sts({ region: homeRegion, credentials }));
  addMinimum(minimum, 'sts:GetCallerIdentity', 1);
  let accountId: string;
  try {
    accountId = (await callerIdentity(sts, recorder)).accountId;
  } catch (error) {
    problems.push({ scope: `aws:${options.roleArn ?? 'default-credentials'}`, operation: 'sts:GetCallerIdentity', message: errorSummary(error) });
    return empty();
  }

  let regions = options.regions;
  if (!regions) {
    addMinimum(minimum, 'ec2:DescribeRegions', 1);
    try {
      regions = await enabledRegions(counter.instrument('ec2', factory.ec2({ region: homeRegion, credentials })));
    } catch (error) {
      problems.push({ scope: `aws:${accountId}:global`, operation: 'ec2:DescribeRegions', message: errorSummary(error) });
      regions = [homeRegion];
    }
  }

  const iamWork = (async () => {
    const iam = counter.instrument('iam', factory.iam({ region: homeRegion, credentials }));
    try {
      const items = await authorizationDetails(iam, accountId, recorder);
      addMinimum(minimum, 'iam:GetAccountAuthorizationDetails', Math.max(1, Math.ceil(items / GAAD_MAX_ITEMS)));
    } catch (error) {
      addMinimum(minimum, 'iam:GetAccountAuthorizationDetails', 1);
      problems.push({ scope: `aws:${accountId}:global`, operation: 'iam:GetAccountAuthorizationDetails', message: errorSummary(error) });
    }
  })();

  const regionList = regions;
  const regionWork = mapBounded(regionList, options.regionConcurrency ?? 4, async (region) => {
    const scope = { region, credentials };
    const regionRecorder = new SnapshotRecorder();
    const ctx: RegionContext = {
      accountId,
      region,
      ecs: counter.instrument('ecs', factory.ecs(scope)),
      ec2: counter.instrument('ec2', factory.ec2(scope)),
      elbv2: counter.instrument('elbv2', factory.elbv2(scope)),
      ecr: counter.instrument('ecr', factory.ecr(scope)),
      clusterConcurrency: options.clusterConcurrency ?? 4,
      describeConcurrency: options.describeConcurrency ?? 5,
      ecrFindings: options.ecrFindings ?? false,
      problems,
    };
    const outcome = await collectRegion(ctx, regionRecorder);
    return { outcome, regionRecorder };
  });
  const [, perRegion] = await Promise.all([iamWork, regionWork]);

  const files = recorder.toFiles();
  for (const { outcome, regionRecorder } of perRegion) {
    regionRecorder.toFiles(files);
    regionMinimum(outcome, minimum);
  }
  return {
    files,
    calls: counter.snapshot(),
    minimum: sumCounts(minimum),
    retries: counter.retries,
    problems,
    scopes: [{ accountId, regions: regionList }],
  };
}

export interface AwsOrganizationScanOptions extends Omit<AwsAccountScanOptions, 'roleArn'> {
  /** Read-only roles to assume, one per account. Without any, the credentials' own account is scanned. */
  roleArns?: string[];
  /** Accounts scanned at once (default 3). */
  accountConcurrency?: number;
}

/** Scans several accounts concurrently (bounded) and merges their files, counts and problems. */
export async function collectAwsAccounts(options: AwsOrganizationScanOptions): Promise<AwsScanResult> {
  const roleArns = options.roleArns ?? [];
  const targets: (string | undefined)[] = roleArns.length > 0 ? roleArns : [undefined];
  const factory = options.clientFactory ?? defaultAwsClientFactory();
  const results = await mapBounded(targets, options.accountConcurrency ?? 3, (roleArn) =>
    collectAwsAccount({ ...options, clientFactory: factory, ...(roleArn !== undefined ? { roleArn } : {}) }),
  );
  const files: SnapshotFiles = new Map();
  for (const result of results) for (const [path, body] of result.files) files.set(path, body);
  return {
    files,
    calls: sumCounts(...results.map((r) => r.calls)),
    minimum: sumCounts(...results.map((r) => r.minimum)),
    retries: results.reduce((sum, r) => sum + r.retries, 0),
    problems: results.flatMap((r) => r.problems),
    scopes: results.flatMap((r) => r.scopes),
  };
}

/** calls / minimum over all operations (1 = no wasted call). */
export function callRatio(result: Pick<AwsScanResult, 'calls' | 'minimum'>): number {
  const minimum = totalCalls(result.minimum);
  return minimum === 0 ? 1 : totalCalls(result.calls) / minimum;
}
