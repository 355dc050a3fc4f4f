/**
 * The command line: `npm run scan -- [options]` (see README "Scan from the command line").
 *
 *   scan [--snapshot DIR | --live | --sample] [--format table|json|csv|sarif] [--out FILE]
 *        [--record DIR] [--fail-on Critical|High|Medium|Low]
 *
 * A scan loads a fresh in-memory embedded store (or, with NEO4J_URI set, the store it names), ingests the estate,
 * evaluates every rule and attack path, and prints the report. Exit codes: 0 ok, 1 error, 2 findings or paths at or
 * above --fail-on (for pipelines).
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { loadConfig } from './config.js';
import { connectGraph } from './graph-connection.js';
import { loadPathKinds, loadRules, SEVERITIES, type Severity } from './evaluate/rule-files.js';
import { defaultSource, runScan, type ScanSource } from './scan/run-scan.js';
import { REPORT_FORMATS, renderCsv, renderJson, renderSarif, renderTable, type ReportFormat, type ScanReport } from './scan/report.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export class UsageError extends Error {}

interface ScanArgs {
  source: ScanSource | null;
  format: ReportFormat;
  out: string | null;
  record: string | null;
  failOn: Severity | null;
}

export function parseScanArgs(args: readonly string[]): ScanArgs {
  const parsed: ScanArgs = { source: null, format: 'table', out: null, record: null, failOn: null };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--snapshot': parsed.source = { kind: 'snapshot', dir: value() }; break;
      case '--live': parsed.source = { kind: 'live' }; break;
      case '--sample': parsed.source = { kind: 'sample' }; break;
      case '--format': {
        const format = value() as ReportFormat;
        if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
        parsed.format = format;
        break;
      }
      case '--out': parsed.out = value(); break;
      case '--record': parsed.record = value(); break;
      case '--fail-on': {
        const raw = value();
        const severity = SEVERITIES.find((s) => s.toLowerCase() === raw.toLowerCase());
        if (!severity) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
        parsed.failOn = severity;
        break;
      }
      default: throw new UsageError(`unknown option ${arg}`);
    }
  }
  return parsed;
}

function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

export function breaches(report: ScanReport, threshold: Severity): boolean {
  return report.findings.some((f) => !f.exempted && atOrAbove(f.severity, threshold)) || report.attackPaths.some((p) => !p.exempted && atOrAbove(p.risk, threshold));
}

async function scan(args: readonly string[]): Promise<number> {
  const parsed = parseScanArgs(args);
  const config = loadConfig();
  const source = parsed.source ?? defaultSource(config);
  const interactive = process.stderr.isTTY === true;
  const connection = await connectGraph(config, { inMemory: true });
  try {
    const outcome = await runScan(connection.driver, source, config, {
      version: VERSION,
      database: config.neo4jDatabase,
      recordDir: parsed.record,
      onProgress: interactive ? (e) => { if (e.kind === 'nodes') process.stderr.write(`\rloading ${e.scope} ${e.label} (${e.rows})`.padEnd(100)); } : undefined,
    });
    if (interactive) process.stderr.write('\r'.padEnd(100) + '\r');
    const report = outcome.report;
    let text: string;
    if (parsed.format === 'json') text = renderJson(report);
    else if (parsed.format === 'csv') text = renderCsv(report);
    else if (parsed.format === 'sarif') text = renderSarif(report, await loadRules(), await loadPathKinds());
    else text = renderTable(report);
    if (parsed.out) {
      await writeFile(parsed.out, text);
      process.stderr.write(`${report.summary.findings} findings and ${report.summary.attackPaths} attack paths written to ${parsed.out}\n`);
    } else {
      process.stdout.write(text);
    }
    return parsed.failOn && breaches(report, parsed.failOn) ? 2 : 0;
  } finally {
    await connection.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'scan') return scan(rest);
  throw new UsageError(`usage: cli scan [--snapshot DIR | --live | --sample] [--format ${REPORT_FORMATS.join('|')}] [--out FILE] [--record DIR] [--fail-on SEVERITY]`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
