// id: aci-plaintext-secrets
// title: Azure Container Instances should not pass credentials in plain-text environment variables
// severity: High
// platform: ACI
// resourceType: ContainerGroup
// source: extended
// description: A container of the group sets an environment variable with a plain value (not secureValue) whose name
//   or value looks like a credential: anyone who can read the resource definition can read it.
// remediation: Pass credentials as secureValue environment variables or secret volumes, or better, let the code fetch
//   them from Key Vault with the group's managed identity.

// envCredentialLikeNames is the ingest's redaction verdict: the values themselves never reach the graph.
MATCH (group:ContainerGroup)-[:HAS_CONTAINER]->(container:Container)
WHERE size(coalesce(container.envCredentialLikeNames, [])) > 0
WITH group, collect({container: container.name, variables: container.envCredentialLikeNames}) AS containers
RETURN group.id AS resourceId, group.name AS resourceName, group.scope AS scope, {containers: containers} AS evidence
