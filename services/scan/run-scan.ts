/**
 * One scan from start to finish: a store (a fresh in-memory embedded server unless told otherwise), the ingest of a
 * snapshot or of the live clouds, the evaluation, and the report.
 */
import { fileURLToPath } from 'node:url';
import type { Driver } from 'neo4j-driver';
import { evaluate, type EvaluationResult } from '../evaluate/evaluate.js';
import { ingestSnapshotDirectory, ingestSnapshotFiles } from '../ingest/ingest.js';
import type { LoadReport, ProgressEvent } from '../ingest/load.js';
import { collectLiveEstate, type LiveCollection } from './live-source.js';
import type { ProductConfig } from '../config.js';
import { buildReport, type ScanReport } from './report.js';

export const SAMPLE_ESTATE_DIR = fileURLToPath(new URL('../../samples/estate/', import.meta.url));

export type ScanSource = { kind: 'snapshot'; dir: string } | { kind: 'live' } | { kind: 'sample' };

/** The source a scan uses when none is given: live clouds when credentials are configured, else the sample estate. */
export function defaultSource(config: ProductConfig): ScanSource {
  if (config.snapshotDir) return { kind: 'snapshot', dir: config.snapshotDir };
  if (config.aws.enabled || config.azure.enabled) return { kind: 'live' };
  return { kind: 'sample' };
}

export function describeSource(source: ScanSource): string {
  if (source.kind === 'snapshot') return `snapshot ${source.dir}`;
  if (source.kind === 'sample') return `the bundled sample estate (${SAMPLE_ESTATE_DIR})`;
  return 'the live clouds';
}

export interface ScanOutcome {
  load: LoadReport;
  evaluation: EvaluationResult;
  report: ScanReport;
  live: LiveCollection | null;
}

export async function runScan(
  driver: Driver,
  source: ScanSource,
  config: ProductConfig,
  options: { version: string; database?: string; onProgress?: (event: ProgressEvent) => void; recordDir?: string | null } = { version: '0.0.0' },
): Promise<ScanOutcome> {
  let load: LoadReport;
  let live: LiveCollection | null = null;
  const common = { database: options.database, onProgress: options.onProgress };
  if (source.kind === 'live') {
    live = await collectLiveEstate(config, { recordDir: options.recordDir ?? null });
    load = await ingestSnapshotFiles(driver, live.files, { ...common, source: 'live', failedScopes: live.failedScopes, fileProblems: live.problems });
  } else {
    const dir = source.kind === 'sample' ? SAMPLE_ESTATE_DIR : source.dir;
    load = await ingestSnapshotDirectory(driver, dir, common);
  }
  const evaluation = await evaluate(driver, { scanId: load.scanId, database: options.database });
  const report = buildReport(evaluation, {
    source: describeSource(source),
    version: options.version,
    scopes: load.scopes.map((scope) => ({
      scope: scope.scope,
      status: scope.status === 'replaced' ? 'loaded' : 'stale',
      ...(scope.reason ? { reason: scope.reason } : {}),
      resources: Object.values(scope.nodes).reduce((sum, n) => sum + n, 0),
    })),
    problems: load.scopes.flatMap((scope) => scope.problems.map((p) => ({ source: p.source, message: p.message }))),
  });
  return { load, evaluation, report, live };
}
