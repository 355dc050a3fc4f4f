/**
 * Live collection from the configured clouds into SnapshotFiles (the same shape a snapshot directory holds), so a
 * live scan and a replay go through the same normalisers and loader. Optionally recorded to a snapshot directory.
 */
import { collectAwsAccounts } from '../ingest/aws/live.js';
import { collectAzureTenant } from '../ingest/azure/live.js';
import type { ScopeFailure } from '../ingest/normalise.js';
import { writeSnapshot, type Problem, type SnapshotFiles } from '../ingest/snapshot/files.js';
import type { ProductConfig } from '../config.js';

export interface LiveCollection {
  files: SnapshotFiles;
  failedScopes: ScopeFailure[];
  problems: Problem[];
  calls: Record<string, number>;
}

export async function collectLiveEstate(config: ProductConfig, options: { recordDir: string | null }): Promise<LiveCollection> {
  const files: SnapshotFiles = new Map();
  const failedScopes: ScopeFailure[] = [];
  const problems: Problem[] = [];
  const calls: Record<string, number> = {};
  const addCalls = (counts: Record<string, number>) => {
    for (const [op, n] of Object.entries(counts)) calls[op] = (calls[op] ?? 0) + n;
  };
  if (config.aws.enabled) {
    const aws = await collectAwsAccounts({ roleArns: config.aws.roleArns, ...(config.aws.regions ? { regions: config.aws.regions } : {}) });
    for (const [path, body] of aws.files) files.set(path, body);
    addCalls(aws.calls);
    for (const p of aws.problems) {
      failedScopes.push({ scope: p.scope, reason: `${p.operation}: ${p.message}` });
      problems.push({ source: `${p.scope} ${p.operation}`, message: p.message });
    }
  }
  if (config.azure.enabled) {
    const azure = await collectAzureTenant(config.azure.subscriptions ? { subscriptions: config.azure.subscriptions } : {});
    for (const [path, body] of azure.files) files.set(path, body);
    addCalls(azure.calls);
    for (const p of azure.problems) {
      // A failed subscription or tenant-wide query leaves the tenant scope incomplete: keep its earlier data.
      failedScopes.push({ scope: `azure-tenant:${azure.tenantId.toLowerCase()}`, reason: `${p.operation} (${p.scope}): ${p.message}` });
      problems.push({ source: `${p.scope} ${p.operation}`, message: p.message });
    }
  }
  if (options.recordDir) {
    await writeSnapshot(options.recordDir, files, {
      createdAt: new Date().toISOString(),
      tool: 'serverless-attack-paths scan --record',
      failedScopes,
    });
  }
  return { files, failedScopes, problems, calls };
}
