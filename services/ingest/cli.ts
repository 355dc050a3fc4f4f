/**
 * One-shot ingest of a snapshot directory into the graph store.
 *
 *   npm run ingest -- --snapshot DIR [--uri bolt://localhost:7687] [--scan-id ID] [--batch-size N]
 *
 * Credentials: NEO4J_USERNAME (default neo4j) / NEO4J_PASSWORD; URI: --uri, else NEO4J_URI, else bolt://localhost:7687.
 * Interactive (TTY) runs print progress and a summary; other runs log one JSON object per line.
 */
import neo4j from 'neo4j-driver';
import { parseArgs } from 'node:util';
import { ingestSnapshotDirectory } from './ingest.js';
import type { LoadReport, ProgressEvent } from './load.js';

function usage(message?: string): never {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write('usage: npm run ingest -- --snapshot DIR [--uri bolt://host:7687] [--scan-id ID] [--batch-size N]\n');
  process.exit(2);
}

function summary(report: LoadReport): string {
  const lines = [`scan ${report.scanId}: ${report.status} (${report.scopes.length} scopes, ${report.problemCount} problems)`];
  for (const scope of report.scopes) {
    const nodes = Object.values(scope.nodes).reduce((a, b) => a + b, 0);
    const relationships = Object.values(scope.relationships).reduce((a, b) => a + b.written, 0);
    const unmatched = Object.values(scope.relationships).reduce((a, b) => a + (b.rows - b.written), 0);
    lines.push(
      scope.status === 'replaced'
        ? `  ${scope.scope}: ${nodes} nodes, ${relationships} relationships${unmatched ? ` (${unmatched} with a missing end)` : ''}, removed ${scope.deletedNodes} stale nodes`
        : `  ${scope.scope}: STALE — ${scope.reason ?? ''}`,
    );
    for (const problem of scope.problems.slice(0, 20)) lines.push(`    skipped ${problem.source}: ${problem.message}`);
    if (scope.problems.length > 20) lines.push(`    … ${scope.problems.length - 20} more`);
  }
  for (const problem of report.schemaProblems) lines.push(`  schema: ${problem}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { snapshot: { type: 'string' }, uri: { type: 'string' }, 'scan-id': { type: 'string' }, 'batch-size': { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  if (values.help) usage();
  if (!values.snapshot) usage('--snapshot DIR is required');
  const password = process.env.NEO4J_PASSWORD;
  if (!password) usage('NEO4J_PASSWORD is not set');
  const uri = values.uri ?? process.env.NEO4J_URI ?? 'bolt://localhost:7687';
  const interactive = process.stdout.isTTY === true;
  const log = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
  const onProgress = (event: ProgressEvent) => {
    if (!interactive) return log({ event: 'progress', ...event });
    if (event.kind === 'nodes' || event.kind === 'relationships') process.stdout.write(`\r${event.scope}: ${event.kind} ${event.label} (${event.rows})`.padEnd(100));
    else if (event.kind === 'stale') process.stdout.write(`\n${event.scope}: stale — ${event.reason}\n`);
  };
  const driver = neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USERNAME ?? 'neo4j', password));
  try {
    const options: Parameters<typeof ingestSnapshotDirectory>[2] = { onProgress };
    if (values['scan-id']) options.scanId = values['scan-id'];
    if (values['batch-size']) options.batchSize = Number(values['batch-size']);
    if (!interactive) log({ event: 'start', snapshot: values.snapshot, uri });
    const report = await ingestSnapshotDirectory(driver, values.snapshot, options);
    if (interactive) process.stdout.write(`\n${summary(report)}\n`);
    else log({ event: 'done', ...report });
    process.exitCode = report.status === 'failed' ? 1 : 0;
  } catch (error) {
    if (interactive) process.stderr.write(`ingest failed: ${(error as Error).message}\n`);
    else log({ event: 'error', message: (error as Error).message });
    process.exitCode = 1;
  } finally {
    await driver.close();
  }
}

await main();
