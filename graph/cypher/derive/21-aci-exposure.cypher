// id: 21-aci-exposure
// description: (:Internet)-[:CAN_REACH {via: 'public-ip'}]->(:ContainerGroup) for container groups with a public IP
//   address (properties.ipAddress.type Public), on the ports the group exposes.
MATCH (group:ContainerGroup)
WHERE toLower(coalesce(group.ipAddressType, '')) = 'public'
MATCH (internet:Internet {id: 'internet'})
WITH internet, group, coalesce(group.ports, []) AS ports, coalesce(group.portProtocols, []) AS protocols
CREATE (internet)-[reach:CAN_REACH {
    via: 'public-ip',
    derived: true,
    exposure: 'public-ip',
    hops: [],
    hopLabels: [],
    ports: [index IN range(0, size(ports) - 1) |
                   toString(ports[index]) + '/' + toLower(coalesce(protocols[index], 'TCP'))],
    publicIp: group.ipAddress,
    fqdn: group.fqdn
  }]->(group)
RETURN count(reach) AS exposures
