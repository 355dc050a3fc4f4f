// name: findings-of-resource
// title: Findings of a resource
// description: Every finding on one resource (open and resolved) with its rule and exemption state.
// param: resourceId string required Cloud id: lower-case ARM id or exact ARN
MATCH (f:Finding)
WHERE f.resourceId = $resourceId
OPTIONAL MATCH (f)-[:VIOLATES]->(rule:Rule)
RETURN f.id AS findingId, f.ruleId AS ruleId, coalesce(rule.title, f.title) AS title, f.severity AS severity,
       f.status AS status, coalesce(f.exempted, false) AS exempted, f.firstSeen AS firstSeen, f.lastSeen AS lastSeen
ORDER BY status = 'resolved', severity, ruleId
