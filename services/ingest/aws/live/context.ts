/** What every per-region collector step needs, and how failures are reported. */
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ECRClient } from '@aws-sdk/client-ecr';

/** A call or step that failed; the collector reports it and goes on with the rest of the estate. */
export interface LiveProblem {
  /** `aws:<account>:<region>` (or `aws:<account>:global`, `aws:<roleArn>` before the account is known). */
  scope: string;
  /** The operation or step that failed, e.g. `ecs:DescribeServices cluster/prod`. */
  operation: string;
  /** Error name and message as the SDK reports them (AWS error messages carry no request data). */
  message: string;
}

export interface RegionContext {
  accountId: string;
  region: string;
  ecs: ECSClient;
  ec2: EC2Client;
  elbv2: ElasticLoadBalancingV2Client;
  ecr: ECRClient;
  /** Clusters described at the same time within the region. */
  clusterConcurrency: number;
  /** DescribeTaskDefinition / DescribeListeners calls in flight at once. */
  describeConcurrency: number;
  /** Fetch ECR DescribeImageScanFindings for the digests of running tasks. */
  ecrFindings: boolean;
  problems: LiveProblem[];
}

export function regionPath(ctx: Pick<RegionContext, 'accountId' | 'region'>, service: string, operation: string): string {
  return `aws/${ctx.accountId}/${ctx.region}/${service}/${operation}.json`;
}

export function errorSummary(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}

export function reportProblem(ctx: Pick<RegionContext, 'accountId' | 'region' | 'problems'>, operation: string, error: unknown): void {
  ctx.problems.push({ scope: `aws:${ctx.accountId}:${ctx.region}`, operation, message: errorSummary(error) });
}
