/**
 * API benchmark: ingest and evaluate a synthetic N-workload estate (default 10,000) into a fresh in-memory embedded
 * store, serve the API on loopback (buildApp + listen, a reader key from createApiKey, rate limit raised out of the
 * way), and load it from a SECOND process (bench/api/load-generator.ts: node:http keep-alive agent, 50 concurrent
 * connections, a warm-up then a fixed duration per endpoint). Reports requests/s and p50/p90/p99 latency per endpoint
 * and the API process's CPU per request (this process also runs the embedded graph server, as `npm start` does).
 * Endpoints that miss a goal are then loaded again under the inspector profiler to say which layer the time goes to.
 *
 *   npx tsx bench/api.bench.ts [--workloads 10000] [--seed bench] [--connections 50] [--warmup 2] [--duration 10]
 *                              [--template paths-by-risk] [--profile-seconds 5] [--profile-all] [--cpu-prof-dir DIR] [--out FILE]
 *
 * Goals: p99 < 50 ms for the path list and one path; > 1,000 requests/s for the path list.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, createApiKey } from '../services/api/app.js';
import { evaluate } from '../services/evaluate/evaluate.js';
import { ingestSnapshotDirectory } from '../services/ingest/ingest.js';
import type { LoadCommand, LoadEndpoint, LoadMessage, LoadResult } from './api/load-generator.js';
import {
  costText, estateOnDisk, formatMs, machine, mb, measure, parseOptions, printTable, round, RssSampler, runMain, startEmbeddedStore,
  Stopwatch, writeResult, type Cost,
} from './lib/common.js';
import { profileWork, summaryRows, type ProfileSummary } from './lib/profile.js';

const defaults = {
  workloads: 10_000, seed: 'bench', connections: 50, warmup: 2, duration: 10, template: 'paths-by-risk',
  profileSeconds: 5, profileAll: false, cpuProfDir: '', out: '',
};

interface Goal {
  p99BelowMs?: number;
  rpsAbove?: number;
}
const GOALS: Record<string, Goal> = {
  'attack-path list': { p99BelowMs: 50, rpsAbove: 1000 },
  'one attack path': { p99BelowMs: 50 },
};

/** Drives the forked load generator: one endpoint at a time; `onMeasuring` fires when its warm-up ends. */
class LoadGenerator {
  private readonly child: ChildProcess;
  constructor() {
    this.child = fork(fileURLToPath(new URL('./api/load-generator.ts', import.meta.url)), [], { stdio: 'inherit' });
  }
  run(command: LoadCommand, onMeasuring: () => void): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: LoadMessage) => {
        if (message.kind === 'measuring') return onMeasuring();
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        if (message.kind === 'done') resolve(message.result);
        else reject(new Error(`load generator: ${message.message}`));
      };
      const onExit = (code: number | null) => reject(new Error(`load generator exited (${code})`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(command);
    });
  }
  close(): void {
    if (this.child.connected) this.child.send({ kind: 'exit' });
    this.child.kill();
  }
}

interface EndpointFigures extends LoadResult {
  path: string;
  /** CPU this process (Fastify + driver + embedded Bolt server + engine) spent per answered request. */
  /** Null when no answer arrived within the window (each request outlasted it). */
  serverCpuMsPerRequest: number | null;
  serverCpuShare: number;
  goals: { p99?: boolean; rps?: boolean } | null;
  profile?: ProfileSummary;
}

async function main(): Promise<boolean> {
  const options = parseOptions(process.argv.slice(2), defaults);
  const rss = new RssSampler(50);
  console.log(`api bench: generating a ${options.workloads}-workload estate (seed ${options.seed})`);
  const estate = await estateOnDisk(options.workloads, options.seed);
  const store = await startEmbeddedStore(false);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  let generator: LoadGenerator | null = null;
  try {
    const ingest = await measure(() => ingestSnapshotDirectory(store.driver, estate.dir));
    estate.remove();
    const evaluation = await measure(() => evaluate(store.driver));
    console.log(`  ingest ${costText(ingest.cost)}; evaluate ${costText(evaluation.cost)}: ${evaluation.value.findings.length} findings, ${evaluation.value.attackPaths.length} paths`);

    const reader = await createApiKey(dataDir, 'bench reader', 'reader');
    const app = await buildApp({ driver: store.driver, config: { dataDir, env: {}, rateLimit: { max: 1_000_000_000, timeWindowMs: 60_000 } } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      // The riskiest path (first of the list) and its entry workload: an internet-exposed workload.
      const first = await fetch(`${base}/v1/attack-paths?limit=1`, { headers: { authorization: `Bearer ${reader.key}` } });
      const listed = (await first.json()) as { items: { id: string; entryId: string }[] };
      const path = listed.items[0];
      if (!path) throw new Error('the estate has no attack path to fetch');
      const endpoints: LoadEndpoint[] = [
        { name: 'attack-path list', method: 'GET', path: '/v1/attack-paths' },
        { name: 'one attack path', method: 'GET', path: `/v1/attack-paths/${encodeURIComponent(path.id)}` },
        { name: 'resource posture (exposed workload)', method: 'GET', path: `/v1/resources/${encodeURIComponent(path.entryId)}` },
        { name: `explorer template ${options.template}`, method: 'POST', path: `/v1/explorer/templates/${options.template}/run`, body: JSON.stringify({ params: {} }) },
      ];
      const probes: Record<string, { status: number; bytes: number }> = {};
      for (const endpoint of endpoints) {
        const response = await fetch(base + endpoint.path, {
          method: endpoint.method,
          headers: { authorization: `Bearer ${reader.key}`, ...(endpoint.body ? { 'content-type': 'application/json' } : {}) },
          ...(endpoint.body ? { body: endpoint.body } : {}),
        });
        const body = await response.text();
        probes[endpoint.name] = { status: response.status, bytes: body.length };
        if (response.status !== 200) throw new Error(`${endpoint.method} ${endpoint.path} answered ${response.status}: ${body.slice(0, 300)}`);
      }

      generator = new LoadGenerator();
      const command = (endpoint: LoadEndpoint, durationSeconds: number): LoadCommand => ({
        kind: 'run', base, key: reader.key, endpoint, connections: options.connections, warmupMs: options.warmup * 1000, durationMs: durationSeconds * 1000,
      });
      const figures: EndpointFigures[] = [];
      for (const endpoint of endpoints) {
        console.log(`  ${endpoint.name}: ${options.connections} connections, ${options.warmup} s warm-up, ${options.duration} s measured`);
        let watch: Stopwatch | null = null;
        const result = await generator.run(command(endpoint, options.duration), () => (watch = new Stopwatch()));
        const server: Cost = (watch as Stopwatch | null)?.cost() ?? { wallMs: 0, cpuMs: 0, cpuShare: 0 };
        rss.sample();
        const goal = GOALS[endpoint.name];
        figures.push({
          ...result,
          path: endpoint.path,
          serverCpuMsPerRequest: result.completed > 0 ? round(server.cpuMs / result.completed, 3) : null,
          serverCpuShare: server.cpuShare,
          goals: goal ? { ...(goal.p99BelowMs ? { p99: result.latencyMs.p99 < goal.p99BelowMs } : {}), ...(goal.rpsAbove ? { rps: result.requestsPerSecond > goal.rpsAbove } : {}) } : null,
        });
      }

      // Where the time goes, for every endpoint that missed a goal (or all with --profile-all).
      for (const [i, endpoint] of endpoints.entries()) {
        const f = figures[i]!;
        const missed = f.goals !== null && Object.values(f.goals).some((met) => !met);
        if (!missed && !options.profileAll) continue;
        console.log(`  profiling the API process under load: ${endpoint.name} (${options.profileSeconds} s)`);
        let started!: () => void;
        const measuring = new Promise<void>((resolve) => (started = resolve));
        const run = generator.run({ ...command(endpoint, options.profileSeconds), warmupMs: 500 }, () => started());
        await measuring;
        const file = options.cpuProfDir ? join(options.cpuProfDir, `api-${endpoint.name.replace(/\W+/g, '-')}.cpuprofile`) : undefined;
        const { summary } = await profileWork(() => run, { samplingMicros: 1000, ...(file ? { file } : {}) });
        f.profile = summary;
      }

      const report = {
        benchmark: 'api',
        timestamp: new Date().toISOString(),
        machine: machine(),
        options: { ...options, out: undefined },
        estate: { workloads: options.workloads, counts: estate.counts },
        setup: { ingest: ingest.cost, evaluate: evaluation.cost, findings: evaluation.value.findings.length, attackPaths: evaluation.value.attackPaths.length, probes },
        endpoints: figures,
        goals: GOALS,
        memory: { peakRssMb: mb(rss.stop()) },
      };
      const verdict = (f: EndpointFigures) => (f.goals === null ? '' : Object.entries(f.goals).map(([k, met]) => `${k} ${met ? 'met' : 'MISSED'}`).join(', '));
      printTable(`api: ${options.workloads} workloads (${evaluation.value.attackPaths.length} paths, ${evaluation.value.findings.length} findings), ${options.connections} connections, load average ${machine().loadAverage}`, [
        ['setup', `ingest ${formatMs(ingest.cost.wallMs)}, evaluate ${formatMs(evaluation.cost.wallMs)}`],
        ...figures.flatMap((f): [string, string][] => [
          [f.endpoint, `${f.requestsPerSecond} req/s, p50 ${f.latencyMs.p50} ms, p90 ${f.latencyMs.p90} ms, p99 ${f.latencyMs.p99} ms, max ${f.latencyMs.max} ms; ${f.requests} requests, ${f.errors} errors, ${f.bytesPerResponse} B/response`],
          ['  server cpu', `${f.serverCpuMsPerRequest === null ? 'no answer within the window' : `${f.serverCpuMsPerRequest} ms/request`} (API process cpu/wall ${f.serverCpuShare}; generator ${formatMs(f.generatorCpuMs)} cpu)${f.goals ? `; goals: ${verdict(f)}` : ''}`],
          ...(f.profile ? summaryRows(f.profile, '  ') : []),
        ]),
        ['rss', `peak ${mb(rss.peak)} MB`],
      ]);
      writeResult('api', report, options.out || undefined);
      return true;
    } finally {
      await app.close();
    }
  } finally {
    generator?.close();
    rss.stop();
    await store.close();
    estate.remove();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runMain(main);
