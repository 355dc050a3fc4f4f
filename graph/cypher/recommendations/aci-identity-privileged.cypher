// id: aci-identity-privileged
// title: Managed identities assigned to Azure Container Instances should follow least privilege
// severity: High
// platform: ACI
// resourceType: ContainerGroup
// source: defender
// description: A managed identity of the container group (its system-assigned identity or a user-assigned one) holds a
//   privileged administrator role (Owner, Contributor, User Access Administrator, Role Based Access Control
//   Administrator, Reservations Administrator, or a custom role that allows every action or role assignments) at a
//   wide scope: the tenant root, a management group, a subscription, a resource group or a provider namespace.
// remediation: Replace the assignment with a narrowly scoped role that grants only the data-plane and management
//   actions the containers need, at the resource it works on; remove the identity from the group if it is unused.

// Grants are derived once (derive/10-azure-privileged-grants.cypher). The subscription's management-group chain says
// whether a group-level grant reaches the group's own subscription by inheritance.
MATCH (containerGroup:ContainerGroup)-[holds:HAS_IDENTITY]->(identity:ManagedIdentity)-[grant:PRIVILEGED_GRANT]->(target)
OPTIONAL MATCH (subscription:Subscription {id: '/subscriptions/' + toLower(containerGroup.subscriptionId)})
WITH containerGroup, holds, identity, grant, [name IN coalesce(subscription.managementGroupAncestors, []) | toLower(name)] AS ancestors
ORDER BY grant.breadthRank DESC, grant.scopeId, grant.roleGuid
WITH containerGroup, collect({
       principalId: identity.id, identityKind: holds.identityKind, identityResourceId: identity.resourceId,
       roleName: grant.roleName, roleGuid: grant.roleGuid, reason: grant.reason, assignmentId: grant.viaAssignmentId,
       scopeId: grant.scopeId, scopeLevel: grant.scopeLevel, conditional: grant.conditional,
       inheritedVia: CASE
         WHEN grant.scopeLevel = 'root' THEN '/'
         WHEN grant.scopeLevel = 'managementGroup' AND last(split(grant.scopeId, '/')) IN ancestors THEN grant.scopeId
         ELSE null
       END
     }) AS grants
RETURN containerGroup.id AS resourceId, containerGroup.name AS resourceName, containerGroup.scope AS scope,
       {grants: grants, widestScopeId: head(grants).scopeId, widestRole: head(grants).roleName} AS evidence
