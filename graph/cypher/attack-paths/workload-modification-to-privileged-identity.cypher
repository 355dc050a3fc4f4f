// id: workload-modification-to-privileged-identity
// title: Identity that can redeploy a workload holding a privileged identity
// description: A principal that is not itself the workload's identity can change what a workload runs and so act with
//   the workload's privileged identity. AWS: a role allowed iam:PassRole together with ecs:UpdateService, ecs:RunTask
//   or ecs:RegisterTaskDefinition on all resources can run code under any task role of its account. Azure: a managed
//   identity allowed Microsoft.App/containerApps/write or Microsoft.ContainerInstance/containerGroups/write at a scope
//   covering the workload can redeploy it. The path starts at the modifying principal; entryId is the workload.

// AWS: CAN_MODIFY (derive/13) reaches every workload of the account; the workload's role is privileged (derive/12).
MATCH (modifier:IamRole)-[can:CAN_MODIFY]->(account:AwsAccount)
MATCH (workload)-[:RUNS_AS]->(role:IamRole)-[grant:PRIVILEGED_GRANT]->(account)
WHERE (workload:EcsService OR workload:EcsTask) AND workload.fargate = true AND modifier <> role
WITH modifier, can, workload, role, account, grant
ORDER BY modifier.id, workload.id, role.id, grant.breadthRank DESC, grant.statementId
WITH modifier, can, workload, role, account, collect(grant) AS grants
WITH modifier, can, workload, role, account, head(grants) AS grant
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
         workloadName: workload.name, identityName: role.roleName,
         grant: {reason: grant.reason, policyArn: grant.policyArn, statementId: grant.statementId, action: grant.action,
                 conditional: grant.conditional}
       } AS evidence
UNION ALL
// Azure: CAN_MODIFY (derive/14) links the modifier to each workload its assignments cover.
MATCH (modifier:ManagedIdentity)-[can:CAN_MODIFY]->(workload)-[:HAS_IDENTITY]->(identity:ManagedIdentity)-[grant:PRIVILEGED_GRANT]->(target)
WHERE (workload:ContainerApp OR workload:ContainerGroup) AND modifier <> identity
WITH modifier, can, workload, identity, grant, target
ORDER BY modifier.id, workload.id, identity.id, can.viaAssignmentId, grant.breadthRank DESC, grant.scopeId, grant.viaAssignmentId
WITH modifier, workload, identity, collect(DISTINCT can) AS modifications, collect(DISTINCT grant) AS grants
WITH modifier, workload, identity, modifications, head(grants) AS grant
WITH modifier, workload, identity, modifications, grant, endNode(grant) AS target
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
         workloadName: workload.name, identityName: identity.name,
         grant: {reason: grant.reason, roleName: grant.roleName, roleGuid: grant.roleGuid, scopeId: grant.scopeId,
                 scopeLevel: grant.scopeLevel, assignmentId: grant.viaAssignmentId, conditional: grant.conditional}
       } AS evidence
