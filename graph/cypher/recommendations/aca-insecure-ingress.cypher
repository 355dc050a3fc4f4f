// id: aca-insecure-ingress
// title: Azure Container Apps ingress should not allow insecure HTTP connections
// severity: Medium
// platform: ACA
// resourceType: ContainerApp
// source: extended
// description: The container app's ingress has allowInsecure set: plain HTTP requests are served instead of being
//   redirected to HTTPS, so credentials and session cookies can travel unencrypted.
// remediation: Set properties.configuration.ingress.allowInsecure to false.

MATCH (app:ContainerApp)
WHERE app.ingressPresent = true AND app.ingressAllowInsecure = true
RETURN app.id AS resourceId, app.name AS resourceName, app.scope AS scope,
       {allowInsecure: true, ingressExternal: coalesce(app.ingressExternal, false), fqdn: app.ingressFqdn} AS evidence
