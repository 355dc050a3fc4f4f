// name: internet-exposed-privileged-workloads
// title: Internet-exposed workloads with a privileged identity
// description: Entry workloads of open, unexempted attack paths, with the identity they run as and what its grant reaches, riskiest first.
MATCH (p:AttackPath)
WHERE p.status <> 'resolved' AND NOT coalesce(p.exempted, false)
// The entry workload by index (Resource id), then the STEP between the two bound nodes.
MATCH (p)-[:STEP]->(w:Resource {id: p.entryId})
RETURN w.id AS workload, labels(w)[0] AS type, w.name AS name, w.scope AS scope,
       p.identityId AS identity, p.targetId AS reaches, p.risk AS risk, p.riskScore AS riskScore, p.id AS pathId
ORDER BY riskScore DESC, workload, pathId
