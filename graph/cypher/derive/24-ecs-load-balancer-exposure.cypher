// id: 24-ecs-load-balancer-exposure
// description: (:Internet)-[:CAN_REACH {via: 'internet-facing', listenerIds}]->(:LoadBalancer) for active (or
//   active_impaired: still serving) internet-facing load balancers, listing the listeners the internet can reach: all of
//   them when the load balancer has no security groups (an NLB created without groups filters nothing), else those
//   whose port one of its groups admits from 0.0.0.0/0 or ::/0.
MATCH (balancer:LoadBalancer)-[:HAS_LISTENER]->(listener:Listener)
WHERE balancer.scheme = 'internet-facing' AND balancer.stateCode IN ['active', 'active_impaired']
WITH balancer, listener, size(coalesce(balancer.securityGroupIds, [])) = 0 AS unfiltered
OPTIONAL MATCH (balancer)-[:HAS_SECURITY_GROUP]->(group:SecurityGroup)-[:HAS_RULE]->(rule:SecurityGroupRule)
WHERE NOT unfiltered AND rule.direction = 'ingress' AND (rule.cidrIpv4 = '0.0.0.0/0' OR rule.cidrIpv6 = '::/0')
  AND (rule.protocol = '-1' OR (rule.fromPort <= listener.port AND listener.port <= rule.toPort))
WITH balancer, listener, unfiltered, collect(DISTINCT group.id) AS openGroupIds
WHERE unfiltered OR size(openGroupIds) > 0
WITH balancer, unfiltered, collect(listener.id) AS listenerIds,
     collect(toString(listener.port) + '/' + toLower(coalesce(listener.protocol, 'tcp'))) AS ports,
     reduce(acc = [], list IN collect(openGroupIds) | acc + [id IN list WHERE NOT id IN acc]) AS openGroupIds
MATCH (internet:Internet {id: 'internet'})
CREATE (internet)-[reach:CAN_REACH {
    via: 'internet-facing',
    derived: true,
    exposure: 'load-balancer',
    listenerIds: listenerIds,
    ports: ports,
    unfiltered: unfiltered,
    securityGroupIds: openGroupIds,
    dnsName: balancer.dnsName
  }]->(balancer)
RETURN count(reach) AS exposures
