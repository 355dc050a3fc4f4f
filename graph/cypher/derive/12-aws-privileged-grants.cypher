// id: 12-aws-privileged-grants
// description: (:IamRole)-[:PRIVILEGED_GRANT]->(:AwsAccount), one per over-privileging statement of the role, from the
//   ALLOWS probes of 11-aws-effective-permissions: everything ('*'), a whole service ('svc:*'), or a
//   privilege-escalation action, on Resource '*'. reason: administrator-access (the AWS-managed AdministratorAccess
//   policy), not-action (an Allow with NotAction), full-wildcard, service-wildcard or privilege-escalation.
MATCH (role:IamRole)-[allows:ALLOWS]->(account:AwsAccount)
WHERE allows.kind IN ['wildcard', 'service-wildcard', 'escalation']
WITH role, account, allows
ORDER BY allows.kind DESC, allows.action
WITH role, account, allows.statementId AS statementId, collect(allows) AS granted
WITH role, account, statementId, granted, head(granted) AS first,
     [allows IN granted WHERE allows.kind = 'wildcard'] AS everything,
     [allows IN granted WHERE allows.kind = 'service-wildcard' | allows.action] AS serviceWildcards,
     [allows IN granted WHERE allows.kind = 'escalation' | allows.action] AS escalations
CREATE (role)-[grant:PRIVILEGED_GRANT {
    statementId: statementId,
    derived: true,
    reason: CASE
      WHEN size(everything) > 0 AND first.awsManaged AND first.policyArn ENDS WITH ':policy/AdministratorAccess' THEN 'administrator-access'
      WHEN first.notAction THEN 'not-action'
      WHEN size(everything) > 0 THEN 'full-wildcard'
      WHEN size(serviceWildcards) > 0 THEN 'service-wildcard'
      ELSE 'privilege-escalation'
    END,
    action: CASE
      WHEN size(everything) > 0 THEN '*'
      WHEN size(serviceWildcards) > 0 THEN head(serviceWildcards)
      ELSE head(escalations)
    END,
    actions: CASE WHEN size(everything) > 0 THEN ['*'] ELSE serviceWildcards + escalations END,
    policyArn: first.policyArn,
    policyName: first.policyName,
    sid: first.sid,
    conditional: first.conditional,
    bounded: first.bounded,
    scopeId: account.id,
    breadth: 'account',
    breadthRank: CASE
      WHEN size(everything) > 0 THEN 4 WHEN size(serviceWildcards) > 0 THEN 3 ELSE 2
    END
  }]->(account)
RETURN count(grant) AS grants
