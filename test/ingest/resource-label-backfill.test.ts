import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import neo4j, { type Driver } from 'neo4j-driver';
import { startGraphServer, type RunningGraphServer } from '../../graph/server/index.js';
import { ensureSchema } from '../../services/ingest/load.js';

describe('ensureSchema on a graph written before :Resource existed', () => {
  let server: RunningGraphServer;
  let driver: Driver;
  beforeAll(async () => {
    server = await startGraphServer({ port: 0, username: 'neo4j', password: 'pw', dataDir: null });
    driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', 'pw'));
  });
  afterAll(async () => {
    await driver.close();
    await server.close();
  });

  it('labels every scoped node :Resource and leaves bookkeeping nodes alone', async () => {
    const session = driver.session();
    try {
      await session.run("UNWIND range(1, 7) AS i CREATE (:EcsService {id: 'svc-' + i}) CREATE (:ContainerApp {id: '/app/' + i})");
      await session.run("CREATE (:ScanRun {id: 'scan-1'})");
      expect(await ensureSchema(driver)).toEqual([]);
      const counts = await session.run('MATCH (n:Resource) RETURN count(n) AS labelled');
      expect(Number(counts.records[0]?.get('labelled'))).toBe(14);
      const run = await session.run("MATCH (s:ScanRun {id: 'scan-1'}) RETURN s:Resource AS labelled");
      expect(run.records[0]?.get('labelled')).toBe(false);
      const found = await session.run("MATCH (r:Resource {id: 'svc-3'}) RETURN labels(r) AS labels");
      expect((found.records[0]?.get('labels') as string[]).sort()).toEqual(['EcsService', 'Resource']);
    } finally {
      await session.close();
    }
  });
});
