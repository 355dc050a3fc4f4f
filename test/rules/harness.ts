/**
 * Runs a snapshot through the real pipeline for the rule tests: files written as a snapshot directory → readSnapshot
 * (ingestSnapshotDirectory) → normalisers → loader → embedded graph server over Bolt → evaluate(). The result is
 * queried by rule and path kind, restricted to the resources of one test estate (an account or subscription), so
 * estates sharing a graph cannot hide each other's mistakes.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGraphServer } from '../../graph/server/index.js';
import { evaluate, type EvaluationResult } from '../../services/evaluate/evaluate.js';
import { ingestSnapshotDirectory } from '../../services/ingest/ingest.js';
import { writeSnapshot, type SnapshotFiles } from '../../services/ingest/snapshot/files.js';

export interface RulesRun {
  driver: Driver;
  result: EvaluationResult;
  close(): Promise<void>;
  /** Sorted resource ids of the rule's findings whose id contains `within` (an account id, a subscription id). */
  findings(ruleId: string, within: string): string[];
  /** The evidence of one finding. */
  evidence(ruleId: string, resourceId: string): Record<string, unknown> | undefined;
  /** Sorted node id lists of the kind's paths that cross a node whose id contains `within`. */
  paths(kind: string, within: string): string[][];
}

export function mergeFiles(...sets: SnapshotFiles[]): SnapshotFiles {
  const merged: SnapshotFiles = new Map();
  for (const set of sets) {
    for (const [path, body] of set) {
      if (merged.has(path)) throw new Error(`two estates write ${path}`);
      merged.set(path, body);
    }
  }
  return merged;
}

export async function runRules(files: SnapshotFiles): Promise<RulesRun> {
  const server = await startGraphServer({ port: 0, username: 'neo4j', password: 'rules-test', dataDir: null });
  const driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', 'rules-test'));
  const dir = await mkdtemp(join(tmpdir(), 'rules-snapshot-'));
  try {
    await writeSnapshot(dir, files, { createdAt: '2026-01-01T00:00:00.000Z' });
    const report = await ingestSnapshotDirectory(driver, dir, { scanId: 'rules-scan' });
    if (report.status === 'failed') throw new Error(`ingest failed: ${JSON.stringify(report)}`);
    const result = await evaluate(driver, { scanId: 'rules-scan', now: new Date('2026-01-01T01:00:00.000Z') });
    return {
      driver,
      result,
      async close() {
        await driver.close();
        await server.close();
      },
      findings(ruleId, within) {
        return result.findings.filter((f) => f.ruleId === ruleId && f.resourceId.includes(within)).map((f) => f.resourceId).sort();
      },
      evidence(ruleId, resourceId) {
        return result.findings.find((f) => f.ruleId === ruleId && f.resourceId === resourceId)?.evidence;
      },
      paths(kind, within) {
        return result.attackPaths
          .filter((p) => p.kind === kind && p.nodes.some((n) => n.id.includes(within)))
          .map((p) => p.nodes.map((n) => n.id))
          .sort((a, b) => a.join('|').localeCompare(b.join('|')));
      },
    };
  } catch (error) {
    await driver.close();
    await server.close();
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function sorted(values: string[]): string[] {
  return [...values].sort();
}
