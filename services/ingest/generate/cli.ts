/**
 * `npm run gen:estate -- --workloads N --out DIR [--seed S]`: writes a synthetic snapshot/v1 estate.
 * `npm run gen:estate -- --sample --out DIR`: writes the bundled sample estate (samples/estate).
 */
import { writeSnapshot } from '../snapshot/files.js';
import { buildSampleEstate } from './sample.js';
import { generateEstate } from './synthetic.js';

function argument(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const out = argument(args, 'out');
  if (!out) throw new Error('usage: gen:estate -- --workloads N --out DIR [--seed S] | --sample --out DIR');
  const started = Date.now();
  if (args.includes('--sample')) {
    await writeSnapshot(out, buildSampleEstate(), { createdAt: '2026-11-20T00:00:00.000Z', tool: 'gen:estate --sample' });
    process.stdout.write(`sample estate written to ${out}\n`);
    return;
  }
  const workloads = Number(argument(args, 'workloads') ?? '100');
  if (!Number.isInteger(workloads) || workloads < 0) throw new Error('--workloads must be a non-negative integer');
  const seed = argument(args, 'seed') ?? '1';
  const estate = generateEstate({ workloads, seed });
  await writeSnapshot(out, estate.files, { createdAt: '2026-11-20T00:00:00.000Z', tool: 'gen:estate', generator: { workloads, seed, counts: estate.counts } });
  process.stdout.write(`${workloads} workloads (${JSON.stringify(estate.counts)}) in ${estate.files.size} files written to ${out} in ${Date.now() - started} ms\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
