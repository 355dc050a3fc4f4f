// id: 18-ecs-workload-images
// description: (workload)-[:RUNS_IMAGE_OF]->(:Image) for ECS services and tasks: digests their running tasks report
//   (DescribeTasks imageDigest) and images their task definitions reference by digest. A service's images include those
//   of its tasks.
MATCH (task:EcsTask)-[:RUNS_IMAGE]->(image:Image)
OPTIONAL MATCH (service:EcsService)-[:HAS_TASK]->(task)
UNWIND [workload IN [task, service] WHERE workload IS NOT NULL] AS workload
WITH DISTINCT workload, image
MERGE (workload)-[runs:RUNS_IMAGE_OF]->(image)
SET runs.derived = true
RETURN count(runs) AS images
