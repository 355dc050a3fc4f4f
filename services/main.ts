/**
 * `npm start`: the whole product on one machine. Starts the graph store (the embedded server, durable in
 * $SAP_DATA_DIR/graph, unless NEO4J_URI names another), scans (the live clouds when credentials are configured, else
 * the bundled sample estate), serves the API on localhost, and rescans on a schedule. Prints where to go and how to
 * authenticate; the first start creates an admin API key in the data directory.
 *
 * Split deployments (docker-compose.yml) run the same code in two roles against one NEO4J_URI:
 *   `--role worker` (npm run worker): scan at start and on the schedule, dispatch webhooks; no HTTP listener;
 *   `--role api`    (npm run api):    serve the API; scans only when POST /v1/scans asks.
 */
import { readFileSync } from 'node:fs';
import { buildApp, ensureAdminKey } from './api/app.js';
import { loadConfig } from './config.js';
import { connectGraph } from './graph-connection.js';
import { Scanner } from './scanner/scanner.js';
import { describeSource } from './scan/run-scan.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

type Role = 'all' | 'api' | 'worker';

function roleOf(argv: readonly string[]): Role {
  const index = argv.indexOf('--role');
  const role = index >= 0 ? argv[index + 1] : 'all';
  if (role !== 'all' && role !== 'api' && role !== 'worker') throw new Error(`--role must be all, api or worker, not '${role}'`);
  return role;
}

async function main(): Promise<void> {
  const role = roleOf(process.argv.slice(2));
  const config = loadConfig();
  const interactive = process.stdout.isTTY === true;
  const log = (event: Record<string, unknown>) => {
    if (!interactive) process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`);
  };
  const say = (line: string) => {
    if (interactive) process.stdout.write(`${line}\n`);
    else log({ event: 'message', message: line });
  };

  const graph = await connectGraph(config);
  say(`graph store: ${graph.mode === 'embedded' ? `embedded server at ${graph.uri} (data: ${config.dataDir}/graph)` : graph.uri}`);

  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  const scanner = new Scanner({
    driver: graph.driver,
    config,
    version: VERSION,
    log,
    // Not awaited by the scanner: deliveries and their retries go on after the scan has ended.
    onEvents: (events) => (app ? app.dispatchEvents(events) : Promise.resolve()),
  });
  // The app exists before the first scan so that webhooks registered on an earlier start get its events; it
  // listens only after that scan, so the first answers already hold its findings and paths.
  app = await buildApp({
    driver: graph.driver,
    database: config.neo4jDatabase,
    config: {
      dataDir: config.dataDir,
      triggerScan: () => scanner.scan(),
      // A scheduled scan (or the first one) is running: POST /v1/scans answers 409 instead of joining it silently.
      scanInProgress: () => scanner.scanning,
      logger: !interactive,
    },
  });
  if (role !== 'api') {
    say(`scanning ${describeSource(scanner.source)} ...`);
    const first = await scanner.scan();
    const s = first.report.summary;
    say(`scan ${first.load.scanId}: ${s.findings} findings, ${s.attackPaths} attack paths (${s.attackPathsByRisk.Critical} critical, ${s.attackPathsByRisk.High} high)`);
  }
  if (role !== 'worker') await app.listen({ host: config.apiHost, port: config.apiPort });
  const base = `http://${config.apiHost.includes(':') ? `[${config.apiHost}]` : config.apiHost}:${config.apiPort}`;

  let keyLine: string;
  if (config.adminApiKey) {
    keyLine = 'admin API key: the value of SAP_ADMIN_API_KEY';
  } else {
    const admin = await ensureAdminKey(config.dataDir);
    keyLine = `admin API key (${admin.created ? 'created now' : 'from an earlier start'}): ${admin.path}`;
  }
  if (role !== 'worker') {
    say(`API: ${base}/v1   interactive docs: ${base}/docs`);
    say(keyLine);
    say(`try: curl -H "Authorization: Bearer $(cat ${config.adminApiKey ? '<key>' : `${config.dataDir}/admin-api-key`})" ${base}/v1/attack-paths`);
  }
  if (role !== 'api') {
    say(`rescanning every ${config.scanIntervalMinutes} minutes; Ctrl-C stops`);
    scanner.schedule(config.scanIntervalMinutes);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    scanner.stop();
    await app?.close();
    await graph.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
