// id: ecs-exec-to-privileged-task-role
// title: ECS Exec into a Fargate workload with a privileged task role
// description: A Fargate service or task has ECS Exec enabled and runs with an over-privileged task role: any principal
//   allowed ecs:ExecuteCommand on it gets a shell with the role's credentials, whatever its own permissions. The entry
//   is the exec channel, not the internet. One path per (workload, role), through the widest grant.

MATCH (workload)-[:RUNS_AS]->(role:IamRole)-[grant:PRIVILEGED_GRANT]->(account:AwsAccount)
WHERE (workload:EcsService OR workload:EcsTask) AND workload.fargate = true AND workload.enableExecuteCommand = true
WITH workload, role, grant, account
ORDER BY workload.id, role.id, grant.breadthRank DESC, grant.statementId
WITH workload, role, account, collect(grant) AS grants
WITH workload, role, account, grants, head(grants) AS grant
OPTIONAL MATCH (workload)-[:IN_CLUSTER]->(cluster:EcsCluster)
WITH workload, role, account, grants, grant, cluster,
     reduce(ids = [], id IN [(workload)-[:RUNS_VULNERABLE_IMAGE]->(:Image)-[:HAS_VULNERABILITY]->(v:Vulnerability)
                              WHERE v.severity = 'CRITICAL' | v.id] | CASE WHEN id IN ids THEN ids ELSE ids + id END) AS critical,
     reduce(ids = [], id IN [(workload)-[:RUNS_VULNERABLE_IMAGE]->(:Image)-[:HAS_VULNERABILITY]->(v:Vulnerability)
                              WHERE v.severity = 'HIGH' | v.id] | CASE WHEN id IN ids THEN ids ELSE ids + id END) AS high
RETURN [workload.id, role.id, account.id] AS nodeIds,
       [CASE WHEN workload:EcsService THEN 'EcsService' ELSE 'EcsTask' END, 'IamRole', 'AwsAccount'] AS nodeLabels,
       workload.id AS entryId,
       role.id AS identityId,
       account.id AS targetId,
       {
         exposure: 'exec', privilege: grant.reason, breadth: 'account', criticalVulns: size(critical), highVulns: size(high),
         exec: true, conditional: coalesce(grant.conditional, false)
       } AS factors,
       {
         workloadName: workload.name,
         roleName: role.roleName,
         clusterArn: cluster.id,
         clusterExecLogging: cluster.execLogging,
         grant: {reason: grant.reason, policyArn: grant.policyArn, statementId: grant.statementId, sid: grant.sid,
                 action: grant.action, actions: grant.actions, conditional: grant.conditional},
         grants: [g IN grants | {reason: g.reason, policyArn: g.policyArn, statementId: g.statementId, action: g.action}]
       } AS evidence
