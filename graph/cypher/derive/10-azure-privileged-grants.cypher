// id: 10-azure-privileged-grants
// description: (:ManagedIdentity)-[:PRIVILEGED_GRANT]->(scope) for every role assignment of a privileged role at a
//   wide scope (recommendations.md "Privileged role (Azure)"). The target is the assignment's scope node (tenant root,
//   management group, subscription, resource group); for scopes the graph does not model (/providers/Microsoft.Capacity)
//   it is the RoleAssignment itself. Resource-scoped assignments are narrow by definition and never count.
MATCH (identity:ManagedIdentity)-[:HAS_ROLE_ASSIGNMENT]->(assignment:RoleAssignment)
WHERE assignment.scopeLevel IN ['root', 'managementGroup', 'subscription', 'resourceGroup', 'provider']
OPTIONAL MATCH (assignment)-[:OF_ROLE]->(definition:RoleDefinition)
// Microsoft's "privileged administrator roles", matched by the GUID at the end of roleDefinitionId.
WITH identity, assignment, definition, toLower(coalesce(assignment.roleDefinitionGuid, '')) AS guid,
     CASE toLower(coalesce(assignment.roleDefinitionGuid, ''))
       WHEN '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' THEN 'Owner'
       WHEN 'b24988ac-6180-42a0-ab88-20f7382dd24c' THEN 'Contributor'
       WHEN '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9' THEN 'User Access Administrator'
       WHEN 'f58310d9-a9f6-439a-9e8d-f62e7b41a168' THEN 'Role Based Access Control Administrator'
       WHEN 'a8889054-8d42-49c9-bc1c-52486c10e7cd' THEN 'Reservations Administrator'
     END AS builtInName
WHERE builtInName IS NOT NULL OR toLower(coalesce(definition.roleType, '')) = 'customrole'
// A custom role is privileged when its actions (wildcards, case-insensitive) minus its notActions allow the action
// '*' itself or Microsoft.Authorization/roleAssignments/write. The probes are matched as literal action strings against
// the precompiled, anchored, lower-case patterns: `*/write` and `Microsoft.Authorization/*` match the second probe, and a
// notAction such as `Microsoft.Authorization/*/Write` does not cancel the first (a Contributor clone stays privileged).
WITH identity, assignment, definition, guid, builtInName,
     builtInName IS NULL
       AND any(pattern IN coalesce(definition.actionPatterns, []) WHERE '*' =~ pattern)
       AND none(pattern IN coalesce(definition.notActionPatterns, []) WHERE '*' =~ pattern) AS customAll,
     builtInName IS NULL
       AND any(pattern IN coalesce(definition.actionPatterns, []) WHERE 'microsoft.authorization/roleassignments/write' =~ pattern)
       AND none(pattern IN coalesce(definition.notActionPatterns, []) WHERE 'microsoft.authorization/roleassignments/write' =~ pattern)
       AS customAssignsRoles
WHERE builtInName IS NOT NULL OR customAll OR customAssignsRoles
OPTIONAL MATCH (assignment)-[:AT_SCOPE]->(scopeNode:AzureScope)
// The tenant root management group (named after the tenant) is as wide as the tenant root scope '/'.
WITH identity, assignment, definition, guid, builtInName, customAll, coalesce(scopeNode, assignment) AS target,
     assignment.scopeLevel = 'root' OR coalesce(scopeNode.root, false) AS tenantWide
CREATE (identity)-[grant:PRIVILEGED_GRANT {
    viaAssignmentId: assignment.id,
    derived: true,
    reason: CASE
      WHEN builtInName IS NOT NULL THEN 'privileged-built-in-role'
      WHEN customAll THEN 'custom-role-all-actions'
      ELSE 'custom-role-assigns-roles'
    END,
    roleName: coalesce(builtInName, definition.roleName, guid),
    roleGuid: guid,
    roleDefinitionId: assignment.roleDefinitionId,
    scopeId: assignment.scopeId,
    scopeLevel: assignment.scopeLevel,
    // Tenant-root and management-group grants reach the subscriptions below them by inheritance.
    inherited: assignment.scopeLevel IN ['root', 'managementGroup'],
    conditional: coalesce(assignment.hasCondition, false),
    breadth: CASE WHEN tenantWide THEN 'tenant' ELSE assignment.scopeLevel END,
    // Wider first: used to pick "the widest grant" deterministically.
    breadthRank: CASE WHEN tenantWide THEN 5 ELSE CASE assignment.scopeLevel
      WHEN 'managementGroup' THEN 4 WHEN 'subscription' THEN 3 WHEN 'provider' THEN 2 ELSE 1
    END END
  }]->(target)
RETURN count(grant) AS grants
