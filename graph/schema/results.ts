/**
 * What the evaluation adds to the graph, declared beside the ingested model:
 * - derived relationships, rebuilt by graph/cypher/derive before every evaluation (`derived: true`), the shared
 *   conclusions (exposure, privilege, modification rights) that rules and paths read;
 * - result nodes (rules, findings, attack paths, exemptions, lifecycle events) the evaluator persists
 *   (docs/findings-model.md), so the explorer can join them with resources.
 */
import type { NodeKind, PropertySpec, RelationshipKind } from './types.js';

const S = (description: string): PropertySpec => ({ type: 'string', description });
const SL = (description: string): PropertySpec => ({ type: 'string[]', description });
const I = (description: string): PropertySpec => ({ type: 'integer', description });
const B = (description: string): PropertySpec => ({ type: 'boolean', description });

function derived(type: string, from: string, to: string, description: string, properties: Record<string, PropertySpec>): RelationshipKind {
  return { kind: `DERIVED_${type}_${from}_${to}`.toUpperCase(), type, from, to, description, properties: { derived: B('always true: deleted and rebuilt on every evaluation'), ...properties } };
}

const AZURE_GRANT = {
  reason: S('why the role is privileged'), roleName: S('role name'), roleGuid: S('role definition GUID'), roleDefinitionId: S('role definition id'),
  scopeId: S('scope of the assignment'), scopeLevel: S('root | managementGroup | subscription | resourceGroup | provider'),
  breadth: S('tenant | managementGroup | subscription | resourceGroup | provider'), breadthRank: I('order of breadth'),
  inherited: B('reaches the workload through management-group inheritance'), viaAssignmentId: S('the role assignment'),
  conditional: B('the assignment carries an ABAC condition'),
};
const AWS_GRANT = {
  reason: S('why the role is over-privileged'), action: S('the allowed probe action'), actions: SL('actions allowed'), policyArn: S('policy'),
  policyName: S('policy name'), statementId: S('statement node id'), sid: S('statement Sid'), conditional: B('statement has a Condition'),
  bounded: B('a permissions boundary applies'), scopeId: S('account'), breadth: S("'account'"), breadthRank: I('order of breadth'),
};
const EXPOSURE = {
  via: S('exposure mechanism'), exposure: S("'ingress' | 'public-ip' | 'direct' | 'load-balancer'"), ports: SL('reachable ports'),
  hops: SL('ids of the nodes the exposure crosses'), hopLabels: SL('labels of those nodes'),
};

export const DERIVED_RELATIONSHIP_KINDS: readonly RelationshipKind[] = [
  ...['AzureTenant', 'ManagementGroup', 'Subscription', 'ResourceGroup', 'RoleAssignment'].map((to) =>
    derived('PRIVILEGED_GRANT', 'ManagedIdentity', to, 'a privileged role at a wide scope held by the identity (recommendations.md)', AZURE_GRANT)),
  derived('PRIVILEGED_GRANT', 'IamRole', 'AwsAccount', 'the role is over-privileged in the account (recommendations.md)', AWS_GRANT),
  derived('ALLOWS', 'IamRole', 'AwsAccount', 'an action probe the role is allowed after Deny and boundaries', {
    probe: S('probe action'), action: S('action'), kind: S('probe kind'), statementId: S('statement'), policyArn: S('policy'), policyName: S('policy name'),
    awsManaged: B('AWS-managed policy'), sid: S('Sid'), notAction: B('granted through NotAction'), bounded: B('boundary applies'), conditional: B('conditional'),
  }),
  derived('CAN_MODIFY', 'IamRole', 'AwsAccount', 'the role can redeploy workloads with another role (iam:PassRole with ecs:UpdateService / RunTask / RegisterTaskDefinition)', {
    actions: SL('actions'), statementIds: SL('statements'), conditional: B('conditional'), scopeId: S('account'), modifierRank: I('breadth of the modifier'),
  }),
  ...['ContainerApp', 'ContainerGroup'].map((to) =>
    derived('CAN_MODIFY', 'ManagedIdentity', to, 'the identity may write the workload (Microsoft.App/containerApps/write, Microsoft.ContainerInstance/containerGroups/write)', {
      action: S('action'), roleName: S('role'), roleGuid: S('role GUID'), scopeId: S('scope'), scopeLevel: S('scope level'), viaAssignmentId: S('assignment'),
      conditional: B('conditional'), modifierRank: I('breadth of the modifier'),
    })),
  ...['EcsService', 'EcsTask'].map((from) =>
    derived('RUNS_AS', from, 'IamRole', 'the workload runs with this privileged task role', { via: S('task definition or override'), taskDefinitionArn: S('task definition'), taskArn: S('task') })),
  ...['ContainerApp', 'ContainerGroup', 'EcsService', 'EcsTask'].map((from) =>
    derived('RUNS_VULNERABLE_IMAGE', from, 'Image', 'the workload runs an image with CRITICAL or HIGH vulnerabilities', { containers: SL('containers') })),
  ...['ContainerApp', 'ContainerGroup', 'EcsService', 'EcsTask', 'LoadBalancer'].map((to) =>
    derived('CAN_REACH', 'Internet', to, 'the internet reaches the workload or load balancer (exposure derived from the network facts)', EXPOSURE)),
];

function result(label: string, description: string, properties: Record<string, PropertySpec>): NodeKind {
  return { label, cloud: 'none', lifetime: 'bookkeeping', key: description.split(';')[0]!, description, properties };
}

const LIFECYCLE = {
  status: S("'new' | 'active' | 'resolved' | 'reopened'"), firstSeen: S('ISO time first seen'), lastSeen: S('ISO time last seen'),
  resolvedAt: S('ISO time resolved'), lastScanId: S('last evaluation scan'), evidence: S('JSON text'), exempted: B('an active exemption applies'),
  exemptionId: S('that exemption'),
};

export const RESULT_NODE_KINDS: readonly NodeKind[] = [
  result('Rule', 'rule id (the .cypher file name); a recommendation', {
    title: S('title'), severity: S('Critical | High | Medium | Low'), platform: S('ACA | ACI | ECS'), resourceType: S('label of affected resources'),
    description: S('description'), remediation: S('remediation steps'), references: SL('Security Hub, Azure Policy, Checkov references'),
    source: S("'defender' | 'extended'"), kind: S("'recommendation'"),
  }),
  result('Finding', "'f-' + sha256(rule|resource); one rule on one resource, stable across scans", {
    ruleId: S('rule'), title: S('rule title'), severity: S('severity'), resourceId: S('affected resource id'), resourceName: S('its name'),
    resourceLabel: S('its label'), ...LIFECYCLE,
  }),
  result('AttackPath', "'p-' + sha256(kind|ordered node ids); one path, stable across scans", {
    kind: S('path kind (file name)'), title: S('title'), risk: S('Critical | High | Medium | Low'), riskScore: I('score (docs/risk.md)'),
    riskFactors: SL('applied factors'), entryId: S('entry workload'), identityId: S('identity'), targetId: S('scope or account reached'),
    nodeIds: SL('node ids in path order'), nodeLabels: SL('their labels'), ...LIFECYCLE,
  }),
  result('Exemption', 'exemption id; silences a finding or path (by finding, by rule and resource, by rule and scope)', {
    findingId: S('exempted finding or path'), ruleId: S('rule or path kind'), resourceId: S('resource'), reason: S('why'),
    createdBy: S('who'), createdAt: S('when'), expiresAt: S('expiry (ISO)'), revokedAt: S('when revoked'),
  }),
  result('FindingEvent', 'event id; a lifecycle change of a finding or path, read by deltas and webhooks', {
    subjectId: S('finding or path id'), subjectKind: S("'finding' | 'path'"), change: S("'new' | 'resolved' | 'reopened'"), at: S('ISO time'),
  }),
];

export const RESULT_RELATIONSHIP_KINDS: readonly RelationshipKind[] = [
  { kind: 'FINDING_VIOLATES', type: 'VIOLATES', from: 'Finding', to: 'Rule', description: 'the rule the finding violates', properties: {} },
  ...['ContainerApp', 'ContainerGroup', 'TaskDefinition', 'EcsService', 'EcsTask', 'EcsCluster'].map((to) => ({
    kind: `FINDING_AFFECTS_${to.toUpperCase()}`, type: 'AFFECTS', from: 'Finding', to, description: 'the resource the finding is about', properties: {},
  })),
  { kind: 'PATH_STEP', type: 'STEP', from: 'AttackPath', to: 'Internet', description: 'a node of the path (any label)', properties: { order: I('position in the path') } },
  { kind: 'EXEMPTION_EXEMPTS', type: 'EXEMPTS', from: 'Exemption', to: 'Finding', description: 'the exempted finding', properties: {} },
];

/**
 * Lookup indexes on result nodes beyond the id constraints, so the exemption routes find what an exemption covers
 * or names without reading every finding and path: findings by rule, paths by kind, both by the exemption applied.
 */
export const RESULT_LOOKUP_INDEXES: readonly { name: string; label: string; property: string }[] = [
  { name: 'finding_rule_id', label: 'Finding', property: 'ruleId' },
  { name: 'finding_exemption_id', label: 'Finding', property: 'exemptionId' },
  { name: 'attack_path_kind', label: 'AttackPath', property: 'kind' },
  { name: 'attack_path_exemption_id', label: 'AttackPath', property: 'exemptionId' },
];

export function derivedRelationshipTypes(): string[] {
  return [...new Set(DERIVED_RELATIONSHIP_KINDS.map((kind) => kind.type))].sort();
}
