// name: management-group-grants
// title: Identities with grants at management group scope
// description: Managed identities holding a role assignment at a management group or the tenant root (inherited by every subscription below), with the workloads that use them.
MATCH (i:ManagedIdentity)-[:HAS_ROLE_ASSIGNMENT]->(ra:RoleAssignment)
WHERE ra.scopeLevel IN ['managementGroup', 'root']
OPTIONAL MATCH (ra)-[:OF_ROLE]->(rd:RoleDefinition)
OPTIONAL MATCH (w)-[:HAS_IDENTITY]->(i)
RETURN i.id AS identity, i.name AS name, coalesce(rd.roleName, ra.roleDefinitionGuid) AS role,
       ra.scopeId AS grantScope, ra.scopeLevel AS scopeLevel, collect(DISTINCT w.id) AS workloads
ORDER BY grantScope, identity, role
