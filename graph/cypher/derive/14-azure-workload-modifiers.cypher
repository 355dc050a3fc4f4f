// id: 14-azure-workload-modifiers
// description: (:ManagedIdentity)-[:CAN_MODIFY]->(workload) for identities whose role assignment, at a scope covering a
//   container app or container group (its resource group, subscription, a management group above it, the tenant root,
//   or the resource itself), allows Microsoft.App/containerApps/write (apps) or
//   Microsoft.ContainerInstance/containerGroups/write (groups). Only workloads that hold a privileged identity are
//   considered: those are the ones worth modifying. Owner and Contributor count by GUID even when their definition is
//   not in the snapshot.
MATCH (workload)-[:HAS_IDENTITY]->(held:ManagedIdentity)
WHERE (workload:ContainerApp OR workload:ContainerGroup) AND EXISTS { (held)-[:PRIVILEGED_GRANT]->() }
WITH DISTINCT workload,
     CASE WHEN workload:ContainerApp THEN 'microsoft.app/containerapps/write'
          ELSE 'microsoft.containerinstance/containergroups/write' END AS writeAction
// Scopes covering the workload: itself, then up the CHILD_OF chain from its resource group to the tenant.
MATCH (workload)-[:IN_RESOURCE_GROUP]->(group:ResourceGroup)-[:CHILD_OF*0..10]->(scope:AzureScope)
WITH workload, writeAction, collect(DISTINCT scope) AS scopes
UNWIND scopes + [workload] AS covering
MATCH (covering)<-[:AT_SCOPE]-(assignment:RoleAssignment)<-[:HAS_ROLE_ASSIGNMENT]-(modifier:ManagedIdentity)
OPTIONAL MATCH (assignment)-[:OF_ROLE]->(definition:RoleDefinition)
WITH workload, writeAction, covering, assignment, modifier, definition,
     toLower(coalesce(assignment.roleDefinitionGuid, '')) AS guid
WHERE guid IN ['8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'b24988ac-6180-42a0-ab88-20f7382dd24c']
   OR (definition IS NOT NULL
       AND any(pattern IN coalesce(definition.actionPatterns, []) WHERE writeAction =~ pattern)
       AND none(pattern IN coalesce(definition.notActionPatterns, []) WHERE writeAction =~ pattern))
MERGE (modifier)-[can:CAN_MODIFY {viaAssignmentId: assignment.id}]->(workload)
SET can.derived = true,
    can.action = CASE WHEN workload:ContainerApp THEN 'Microsoft.App/containerApps/write'
                      ELSE 'Microsoft.ContainerInstance/containerGroups/write' END,
    can.roleName = coalesce(definition.roleName, guid),
    can.roleGuid = guid,
    can.scopeId = assignment.scopeId,
    can.scopeLevel = assignment.scopeLevel,
    can.conditional = coalesce(assignment.hasCondition, false)
RETURN count(can) AS modifiers
