/**
 * The one way in for data: SnapshotFiles (read from a snapshot directory, or built in memory by the live collectors)
 * → normalisers → Facts → loader → graph.
 */
import type { Driver } from 'neo4j-driver';
import { loadFacts, type LoadOptions, type LoadReport } from './load.js';
import { normaliseSnapshot, type NormaliseOptions } from './normalise.js';
import { readSnapshot, type SnapshotFiles } from './snapshot/files.js';

export type IngestOptions = LoadOptions & NormaliseOptions;

export async function ingestSnapshotFiles(driver: Driver, files: SnapshotFiles, options: IngestOptions = {}): Promise<LoadReport> {
  const facts = normaliseSnapshot(files, options);
  return loadFacts(driver, facts, options);
}

/** Reads a snapshot directory and ingests it; unreadable files fail their scope (its earlier data is kept). */
export async function ingestSnapshotDirectory(driver: Driver, dir: string, options: IngestOptions = {}): Promise<LoadReport> {
  const { files, manifest, problems } = await readSnapshot(dir);
  const recorded = Array.isArray(manifest.failedScopes)
    ? (manifest.failedScopes as unknown[]).filter(
        (entry): entry is { scope: string; reason: string } =>
          entry !== null && typeof entry === 'object' && typeof (entry as { scope?: unknown }).scope === 'string',
      ).map((entry) => ({ scope: entry.scope, reason: typeof entry.reason === 'string' ? entry.reason : 'collection failed (manifest)' }))
    : [];
  return ingestSnapshotFiles(driver, files, {
    source: `snapshot:${dir}`,
    ...options,
    fileProblems: [...(options.fileProblems ?? []), ...problems],
    coveredScopes: options.coveredScopes ?? manifest.scopes.filter((scope): scope is string => typeof scope === 'string'),
    failedScopes: [...(options.failedScopes ?? []), ...recorded],
  });
}
