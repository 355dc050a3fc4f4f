// id: workload-modification-to-privileged-identity
// title: Identity that can redeploy a workload holding a privileged identity
// description: A principal that is not itself the workload's identity can change what a workload runs and so act with
//   the workload's privileged identity. AWS: a role allowed iam:PassRole together with ecs:UpdateService, ecs:RunTask
//   or ecs:RegisterTaskDefinition on all resources can run code under any task role of its account. Azure: a managed
//   identity allowed Microsoft.App/containerApps/write or Microsoft.ContainerInstance/containerGroups/write at a scope
//   covering the workload can redeploy it. Only where the workload's privilege is wider than the modifier's own
//   (breadthRank above the modifier's widest grant): a principal that already holds as much gains nothing. One path
//   per (modifier, privileged role) on AWS and per (modifier, grant target) on Azure, through the workload with the
//   smallest id; the path starts at the modifying principal; entryId is the workload.

// AWS: CAN_MODIFY (derive/13) reaches every workload of the account, and with iam:PassRole on * any role the account's
// Fargate workloads run as: one path per (modifier, privileged role), drawn through the role's workload with the
// smallest id; evidence counts and lists the others.
MATCH (modifier:IamRole)-[can:CAN_MODIFY]->(account:AwsAccount)
WHERE can.modifierRank < 4
MATCH (role:IamRole)-[grant:PRIVILEGED_GRANT]->(account)
WHERE grant.breadthRank > can.modifierRank AND role <> modifier
WITH modifier, can, account, role, grant
ORDER BY modifier.id, role.id, grant.breadthRank DESC, grant.statementId
WITH modifier, can, account, role, head(collect(grant)) AS grant
WITH modifier, can, account, role, grant,
     [(candidate)-[:RUNS_AS]->(role) WHERE (candidate:EcsService OR candidate:EcsTask) AND candidate.fargate = true | candidate] AS candidates
WHERE size(candidates) > 0
WITH modifier, can, account, role, grant,
     reduce(first = head(candidates), candidate IN candidates | CASE WHEN candidate.id < first.id THEN candidate ELSE first END) AS workload,
     reduce(ids = [], candidate IN candidates | CASE WHEN candidate.id IN ids THEN ids ELSE ids + candidate.id END) AS workloadIds
RETURN [modifier.id, workload.id, role.id, account.id] AS nodeIds,
       ['IamRole', CASE WHEN workload:EcsService THEN 'EcsService' ELSE 'EcsTask' END, 'IamRole', 'AwsAccount'] AS nodeLabels,
       workload.id AS entryId,
       role.id AS identityId,
       account.id AS targetId,
       {
         exposure: 'modification', privilege: grant.reason, breadth: 'account', criticalVulns: 0, highVulns: 0,
         exec: coalesce(workload.enableExecuteCommand, false), conditional: coalesce(grant.conditional, false) OR can.conditional
       } AS factors,
       {
         modifierId: modifier.id, modifierActions: can.actions, modifierStatementIds: can.statementIds,
         workloadName: workload.name, identityName: role.roleName, workloadCount: size(workloadIds), workloadIds: workloadIds[0..20],
         grant: {reason: grant.reason, policyArn: grant.policyArn, statementId: grant.statementId, action: grant.action,
                 conditional: grant.conditional}
       } AS evidence
UNION ALL
// Azure: CAN_MODIFY (derive/14) links the modifier to each workload its assignments cover. One path per (modifier,
// grant target), drawn through the workload with the smallest id; evidence lists the other workloads.
MATCH (modifier:ManagedIdentity)-[can:CAN_MODIFY]->(workload)-[:HAS_IDENTITY]->(identity:ManagedIdentity)-[grant:PRIVILEGED_GRANT]->(target)
WHERE (workload:ContainerApp OR workload:ContainerGroup) AND modifier <> identity AND grant.breadthRank > can.modifierRank
WITH modifier, target, workload, identity, can, grant
ORDER BY modifier.id, target.id, workload.id, identity.id, grant.viaAssignmentId, can.viaAssignmentId
WITH modifier, target, collect({workload: workload, identity: identity, can: can, grant: grant}) AS options
WITH modifier, target, options, head(options) AS best
WITH modifier, target, best.workload AS workload, best.identity AS identity, best.grant AS grant,
     [option IN options WHERE option.workload = best.workload | option.can] AS modifications,
     reduce(ids = [], option IN options | CASE WHEN option.workload.id IN ids THEN ids ELSE ids + option.workload.id END) AS workloadIds
RETURN [modifier.id, workload.id, identity.id, target.id] AS nodeIds,
       ['ManagedIdentity', CASE WHEN workload:ContainerApp THEN 'ContainerApp' ELSE 'ContainerGroup' END, 'ManagedIdentity',
        head([label IN labels(target) WHERE label <> 'AzureScope'])] AS nodeLabels,
       workload.id AS entryId,
       identity.id AS identityId,
       target.id AS targetId,
       {
         exposure: 'modification', privilege: grant.reason, breadth: grant.breadth, criticalVulns: 0, highVulns: 0,
         exec: false, conditional: coalesce(grant.conditional, false) OR any(m IN modifications WHERE m.conditional)
       } AS factors,
       {
         modifierId: modifier.id,
         modifications: [m IN modifications | {action: m.action, roleName: m.roleName, scopeId: m.scopeId,
                                                assignmentId: m.viaAssignmentId, conditional: m.conditional}],
         workloadName: workload.name, identityName: identity.name, workloadCount: size(workloadIds), workloadIds: workloadIds[0..20],
         grant: {reason: grant.reason, roleName: grant.roleName, roleGuid: grant.roleGuid, scopeId: grant.scopeId,
                 scopeLevel: grant.scopeLevel, assignmentId: grant.viaAssignmentId, conditional: grant.conditional}
       } AS evidence
