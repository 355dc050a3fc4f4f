// id: 23-ecs-task-direct-exposure
// description: (:Internet)-[:CAN_REACH {via: 'direct'}]->(workload) from running Fargate tasks' ENIs: a public IPv4
//   address (Association.PublicIp) with a 0.0.0.0/0 route to an igw- and a security group rule admitting 0.0.0.0/0, or
//   an IPv6 address with a ::/0 route to an igw- and a rule admitting ::/0. The workload is the task's service when it
//   has one, else the task itself; what 22-ecs-service-direct-exposure found for the service is kept and extended.
MATCH (task:EcsTask)-[:USES_ENI]->(eni:NetworkInterface)
WHERE task.fargate = true
UNWIND [family IN ['ipv4', 'ipv6'] WHERE
          (family = 'ipv4' AND eni.publicIp IS NOT NULL) OR
          (family = 'ipv6' AND size(coalesce(eni.ipv6Addresses, [])) > 0)] AS family
WITH task, eni, family, CASE family WHEN 'ipv4' THEN '0.0.0.0/0' ELSE '::/0' END AS anywhere
MATCH (eni)-[:IN_SUBNET]->(subnet:Subnet)-[:USES_ROUTE_TABLE]->(table:RouteTable)-[:HAS_ROUTE]->(route:Route)
WHERE (CASE family WHEN 'ipv4' THEN route.destinationCidrBlock ELSE route.destinationIpv6CidrBlock END) = anywhere
  AND route.gatewayId STARTS WITH 'igw-' AND coalesce(route.state, 'active') = 'active'
WITH task, eni, family, anywhere, collect(DISTINCT subnet.id) AS subnetIds, collect(DISTINCT table.id) AS routeTableIds,
     collect(DISTINCT route.gatewayId) AS gatewayIds
MATCH (eni)-[:HAS_SECURITY_GROUP]->(group:SecurityGroup)-[:HAS_RULE]->(rule:SecurityGroupRule)
WHERE rule.direction = 'ingress' AND (CASE family WHEN 'ipv4' THEN rule.cidrIpv4 ELSE rule.cidrIpv6 END) = anywhere
WITH task, eni, family, subnetIds, routeTableIds, gatewayIds, collect(DISTINCT group.id) AS groupIds,
     collect(DISTINCT CASE
       WHEN rule.protocol = '-1' THEN 'all'
       WHEN rule.fromPort = rule.toPort THEN toString(rule.fromPort) + '/' + rule.protocol
       ELSE toString(rule.fromPort) + '-' + toString(rule.toPort) + '/' + rule.protocol
     END) AS ports
OPTIONAL MATCH (service:EcsService)-[:HAS_TASK]->(task)
WITH coalesce(service, task) AS workload, task, eni, family, subnetIds, routeTableIds, gatewayIds, groupIds, ports
WITH workload, collect(DISTINCT family) AS families, collect(DISTINCT task.id) AS taskArns,
     [address IN collect(DISTINCT eni.publicIp) WHERE address IS NOT NULL] AS publicIps,
     reduce(acc = [], list IN collect(subnetIds) | acc + list) AS subnetIds,
     reduce(acc = [], list IN collect(routeTableIds) | acc + list) AS routeTableIds,
     reduce(acc = [], list IN collect(gatewayIds) | acc + list) AS gatewayIds,
     reduce(acc = [], list IN collect(groupIds) | acc + list) AS groupIds,
     reduce(acc = [], list IN collect(ports) | acc + list) AS ports
MATCH (internet:Internet {id: 'internet'})
MERGE (internet)-[reach:CAN_REACH {via: 'direct'}]->(workload)
// Lists are united with what the service's own configuration contributed (22-ecs-service-direct-exposure).
SET reach.derived = true,
    reach.exposure = 'direct',
    reach.hops = [],
    reach.hopLabels = [],
    reach.families = reduce(acc = [], x IN coalesce(reach.families, []) + families | CASE WHEN x IN acc THEN acc ELSE acc + x END),
    reach.publicIpSources = reduce(acc = [], x IN coalesce(reach.publicIpSources, []) + ['task-eni'] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
    reach.publicIps = reduce(acc = [], x IN coalesce(reach.publicIps, []) + publicIps | CASE WHEN x IN acc THEN acc ELSE acc + x END),
    reach.taskArns = reduce(acc = [], x IN coalesce(reach.taskArns, []) + taskArns | CASE WHEN x IN acc THEN acc ELSE acc + x END),
    reach.ports = reduce(acc = [], x IN coalesce(reach.ports, []) + ports | CASE WHEN x IN acc THEN acc ELSE acc + x END),
    reach.subnetIds = reduce(acc = [], x IN coalesce(reach.subnetIds, []) + subnetIds | CASE WHEN x IN acc THEN acc ELSE acc + x END),
    reach.routeTableIds = reduce(acc = [], x IN coalesce(reach.routeTableIds, []) + routeTableIds | CASE WHEN x IN acc THEN acc ELSE acc + x END),
    reach.internetGatewayIds = reduce(acc = [], x IN coalesce(reach.internetGatewayIds, []) + gatewayIds | CASE WHEN x IN acc THEN acc ELSE acc + x END),
    reach.securityGroupIds = reduce(acc = [], x IN coalesce(reach.securityGroupIds, []) + groupIds | CASE WHEN x IN acc THEN acc ELSE acc + x END)
RETURN count(reach) AS exposures
