// id: aci-registry-password
// title: Azure Container Instances should pull images with a managed identity rather than a registry password
// severity: Medium
// platform: ACI
// resourceType: ContainerGroup
// source: extended
// description: The container group authenticates to a container registry with a username and password
//   (imageRegistryCredentials[].password) instead of a managed identity: a long-lived secret that must be rotated by
//   hand and grants pull (often push) to whoever holds it.
// remediation: Grant the group's managed identity AcrPull on the registry and set imageRegistryCredentials[].identity
//   instead of username/password; disable the registry's admin user.

MATCH (group:ContainerGroup)
WHERE size(coalesce(group.registryPasswordServers, [])) > 0
RETURN group.id AS resourceId, group.name AS resourceName, group.scope AS scope,
       {registries: group.registryPasswordServers} AS evidence
