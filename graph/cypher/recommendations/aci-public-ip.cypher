// id: aci-public-ip
// title: Azure Container Instances should not be publicly exposed
// severity: High
// platform: ACI
// resourceType: ContainerGroup
// source: defender
// description: The container group has a public IP address (properties.ipAddress.type Public): its ports are reachable
//   from the internet.
// remediation: Deploy the container group into a virtual network subnet with a private IP address and publish it, if
//   needed, through an application gateway or load balancer that filters traffic.
// references: 8af8f826-edcb-4178-b35f-851ea6fea615

// Exposure is derived once (derive/21-aci-exposure.cypher).
MATCH (:Internet)-[reach:CAN_REACH {via: 'public-ip'}]->(group:ContainerGroup)
RETURN group.id AS resourceId, group.name AS resourceName, group.scope AS scope,
       {ipAddressType: group.ipAddressType, ip: reach.publicIp, fqdn: reach.fqdn, ports: reach.ports} AS evidence
