/**
 * Shared plumbing of the product benchmarks: options, CPU and wall clocks, peak RSS sampling, the synthetic
 * estate on disk, an embedded graph store reached through neo4j-driver, tables and the JSON result files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import neo4j, { type Driver } from 'neo4j-driver';
import { startGraphServer } from '../../graph/server/index.js';
import { writeSnapshot } from '../../services/ingest/snapshot/files.js';
import { generateEstate, type GeneratedEstate } from '../../services/ingest/generate/synthetic.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resultsDir = join(repoRoot, 'bench', 'results');

/** `--name value` options with numeric/string defaults; unknown flags are an error so typos do not go unnoticed. */
export function parseOptions<T extends Record<string, number | string | boolean>>(argv: string[], defaults: T): T {
  const options: Record<string, number | string | boolean> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (!flag.startsWith('--')) throw new Error(`unexpected argument ${flag}`);
    const name = flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!(name in defaults)) throw new Error(`unknown option ${flag} (known: ${Object.keys(defaults).map((k) => `--${k}`).join(', ')})`);
    const fallback = defaults[name];
    if (typeof fallback === 'boolean') {
      options[name] = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (typeof fallback === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a non-negative number`);
      options[name] = n;
    } else options[name] = value;
  }
  return options as T;
}

/** Wall and CPU time (user + system, this process) of one stretch of work. */
export interface Cost {
  wallMs: number;
  cpuMs: number;
  /** cpu / wall: below 1 the process waited (I/O, or the loaded machine gave it no core); above 1 it used >1 thread. */
  cpuShare: number;
}

export class Stopwatch {
  private readonly wall = performance.now();
  private readonly cpu = process.cpuUsage();
  cost(): Cost {
    const wallMs = performance.now() - this.wall;
    const used = process.cpuUsage(this.cpu);
    const cpuMs = (used.user + used.system) / 1000;
    return { wallMs: round(wallMs), cpuMs: round(cpuMs), cpuShare: round(cpuMs / Math.max(wallMs, 0.001), 2) };
  }
}

export async function measure<T>(work: () => Promise<T> | T): Promise<{ value: T; cost: Cost }> {
  const watch = new Stopwatch();
  const value = await work();
  return { value, cost: watch.cost() };
}

/** Peak resident set size, sampled every 50 ms (and whenever `sample()` is called: synchronous phases block the timer). */
export class RssSampler {
  peak = process.memoryUsage().rss;
  private readonly timer: NodeJS.Timeout;
  constructor(intervalMs = 50) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }
  sample(): number {
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
    return rss;
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

export const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);
export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A synthetic snapshot/v1 estate written to a fresh temporary directory (removed by `remove()`). */
export interface EstateOnDisk {
  dir: string;
  workloads: number;
  counts: GeneratedEstate['counts'];
  files: GeneratedEstate['files'];
  fileCount: number;
  generate: Cost;
  remove(): void;
}

export async function estateOnDisk(workloads: number, seed: string): Promise<EstateOnDisk> {
  const dir = mkdtempSync(join(tmpdir(), `bench-estate-${workloads}-`));
  const { value: estate, cost } = await measure(async () => {
    const generated = generateEstate({ workloads, seed });
    await writeSnapshot(dir, generated.files, { createdAt: '2026-11-20T00:00:00.000Z', tool: 'bench', generator: { workloads, seed, counts: generated.counts } });
    return generated;
  });
  return {
    dir,
    workloads,
    counts: estate.counts,
    files: estate.files,
    fileCount: estate.files.size,
    generate: cost,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The embedded graph server in this process (in memory, or durable in a temporary data dir) and a driver to it. */
export interface EmbeddedStore {
  driver: Driver;
  url: string;
  dataDir: string | null;
  close(): Promise<void>;
}

export async function startEmbeddedStore(durable: boolean): Promise<EmbeddedStore> {
  const dataDir = durable ? mkdtempSync(join(tmpdir(), 'bench-graph-')) : null;
  const password = randomBytes(12).toString('hex');
  const server = await startGraphServer({ host: '127.0.0.1', port: 0, username: 'neo4j', password, dataDir });
  const driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', password), { logging: { level: 'error', logger: () => {} } });
  return {
    driver,
    url: server.url,
    dataDir,
    async close() {
      await driver.close();
      await server.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Prints `label  value` rows aligned, under a title. */
export function printTable(title: string, rows: readonly (readonly [string, string])[]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}\n${'-'.repeat(title.length)}\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}`);
}

export function costText(cost: Cost): string {
  return `wall ${formatMs(cost.wallMs)}, cpu ${formatMs(cost.cpuMs)} (cpu/wall ${cost.cpuShare})`;
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${round(ms / 1000, 1)} s` : ms >= 1000 ? `${round(ms / 1000, 2)} s` : `${round(ms, 1)} ms`;
}

export function machine(): Record<string, unknown> {
  // Figures on a loaded machine are inflated: the load average says how much.
  return { node: process.version, platform: process.platform, cpus: availableParallelism(), loadAverage: loadAverage(), code: codeVersion() };
}

/** The commit measured, and whether the working tree had uncommitted changes (the code changes fast). */
export function codeVersion(): { commit: string; dirty: boolean } | null {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no').length > 0 };
  } catch {
    return null;
  }
}

export function loadAverage(): number[] {
  return loadavg().map((n) => round(n, 2));
}

export function writeResult(name: string, report: unknown, out?: string): string {
  const file = out ? resolve(out) : join(resultsDir, `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to ${file}`);
  return file;
}

/** Runs a bench's main, exiting 0/1 on its verdict and 2 on a crash. */
export function runMain(main: () => Promise<boolean>): void {
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(2);
    },
  );
}
