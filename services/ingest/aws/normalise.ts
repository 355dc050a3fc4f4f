/**
 * AWS normaliser: the snapshot files of one or more accounts → Facts. Scopes: `aws:<account>:global` (account, IAM)
 * and `aws:<account>:<region>` (ECS, EC2, ELBv2, ECR), both with parent `aws:<account>`.
 */
import type { FactsBuilder } from '../facts.js';
import { asObject, optString } from '../read.js';
import type { SnapshotFiles } from '../snapshot/files.js';
import { normaliseEcrFindings } from '../vulnerabilities.js';
import { awsAccountScope, awsScope, pages } from './common.js';
import { normaliseEcs } from './ecs.js';
import { normaliseIam } from './iam.js';
import { normaliseNetwork } from './network.js';

/** accountId → regions (excluding `global`) present in the files. */
function accountsAndRegions(files: SnapshotFiles): Map<string, Set<string>> {
  const accounts = new Map<string, Set<string>>();
  for (const path of files.keys()) {
    const parts = path.split('/');
    if (parts[0] !== 'aws' || parts.length < 4) continue;
    const accountId = parts[1]!;
    const region = parts[2]!;
    let regions = accounts.get(accountId);
    if (regions === undefined) accounts.set(accountId, (regions = new Set()));
    if (region !== 'global') regions.add(region);
  }
  return accounts;
}

export function normaliseAws(files: SnapshotFiles, facts: FactsBuilder): void {
  for (const [accountId, regions] of accountsAndRegions(files)) {
    const parent = awsAccountScope(accountId);
    const global = facts.scope(awsScope(accountId, 'global'), parent, 'aws');
    const globalBase = `aws/${accountId}/global`;
    let callerArn: string | undefined;
    for (const { page, index } of pages(files, `${globalBase}/sts/GetCallerIdentity.json`, global)) {
      try {
        const account = optString(asObject(page, 'response'), 'Account');
        if (account !== undefined && account !== accountId) {
          global.problem(`${globalBase}/sts/GetCallerIdentity.json[${index}]`, `Account ${account} differs from the directory's account ${accountId}`);
        }
        callerArn = optString(page, 'Arn') ?? callerArn;
      } catch (error) {
        global.problem(`${globalBase}/sts/GetCallerIdentity.json[${index}]`, (error as Error).message);
      }
    }
    global.node('AwsAccount', accountId, { name: accountId, cloud: 'aws', accountId, callerArn });
    const roles = normaliseIam(files, globalBase, accountId, global);

    for (const region of [...regions].sort()) {
      const scope = facts.scope(awsScope(accountId, region), parent, 'aws');
      const base = `aws/${accountId}/${region}`;
      const regionId = awsScope(accountId, region);
      scope.node('AwsRegion', regionId, { name: region, cloud: 'aws', accountId, region });
      scope.relationship('REGION_IN_ACCOUNT', regionId, accountId);
      const context = { files, base, accountId, region, scope };
      const enis = normaliseNetwork(context);
      normaliseEcs(context, roles, enis);
      const ecrPath = `${base}/ecr/DescribeImageScanFindings.json`;
      if (files.has(ecrPath)) normaliseEcrFindings(ecrPath, files.get(ecrPath), scope);
    }
  }
}
