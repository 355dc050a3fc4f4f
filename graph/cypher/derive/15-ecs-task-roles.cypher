// id: 15-ecs-task-roles
// description: (workload)-[:RUNS_AS {via}]->(:IamRole): the privileged task roles (roles with a PRIVILEGED_GRANT) an
//   ECS service or running task actually runs with. A service runs with the taskRoleArn of every task definition it
//   deploys (PRIMARY and others) and with the overrides.taskRoleArn of its running tasks (16-ecs-task-role-overrides);
//   a task outside any service runs with its override, else its task definition's role. Only privileged roles are
//   linked: RUNS_AS exists for the attack paths, and starting from the few privileged roles keeps it cheap. Fargate
//   filtering is left to the readers.
MATCH (role:IamRole)
WHERE EXISTS { (role)-[:PRIVILEGED_GRANT]->(:AwsAccount) }
MATCH (role)<-[:TASK_ROLE]-(definition:TaskDefinition)<-[:RUNS_TASK_DEFINITION]-(workload)
WHERE workload:EcsService
   OR (workload:EcsTask
       AND NOT EXISTS { (workload)-[:TASK_ROLE]->(:IamRole) }
       AND NOT EXISTS { (:EcsService)-[:HAS_TASK]->(workload) })
CREATE (workload)-[runs:RUNS_AS {
    via: 'taskDefinition', taskDefinitionArn: definition.id,
    derived: true
  }]->(role)
RETURN count(runs) AS roles
