/**
 * `npm run bench`: every benchmark in sequence, each in its own child process so their memory figures do not mix:
 * the graph engine (200k nodes / 1M relationships), then ingest, evaluate and API on a 10,000-workload estate. Each
 * prints its table and writes bench/results/<name>.json.
 *
 *   npm run bench                                   # everything at full size
 *   npm run bench -- ingest --workloads 1000        # one bench (or several names), smaller estate
 *   npm run bench -- --quick                        # everything small: 1,000 workloads, 20k nodes / 100k relationships
 *   npm run bench -- api --duration 5 --connections 20   # with one bench named, other options go to it
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './lib/common.js';

interface Bench {
  name: string;
  script: string;
  /** Options for a size: the product benches take --workloads, the engine bench --nodes/--rels. */
  sized(size: { workloads?: number; quick: boolean }): string[];
}

const BENCHES: Bench[] = [
  {
    name: 'graph-engine',
    script: 'bench/graph-engine.bench.ts',
    // The engine bench's own defaults are the issue's 200,000 nodes and 1,000,000 relationships.
    sized: ({ quick }) => (quick ? ['--nodes', '20000', '--rels', '100000', '--runs', '3'] : []),
  },
  { name: 'ingest', script: 'bench/ingest.bench.ts', sized: ({ workloads, quick }) => workloadArgs(workloads, quick) },
  { name: 'evaluate', script: 'bench/evaluate.bench.ts', sized: ({ workloads, quick }) => workloadArgs(workloads, quick) },
  { name: 'api', script: 'bench/api.bench.ts', sized: ({ workloads, quick }) => [...workloadArgs(workloads, quick), ...(quick ? ['--duration', '3', '--warmup', '1'] : [])] },
];

function workloadArgs(workloads: number | undefined, quick: boolean): string[] {
  const n = workloads ?? (quick ? 1000 : undefined);
  return n === undefined ? [] : ['--workloads', String(n)];
}

function parse(argv: string[]): { names: string[]; workloads?: number; quick: boolean; passThrough: string[] } {
  const names: string[] = [];
  const passThrough: string[] = [];
  let workloads: number | undefined;
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--workloads') {
      workloads = Number(argv[++i]);
      if (!Number.isInteger(workloads) || workloads <= 0) throw new Error('--workloads must be a positive integer');
    } else if (arg.startsWith('--')) {
      passThrough.push(arg);
      const value = argv[i + 1];
      if (value !== undefined && !value.startsWith('--')) passThrough.push(argv[++i]!);
    } else if (BENCHES.some((b) => b.name === arg)) names.push(arg);
    else throw new Error(`unknown bench '${arg}' (known: ${BENCHES.map((b) => b.name).join(', ')})`);
  }
  if (passThrough.length > 0 && names.length !== 1) throw new Error(`options ${passThrough.join(' ')} need exactly one bench named`);
  return { names, workloads, quick, passThrough };
}

function runChild(bench: Bench, args: string[]): Promise<number> {
  // Same node and the same tsx loader flags as this process, in a fresh process.
  const child = spawn(process.execPath, [...process.execArgv, join(repoRoot, bench.script), ...args], { cwd: repoRoot, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  const selected = options.names.length > 0 ? BENCHES.filter((b) => options.names.includes(b.name)) : BENCHES;
  const outcomes: { name: string; code: number; seconds: number }[] = [];
  for (const bench of selected) {
    const args = [...bench.sized(options), ...options.passThrough];
    console.log(`\n=== ${bench.name}: ${bench.script} ${args.join(' ')}`);
    const started = performance.now();
    const code = await runChild(bench, args);
    outcomes.push({ name: bench.name, code, seconds: Math.round((performance.now() - started) / 100) / 10 });
  }
  console.log(`\n=== summary\n${outcomes.map((o) => `${o.name.padEnd(14)} ${o.code === 0 ? 'done' : `FAILED (exit ${o.code})`} in ${o.seconds} s`).join('\n')}`);
  return outcomes.every((o) => o.code === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
