/**
 * A small estate seeded with Cypher: resources per graph/schema, Rule/Finding/AttackPath nodes and
 * FindingEvents for two scans per docs/findings-model.md.
 */
import { createHash } from 'node:crypto';
import type { Harness } from './harness.js';

export const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
export const APP1 = `${SUB}/resourcegroups/rg1/providers/microsoft.app/containerapps/app1`;
export const ACI1 = `${SUB}/resourcegroups/rg1/providers/microsoft.containerinstance/containergroups/aci1`;
export const MI1 = '11111111-1111-1111-1111-111111111111';
export const RA1 = `${SUB}/providers/microsoft.authorization/roleassignments/ra1`;
export const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
export const ACCOUNT = '111122223333';
export const SVC1 = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/c1/svc1`;
export const TD1 = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/td1:3`;
export const ROLE1 = `arn:aws:iam::${ACCOUNT}:role/admin-task`;
export const POLICY1 = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const AZ_SCOPE = 'azure:00000000-0000-0000-0000-000000000001';
export const AWS_SCOPE = `aws:${ACCOUNT}:us-east-1`;

export function findingId(ruleId: string, resourceId: string): string {
  return 'f-' + createHash('sha256').update(`${ruleId}|${resourceId}`).digest('hex').slice(0, 24);
}

export const RULES = [
  { id: 'aca-public-ingress', title: 'Azure Container Apps should not be exposed to the public internet unless required', severity: 'High', platform: 'ACA', resourceType: 'ContainerApp' },
  { id: 'aci-public-ip', title: 'Azure Container Instances should not be publicly exposed', severity: 'High', platform: 'ACI', resourceType: 'ContainerGroup' },
  { id: 'ecs-writable-root-filesystem', title: 'Read-only root filesystem should be enabled for ECS Containers', severity: 'Medium', platform: 'ECS', resourceType: 'TaskDefinition' },
  { id: 'ecs-exec-enabled', title: 'ECS Exec should be disabled on Fargate ECS services', severity: 'Medium', platform: 'ECS', resourceType: 'EcsService' },
];

export interface SeededFinding {
  id: string;
  ruleId: string;
  resourceId: string;
  status: string;
  severity: string;
  scope: string;
}

/** Findings: the real ones plus 20 synthetic task definitions so pagination has pages to walk. */
export function findingRows(): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const add = (ruleId: string, resourceId: string, status: string, scope: string, cloud: string, label: string, extra: Record<string, unknown> = {}) => {
    const rule = RULES.find((r) => r.id === ruleId)!;
    rows.push({
      id: findingId(ruleId, resourceId), ruleId, severity: rule.severity, title: rule.title, resourceId, resourceLabel: label,
      scope, cloud, status, firstSeen: '2026-11-01T00:00:00.000Z', lastSeen: '2026-11-02T00:00:00.000Z',
      resolvedAt: status === 'resolved' ? '2026-11-02T00:00:00.000Z' : null, lastScanId: 'scan-2',
      evidence: JSON.stringify({ ingressExternal: true }), exempted: false, ...extra,
    });
  };
  add('aca-public-ingress', APP1, 'active', AZ_SCOPE, 'azure', 'ContainerApp');
  add('aci-public-ip', ACI1, 'resolved', AZ_SCOPE, 'azure', 'ContainerGroup');
  add('ecs-exec-enabled', SVC1, 'reopened', AWS_SCOPE, 'aws', 'EcsService');
  add('ecs-writable-root-filesystem', TD1, 'new', AWS_SCOPE, 'aws', 'TaskDefinition', { title: '=HYPERLINK("http://evil","x"), "quoted"\nline' });
  for (let i = 0; i < 20; i++) {
    add('ecs-writable-root-filesystem', `arn:aws:ecs:us-west-2:${ACCOUNT}:task-definition/bulk${String(i).padStart(2, '0')}:1`, i % 2 ? 'active' : 'new', `aws:${ACCOUNT}:us-west-2`, 'aws', 'TaskDefinition');
  }
  return rows;
}

export const PATH_A = 'p-aaaaaaaaaaaaaaaaaaaaaaaa';
export const PATH_B = 'p-bbbbbbbbbbbbbbbbbbbbbbbb';
export const PATH_C = 'p-cccccccccccccccccccccccc';

export async function seed(h: Harness): Promise<void> {
  const common = { scanId: 'scan-2' };
  await h.cypher(
    `CREATE (i:Internet {id: 'internet', name: 'Internet', cloud: 'none', scope: 'shared'})
     CREATE (sub:Subscription:AzureScope:Resource {id: $sub, name: 'prod', cloud: 'azure', scope: $azScope, subscriptionId: '00000000-0000-0000-0000-000000000001', scanId: $scanId})
     CREATE (app:ContainerApp:Resource {id: $app1, name: 'app1', cloud: 'azure', scope: $azScope, location: 'westeurope', ingressExternal: true, scanId: $scanId})
     CREATE (aci:ContainerGroup:Resource {id: $aci1, name: 'aci1', cloud: 'azure', scope: $azScope, location: 'northeurope', ipAddressType: 'Public', scanId: $scanId})
     CREATE (mi:ManagedIdentity:Resource {id: $mi1, name: 'app1', cloud: 'azure', scope: $azScope, identityKind: 'system', scanId: $scanId})
     CREATE (ra:RoleAssignment:Resource {id: $ra1, name: 'ra1', cloud: 'azure', scope: $azScope, scopeId: $sub, scopeLevel: 'subscription', roleDefinitionGuid: $owner, scanId: $scanId})
     CREATE (rd:RoleDefinition:Resource {id: $owner, name: 'Owner', roleName: 'Owner', cloud: 'azure', scope: $azScope, scanId: $scanId})
     CREATE (app)-[:HAS_IDENTITY {identityKind: 'system'}]->(mi)
     CREATE (mi)-[:HAS_ROLE_ASSIGNMENT]->(ra)
     CREATE (ra)-[:OF_ROLE]->(rd)
     CREATE (ra)-[:AT_SCOPE]->(sub)
     CREATE (svc:EcsService:Resource {id: $svc1, name: 'svc1', cloud: 'aws', scope: $awsScope, region: 'us-east-1', fargate: true, enableExecuteCommand: true, scanId: $scanId})
     CREATE (td:TaskDefinition:Resource {id: $td1, name: 'td1:3', cloud: 'aws', scope: $awsScope, region: 'us-east-1', scanId: $scanId})
     CREATE (role:IamRole:Resource {id: $role1, name: 'admin-task', cloud: 'aws', scope: 'aws:${ACCOUNT}:global', scanId: $scanId})
     CREATE (pol:IamPolicy:Resource {id: $policy1, name: 'AdministratorAccess', policyKind: 'managed', cloud: 'aws', scope: 'aws:${ACCOUNT}:global', scanId: $scanId})
     CREATE (svc)-[:RUNS_TASK_DEFINITION {primary: true}]->(td)
     CREATE (td)-[:TASK_ROLE]->(role)
     CREATE (role)-[:HAS_POLICY {attachment: 'managed'}]->(pol)`,
    { sub: SUB, azScope: AZ_SCOPE, awsScope: AWS_SCOPE, app1: APP1, aci1: ACI1, mi1: MI1, ra1: RA1, owner: OWNER, svc1: SVC1, td1: TD1, role1: ROLE1, policy1: POLICY1, ...common },
  );
  await h.cypher(
    `UNWIND range(0, 19) AS i
     CREATE (:TaskDefinition:Resource {id: 'arn:aws:ecs:us-west-2:${ACCOUNT}:task-definition/bulk' + CASE WHEN i < 10 THEN '0' ELSE '' END + toString(i) + ':1',
                              name: 'bulk' + toString(i), cloud: 'aws', scope: 'aws:${ACCOUNT}:us-west-2', region: 'us-west-2', scanId: 'scan-2'})`,
  );
  await h.cypher(`UNWIND $rules AS rule CREATE (r:Rule) SET r += rule, r.kind = 'recommendation', r.references = ['https://learn.microsoft.com/']`, { rules: RULES });
  await h.cypher(
    `UNWIND $rows AS row
     CREATE (f:Finding) SET f += row
     WITH f
     MATCH (r:Rule {id: f.ruleId}) CREATE (f)-[:VIOLATES]->(r)
     WITH f
     MATCH (x) WHERE x.id = f.resourceId AND NOT x:Finding CREATE (f)-[:AFFECTS]->(x)`,
    { rows: findingRows() },
  );
  const paths = [
    { id: PATH_A, kind: 'internet-to-privileged-identity', risk: 'Critical', riskScore: 95, entryId: APP1, identityId: MI1, targetId: SUB, nodeIds: ['internet', APP1, MI1, RA1, SUB] },
    { id: PATH_B, kind: 'internet-to-privileged-identity', risk: 'High', riskScore: 70, entryId: SVC1, identityId: ROLE1, targetId: POLICY1, nodeIds: ['internet', SVC1, TD1, ROLE1, POLICY1] },
    { id: PATH_C, kind: 'internet-to-privileged-identity', risk: 'High', riskScore: 70, entryId: APP1, identityId: MI1, targetId: RA1, nodeIds: ['internet', APP1, MI1, RA1] },
  ];
  await h.cypher(
    `UNWIND $paths AS path
     CREATE (p:AttackPath) SET p += path, p.status = 'active', p.exempted = false, p.riskFactors = ['internet-exposed', 'privileged'],
       p.firstSeen = '2026-11-01T00:00:00.000Z', p.lastSeen = '2026-11-02T00:00:00.000Z', p.lastScanId = 'scan-2',
       p.nodeLabels = [], p.evidence = '{}'
     WITH p, path
     UNWIND range(0, size(path.nodeIds) - 1) AS i
     MATCH (n) WHERE n.id = path.nodeIds[i] AND NOT n:Finding AND NOT n:AttackPath
     CREATE (p)-[:STEP {order: i}]->(n)`,
    { paths },
  );
  // Two scans: scan-1 found four findings new; scan-2 resolved the ACI one, reopened the ECS exec one, and found path A.
  await h.cypher(
    `CREATE (:ScanRun {id: 'scan-1', startedAt: '2026-11-01T00:00:00.000Z', finishedAt: '2026-11-01T00:10:00.000Z', status: 'succeeded', source: 'live', scopes: [$az, $aws]})
     CREATE (:ScanRun {id: 'scan-2', startedAt: '2026-11-02T00:00:00.000Z', finishedAt: '2026-11-02T00:10:00.000Z', status: 'partial', source: 'live', scopes: [$az, $aws]})
     CREATE (:ScopeStatus {id: $az, lastScanId: 'scan-2', lastSuccessScanId: 'scan-2', stale: false})
     CREATE (:ScopeStatus {id: $aws, lastScanId: 'scan-2', lastSuccessScanId: 'scan-1', stale: true, staleReason: 'AccessDenied'})`,
    { az: AZ_SCOPE, aws: AWS_SCOPE },
  );
  const events = [
    { id: 'ev-1', subjectId: findingId('aca-public-ingress', APP1), subjectKind: 'finding', change: 'new', scanId: 'scan-1', at: '2026-11-01T00:05:00.000Z' },
    { id: 'ev-2', subjectId: findingId('aci-public-ip', ACI1), subjectKind: 'finding', change: 'new', scanId: 'scan-1', at: '2026-11-01T00:05:00.000Z' },
    { id: 'ev-3', subjectId: findingId('ecs-exec-enabled', SVC1), subjectKind: 'finding', change: 'new', scanId: 'scan-1', at: '2026-11-01T00:05:00.000Z' },
    { id: 'ev-4', subjectId: findingId('aci-public-ip', ACI1), subjectKind: 'finding', change: 'resolved', scanId: 'scan-2', at: '2026-11-02T00:05:00.000Z' },
    { id: 'ev-5', subjectId: findingId('ecs-exec-enabled', SVC1), subjectKind: 'finding', change: 'reopened', scanId: 'scan-2', at: '2026-11-02T00:05:00.000Z' },
    { id: 'ev-6', subjectId: findingId('ecs-writable-root-filesystem', TD1), subjectKind: 'finding', change: 'new', scanId: 'scan-2', at: '2026-11-02T00:05:00.000Z' },
    { id: 'ev-7', subjectId: PATH_A, subjectKind: 'path', change: 'new', scanId: 'scan-2', at: '2026-11-02T00:06:00.000Z' },
  ];
  await h.cypher(`UNWIND $events AS e CREATE (x:FindingEvent) SET x += e`, { events });
}
