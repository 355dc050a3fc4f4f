// id: 25-ecs-load-balancer-targets
// description: (:Internet)-[:CAN_REACH {via: 'load-balancer', hops}]->(:EcsService) for Fargate services registered in
//   a target group that a reachable listener's default action forwards to. One relationship per (listener, target
//   group); `hops` lists the load balancer, listener and target group ids in path order (hopLabels their labels), so
//   rules and attack paths read the whole chain Internet -> LoadBalancer -> Listener -> TargetGroup -> EcsService.
MATCH (internet:Internet {id: 'internet'})-[reachBalancer:CAN_REACH {via: 'internet-facing'}]->(balancer:LoadBalancer)
MATCH (balancer)-[:HAS_LISTENER]->(listener:Listener)-[:FORWARDS_TO]->(targetGroup:TargetGroup)
WHERE listener.id IN reachBalancer.listenerIds
MATCH (service:EcsService)-[registration:REGISTERED_IN]->(targetGroup)
WHERE service.fargate = true
CREATE (internet)-[reach:CAN_REACH {
    via: 'load-balancer', listenerId: listener.id, targetGroupId: targetGroup.id,
    derived: true,
    exposure: 'load-balancer',
    loadBalancerId: balancer.id,
    hops: [balancer.id, listener.id, targetGroup.id],
    hopLabels: ['LoadBalancer', 'Listener', 'TargetGroup'],
    ports: [toString(listener.port) + '/' + toLower(coalesce(listener.protocol, 'tcp'))],
    dnsName: balancer.dnsName,
    unfiltered: reachBalancer.unfiltered,
    securityGroupIds: reachBalancer.securityGroupIds,
    containerName: registration.containerName,
    containerPort: registration.containerPort
  }]->(service)
RETURN count(reach) AS exposures
