// id: ecs-writable-root-filesystem
// title: Read-only root filesystem should be enabled for ECS Containers
// severity: Medium
// platform: ECS
// resourceType: TaskDefinition
// source: defender
// description: A container of a task definition run on Fargate has a writable root filesystem (readonlyRootFilesystem
//   absent or false), so a compromised process can alter binaries and configuration.
// remediation: Set readonlyRootFilesystem to true on every container and mount writable volumes (or bind mounts) only
//   at the paths the application writes to.
// references: ECS.5

MATCH (definition:TaskDefinition)
WHERE EXISTS { MATCH (runner)-[:RUNS_TASK_DEFINITION]->(definition) WHERE runner.fargate = true }
MATCH (definition)-[:HAS_CONTAINER]->(container:ContainerDefinition)
WHERE coalesce(container.readonlyRootFilesystem, false) = false
WITH definition, collect({
       container: container.name,
       readonlyRootFilesystem: container.readonlyRootFilesystem,
       set: coalesce(container.readonlyRootFilesystemSet, false)
     }) AS containers
RETURN definition.id AS resourceId, definition.name AS resourceName, definition.scope AS scope,
       {containers: containers} AS evidence
