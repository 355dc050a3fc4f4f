// id: aca-public-ingress
// title: Azure Container Apps should not be exposed to the public internet unless required
// severity: High
// platform: ACA
// resourceType: ContainerApp
// source: defender
// description: The container app's ingress is external, its managed environment is neither internal nor closed to
//   public network access, and its IP restrictions do not confine it to known ranges: anyone on the internet can
//   reach it.
// remediation: Set ingress.external to false (environment-internal traffic only), deploy the environment as internal
//   (vnetConfiguration.internal) or with publicNetworkAccess Disabled behind private endpoints, or restrict ingress to
//   known ranges with Allow rules in ipSecurityRestrictions.
// references: 783ea2a8-b8fd-46be-896a-9ae79643a0b1; d074ddf8-01a5-4b5e-a2b8-964aed452c0a

// Exposure is derived once (derive/20-aca-exposure.cypher); the rule reports it.
MATCH (:Internet)-[reach:CAN_REACH {via: 'ingress'}]->(app:ContainerApp)
RETURN app.id AS resourceId, app.name AS resourceName, app.scope AS scope,
       {
         ingressExternal: app.ingressExternal,
         fqdn: reach.fqdn,
         ports: reach.ports,
         environmentId: reach.environmentId,
         environmentInternal: reach.environmentInternal,
         publicNetworkAccess: reach.publicNetworkAccess,
         ipAllowRanges: reach.ipAllowRanges,
         ipDenyRanges: reach.ipDenyRanges
       } AS evidence
