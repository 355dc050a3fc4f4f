// id: ecs-no-log-configuration
// title: ECS task definitions should have a logging configuration
// severity: Medium
// platform: ECS
// resourceType: TaskDefinition
// source: extended
// description: A container of a task definition run on Fargate has no logConfiguration: its output is discarded, and
//   with the cluster's DEFAULT exec logging, ECS Exec sessions in it are not recorded either.
// remediation: Give every container a logConfiguration (awslogs, or awsfirelens to ship logs elsewhere).
// references: ECS.9

MATCH (definition:TaskDefinition)-[:HAS_CONTAINER]->(container:ContainerDefinition)
WHERE coalesce(container.logDriver, '') = ''
  AND EXISTS { MATCH (runner)-[:RUNS_TASK_DEFINITION]->(definition) WHERE runner.fargate = true }
WITH definition, collect(container.name) AS containers
RETURN definition.id AS resourceId, definition.name AS resourceName, definition.scope AS scope,
       {containersWithoutLogConfiguration: containers} AS evidence
