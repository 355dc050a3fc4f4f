// id: ecs-public-task
// title: ECS Fargate tasks should not be publicly exposed
// severity: High
// platform: ECS
// resourceType: EcsService
// source: defender
// description: A Fargate service (or a running Fargate task outside any service) is reachable from the internet:
//   directly (a public IPv4 address with a 0.0.0.0/0 route to an internet gateway and a security group open to
//   0.0.0.0/0, or the IPv6 equivalent with ::/0), or through an active internet-facing load balancer whose listener
//   forwards to a target group the service is registered in, when the load balancer has no security groups or one
//   open to the internet on that listener's port.
// remediation: Run tasks in private subnets with assignPublicIp DISABLED (egress through a NAT gateway or VPC
//   endpoints); publish services only through a load balancer whose security group admits known ranges, or an
//   internal load balancer; remove 0.0.0.0/0 and ::/0 rules from task security groups.
// references: ECS.2

// Exposure is derived once (derive/22..25): one CAN_REACH per exposure, to the service, or to the task when it runs
// outside any service. The resource is a service ARN or a task ARN; resourceLabel says which.
MATCH (:Internet)-[reach:CAN_REACH]->(workload)
WHERE (workload:EcsService OR workload:EcsTask) AND workload.fargate = true
  AND reach.via IN ['direct', 'load-balancer']
WITH workload, reach
ORDER BY reach.via, reach.listenerId, reach.targetGroupId
WITH workload, collect({
       via: reach.via,
       ports: reach.ports,
       families: reach.families,
       publicIps: reach.publicIps,
       publicIpSources: reach.publicIpSources,
       taskArns: reach.taskArns,
       subnetIds: reach.subnetIds,
       routeTableIds: reach.routeTableIds,
       internetGatewayIds: reach.internetGatewayIds,
       securityGroupIds: reach.securityGroupIds,
       loadBalancerId: reach.loadBalancerId,
       listenerId: reach.listenerId,
       targetGroupId: reach.targetGroupId,
       dnsName: reach.dnsName,
       loadBalancerWithoutSecurityGroups: reach.unfiltered
     }) AS exposures
RETURN workload.id AS resourceId, workload.name AS resourceName, workload.scope AS scope,
       CASE WHEN workload:EcsService THEN 'EcsService' ELSE 'EcsTask' END AS resourceLabel,
       {exposures: exposures} AS evidence
