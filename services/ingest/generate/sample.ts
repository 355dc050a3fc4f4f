/**
 * The bundled sample estate (samples/estate): a small, hand-shaped estate in snapshot/v1 telling clear stories —
 * attack paths, single findings and safe near-misses. samples/estate/README.md lists what a scan must show; keep the
 * two in step (test/ingest/generate/sample.test.ts checks that the committed files equal this builder's output).
 */
import { redactSnapshotFile } from '../redact.js';
import type { SnapshotFiles } from '../snapshot/files.js';
import { AwsAccountBuilder } from './aws-builder.js';
import { AzureTenantBuilder, BUILTIN_ROLES } from './azure-builder.js';
import { Rng } from './rng.js';
import { trivyReport } from './trivy.js';

export const SAMPLE_AWS_ACCOUNT = '111122223333';
export const SAMPLE_AWS_REGION = 'eu-west-1';
export const SAMPLE_TENANT = '6f1d3c2a-8b4e-4c1a-9e2f-0a1b2c3d4e5f';
export const SAMPLE_SUB_PROD = '3e5a7c9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d';
export const SAMPLE_SUB_DEV = '9a8b7c6d-5e4f-4a3b-9c1d-0e9f8a7b6c5d';
const LEGACY_DIGEST = 'sha256:3f1c9a7be2d04c5f8a6b1e9d7c3f2a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f';

function buildAws(rng: Rng, files: SnapshotFiles): void {
  const account = new AwsAccountBuilder(SAMPLE_AWS_ACCOUNT, rng, `arn:aws:sts::${SAMPLE_AWS_ACCOUNT}:assumed-role/SecurityAudit/scanner`);
  const region = account.region(SAMPLE_AWS_REGION);
  const ecr = (repo: string, tag: string) => `${SAMPLE_AWS_ACCOUNT}.dkr.ecr.${SAMPLE_AWS_REGION}.amazonaws.com/${repo}:${tag}`;

  // Roles: two privileged ones reached from the internet, two privileged ones that are not, scoped ones.
  const storefrontRole = account.role('storefront-task-role', { managed: [account.awsManagedPolicy('AdministratorAccess')] });
  const legacyRole = account.role('legacy-api-task-role', {
    inline: [{ name: 'deploy-anything', statements: [{ Effect: 'Allow', Action: ['iam:PassRole', 'ecs:RunTask'], Resource: '*' }] }],
  });
  const reportingRole = account.role('reporting-task-role', { inline: [{ name: 'data-lake', statements: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }] });
  const adminToolsRole = account.role('admin-tools-task-role', { managed: [account.awsManagedPolicy('PowerUserAccess')] });
  account.role('ops-admin', { managed: [account.awsManagedPolicy('AdministratorAccess')] });
  const scoped = (name: string, bucket: string) =>
    account.role(name, { inline: [{ name: 'app', statements: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${bucket}/*` }] }] });
  const workerRole = scoped('worker-task-role', 'shop-jobs');
  const ordersRole = scoped('orders-task-role', 'shop-orders');
  const catalogRole = account.role('catalog-task-role', {
    managed: [account.awsManagedPolicy('AdministratorAccess')],
    inline: [{ name: 'deny-all-but-read', statements: [{ Effect: 'Deny', NotAction: ['s3:GetObject', 'dynamodb:GetItem', 'dynamodb:Query'], Resource: '*' }] }],
  });
  account.role('ecsTaskExecutionRole', { managed: [account.awsManagedPolicy('AmazonECSTaskExecutionRolePolicy')] });

  // Network: public subnets route to the IGW, private ones use the main table (NAT only), isolated has no default route.
  const vpc = region.vpc();
  const publicRt = region.routeTable(vpc, 'igw');
  const isolatedRt = region.routeTable(vpc, 'none');
  const publicA = region.subnet(vpc, { routeTableId: publicRt, mapPublicIp: true, name: 'public-a' });
  const publicB = region.subnet(vpc, { routeTableId: publicRt, mapPublicIp: true, name: 'public-b' });
  const privateA = region.subnet(vpc, { name: 'private-a' });
  const privateB = region.subnet(vpc, { name: 'private-b' });
  const isolatedA = region.subnet(vpc, { routeTableId: isolatedRt, name: 'isolated-a' });

  const albPublicSg = region.securityGroup(vpc, 'alb-public', [
    { port: 443, cidr: '0.0.0.0/0', description: 'HTTPS from anywhere' },
    { port: 80, cidr: '0.0.0.0/0', description: 'HTTP redirect' },
  ]);
  const albInternalSg = region.securityGroup(vpc, 'alb-internal', [{ port: 443, cidr: '10.0.0.0/8' }]);
  const storefrontSg = region.securityGroup(vpc, 'storefront', [{ port: 8080, fromGroupId: albPublicSg }]);
  const legacySg = region.securityGroup(vpc, 'legacy-api', [{ port: 8080, cidr: '0.0.0.0/0' }]);
  const reportingSg = region.securityGroup(vpc, 'reporting', [{ port: 8080, cidr: '0.0.0.0/0' }]);
  const privateSg = region.securityGroup(vpc, 'private-apps', [{ port: 8080, cidr: '10.0.0.0/16' }]);
  const adminToolsSg = region.securityGroup(vpc, 'admin-tools', [{ port: 8443, fromGroupId: albInternalSg }]);

  const shop = region.cluster('shop', { execLogging: 'OVERRIDE', containerInsights: true });
  const ops = region.cluster('ops', { execLogging: 'NONE' });
  const data = region.cluster('data', { execLogging: 'ABSENT' });

  const env = (extra: { name: string; value: string }[] = []) => [{ name: 'LOG_LEVEL', value: 'info' }, ...extra];

  // Story 1: storefront behind an internet-facing ALB, task role AdministratorAccess -> attack path via the ALB.
  const storefrontTd = region.taskDefinition('storefront', {
    taskRole: storefrontRole,
    containers: [{ name: 'storefront', image: ecr('storefront', '4.2.0'), port: 8080, user: '1000', readonlyRootFilesystem: true, environment: env() }],
  });
  const storefrontLb = region.loadBalancer('storefront-public', { vpc, subnets: [publicA, publicB], scheme: 'internet-facing', securityGroups: [albPublicSg] });
  const storefrontTg = region.targetGroup('storefront-tg', { vpc, port: 8080 });
  region.listener(storefrontLb, { port: 443, forwardTo: storefrontTg });
  region.listener(storefrontLb, { port: 80 });
  region.service(shop, 'storefront', {
    taskDefinition: storefrontTd,
    subnets: [privateA, privateB],
    securityGroups: [storefrontSg],
    assignPublicIp: false,
    desiredCount: 2,
    loadBalancer: { targetGroupArn: storefrontTg, containerName: 'storefront', containerPort: 8080 },
  });

  // Story 2: legacy-api directly public (public subnet, public IP, 0.0.0.0/0), runs as root, iam:PassRole on * -> attack path.
  const legacyTd = region.taskDefinition('legacy-api', {
    taskRole: legacyRole,
    containers: [
      {
        name: 'legacy-api',
        image: `${SAMPLE_AWS_ACCOUNT}.dkr.ecr.${SAMPLE_AWS_REGION}.amazonaws.com/legacy-api@${LEGACY_DIGEST}`,
        port: 8080,
        user: 'root',
        readonlyRootFilesystem: false,
        environment: env([{ name: 'DB_PASSWORD', value: 'Tr0ub4dor&3-legacy-prod' }]),
      },
    ],
  });
  region.service(shop, 'legacy-api', { taskDefinition: legacyTd, subnets: [publicA], securityGroups: [legacySg], assignPublicIp: true });

  // Safe: worker and catalog in private subnets with scoped roles (catalog's AdministratorAccess is cut down by an explicit Deny).
  region.service(shop, 'worker', {
    taskDefinition: region.taskDefinition('worker', { taskRole: workerRole, containers: [{ name: 'worker', image: ecr('worker', '2.0.1'), user: '1000:1000', readonlyRootFilesystem: true, environment: env() }] }),
    subnets: [privateA],
    securityGroups: [privateSg],
    assignPublicIp: false,
  });
  region.service(shop, 'catalog', {
    taskDefinition: region.taskDefinition('catalog', { taskRole: catalogRole, containers: [{ name: 'catalog', image: ecr('catalog', '1.9.3'), port: 8080, user: '1000', readonlyRootFilesystem: true }] }),
    subnets: [privateB],
    securityGroups: [privateSg],
    assignPublicIp: false,
    launch: 'FARGATE_SPOT',
  });

  // Story 3: ECS Exec enabled on orders, on a cluster whose exec logging is NONE; image default user (root).
  region.service(ops, 'orders', {
    taskDefinition: region.taskDefinition('orders', { taskRole: ordersRole, containers: [{ name: 'orders', image: ecr('orders', '7.1.0'), port: 8080, readonlyRootFilesystem: true, environment: env() }] }),
    subnets: [privateA],
    securityGroups: [privateSg],
    assignPublicIp: false,
    exec: true,
  });
  // admin-tools: behind an internal ALB only (not exposed) but PowerUserAccess, SYS_PTRACE and a writable root FS.
  const adminLb = region.loadBalancer('admin-internal', { vpc, subnets: [privateA, privateB], scheme: 'internal', securityGroups: [albInternalSg] });
  const adminTg = region.targetGroup('admin-tools-tg', { vpc, port: 8443 });
  region.listener(adminLb, { port: 443, forwardTo: adminTg });
  region.service(ops, 'admin-tools', {
    taskDefinition: region.taskDefinition('admin-tools', {
      taskRole: adminToolsRole,
      containers: [{ name: 'admin-tools', image: ecr('admin-tools', '0.3.0'), port: 8443, user: '1000', readonlyRootFilesystem: false, capabilitiesAdd: ['SYS_PTRACE'] }],
    }),
    subnets: [privateB],
    securityGroups: [adminToolsSg],
    assignPublicIp: false,
    loadBalancer: { targetGroupArn: adminTg, containerName: 'admin-tools', containerPort: 8443 },
  });
  // Out of scope: an EC2-launched service running as root (the rules are Fargate-only).
  region.service(ops, 'legacy-cron-ec2', {
    taskDefinition: region.taskDefinition('legacy-cron', { taskRole: workerRole, containers: [{ name: 'cron', image: ecr('cron', '1.0.0'), user: 'root', readonlyRootFilesystem: false }] }),
    subnets: [privateA],
    securityGroups: [privateSg],
    assignPublicIp: false,
    launch: 'EC2',
  });

  // Near miss: public IP and an open SG, but the isolated subnet has no route to an internet gateway; s3:* role.
  region.service(data, 'reporting', {
    taskDefinition: region.taskDefinition('reporting', { taskRole: reportingRole, containers: [{ name: 'reporting', image: ecr('reporting', '3.3.3'), port: 8080, user: 'app', readonlyRootFilesystem: true }] }),
    subnets: [isolatedA],
    securityGroups: [reportingSg],
    assignPublicIp: true,
  });
  // Story 4: a scheduled export task outside any service, exec-enabled, logging through FireLens on a cluster with
  // default exec logging; its RunTask override swaps the scoped role for ops-admin (given by bare role name).
  const exportTd = region.taskDefinition('nightly-export', {
    taskRole: workerRole,
    containers: [{ name: 'export', image: ecr('export', '1.4.0'), user: '1000', readonlyRootFilesystem: true, logDriver: 'awsfirelens' }],
  });
  region.standaloneTask(data, { taskDefinition: exportTd, subnet: privateB, securityGroups: [privateSg], assignPublicIp: false, exec: true, taskRoleOverride: 'ops-admin', startedBy: 'events-rule/nightly-export' });

  account.writeFiles(files);
  files.set('vulnerabilities/trivy-legacy-api.json', trivyReport(rng, `${SAMPLE_AWS_ACCOUNT}.dkr.ecr.${SAMPLE_AWS_REGION}.amazonaws.com/legacy-api:2019.4`, LEGACY_DIGEST));
}

function buildAzure(rng: Rng, files: SnapshotFiles): void {
  const tenant = new AzureTenantBuilder(SAMPLE_TENANT, rng);
  tenant.managementGroup('mg-contoso', 'Contoso');
  const mgProd = tenant.managementGroup('mg-prod', 'Production', 'mg-contoso');
  tenant.managementGroup('mg-nonprod', 'Non-production', 'mg-contoso');
  const subProd = tenant.subscription(SAMPLE_SUB_PROD, 'contoso-prod', 'mg-prod');
  const subDev = tenant.subscription(SAMPLE_SUB_DEV, 'contoso-dev', 'mg-nonprod');
  tenant.assign('0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', BUILTIN_ROLES.Owner, subProd, 'User');

  const deployAutomation = tenant.customRole(SAMPLE_SUB_PROD, 'Deployment Automation', ['Microsoft.Authorization/*', 'Microsoft.Resources/deployments/*', '*/read']);
  const appOperator = tenant.customRole(SAMPLE_SUB_DEV, 'App Operator', ['Microsoft.App/*', 'Microsoft.ContainerInstance/*', '*/read'], ['Microsoft.Authorization/*']);

  const web = tenant.resourceGroup(SAMPLE_SUB_PROD, 'rg-web', 'westeurope');
  const jobs = tenant.resourceGroup(SAMPLE_SUB_PROD, 'rg-jobs', 'westeurope');
  const dev = tenant.resourceGroup(SAMPLE_SUB_DEV, 'rg-dev', 'northeurope');

  const automationId = tenant.userAssignedIdentity(jobs, 'id-automation');
  const gatewayId = tenant.userAssignedIdentity(web, 'id-gateway');
  const pullId = tenant.userAssignedIdentity(web, 'id-acr-pull');
  tenant.assign(automationId.principalId, BUILTIN_ROLES.Contributor, mgProd);
  tenant.assign(gatewayId.principalId, BUILTIN_ROLES.KeyVaultSecretsUser, `${web.id}/providers/Microsoft.KeyVault/vaults/kv-web-prod`);
  tenant.assign(gatewayId.principalId, BUILTIN_ROLES.Owner, `${web.id}/providers/Microsoft.Storage/storageAccounts/stgatewaylogs`);
  tenant.assign(pullId.principalId, BUILTIN_ROLES.AcrPull, web.id);

  const publicEnv = tenant.managedEnvironment(web, 'cae-web-public', {});
  const internalEnv = tenant.managedEnvironment(web, 'cae-web-internal', { internal: true, publicNetworkAccess: 'Disabled' });
  const devEnv = tenant.managedEnvironment(dev, 'cae-dev', { internal: false, publicNetworkAccess: 'Disabled' });
  const image = (name: string, tag: string) => `contosoacr.azurecr.io/${name}:${tag}`;

  // Story A: checkout is public, has no authentication and its system identity is Owner of the subscription.
  const checkout = tenant.containerApp(web, 'ca-checkout', {
    environmentId: publicEnv,
    ingress: { external: true, targetPort: 8080 },
    identity: { systemAssigned: true },
    containers: [{ name: 'checkout', image: image('checkout', '5.0.2'), env: [{ name: 'PAYMENT_API_KEY', value: 'sk_live_51HxYzAbCdEfGhIjKlMnOpQr' }, { name: 'DB', secretRef: 'db-connection' }] }],
    secrets: [{ name: 'db-connection' }],
  });
  tenant.assign(checkout.systemPrincipalId!, BUILTIN_ROLES.Owner, subProd);

  // Story B: ACI with a public IP and the automation UAMI, Contributor on the prod management group (inherited).
  tenant.containerGroup(jobs, 'ci-ingest-bot', {
    publicIp: true,
    dnsNameLabel: 'contoso-ingest-bot',
    identity: { userAssigned: [automationId] },
    containers: [{ name: 'bot', image: image('ingest-bot', '1.2.0'), ports: [8080], environmentVariables: [{ name: 'MODE', value: 'webhook' }, { name: 'WEBHOOK_SECRET', secure: true }] }],
    registryUsername: 'contosoacr',
  });

  // Internal environment: ingress external=true but the environment has no public endpoint; no auth configured.
  tenant.containerApp(web, 'ca-internal-api', {
    environmentId: internalEnv,
    ingress: { external: true, targetPort: 8080 },
    identity: { userAssigned: [pullId] },
    containers: [{ name: 'internal-api', image: image('internal-api', '2.4.1') }],
    registryIdentity: pullId.id,
  });

  // Partner portal: restricted to one partner range, authentication required, but Contributor on its resource group.
  const partner = tenant.containerApp(web, 'ca-partner-portal', {
    environmentId: publicEnv,
    ingress: { external: true, targetPort: 3000, ipSecurityRestrictions: [{ name: 'partner', ipAddressRange: '203.0.113.0/24', action: 'Allow' }] },
    identity: { systemAssigned: true },
    containers: [{ name: 'portal', image: image('partner-portal', '1.0.7') }],
  });
  tenant.authConfig(partner.id, { enabled: true, unauthenticatedClientAction: 'RedirectToLoginPage' });
  tenant.assign(partner.systemPrincipalId!, BUILTIN_ROLES.Contributor, web.id);

  // Marketing site: public, auth "enabled" but anonymous requests allowed; no identity.
  const marketing = tenant.containerApp(web, 'ca-marketing-site', {
    environmentId: publicEnv,
    ingress: { external: true, targetPort: 80 },
    containers: [{ name: 'site', image: 'nginx:1.27' }],
  });
  tenant.authConfig(marketing.id, { enabled: true, unauthenticatedClientAction: 'AllowAnonymous' });

  // Queue worker: no ingress at all, but runs with the automation UAMI (privileged through the management group).
  tenant.containerApp(jobs, 'ca-queue-worker', {
    environmentId: internalEnv,
    identity: { userAssigned: [automationId] },
    containers: [{ name: 'worker', image: image('queue-worker', '3.1.0') }],
  });

  // Private ACI in a VNet with a custom role that can write role assignments.
  const batch = tenant.containerGroup(jobs, 'ci-batch-private', {
    publicIp: false,
    subnetId: `${jobs.id}/providers/Microsoft.Network/virtualNetworks/vnet-jobs/subnets/aci`,
    identity: { systemAssigned: true },
    containers: [{ name: 'batch', image: image('batch', '0.9.0'), ports: [443], environmentVariables: [{ name: 'ADMIN_PASSWORD', value: 'P@ssw0rd-batch-2024!' }] }],
  });
  tenant.assign(batch.systemPrincipalId!, deployAutomation, subProd);

  // API gateway: IP rule allowing 0.0.0.0/0 does not confine it; auth returns 401; only narrow grants.
  const gateway = tenant.containerApp(web, 'ca-api-gateway', {
    environmentId: publicEnv,
    ingress: { external: true, targetPort: 8080, ipSecurityRestrictions: [{ name: 'anyone', ipAddressRange: '0.0.0.0/0', action: 'Allow' }] },
    identity: { userAssigned: [gatewayId] },
    containers: [{ name: 'gateway', image: image('api-gateway', '8.2.0') }],
  });
  tenant.authConfig(gateway.id, { enabled: true, unauthenticatedClientAction: 'Return401' });

  // Admin portal: Deny-only IP rules leave it public; authentication on; system identity is User Access Administrator.
  const adminPortal = tenant.containerApp(web, 'ca-admin-portal', {
    environmentId: publicEnv,
    ingress: { external: true, targetPort: 8080, ipSecurityRestrictions: [{ name: 'block-scanner', ipAddressRange: '198.51.100.0/24', action: 'Deny' }] },
    identity: { systemAssigned: true },
    containers: [{ name: 'admin', image: image('admin-portal', '2.0.0') }],
  });
  tenant.authConfig(adminPortal.id, { enabled: true, unauthenticatedClientAction: 'Return403' });
  tenant.assign(adminPortal.systemPrincipalId!, BUILTIN_ROLES.UserAccessAdministrator, subProd);

  // Dev subscription: public network access disabled on the environment; custom role without authorization writes.
  const docs = tenant.containerApp(dev, 'ca-docs', {
    environmentId: devEnv,
    ingress: { external: true, targetPort: 8080 },
    identity: { systemAssigned: true },
    containers: [{ name: 'docs', image: image('docs', '1.1.0') }],
  });
  tenant.assign(docs.systemPrincipalId!, appOperator, subDev);
  // Dev tools ACI: public IP, Reader on the subscription only.
  const devTools = tenant.containerGroup(dev, 'ci-dev-tools', {
    publicIp: true,
    identity: { systemAssigned: true },
    containers: [{ name: 'tools', image: image('dev-tools', 'latest'), ports: [8080] }],
  });
  tenant.assign(devTools.systemPrincipalId!, BUILTIN_ROLES.Reader, subDev);

  tenant.writeFiles(files);
}

export function buildSampleEstate(): SnapshotFiles {
  const rng = new Rng('sample-estate-v1');
  const raw: SnapshotFiles = new Map();
  buildAws(rng, raw);
  buildAzure(rng, raw);
  const files: SnapshotFiles = new Map();
  for (const [path, body] of [...raw.entries()].sort(([a], [b]) => a.localeCompare(b))) files.set(path, redactSnapshotFile(path, body));
  return files;
}
