/**
 * Group commit through the whole server: many sessions committing at once share fdatasyncs,
 * a single session pays one per commit. Prints the commit rates measured.
 */
import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { DataDirectory } from '../../graph/storage/index.js';
import { driverFor, startTestServer } from '../server/helpers.js';
import type { RunningGraphServer } from '../../graph/server/server.js';

const servers: RunningGraphServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('group commit', () => {
  it('shares fdatasyncs between concurrent sessions and keeps every commit', async () => {
    const server = await startTestServer(mkdtempSync(join(tmpdir(), 'graph-group-')));
    servers.push(server);
    const log = server.commitLog as DataDirectory;
    const driver = driverFor(server);
    try {
      const single = driver.session();
      let syncs = log.syncCount;
      let started = performance.now();
      for (let i = 0; i < 100; i++) await single.run('CREATE (n:Item {i: $i})', { i: neo4j.int(i) });
      const singleMs = performance.now() - started;
      await single.close();
      expect(log.syncCount - syncs).toBe(100); // nobody to share with

      const sessions = 50;
      const perSession = 10;
      syncs = log.syncCount;
      started = performance.now();
      await Promise.all(
        Array.from({ length: sessions }, async (_, s) => {
          const session = driver.session();
          try {
            for (let i = 0; i < perSession; i++) {
              await session.run('CREATE (n:Item {i: $i})', { i: neo4j.int(1000 + s * perSession + i) });
            }
          } finally {
            await session.close();
          }
        }),
      );
      const concurrentMs = performance.now() - started;
      const concurrentSyncs = log.syncCount - syncs;
      expect(concurrentSyncs).toBeLessThan((sessions * perSession) / 4);
      const { records } = await driver.executeQuery('MATCH (n:Item) RETURN count(n) AS c');
      expect(records[0]!.get('c')).toEqual(neo4j.int(100 + sessions * perSession));
      console.log(
        `commit rate: single session ${((100 / singleMs) * 1000).toFixed(0)}/s; ` +
          `${sessions} sessions ${(((sessions * perSession) / concurrentMs) * 1000).toFixed(0)}/s ` +
          `(${sessions * perSession} commits, ${concurrentSyncs} fdatasyncs)`,
      );
    } finally {
      await driver.close();
    }
  });

  it('checkpoints when the log outgrows its limit and recovers from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graph-autockpt-'));
    const server = await startTestServer(dir, { storage: { checkpointBytes: 4096 } });
    const driver = driverFor(server);
    try {
      for (let i = 0; i < 60; i++) await driver.executeQuery('CREATE (n:Item {i: $i, pad: $pad})', { i: neo4j.int(i), pad: 'x'.repeat(100) });
      expect((server.commitLog as DataDirectory).logBytes).toBeLessThan(4096 + 400);
    } finally {
      await driver.close();
      await server.close();
    }
    const again = await startTestServer(dir);
    servers.push(again);
    const driver2 = driverFor(again);
    try {
      const { records } = await driver2.executeQuery('MATCH (n:Item) RETURN count(n) AS c, sum(n.i) AS s');
      expect(records[0]!.get('c')).toEqual(neo4j.int(60));
      expect(records[0]!.get('s')).toEqual(neo4j.int((59 * 60) / 2));
    } finally {
      await driver2.close();
    }
  });
});
