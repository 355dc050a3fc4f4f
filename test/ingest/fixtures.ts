/**
 * Small hand-built snapshots covering the traps of cloud-apis.md §13 (used by the normaliser and loader tests).
 * Secret values planted here must never reach facts or the graph.
 */
import type { SnapshotFiles } from '../../services/ingest/snapshot/files.js';

export const PLANTED_SECRETS = ['hunter2-planted-ecs-env', 'AKIAPLANTEDEXAMPLE12', 'planted-aca-secret-value', 'planted-aci-secure', 'planted-registry-password', 'planted-override-env'];

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
const AWS = `aws/${ACCOUNT}/${REGION}`;
const GLOBAL = `aws/${ACCOUNT}/global`;
const arn = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${rest}`;

export const CLUSTER_DEFAULT = arn('ecs', 'cluster/default-fargate');
export const CLUSTER_OVERRIDE = arn('ecs', 'cluster/override');
export const SERVICE_DEFAULT = arn('ecs', 'service/default-fargate/web');
export const SERVICE_SPOT = arn('ecs', 'service/default-fargate/spot');
export const SERVICE_EC2 = arn('ecs', 'service/override/ec2');
export const TD_WEB_1 = arn('ecs', 'task-definition/web:1');
export const TD_WEB_2 = arn('ecs', 'task-definition/web:2');
export const TD_SPOT = arn('ecs', 'task-definition/spot:7');
export const TASK_WEB = arn('ecs', 'task/default-fargate/0123456789abcdef');
export const ROLE_API = `arn:aws:iam::${ACCOUNT}:role/service/api-task-role`;
export const ROLE_OVERRIDE = `arn:aws:iam::${ACCOUNT}:role/override-role`;
export const ROLE_EXEC = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
export const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const CUSTOM_POLICY = `arn:aws:iam::${ACCOUNT}:policy/custom`;
export const BOUNDARY_POLICY = `arn:aws:iam::${ACCOUNT}:policy/boundary`;
export const LB = arn('elasticloadbalancing', 'loadbalancer/app/public/50dc6c495c0c9188');
export const LISTENER_80 = arn('elasticloadbalancing', 'listener/app/public/50dc6c495c0c9188/f2f7dc8efc522ab2');
export const LISTENER_443 = arn('elasticloadbalancing', 'listener/app/public/50dc6c495c0c9188/aaaaaaaaaaaaaaaa');
export const TG_WEB = arn('elasticloadbalancing', 'targetgroup/web/73e2d6bc24d8a067');
export const TG_CANARY = arn('elasticloadbalancing', 'targetgroup/canary/83e2d6bc24d8a067');
export const DIGEST = `sha256:${'ab'.repeat(32)}`;

const encode = (document: unknown) => encodeURIComponent(JSON.stringify(document));

export function awsFiles(): SnapshotFiles {
  return new Map<string, unknown>([
    [`${GLOBAL}/sts/GetCallerIdentity.json`, [{ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/scanner`, UserId: 'AIDA' }]],
    [
      `${GLOBAL}/iam/GetAccountAuthorizationDetails.json`,
      [
        {
          RoleDetailList: [
            {
              Path: '/service/', RoleName: 'api-task-role', RoleId: 'AROA1', Arn: ROLE_API,
              AssumeRolePolicyDocument: encode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
              RolePolicyList: [{ PolicyName: 'read-bucket', PolicyDocument: encode({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'S3:Get*', Resource: 'arn:aws:s3:::app/*' } }) }],
              AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_POLICY }],
              PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: BOUNDARY_POLICY },
            },
          ],
          Policies: [
            {
              PolicyName: 'AdministratorAccess', Arn: ADMIN_POLICY, Path: '/', DefaultVersionId: 'v2',
              PolicyVersionList: [
                { VersionId: 'v1', IsDefaultVersion: false, Document: encode({ Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] }) },
                { VersionId: 'v2', IsDefaultVersion: true, Document: encode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) },
              ],
            },
          ],
          IsTruncated: true,
          Marker: 'm1',
        },
        {
          RoleDetailList: [
            {
              Path: '/', RoleName: 'override-role', RoleId: 'AROA2', Arn: ROLE_OVERRIDE,
              // CLI style: documents as JSON objects
              AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] },
              RolePolicyList: [],
              AttachedManagedPolicies: [{ PolicyName: 'custom', PolicyArn: CUSTOM_POLICY }],
            },
            { Path: '/', RoleName: 'ecsTaskExecutionRole', Arn: ROLE_EXEC, RolePolicyList: [], AttachedManagedPolicies: [] },
            { Path: '/', RoleName: 'broken-role' }, // malformed: no Arn
          ],
          Policies: [
            {
              PolicyName: 'custom', Arn: CUSTOM_POLICY, Path: '/', DefaultVersionId: 'v1',
              PolicyVersionList: [
                {
                  VersionId: 'v1', IsDefaultVersion: true,
                  Document: {
                    Version: '2012-10-17',
                    Statement: [
                      { Sid: 'Pass', Effect: 'Allow', Action: ['iam:Pass*', 'ec2:RunInstances'], Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
                      { Effect: 'Allow', NotAction: ['iam:*'], NotResource: 'arn:aws:s3:::secret/*' },
                      { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
                    ],
                  },
                },
              ],
            },
          ],
          IsTruncated: false,
        },
      ],
    ],
    [
      `${AWS}/ecs/DescribeClusters.json`,
      [
        {
          clusters: [
            // no `configuration` at all: exec logging is DEFAULT
            { clusterArn: CLUSTER_DEFAULT, clusterName: 'default-fargate', status: 'ACTIVE', capacityProviders: ['FARGATE', 'FARGATE_SPOT'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }] },
            {
              clusterArn: CLUSTER_OVERRIDE, clusterName: 'override', status: 'ACTIVE',
              configuration: { executeCommandConfiguration: { logging: 'OVERRIDE', logConfiguration: { s3BucketName: 'exec-audit' } } },
              settings: [{ name: 'containerInsights', value: 'enabled' }],
            },
          ],
          failures: [],
        },
      ],
    ],
    [
      `${AWS}/ecs/DescribeServices.json`,
      [
        {
          services: [
            {
              // launchType omitted, no own strategy: the cluster's default strategy (FARGATE) applies
              serviceArn: SERVICE_DEFAULT, serviceName: 'web', clusterArn: CLUSTER_DEFAULT, status: 'ACTIVE', desiredCount: 2, runningCount: 1,
              enableExecuteCommand: true, taskDefinition: TD_WEB_2,
              deployments: [
                { id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: TD_WEB_2 },
                { id: 'ecs-svc/0', status: 'ACTIVE', taskDefinition: TD_WEB_1 },
              ],
              networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-web'], assignPublicIp: 'ENABLED' } },
              loadBalancers: [{ targetGroupArn: TG_WEB, containerName: 'web', containerPort: 8080 }],
            },
            {
              // own strategy FARGATE_SPOT; assignPublicIp absent => DISABLED
              serviceArn: SERVICE_SPOT, serviceName: 'spot', clusterArn: CLUSTER_DEFAULT, taskDefinition: TD_SPOT,
              capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
              networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a'], securityGroups: [] } },
            },
          ],
        },
        {
          services: [
            { serviceArn: SERVICE_EC2, serviceName: 'ec2', clusterArn: CLUSTER_OVERRIDE, launchType: 'EC2', taskDefinition: TD_SPOT },
            { serviceName: 'malformed-no-arn' },
            { serviceArn: arn('ecs', 'service/x/bad'), enableExecuteCommand: 'yes-please' },
          ],
        },
      ],
    ],
    [
      `${AWS}/ecs/DescribeTasks.json`,
      [
        {
          tasks: [
            {
              taskArn: TASK_WEB, clusterArn: CLUSTER_DEFAULT, taskDefinitionArn: TD_WEB_2, lastStatus: 'RUNNING', desiredStatus: 'RUNNING',
              launchType: 'FARGATE', capacityProviderName: 'FARGATE', enableExecuteCommand: true, group: 'service:web', startedBy: 'ecs-svc/1',
              overrides: { taskRoleArn: 'override-role', containerOverrides: [{ name: 'web', environment: [{ name: 'DEBUG_TOKEN', value: 'planted-override-env' }] }] },
              attachments: [
                {
                  id: 'att-1', type: 'ElasticNetworkInterface', status: 'ATTACHED',
                  details: [
                    { name: 'subnetId', value: 'subnet-a' },
                    { name: 'networkInterfaceId', value: 'eni-web' },
                    { name: 'privateIPv4Address', value: '10.0.1.10' },
                  ],
                },
              ],
              containers: [{ name: 'web', image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:1`, imageDigest: DIGEST.toUpperCase().replace('SHA256', 'sha256') }],
            },
          ],
          failures: [],
        },
      ],
    ],
    [
      `${AWS}/ecs/DescribeTaskDefinition.json`,
      [
        {
          taskDefinition: {
            taskDefinitionArn: TD_WEB_2, family: 'web', revision: 2, status: 'ACTIVE',
            taskRoleArn: 'api-task-role', // bare role name of a role with a path
            executionRoleArn: ROLE_EXEC, networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], compatibilities: ['EC2', 'FARGATE'],
            containerDefinitions: [
              {
                name: 'web', image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:1`, essential: true,
                linuxParameters: { capabilities: { add: ['SYS_PTRACE'] } },
                portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
                environment: [
                  { name: 'MYSQL_ROOT_PASSWORD', value: 'hunter2-planted-ecs-env' },
                  { name: 'AWS_ACCESS', value: 'AKIAPLANTEDEXAMPLE12' },
                  { name: 'LOG_LEVEL', value: 'info' },
                ],
                secrets: [{ name: 'DB', valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db` }],
                logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } },
              },
            ],
          },
          tags: [],
        },
        {
          taskDefinition: {
            taskDefinitionArn: TD_WEB_1, family: 'web', revision: 1, taskRoleArn: 'service/api-task-role', // name with its path
            containerDefinitions: [{ name: 'web', image: `web@${DIGEST}`, user: 'root:root', readonlyRootFilesystem: true, privileged: false }],
          },
        },
        {
          taskDefinition: {
            taskDefinitionArn: TD_SPOT, family: 'spot', revision: 7, taskRoleArn: ROLE_OVERRIDE,
            containerDefinitions: [{ name: 'spot', image: 'busybox', user: '1000', readonlyRootFilesystem: false, logConfiguration: { logDriver: 'splunk' } }],
          },
        },
        { taskDefinition: { family: 'no-arn', containerDefinitions: [] } },
      ],
    ],
    [
      `${AWS}/ec2/DescribeSecurityGroups.json`,
      [
        {
          SecurityGroups: [
            {
              GroupId: 'sg-web', GroupName: 'web', VpcId: 'vpc-1', OwnerId: ACCOUNT,
              IpPermissions: [
                { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }], UserIdGroupPairs: [], PrefixListIds: [] },
                { IpProtocol: '-1', IpRanges: [], UserIdGroupPairs: [{ UserId: ACCOUNT, GroupId: 'sg-lb' }], PrefixListIds: [] },
              ],
              IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
            },
            { GroupId: 'sg-lb', GroupName: 'lb', VpcId: 'vpc-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], IpPermissionsEgress: [] },
          ],
        },
      ],
    ],
    [
      `${AWS}/ec2/DescribeSubnets.json`,
      [{ Subnets: [{ SubnetId: 'subnet-a', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', MapPublicIpOnLaunch: false, AvailabilityZone: 'us-east-1a' }, { SubnetId: 'subnet-b', VpcId: 'vpc-1', CidrBlock: '10.0.2.0/24', Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2600:1f18::/64' }] }] }],
    ],
    [
      `${AWS}/ec2/DescribeRouteTables.json`,
      [
        {
          RouteTables: [
            {
              // main table: association with Main: true and no SubnetId
              RouteTableId: 'rtb-main', VpcId: 'vpc-1',
              Associations: [{ Main: true, RouteTableAssociationId: 'rtbassoc-main', RouteTableId: 'rtb-main' }],
              Routes: [
                { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' },
                { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active', Origin: 'CreateRoute' },
                { DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-1', State: 'active' },
              ],
            },
            {
              RouteTableId: 'rtb-private', VpcId: 'vpc-1',
              Associations: [{ Main: false, SubnetId: 'subnet-b', RouteTableAssociationId: 'rtbassoc-b', RouteTableId: 'rtb-private' }],
              Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', State: 'blackhole' }],
            },
          ],
        },
      ],
    ],
    [
      `${AWS}/ec2/DescribeNetworkInterfaces.json`,
      [
        {
          NetworkInterfaces: [
            {
              NetworkInterfaceId: 'eni-web', SubnetId: 'subnet-a', VpcId: 'vpc-1', PrivateIpAddress: '10.0.1.10', InterfaceType: 'interface',
              Groups: [{ GroupId: 'sg-web', GroupName: 'web' }], Association: { PublicIp: '198.51.100.7', IpOwnerId: 'amazon' },
              Ipv6Addresses: [{ Ipv6Address: '2600:1f18::10' }],
            },
          ],
        },
      ],
    ],
    [
      `${AWS}/elbv2/DescribeLoadBalancers.json`,
      [{ LoadBalancers: [{ LoadBalancerArn: LB, LoadBalancerName: 'public', Scheme: 'internet-facing', Type: 'application', State: { Code: 'active' }, VpcId: 'vpc-1', SecurityGroups: ['sg-lb'], AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: 'subnet-a' }], IpAddressType: 'ipv4' }] }],
    ],
    [
      `${AWS}/elbv2/DescribeListeners.json`,
      [
        {
          Listeners: [
            { ListenerArn: LISTENER_80, LoadBalancerArn: LB, Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: TG_WEB }] },
            {
              ListenerArn: LISTENER_443, LoadBalancerArn: LB, Port: 443, Protocol: 'HTTPS',
              DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG_WEB, Weight: 90 }, { TargetGroupArn: TG_CANARY, Weight: 10 }] } }],
            },
          ],
        },
      ],
    ],
    [
      `${AWS}/elbv2/DescribeTargetGroups.json`,
      [{ TargetGroups: [{ TargetGroupArn: TG_WEB, TargetGroupName: 'web', Protocol: 'HTTP', Port: 8080, TargetType: 'ip', VpcId: 'vpc-1', LoadBalancerArns: [LB] }, { TargetGroupArn: TG_CANARY, TargetGroupName: 'canary', TargetType: 'ip', LoadBalancerArns: [LB] }] }],
    ],
    [
      `${AWS}/ecr/DescribeImageScanFindings.json`,
      [{ repositoryName: 'web', imageId: { imageDigest: DIGEST }, imageScanFindings: { findings: [{ name: 'CVE-2024-0001', severity: 'HIGH', attributes: [{ key: 'package_name', value: 'openssl' }, { key: 'package_version', value: '3.0.1' }] }] } }],
    ],
  ]);
}

export const TENANT = '6f1d3c2a-8b4e-4c1a-9e2f-0a1b2c3d4e5f';
export const SUB = '0000aaaa-0000-0000-0000-000000000001';
export const SUB_ID = `/subscriptions/${SUB}`;
export const APP_ID = `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.app/containerapps/api`;
export const ENV_ID = `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.app/managedenvironments/env1`;
export const ACI_ID = `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.containerinstance/containergroups/job`;
export const UAMI_ID = `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/api-uami`;
export const APP_PRINCIPAL = '11111111-1111-1111-1111-111111111111';
export const UAMI_PRINCIPAL = '22222222-2222-2222-2222-222222222222';
export const ACI_PRINCIPAL = '44444444-4444-4444-4444-444444444444';
export const OWNER_GUID = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
export const CUSTOM_GUID = 'cccccccc-cccc-cccc-cccc-cccccccccccc';

export function azureFiles(): SnapshotFiles {
  const base = `azure/${TENANT}`;
  return new Map<string, unknown>([
    [
      `${base}/resourcecontainers.json`,
      [
        {
          id: `/subscriptions/${SUB.toUpperCase()}`, name: 'Production', type: 'microsoft.resources/subscriptions', subscriptionId: SUB, tenantId: TENANT,
          properties: { managementGroupAncestorsChain: [{ name: 'Prod', displayName: 'Production' }, { name: TENANT, displayName: 'Tenant Root Group' }] },
        },
      ],
    ],
    [
      `${base}/resources.json`,
      // the whole `az graph query` output shape, resultTruncated as a string
      {
        totalRecords: 5, count: 5, resultTruncated: 'false',
        data: [
          {
            // mixed-case id from ARM: must be lower-cased
            id: `/subscriptions/${SUB}/resourceGroups/RG/providers/Microsoft.App/containerApps/api`, name: 'api', type: 'microsoft.app/containerapps',
            location: 'eastus', resourceGroup: 'RG', subscriptionId: SUB, tenantId: TENANT,
            identity: {
              type: 'SystemAssigned,UserAssigned', principalId: APP_PRINCIPAL, tenantId: TENANT,
              userAssignedIdentities: { [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/API-UAMI`]: { clientId: '33333333-3333-3333-3333-333333333333' } },
            },
            properties: {
              managedEnvironmentId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/ENV1`,
              configuration: {
                ingress: {
                  external: true, targetPort: 8080, transport: 'auto',
                  ipSecurityRestrictions: [
                    { name: 'office', ipAddressRange: '203.0.113.0/24', action: 'Allow' },
                    { name: 'all', ipAddressRange: '0.0.0.0/0', action: 'Allow' },
                  ],
                },
                secrets: [{ name: 'db-password', value: 'planted-aca-secret-value' }, { name: 'kv', keyVaultUrl: 'https://kv.vault.azure.net/secrets/x', identity: 'system' }],
                registries: [{ server: 'myacr.azurecr.io', identity: 'system' }],
                identitySettings: [{ identity: `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/api-uami`, lifecycle: 'Init' }],
              },
              template: {
                containers: [
                  { name: 'api', image: `myacr.azurecr.io/api@${DIGEST}`, env: [{ name: 'DB_PASSWORD', secretRef: 'db-password' }, { name: 'API_KEY', value: 'AKIAPLANTEDEXAMPLE12' }, { name: 'LOG_LEVEL', value: 'info' }] },
                ],
                initContainers: [{ name: 'migrate', image: 'myacr.azurecr.io/migrate:1' }],
              },
            },
          },
          {
            id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/env1`, name: 'env1', type: 'microsoft.app/managedenvironments',
            resourceGroup: 'rg', subscriptionId: SUB, properties: { vnetConfiguration: { internal: false }, publicNetworkAccess: 'Enabled', staticIp: '20.1.2.3' },
          },
          {
            id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/api-uami`, name: 'api-uami',
            type: 'microsoft.managedidentity/userassignedidentities', resourceGroup: 'rg', subscriptionId: SUB,
            properties: { principalId: UAMI_PRINCIPAL.toUpperCase(), clientId: '33333333-3333-3333-3333-333333333333' },
          },
          {
            id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/job`, name: 'job',
            type: 'microsoft.containerinstance/containergroups', resourceGroup: 'rg', subscriptionId: SUB,
            identity: { type: 'SystemAssigned, UserAssigned', principalId: ACI_PRINCIPAL, userAssignedIdentities: { [UAMI_ID]: { principalId: UAMI_PRINCIPAL, clientId: '3' } } },
            properties: {
              ipAddress: { type: 'Public', ip: '20.9.9.9', ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] },
              osType: 'Linux',
              containers: [
                {
                  name: 'job',
                  properties: {
                    image: 'nginx', ports: [{ port: 80 }],
                    environmentVariables: [{ name: 'SECURE', secureValue: 'planted-aci-secure' }, { name: 'HIDDEN', value: null, secureValue: null }, { name: 'PLAIN', value: 'x' }],
                    securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } },
                  },
                },
              ],
              imageRegistryCredentials: [{ server: 'r.azurecr.io', username: 'u', password: 'planted-registry-password' }],
            },
          },
          { id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.App/containerApps/broken`, type: 'microsoft.app/containerapps', subscriptionId: SUB, identity: { type: 'UserAssigned', userAssignedIdentities: 'not-a-map' } },
        ],
      },
    ],
    [
      `${base}/authorizationresources.json`,
      [
        {
          id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/ra1`, name: 'ra1', type: 'microsoft.authorization/roleassignments', subscriptionId: SUB,
          properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER_GUID.toUpperCase()}`, principalId: APP_PRINCIPAL, principalType: 'ServicePrincipal', scope: `/subscriptions/${SUB}` },
        },
        {
          id: '/providers/Microsoft.Management/managementGroups/Prod/providers/Microsoft.Authorization/roleAssignments/ra2', name: 'ra2', type: 'microsoft.authorization/roleassignments', subscriptionId: '',
          properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM_GUID}`, principalId: UAMI_PRINCIPAL, principalType: 'ServicePrincipal', scope: '/providers/Microsoft.Management/managementGroups/Prod' },
        },
        {
          id: '/providers/Microsoft.Authorization/roleAssignments/ra3', name: 'ra3', type: 'microsoft.authorization/roleassignments',
          properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${OWNER_GUID}`, principalId: 'someone-else', principalType: 'User', scope: '/' },
        },
        {
          id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER_GUID}`, name: OWNER_GUID, type: 'microsoft.authorization/roledefinitions', subscriptionId: SUB,
          properties: { roleName: 'Owner', type: 'BuiltInRole', permissions: [{ actions: ['*'], notActions: [] }], assignableScopes: ['/'] },
        },
        {
          id: `/providers/Microsoft.Authorization/roleDefinitions/${OWNER_GUID}`, name: OWNER_GUID, type: 'microsoft.authorization/roledefinitions',
          properties: { roleName: 'Owner', type: 'BuiltInRole', permissions: [{ actions: ['*'], notActions: [] }], assignableScopes: ['/'] },
        },
        {
          id: `/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM_GUID}`, name: CUSTOM_GUID, type: 'microsoft.authorization/roledefinitions',
          properties: { roleName: 'Deployer', type: 'CustomRole', permissions: [{ actions: ['Microsoft.Authorization/*', 'Microsoft.App/containerApps/*'], notActions: ['Microsoft.Authorization/*/Delete'] }], assignableScopes: ['/providers/Microsoft.Management/managementGroups/Prod'] },
        },
        { id: '/x/roleAssignments/bad', type: 'microsoft.authorization/roleassignments', properties: { principalId: 'p' } },
      ],
    ],
    [
      `${base}/authconfigs.json`,
      [
        {
          id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.App/containerApps/api/authConfigs/current`, name: 'current', type: 'Microsoft.App/containerapps/authconfigs',
          properties: { platform: { enabled: true }, globalValidation: { unauthenticatedClientAction: 'AllowAnonymous' }, identityProviders: { azureActiveDirectory: { registration: { clientSecretSettingName: 'aad' } } } },
        },
      ],
    ],
  ]);
}
