// id: ecs-secrets-in-environment
// title: ECS task definitions should not pass secrets as container environment variables
// severity: High
// platform: ECS
// resourceType: TaskDefinition
// source: extended
// description: A container of a task definition run on Fargate sets a plain environment variable whose name or value
//   looks like a credential (AWS keys, passwords, tokens): it is readable by anyone with ecs:DescribeTaskDefinition.
// remediation: Move the value to Secrets Manager or SSM Parameter Store and reference it from
//   containerDefinitions[].secrets (valueFrom); rotate the exposed credential.
// references: ECS.8

MATCH (definition:TaskDefinition)-[:HAS_CONTAINER]->(container:ContainerDefinition)
WHERE size(coalesce(container.envCredentialLikeNames, [])) > 0
  AND EXISTS { MATCH (runner)-[:RUNS_TASK_DEFINITION]->(definition) WHERE runner.fargate = true }
WITH definition, collect({container: container.name, variables: container.envCredentialLikeNames}) AS containers
RETURN definition.id AS resourceId, definition.name AS resourceName, definition.scope AS scope,
       {containers: containers} AS evidence
