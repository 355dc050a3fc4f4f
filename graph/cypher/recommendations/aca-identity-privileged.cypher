// id: aca-identity-privileged
// title: Managed identities assigned to Azure Container Apps should follow least privilege
// severity: High
// platform: ACA
// resourceType: ContainerApp
// source: defender
// description: A managed identity of the container app (its system-assigned identity or a user-assigned one) holds a
//   privileged administrator role (Owner, Contributor, User Access Administrator, Role Based Access Control
//   Administrator, Reservations Administrator, or a custom role that allows every action or role assignments) at a
//   wide scope: the tenant root, a management group, a subscription, a resource group or a provider namespace.
// remediation: Replace the assignment with a narrowly scoped role that grants only the data-plane and management
//   actions the app needs, at the resource it works on; remove the identity from the app if it is unused.

// Grants are derived once (derive/10-azure-privileged-grants.cypher). The subscription's management-group chain says
// whether a group-level grant reaches the app's own subscription by inheritance.
MATCH (app:ContainerApp)-[holds:HAS_IDENTITY]->(identity:ManagedIdentity)-[grant:PRIVILEGED_GRANT]->(target)
OPTIONAL MATCH (subscription:Subscription {id: '/subscriptions/' + toLower(app.subscriptionId)})
WITH app, holds, identity, grant, [name IN coalesce(subscription.managementGroupAncestors, []) | toLower(name)] AS ancestors
ORDER BY grant.breadthRank DESC, grant.scopeId, grant.roleGuid
WITH app, collect({
       principalId: identity.id, identityKind: holds.identityKind, identityResourceId: identity.resourceId,
       roleName: grant.roleName, roleGuid: grant.roleGuid, reason: grant.reason, assignmentId: grant.viaAssignmentId,
       scopeId: grant.scopeId, scopeLevel: grant.scopeLevel, conditional: grant.conditional,
       inheritedVia: CASE
         WHEN grant.scopeLevel = 'root' THEN '/'
         WHEN grant.scopeLevel = 'managementGroup' AND last(split(grant.scopeId, '/')) IN ancestors THEN grant.scopeId
         ELSE null
       END
     }) AS grants
RETURN app.id AS resourceId, app.name AS resourceName, app.scope AS scope,
       {grants: grants, widestScopeId: head(grants).scopeId, widestRole: head(grants).roleName} AS evidence
