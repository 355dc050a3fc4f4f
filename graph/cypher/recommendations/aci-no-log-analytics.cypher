// id: aci-no-log-analytics
// title: Azure Container Instances container groups should send logs to Log Analytics
// severity: Low
// platform: ACI
// resourceType: ContainerGroup
// source: extended
// description: The container group has no diagnostics.logAnalytics workspace: container logs and events are kept only
//   on the instance and are lost with it, so incidents cannot be investigated afterwards.
// remediation: Set properties.diagnostics.logAnalytics (workspaceId and key, or workspaceResourceId) when deploying the
//   container group.

MATCH (group:ContainerGroup)
WHERE coalesce(group.logAnalyticsWorkspaceId, '') = ''
RETURN group.id AS resourceId, group.name AS resourceName, group.scope AS scope,
       {logAnalyticsWorkspaceId: null} AS evidence
