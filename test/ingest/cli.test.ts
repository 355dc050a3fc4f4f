import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import neo4j from 'neo4j-driver';
import { startGraphServer } from '../../graph/server/index.js';
import { writeSnapshot } from '../../services/ingest/snapshot/files.js';
import { awsFiles } from './fixtures.js';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
let server: Awaited<ReturnType<typeof startGraphServer>>;
let dir: string;

beforeAll(async () => {
  server = await startGraphServer({ port: 0, username: 'neo4j', password: 'pw', dataDir: null });
  dir = await mkdtemp(join(tmpdir(), 'ingest-cli-'));
  await writeSnapshot(dir, awsFiles(), { createdAt: '2026-11-21T00:00:00.000Z' });
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'services/ingest/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('ingest CLI', () => {
  it('ingests a snapshot and logs JSON lines when not on a terminal', async () => {
    const result = await cli(['--snapshot', dir, '--uri', server.url, '--scan-id', 'cli-1'], { NEO4J_PASSWORD: 'pw', NEO4J_USERNAME: 'neo4j' });
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ event: 'start', snapshot: dir });
    const done = events.at(-1)!;
    expect(done).toMatchObject({ event: 'done', scanId: 'cli-1', status: 'succeeded', problemCount: 4 });
    const driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', 'pw'));
    try {
      const records = (await driver.executeQuery('MATCH (s:EcsService) RETURN count(s) AS services')).records;
      expect(records[0]!.get('services')).toEqual(neo4j.int(3));
    } finally {
      await driver.close();
    }
  }, 60000);

  it('refuses to run without a password or a snapshot', async () => {
    expect((await cli(['--snapshot', dir], { NEO4J_PASSWORD: '' })).code).toBe(2);
    const missing = await cli([], { NEO4J_PASSWORD: 'pw' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--snapshot DIR is required');
  }, 60000);
});
