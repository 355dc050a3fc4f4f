// id: ecs-exec-logging-disabled
// title: Logging should be configured for ECS Exec on ECS clusters
// severity: Medium
// platform: ECS
// resourceType: EcsCluster
// source: defender
// description: The cluster runs Fargate services or tasks with ECS Exec enabled, and exec sessions are not logged:
//   executeCommandConfiguration.logging is NONE; or DEFAULT (also when absent) while an exec-enabled service's PRIMARY
//   task definition, or an exec-enabled running task's task definition, has a container whose log driver is not
//   awslogs (DEFAULT logs through the task definition's awslogs configuration only); or OVERRIDE with neither a
//   CloudWatch log group nor an S3 bucket.
// remediation: Set the cluster's executeCommandConfiguration.logging to OVERRIDE with a CloudWatch Logs group and/or
//   S3 bucket (encrypted), or, with DEFAULT, give every container of exec-enabled tasks the awslogs log driver.

MATCH (cluster:EcsCluster)
WITH cluster,
     [(cluster)<-[:IN_CLUSTER]-(service:EcsService) WHERE service.fargate = true AND service.enableExecuteCommand = true | service] AS services,
     [(cluster)<-[:IN_CLUSTER]-(task:EcsTask) WHERE task.fargate = true AND task.enableExecuteCommand = true | task] AS tasks
WHERE size(services) + size(tasks) > 0
WITH cluster, services, tasks, toUpper(coalesce(cluster.execLogging, 'DEFAULT')) AS logging
// Containers that DEFAULT logging would leave unlogged: log driver other than awslogs (or no log configuration).
WITH cluster, services, tasks, logging,
     CASE WHEN logging = 'DEFAULT' THEN
       reduce(found = [], service IN services | found +
         [(service)-[deployment:RUNS_TASK_DEFINITION]->(definition:TaskDefinition)-[:HAS_CONTAINER]->(container:ContainerDefinition)
            WHERE deployment.primary = true AND coalesce(container.logDriver, '') <> 'awslogs' | {
           workloadId: service.id, taskDefinitionArn: definition.id, container: container.name, logDriver: container.logDriver
         }])
       + reduce(found = [], task IN tasks | found +
         [(task)-[:RUNS_TASK_DEFINITION]->(definition:TaskDefinition)-[:HAS_CONTAINER]->(container:ContainerDefinition)
            WHERE coalesce(container.logDriver, '') <> 'awslogs' | {
           workloadId: task.id, taskDefinitionArn: definition.id, container: container.name, logDriver: container.logDriver
         }])
     ELSE [] END AS unloggedContainers
WHERE logging = 'NONE'
   OR (logging = 'DEFAULT' AND size(unloggedContainers) > 0)
   OR (logging = 'OVERRIDE' AND coalesce(cluster.execCloudWatchLogGroupName, '') = '' AND coalesce(cluster.execS3BucketName, '') = '')
RETURN cluster.id AS resourceId, cluster.name AS resourceName, cluster.scope AS scope,
       {
         logging: logging,
         configurationPresent: coalesce(cluster.execConfigurationPresent, false),
         cloudWatchLogGroupName: cluster.execCloudWatchLogGroupName,
         s3BucketName: cluster.execS3BucketName,
         execEnabledServices: [service IN services | service.id],
         execEnabledTasks: [task IN tasks | task.id],
         unloggedContainers: unloggedContainers
       } AS evidence
