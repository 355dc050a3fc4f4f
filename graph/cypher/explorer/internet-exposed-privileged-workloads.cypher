// name: internet-exposed-privileged-workloads
// title: Internet-exposed workloads with a privileged identity
// description: Entry workloads of open, unexempted attack paths, with the identity they run as and what its grant reaches, riskiest first.
MATCH (p:AttackPath)-[:STEP]->(w)
WHERE w.id = p.entryId AND p.status <> 'resolved' AND NOT coalesce(p.exempted, false)
RETURN w.id AS workload, labels(w)[0] AS type, w.name AS name, w.scope AS scope,
       p.identityId AS identity, p.targetId AS reaches, p.risk AS risk, p.riskScore AS riskScore, p.id AS pathId
ORDER BY riskScore DESC, workload, pathId
