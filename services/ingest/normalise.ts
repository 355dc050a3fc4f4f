/**
 * SnapshotFiles → Facts, for every cloud in the snapshot. Every file is redacted first (defence in depth: snapshots
 * assembled by hand from the CLIs carry real secret values), so no secret value can reach a fact.
 */
import { normaliseAws } from './aws/normalise.js';
import { normaliseAzure } from './azure/normalise.js';
import { FactsBuilder, type Facts } from './facts.js';
import { redactSnapshotFile } from './redact.js';
import type { Problem, SnapshotFiles } from './snapshot/files.js';
import { normaliseTrivyReport } from './vulnerabilities.js';

export interface ScopeFailure {
  /** A scope (`aws:<account>:<region>`, `azure-tenant:<tenant>`, …) or a parent (`aws:<account>`): all scopes below fail too. */
  scope: string;
  reason: string;
}

export interface NormaliseOptions {
  /** Scopes whose collection failed (live collector) : their earlier data is kept and they are marked stale. */
  failedScopes?: readonly ScopeFailure[];
  /** File-level problems from readSnapshot (unreadable/invalid files): the scope owning the file is failed. */
  fileProblems?: readonly Problem[];
  /**
   * Scopes the collection covered (manifest `scopes`). A covered scope without any file was collected and found empty:
   * it is replaced by nothing, so what it held before is deleted. Scopes neither covered nor in the files are untouched.
   */
  coveredScopes?: readonly string[];
}

export const VULNERABILITIES_SCOPE = 'vulnerabilities';

/** The scope (and its parent and cloud) that owns a snapshot path. */
export function scopeOfPath(path: string): { scope: string; parent: string | null; cloud: 'aws' | 'azure' | 'none' } | undefined {
  const parts = path.split('/');
  if (parts[0] === 'aws' && parts.length >= 4) return { scope: `aws:${parts[1]}:${parts[2]}`, parent: `aws:${parts[1]}`, cloud: 'aws' };
  if (parts[0] === 'azure' && parts.length >= 3) return { scope: `azure-tenant:${parts[1]!.toLowerCase()}`, parent: null, cloud: 'azure' };
  if (parts[0] === 'vulnerabilities') return { scope: VULNERABILITIES_SCOPE, parent: null, cloud: 'none' };
  return undefined;
}

export function normaliseSnapshot(files: SnapshotFiles, options: NormaliseOptions = {}): Facts {
  const redacted: SnapshotFiles = new Map();
  for (const [path, body] of files) redacted.set(path, redactSnapshotFile(path, body));
  const facts = new FactsBuilder();
  normaliseAws(redacted, facts);
  normaliseAzure(redacted, facts);
  const vulnerabilityFiles = [...redacted.keys()].filter((path) => path.startsWith('vulnerabilities/')).sort();
  if (vulnerabilityFiles.length > 0) {
    const scope = facts.scope(VULNERABILITIES_SCOPE, null, 'none');
    for (const path of vulnerabilityFiles) normaliseTrivyReport(path, redacted.get(path), scope);
  }
  for (const covered of options.coveredScopes ?? []) {
    const parts = covered.split(':');
    if (parts[0] === 'aws' && parts.length === 3) facts.scope(covered, parts.slice(0, 2).join(':'), 'aws');
    else if (parts[0] === 'azure-tenant' && parts.length === 2) facts.scope(covered, null, 'azure');
    else if (parts[0] === 'azure' && parts.length === 2 && !facts.has(covered)) facts.scope(covered, null, 'azure');
    else if (covered === VULNERABILITIES_SCOPE) facts.scope(covered, null, 'none');
  }
  for (const problem of options.fileProblems ?? []) {
    const owner = scopeOfPath(problem.source.split('[')[0]!);
    if (owner === undefined) continue;
    const scope = facts.scope(owner.scope, owner.parent, owner.cloud);
    scope.failure ??= `file not readable: ${problem.source}: ${problem.message}`;
    scope.problem(problem.source, problem.message);
  }
  const failedParents: { parent: string; reason: string }[] = [];
  for (const failure of options.failedScopes ?? []) {
    const parts = failure.scope.split(':');
    if (parts[0] === 'aws' && parts.length === 2) {
      // an account as a whole: not a scope itself, the parent of its scopes
      failedParents.push({ parent: failure.scope, reason: failure.reason });
      continue;
    }
    const cloud = parts[0] === 'aws' ? 'aws' : parts[0]!.startsWith('azure') ? 'azure' : 'none';
    const parent = parts[0] === 'aws' && parts.length === 3 ? parts.slice(0, 2).join(':') : null;
    const scope = facts.scope(failure.scope, parent, cloud);
    scope.failure ??= failure.reason;
  }
  const built = facts.build();
  if (failedParents.length > 0) built.failedParents = failedParents;
  return built;
}
