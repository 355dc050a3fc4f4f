// id: aca-authentication-disabled
// title: Authentication should be enabled on Azure Container Apps
// severity: High
// platform: ACA
// resourceType: ContainerApp
// source: defender
// description: The container app accepts requests through ingress, but no authentication config of the app turns on
//   the platform's built-in authentication (platform.enabled), or the enabled one lets unauthenticated requests through
//   (globalValidation.unauthenticatedClientAction AllowAnonymous or not set).
// remediation: Enable Container Apps authentication (authConfigs/current platform.enabled = true) with an identity
//   provider, and set globalValidation.unauthenticatedClientAction to RedirectToLoginPage, Return401 or Return403.
// references: 2b585559-a78e-4cc4-b1aa-fb169d2f6b96

// One row per app with ingress that no enabled, non-anonymous auth config protects.
MATCH (app:ContainerApp)
WHERE app.ingressPresent = true
  AND NOT EXISTS {
    MATCH (app)-[:HAS_AUTH_CONFIG]->(config:AuthConfig)
    WHERE config.platformEnabled = true
      AND config.unauthenticatedClientAction IS NOT NULL
      AND toLower(config.unauthenticatedClientAction) <> 'allowanonymous'
  }
RETURN app.id AS resourceId, app.name AS resourceName, app.scope AS scope,
       {
         ingressExternal: coalesce(app.ingressExternal, false),
         ingressFqdn: app.ingressFqdn,
         authConfigs: [(app)-[:HAS_AUTH_CONFIG]->(config:AuthConfig) | {
           id: config.id,
           platformEnabled: config.platformEnabled,
           unauthenticatedClientAction: config.unauthenticatedClientAction
         }]
       } AS evidence
