/**
 * The ECS recommendations end to end: AWS snapshot directories (aws-estates.ts) → readSnapshot → normalisers → loader
 * → embedded graph server → evaluate(). Every rule's finding set is asserted exactly per account, so both the cases
 * that must fire and the near misses next to them are checked.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mergeFiles, runRules, sorted, type RulesRun } from './harness.js';
import { C, CONTAINERS, EXPOSURE, I, IAM, X } from './aws-estates.js';

let run: RulesRun;

beforeAll(async () => {
  run = await runRules(mergeFiles(CONTAINERS.files(), EXPOSURE.files(), IAM.files()));
}, 120_000);

afterAll(async () => {
  await run?.close();
});

const containers = CONTAINERS.account;
const exposure = EXPOSURE.account;
const iam = IAM.account;

describe('ECS recommendations on Fargate task definitions', () => {
  it('ecs-elevated-privileges: user absent, empty, root, 0:0, root:root; capabilities added; privileged — Fargate only', () => {
    expect(run.findings('ecs-elevated-privileges', containers)).toEqual(
      sorted([C.rootAbsent, C.rootEmpty, C.rootZero, C.rootRoot, C.rootName, C.caps, C.privileged, C.taskOnly]),
    );
    // '1000:0' and 'rootless' are not root; the EC2 service's definition (and the cluster default that is not Fargate) are out of scope.
    const evidence = run.evidence('ecs-elevated-privileges', C.caps) as { containers: { capabilitiesAdd: string[]; runsAsRoot: boolean }[] };
    expect(evidence.containers).toEqual([expect.objectContaining({ capabilitiesAdd: ['SYS_PTRACE'], runsAsRoot: false })]);
  });

  it('ecs-writable-root-filesystem: readonlyRootFilesystem absent or false, including a non-primary deployment', () => {
    expect(run.findings('ecs-writable-root-filesystem', containers)).toEqual(sorted([C.writableAbsent, C.writableFalse, C.activeDeployment]));
  });

  it('ecs-no-log-configuration (ECS.9) and ecs-secrets-in-environment (ECS.8)', () => {
    expect(run.findings('ecs-no-log-configuration', containers)).toEqual([C.noLogs]);
    expect(run.findings('ecs-secrets-in-environment', containers)).toEqual([C.envSecret]);
    expect(run.evidence('ecs-secrets-in-environment', C.envSecret)).toEqual({ containers: [{ container: 'app', variables: ['AWS_SECRET_ACCESS_KEY'] }] });
  });

  it('ecs-host-network-mode and ecs-shared-host-namespaces concern the EC2 capacity next to Fargate', () => {
    expect(run.findings('ecs-host-network-mode', containers)).toEqual([C.hostModes]);
    expect(run.findings('ecs-shared-host-namespaces', containers)).toEqual([C.hostModes]);
  });

  it('ecs-old-platform-version (ECS.10): 1.3.0 fires; 1.4.0, LATEST and Windows 1.0.0 do not', () => {
    expect(run.findings('ecs-old-platform-version', containers)).toEqual([C.pvOld]);
  });
});

describe('ECS Exec', () => {
  it('ecs-exec-logging-disabled: NONE; DEFAULT with a non-awslogs PRIMARY container or exec task; OVERRIDE without destinations', () => {
    expect(run.findings('ecs-exec-logging-disabled', containers)).toEqual(
      sorted([C.clusters.execNone, C.clusters.execSplunk, C.clusters.execOverrideEmpty, C.clusters.execTask]),
    );
    // NONE without exec users, DEFAULT with awslogs, DEFAULT whose only splunk container is in a non-primary deployment,
    // OVERRIDE with an S3 bucket and an EC2-only exec service do not fire.
    expect(run.evidence('ecs-exec-logging-disabled', C.clusters.execSplunk)).toMatchObject({
      logging: 'DEFAULT', execEnabledServices: [C.execSplunk], unloggedContainers: [{ workloadId: C.execSplunk, container: 'app', logDriver: 'splunk' }],
    });
  });

  it('ecs-exec-enabled: Fargate services with enableExecuteCommand', () => {
    expect(run.findings('ecs-exec-enabled', containers)).toEqual(
      sorted([C.execNone, C.execSplunk, C.execAwslogs, C.execPrimary, C.execOverrideEmpty, C.execOverrideS3]),
    );
  });
});

describe('ecs-public-task', () => {
  it('fires for direct IPv4 (explicit and main route table), IPv6-only, NLB without groups, ALB open on the listener port, and a standalone task', () => {
    expect(run.findings('ecs-public-task', exposure)).toEqual(sorted([X.direct, X.mainTable, X.spot, X.v6, X.nlb, X.alb, X.taskPublic]));
  });

  it('does not fire on NAT-only subnets, closed groups, disabled public IPs, EC2, IPv6 without a ::/0 rule, wrong listener port, internal or inactive load balancers', () => {
    const findings = run.findings('ecs-public-task', exposure);
    for (const name of ['private', 'closed', 'no-public-ip', 'ec2-direct', 'ipv6-no-rule', 'behind-wrong-port', 'behind-internal', 'behind-inactive']) {
      expect(findings).not.toContain(EXPOSURE.serviceArn('web', name));
    }
  });

  it('evidence names the route, gateway, groups and load balancer chain', () => {
    expect(run.evidence('ecs-public-task', X.direct)).toEqual({
      exposures: [expect.objectContaining({
        via: 'direct', families: ['ipv4'], ports: ['8080/tcp'], subnetIds: ['subnet-public'], routeTableIds: ['rtb-public'],
        internetGatewayIds: ['igw-0123456789abcdef0'], securityGroupIds: ['sg-open'], publicIpSources: ['assignPublicIp'],
      })],
    });
    expect(run.evidence('ecs-public-task', X.v6)).toEqual({
      exposures: [expect.objectContaining({ via: 'direct', families: ['ipv6'], routeTableIds: ['rtb-v6'], securityGroupIds: ['sg-open6'] })],
    });
    expect(run.evidence('ecs-public-task', X.nlb)).toEqual({
      exposures: [expect.objectContaining({ via: 'load-balancer', loadBalancerId: X.nlbArn, targetGroupId: X.tgNlb, loadBalancerWithoutSecurityGroups: true, ports: ['443/tcp'] })],
    });
  });
});

describe('ecs-task-role-privileged', () => {
  it('fires for administrator, wildcard, NotAction, boundary-limited service wildcard, escalation, NotResource, conditional grants, bare names and overrides', () => {
    const d = I.definitions;
    expect(run.findings('ecs-task-role-privileged', iam)).toEqual(sorted([
      d.admin!, d['admin-bare']!, d.pathed!, d['not-action']!, d['bounded-s3']!, d['pass-role']!, d['conditional-deny']!,
      d['not-resource']!, d['conditional-allow']!, d.override!,
    ]));
  });

  it('does not fire when a Deny, a boundary, resource scoping, a non-default version or EC2 takes the privilege away', () => {
    const findings = run.findings('ecs-task-role-privileged', iam);
    for (const family of ['denied', 'bounded', 'pass-role-denied', 'scoped', 'reader', 'old-version', 'ec2-admin']) {
      expect(findings).not.toContain(I.definitions[family]);
    }
  });

  it('evidence gives the policy, statement and action, the reason, and where the role came from', () => {
    const grantsOf = (family: string) => (run.evidence('ecs-task-role-privileged', I.definitions[family]!) as { grants: Record<string, unknown>[] }).grants;
    expect(grantsOf('admin')).toEqual([expect.objectContaining({
      source: 'taskRoleArn', roleArn: I.roles.admin, reason: 'administrator-access', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', action: '*',
    })]);
    expect(grantsOf('admin-bare')).toEqual([expect.objectContaining({ roleArn: I.roles.adminBare, taskRoleArn: 'admin-bare' })]);
    expect(grantsOf('not-action')).toEqual([expect.objectContaining({ reason: 'not-action' })]);
    expect(grantsOf('bounded-s3')).toEqual([expect.objectContaining({ reason: 'service-wildcard', action: 's3:*' })]);
    expect(grantsOf('pass-role')).toEqual([expect.objectContaining({ reason: 'privilege-escalation', action: 'iam:PassRole', policyArn: `${I.roles.passRole}/inline/policy` })]);
    expect(grantsOf('conditional-allow')).toEqual([expect.objectContaining({ reason: 'full-wildcard', conditional: true, sid: 'RegionLocked' })]);
    expect(grantsOf('override')).toEqual([expect.objectContaining({ source: 'overrides.taskRoleArn', roleArn: I.roles.overrideAdmin })]);
  });
});
