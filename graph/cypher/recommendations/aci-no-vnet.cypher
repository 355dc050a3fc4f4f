// id: aci-no-vnet
// title: Azure Container Instances container groups should be deployed into a virtual network
// severity: Medium
// platform: ACI
// resourceType: ContainerGroup
// source: extended
// description: The container group is not attached to any virtual network subnet (properties.subnetIds empty): it
//   cannot use network security groups, private endpoints or private DNS, and any exposure is on a public address.
// remediation: Redeploy the container group with subnetIds in a delegated subnet and a Private IP address type.
// references: 8af8f826-edcb-4178-b35f-851ea6fea615

MATCH (group:ContainerGroup)
WHERE size(coalesce(group.subnetIds, [])) = 0
RETURN group.id AS resourceId, group.name AS resourceName, group.scope AS scope,
       {ipAddressType: group.ipAddressType, subnetIds: []} AS evidence
