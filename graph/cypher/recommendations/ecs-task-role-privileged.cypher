// id: ecs-task-role-privileged
// title: IAM task roles assigned to ECS Fargate tasks should follow least privilege
// severity: High
// platform: ECS
// resourceType: TaskDefinition
// source: defender
// description: A task definition run on Fargate gives its containers an over-privileged IAM role: its taskRoleArn (bare
//   role names and paths resolved), or the overrides.taskRoleArn of a running task of that definition, allows every
//   action, a whole service, any action outside a NotAction list, or a privilege-escalation action (iam:PassRole,
//   iam:AttachRolePolicy, sts:AssumeRole, ...) on all resources, after explicit Denies and the permissions boundary.
// remediation: Give the task a role with only the actions and resources the application uses (IAM Access Analyzer can
//   generate one from CloudTrail activity); never attach AdministratorAccess or wildcard policies to task roles, and
//   set a permissions boundary where roles are created by pipelines.

// Task definitions in scope are those a Fargate service deploys (any deployment) or a Fargate task runs. Grants are
// derived once (derive/11-aws-effective-permissions.cypher, derive/12-aws-privileged-grants.cypher).
MATCH (definition:TaskDefinition)
WHERE (EXISTS { (definition)-[:TASK_ROLE]->(:IamRole)-[:PRIVILEGED_GRANT]->(:AwsAccount) }
       OR EXISTS { (definition)<-[:RUNS_TASK_DEFINITION]-(:EcsTask)-[:TASK_ROLE]->(:IamRole)-[:PRIVILEGED_GRANT]->(:AwsAccount) })
  AND EXISTS { MATCH (runner)-[:RUNS_TASK_DEFINITION]->(definition) WHERE runner.fargate = true }
WITH definition,
     [(definition)-[:TASK_ROLE]->(role:IamRole)-[grant:PRIVILEGED_GRANT]->(:AwsAccount) | {
        source: 'taskRoleArn', taskArn: null, roleArn: role.id, taskRoleArn: definition.taskRoleArnRaw,
        reason: grant.reason, policyArn: grant.policyArn, statementId: grant.statementId, sid: grant.sid,
        action: grant.action, actions: grant.actions, conditional: grant.conditional, rank: grant.breadthRank
     }]
     + [(definition)<-[:RUNS_TASK_DEFINITION]-(task:EcsTask)-[:TASK_ROLE]->(role:IamRole)-[grant:PRIVILEGED_GRANT]->(:AwsAccount)
          WHERE task.fargate = true | {
        source: 'overrides.taskRoleArn', taskArn: task.id, roleArn: role.id, taskRoleArn: task.overrideTaskRoleArn,
        reason: grant.reason, policyArn: grant.policyArn, statementId: grant.statementId, sid: grant.sid,
        action: grant.action, actions: grant.actions, conditional: grant.conditional, rank: grant.breadthRank
     }] AS grants
WHERE size(grants) > 0
RETURN definition.id AS resourceId, definition.name AS resourceName, definition.scope AS scope,
       {
         roleArns: reduce(arns = [], grant IN grants | CASE WHEN grant.roleArn IN arns THEN arns ELSE arns + grant.roleArn END),
         grants: grants
       } AS evidence
