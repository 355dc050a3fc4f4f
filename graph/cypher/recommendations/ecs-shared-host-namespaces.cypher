// id: ecs-shared-host-namespaces
// title: ECS task definitions should not share the host's process namespace
// severity: High
// platform: ECS
// resourceType: TaskDefinition
// source: extended
// description: A task definition that a service or running task uses sets pidMode host: its containers see, and with
//   SYS_PTRACE can attach to, every process on the instance. Fargate rejects it (pidMode task only), so the check
//   concerns EC2 and external capacity in the same clusters as the Fargate workloads.
// remediation: Remove pidMode (or set it to task) from the task definition.
// references: ECS.3

MATCH (definition:TaskDefinition)
WHERE toLower(coalesce(definition.pidMode, '')) = 'host'
  AND EXISTS { MATCH (runner)-[:RUNS_TASK_DEFINITION]->(definition) WHERE runner:EcsService OR runner:EcsTask }
RETURN definition.id AS resourceId, definition.name AS resourceName, definition.scope AS scope,
       {
         pidMode: definition.pidMode,
         usedBy: [(runner)-[:RUNS_TASK_DEFINITION]->(definition) WHERE runner:EcsService OR runner:EcsTask | runner.id]
       } AS evidence
