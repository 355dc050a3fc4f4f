/**
 * Every kind of change the engine makes survives through the log (a copy of the data directory
 * taken while the server runs, i.e. without a checkpoint) and through a clean shutdown.
 */
import { describe, it, expect } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import type { Mutation } from '../../graph/engine/api.js';
import { driverFor, startTestServer } from '../server/helpers.js';
import type { RunningGraphServer } from '../../graph/server/server.js';

function stateOf(server: RunningGraphServer): Mutation[] {
  const key = (m: Mutation) => JSON.stringify(m, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  return server.manager.store.dump().sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

function copyDataDir(from: string): string {
  const to = mkdtempSync(join(tmpdir(), 'graph-copy-'));
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) if (f !== 'LOCK') copyFileSync(join(from, f), join(to, f));
  return to;
}

describe('durable server', () => {
  it('replays nodes, relationships, property and label changes, deletes and schema exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graph-durable-'));
    const server = await startTestServer(dir);
    const driver = driverFor(server);
    const q = (text: string, params: Record<string, unknown> = {}) => driver.executeQuery(text, params);
    await q('CREATE INDEX item_i IF NOT EXISTS FOR (n:Item) ON (n.i)');
    await q('CREATE CONSTRAINT item_key FOR (n:Item) REQUIRE n.key IS UNIQUE');
    await q('UNWIND range(1, 20) AS i CREATE (n:Item {i: i, key: "k" + toString(i), f: i * 1.0, neg: -0.0, list: [i, i + 1]})');
    await q('MATCH (a:Item), (b:Item) WHERE b.i = a.i + 1 CREATE (a)-[:NEXT {w: a.i * 0.5}]->(b)');
    await q('MATCH (n:Item) WHERE n.i % 3 = 0 SET n:Third, n.flag = true REMOVE n.list');
    await q('MATCH (n:Item {i: 5}) DETACH DELETE n');
    await q('MATCH ()-[r:NEXT]->() WHERE r.w > 8.0 DELETE r');
    await q('MATCH (n:Item {i: 7}) SET n = {i: 7, key: "seven", big: $big}', { big: neo4j.int('9007199254740993') });
    await q('MATCH (n:Item {i: 8}) REMOVE n:Item SET n:Former');
    const live = stateOf(server);
    expect(live.length).toBeGreaterThan(30);

    // A copy taken now holds no checkpoint, only the log: recovery replays it.
    const copy = copyDataDir(dir);
    const fromLog = await startTestServer(copy);
    try {
      expect(stateOf(fromLog)).toEqual(live);
      const d2 = driverFor(fromLog);
      const r = await d2.executeQuery('MATCH (n:Item {i: 7}) RETURN n.big AS big, n.key AS key');
      expect(r.records[0]!.get('big')).toEqual(neo4j.int('9007199254740993'));
      // The recovered unique constraint is enforced.
      await expect(d2.executeQuery('CREATE (:Item {key: "k1"})')).rejects.toMatchObject({
        code: 'Neo.ClientError.Schema.ConstraintValidationFailed',
      });
      await d2.close();
    } finally {
      await fromLog.close();
    }

    await driver.close();
    await server.close(); // checkpoint
    const again = await startTestServer(dir);
    try {
      expect(stateOf(again)).toEqual(live);
    } finally {
      await again.close();
    }
  });
});
