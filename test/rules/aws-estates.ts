/**
 * The AWS estates of the rule tests, one account per concern so each concern's expected set is exact:
 * containers (task definition settings, ECS Exec, platform versions, host namespaces), exposure (direct, IPv6, load
 * balancers), IAM (over-privileged task roles) and paths (attack paths end to end).
 */
import { ALLOW_ALL, AwsEstate, READ_BUCKET, safeContainer, standardNetwork, type Json, type PolicyDocument } from './aws-estate.js';

export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const SAFE_EXEC_LOGGING = { cloudWatchLogGroupName: '/ecs/exec', cloudWatchEncryptionEnabled: true };

function without(container: Json, ...keys: string[]): Json {
  const copy = { ...container };
  for (const key of keys) delete copy[key];
  return copy;
}

function administratorAccess(estate: AwsEstate): void {
  estate.managedPolicy(ADMINISTRATOR_ACCESS, { v1: ALLOW_ALL }, 'v1');
}

// ---------------------------------------------------------------------------------------------- containers
export const CONTAINERS = new AwsEstate('111111111111');
export const C = (() => {
  const e = CONTAINERS;
  standardNetwork(e);
  e.cluster('apps', { logging: 'OVERRIDE', logConfiguration: SAFE_EXEC_LOGGING });
  e.cluster('ec2-default', { logging: 'OVERRIDE', logConfiguration: SAFE_EXEC_LOGGING, defaultProviders: ['asg-provider'] });
  const td = (family: string, containers: Json[], options: Json = {}) => e.taskDefinition(family, containers, options);
  const ids = {
    rootAbsent: td('root-absent', [without(safeContainer('app'), 'user')]),
    rootEmpty: td('root-empty', [safeContainer('app', { user: '' })]),
    rootZero: td('root-zero', [safeContainer('app', { user: '0:0' })]),
    rootRoot: td('root-root', [safeContainer('app', { user: 'root:root' })]),
    rootName: td('root-name', [safeContainer('app', { user: 'root' })]),
    caps: td('caps', [safeContainer('app', { linuxParameters: { capabilities: { add: ['SYS_PTRACE'], drop: [] }, initProcessEnabled: true } })]),
    privileged: td('privileged', [safeContainer('app', { privileged: true })]),
    nonRoot: td('non-root', [safeContainer('app', { user: '1000:0' }), safeContainer('sidecar', { user: 'rootless', linuxParameters: { capabilities: { add: [], drop: ['ALL'] } } })]),
    writableAbsent: td('writable-absent', [without(safeContainer('app'), 'readonlyRootFilesystem')]),
    writableFalse: td('writable-false', [safeContainer('app', { readonlyRootFilesystem: false })]),
    noLogs: td('no-logs', [without(safeContainer('app'), 'logConfiguration')]),
    splunk: td('splunk', [safeContainer('app', { logConfiguration: { logDriver: 'splunk', options: { 'splunk-url': 'https://splunk.example.com:8088' } } })]),
    envSecret: td('env-secret', [safeContainer('app', { environment: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }] })]),
    secretsRef: td('secrets-ref', [safeContainer('app', { secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf' }] })]),
    ec2Root: td('ec2-root', [without(safeContainer('app'), 'user', 'readonlyRootFilesystem', 'logConfiguration')], { requiresCompatibilities: ['EC2'], networkMode: 'bridge' }),
    ec2Default: td('ec2-default', [without(safeContainer('app'), 'user')], { requiresCompatibilities: ['EC2'] }),
    hostModes: td('host-modes', [safeContainer('app')], { requiresCompatibilities: ['EC2'], networkMode: 'host', pidMode: 'host' }),
    activeDeployment: td('active-deployment', [safeContainer('app', { readonlyRootFilesystem: false })]),
    taskOnly: td('task-only', [without(safeContainer('app'), 'user')]),
    windows: td('windows', [safeContainer('app')], { runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'WINDOWS_SERVER_2019_CORE' } }),
  };
  const svc = (name: string, taskDefinition: string, options: Parameters<AwsEstate['service']>[3] = {}) => e.service('apps', name, taskDefinition, options);
  svc('root-absent', ids.rootAbsent);
  svc('root-empty', ids.rootEmpty);
  svc('root-zero', ids.rootZero);
  // Fargate through the service's own capacity provider strategy (no launchType), and through the cluster default.
  svc('root-root', ids.rootRoot, { launchType: null, capacityProviders: ['FARGATE_SPOT'] });
  svc('root-name', ids.rootName, { launchType: null });
  svc('caps', ids.caps);
  svc('privileged', ids.privileged);
  svc('non-root', ids.nonRoot);
  svc('writable-absent', ids.writableAbsent);
  svc('writable-false', ids.writableFalse);
  svc('no-logs', ids.noLogs);
  svc('env-secret', ids.envSecret);
  svc('secrets-ref', ids.secretsRef);
  svc('ec2-root', ids.ec2Root, { launchType: 'EC2' });
  svc('host-modes', ids.hostModes, { launchType: 'EC2' });
  // The ACTIVE (non-primary) deployment's task definition still runs.
  svc('rolling', ids.nonRoot, { activeTaskDefinition: ids.activeDeployment });
  e.service('ec2-default', 'ec2-default', ids.ec2Default, { launchType: null });
  e.task('apps', ids.taskOnly, {});
  // Platform versions.
  const pvOld = svc('pv-old', ids.nonRoot, { platformVersion: '1.3.0' });
  svc('pv-new', ids.nonRoot, { platformVersion: '1.4.0' });
  svc('pv-latest', ids.nonRoot, { platformVersion: 'LATEST' });
  svc('pv-windows', ids.windows, { platformVersion: '1.0.0' });

  // ECS Exec logging, one cluster per case.
  e.cluster('exec-none', { logging: 'NONE' });
  const execNone = e.service('exec-none', 'api', ids.nonRoot, { exec: true });
  e.cluster('none-no-exec', { logging: 'NONE' });
  e.service('none-no-exec', 'api', ids.nonRoot);
  e.cluster('exec-default-splunk');
  const execSplunk = e.service('exec-default-splunk', 'api', ids.splunk, { exec: true });
  e.cluster('exec-default-awslogs', { logging: 'DEFAULT' });
  const execAwslogs = e.service('exec-default-awslogs', 'api', ids.nonRoot, { exec: true });
  e.cluster('exec-default-primary', { logging: 'DEFAULT' });
  const execPrimary = e.service('exec-default-primary', 'api', ids.nonRoot, { exec: true, activeTaskDefinition: ids.splunk });
  e.cluster('exec-override-empty', { logging: 'OVERRIDE', logConfiguration: { cloudWatchEncryptionEnabled: false, s3EncryptionEnabled: false } });
  const execOverrideEmpty = e.service('exec-override-empty', 'api', ids.nonRoot, { exec: true });
  e.cluster('exec-override-s3', { logging: 'OVERRIDE', logConfiguration: { s3BucketName: 'exec-audit-111111111111', s3EncryptionEnabled: true } });
  const execOverrideS3 = e.service('exec-override-s3', 'api', ids.nonRoot, { exec: true });
  e.cluster('exec-task');
  e.task('exec-task', ids.noLogs, { exec: true });
  e.cluster('exec-ec2', { logging: 'NONE' });
  e.service('exec-ec2', 'api', ids.ec2Root, { exec: true, launchType: 'EC2' });
  return {
    ...ids, pvOld, execNone, execSplunk, execAwslogs, execPrimary, execOverrideEmpty, execOverrideS3,
    clusters: {
      execNone: e.clusterArn('exec-none'), execSplunk: e.clusterArn('exec-default-splunk'),
      execOverrideEmpty: e.clusterArn('exec-override-empty'), execTask: e.clusterArn('exec-task'),
    },
  };
})();

// ---------------------------------------------------------------------------------------------- exposure
export const EXPOSURE = new AwsEstate('222222222222');
export const X = (() => {
  const e = EXPOSURE;
  standardNetwork(e);
  e.cluster('web', { logging: 'OVERRIDE', logConfiguration: SAFE_EXEC_LOGGING });
  const web = e.taskDefinition('web', [safeContainer('app')]);
  const svc = (name: string, options: Parameters<AwsEstate['service']>[3]) => e.service('web', name, web, options);
  const ids = {
    direct: svc('direct', { assignPublicIp: 'ENABLED', subnets: ['subnet-public'], securityGroups: ['sg-open'] }),
    mainTable: svc('main-table', { assignPublicIp: 'ENABLED', subnets: ['subnet-main'], securityGroups: ['sg-open'] }),
    spot: svc('spot-direct', { launchType: null, capacityProviders: ['FARGATE_SPOT'], assignPublicIp: 'ENABLED', subnets: ['subnet-public'], securityGroups: ['sg-open'] }),
    v6: svc('ipv6-only', { subnets: ['subnet-v6'], securityGroups: ['sg-open6'] }),
    nlb: '', alb: '', taskPublic: '',
  };
  svc('private', { assignPublicIp: 'ENABLED', subnets: ['subnet-private'], securityGroups: ['sg-open'] });
  svc('closed', { assignPublicIp: 'ENABLED', subnets: ['subnet-public'], securityGroups: ['sg-closed'] });
  svc('no-public-ip', { subnets: ['subnet-public'], securityGroups: ['sg-open'] });
  svc('ec2-direct', { launchType: 'EC2', assignPublicIp: 'ENABLED', subnets: ['subnet-public'], securityGroups: ['sg-open'] });
  // IPv6: a ::/0 route to the internet gateway and a ::/0 rule, no public IPv4 at all.
  e.eni('eni-v6', 'subnet-v6', ['sg-open6'], { ipv6: ['2001:db8:3::10'] });
  e.task('web', web, { service: 'ipv6-only', eni: 'eni-v6', subnetId: 'subnet-v6' });
  // IPv6 address and a ::/0 route, but the groups only open IPv4.
  const v6NoRule = svc('ipv6-no-rule', { subnets: ['subnet-public'], securityGroups: ['sg-open'] });
  e.eni('eni-v6-no-rule', 'subnet-public', ['sg-open'], { ipv6: ['2001:db8:0::11'] });
  e.task('web', web, { service: 'ipv6-no-rule', eni: 'eni-v6-no-rule', subnetId: 'subnet-public' });
  // Standalone tasks: a public ENI in a public subnet, and one in a private subnet.
  e.eni('eni-public', 'subnet-public', ['sg-open'], { publicIp: '203.0.113.10' });
  ids.taskPublic = e.task('web', web, { eni: 'eni-public', subnetId: 'subnet-public' });
  e.eni('eni-private', 'subnet-private', ['sg-open'], { publicIp: '203.0.113.11' });
  e.task('web', web, { eni: 'eni-private', subnetId: 'subnet-private' });
  // Load balancers.
  const nlb = e.loadBalancer('public-nlb', { type: 'network' });
  const tgNlb = e.targetGroup('nlb-targets', [nlb]);
  e.listener(nlb, 443, 'TCP', tgNlb);
  ids.nlb = svc('behind-nlb', { targetGroups: [tgNlb] });
  const alb = e.loadBalancer('public-alb', { securityGroups: ['sg-lb-80'] });
  const tgAlb = e.targetGroup('alb-targets', [alb]);
  e.listener(alb, 80, 'HTTP', tgAlb);
  ids.alb = svc('behind-alb', { targetGroups: [tgAlb] });
  const albWrongPort = e.loadBalancer('alb-8443', { securityGroups: ['sg-lb-8443'] });
  const tgWrongPort = e.targetGroup('wrong-port-targets', [albWrongPort]);
  e.listener(albWrongPort, 80, 'HTTP', tgWrongPort);
  svc('behind-wrong-port', { targetGroups: [tgWrongPort] });
  const internal = e.loadBalancer('internal-alb', { scheme: 'internal', securityGroups: [] });
  const tgInternal = e.targetGroup('internal-targets', [internal]);
  e.listener(internal, 80, 'HTTP', tgInternal);
  svc('behind-internal', { targetGroups: [tgInternal] });
  const provisioning = e.loadBalancer('new-nlb', { type: 'network', state: 'provisioning' });
  const tgProvisioning = e.targetGroup('new-targets', [provisioning]);
  e.listener(provisioning, 443, 'TCP', tgProvisioning);
  svc('behind-inactive', { targetGroups: [tgProvisioning] });
  return { ...ids, v6NoRule, nlbArn: nlb, tgNlb, albArn: alb };
})();

// ---------------------------------------------------------------------------------------------- IAM
export const IAM = new AwsEstate('333333333333');
export const I = (() => {
  const e = IAM;
  standardNetwork(e);
  administratorAccess(e);
  e.cluster('iam', { logging: 'OVERRIDE', logConfiguration: SAFE_EXEC_LOGGING });
  const inline = (document: PolicyDocument) => ({ policy: document });
  const boundaryRead = e.managedPolicy(e.policyArn('boundary-read'), { v1: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }, 'v1');
  const boundaryS3 = e.managedPolicy(e.policyArn('boundary-s3'), { v1: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }, 'v1');
  const oldAdmin = e.managedPolicy(e.policyArn('old-admin'), { v1: ALLOW_ALL, v2: READ_BUCKET }, 'v2');
  const roles = {
    admin: e.role('admin', { managed: [ADMINISTRATOR_ACCESS] }),
    adminBare: e.role('admin-bare', { managed: [ADMINISTRATOR_ACCESS] }),
    pathed: e.role('pathed', { path: '/service/', inline: inline(ALLOW_ALL) }),
    denied: e.role('denied', { inline: { allow: ALLOW_ALL, deny: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } } }),
    notAction: e.role('not-action', { inline: inline({ Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }] }) }),
    bounded: e.role('bounded', { inline: inline(ALLOW_ALL), boundary: boundaryRead }),
    boundedS3: e.role('bounded-s3', { inline: inline(ALLOW_ALL), boundary: boundaryS3 }),
    passRole: e.role('pass-role', { inline: inline({ Statement: [{ Effect: 'Allow', Action: 'IAM:Pass*', Resource: '*' }] }) }),
    passRoleDenied: e.role('pass-role-denied', { inline: inline({ Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }] }) }),
    conditionalDeny: e.role('conditional-deny', { inline: inline({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }] }) }),
    notResource: e.role('not-resource', { inline: inline({ Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::333333333333:role/admin' }] }) }),
    scoped: e.role('scoped', { inline: inline({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::app/*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::333333333333:role/app-*' }] }) }),
    reader: e.role('reader', { inline: inline(READ_BUCKET) }),
    oldVersion: e.role('old-version', { managed: [oldAdmin] }),
    conditionalAllow: e.role('conditional-allow', { inline: inline({ Statement: [{ Sid: 'RegionLocked', Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }] }) }),
    overrideAdmin: e.role('override-admin', { managed: [ADMINISTRATOR_ACCESS] }),
    ec2Admin: e.role('ec2-admin', { managed: [ADMINISTRATOR_ACCESS] }),
  };
  const definitions: Record<string, string> = {};
  const withRole = (family: string, taskRoleArn: string) =>
    (definitions[family] = e.taskDefinition(family, [safeContainer('app')], { taskRoleArn }));
  withRole('admin', roles.admin);
  withRole('admin-bare', 'admin-bare'); // a bare role name, as DescribeTaskDefinition may return it
  withRole('pathed', roles.pathed);
  for (const family of ['denied', 'not-action', 'bounded', 'bounded-s3', 'pass-role', 'pass-role-denied', 'conditional-deny', 'not-resource', 'scoped', 'reader', 'old-version', 'conditional-allow']) {
    withRole(family, e.roleArn(family));
  }
  withRole('override', roles.reader);
  withRole('ec2-admin', roles.ec2Admin);
  for (const [family, arn] of Object.entries(definitions)) {
    if (family === 'override' || family === 'ec2-admin') continue;
    e.service('iam', family, arn);
  }
  e.service('iam', 'ec2-admin', definitions['ec2-admin']!, { launchType: 'EC2' });
  // A RunTask override replaces the reader role with an administrator for this one task.
  e.task('iam', definitions.override!, { overrideTaskRoleArn: roles.overrideAdmin });
  return { roles, definitions };
})();

// ---------------------------------------------------------------------------------------------- paths
export const DIGEST_CRITICAL = `sha256:${'c1'.repeat(32)}`;
export const DIGEST_MEDIUM = `sha256:${'d2'.repeat(32)}`;
export const PATHS = new AwsEstate('444444444444');
export const P = (() => {
  const e = PATHS;
  standardNetwork(e);
  administratorAccess(e);
  e.cluster('paths', { logging: 'OVERRIDE', logConfiguration: SAFE_EXEC_LOGGING });
  const roles = {
    admin: e.role('app-admin', { managed: [ADMINISTRATOR_ACCESS] }),
    passRole: e.role('app-pass-role', { inline: { policy: { Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] } } }),
    reader: e.role('job-reader', { inline: { policy: READ_BUCKET } }),
    deployer: e.role('deployer', { inline: { deploy: { Statement: [{ Sid: 'Deploy', Effect: 'Allow', Action: ['iam:PassRole', 'ecs:UpdateService', 'ecs:RegisterTaskDefinition', 'ecs:Describe*'], Resource: '*' }] } } }),
    deployerDenied: e.role('deployer-denied', { inline: { deploy: { Statement: [
      { Effect: 'Allow', Action: ['iam:PassRole', 'ecs:UpdateService'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
    ] } } }),
  };
  const td = (family: string, role: string) => e.taskDefinition(family, [safeContainer('app')], { taskRoleArn: role });
  const publicAdmin = e.service('paths', 'public-admin', td('public-admin', roles.admin), { assignPublicIp: 'ENABLED', subnets: ['subnet-public'], securityGroups: ['sg-open'] });
  e.task('paths', e.taskDefinitionArn('public-admin'), { service: 'public-admin', digests: [DIGEST_CRITICAL] });
  e.imageFindings('app', DIGEST_CRITICAL, [{ name: 'CVE-2024-0001', severity: 'CRITICAL' }, { name: 'CVE-2024-0002', severity: 'HIGH' }]);
  const nlb = e.loadBalancer('paths-nlb', { type: 'network' });
  const tg = e.targetGroup('paths-targets', [nlb]);
  const listener = e.listener(nlb, 443, 'TLS', tg);
  const behindNlb = e.service('paths', 'behind-nlb', td('behind-nlb', roles.passRole), { targetGroups: [tg] });
  e.task('paths', e.taskDefinitionArn('behind-nlb'), { service: 'behind-nlb', digests: [DIGEST_MEDIUM] });
  e.imageFindings('app', DIGEST_MEDIUM, [{ name: 'CVE-2024-0003', severity: 'MEDIUM' }]);
  e.eni('eni-job', 'subnet-public', ['sg-open'], { publicIp: '203.0.113.20' });
  const job = e.task('paths', td('job', roles.reader), { eni: 'eni-job', subnetId: 'subnet-public', overrideTaskRoleArn: roles.admin });
  const execAdmin = e.service('paths', 'exec-admin', td('exec-admin', roles.admin), { exec: true });
  const privateAdmin = e.service('paths', 'private-admin', td('private-admin', roles.admin));
  e.service('paths', 'public-reader', td('public-reader', roles.reader), { assignPublicIp: 'ENABLED', subnets: ['subnet-public'], securityGroups: ['sg-open'] });
  return { roles, publicAdmin, behindNlb, job, execAdmin, privateAdmin, nlb, tg, listener, account: e.account };
})();
