/**
 * openCypher TCK runner for the embedded graph server.
 *
 *   npm run tck -- [FEATURES_DIR] [--filter TEXT] [--verbose] [--json FILE]
 *                  [--floors FILE] [--write-floors FILE] [--timeout MS] [--inline-server]
 *
 * FEATURES_DIR defaults to ../shared/opencypher-tck/features relative to the repository root.
 * Prints a per-folder table, the project's bar, the largest failure groups, and finally
 * `tck: N passed, N failed, N skipped`. Exits non-zero when a folder falls below its floor.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFeatures, type TckScenario } from './features.js';
import { bar, checkFloors, failuresByKind, floorsOf, formatTable, groupFailures, summarise, totals, type Floors } from './report.js';
import { TckRunner, type ScenarioResult } from './runner.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const defaultFeatures = resolve(repoRoot, '..', 'shared', 'opencypher-tck', 'features');

interface CliOptions {
  featuresDir: string;
  filter: string | null;
  verbose: boolean;
  jsonFile: string | null;
  floorsFile: string | null;
  writeFloorsFile: string | null;
  txTimeoutMs: number;
  inline: boolean;
  serverModule: string;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    featuresDir: defaultFeatures,
    filter: null,
    verbose: false,
    jsonFile: null,
    floorsFile: null,
    writeFloorsFile: null,
    txTimeoutMs: 5000,
    inline: false,
    serverModule: resolve(repoRoot, 'graph', 'server', 'index.ts'),
  };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    switch (arg) {
      case '--filter': options.filter = value(i++, arg); break;
      case '--verbose': options.verbose = true; break;
      case '--json': options.jsonFile = resolve(value(i++, arg)); break;
      case '--floors': options.floorsFile = resolve(value(i++, arg)); break;
      case '--write-floors': options.writeFloorsFile = resolve(value(i++, arg)); break;
      case '--timeout': options.txTimeoutMs = Number(value(i++, arg)); break;
      case '--inline-server': options.inline = true; break;
      case '--server-module': options.serverModule = resolve(value(i++, arg)); break;
      case '--help':
        console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
        process.exit(0);
      // falls through (unreachable)
      default:
        if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
        options.featuresDir = resolve(arg);
    }
  }
  return options;
}

/** Folder names stay TCK-relative (`clauses/match`) even when a subfolder of the TCK is run. */
function loadScenarios(featuresDir: string): TckScenario[] {
  const inside = relative(defaultFeatures, featuresDir);
  if (inside && !inside.startsWith('..') && !isAbsolute(inside)) {
    const prefix = inside.split('\\').join('/');
    return loadFeatures(featuresDir).map((s) => {
      const folder = s.folder === '.' ? prefix : `${prefix}/${s.folder}`;
      return { ...s, folder, file: `${prefix}/${s.file}`, id: `${prefix}/${s.id}` };
    });
  }
  return loadFeatures(featuresDir);
}

function printFailure(r: ScenarioResult): void {
  console.log(`\nFAIL ${r.file} — ${r.name}  [${r.failureKind}]`);
  if (r.query) console.log(r.query.split('\n').map((l) => `    ${l}`).join('\n'));
  console.log(`  ${r.message?.split('\n').join('\n  ')}`);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(options.featuresDir)) throw new Error(`no features folder at ${options.featuresDir}`);
  if (!existsSync(options.serverModule)) throw new Error(`no graph server at ${options.serverModule} (graph/server/index.ts not written yet?)`);

  let scenarios = loadScenarios(options.featuresDir);
  const filter = options.filter;
  if (filter) scenarios = scenarios.filter((s) => s.id.includes(filter) || s.name.includes(filter));

  const started = performance.now();
  const runner = new TckRunner({
    serverModule: options.serverModule,
    hosting: options.inline ? 'inline' : 'worker',
    txTimeoutMs: options.txTimeoutMs,
    watchdogMs: options.txTimeoutMs + 5000,
  });
  await runner.start();
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of scenarios) {
      const result = await runner.runScenario(scenario);
      results.push(result);
      if (options.verbose && result.outcome === 'failed') printFailure(result);
      if (results.length % 500 === 0) process.stderr.write(`tck: ${results.length}/${scenarios.length} scenarios\n`);
    }
  } finally {
    await runner.stop();
  }
  const seconds = (performance.now() - started) / 1000;

  const summaries = summarise(results);
  const t = totals(summaries);
  const b = bar(summaries);
  const groups = groupFailures(results);
  console.log(`\nopenCypher TCK — ${relative(process.cwd(), options.featuresDir) || '.'} — ${results.length} scenarios in ${seconds.toFixed(1)} s\n`);
  console.log(formatTable(summaries));
  console.log(
    `\nbar (clauses/ except call, expressions/ except temporal): ` +
      `result-expecting ${b.result.passed}/${b.result.total} = ${b.result.percent}%, ` +
      `error-expecting ${b.error.passed}/${b.error.total} = ${b.error.percent}%`,
  );
  if (groups.length) {
    console.log(`\nfailures by kind: ${Object.entries(failuresByKind(results)).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log('largest failure groups:');
    for (const g of groups.slice(0, 25)) console.log(`  ${String(g.count).padStart(4)}  [${g.kind}] ${g.cause}`);
  }

  let exitCode = 0;
  if (options.floorsFile) {
    const floors = JSON.parse(readFileSync(options.floorsFile, 'utf8')) as Floors;
    // With --filter only the folders that actually ran are held to their floors.
    const relevant = filter ? Object.fromEntries(Object.entries(floors).filter(([f]) => summaries.some((s) => s.folder === f))) : floors;
    const below = checkFloors(summaries, relevant);
    for (const b of below) console.log(`FLOOR: ${b.folder} passed ${b.passed}, below its floor of ${b.floor}`);
    if (below.length) exitCode = 1;
  }
  if (options.writeFloorsFile) {
    mkdirSync(dirname(options.writeFloorsFile), { recursive: true });
    writeFileSync(options.writeFloorsFile, `${JSON.stringify(floorsOf(summaries), null, 2)}\n`);
    console.log(`floors written to ${options.writeFloorsFile}`);
  }
  if (options.jsonFile) {
    mkdirSync(dirname(options.jsonFile), { recursive: true });
    const payload = { featuresDir: options.featuresDir, seconds, totals: t, bar: b, folders: summaries, failureGroups: groups, results };
    writeFileSync(options.jsonFile, `${JSON.stringify(payload, null, 2)}\n`);
    console.log(`results written to ${options.jsonFile}`);
  }
  console.log(`tck: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
