/**
 * Graph engine benchmark: load a synthetic security graph into the embedded graph server through
 * neo4j-driver, then time the internet-to-privileged-role attack path query in Cypher against a
 * hand-written graphology traversal over the very same store (and, as a second baseline, the same
 * walk over the store's own adjacency arrays, which the engine's matcher uses).
 *
 *   npx tsx bench/graph-engine.bench.ts [--nodes 200000] [--rels 1000000] [--runs 7] [--batch 10000]
 *                                       [--hops 6] [--seed 42] [--out bench/results/graph-engine.json]
 *
 * Small smoke run: --nodes 2000 --rels 10000 --runs 3. Exits 1 when the two answers differ.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import neo4j, { type Driver } from 'neo4j-driver';
import { CypherExecutor } from '../graph/engine/exec/index.js';
import { GraphStore } from '../graph/engine/store/index.js';
import { startServerWithEngine } from '../graph/server/server.js';
import { ATTACK_TYPES, generateSecurityGraph, type SecurityGraph } from './graph-engine/generate.js';
import { loadNodes, loadRelationships, write } from './graph-engine/load.js';
import { countAttackPathsByAdjacency, countAttackPathsByTraversal, type TraversalAnswer } from './graph-engine/traverse.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface BenchOptions {
  nodes: number;
  rels: number;
  runs: number;
  batch: number;
  hops: number;
  seed: number;
  out: string;
}

function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    nodes: 200_000,
    rels: 1_000_000,
    runs: 7,
    batch: 10_000,
    hops: 6,
    seed: 42,
    out: resolve(repoRoot, 'bench', 'results', 'graph-engine.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    switch (flag) {
      case '--nodes': options.nodes = Number(value); break;
      case '--rels': options.rels = Number(value); break;
      case '--runs': options.runs = Number(value); break;
      case '--batch': options.batch = Number(value); break;
      case '--hops': options.hops = Number(value); break;
      case '--seed': options.seed = Number(value); break;
      case '--out': options.out = resolve(value); break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  for (const [k, v] of Object.entries(options)) if (typeof v === 'number' && !(v > 0)) throw new Error(`--${k} must be positive`);
  return options;
}

/** Peak resident set size, sampled on a timer and at every batch boundary. */
class RssSampler {
  peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => this.sample(), 100);
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const ms = (start: number) => performance.now() - start;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

function stats(samples: number[]): { medianMs: number; p95Ms: number; minMs: number; samplesMs: number[] } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { medianMs: round(median), p95Ms: round(percentile(sorted, 95)), minMs: round(sorted[0]!), samplesMs: samples.map(round) };
}

async function readSingle(driver: Driver, query: string): Promise<bigint> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.run(query);
    return result.records[0]!.get(0) as bigint;
  } finally {
    await session.close();
  }
}

interface LoadFigures {
  seconds: number;
  elementsPerSecond: number;
  nodesPerSecond: number;
  relationshipsPerSecond: number;
  batches: number;
  indexesCreated: boolean;
  /** Throughput per node label and per relationship group, to show where loading slows down. */
  phases: { phase: string; elements: number; seconds: number; perSecond: number }[];
}

async function loadGraph(driver: Driver, graph: SecurityGraph, batch: number, rss: RssSampler): Promise<LoadFigures> {
  const labels = [...graph.nodes.keys()];
  let indexesCreated = true;
  for (const label of labels) {
    try {
      await write(driver, `CREATE INDEX ${label.toLowerCase()}_uid IF NOT EXISTS FOR (n:${label}) ON (n.uid)`);
    } catch (err) {
      indexesCreated = false;
      console.warn(`index on :${label}(uid) not created: ${(err as Error).message}`);
    }
  }

  let batches = 0;
  const total = graph.nodeCount + graph.relationshipCount;
  let loaded = 0;
  let lastReport = performance.now();
  const progress = (n: number) => {
    loaded += n;
    batches++;
    rss.sample();
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      console.log(`  loaded ${loaded}/${total} elements`);
    }
  };

  const phases: LoadFigures['phases'] = [];
  const phase = (name: string, elements: number, since: number) => {
    const seconds = ms(since) / 1000;
    phases.push({ phase: name, elements, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round(elements / seconds) });
  };
  const started = performance.now();
  for (const label of labels) {
    const phaseStarted = performance.now();
    const list = graph.nodes.get(label)!;
    await loadNodes(driver, label, list, batch, progress);
    phase(`:${label}`, list.length, phaseStarted);
  }
  const nodeSeconds = ms(started) / 1000;

  const relStarted = performance.now();
  for (const group of graph.relationships) {
    const phaseStarted = performance.now();
    await loadRelationships(driver, group, batch, progress);
    phase(`(:${group.from})-[:${group.type}]->(:${group.to})`, group.pairs.length / 2, phaseStarted);
  }
  const relSeconds = ms(relStarted) / 1000;
  const seconds = ms(started) / 1000;
  return {
    seconds: Math.round(seconds * 100) / 100,
    elementsPerSecond: Math.round(total / seconds),
    nodesPerSecond: Math.round(graph.nodeCount / nodeSeconds),
    relationshipsPerSecond: Math.round(graph.relationshipCount / relSeconds),
    batches,
    indexesCreated,
    phases,
  };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const rss = new RssSampler();
  const loadAtStart = loadavg()[0]!;
  const baselineRss = process.memoryUsage().rss;

  console.log(`generating a security graph of ~${options.nodes} nodes and ~${options.rels} relationships (seed ${options.seed})`);
  const graph = generateSecurityGraph(options.nodes, options.rels, options.seed);

  // startGraphServer does not expose its store, so the server is assembled here the way
  // graph/server/index.ts assembles it, around a store we keep: the graphology baseline then walks
  // exactly the data the server holds.
  const store = new GraphStore();
  const executor = new CypherExecutor(store);
  const password = randomBytes(12).toString('hex');
  const server = await startServerWithEngine({ port: 0, username: 'neo4j', password, dataDir: null }, { store, executor });
  const driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', password), { useBigInt: true, logging: { level: 'error', logger: () => {} } });

  try {
    console.log(`loading ${graph.nodeCount} nodes and ${graph.relationshipCount} relationships in batches of ${options.batch}`);
    const load = await loadGraph(driver, graph, options.batch, rss);
    const storedNodes = await readSingle(driver, 'MATCH (n) RETURN count(n)');
    const storedRels = await readSingle(driver, 'MATCH ()-[r]->() RETURN count(r)');
    const loadedRss = process.memoryUsage().rss;

    const types = ATTACK_TYPES.join('|');
    const query = `MATCH p = (:Internet)-[:${types}*1..${options.hops}]->(:Role {privileged: true}) RETURN count(p) AS paths`;
    console.log(`timing ${options.runs} runs (after one warm-up) of:\n  ${query}`);

    const cypherSamples: number[] = [];
    let cypherAnswer = -1n;
    for (let run = 0; run <= options.runs; run++) {
      const session = driver.session({ defaultAccessMode: neo4j.session.READ });
      const start = performance.now();
      const result = await session.run(query, {}, { timeout: 600_000 });
      const elapsed = ms(start);
      await session.close();
      cypherAnswer = result.records[0]!.get('paths') as bigint;
      if (run > 0) cypherSamples.push(elapsed);
      rss.sample();
    }

    const timeTraversal = (count: () => TraversalAnswer) => {
      const samples: number[] = [];
      let answer: TraversalAnswer = { paths: -1, roles: -1 };
      for (let run = 0; run <= options.runs; run++) {
        const start = performance.now();
        answer = count();
        const elapsed = ms(start);
        if (run > 0) samples.push(elapsed);
        rss.sample();
      }
      return { answer, stats: stats(samples) };
    };
    const graphologyRun = timeTraversal(() => countAttackPathsByTraversal(store, ATTACK_TYPES, options.hops));
    const adjacencyRun = timeTraversal(() => countAttackPathsByAdjacency(store, ATTACK_TYPES, options.hops));
    const traversal = graphologyRun.answer;
    rss.stop();

    const cypherStats = stats(cypherSamples);
    const traversalStats = graphologyRun.stats;
    const adjacencyStats = adjacencyRun.stats;
    const agree = cypherAnswer === BigInt(traversal.paths) && adjacencyRun.answer.paths === traversal.paths;
    const ratioTo = (baseline: number) => Math.round((cypherStats.medianMs / Math.max(baseline, 0.001)) * 10) / 10;
    const ratio = ratioTo(traversalStats.medianMs);
    const adjacencyRatio = ratioTo(adjacencyStats.medianMs);

    const report = {
      benchmark: 'graph-engine',
      timestamp: new Date().toISOString(),
      node: process.version,
      // Timings are only comparable between runs on a similarly quiet machine.
      machine: { cpus: cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg()[0] },
      options: { ...options, out: undefined },
      graph: {
        nodes: graph.nodeCount,
        relationships: graph.relationshipCount,
        storedNodes: Number(storedNodes),
        storedRelationships: Number(storedRels),
        nodesByLabel: Object.fromEntries([...graph.nodes].map(([label, list]) => [label, list.length])),
        relationshipsByType: graph.relationships.reduce<Record<string, number>>((acc, g) => {
          acc[g.type] = (acc[g.type] ?? 0) + g.pairs.length / 2;
          return acc;
        }, {}),
      },
      load,
      query: { cypher: query, answer: Number(cypherAnswer), ...cypherStats },
      traversal: { answer: traversal.paths, privilegedRolesReached: traversal.roles, ...traversalStats },
      adjacencyTraversal: { answer: adjacencyRun.answer.paths, ...adjacencyStats },
      answersAgree: agree,
      cypherToTraversalRatio: ratio,
      cypherToAdjacencyRatio: adjacencyRatio,
      memory: { baselineRssMb: mb(baselineRss), afterLoadRssMb: mb(loadedRss), peakRssMb: mb(rss.peak) },
    };

    const rows: [string, string][] = [
      ['graph', `${graph.nodeCount} nodes, ${graph.relationshipCount} relationships (stored ${storedNodes} / ${storedRels})`],
      ['load', `${load.seconds} s, ${load.elementsPerSecond} elements/s (nodes ${load.nodesPerSecond}/s, relationships ${load.relationshipsPerSecond}/s)`],
      ['cypher path query', `median ${cypherStats.medianMs} ms, p95 ${cypherStats.p95Ms} ms, answer ${cypherAnswer}`],
      ['graphology traversal', `median ${traversalStats.medianMs} ms, p95 ${traversalStats.p95Ms} ms, answer ${traversal.paths} (${traversal.roles} privileged roles)`],
      ['adjacency traversal', `median ${adjacencyStats.medianMs} ms, p95 ${adjacencyStats.p95Ms} ms, answer ${adjacencyRun.answer.paths}`],
      ['cypher / graphology', `${ratio}x${agree ? '' : '  — ANSWERS DIFFER'}`],
      ['cypher / adjacency', `${adjacencyRatio}x`],
      ['rss', `peak ${mb(rss.peak)} MB (after load ${mb(loadedRss)} MB, baseline ${mb(baselineRss)} MB)`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}`);

    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwritten to ${options.out}`);
    return agree && storedNodes === BigInt(graph.nodeCount) && storedRels === BigInt(graph.relationshipCount) ? 0 : 1;
  } finally {
    rss.stop();
    await driver.close();
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(2);
  },
);
