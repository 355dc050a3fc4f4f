/**
 * Secret redaction for snapshot files (snapshot/v1 rule: secret values never enter a snapshot, nor the graph).
 *
 * The live recorder redacts every response before it writes a snapshot; the normalisers redact again (defence in depth:
 * snapshots assembled by hand from the CLIs carry real values). A redacted value is replaced by a marker that keeps the
 * fact that a value was set and whether it looked like a credential, so the plain-text-secret rules still work on a
 * replay. The neighbouring `name` field stays as it is. Redaction is idempotent: a marker is left unchanged.
 *
 * What is redacted, wherever it occurs in a body (AWS responses, ARG rows, ARM bodies, scanner reports):
 * - `value` / `secureValue` of the elements of environment arrays (`environment` ECS task definitions and task
 *   overrides, `env` ACA containers, `environmentVariables` ACI containers);
 * - `value` of ACA `configuration.secrets[]`;
 * - any string under a key that names a secret (`password` of ACI registry credentials, `workspaceKey`, `sharedKey`,
 *   `storageAccountKey`, `clientSecret`, connection strings, ...) and the values of ACI secret volumes;
 * - the `Match` and code lines of Trivy secret findings.
 * Everything else (image names, ARNs of Secrets Manager references, secret *names*) stays.
 */

export const REDACTION_MARKER_KEY = '$redacted';

/** What replaces a secret value. */
export interface RedactedValue {
  /** Always `snapshot/v1`; identifies the object as a marker. */
  [REDACTION_MARKER_KEY]: 'snapshot/v1';
  /** A non-empty value was present. */
  set: boolean;
  /** The name or the value looked like a credential (see `credentialHint`). */
  looksLikeCredential: boolean;
  /** Why it looked like one: `name`, `aws-access-key`, `jwt`, `connection-string`, `private-key`, `url-credentials`, `token-prefix`, `high-entropy`. */
  hint?: string;
}

export function isRedactedValue(value: unknown): value is RedactedValue {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as Record<string, unknown>)[REDACTION_MARKER_KEY] === 'snapshot/v1'
  );
}

const CREDENTIAL_NAME =
  /(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|(^|[_-])KEY($|[_-])|CONN(ECTION)?_?STR|CREDENTIAL|AUTH)/i;

function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** Why a (name, value) pair looks like a credential, or undefined when it does not. */
export function credentialHint(name: string | undefined, value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) {
    if (/\b(AKIA|ASIA)[0-9A-Z]{16}\b/.test(value)) return 'aws-access-key';
    if (/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/.test(value)) return 'jwt';
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return 'private-key';
    if (/(AccountKey|SharedAccessKey|Password|Pwd)\s*=\s*[^;\s]+/i.test(value)) return 'connection-string';
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i.test(value)) return 'url-credentials';
    if (/^(ghp_|gho_|github_pat_|xox[abpr]-|sk-|sk_live_|glpat-)/.test(value)) return 'token-prefix';
  }
  if (name !== undefined && CREDENTIAL_NAME.test(name)) return 'name';
  if (typeof value === 'string' && value.length >= 20 && !/\s/.test(value) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    // Long unbroken strings with high character entropy are typically keys or tokens (paths and URLs excluded).
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((c) => c.test(value)).length;
    if (classes >= 3 && shannonEntropy(value) >= 4) return 'high-entropy';
  }
  return undefined;
}

/** The marker for one secret value; markers and absent values (null/undefined) pass through unchanged. */
export function redactValue(name: string | undefined, value: unknown): unknown {
  if (value === undefined || value === null || isRedactedValue(value)) return value;
  const hint = credentialHint(name, value);
  const marker: RedactedValue = {
    [REDACTION_MARKER_KEY]: 'snapshot/v1',
    set: !(typeof value === 'string' && value.length === 0),
    looksLikeCredential: hint !== undefined,
  };
  if (hint !== undefined) marker.hint = hint;
  return marker;
}

/** Arrays of `{name, value}` whose values are environment variables. */
const ENVIRONMENT_ARRAY_KEYS = new Set(['environment', 'env', 'environmentvariables']);
/** Keys whose string values are secrets wherever they occur (compared lower-case). */
const SECRET_VALUE_KEYS = new Set([
  'password',
  'securevalue',
  'workspacekey',
  'sharedkey',
  'storageaccountkey',
  'accountkey',
  'clientsecret',
  'connectionstring',
  'dapraiinstrumentationkey',
  'dapraiconnectionstring',
  'primarykey',
  'secondarykey',
]);

function redactEnvironmentEntry(entry: unknown): unknown {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return redactNode(entry, undefined);
  const record = entry as Record<string, unknown>;
  const name = typeof record.name === 'string' ? record.name : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    out[key] = key === 'value' || key === 'secureValue' ? redactValue(name, value) : redactNode(value, key);
  }
  return out;
}

function redactNode(node: unknown, key: string | undefined): unknown {
  if (node === null || typeof node !== 'object') {
    if (key !== undefined && SECRET_VALUE_KEYS.has(key.toLowerCase()) && typeof node === 'string') {
      return redactValue(key, node);
    }
    return node;
  }
  if (isRedactedValue(node)) return node;
  const lowerKey = key?.toLowerCase();
  if (Array.isArray(node)) {
    if (lowerKey !== undefined && ENVIRONMENT_ARRAY_KEYS.has(lowerKey)) return node.map(redactEnvironmentEntry);
    // ACA configuration.secrets[] carries `value` (ECS secrets[] carry only `valueFrom`, a reference, which stays).
    if (lowerKey === 'secrets') return node.map(redactEnvironmentEntry);
    return node.map((element) => redactNode(element, undefined));
  }
  const record = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [childKey, value] of Object.entries(record)) {
    // ACI secret volumes: `secret` is a map of file name → base64 content.
    if (childKey === 'secret' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[childKey] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([file, content]) => [file, redactValue(file, content)]),
      );
      continue;
    }
    // Trivy secret scanning: findings quote the secret in `Match` and in the code lines.
    if (childKey === 'Secrets' && Array.isArray(value)) {
      out[childKey] = value.map((finding) => redactTrivySecret(finding));
      continue;
    }
    out[childKey] = redactNode(value, childKey);
  }
  return out;
}

function redactTrivySecret(finding: unknown): unknown {
  if (finding === null || typeof finding !== 'object' || Array.isArray(finding)) return finding;
  const { Match, Code, ...rest } = finding as Record<string, unknown>;
  const out: Record<string, unknown> = { ...rest };
  if (Match !== undefined) out.Match = redactValue('secret', Match);
  if (Code !== undefined) out.Code = { redacted: true };
  return out;
}

/** Redacts one snapshot file body (any path of the format); returns a new body, the input is not modified. */
export function redactSnapshotFile(path: string, body: unknown): unknown {
  void path; // the rules are the same for every file; the path is kept in the signature for future per-file rules
  return redactNode(body, undefined);
}

/** Redacts an AWS response file (a JSON array of response bodies). */
export function redactAwsResponse(path: string, body: unknown): unknown {
  return redactSnapshotFile(path, body);
}

/** Redacts Azure Resource Graph rows or ARM bodies. */
export function redactAzureRows(path: string, rows: unknown): unknown {
  return redactSnapshotFile(path, rows);
}
