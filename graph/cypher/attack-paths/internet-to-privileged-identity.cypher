// id: internet-to-privileged-identity
// title: Internet-exposed workload with a privileged identity
// description: The internet reaches a workload (an external container app ingress, a container group's public IP, a
//   Fargate service or task exposed directly or through an internet-facing load balancer) that runs with an identity
//   (a managed identity, or an ECS task role) holding a privileged grant: whoever compromises the workload acts with
//   that privilege. One path per (workload, identity), through the widest grant; evidence lists every exposure and
//   every grant.

// Exposure (CAN_REACH), task roles (RUNS_AS) and grants (PRIVILEGED_GRANT) are derived once by graph/cypher/derive.
// Rows are ordered so that, per (workload, identity), the first grant collected is the widest (then by scope id and
// assignment/statement id) and the first exposure the most direct (then by the load balancer chain's ids).
MATCH (internet:Internet {id: 'internet'})-[reach:CAN_REACH]->(workload)-[link:HAS_IDENTITY|RUNS_AS]->(identity)-[grant:PRIVILEGED_GRANT]->(target)
WHERE reach.via IN ['ingress', 'public-ip', 'direct', 'load-balancer']
  AND (workload:ContainerApp OR workload:ContainerGroup
       OR ((workload:EcsService OR workload:EcsTask) AND workload.fargate = true))
WITH workload, identity, reach, grant, target
ORDER BY workload.id, identity.id, grant.breadthRank DESC, grant.scopeId,
         coalesce(grant.viaAssignmentId, grant.statementId),
         CASE reach.via WHEN 'load-balancer' THEN 1 ELSE 0 END, reach.listenerId, reach.targetGroupId
WITH workload, identity, collect(DISTINCT reach) AS reaches, collect(DISTINCT grant) AS grants
WITH workload, identity, reaches, grants, head(reaches) AS reach, head(grants) AS grant
WITH workload, identity, reaches, grants, reach, grant, endNode(grant) AS target,
     reduce(ids = [], id IN [(workload)-[:RUNS_VULNERABLE_IMAGE]->(:Image)-[:HAS_VULNERABILITY]->(v:Vulnerability)
                              WHERE v.severity = 'CRITICAL' | v.id] | CASE WHEN id IN ids THEN ids ELSE ids + id END) AS critical,
     reduce(ids = [], id IN [(workload)-[:RUNS_VULNERABLE_IMAGE]->(:Image)-[:HAS_VULNERABILITY]->(v:Vulnerability)
                              WHERE v.severity = 'HIGH' | v.id] | CASE WHEN id IN ids THEN ids ELSE ids + id END) AS high
RETURN ['internet'] + reach.hops + [workload.id, identity.id, target.id] AS nodeIds,
       ['Internet'] + reach.hopLabels + [
         head([label IN labels(workload) WHERE label IN ['ContainerApp', 'ContainerGroup', 'EcsService', 'EcsTask']]),
         head([label IN labels(identity) WHERE label IN ['ManagedIdentity', 'IamRole']]),
         head([label IN labels(target) WHERE label <> 'AzureScope'])
       ] AS nodeLabels,
       workload.id AS entryId,
       identity.id AS identityId,
       target.id AS targetId,
       {
         exposure: reach.exposure,
         privilege: grant.reason,
         breadth: grant.breadth,
         criticalVulns: size(critical),
         highVulns: size(high),
         exec: coalesce(workload.enableExecuteCommand, false),
         conditional: coalesce(grant.conditional, false)
       } AS factors,
       {
         workloadName: workload.name,
         identityName: identity.name,
         exposures: [r IN reaches | {via: r.via, ports: r.ports, hops: r.hops, fqdn: r.fqdn, publicIps: r.publicIps, dnsName: r.dnsName}],
         grant: {
           reason: grant.reason, roleName: grant.roleName, roleGuid: grant.roleGuid, scopeId: grant.scopeId,
           scopeLevel: grant.scopeLevel, assignmentId: grant.viaAssignmentId, inherited: grant.inherited,
           policyArn: grant.policyArn, statementId: grant.statementId, sid: grant.sid, action: grant.action,
           actions: grant.actions, conditional: grant.conditional
         },
         grants: [g IN grants | {
           reason: g.reason, roleName: g.roleName, roleGuid: g.roleGuid, scopeId: g.scopeId, scopeLevel: g.scopeLevel,
           assignmentId: g.viaAssignmentId, policyArn: g.policyArn, statementId: g.statementId, action: g.action,
           conditional: g.conditional
         }],
         criticalVulnerabilities: critical,
         highVulnerabilities: high
       } AS evidence
