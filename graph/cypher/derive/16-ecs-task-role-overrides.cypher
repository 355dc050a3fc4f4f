// id: 16-ecs-task-role-overrides
// description: RUNS_AS for overrides.taskRoleArn: a running task started with another role runs as that role (RunTask
//   overrides replace the task definition's role); a service whose task carries an override runs as it too.
MATCH (task:EcsTask)-[:TASK_ROLE]->(role:IamRole)
OPTIONAL MATCH (service:EcsService)-[:HAS_TASK]->(task)
WITH task, role, coalesce(service, task) AS workload
MERGE (workload)-[runs:RUNS_AS {via: 'override', taskArn: task.id}]->(role)
SET runs.derived = true
RETURN count(runs) AS roles
