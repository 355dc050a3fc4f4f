import { describe, it, expect } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEstate } from '../../../services/ingest/generate/synthetic.js';
import { isRedactedValue } from '../../../services/ingest/redact.js';
import { readSnapshot, writeSnapshot, type SnapshotFiles } from '../../../services/ingest/snapshot/files.js';

type Json = Record<string, any>;

function all(files: SnapshotFiles, suffix: string, key: string): Json[] {
  return [...files.entries()].filter(([p]) => p.endsWith(suffix)).flatMap(([, e]) => (e as Json[]).flatMap((x) => x[key] ?? []));
}

function azureRows(files: SnapshotFiles, file: string): Json[] {
  return [...files.entries()].filter(([p]) => p.startsWith('azure/') && p.endsWith(`/${file}`)).flatMap(([, rows]) => rows as Json[]);
}

describe('synthetic estate generator', () => {
  it('writes a snapshot that reads back without problems', async () => {
    const estate = generateEstate({ workloads: 300, seed: 'roundtrip' });
    const dir = await mkdtemp(join(tmpdir(), 'gen-'));
    try {
      await writeSnapshot(dir, estate.files, { createdAt: '2026-11-20T00:00:00.000Z' });
      const read = await readSnapshot(dir);
      expect(read.problems).toEqual([]);
      expect(read.files).toEqual(estate.files);
      expect(read.manifest.scopes.some((s) => s.startsWith('azure-tenant:'))).toBe(true);
      expect(read.manifest.scopes.filter((s) => s.startsWith('aws:') && !s.endsWith(':global'))).toHaveLength(4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateEstate({ workloads: 200, seed: 42 });
    const b = generateEstate({ workloads: 200, seed: 42 });
    const c = generateEstate({ workloads: 200, seed: 43 });
    expect(JSON.stringify([...a.files])).toBe(JSON.stringify([...b.files]));
    expect(JSON.stringify([...a.files])).not.toBe(JSON.stringify([...c.files]));
  });

  it('scales its counts with N: half ECS, a quarter ACA, a quarter ACI', () => {
    for (const n of [40, 400, 1200]) {
      const { files, counts } = generateEstate({ workloads: n, seed: 'scale' });
      expect(counts.ecsServices).toBe(n / 2);
      expect(counts.containerApps).toBe(n / 4);
      expect(counts.containerGroups).toBe(n / 4);
      expect(all(files, 'ecs/DescribeServices.json', 'services')).toHaveLength(n / 2);
      expect(azureRows(files, 'resources.json').filter((r) => r.type === 'microsoft.app/containerapps')).toHaveLength(n / 4);
      expect(azureRows(files, 'resources.json').filter((r) => r.type === 'microsoft.containerinstance/containergroups')).toHaveLength(n / 4);
      const tasks = all(files, 'ecs/DescribeTasks.json', 'tasks');
      expect(tasks.length).toBeGreaterThanOrEqual(n / 2);
      expect(all(files, 'ec2/DescribeNetworkInterfaces.json', 'NetworkInterfaces')).toHaveLength(tasks.length);
    }
  });

  it('respects the recorded batch limits and the format rules', () => {
    const { files } = generateEstate({ workloads: 2000, seed: 'format' });
    for (const [path, body] of files) {
      expect(Array.isArray(body)).toBe(!path.startsWith('vulnerabilities/'));
      if (path.endsWith('DescribeServices.json')) for (const e of body as Json[]) expect(e.services.length).toBeLessThanOrEqual(10);
      if (path.endsWith('DescribeTasks.json')) for (const e of body as Json[]) expect(e.tasks.length).toBeLessThanOrEqual(100);
      if (path.endsWith('DescribeClusters.json')) for (const e of body as Json[]) expect(e.clusters.length).toBeLessThanOrEqual(100);
      if (path.endsWith('DescribeRouteTables.json')) for (const e of body as Json[]) expect(e.RouteTables.length).toBeLessThanOrEqual(100);
    }
    for (const row of azureRows(files, 'resources.json')) expect(row.type).toBe(String(row.type).toLowerCase());
    // IAM documents are URL-encoded JSON, as SDK v3 returns them.
    for (const role of all(files, 'GetAccountAuthorizationDetails.json', 'RoleDetailList')) {
      expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument)).Statement[0].Principal.Service).toBe('ecs-tasks.amazonaws.com');
    }
    // Secret values never enter a snapshot: every environment value is a redaction marker.
    for (const td of [...files.entries()].filter(([p]) => p.endsWith('DescribeTaskDefinition.json')).flatMap(([, e]) => e as Json[])) {
      for (const container of td.taskDefinition.containerDefinitions) for (const v of container.environment) expect(isRedactedValue(v.value)).toBe(true);
    }
  });

  it('has realistic proportions: a fifth exposed, a minority privileged, shared identities', () => {
    const { files } = generateEstate({ workloads: 4000, seed: 'proportions' });
    const services = all(files, 'ecs/DescribeServices.json', 'services');
    const publicLbs = new Set(all(files, 'elbv2/DescribeLoadBalancers.json', 'LoadBalancers').filter((lb) => lb.Scheme === 'internet-facing').map((lb) => lb.LoadBalancerArn));
    const targetGroups = new Map(all(files, 'elbv2/DescribeTargetGroups.json', 'TargetGroups').map((tg) => [tg.TargetGroupArn, tg]));
    const publicSubnets = new Set(all(files, 'ec2/DescribeRouteTables.json', 'RouteTables').filter((rt) => rt.Routes.some((r: Json) => r.GatewayId?.startsWith('igw-') && r.State === 'active')).flatMap((rt) => rt.Associations.map((a: Json) => a.SubnetId)));
    const exposedEcs = services.filter(
      (s) =>
        (s.networkConfiguration.awsvpcConfiguration.assignPublicIp === 'ENABLED' && s.networkConfiguration.awsvpcConfiguration.subnets.some((id: string) => publicSubnets.has(id))) ||
        s.loadBalancers.some((lb: Json) => (targetGroups.get(lb.targetGroupArn)?.LoadBalancerArns ?? []).some((arn: string) => publicLbs.has(arn))),
    );
    const ecsShare = exposedEcs.length / services.length;
    expect(ecsShare).toBeGreaterThan(0.12);
    expect(ecsShare).toBeLessThan(0.28);
    const groups = azureRows(files, 'resources.json').filter((r) => r.type === 'microsoft.containerinstance/containergroups');
    const publicGroups = groups.filter((g) => g.properties.ipAddress.type === 'Public').length / groups.length;
    expect(publicGroups).toBeGreaterThan(0.2);
    expect(publicGroups).toBeLessThan(0.4);
    expect(services.filter((s) => s.enableExecuteCommand).length / services.length).toBeGreaterThan(0.05);

    const roles = all(files, 'GetAccountAuthorizationDetails.json', 'RoleDetailList').filter((r) => r.RoleName !== 'ecsTaskExecutionRole');
    const admin = roles.filter((r) => r.AttachedManagedPolicies.some((p: Json) => p.PolicyName === 'AdministratorAccess'));
    expect(admin.length).toBeGreaterThan(0);
    expect(admin.length / roles.length).toBeLessThan(0.15);
    const taskRoles = services.length / new Set(services.map((s) => s.taskDefinition.replace(/:\d+$/, ''))).size;
    expect(taskRoles).toBeGreaterThanOrEqual(1);
    const assignments = azureRows(files, 'authorizationresources.json').filter((r) => r.type === 'microsoft.authorization/roleassignments');
    const owners = assignments.filter((a) => a.properties.roleDefinitionId.endsWith('8e3af657-a8ff-443c-a75c-2fe8c4bcb635') && a.properties.principalType === 'ServicePrincipal');
    expect(owners.length).toBeGreaterThan(0);
    expect(owners.length / assignments.length).toBeLessThan(0.1);
    expect(assignments.some((a) => a.properties.scope.startsWith('/providers/Microsoft.Management/managementGroups/'))).toBe(true);
    // User-assigned identities are shared by several workloads.
    const uamiUse = new Map<string, number>();
    for (const row of azureRows(files, 'resources.json')) for (const id of Object.keys(row.identity?.userAssignedIdentities ?? {})) uamiUse.set(id, (uamiUse.get(id) ?? 0) + 1);
    expect(Math.max(...uamiUse.values())).toBeGreaterThan(1);
    expect([...files.keys()].filter((p) => p.startsWith('vulnerabilities/')).length).toBeGreaterThanOrEqual(2);
  });

  it('generates 10,000 workloads in seconds', () => {
    const started = Date.now();
    const { counts } = generateEstate({ workloads: 10_000, seed: 'big' });
    expect(counts.ecsServices + counts.containerApps + counts.containerGroups).toBe(10_000);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
