// name: ecs-services-behind-load-balancers
// title: ECS services exposed through load balancers
// description: ECS services registered in a target group that a listener's default action forwards to, with the load balancer's scheme and port.
// param: internetFacingOnly boolean optional Only internet-facing load balancers (default false)
MATCH (svc:EcsService)-[:REGISTERED_IN]->(tg:TargetGroup)<-[:FORWARDS_TO]-(listener:Listener)<-[:HAS_LISTENER]-(lb:LoadBalancer)
WHERE coalesce($internetFacingOnly, false) = false OR lb.scheme = 'internet-facing'
RETURN svc.id AS service, svc.name AS name, lb.id AS loadBalancer, lb.dnsName AS dnsName, lb.scheme AS scheme,
       lb.lbType AS lbType, listener.port AS port, listener.protocol AS protocol, tg.id AS targetGroup
ORDER BY scheme, service, port
