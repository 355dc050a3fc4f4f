// id: 18-ecs-workload-images
// description: (workload)-[:RUNS_VULNERABLE_IMAGE]->(:Image) for ECS services and tasks running an image with known
//   vulnerabilities, by the digests their running tasks report (DescribeTasks imageDigest). A service's images include
//   those of its tasks. Starts from the (few) vulnerable images.
MATCH (image:Image)
WHERE EXISTS { (image)-[:HAS_VULNERABILITY]->(:Vulnerability) }
MATCH (image)<-[:RUNS_IMAGE]-(task:EcsTask)
OPTIONAL MATCH (service:EcsService)-[:HAS_TASK]->(task)
UNWIND [workload IN [task, service] WHERE workload IS NOT NULL] AS workload
WITH DISTINCT workload, image
CREATE (workload)-[runs:RUNS_VULNERABLE_IMAGE {
    derived: true
  }]->(image)
RETURN count(runs) AS images
