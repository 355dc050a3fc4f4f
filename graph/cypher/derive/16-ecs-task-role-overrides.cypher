// id: 16-ecs-task-role-overrides
// description: RUNS_AS for overrides.taskRoleArn: a running task started with another role runs as that role (RunTask
//   overrides replace the task definition's role); a service whose task carries an override runs as it too. Privileged
//   roles only, as in 15-ecs-task-roles.
MATCH (task:EcsTask)-[:TASK_ROLE]->(role:IamRole)
WHERE EXISTS { (role)-[:PRIVILEGED_GRANT]->(:AwsAccount) }
OPTIONAL MATCH (service:EcsService)-[:HAS_TASK]->(task)
WITH task, role, coalesce(service, task) AS workload
CREATE (workload)-[runs:RUNS_AS {
    via: 'override', taskArn: task.id,
    derived: true
  }]->(role)
RETURN count(runs) AS roles
