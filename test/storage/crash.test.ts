/**
 * Durability end to end: a real server process (graph/server/cli.ts) is killed with SIGKILL
 * while clients commit; after a restart on the same data directory every commit the server
 * acknowledged must be there. Then the log tail is damaged by hand and the restart must keep
 * everything before the damage and say what it dropped.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import neo4j, { type Driver, type Integer } from 'neo4j-driver';

const ROOT = resolve(process.cwd());
const PASSWORD = 'crash-test';

interface ServerProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

async function startServerProcess(dataDir: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'graph/server/cli.ts', '--port', '0', '--data', dataDir], {
    cwd: ROOT,
    env: { ...process.env, NEO4J_USERNAME: 'neo4j', NEO4J_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stdout} ${stderr}`)), 30000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on (bolt:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
  return { child, url, stderr: () => stderr, exited };
}

function driverFor(url: string): Driver {
  return neo4j.driver(url, neo4j.auth.basic('neo4j', PASSWORD), { maxTransactionRetryTime: 0, connectionTimeout: 2000 });
}

async function storedItems(driver: Driver): Promise<Set<number>> {
  const { records } = await driver.executeQuery('MATCH (n:Item) RETURN n.i AS i');
  return new Set(records.map((r) => (r.get('i') as Integer).toNumber()));
}

async function kill9(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
  running.delete(server.child);
}

describe('crash recovery of the server process', () => {
  it('keeps every acknowledged commit across kill -9', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'graph-crash-'));
    const first = await startServerProcess(dataDir);
    const driver = driverFor(first.url);
    const acknowledged = new Set<number>();
    let next = 0;
    let stop = false;
    const writer = async (): Promise<void> => {
      const session = driver.session();
      try {
        while (!stop) {
          const i = next++;
          // One auto-commit transaction per item; it counts once the server has replied.
          await session.run('CREATE (n:Item {i: $i, f: $f}) RETURN n', { i: neo4j.int(i), f: i + 0.5 });
          acknowledged.add(i);
        }
      } catch {
        // The server died under us: whatever was not acknowledged may or may not be there.
      } finally {
        await session.close().catch(() => {});
      }
    };
    const writers = Array.from({ length: 8 }, () => writer());
    while (acknowledged.size < 300) await new Promise((r) => setTimeout(r, 10));
    await kill9(first);
    stop = true;
    await Promise.all(writers);
    await driver.close().catch(() => {});
    expect(existsSync(join(dataDir, 'LOCK'))).toBe(true); // left behind by the killed process

    const second = await startServerProcess(dataDir);
    const driver2 = driverFor(second.url);
    try {
      const stored = await storedItems(driver2);
      const missing = [...acknowledged].filter((i) => !stored.has(i));
      expect(missing).toEqual([]);
      // Nothing appears that no writer attempted.
      for (const i of stored) expect(i).toBeLessThan(next);
      // Floats stayed floats.
      const { records } = await driver2.executeQuery('MATCH (n:Item {i: $i}) RETURN n.f AS f', { i: neo4j.int(7) });
      expect(records[0]!.get('f')).toBe(7.5);
    } finally {
      await driver2.close();
      second.child.kill('SIGTERM');
      await second.exited;
    }
    // A clean stop leaves a checkpoint and an empty log.
    expect(statSync(join(dataDir, 'wal.log')).size).toBe(0);
    expect(statSync(join(dataDir, 'checkpoint.dat')).size).toBeGreaterThan(0);
    expect(existsSync(join(dataDir, 'LOCK'))).toBe(false);
  });

  it('reports and drops a damaged log tail on restart, keeping the commits before it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'graph-corrupt-'));
    const first = await startServerProcess(dataDir);
    const driver = driverFor(first.url);
    for (let i = 0; i < 10; i++) await driver.executeQuery('CREATE (n:Item {i: $i}) RETURN n', { i: neo4j.int(i) });
    await driver.close();
    await kill9(first);

    // A torn final write: the last record loses its last bytes, plus some garbage appended.
    const wal = join(dataDir, 'wal.log');
    const size = statSync(wal).size;
    truncateSync(wal, size - 5);
    writeFileSync(wal, Buffer.concat([readFileSync(wal), Buffer.from('garbage')]));

    const second = await startServerProcess(dataDir);
    const driver2 = driverFor(second.url);
    try {
      expect([...(await storedItems(driver2))].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
      expect(second.stderr()).toMatch(/wal\.log has a .* tail at byte offset \d+; dropping \d+ bytes/);
      // The server carries on writing after the cut.
      await driver2.executeQuery('CREATE (n:Item {i: $i}) RETURN n', { i: neo4j.int(100) });
    } finally {
      await driver2.close();
      await kill9(second);
    }
    const third = await startServerProcess(dataDir);
    const driver3 = driverFor(third.url);
    try {
      expect((await storedItems(driver3)).has(100)).toBe(true);
      expect(third.stderr()).not.toMatch(/dropping/);
    } finally {
      await driver3.close();
      await kill9(third);
    }
  });

  it('refuses to start without a password', async () => {
    const env = { ...process.env };
    delete env['NEO4J_PASSWORD'];
    const child = spawn(process.execPath, ['--import', 'tsx', 'graph/server/cli.ts', '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(stderr).toMatch(/NEO4J_PASSWORD/);
  });

  it('refuses to open a data directory another live server holds', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'graph-locked-'));
    const first = await startServerProcess(dataDir);
    try {
      await expect(startServerProcess(dataDir)).rejects.toThrow(/in use by process/);
    } finally {
      await kill9(first);
    }
  });
});
