/**
 * Bulk-write benchmark of the embedded graph server: loads a synthetic graph through neo4j-driver
 * in UNWIND batches, in the two statement shapes that matter, and reports CPU time (user + system,
 * comparable on a loaded machine), wall time, throughput, garbage collection time and peak RSS.
 *
 *   npx tsx bench/graph-writes.bench.ts [--mode create|merge] [--nodes 200000] [--rels 1000000]
 *                                       [--batch 10000] [--hubs 0] [--durable] [--seed 42]
 *
 * create: `UNWIND $rows AS row CREATE (n:L) SET n = row`, then
 *         `UNWIND $rows AS row MATCH (a:L {id: row.from}) MATCH (b:L {id: row.to}) CREATE (a)-[:T]->(b)`
 *         (the graph-engine bench's shape, with an index on :L(id)).
 * merge:  the product's ingest (graph/schema/cypher.ts): a uniqueness constraint on :L(id),
 *         `MERGE (n:L {id: row.id}) SET n = row, n.scope = $scope, n.scanId = $scanId` and
 *         `MATCH (a) MATCH (b) MERGE (a)-[r:T]->(b) SET r = row.props, r.scope = $scope, r.scanId = $scanId`,
 *         loaded twice (the second pass finds everything: the rescan case).
 * --hubs N sends that share of relationships (per mille) to a handful of high-degree nodes, so MERGE
 * between two bound nodes has to cope with big adjacency lists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PerformanceObserver } from 'node:perf_hooks';
import neo4j, { type Driver } from 'neo4j-driver';
import { startGraphServer } from '../graph/server/index.js';
import { mulberry32 } from './graph-engine/generate.js';

interface Options {
  mode: 'create' | 'merge';
  nodes: number;
  rels: number;
  batch: number;
  hubs: number;
  durable: boolean;
  seed: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { mode: 'create', nodes: 200_000, rels: 1_000_000, batch: 10_000, hubs: 0, durable: false, seed: 42 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--durable') {
      o.durable = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    switch (flag) {
      case '--mode': o.mode = value === 'merge' ? 'merge' : 'create'; break;
      case '--nodes': o.nodes = Number(value); break;
      case '--rels': o.rels = Number(value); break;
      case '--batch': o.batch = Number(value); break;
      case '--hubs': o.hubs = Number(value); break;
      case '--seed': o.seed = Number(value); break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  return o;
}

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

let peakRss = process.memoryUsage().rss;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const rssTimer = setInterval(sampleRss, 100);

async function write(driver: Driver, query: string, params: Record<string, unknown>): Promise<void> {
  const session = driver.session();
  try {
    await session.executeWrite((tx) => tx.run(query, params));
  } finally {
    await session.close();
  }
}

interface Phase {
  phase: string;
  elements: number;
  wallS: number;
  cpuS: number;
  gcS: number;
  perCpuSecond: number;
  perWallSecond: number;
}

async function timed(name: string, elements: number, body: () => Promise<void>): Promise<Phase> {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const gc0 = gcMs;
  await body();
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const wallS = (performance.now() - wall0) / 1000;
  const r = (x: number) => Math.round(x * 100) / 100;
  const phase = {
    phase: name, elements, wallS: r(wallS), cpuS: r(cpuS), gcS: r((gcMs - gc0) / 1000),
    perCpuSecond: Math.round(elements / cpuS), perWallSecond: Math.round(elements / wallS),
  };
  sampleRss();
  console.log(JSON.stringify(phase));
  return phase;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const random = mulberry32(o.seed);
  const password = randomBytes(12).toString('hex');
  const dataDir = o.durable ? mkdtempSync(join(tmpdir(), 'graph-writes-')) : null;
  const server = await startGraphServer({ port: 0, username: 'neo4j', password, dataDir });
  const driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', password), { useBigInt: true, logging: { level: 'error', logger: () => {} } });
  const hubCount = 8;
  const endpoint = () => (o.hubs > 0 && random() * 1000 < o.hubs ? Math.floor(random() * hubCount) : Math.floor(random() * o.nodes));
  const pairs = new Int32Array(o.rels * 2);
  for (let i = 0; i < o.rels; i++) {
    pairs[2 * i] = endpoint();
    pairs[2 * i + 1] = endpoint();
  }
  const phases: Phase[] = [];
  try {
    if (o.mode === 'create') {
      await write(driver, 'CREATE INDEX l_id IF NOT EXISTS FOR (n:L) ON (n.id)', {});
      phases.push(await timed('nodes (CREATE)', o.nodes, async () => {
        for (let i = 0; i < o.nodes; i += o.batch) {
          const rows = [];
          for (let j = i; j < Math.min(o.nodes, i + o.batch); j++) rows.push({ id: BigInt(j), name: `node-${j}`, kind: j % 7, flag: j % 3 === 0 });
          await write(driver, 'UNWIND $rows AS row CREATE (n:L) SET n = row', { rows });
        }
      }));
      phases.push(await timed('relationships (MATCH MATCH CREATE)', o.rels, async () => {
        for (let i = 0; i < o.rels; i += o.batch) {
          const rows = [];
          for (let j = i; j < Math.min(o.rels, i + o.batch); j++) rows.push({ from: BigInt(pairs[2 * j]!), to: BigInt(pairs[2 * j + 1]!) });
          await write(driver, 'UNWIND $rows AS row MATCH (a:L {id: row.from}) MATCH (b:L {id: row.to}) CREATE (a)-[:T]->(b)', { rows });
        }
      }));
    } else {
      await write(driver, 'CREATE CONSTRAINT l_id IF NOT EXISTS FOR (n:L) REQUIRE n.id IS UNIQUE', {});
      await write(driver, 'CREATE INDEX l_scope IF NOT EXISTS FOR (n:L) ON (n.scope, n.scanId)', {});
      const nodeStatement = 'UNWIND $rows AS row MERGE (n:L {id: row.id}) SET n = row, n.scope = $scope, n.scanId = $scanId RETURN count(n) AS written';
      const relStatement =
        'UNWIND $rows AS row MATCH (a:L {id: row.from}) MATCH (b:L {id: row.to}) MERGE (a)-[r:T]->(b) ' +
        'SET r = row.props, r.scope = $scope, r.scanId = $scanId RETURN count(r) AS written';
      for (const pass of ['first', 'rescan']) {
        const scanId = `scan-${pass}`;
        phases.push(await timed(`nodes (MERGE, ${pass})`, o.nodes, async () => {
          for (let i = 0; i < o.nodes; i += o.batch) {
            const rows = [];
            for (let j = i; j < Math.min(o.nodes, i + o.batch); j++) {
              rows.push({ id: `/subscriptions/s/resource/${j}`, name: `node-${j}`, kind: `k${j % 7}`, flag: j % 3 === 0 });
            }
            await write(driver, nodeStatement, { rows, scope: 'scope-1', scanId });
          }
        }));
        phases.push(await timed(`relationships (MATCH MATCH MERGE, ${pass})`, o.rels, async () => {
          for (let i = 0; i < o.rels; i += o.batch) {
            const rows = [];
            for (let j = i; j < Math.min(o.rels, i + o.batch); j++) {
              rows.push({
                from: `/subscriptions/s/resource/${pairs[2 * j]!}`,
                to: `/subscriptions/s/resource/${pairs[2 * j + 1]!}`,
                props: { port: BigInt(j % 65536), protocol: 'tcp' },
              });
            }
            await write(driver, relStatement, { rows, scope: 'scope-1', scanId });
          }
        }));
      }
    }
  } finally {
    clearInterval(rssTimer);
    sampleRss();
    await driver.close();
    await server.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  const elements = phases.reduce((s, p) => s + p.elements, 0);
  const cpuS = phases.reduce((s, p) => s + p.cpuS, 0);
  const wallS = phases.reduce((s, p) => s + p.wallS, 0);
  console.log(JSON.stringify({
    summary: { mode: o.mode, nodes: o.nodes, rels: o.rels, batch: o.batch, hubs: o.hubs, durable: o.durable },
    elements, cpuS: Math.round(cpuS * 100) / 100, wallS: Math.round(wallS * 100) / 100,
    perCpuSecond: Math.round(elements / cpuS), perWallSecond: Math.round(elements / wallS),
    gcS: Math.round(phases.reduce((s, p) => s + p.gcS, 0) * 100) / 100, peakRssMb: Math.round(peakRss / 1024 / 1024),
  }));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
