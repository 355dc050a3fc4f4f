// name: paths-by-risk
// title: Attack paths by risk
// description: Open attack paths, riskiest first, optionally of one risk level.
// param: risk string optional Critical, High, Medium or Low
MATCH (p:AttackPath)
WHERE p.status <> 'resolved' AND ($risk IS NULL OR p.risk = $risk)
// Sort and cut the nodes first; build the rows for the kept 500 only.
WITH p ORDER BY p.riskScore DESC, p.id
LIMIT 500
RETURN p.id AS pathId, p.risk AS risk, p.riskScore AS riskScore, p.kind AS kind, p.entryId AS entry,
       p.identityId AS identity, p.targetId AS target, size(p.nodeIds) AS length, coalesce(p.exempted, false) AS exempted
