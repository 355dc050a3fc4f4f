// id: ecs-exec-enabled
// title: ECS Exec should be disabled on Fargate ECS services
// severity: Medium
// platform: ECS
// resourceType: EcsService
// source: defender
// description: The Fargate service has ECS Exec enabled (enableExecuteCommand): anyone allowed ecs:ExecuteCommand can
//   open an interactive shell in its containers, with the task role's credentials.
// remediation: Turn ECS Exec off (update-service --disable-execute-command and redeploy); enable it temporarily for
//   debugging only, with exec logging and a tightly scoped ecs:ExecuteCommand permission.

MATCH (service:EcsService)
WHERE service.fargate = true AND service.enableExecuteCommand = true
OPTIONAL MATCH (service)-[:IN_CLUSTER]->(cluster:EcsCluster)
RETURN service.id AS resourceId, service.name AS resourceName, service.scope AS scope,
       {
         enableExecuteCommand: true,
         clusterArn: service.clusterArn,
         clusterExecLogging: cluster.execLogging,
         runningExecTasks: [(service)-[:HAS_TASK]->(task:EcsTask) WHERE task.enableExecuteCommand = true | task.id]
       } AS evidence
