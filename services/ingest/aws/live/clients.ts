/**
 * SDK v3 clients for the live AWS collector. One client per service and region (clients hold a connection pool and
 * the adaptive rate limiter's state, which is per region in AWS's own throttling model). Crawls use
 * `retryMode: 'adaptive'`: the standard retry strategy (exponential back-off with jitter, always retrying
 * ThrottlingException / RequestLimitExceeded / Throttling) plus a client-side token bucket that slows the client
 * down after throttling instead of retrying at full speed.
 */
import { ECSClient, type ECSClientConfig } from '@aws-sdk/client-ecs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';

/** Static keys or a provider (the default chain when absent). */
export type AwsCredentials = ECSClientConfig['credentials'];

export interface AwsClientScope {
  region: string;
  credentials?: AwsCredentials;
}

export interface AwsClientFactory {
  ecs(scope: AwsClientScope): ECSClient;
  ec2(scope: AwsClientScope): EC2Client;
  elbv2(scope: AwsClientScope): ElasticLoadBalancingV2Client;
  ecr(scope: AwsClientScope): ECRClient;
  iam(scope: AwsClientScope): IAMClient;
  sts(scope: AwsClientScope): STSClient;
}

export interface AwsClientSettings {
  /** Attempts per request including the first (SDK default 3; crawls need more headroom under throttling). */
  maxAttempts?: number;
  /** Send every service to this endpoint (tests, LocalStack, VPC endpoints). */
  endpoint?: string;
}

export const DEFAULT_MAX_ATTEMPTS = 10;

export function defaultAwsClientFactory(settings: AwsClientSettings = {}): AwsClientFactory {
  const config = (scope: AwsClientScope) => ({
    region: scope.region,
    ...(scope.credentials !== undefined ? { credentials: scope.credentials } : {}),
    retryMode: 'adaptive' as const,
    maxAttempts: settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
  });
  return {
    ecs: (scope) => new ECSClient(config(scope)),
    ec2: (scope) => new EC2Client(config(scope)),
    elbv2: (scope) => new ElasticLoadBalancingV2Client(config(scope)),
    ecr: (scope) => new ECRClient(config(scope)),
    // IAM is global; its endpoint lives in us-east-1 (aws partition). STS uses the regional endpoint of the scope.
    iam: (scope) => new IAMClient(config({ ...scope, region: scope.region || 'us-east-1' })),
    sts: (scope) => new STSClient(config(scope)),
  };
}
