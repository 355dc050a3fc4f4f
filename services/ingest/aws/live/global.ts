/** Account-wide calls: caller identity, enabled regions, IAM authorization details, optional ECR findings. */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { paginateGetAccountAuthorizationDetails, type IAMClient } from '@aws-sdk/client-iam';
import { paginateDescribeImageScanFindings, type ECRClient } from '@aws-sdk/client-ecr';
import type { Task } from '@aws-sdk/client-ecs';
import { distinct } from './bounded.js';
import { regionPath, reportProblem, type RegionContext } from './context.js';
import type { SnapshotRecorder } from './recorder.js';

export const GAAD_MAX_ITEMS = 1000;
export const ECR_FINDINGS_PAGE_SIZE = 1000;

export async function callerIdentity(sts: STSClient, recorder: SnapshotRecorder | undefined): Promise<{ accountId: string; arn: string }> {
  const out = await sts.send(new GetCallerIdentityCommand({}));
  if (!out.Account) throw new Error('GetCallerIdentity returned no account id');
  recorder?.append(`aws/${out.Account}/global/sts/GetCallerIdentity.json`, out);
  return { accountId: out.Account, arn: out.Arn ?? '' };
}

/** Regions enabled for the account: opt-in not required, or opted in (DescribeRegions without AllRegions lists those). */
export async function enabledRegions(ec2: EC2Client): Promise<string[]> {
  const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: false }));
  return (out.Regions ?? [])
    .filter((region) => region.OptInStatus === undefined || region.OptInStatus !== 'not-opted-in')
    .map((region) => region.RegionName ?? '')
    .filter((name) => name !== '')
    .sort();
}

/** Roles and the managed policies (local and AWS) they may use; users and groups are not needed by the rules. */
export async function authorizationDetails(iam: IAMClient, accountId: string, recorder: SnapshotRecorder): Promise<number> {
  let items = 0;
  const input = { Filter: ['Role' as const, 'LocalManagedPolicy' as const, 'AWSManagedPolicy' as const], MaxItems: GAAD_MAX_ITEMS };
  for await (const page of paginateGetAccountAuthorizationDetails({ client: iam }, input)) {
    recorder.append(`aws/${accountId}/global/iam/GetAccountAuthorizationDetails.json`, page);
    items += (page.RoleDetailList?.length ?? 0) + (page.Policies?.length ?? 0);
  }
  return items;
}

/** `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]` → registry id and repository. */
export function parseEcrImage(image: string): { registryId: string; region: string; repositoryName: string } | undefined {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(image);
  if (!match) return undefined;
  return { registryId: match[1] as string, region: match[2] as string, repositoryName: match[3] as string };
}

/** ECR scan findings for the digests running in the region, from registries in that region. Returns calls made. */
export async function ecrScanFindings(ctx: RegionContext, ecr: ECRClient, tasks: Task[], recorder: SnapshotRecorder): Promise<number> {
  const wanted = distinct(
    tasks.flatMap((task) =>
      (task.containers ?? []).map((container) => {
        const parsed = parseEcrImage(container.image ?? '');
        if (!parsed || parsed.region !== ctx.region || !container.imageDigest) return undefined;
        return JSON.stringify([parsed.registryId, parsed.repositoryName, container.imageDigest]);
      }),
    ),
  );
  for (const key of wanted) {
    const [registryId, repositoryName, imageDigest] = JSON.parse(key) as [string, string, string];
    try {
      const input = { registryId, repositoryName, imageId: { imageDigest }, maxResults: ECR_FINDINGS_PAGE_SIZE };
      for await (const page of paginateDescribeImageScanFindings({ client: ecr }, input)) {
        recorder.append(regionPath(ctx, 'ecr', 'DescribeImageScanFindings'), page);
      }
    } catch (error) {
      reportProblem(ctx, `ecr:DescribeImageScanFindings ${repositoryName}@${imageDigest}`, error);
    }
  }
  return wanted.length;
}
