// name: who-can-reach-subscription
// title: Who can reach subscription X
// description: Workloads whose managed identities hold a role assignment at the subscription, inside it, or above it (management groups, tenant root: inherited).
// param: subscriptionId string required Subscription GUID or ARM id (/subscriptions/<guid>)
MATCH (sub:Subscription)
WHERE sub.id = toLower($subscriptionId) OR sub.subscriptionId = toLower($subscriptionId)
MATCH (w)-[:HAS_IDENTITY]->(i:ManagedIdentity)-[:HAS_ROLE_ASSIGNMENT]->(ra:RoleAssignment)
WHERE ra.scopeId = sub.id OR ra.scopeId STARTS WITH sub.id + '/'
   OR EXISTS { MATCH (sub)-[:CHILD_OF*1..]->(above:AzureScope) WHERE above.id = ra.scopeId }
OPTIONAL MATCH (ra)-[:OF_ROLE]->(rd:RoleDefinition)
RETURN w.id AS workload, labels(w)[0] AS type, w.name AS name, i.id AS identity,
       coalesce(rd.roleName, ra.roleDefinitionGuid) AS role, ra.scopeId AS grantScope, ra.scopeLevel AS scopeLevel
ORDER BY workload, role, grantScope
