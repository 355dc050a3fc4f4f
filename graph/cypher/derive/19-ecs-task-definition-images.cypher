// id: 19-ecs-task-definition-images
// description: (workload)-[:RUNS_IMAGE_OF]->(:Image) for images an ECS service's or task's task definitions reference by
//   digest (repo@sha256:...), so a pinned image counts before any task reports it.
MATCH (workload)-[:RUNS_TASK_DEFINITION]->(:TaskDefinition)-[:HAS_CONTAINER]->(:ContainerDefinition)-[:USES_IMAGE]->(image:Image)
WHERE workload:EcsService OR workload:EcsTask
WITH DISTINCT workload, image
MERGE (workload)-[runs:RUNS_IMAGE_OF]->(image)
SET runs.derived = true
RETURN count(runs) AS images
