// id: 15-ecs-task-roles
// description: (workload)-[:RUNS_AS {via}]->(:IamRole): the task roles an ECS service or running task actually runs with.
//   A service runs with the taskRoleArn of every task definition it deploys (PRIMARY and others) and with the
//   overrides.taskRoleArn of its running tasks; a task outside any service runs with its override, else its task
//   definition's role. Fargate filtering is left to the readers.
MATCH (workload)-[:RUNS_TASK_DEFINITION]->(definition:TaskDefinition)-[:TASK_ROLE]->(role:IamRole)
WHERE workload:EcsService
   OR (workload:EcsTask
       AND NOT EXISTS { (workload)-[:TASK_ROLE]->(:IamRole) }
       AND NOT EXISTS { (:EcsService)-[:HAS_TASK]->(workload) })
MERGE (workload)-[runs:RUNS_AS {via: 'taskDefinition', taskDefinitionArn: definition.id}]->(role)
SET runs.derived = true
RETURN count(runs) AS roles
