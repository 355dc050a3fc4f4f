// id: 17-azure-workload-images
// description: (workload)-[:RUNS_VULNERABLE_IMAGE {containers}]->(:Image) for container apps and container groups whose
//   containers reference by digest an image with known vulnerabilities (the Azure control planes report no resolved
//   digests). Images without vulnerabilities are not linked: the relationship exists for the vulnerability factors.
MATCH (workload)-[:HAS_CONTAINER]->(container:Container)-[:USES_IMAGE]->(image:Image)
WHERE (workload:ContainerApp OR workload:ContainerGroup) AND EXISTS { (image)-[:HAS_VULNERABILITY]->(:Vulnerability) }
WITH workload, image, collect(container.name) AS containers
CREATE (workload)-[runs:RUNS_VULNERABLE_IMAGE {
    derived: true, containers: containers
  }]->(image)
RETURN count(runs) AS images
