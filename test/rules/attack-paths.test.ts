/**
 * Attack paths end to end on both clouds: exact node id lists per kind (Internet → exposure chain → workload →
 * identity → grant target; exec and modification variants), the factors the risk score uses, and near misses.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mergeFiles, runRules, type RulesRun } from './harness.js';
import { P, PATHS } from './aws-estates.js';
import { A, AZURE, AZURE_VULNERABILITIES, S1, TENANT, lower } from './azure-estates.js';

let run: RulesRun;

beforeAll(async () => {
  run = await runRules(mergeFiles(PATHS.files(), AZURE.files(), AZURE_VULNERABILITIES));
}, 120_000);

afterAll(async () => {
  await run?.close();
});

const account = P.account;
const sortPaths = (paths: string[][]) => [...paths].sort((a, b) => a.join('|').localeCompare(b.join('|')));
const mg = (name: string) => `/providers/microsoft.management/managementgroups/${name}`;
const sub1 = `/subscriptions/${S1}`;

function path(kind: string, entryId: string, identityId: string) {
  return run.result.attackPaths.find((p) => p.kind === kind && p.entryId === entryId && p.identityId === identityId);
}

describe('internet-to-privileged-identity', () => {
  it('AWS: direct exposure, the load balancer chain, and a standalone task running as its override role', () => {
    expect(run.paths('internet-to-privileged-identity', account)).toEqual(sortPaths([
      ['internet', P.publicAdmin, P.roles.admin, account],
      ['internet', P.nlb, P.listener, P.tg, P.behindNlb, P.roles.passRole, account],
      ['internet', P.job, P.roles.admin, account],
    ]));
    // public-reader is exposed with an unprivileged role; exec-admin and private-admin are privileged but not exposed.
    const nlb = path('internet-to-privileged-identity', P.behindNlb, P.roles.passRole)!;
    expect(nlb.nodes.map((n) => n.label)).toEqual(['Internet', 'LoadBalancer', 'Listener', 'TargetGroup', 'EcsService', 'IamRole', 'AwsAccount']);
    expect(nlb.factors).toMatchObject({ exposure: 'load-balancer', privilege: 'privilege-escalation', breadth: 'account', exec: false });
  });

  it('Azure: the widest grant per (workload, identity), management groups and the tenant root group as targets', () => {
    expect(run.paths('internet-to-privileged-identity', '/subscriptions/')).toEqual(sortPaths([
      ['internet', lower(A.apps.publicApp), A.principals.publicApp, sub1],
      ['internet', lower(A.apps.mgInherited), A.principals.sharedUami, mg('prod')],
      ['internet', lower(A.groups.publicGroup), A.principals.aci, mg(TENANT)],
    ]));
    const app = path('internet-to-privileged-identity', lower(A.apps.publicApp), A.principals.publicApp)!;
    expect(app.nodes.map((n) => n.label)).toEqual(['Internet', 'ContainerApp', 'ManagedIdentity', 'Subscription']);
    expect(app.factors).toMatchObject({ exposure: 'ingress', privilege: 'privileged-built-in-role', breadth: 'subscription', criticalVulns: 1 });
    expect((app.evidence as { grants: unknown[] }).grants).toHaveLength(2);
    // The tenant root management group is tenant-wide.
    expect(path('internet-to-privileged-identity', lower(A.groups.publicGroup), A.principals.aci)!.factors).toMatchObject({ exposure: 'public-ip', breadth: 'tenant' });
  });
});

describe('internet-to-privileged-identity-vulnerable-image', () => {
  it('only the exposed privileged workloads whose images carry CRITICAL or HIGH vulnerabilities (ECR and Trivy, joined by digest)', () => {
    expect(run.paths('internet-to-privileged-identity-vulnerable-image', account)).toEqual([['internet', P.publicAdmin, P.roles.admin, account]]);
    expect(run.paths('internet-to-privileged-identity-vulnerable-image', '/subscriptions/')).toEqual([['internet', lower(A.apps.publicApp), A.principals.publicApp, sub1]]);
    const ecs = path('internet-to-privileged-identity-vulnerable-image', P.publicAdmin, P.roles.admin)!;
    expect(ecs.factors).toMatchObject({ criticalVulns: 1, highVulns: 1 });
    // behind-nlb runs an image with a MEDIUM vulnerability only: no path of this kind.
  });
});

describe('ecs-exec-to-privileged-task-role', () => {
  it('exec-enabled Fargate service whose task role is privileged; the entry is exec, not the internet', () => {
    expect(run.paths('ecs-exec-to-privileged-task-role', account)).toEqual([[P.execAdmin, P.roles.admin, account]]);
    expect(path('ecs-exec-to-privileged-task-role', P.execAdmin, P.roles.admin)!.factors).toMatchObject({ exposure: 'exec', exec: true });
  });
});

describe('workload-modification-to-privileged-identity', () => {
  it('AWS: iam:PassRole with ecs:UpdateService on * reaches the more privileged roles of the account, one path per (modifier, role)', () => {
    // The deployer's own grant is privilege-escalation (iam:PassRole); app-admin (Allow *) is wider. app-pass-role is
    // not wider than the deployer, app-admin gains nothing, deployer-denied (Deny iam:PassRole) and app-pass-role (no
    // ECS actions) are not modifiers. The path is drawn through the role's workload with the smallest id.
    expect(run.paths('workload-modification-to-privileged-identity', account)).toEqual([[P.roles.deployer, P.execAdmin, P.roles.admin, account]]);
    const deployer = path('workload-modification-to-privileged-identity', P.execAdmin, P.roles.admin)!;
    expect(deployer.factors).toMatchObject({ exposure: 'modification', privilege: 'administrator-access' });
    expect(deployer.evidence).toMatchObject({ modifierId: P.roles.deployer, workloadCount: 4 });
    expect(new Set((deployer.evidence as { workloadIds: string[] }).workloadIds)).toEqual(new Set([P.execAdmin, P.job, P.privateAdmin, P.publicAdmin]));
  });

  it('Azure: app or group write at a covering scope (resource group, subscription, management group) by a less privileged identity', () => {
    const rgDeploy = `${sub1}/resourcegroups/rg-deploy`;
    const { apps, groups, principals } = A;
    expect(run.paths('workload-modification-to-privileged-identity', '/subscriptions/')).toEqual(sortPaths([
      // a custom app-writer role on the target's resource group
      [principals.deployer, lower(apps.deployTarget), principals.deployTarget, rgDeploy],
      // Contributor on the app resource itself (not privileged: a single resource)
      [principals.operator, lower(apps.deployTarget), principals.deployTarget, rgDeploy],
      // '*/write' on rg-apps reaches the subscription-wide and management-group-wide identities of apps there
      [principals.custom, lower(apps.conditional), principals.conditional, sub1],
      [principals.custom, lower(apps.mgInherited), principals.sharedUami, mg('prod')],
      // ... and the Reservations Administrator identity (a provider scope: the path ends at the assignment)
      [principals.custom, lower(apps.reservations), principals.reservations, A.grants.reservations],
      // Owner of the subscription reaches the management-group and tenant-wide identities below it
      [principals.publicApp, lower(apps.mgInherited), principals.sharedUami, mg('prod')],
      [principals.publicApp, lower(groups.publicGroup), principals.aci, mg(TENANT)],
      // Contributor on the management group reaches the tenant-wide identity of the container group
      [principals.sharedUami, lower(groups.publicGroup), principals.aci, mg(TENANT)],
    ]));
    const deployer = run.result.attackPaths.find((p) => p.kind === 'workload-modification-to-privileged-identity' && p.nodes[0]!.id === principals.deployer)!;
    expect(deployer.evidence).toMatchObject({ modifications: [{ action: 'Microsoft.App/containerApps/write', roleName: 'Container App Deployer', scopeId: rgDeploy }] });
    const custom = run.result.attackPaths.find((p) => p.kind === 'workload-modification-to-privileged-identity' && p.nodes[0]!.id === principals.custom && p.targetId === sub1)!;
    // conditional, custom-authz and public all hold subscription-wide identities: one path, the others in evidence.
    expect(custom.evidence).toMatchObject({ workloadCount: 3 });
  });
});

describe('paths are stable across evaluations', () => {
  it('a second evaluation yields the same path ids (derived relationships rebuilt from scratch)', async () => {
    const { evaluate } = await import('../../services/evaluate/evaluate.js');
    const again = await evaluate(run.driver, { scanId: 'rules-scan', now: new Date('2026-01-01T02:00:00.000Z') });
    expect(again.attackPaths.map((p) => p.id).sort()).toEqual(run.result.attackPaths.map((p) => p.id).sort());
    expect(again.findings.map((f) => f.id).sort()).toEqual(run.result.findings.map((f) => f.id).sort());
  });
});
