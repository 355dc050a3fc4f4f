/**
 * IAM facts from GetAccountAuthorizationDetails: roles, managed policies (default version only), inline policies,
 * statements, permissions boundaries; and the role index used to resolve ECS `taskRoleArn` values.
 */
import type { ScopeFactsBuilder } from '../facts.js';
import { MalformedElement, isObject, objects, optString, reqString, stringOrList, unique, wildcardToRegex, type JsonObject } from '../read.js';
import type { SnapshotFiles } from '../snapshot/files.js';
import { forEachItem } from './common.js';

/**
 * A policy document as GAAD returns it: a URL-encoded JSON string (SDK v3), a plain JSON string, or an object (CLI).
 */
export function parsePolicyDocument(document: unknown): JsonObject {
  if (isObject(document)) return document;
  if (typeof document !== 'string') throw new MalformedElement('policy document is neither a string nor an object');
  const attempts = [() => JSON.parse(decodeURIComponent(document)) as unknown, () => JSON.parse(document) as unknown];
  for (const attempt of attempts) {
    try {
      const parsed = attempt();
      if (isObject(parsed)) return parsed;
    } catch {
      // try the next decoding
    }
  }
  throw new MalformedElement('policy document is not (URL-encoded) JSON');
}

export function statementsOf(document: JsonObject): JsonObject[] {
  const statement = document.Statement;
  if (statement === undefined) return [];
  const list = Array.isArray(statement) ? statement : [statement];
  return list.map((element, index) => {
    if (!isObject(element)) throw new MalformedElement(`Statement[${index}] is not an object`);
    return element;
  });
}

function principalValues(principal: unknown, key: string): string[] {
  if (principal === '*') return key === 'AWS' ? ['*'] : [];
  if (!isObject(principal)) return [];
  return stringOrList(principal[key], `Principal.${key}`);
}

/** RoleName → Arn and Arn set of the account, to resolve bare names and paths in ECS taskRoleArn. */
export class RoleIndex {
  private readonly byName = new Map<string, string>();
  private readonly arns = new Set<string>();

  add(roleName: string, arn: string): void {
    this.byName.set(roleName, arn);
    this.arns.add(arn);
  }

  /**
   * The full role ARN for a taskRoleArn value: a full ARN stays (exact); a bare name (`api-role`) or a name with a
   * path (`service-role/api-role`, `/service-role/api-role`) resolves through the role list, else to
   * `arn:<partition>:iam::<account>:role/<value>`.
   */
  resolve(value: string | undefined, accountId: string, partition: string): string | undefined {
    if (value === undefined || value === '') return undefined;
    if (value.startsWith('arn:')) {
      if (this.arns.has(value)) return value;
      // An ARN without the role's path still names the role: prefer the known ARN of that name in the same account.
      const match = value.match(/^arn:[^:]+:iam::(\d+):role\/(.+)$/);
      const name = match?.[2]?.split('/').pop();
      if (match?.[1] === accountId && name !== undefined && this.byName.has(name)) return this.byName.get(name);
      return value;
    }
    const trimmed = value.replace(/^\/+/, '');
    const name = trimmed.split('/').pop() ?? trimmed;
    return this.byName.get(name) ?? `arn:${partition}:iam::${accountId}:role/${trimmed}`;
  }
}

function addStatements(scope: ScopeFactsBuilder, policyId: string, document: JsonObject): void {
  statementsOf(document).forEach((statement, index) => {
    const actions = stringOrList(statement.Action, 'Action').map((action) => action.toLowerCase());
    const notActions = stringOrList(statement.NotAction, 'NotAction').map((action) => action.toLowerCase());
    const effect = optString(statement, 'Effect');
    if (effect !== 'Allow' && effect !== 'Deny') throw new MalformedElement(`Statement[${index}].Effect is ${String(effect)}`);
    const id = `${policyId}#${index}`;
    scope.node('PolicyStatement', id, {
      name: optString(statement, 'Sid') ?? `${index}`,
      cloud: 'aws',
      sid: optString(statement, 'Sid'),
      effect,
      actions,
      notActions,
      actionPatterns: actions.map(wildcardToRegex),
      notActionPatterns: notActions.map(wildcardToRegex),
      resources: stringOrList(statement.Resource, 'Resource'),
      notResources: stringOrList(statement.NotResource, 'NotResource'),
      hasCondition: statement.Condition !== undefined,
      condition: statement.Condition === undefined ? undefined : JSON.stringify(statement.Condition),
      statementIndex: index,
    });
    scope.relationship('POLICY_HAS_STATEMENT', policyId, id);
  });
}

/** IAM facts of one account into its global scope; returns the role index. */
export function normaliseIam(files: SnapshotFiles, base: string, accountId: string, scope: ScopeFactsBuilder): RoleIndex {
  const roles = new RoleIndex();
  const path = `${base}/iam/GetAccountAuthorizationDetails.json`;
  const knownPolicies = new Set<string>();

  forEachItem(files, path, 'Policies', scope, (policy) => {
    const arn = reqString(policy, 'Arn');
    const defaultVersionId = optString(policy, 'DefaultVersionId');
    const versions = objects(policy, 'PolicyVersionList');
    const defaultVersion =
      versions.find((version) => version.IsDefaultVersion === true) ??
      versions.find((version) => defaultVersionId !== undefined && version.VersionId === defaultVersionId);
    const policyId = arn;
    scope.node('IamPolicy', policyId, {
      name: reqString(policy, 'PolicyName'),
      cloud: 'aws',
      accountId,
      policyKind: 'managed',
      awsManaged: arn.includes(':iam::aws:policy/'),
      defaultVersionId,
      path: optString(policy, 'Path'),
      documentKnown: defaultVersion !== undefined,
    });
    knownPolicies.add(arn);
    if (defaultVersion !== undefined) addStatements(scope, policyId, parsePolicyDocument(defaultVersion.Document));
  });

  forEachItem(files, path, 'RoleDetailList', scope, (role) => {
    const arn = reqString(role, 'Arn');
    const roleName = reqString(role, 'RoleName');
    roles.add(roleName, arn);
    const trustedServices: string[] = [];
    const trustedPrincipals: string[] = [];
    if (role.AssumeRolePolicyDocument !== undefined) {
      for (const statement of statementsOf(parsePolicyDocument(role.AssumeRolePolicyDocument))) {
        if (statement.Effect !== 'Allow') continue;
        trustedServices.push(...principalValues(statement.Principal, 'Service'));
        trustedPrincipals.push(...principalValues(statement.Principal, 'AWS'), ...principalValues(statement.Principal, 'Federated'));
      }
    }
    const boundary = isObject(role.PermissionsBoundary) ? optString(role.PermissionsBoundary, 'PermissionsBoundaryArn') : undefined;
    scope.node('IamRole', arn, {
      name: roleName,
      cloud: 'aws',
      accountId,
      roleName,
      roleId: optString(role, 'RoleId'),
      path: optString(role, 'Path'),
      permissionsBoundaryArn: boundary,
      trustedServices: unique(trustedServices),
      trustedPrincipals: unique(trustedPrincipals),
    });
    for (const inline of objects(role, 'RolePolicyList')) {
      const policyName = reqString(inline, 'PolicyName');
      const policyId = `${arn}/inline/${policyName}`;
      scope.node('IamPolicy', policyId, { name: policyName, cloud: 'aws', accountId, policyKind: 'inline', awsManaged: false, documentKnown: true });
      addStatements(scope, policyId, parsePolicyDocument(inline.PolicyDocument));
      scope.relationship('ROLE_HAS_POLICY', arn, policyId, { attachment: 'inline' });
    }
    const referenced: string[] = [];
    for (const attached of objects(role, 'AttachedManagedPolicies')) {
      const policyArn = reqString(attached, 'PolicyArn');
      referenced.push(policyArn);
      scope.relationship('ROLE_HAS_POLICY', arn, policyArn, { attachment: 'managed' });
      if (!knownPolicies.has(policyArn)) {
        // GAAD lists only in-use policies with its filters; keep a stub so the attachment is visible (content unknown).
        scope.node('IamPolicy', policyArn, {
          name: optString(attached, 'PolicyName') ?? policyArn.split('/').pop(),
          cloud: 'aws', accountId, policyKind: 'managed', awsManaged: policyArn.includes(':iam::aws:policy/'), documentKnown: false,
        });
      }
    }
    if (boundary !== undefined) {
      scope.relationship('ROLE_PERMISSIONS_BOUNDARY', arn, boundary);
      if (!knownPolicies.has(boundary)) {
        scope.node('IamPolicy', boundary, {
          name: boundary.split('/').pop(), cloud: 'aws', accountId, policyKind: 'managed',
          awsManaged: boundary.includes(':iam::aws:policy/'), documentKnown: false,
        });
      }
    }
  });
  return roles;
}
