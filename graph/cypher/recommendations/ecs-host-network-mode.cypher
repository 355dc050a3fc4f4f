// id: ecs-host-network-mode
// title: ECS task definitions should not use the host network mode
// severity: Medium
// platform: ECS
// resourceType: TaskDefinition
// source: extended
// description: A task definition that a service or running task uses has networkMode host: its containers share the
//   instance's network stack (every port, the instance metadata endpoint and the instance role's credentials). Fargate
//   rejects this mode (awsvpc only), so the check concerns EC2 and external capacity running next to Fargate in the
//   same clusters, where it breaks the isolation the Fargate findings assume.
// remediation: Use the awsvpc network mode (one ENI and security group per task) or bridge.
// references: ECS.1

MATCH (definition:TaskDefinition)
WHERE toLower(coalesce(definition.networkMode, '')) = 'host'
  AND EXISTS { MATCH (runner)-[:RUNS_TASK_DEFINITION]->(definition) WHERE runner:EcsService OR runner:EcsTask }
RETURN definition.id AS resourceId, definition.name AS resourceName, definition.scope AS scope,
       {
         networkMode: definition.networkMode,
         usedBy: [(runner)-[:RUNS_TASK_DEFINITION]->(definition) WHERE runner:EcsService OR runner:EcsTask | runner.id]
       } AS evidence
