/**
 * Ingest benchmark: replay a synthetic N-workload snapshot (default 10,000) into a fresh embedded store through
 * neo4j-driver, in memory and durable (write-ahead log in a data dir), each in its own child process so the peak RSS
 * figures do not mix: wall and CPU time per phase (read, normalise, load), resources per second end to end, peak RSS.
 * Then the API calls a live scan of the same estate makes against the fewest the batch limits allow, with the real
 * live collectors over the estate served at the SDK edge (the live tests' fake control planes).
 *
 *   npx tsx bench/ingest.bench.ts [--workloads 10000] [--seed bench] [--store both|memory|durable] [--skip-live]
 *                                 [--profile-load] [--out FILE]
 *
 * Goals: 10,000 workloads ingested in under 30 s; calls / minimum ≤ 1.2 per cloud.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFacts } from '../services/ingest/load.js';
import { normaliseSnapshot } from '../services/ingest/normalise.js';
import { readSnapshot } from '../services/ingest/snapshot/files.js';
import { callRatio, collectAwsAccounts } from '../services/ingest/aws/live.js';
import { collectAzureTenant } from '../services/ingest/azure/live.js';
import { FakeAws } from '../test/ingest/live/fake-aws.js';
import { FakeAzure, fakeCredential } from '../test/ingest/live/fake-azure.js';
import type { SnapshotFiles } from '../services/ingest/snapshot/files.js';
import {
  costText, estateOnDisk, formatMs, machine, mb, measure, parseOptions, printTable, round, RssSampler, runMain,
  startEmbeddedStore, Stopwatch, writeResult, type Cost,
} from './lib/common.js';
import { profileWork, summaryRows, type ProfileSummary } from './lib/profile.js';

const GOAL_SECONDS = 30;
const GOAL_CALL_RATIO = 1.2;

const defaults = { workloads: 10_000, seed: 'bench', store: 'both', skipLive: false, profileLoad: false, out: '', estate: '', partOut: '' };
type Options = typeof defaults;

interface StoreRun {
  store: 'memory' | 'durable';
  phases: { read: Cost; normalise: Cost; load: Cost };
  total: Cost;
  files: number;
  nodesLoaded: number;
  relationshipsLoaded: number;
  storedNodes: number;
  storedRelationships: number;
  resourcesPerSecond: number;
  elementsPerSecond: number;
  workloadsPerSecond: number;
  loadStatus: string;
  problems: number;
  rss: { baselineMb: number; peakMb: number; afterLoadMb: number };
  /** With --profile-load: where the load phase's CPU goes (driver, Bolt server, engine, ...). */
  loadProfile?: ProfileSummary;
}

/** One store mode, in this process: read → normalise → load, each timed on its own. */
async function replay(dir: string, store: 'memory' | 'durable', workloads: number, profileLoad: boolean): Promise<StoreRun> {
  const rss = new RssSampler(50);
  const baseline = process.memoryUsage().rss;
  const embedded = await startEmbeddedStore(store === 'durable');
  try {
    const total = new Stopwatch();
    const read = await measure(() => readSnapshot(dir));
    rss.sample();
    const normalise = await measure(() => normaliseSnapshot(read.value.files, { fileProblems: read.value.problems }));
    rss.sample();
    const loadWork = () => loadFacts(embedded.driver, normalise.value, { source: `snapshot:${dir}` });
    let loadProfile: ProfileSummary | undefined;
    const load = await measure(async () => {
      if (!profileLoad) return loadWork();
      const profiled = await profileWork(loadWork, { samplingMicros: 1000 });
      loadProfile = profiled.summary;
      return profiled.value;
    });
    const totalCost = total.cost();
    rss.sample();
    const report = load.value;
    const nodesLoaded = report.scopes.reduce((sum, s) => sum + Object.values(s.nodes).reduce((a, b) => a + b, 0), 0);
    const relationshipsLoaded = report.scopes.reduce((sum, s) => sum + Object.values(s.relationships).reduce((a, r) => a + r.written, 0), 0);
    const session = embedded.driver.session();
    const count = async (query: string) => Number((await session.run(query)).records[0]!.get(0));
    const storedNodes = await count('MATCH (n) RETURN count(n)');
    const storedRelationships = await count('MATCH ()-[r]->() RETURN count(r)');
    await session.close();
    const seconds = totalCost.wallMs / 1000;
    return {
      store,
      phases: { read: read.cost, normalise: normalise.cost, load: load.cost },
      total: totalCost,
      files: read.value.files.size,
      nodesLoaded,
      relationshipsLoaded,
      storedNodes,
      storedRelationships,
      resourcesPerSecond: Math.round(nodesLoaded / seconds),
      elementsPerSecond: Math.round((nodesLoaded + relationshipsLoaded) / seconds),
      workloadsPerSecond: Math.round(workloads / seconds),
      loadStatus: report.status,
      problems: report.problemCount,
      rss: { baselineMb: mb(baseline), peakMb: mb(rss.stop()), afterLoadMb: mb(process.memoryUsage().rss) },
      ...(loadProfile ? { loadProfile } : {}),
    };
  } finally {
    rss.stop();
    await embedded.close();
  }
}

/** Runs one store mode in a child process of this very script (same loader flags), so its memory is its own. */
function replayInChild(dir: string, store: string, workloads: number, profileLoad: boolean): Promise<StoreRun> {
  const partDir = mkdtempSync(join(tmpdir(), 'bench-ingest-part-'));
  const partOut = join(partDir, `${store}.json`);
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--estate', dir, '--store', store, '--workloads', String(workloads), '--part-out', partOut, ...(profileLoad ? ['--profile-load'] : [])], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`ingest child (${store}) exited with ${code}`);
        resolve(JSON.parse(readFileSync(partOut, 'utf8')) as StoreRun);
      } catch (error) {
        reject(error);
      } finally {
        rmSync(partDir, { recursive: true, force: true });
      }
    });
  });
}

interface CloudCalls {
  calls: number;
  minimum: number;
  ratio: number;
  scan: Cost;
  byOperation: Record<string, { calls: number; minimum: number }>;
  problems: number;
}

function byOperation(calls: Record<string, number>, minimum: Record<string, number>): CloudCalls['byOperation'] {
  const out: CloudCalls['byOperation'] = {};
  for (const op of new Set([...Object.keys(calls), ...Object.keys(minimum)]).values()) out[op] = { calls: calls[op] ?? 0, minimum: minimum[op] ?? 0 };
  return out;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The real AWS collector over the estate served by the fake control plane (aws-sdk-client-mock at the SDK edge). */
async function liveAws(files: SnapshotFiles): Promise<CloudCalls> {
  const fake = FakeAws.fromSnapshot(files);
  const roleArns = [...fake.accounts.keys()].map((id) => fake.roleArnFor(id));
  const { value: result, cost } = await measure(() => collectAwsAccounts({ roleArns, clientFactory: fake.clientFactory(), homeRegion: 'us-east-1' }));
  return { calls: total(result.calls), minimum: total(result.minimum), ratio: round(callRatio(result), 3), scan: cost, byOperation: byOperation(result.calls, result.minimum), problems: result.problems.length };
}

/** The real Azure collector against local Resource Graph (HTTP) and ARM (HTTPS) servers answering from the estate. */
async function liveAzure(files: SnapshotFiles): Promise<CloudCalls> {
  const tenants = [...files.keys()].filter((p) => /^azure\/[^/]+\/resources\.json$/.test(p)).map((p) => p.split('/')[1]!);
  const calls: Record<string, number> = {};
  const minimum: Record<string, number> = {};
  let problems = 0;
  const watch = new Stopwatch();
  for (const tenant of tenants) {
    const rows = (file: string) => (files.get(`azure/${tenant}/${file}`) as Record<string, unknown>[] | undefined) ?? [];
    const fake = new FakeAzure({ resources: rows('resources.json'), authorizationresources: rows('authorizationresources.json'), resourcecontainers: rows('resourcecontainers.json') }, rows('authconfigs.json'));
    await fake.start();
    try {
      const result = await collectAzureTenant({ credential: fakeCredential(), endpoint: fake.armUrl, graphEndpoint: fake.graphUrl, tlsCa: fake.certificate, sleep: async () => {} });
      for (const [op, n] of Object.entries(result.calls)) calls[op] = (calls[op] ?? 0) + n;
      for (const [op, n] of Object.entries(result.minimum)) minimum[op] = (minimum[op] ?? 0) + n;
      problems += result.problems.length;
    } finally {
      await fake.stop();
    }
  }
  const min = total(minimum);
  return { calls: total(calls), minimum: min, ratio: round(min === 0 ? 1 : total(calls) / min, 3), scan: watch.cost(), byOperation: byOperation(calls, minimum), problems };
}

function storeRows(run: StoreRun): [string, string][] {
  const p = run.phases;
  return [
    [`${run.store}: total`, `${costText(run.total)}  → ${run.workloadsPerSecond} workloads/s, ${run.resourcesPerSecond} resources (nodes)/s, ${run.elementsPerSecond} nodes+relationships/s`],
    [`${run.store}:   read`, costText(p.read)],
    [`${run.store}:   normalise`, costText(p.normalise)],
    [`${run.store}:   load`, costText(p.load)],
    [`${run.store}: graph`, `${run.nodesLoaded} nodes, ${run.relationshipsLoaded} relationships loaded (stored ${run.storedNodes} / ${run.storedRelationships}); status ${run.loadStatus}, ${run.problems} problems`],
    [`${run.store}: rss`, `peak ${run.rss.peakMb} MB (baseline ${run.rss.baselineMb} MB, after load ${run.rss.afterLoadMb} MB)`],
    ...(run.loadProfile ? summaryRows(run.loadProfile, `${run.store}: load `) : []),
    [`${run.store}: goal < ${GOAL_SECONDS} s`, run.total.wallMs / 1000 < GOAL_SECONDS ? `met (${formatMs(run.total.wallMs)} wall)` : `MISSED (${formatMs(run.total.wallMs)} wall, ${formatMs(run.total.cpuMs)} cpu)`],
  ];
}

function callRows(cloud: string, c: CloudCalls): [string, string][] {
  return [
    [`${cloud} live scan`, `${c.calls} calls, minimum ${c.minimum}, ratio ${c.ratio} (goal ≤ ${GOAL_CALL_RATIO}: ${c.ratio <= GOAL_CALL_RATIO ? 'met' : 'MISSED'}); ${c.problems} problems; ${costText(c.scan)}`],
    ...Object.entries(c.byOperation).map(([op, { calls, minimum }]): [string, string] => [`  ${op}`, `${calls} / ${minimum}`]),
  ];
}

async function main(): Promise<boolean> {
  const options: Options = parseOptions(process.argv.slice(2), defaults);
  // Child mode: one store over an estate the parent wrote.
  if (options.partOut) {
    const run = await replay(options.estate, options.store as 'memory' | 'durable', options.workloads, options.profileLoad);
    writeResult('ingest-part', run, options.partOut);
    return true;
  }
  const stores = options.store === 'both' ? ['memory', 'durable'] : [options.store];
  if (!stores.every((s) => s === 'memory' || s === 'durable')) throw new Error('--store must be both, memory or durable');

  console.log(`ingest bench: generating a ${options.workloads}-workload estate (seed ${options.seed})`);
  const estate = await estateOnDisk(options.workloads, options.seed);
  try {
    console.log(`  ${estate.fileCount} files in ${estate.dir} (${costText(estate.generate)})`);
    const runs: StoreRun[] = [];
    for (const store of stores) {
      console.log(`  replaying into the embedded store (${store}) in a child process`);
      runs.push(await replayInChild(estate.dir, store, options.workloads, options.profileLoad));
    }
    let aws: CloudCalls | null = null;
    let azure: CloudCalls | null = null;
    if (!options.skipLive) {
      console.log('  live scan of the same estate at the SDK edge (AWS: aws-sdk-client-mock; Azure: local Resource Graph + ARM)');
      aws = await liveAws(estate.files);
      azure = await liveAzure(estate.files);
    }
    const report = {
      benchmark: 'ingest',
      timestamp: new Date().toISOString(),
      machine: machine(),
      options: { workloads: options.workloads, seed: options.seed, stores },
      estate: { workloads: estate.workloads, counts: estate.counts, files: estate.fileCount, generate: estate.generate },
      runs,
      live: aws && azure ? { aws, azure } : null,
      goals: {
        ingestUnder30s: Object.fromEntries(runs.map((r) => [r.store, r.total.wallMs / 1000 < GOAL_SECONDS])),
        callRatio: aws && azure ? { aws: aws.ratio <= GOAL_CALL_RATIO, azure: azure.ratio <= GOAL_CALL_RATIO } : null,
      },
    };
    printTable(`ingest: ${options.workloads} workloads (${JSON.stringify(estate.counts)}), load average ${machine().loadAverage}`, [
      ['generate estate', `${estate.fileCount} files, ${costText(estate.generate)}`],
      ...runs.flatMap(storeRows),
      ...(aws ? callRows('aws', aws) : []),
      ...(azure ? callRows('azure', azure) : []),
    ]);
    writeResult('ingest', report, options.out || undefined);
    return true;
  } finally {
    estate.remove();
  }
}

runMain(main);
