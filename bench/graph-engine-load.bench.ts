/**
 * The load phase of bench/graph-engine.bench.ts alone (same generated security graph, same
 * statements and batches, through neo4j-driver into an in-process server), timed in CPU seconds
 * as well as wall seconds: on a machine shared with other work the CPU figure is the comparable
 * one. Loads only; the attack path query is graph-engine.bench.ts's business.
 *
 *   npx tsx bench/graph-engine-load.bench.ts [--nodes 200000] [--rels 1000000] [--batch 10000] [--seed 42]
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import neo4j from 'neo4j-driver';
import { startGraphServer } from '../graph/server/index.js';
import { generateSecurityGraph } from './graph-engine/generate.js';
import { loadNodes, loadRelationships, write } from './graph-engine/load.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const nodes = option('nodes', 200_000);
  const rels = option('rels', 1_000_000);
  const batch = option('batch', 10_000);
  const graph = generateSecurityGraph(nodes, rels, option('seed', 42));
  const password = randomBytes(12).toString('hex');
  const server = await startGraphServer({ port: 0, username: 'neo4j', password, dataDir: null });
  const driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', password), { useBigInt: true, logging: { level: 'error', logger: () => {} } });
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const load0 = loadavg()[0]!;
  try {
    for (const label of graph.nodes.keys()) {
      await write(driver, `CREATE INDEX ${label.toLowerCase()}_uid IF NOT EXISTS FOR (n:${label}) ON (n.uid)`);
    }
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const phase = (since: { cpu: NodeJS.CpuUsage; wall: number }) => {
      const c = process.cpuUsage(since.cpu);
      return { cpuS: (c.user + c.system) / 1e6, wallS: (performance.now() - since.wall) / 1000 };
    };
    for (const [label, list] of graph.nodes) await loadNodes(driver, label, list, batch);
    const nodePhase = phase({ cpu: cpu0, wall: wall0 });
    const relStart = { cpu: process.cpuUsage(), wall: performance.now() };
    for (const group of graph.relationships) await loadRelationships(driver, group, batch);
    const relPhase = phase(relStart);
    const total = phase({ cpu: cpu0, wall: wall0 });
    const elements = graph.nodeCount + graph.relationshipCount;
    const r = (x: number) => Math.round(x * 100) / 100;
    console.log(JSON.stringify({
      nodes: graph.nodeCount, relationships: graph.relationshipCount, batch,
      cpuS: r(total.cpuS), wallS: r(total.wallS),
      elementsPerCpuSecond: Math.round(elements / total.cpuS), elementsPerWallSecond: Math.round(elements / total.wallS),
      nodePhase: { cpuS: r(nodePhase.cpuS), wallS: r(nodePhase.wallS) },
      relationshipPhase: { cpuS: r(relPhase.cpuS), wallS: r(relPhase.wallS) },
      peakRssMb: Math.round(peakRss / 1024 / 1024), loadAverage: [load0, loadavg()[0]],
    }));
  } finally {
    clearInterval(timer);
    await driver.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
