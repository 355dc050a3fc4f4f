import { describe, it, expect } from '@jest/globals';
import { normaliseSnapshot } from '../../services/ingest/normalise.js';
import * as F from './fixtures.js';
import { nodeOf, nodeIds, pairs, relsOf, scopeOf } from './facts-helpers.js';

const GLOBAL = `aws:${F.ACCOUNT}:global`;
const REGION = `aws:${F.ACCOUNT}:${F.REGION}`;
const facts = normaliseSnapshot(F.awsFiles());

describe('AWS normaliser', () => {
  it('splits an account into a global scope and region scopes under the account', () => {
    expect(facts.scopes.map((scope) => [scope.scope, scope.parent])).toEqual([
      [GLOBAL, `aws:${F.ACCOUNT}`],
      [REGION, `aws:${F.ACCOUNT}`],
    ]);
    expect(nodeOf(facts, GLOBAL, 'AwsAccount', F.ACCOUNT)).toEqual({
      id: F.ACCOUNT, name: F.ACCOUNT, cloud: 'aws', accountId: F.ACCOUNT, callerArn: `arn:aws:iam::${F.ACCOUNT}:user/scanner`,
    });
    expect(pairs(facts, REGION, 'REGION_IN_ACCOUNT')).toEqual([[REGION, F.ACCOUNT]]);
  });

  it('Fargate behind capacity providers: own strategy, else the cluster default; launchType EC2 is not Fargate', () => {
    const web = nodeOf(facts, REGION, 'EcsService', F.SERVICE_DEFAULT);
    expect(web).toMatchObject({ capacityProviders: [], effectiveCapacityProviders: ['FARGATE'], fargate: true });
    expect(web.launchType).toBeUndefined();
    expect(nodeOf(facts, REGION, 'EcsService', F.SERVICE_SPOT)).toMatchObject({ capacityProviders: ['FARGATE_SPOT'], effectiveCapacityProviders: ['FARGATE_SPOT'], fargate: true });
    expect(nodeOf(facts, REGION, 'EcsService', F.SERVICE_EC2)).toMatchObject({ launchType: 'EC2', effectiveCapacityProviders: [], fargate: false });
  });

  it('service network facts: assignPublicIp (absent = DISABLED), subnets, groups, exec, primary deployment, target groups', () => {
    expect(nodeOf(facts, REGION, 'EcsService', F.SERVICE_DEFAULT)).toEqual({
      id: F.SERVICE_DEFAULT, name: 'web', cloud: 'aws', accountId: F.ACCOUNT, region: F.REGION, clusterArn: F.CLUSTER_DEFAULT, status: 'ACTIVE',
      capacityProviders: [], effectiveCapacityProviders: ['FARGATE'], fargate: true, enableExecuteCommand: true, assignPublicIp: 'ENABLED',
      subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-web'], taskDefinitionArn: F.TD_WEB_2, primaryTaskDefinitionArn: F.TD_WEB_2,
      desiredCount: 2, runningCount: 1,
    });
    expect(nodeOf(facts, REGION, 'EcsService', F.SERVICE_SPOT).assignPublicIp).toBe('DISABLED');
    expect(relsOf(facts, REGION, 'SERVICE_RUNS_TASK_DEFINITION').filter((row) => row.from === F.SERVICE_DEFAULT)).toEqual([
      { from: F.SERVICE_DEFAULT, to: F.TD_WEB_2, props: { primary: true, deploymentStatuses: ['PRIMARY'] } },
      { from: F.SERVICE_DEFAULT, to: F.TD_WEB_1, props: { primary: false, deploymentStatuses: ['ACTIVE'] } },
    ]);
    expect(relsOf(facts, REGION, 'SERVICE_REGISTERED_IN')).toEqual([
      { from: F.SERVICE_DEFAULT, to: F.TG_WEB, props: { containerName: 'web', containerPort: 8080 } },
    ]);
    expect(pairs(facts, REGION, 'SERVICE_IN_SUBNET')).toEqual([[F.SERVICE_SPOT, 'subnet-a'], [F.SERVICE_DEFAULT, 'subnet-a'], [F.SERVICE_DEFAULT, 'subnet-b']]);
  });

  it('DescribeClusters without configuration means exec logging DEFAULT; OVERRIDE keeps its destinations', () => {
    expect(nodeOf(facts, REGION, 'EcsCluster', F.CLUSTER_DEFAULT)).toEqual({
      id: F.CLUSTER_DEFAULT, name: 'default-fargate', cloud: 'aws', accountId: F.ACCOUNT, region: F.REGION, status: 'ACTIVE',
      execLogging: 'DEFAULT', execConfigurationPresent: false, capacityProviders: ['FARGATE', 'FARGATE_SPOT'], defaultCapacityProviders: ['FARGATE'],
    });
    expect(nodeOf(facts, REGION, 'EcsCluster', F.CLUSTER_OVERRIDE)).toMatchObject({
      execLogging: 'OVERRIDE', execConfigurationPresent: true, execS3BucketName: 'exec-audit', containerInsights: 'enabled',
    });
  });

  it('taskRoleArn as a bare name or a name with its path resolves to the full role ARN (path included); full ARNs stay', () => {
    expect(nodeOf(facts, REGION, 'TaskDefinition', F.TD_WEB_2)).toMatchObject({ taskRoleArn: F.ROLE_API, taskRoleArnRaw: 'api-task-role', executionRoleArn: F.ROLE_EXEC });
    expect(nodeOf(facts, REGION, 'TaskDefinition', F.TD_WEB_1)).toMatchObject({ taskRoleArn: F.ROLE_API, taskRoleArnRaw: 'service/api-task-role' });
    expect(nodeOf(facts, REGION, 'TaskDefinition', F.TD_SPOT).taskRoleArn).toBe(F.ROLE_OVERRIDE);
    expect(pairs(facts, REGION, 'TASK_DEFINITION_TASK_ROLE')).toEqual([
      [F.TD_SPOT, F.ROLE_OVERRIDE], [F.TD_WEB_1, F.ROLE_API], [F.TD_WEB_2, F.ROLE_API],
    ]);
  });

  it('running task: overrides.taskRoleArn (bare name) resolved, ENI attachment details joined with the ENI public IP and IPv6, image digest, service link', () => {
    expect(nodeOf(facts, REGION, 'EcsTask', F.TASK_WEB)).toEqual({
      id: F.TASK_WEB, name: '0123456789abcdef', cloud: 'aws', accountId: F.ACCOUNT, region: F.REGION, clusterArn: F.CLUSTER_DEFAULT,
      taskDefinitionArn: F.TD_WEB_2, lastStatus: 'RUNNING', desiredStatus: 'RUNNING', launchType: 'FARGATE', capacityProviderName: 'FARGATE',
      fargate: true, enableExecuteCommand: true, group: 'service:web', startedBy: 'ecs-svc/1', serviceName: 'web', overrideTaskRoleArn: F.ROLE_OVERRIDE,
      eniId: 'eni-web', subnetId: 'subnet-a', privateIpv4Address: '10.0.1.10', publicIp: '198.51.100.7', ipv6Addresses: ['2600:1f18::10'],
      eniSecurityGroupIds: ['sg-web'], imageDigests: [F.DIGEST],
    });
    expect(pairs(facts, REGION, 'TASK_OVERRIDE_TASK_ROLE')).toEqual([[F.TASK_WEB, F.ROLE_OVERRIDE]]);
    expect(pairs(facts, REGION, 'SERVICE_HAS_TASK')).toEqual([[F.SERVICE_DEFAULT, F.TASK_WEB]]);
    expect(pairs(facts, REGION, 'TASK_USES_ENI')).toEqual([[F.TASK_WEB, 'eni-web']]);
    expect(pairs(facts, REGION, 'TASK_IN_SUBNET')).toEqual([[F.TASK_WEB, 'subnet-a']]);
    expect(pairs(facts, REGION, 'TASK_RUNS_IMAGE')).toEqual([[F.TASK_WEB, F.DIGEST]]);
  });

  it('container definitions: user, privileges, read-only root, capabilities, log driver, environment names without values', () => {
    expect(nodeOf(facts, REGION, 'ContainerDefinition', `${F.TD_WEB_2}#web`)).toEqual({
      id: `${F.TD_WEB_2}#web`, name: 'web', cloud: 'aws', image: `${F.ACCOUNT}.dkr.ecr.${F.REGION}.amazonaws.com/web:1`, userSet: false,
      privileged: false, readonlyRootFilesystemSet: false, capabilitiesAdd: ['SYS_PTRACE'], capabilitiesDrop: [], logDriver: 'awslogs',
      essential: true, containerPorts: [8080], secretValueFrom: [`arn:aws:secretsmanager:${F.REGION}:${F.ACCOUNT}:secret:db`],
      envNames: ['MYSQL_ROOT_PASSWORD', 'AWS_ACCESS', 'LOG_LEVEL', 'DB'], envPlainNames: ['MYSQL_ROOT_PASSWORD', 'AWS_ACCESS', 'LOG_LEVEL'],
      envCredentialLikeNames: ['MYSQL_ROOT_PASSWORD', 'AWS_ACCESS'], envSecretNames: ['DB'],
    });
    expect(nodeOf(facts, REGION, 'ContainerDefinition', `${F.TD_WEB_1}#web`)).toMatchObject({
      user: 'root:root', userSet: true, readonlyRootFilesystem: true, readonlyRootFilesystemSet: true, imageDigest: F.DIGEST,
    });
    expect(nodeOf(facts, REGION, 'ContainerDefinition', `${F.TD_SPOT}#spot`)).toMatchObject({ user: '1000', readonlyRootFilesystem: false, logDriver: 'splunk' });
  });

  it('IAM: URL-encoded and object documents, default version only, statements with regex patterns, boundary, stubs', () => {
    expect(nodeIds(facts, GLOBAL, 'IamRole')).toEqual([F.ROLE_OVERRIDE, F.ROLE_EXEC, F.ROLE_API].sort());
    expect(nodeOf(facts, GLOBAL, 'IamRole', F.ROLE_API)).toEqual({
      id: F.ROLE_API, name: 'api-task-role', cloud: 'aws', accountId: F.ACCOUNT, roleName: 'api-task-role', roleId: 'AROA1', path: '/service/',
      permissionsBoundaryArn: F.BOUNDARY_POLICY, trustedServices: ['ecs-tasks.amazonaws.com'], trustedPrincipals: [],
    });
    // only v2 (the default) of AdministratorAccess is kept
    expect(nodeIds(facts, GLOBAL, 'PolicyStatement').filter((id) => id.startsWith(F.ADMIN_POLICY))).toEqual([`${F.ADMIN_POLICY}#0`]);
    expect(nodeOf(facts, GLOBAL, 'PolicyStatement', `${F.ADMIN_POLICY}#0`)).toMatchObject({ effect: 'Allow', actions: ['*'], actionPatterns: ['^.*$'], resources: ['*'] });
    expect(nodeOf(facts, GLOBAL, 'PolicyStatement', `${F.CUSTOM_POLICY}#0`)).toEqual({
      id: `${F.CUSTOM_POLICY}#0`, name: 'Pass', cloud: 'aws', sid: 'Pass', effect: 'Allow', actions: ['iam:pass*', 'ec2:runinstances'],
      notActions: [], actionPatterns: ['^iam:pass.*$', '^ec2:runinstances$'], notActionPatterns: [], resources: ['*'], notResources: [],
      hasCondition: true, condition: '{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}', statementIndex: 0,
    });
    expect(new RegExp((nodeOf(facts, GLOBAL, "PolicyStatement", `${F.CUSTOM_POLICY}#0`).actionPatterns as string[])[0]!).test('iam:passrole')).toBe(true);
    expect(nodeOf(facts, GLOBAL, 'PolicyStatement', `${F.CUSTOM_POLICY}#1`)).toMatchObject({ notActions: ['iam:*'], notResources: ['arn:aws:s3:::secret/*'], resources: [] });
    expect(nodeOf(facts, GLOBAL, 'PolicyStatement', `${F.CUSTOM_POLICY}#2`)).toMatchObject({ effect: 'Deny', actions: ['iam:passrole'] });
    expect(nodeOf(facts, GLOBAL, 'PolicyStatement', `${F.ROLE_API}/inline/read-bucket#0`)).toMatchObject({ actions: ['s3:get*'] });
    expect(relsOf(facts, GLOBAL, 'ROLE_HAS_POLICY')).toEqual([
      { from: F.ROLE_API, to: `${F.ROLE_API}/inline/read-bucket`, props: { attachment: 'inline' } },
      { from: F.ROLE_API, to: F.ADMIN_POLICY, props: { attachment: 'managed' } },
      { from: F.ROLE_OVERRIDE, to: F.CUSTOM_POLICY, props: { attachment: 'managed' } },
    ]);
    expect(pairs(facts, GLOBAL, 'ROLE_PERMISSIONS_BOUNDARY')).toEqual([[F.ROLE_API, F.BOUNDARY_POLICY]]);
    expect(nodeOf(facts, GLOBAL, 'IamPolicy', F.BOUNDARY_POLICY)).toMatchObject({ documentKnown: false });
    expect(nodeOf(facts, GLOBAL, 'IamPolicy', F.ADMIN_POLICY)).toMatchObject({ awsManaged: true, documentKnown: true, defaultVersionId: 'v2' });
  });

  it('route tables: explicit association, else the VPC main table (association Main: true without SubnetId); routes kept raw', () => {
    expect(relsOf(facts, REGION, 'SUBNET_USES_ROUTE_TABLE')).toEqual([
      { from: 'subnet-a', to: 'rtb-main', props: { explicit: false } },
      { from: 'subnet-b', to: 'rtb-private', props: { explicit: true } },
    ]);
    expect(pairs(facts, REGION, 'VPC_MAIN_ROUTE_TABLE')).toEqual([['vpc-1', 'rtb-main']]);
    expect(nodeOf(facts, REGION, 'Route', 'rtb-main#0.0.0.0/0')).toEqual({
      id: 'rtb-main#0.0.0.0/0', name: '0.0.0.0/0', cloud: 'aws', destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1', state: 'active', origin: 'CreateRoute',
    });
    expect(nodeOf(facts, REGION, 'Route', 'rtb-main#::/0')).toMatchObject({ destinationIpv6CidrBlock: '::/0', gatewayId: 'igw-1' });
    expect(nodeOf(facts, REGION, 'Route', 'rtb-private#0.0.0.0/0')).toMatchObject({ natGatewayId: 'nat-1', state: 'blackhole' });
  });

  it('security group rules: one per source, IPv4/IPv6/group sources, all-traffic without ports', () => {
    expect(nodeIds(facts, REGION, 'SecurityGroupRule')).toEqual(['sg-lb#ingress#0#0', 'sg-web#egress#0#0', 'sg-web#ingress#0#0', 'sg-web#ingress#0#1', 'sg-web#ingress#1#0']);
    expect(nodeOf(facts, REGION, 'SecurityGroupRule', 'sg-web#ingress#0#1')).toEqual({
      id: 'sg-web#ingress#0#1', name: 'sg-web#ingress#0#1', cloud: 'aws', direction: 'ingress', protocol: 'tcp', fromPort: 8080, toPort: 8080, cidrIpv6: '::/0',
    });
    expect(nodeOf(facts, REGION, 'SecurityGroupRule', 'sg-web#ingress#1#0')).toEqual({
      id: 'sg-web#ingress#1#0', name: 'sg-web#ingress#1#0', cloud: 'aws', direction: 'ingress', protocol: '-1', sourceSecurityGroupId: 'sg-lb',
    });
    expect(pairs(facts, REGION, 'RULE_FROM_SECURITY_GROUP')).toEqual([['sg-web#ingress#1#0', 'sg-lb']]);
  });

  it('ELBv2: listener default actions forward via TargetGroupArn or ForwardConfig.TargetGroups (weights kept)', () => {
    expect(relsOf(facts, REGION, 'LISTENER_FORWARDS_TO')).toEqual([
      { from: F.LISTENER_80, to: F.TG_WEB, props: {} },
      { from: F.LISTENER_443, to: F.TG_WEB, props: { weight: 90 } },
      { from: F.LISTENER_443, to: F.TG_CANARY, props: { weight: 10 } },
    ]);
    expect(nodeOf(facts, REGION, 'LoadBalancer', F.LB)).toMatchObject({ scheme: 'internet-facing', lbType: 'application', stateCode: 'active', securityGroupIds: ['sg-lb'] });
    expect(nodeOf(facts, REGION, 'Listener', F.LISTENER_443)).toMatchObject({ port: 443, protocol: 'HTTPS', defaultActionTypes: ['forward'] });
  });

  it('ECR findings join the image by digest', () => {
    expect(relsOf(facts, REGION, 'IMAGE_HAS_VULNERABILITY')).toEqual([
      { from: F.DIGEST, to: 'CVE-2024-0001', props: { packages: ['openssl@3.0.1'], fixedVersions: [], sources: ['ecr'] } },
    ]);
  });

  it('malformed elements become problems naming file and element, and are skipped', () => {
    expect(scopeOf(facts, REGION).problems).toEqual([
      { source: `aws/${F.ACCOUNT}/${F.REGION}/ecs/DescribeServices.json[1].services[1]`, message: 'missing or non-string serviceArn' },
      { source: `aws/${F.ACCOUNT}/${F.REGION}/ecs/DescribeServices.json[1].services[2]`, message: 'enableExecuteCommand is not a boolean' },
      { source: `aws/${F.ACCOUNT}/${F.REGION}/ecs/DescribeTaskDefinition.json[3].taskDefinition`, message: 'missing or non-string taskDefinitionArn' },
    ]);
    expect(scopeOf(facts, GLOBAL).problems).toEqual([
      { source: `aws/${F.ACCOUNT}/global/iam/GetAccountAuthorizationDetails.json[1].RoleDetailList[2]`, message: 'missing or non-string Arn' },
    ]);
    expect(nodeIds(facts, REGION, 'EcsService')).toEqual([F.SERVICE_SPOT, F.SERVICE_DEFAULT, F.SERVICE_EC2].sort());
  });

  it('no planted secret value appears in any fact', () => {
    const text = JSON.stringify(facts.scopes.map((scope) => [[...scope.nodes.values()], [...scope.relationships.values()]]));
    for (const secret of F.PLANTED_SECRETS) expect(text).not.toContain(secret);
  });
});
