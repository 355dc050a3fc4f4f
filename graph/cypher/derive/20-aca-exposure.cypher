// id: 20-aca-exposure
// description: (:Internet)-[:CAN_REACH {via: 'ingress'}]->(:ContainerApp) when the app's ingress is external
//   (ingress.external), its managed environment is neither internal (vnetConfiguration.internal) nor closed to public
//   traffic (publicNetworkAccess Disabled), and its IP restrictions do not confine it. Confined = at least one Allow rule
//   and no Allow rule for 0.0.0.0/0 or ::/0: with Allow rules ACA denies everything else, while Deny rules leave the
//   rest of the internet in. An app whose environment is not in the graph is treated as public (the API default).
MATCH (app:ContainerApp)
WHERE app.ingressPresent = true AND app.ingressExternal = true
OPTIONAL MATCH (app)-[:IN_ENVIRONMENT]->(environment:ManagedEnvironment)
WITH app, environment, [range IN coalesce(app.ipAllowRanges, []) | trim(range)] AS allowRanges
WHERE coalesce(environment.vnetInternal, false) <> true
  AND toLower(coalesce(environment.publicNetworkAccess, 'Enabled')) <> 'disabled'
  AND NOT (size(allowRanges) > 0 AND none(range IN allowRanges WHERE range IN ['0.0.0.0/0', '::/0']))
MATCH (internet:Internet {id: 'internet'})
CREATE (internet)-[reach:CAN_REACH {
    via: 'ingress',
    derived: true,
    exposure: 'ingress',
    hops: [],
    hopLabels: [],
    ports: CASE
      WHEN toLower(coalesce(app.ingressTransport, '')) = 'tcp'
        THEN [toString(coalesce(app.ingressExposedPort, app.ingressTargetPort)) + '/tcp']
      ELSE ['443/tcp', '80/tcp']
    END,
    fqdn: app.ingressFqdn,
    environmentId: environment.id,
    environmentInternal: coalesce(environment.vnetInternal, false),
    publicNetworkAccess: coalesce(environment.publicNetworkAccess, 'Enabled'),
    ipAllowRanges: allowRanges,
    ipDenyRanges: coalesce(app.ipDenyRanges, [])
  }]->(app)
RETURN count(reach) AS exposures
