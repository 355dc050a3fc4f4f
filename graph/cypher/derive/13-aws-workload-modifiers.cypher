// id: 13-aws-workload-modifiers
// description: (:IamRole)-[:CAN_MODIFY]->(:AwsAccount) for roles that can redeploy any ECS workload of their account
//   with a role of their choosing: iam:PassRole together with ecs:UpdateService, ecs:RunTask or
//   ecs:RegisterTaskDefinition, all on Resource '*' (after Deny and boundary, as evaluated by ALLOWS). modifierRank is the
//   breadthRank of the role's own widest PRIVILEGED_GRANT (0 when none): the attack path only counts workloads whose
//   role is more privileged than the modifier already is.
MATCH (role:IamRole)-[pass:ALLOWS {probe: 'iam:passrole'}]->(account:AwsAccount)
MATCH (role)-[modify:ALLOWS]->(account)
WHERE modify.kind = 'modification'
WITH role, account, collect(DISTINCT pass.statementId) + collect(DISTINCT modify.statementId) AS statementIds,
     collect(DISTINCT modify.action) AS modifications,
     any(flag IN collect(pass.conditional) + collect(modify.conditional) WHERE flag) AS conditional
CREATE (role)-[can:CAN_MODIFY {
    derived: true,
    actions: ['iam:PassRole'] + modifications,
    statementIds: reduce(ids = [], id IN statementIds | CASE WHEN id IN ids THEN ids ELSE ids + id END),
    conditional: conditional,
    scopeId: account.id,
    modifierRank: reduce(rank = 0, grantRank IN [(role)-[grant:PRIVILEGED_GRANT]->() | grant.breadthRank] |
                              CASE WHEN grantRank > rank THEN grantRank ELSE rank END)
  }]->(account)
RETURN count(can) AS modifiers
