// id: ecs-elevated-privileges
// title: ECS Fargate tasks should not run containers with elevated privileges
// severity: High
// platform: ECS
// resourceType: TaskDefinition
// source: defender
// description: A container of a task definition run on Fargate runs as root (user absent or empty, so the image
//   default, usually root; 'root' or '0'; or 'root:'/'0:' followed by a group), adds Linux capabilities
//   (linuxParameters.capabilities.add; Fargate allows SYS_PTRACE), or is privileged.
// remediation: Set containerDefinitions[].user to a non-root UID (e.g. "1000:1000") and build images with a non-root
//   USER; remove linuxParameters.capabilities.add and privileged.
// references: ECS.4

// Task definitions in scope are those a Fargate service deploys (any deployment) or a Fargate task runs.
MATCH (definition:TaskDefinition)
WHERE EXISTS { MATCH (runner)-[:RUNS_TASK_DEFINITION]->(definition) WHERE runner.fargate = true }
MATCH (definition)-[:HAS_CONTAINER]->(container:ContainerDefinition)
WITH definition, container, trim(coalesce(container.user, '')) AS user
WITH definition, container, user,
     user = '' OR toLower(user) = 'root' OR user = '0'
       OR toLower(user) STARTS WITH 'root:' OR user STARTS WITH '0:' AS runsAsRoot,
     coalesce(container.capabilitiesAdd, []) AS capabilitiesAdd,
     coalesce(container.privileged, false) AS privileged
WHERE runsAsRoot OR size(capabilitiesAdd) > 0 OR privileged
WITH definition, collect({
       container: container.name,
       user: CASE WHEN container.user IS NULL THEN null ELSE container.user END,
       userSet: user <> '',
       runsAsRoot: runsAsRoot,
       capabilitiesAdd: capabilitiesAdd,
       privileged: privileged
     }) AS containers
RETURN definition.id AS resourceId, definition.name AS resourceName, definition.scope AS scope,
       {containers: containers} AS evidence
