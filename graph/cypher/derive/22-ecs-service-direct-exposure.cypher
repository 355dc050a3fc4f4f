// id: 22-ecs-service-direct-exposure
// description: (:Internet)-[:CAN_REACH {via: 'direct'}]->(:EcsService) from a Fargate service's network configuration:
//   assignPublicIp ENABLED, one of its subnets routed (explicit route table association, else the VPC's main table)
//   0.0.0.0/0 to an internet gateway (igw-, route not blackholed), and one of its security groups admitting 0.0.0.0/0
//   on some port. 23-ecs-task-direct-exposure adds what running tasks' ENIs show (Association.PublicIp, IPv6).
MATCH (service:EcsService)
WHERE service.fargate = true AND service.assignPublicIp = 'ENABLED'
MATCH (service)-[:IN_SUBNET]->(subnet:Subnet)-[:USES_ROUTE_TABLE]->(table:RouteTable)-[:HAS_ROUTE]->(route:Route)
WHERE route.destinationCidrBlock = '0.0.0.0/0' AND route.gatewayId STARTS WITH 'igw-'
  AND coalesce(route.state, 'active') = 'active'
WITH service, collect(DISTINCT subnet.id) AS subnetIds, collect(DISTINCT table.id) AS routeTableIds,
     collect(DISTINCT route.gatewayId) AS gatewayIds
MATCH (service)-[:HAS_SECURITY_GROUP]->(group:SecurityGroup)-[:HAS_RULE]->(rule:SecurityGroupRule)
WHERE rule.direction = 'ingress' AND rule.cidrIpv4 = '0.0.0.0/0'
WITH service, subnetIds, routeTableIds, gatewayIds, collect(DISTINCT group.id) AS groupIds,
     collect(DISTINCT CASE
       WHEN rule.protocol = '-1' THEN 'all'
       WHEN rule.fromPort = rule.toPort THEN toString(rule.fromPort) + '/' + rule.protocol
       ELSE toString(rule.fromPort) + '-' + toString(rule.toPort) + '/' + rule.protocol
     END) AS ports
MATCH (internet:Internet {id: 'internet'})
CREATE (internet)-[reach:CAN_REACH {
    via: 'direct',
    derived: true,
    exposure: 'direct',
    hops: [],
    hopLabels: [],
    families: ['ipv4'],
    publicIpSources: ['assignPublicIp'],
    publicIps: [],
    taskArns: [],
    ports: ports,
    subnetIds: subnetIds,
    routeTableIds: routeTableIds,
    internetGatewayIds: gatewayIds,
    securityGroupIds: groupIds
  }]->(service)
RETURN count(reach) AS exposures
