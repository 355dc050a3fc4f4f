// id: 19-ecs-task-definition-images
// description: (workload)-[:RUNS_VULNERABLE_IMAGE]->(:Image) for vulnerable images an ECS service's or task's task
//   definitions reference by digest (repo@sha256:...), so a pinned image counts before any task reports it. MERGE:
//   18-ecs-workload-images may have linked the same pair already.
MATCH (image:Image)
WHERE EXISTS { (image)-[:HAS_VULNERABILITY]->(:Vulnerability) }
MATCH (image)<-[:USES_IMAGE]-(:ContainerDefinition)<-[:HAS_CONTAINER]-(:TaskDefinition)<-[:RUNS_TASK_DEFINITION]-(workload)
WHERE workload:EcsService OR workload:EcsTask
WITH DISTINCT workload, image
MERGE (workload)-[runs:RUNS_VULNERABLE_IMAGE]->(image)
SET runs.derived = true
RETURN count(runs) AS images
