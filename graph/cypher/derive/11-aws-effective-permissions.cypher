// id: 11-aws-effective-permissions
// description: (:IamRole)-[:ALLOWS {probe, action, kind, statementId, ...}]->(:AwsAccount), one per (role, probe action,
//   Allow statement granting it on Resource *), after IAM's evaluation as far as the control plane shows it
//   (recommendations.md "Over-privileged (AWS)"). The probes are the actions the rules ask about:
//   '*', `<service>:*` for every service the role's policies mention, the privilege-escalation actions, and the ECS
//   actions that redeploy a workload. This is the only place that evaluates IAM policies: PRIVILEGED_GRANT and
//   CAN_MODIFY are built from ALLOWS.
//   Semantics:
//   - only default policy versions (the ingest keeps no others) of attached managed and inline policies;
//   - Action patterns are case-insensitive wildcards, precompiled by the ingest as anchored lower-case regexes;
//     a probe is a literal action string, so `iam:Pass*` grants iam:passrole and `*` grants everything;
//   - an Allow counts on Resource '*' or with NotResource (which leaves almost everything); with NotAction it allows
//     every probe its NotAction patterns do not match;
//   - an unconditional Deny on Resource '*' removes the probes it covers entirely (Action patterns match the probe, or
//     NotAction patterns do not); a Deny of part of a wildcard (Deny s3:Delete* under Allow s3:*) leaves the wildcard
//     counted. Conditional Denies are not subtracted: whether they apply cannot be judged from the control plane;
//   - Allow statements with a Condition still count (the relationship says conditional);
//   - a permissions boundary, where its document is known, must also allow the probe (and not deny it);
//   - AdministratorAccess attached but absent from the snapshot counts by its published content (Allow * on *).
MATCH (role:IamRole)
WHERE EXISTS { (role)-[:HAS_POLICY]->(:IamPolicy) }
MATCH (account:AwsAccount {id: role.accountId})
WITH role, account,
     [(role)-[:HAS_POLICY]->(policy:IamPolicy)-[:HAS_STATEMENT]->(statement:PolicyStatement) | {
        policyId: policy.id, policyName: policy.name, awsManaged: coalesce(policy.awsManaged, false),
        statementId: statement.id, sid: statement.sid, effect: statement.effect,
        actions: coalesce(statement.actions, []) + coalesce(statement.notActions, []),
        patterns: coalesce(statement.actionPatterns, []), notPatterns: coalesce(statement.notActionPatterns, []),
        anyResource: '*' IN coalesce(statement.resources, []) OR size(coalesce(statement.notResources, [])) > 0,
        allResources: '*' IN coalesce(statement.resources, []),
        conditional: coalesce(statement.hasCondition, false)
     }]
     + [(role)-[:HAS_POLICY]->(policy:IamPolicy)
          WHERE policy.id ENDS WITH ':iam::aws:policy/AdministratorAccess' AND policy.documentKnown = false | {
        policyId: policy.id, policyName: policy.name, awsManaged: true, statementId: policy.id + '#0', sid: null,
        effect: 'Allow', actions: ['*'], patterns: ['^.*$'], notPatterns: [], anyResource: true, allResources: true,
        conditional: false
     }] AS statements,
     [(role)-[:HAS_PERMISSIONS_BOUNDARY]->(boundary:IamPolicy)-[:HAS_STATEMENT]->(statement:PolicyStatement) | {
        effect: statement.effect,
        actions: coalesce(statement.actions, []) + coalesce(statement.notActions, []),
        patterns: coalesce(statement.actionPatterns, []), notPatterns: coalesce(statement.notActionPatterns, []),
        anyResource: '*' IN coalesce(statement.resources, []) OR size(coalesce(statement.notResources, [])) > 0,
        allResources: '*' IN coalesce(statement.resources, []),
        conditional: coalesce(statement.hasCondition, false)
     }]
     + [(role)-[:HAS_PERMISSIONS_BOUNDARY]->(boundary:IamPolicy)
          WHERE boundary.id ENDS WITH ':iam::aws:policy/AdministratorAccess' AND boundary.documentKnown = false | {
        effect: 'Allow', actions: ['*'], patterns: ['^.*$'], notPatterns: [], anyResource: true, allResources: true,
        conditional: false
     }] AS boundary
// Only Allows on Resource * can grant a probe, and only unconditional Denies on * take one away: split them once per role.
WITH role, account, statements, boundary,
     [statement IN statements WHERE statement.effect = 'Allow' AND statement.anyResource] AS allows,
     [statement IN statements WHERE statement.effect = 'Deny' AND statement.allResources AND NOT statement.conditional] AS denies,
     [statement IN boundary WHERE statement.effect = 'Allow' AND statement.anyResource] AS boundaryAllows,
     [statement IN boundary WHERE statement.effect = 'Deny' AND statement.allResources AND NOT statement.conditional] AS boundaryDenies
WHERE size(allows) > 0
// Service wildcards worth probing: every service prefix the role's statements (and its boundary's) name.
WITH role, account, allows, denies, boundary, boundaryAllows, boundaryDenies,
     reduce(services = [], statement IN statements + boundary |
       reduce(acc = services, action IN statement.actions |
         CASE
           WHEN NOT action CONTAINS ':' THEN acc
           WHEN split(action, ':')[0] IN acc OR split(action, ':')[0] =~ '.*[*?].*' THEN acc
           ELSE acc + split(action, ':')[0]
         END)) AS services
WITH role, account, allows, denies, boundary, boundaryAllows, boundaryDenies,
     [{probe: '*', action: '*', kind: 'wildcard'}]
     + [service IN services | {probe: service + ':*', action: service + ':*', kind: 'service-wildcard'}]
     + [action IN [
          'iam:PassRole', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:AttachRolePolicy',
          'iam:AttachUserPolicy', 'iam:AttachGroupPolicy', 'iam:PutRolePolicy', 'iam:PutUserPolicy', 'iam:PutGroupPolicy',
          'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:UpdateAssumeRolePolicy',
          'iam:AddUserToGroup', 'sts:AssumeRole'
        ] | {probe: toLower(action), action: action, kind: 'escalation'}]
     + [action IN ['ecs:UpdateService', 'ecs:RunTask', 'ecs:RegisterTaskDefinition'] |
          {probe: toLower(action), action: action, kind: 'modification'}] AS probes
UNWIND probes AS probe
// A statement covers a probe when its Action patterns match it, or (NotAction) its NotAction patterns do not.
WITH role, account, boundary, boundaryAllows, boundaryDenies, probe, denies,
     [statement IN allows WHERE
        CASE WHEN size(statement.notPatterns) > 0
          THEN none(pattern IN statement.notPatterns WHERE probe.probe =~ pattern)
          ELSE any(pattern IN statement.patterns WHERE probe.probe =~ pattern)
        END] AS granting
WHERE size(granting) > 0
  AND none(statement IN denies WHERE
        CASE WHEN size(statement.notPatterns) > 0
          THEN none(pattern IN statement.notPatterns WHERE probe.probe =~ pattern)
          ELSE any(pattern IN statement.patterns WHERE probe.probe =~ pattern)
        END)
  AND (size(boundary) = 0 OR (
        any(statement IN boundaryAllows WHERE
          CASE WHEN size(statement.notPatterns) > 0
            THEN none(pattern IN statement.notPatterns WHERE probe.probe =~ pattern)
            ELSE any(pattern IN statement.patterns WHERE probe.probe =~ pattern)
          END)
        AND none(statement IN boundaryDenies WHERE
          CASE WHEN size(statement.notPatterns) > 0
            THEN none(pattern IN statement.notPatterns WHERE probe.probe =~ pattern)
            ELSE any(pattern IN statement.patterns WHERE probe.probe =~ pattern)
          END)))
WITH role, account, boundary, probe, granting,
     any(statement IN boundaryAllows WHERE statement.conditional) AS conditionalBoundary
UNWIND granting AS statement
CREATE (role)-[allows:ALLOWS {
    probe: probe.probe, statementId: statement.statementId,
    derived: true,
    action: probe.action,
    kind: probe.kind,
    policyArn: statement.policyId,
    policyName: statement.policyName,
    awsManaged: statement.awsManaged,
    sid: statement.sid,
    notAction: size(statement.notPatterns) > 0,
    bounded: size(boundary) > 0,
    conditional: statement.conditional OR conditionalBoundary
  }]->(account)
RETURN count(allows) AS allowances
