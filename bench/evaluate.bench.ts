/**
 * Evaluation benchmark: ingest a synthetic N-workload estate (default 10,000) into a fresh embedded store, then run
 * `evaluate(driver)` several times (default 3: the first scan creates every finding and path, the next ones are
 * rescans that update their lifecycle). Reports each run's total, the median time of every query (derive, rules,
 * paths), the rows they return, and how many findings and paths; then profiles the slowest queries one by one in
 * this process (the embedded server runs here) inside a rolled-back transaction, to say where their time goes.
 *
 *   npx tsx bench/evaluate.bench.ts [--workloads 10000] [--seed bench] [--runs 3] [--store memory|durable]
 *                                   [--profile-top 3] [--profile-run N (default: the last; 0: none)] [--cpu-prof-dir DIR] [--out FILE]
 *
 * Goal: all rules and paths under 5 s on the embedded store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { evaluate, type QueryTiming } from '../services/evaluate/evaluate.js';
import { CYPHER_ROOT } from '../services/evaluate/rule-files.js';
import { ingestSnapshotDirectory } from '../services/ingest/ingest.js';
import {
  costText, estateOnDisk, formatMs, machine, mb, measure, median, parseOptions, printTable, round, RssSampler, runMain,
  startEmbeddedStore, writeResult, type Cost,
} from './lib/common.js';
import { profileWork, summaryRows, type ProfileSummary } from './lib/profile.js';

const GOAL_MS = 5000;
const defaults = { workloads: 10_000, seed: 'bench', runs: 3, store: 'memory', profileTop: 3, profileRun: -1, cpuProfDir: '', out: '' };

interface RunFigures {
  cost: Cost;
  findings: number;
  paths: number;
  byKind: Record<QueryTiming['kind'], number>;
  /** Run time not spent in the timed queries: reading the previous state, writing findings/paths, lifecycle. */
  persistAndOtherMs: number;
}

/** Runs one evaluation query alone under the profiler, in a transaction that is rolled back (derive files write). */
async function profileQuery(driver: Driver, file: string, cpuProfDir: string): Promise<{ ms: number; summary: ProfileSummary }> {
  const query = readFileSync(join(CYPHER_ROOT, file), 'utf8');
  const session = driver.session();
  try {
    const started = performance.now();
    const { summary } = await profileWork(
      async () => {
        const tx = session.beginTransaction();
        try {
          await tx.run(query);
        } finally {
          await tx.rollback();
        }
      },
      cpuProfDir ? { file: join(cpuProfDir, `${file.replace(/[/.]/g, '_')}.cpuprofile`) } : {},
    );
    return { ms: round(performance.now() - started), summary };
  } finally {
    await session.close();
  }
}

async function main(): Promise<boolean> {
  const options = parseOptions(process.argv.slice(2), defaults);
  if (options.store !== 'memory' && options.store !== 'durable') throw new Error('--store must be memory or durable');
  const rss = new RssSampler(50);
  console.log(`evaluate bench: generating a ${options.workloads}-workload estate (seed ${options.seed})`);
  const estate = await estateOnDisk(options.workloads, options.seed);
  const store = await startEmbeddedStore(options.store === 'durable');
  try {
    console.log(`  ingesting into the embedded store (${options.store})`);
    const ingest = await measure(() => ingestSnapshotDirectory(store.driver, estate.dir));
    estate.remove();
    const runs: RunFigures[] = [];
    const timingsPerRun: QueryTiming[][] = [];
    const runProfiles: { run: number; summary: ProfileSummary }[] = [];
    // By default the last run is profiled (1 ms sampling: a few per cent of overhead); --profile-run 0 for none.
    const profiledRun = options.profileRun < 0 ? options.runs : options.profileRun;
    for (let run = 1; run <= options.runs; run++) {
      // --profile-run N: the whole of run N under the profiler (persistence included), summarised by layer.
      const { value: result, cost } = await measure(async () => {
        if (run !== profiledRun) return evaluate(store.driver);
        const file = options.cpuProfDir ? join(options.cpuProfDir, `evaluate-run-${run}.cpuprofile`) : undefined;
        const profiled = await profileWork(() => evaluate(store.driver), { samplingMicros: 1000, ...(file ? { file } : {}) });
        runProfiles.push({ run, summary: profiled.summary });
        return profiled.value;
      });
      rss.sample();
      const byKind = { derive: 0, rule: 0, path: 0 };
      for (const t of result.timings) byKind[t.kind] += t.ms;
      const queried = byKind.derive + byKind.rule + byKind.path;
      runs.push({ cost, findings: result.findings.length, paths: result.attackPaths.length, byKind: { derive: round(byKind.derive), rule: round(byKind.rule), path: round(byKind.path) }, persistAndOtherMs: round(cost.wallMs - queried) });
      timingsPerRun.push(result.timings);
      console.log(`  run ${run}: ${costText(cost)}; ${result.findings.length} findings, ${result.attackPaths.length} paths`);
    }

    // Median per query over the runs.
    const files = timingsPerRun[0]!.map((t) => t.file);
    const perQuery = files.map((file) => {
      const samples = timingsPerRun.map((timings) => timings.find((t) => t.file === file)?.ms ?? 0);
      const last = timingsPerRun[timingsPerRun.length - 1]!.find((t) => t.file === file)!;
      return { file, kind: last.kind, medianMs: round(median(samples)), samplesMs: samples.map((s) => round(s)), rows: last.rows };
    });
    const medianOf = (kind: QueryTiming['kind']) => round(median(runs.map((r) => r.byKind[kind])));
    const rulesAndPathsMs = round(median(runs.map((r) => r.byKind.rule + r.byKind.path)));
    const slowest = [...perQuery].sort((a, b) => b.medianMs - a.medianMs).slice(0, options.profileTop);

    const profiles: { file: string; ms: number; summary: ProfileSummary }[] = [];
    for (const q of slowest) {
      console.log(`  profiling ${q.file} alone (rolled back)`);
      profiles.push({ file: q.file, ...(await profileQuery(store.driver, q.file, options.cpuProfDir)) });
    }
    rss.stop();

    const report = {
      benchmark: 'evaluate',
      timestamp: new Date().toISOString(),
      machine: machine(),
      options: { ...options, out: undefined },
      estate: { workloads: options.workloads, counts: estate.counts },
      ingest: { cost: ingest.cost, status: ingest.value.status },
      runs,
      medians: { totalMs: round(median(runs.map((r) => r.cost.wallMs))), totalCpuMs: round(median(runs.map((r) => r.cost.cpuMs))), deriveMs: medianOf('derive'), rulesMs: medianOf('rule'), pathsMs: medianOf('path'), rulesAndPathsMs, persistAndOtherMs: round(median(runs.map((r) => r.persistAndOtherMs))) },
      perQuery,
      slowest: profiles,
      runProfile: runProfiles[0] ?? null,
      goal: { rulesAndPathsUnder5s: rulesAndPathsMs < GOAL_MS },
      memory: { peakRssMb: mb(rss.peak) },
    };
    const m = report.medians;
    printTable(`evaluate: ${options.workloads} workloads, ${options.runs} runs, ${options.store} store, load average ${machine().loadAverage}`, [
      ['ingest', costText(ingest.cost)],
      ...runs.map((r, i): [string, string] => [`run ${i + 1}`, `${costText(r.cost)}; derive ${formatMs(r.byKind.derive)}, rules ${formatMs(r.byKind.rule)}, paths ${formatMs(r.byKind.path)}, persist+other ${formatMs(r.persistAndOtherMs)}`]),
      ['median total', `wall ${formatMs(m.totalMs)}, cpu ${formatMs(m.totalCpuMs)}`],
      ['median derive / rules / paths', `${formatMs(m.deriveMs)} / ${formatMs(m.rulesMs)} / ${formatMs(m.pathsMs)}; persist+other ${formatMs(m.persistAndOtherMs)}`],
      ['findings / paths', `${runs[runs.length - 1]!.findings} / ${runs[runs.length - 1]!.paths}`],
      [`goal rules+paths < ${GOAL_MS / 1000} s`, `${rulesAndPathsMs < GOAL_MS ? 'met' : 'MISSED'} (${formatMs(rulesAndPathsMs)})`],
      ['per query (median ms, rows)', ''],
      ...[...perQuery].sort((a, b) => b.medianMs - a.medianMs).map((q): [string, string] => [`  ${q.file}`, `${formatMs(q.medianMs)}  ${q.rows} rows`]),
      ...profiles.flatMap((p): [string, string][] => [[`profile ${p.file}`, `${formatMs(p.ms)} alone`], ...summaryRows(p.summary, '  ')]),
      ...runProfiles.flatMap((p): [string, string][] => [[`profile of run ${p.run}`, 'whole evaluate(), persistence included'], ...summaryRows(p.summary, '  ')]),
      ['rss', `peak ${mb(rss.peak)} MB`],
    ]);
    writeResult('evaluate', report, options.out || undefined);
    return true;
  } finally {
    rss.stop();
    await store.close();
    estate.remove();
  }
}

runMain(main);
