// id: 17-azure-workload-images
// description: (workload)-[:RUNS_IMAGE_OF {containers}]->(:Image) for container apps and container groups, through their
//   containers' images referenced by digest (the Azure control planes report no resolved digests).
MATCH (workload)-[:HAS_CONTAINER]->(container:Container)-[:USES_IMAGE]->(image:Image)
WHERE workload:ContainerApp OR workload:ContainerGroup
WITH workload, image, collect(container.name) AS containers
MERGE (workload)-[runs:RUNS_IMAGE_OF]->(image)
SET runs.derived = true, runs.containers = containers
RETURN count(runs) AS images
