// id: 14-azure-workload-modifiers
// description: (:ManagedIdentity)-[:CAN_MODIFY]->(workload) for identities whose role assignment, at a scope covering a
//   container app or container group (its resource group, subscription, a management group above it, the tenant root,
//   or the resource itself), allows Microsoft.App/containerApps/write (apps) or
//   Microsoft.ContainerInstance/containerGroups/write (groups). Owner and Contributor count by GUID even when their
//   definition is not in the snapshot. Only workloads holding a privileged identity are considered, and only modifiers
//   less privileged than what the workload holds (modifierRank, the breadthRank of the modifier's own widest
//   PRIVILEGED_GRANT or 0, below the workload's widest held grant): an identity that already has as wide a privilege
//   gains nothing by redeploying the workload. Privileged workloads are grouped by the scopes that cover
//   them, so each assignment at such a scope is judged once; resource-scoped assignments are found through the
//   workload's id in a second part.
// Privileged workloads with the widest grant their identities hold, grouped by every scope above them.
MATCH (workload)-[:HAS_IDENTITY]->(:ManagedIdentity)-[held:PRIVILEGED_GRANT]->()
WHERE workload:ContainerApp OR workload:ContainerGroup
WITH workload, max(held.breadthRank) AS heldRank
MATCH (workload)-[:IN_RESOURCE_GROUP]->(:ResourceGroup)-[:CHILD_OF*0..10]->(scope:AzureScope)
WITH scope, collect(DISTINCT {workload: workload, heldRank: heldRank, app: workload:ContainerApp}) AS covered
// Assignments at those scopes whose role writes apps or groups; Owner and Contributor by GUID, others by definition.
MATCH (scope)<-[:AT_SCOPE]-(assignment:RoleAssignment)<-[:HAS_ROLE_ASSIGNMENT]-(modifier:ManagedIdentity)
OPTIONAL MATCH (assignment)-[:OF_ROLE]->(definition:RoleDefinition)
WITH covered, modifier, assignment, definition, toLower(coalesce(assignment.roleDefinitionGuid, '')) AS guid,
     coalesce(definition.actionPatterns, []) AS patterns, coalesce(definition.notActionPatterns, []) AS notPatterns
WITH covered, modifier, assignment, definition, guid,
     guid IN ['8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'b24988ac-6180-42a0-ab88-20f7382dd24c']
       OR (any(pattern IN patterns WHERE 'microsoft.app/containerapps/write' =~ pattern)
           AND none(pattern IN notPatterns WHERE 'microsoft.app/containerapps/write' =~ pattern)) AS writesApps,
     guid IN ['8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'b24988ac-6180-42a0-ab88-20f7382dd24c']
       OR (any(pattern IN patterns WHERE 'microsoft.containerinstance/containergroups/write' =~ pattern)
           AND none(pattern IN notPatterns WHERE 'microsoft.containerinstance/containergroups/write' =~ pattern)) AS writesGroups
WHERE writesApps OR writesGroups
WITH covered, modifier, assignment, definition, guid, writesApps, writesGroups,
     reduce(rank = 0, grantRank IN [(modifier)-[grant:PRIVILEGED_GRANT]->() | grant.breadthRank] |
            CASE WHEN grantRank > rank THEN grantRank ELSE rank END) AS modifierRank
// Filter the covered workloads in a list first (cheaper than a row per pair).
UNWIND [entry IN covered WHERE entry.heldRank > modifierRank AND CASE WHEN entry.app THEN writesApps ELSE writesGroups END] AS entry
WITH modifier, assignment, definition, guid, modifierRank, entry.workload AS workload
CREATE (modifier)-[can:CAN_MODIFY {
    viaAssignmentId: assignment.id,
    derived: true,
    action: CASE WHEN workload:ContainerApp THEN 'Microsoft.App/containerApps/write'
                      ELSE 'Microsoft.ContainerInstance/containerGroups/write' END,
    roleName: coalesce(definition.roleName, CASE guid
      WHEN '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' THEN 'Owner'
      WHEN 'b24988ac-6180-42a0-ab88-20f7382dd24c' THEN 'Contributor'
      ELSE guid END),
    roleGuid: guid,
    scopeId: assignment.scopeId,
    scopeLevel: assignment.scopeLevel,
    conditional: coalesce(assignment.hasCondition, false),
    modifierRank: modifierRank
  }]->(workload)
RETURN count(can) AS modifiers
UNION ALL
// Assignments on a single container app or group (resource scope: the graph has no scope node for them).
MATCH (modifier:ManagedIdentity)-[:HAS_ROLE_ASSIGNMENT]->(assignment:RoleAssignment)
WHERE assignment.scopeLevel = 'resource'
OPTIONAL MATCH (app:ContainerApp {id: assignment.scopeId})
OPTIONAL MATCH (group:ContainerGroup {id: assignment.scopeId})
WITH modifier, assignment, [resource IN [app, group] WHERE resource IS NOT NULL] AS resources
UNWIND resources AS workload
MATCH (workload)-[:HAS_IDENTITY]->(:ManagedIdentity)-[held:PRIVILEGED_GRANT]->()
WITH modifier, assignment, workload, max(held.breadthRank) AS heldRank
WITH modifier, assignment, [{workload: workload, heldRank: heldRank, app: workload:ContainerApp}] AS covered
OPTIONAL MATCH (assignment)-[:OF_ROLE]->(definition:RoleDefinition)
WITH covered, modifier, assignment, definition, toLower(coalesce(assignment.roleDefinitionGuid, '')) AS guid,
     coalesce(definition.actionPatterns, []) AS patterns, coalesce(definition.notActionPatterns, []) AS notPatterns
WITH covered, modifier, assignment, definition, guid,
     guid IN ['8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'b24988ac-6180-42a0-ab88-20f7382dd24c']
       OR (any(pattern IN patterns WHERE 'microsoft.app/containerapps/write' =~ pattern)
           AND none(pattern IN notPatterns WHERE 'microsoft.app/containerapps/write' =~ pattern)) AS writesApps,
     guid IN ['8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'b24988ac-6180-42a0-ab88-20f7382dd24c']
       OR (any(pattern IN patterns WHERE 'microsoft.containerinstance/containergroups/write' =~ pattern)
           AND none(pattern IN notPatterns WHERE 'microsoft.containerinstance/containergroups/write' =~ pattern)) AS writesGroups
WHERE writesApps OR writesGroups
WITH covered, modifier, assignment, definition, guid, writesApps, writesGroups,
     reduce(rank = 0, grantRank IN [(modifier)-[grant:PRIVILEGED_GRANT]->() | grant.breadthRank] |
            CASE WHEN grantRank > rank THEN grantRank ELSE rank END) AS modifierRank
// Filter the covered workloads in a list first (cheaper than a row per pair).
UNWIND [entry IN covered WHERE entry.heldRank > modifierRank AND CASE WHEN entry.app THEN writesApps ELSE writesGroups END] AS entry
WITH modifier, assignment, definition, guid, modifierRank, entry.workload AS workload
CREATE (modifier)-[can:CAN_MODIFY {
    viaAssignmentId: assignment.id,
    derived: true,
    action: CASE WHEN workload:ContainerApp THEN 'Microsoft.App/containerApps/write'
                      ELSE 'Microsoft.ContainerInstance/containerGroups/write' END,
    roleName: coalesce(definition.roleName, CASE guid
      WHEN '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' THEN 'Owner'
      WHEN 'b24988ac-6180-42a0-ab88-20f7382dd24c' THEN 'Contributor'
      ELSE guid END),
    roleGuid: guid,
    scopeId: assignment.scopeId,
    scopeLevel: assignment.scopeLevel,
    conditional: coalesce(assignment.hasCondition, false),
    modifierRank: modifierRank
  }]->(workload)
RETURN count(can) AS modifiers
