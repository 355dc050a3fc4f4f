/**
 * Issue 3's acceptance: a scan of the sample estate, a replay of a recorded snapshot, and a scan against the served
 * responses (the real SDK clients answered at the edge) all produce the same graph.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { startGraphServer } from '../../graph/server/index.js';
import { collectAwsAccount } from '../../services/ingest/aws/live.js';
import { collectAzureTenant } from '../../services/ingest/azure/live.js';
import { ingestSnapshotDirectory, ingestSnapshotFiles } from '../../services/ingest/ingest.js';
import { readSnapshot, writeSnapshot, type SnapshotFiles } from '../../services/ingest/snapshot/files.js';
import { SAMPLE_ESTATE_DIR } from '../../services/scan/run-scan.js';
import { FakeAws } from './live/fake-aws.js';
import { FakeAzure, fakeCredential } from './live/fake-azure.js';

type Row = Record<string, unknown>;
const BOOKKEEPING = new Set(['ScanRun', 'ScopeStatus']);

/** Everything in the graph but the per-run bookkeeping, as sorted lines. */
async function graphOf(load: (driver: neo4j.Driver) => Promise<unknown>): Promise<string[]> {
  const server = await startGraphServer({ port: 0, username: 'neo4j', password: 'pw', dataDir: null });
  const driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', 'pw'));
  try {
    await load(driver);
    const session = driver.session();
    try {
      const strip = (props: Row) => JSON.stringify(Object.fromEntries(Object.entries(props).filter(([k]) => k !== 'scanId').sort(([a], [b]) => a.localeCompare(b))));
      const nodes = await session.run('MATCH (n) RETURN labels(n) AS labels, properties(n) AS props');
      const rels = await session.run('MATCH (a)-[r]->(b) RETURN labels(a)[0] AS from, a.id AS a, type(r) AS type, labels(b)[0] AS to, b.id AS b, properties(r) AS props');
      return [
        ...nodes.records
          .filter((r) => !(r.get('labels') as string[]).some((l) => BOOKKEEPING.has(l)))
          .map((r) => `${(r.get('labels') as string[]).sort().join(':')} ${strip(r.get('props') as Row)}`),
        ...rels.records
          .filter((r) => !BOOKKEEPING.has(r.get('from') as string) && !BOOKKEEPING.has(r.get('to') as string))
          .map((r) => `${r.get('a')} -${r.get('type')}-> ${r.get('b')} ${strip(r.get('props') as Row)}`),
      ].sort();
    } finally {
      await session.close();
    }
  } finally {
    await driver.close();
    await server.close();
  }
}

describe('one graph, three ways in', () => {
  let sample: SnapshotFiles;
  let live: SnapshotFiles;
  let azure: FakeAzure;

  beforeAll(async () => {
    sample = (await readSnapshot(SAMPLE_ESTATE_DIR)).files;
    const aws = await collectAwsAccount({ clientFactory: FakeAws.fromSnapshot(sample).clientFactory(), regions: ['eu-west-1'], homeRegion: 'eu-west-1' });
    expect(aws.problems).toEqual([]);
    const tenantDir = [...sample.keys()].find((p) => p.startsWith('azure/') && p.endsWith('/resources.json'))!;
    const base = tenantDir.slice(0, -'resources.json'.length);
    azure = new FakeAzure(
      {
        resources: sample.get(`${base}resources.json`) as Row[],
        authorizationresources: sample.get(`${base}authorizationresources.json`) as Row[],
        resourcecontainers: sample.get(`${base}resourcecontainers.json`) as Row[],
      },
      sample.get(`${base}authconfigs.json`) as Row[],
    );
    await azure.start();
    const az = await collectAzureTenant({ credential: fakeCredential(), endpoint: azure.armUrl, graphEndpoint: azure.graphUrl, tlsCa: azure.certificate, sleep: async () => {} });
    expect(az.problems).toEqual([]);
    live = new Map([...aws.files, ...az.files]);
    // Scanner reports are not cloud API responses: a live scan takes them from the same files.
    for (const [path, body] of sample) if (path.startsWith('vulnerabilities/')) live.set(path, body);
  });
  afterAll(async () => {
    await azure?.stop();
  });

  it('sample replay, live scan and replay of the recorded live scan give identical graphs', async () => {
    const recorded = await mkdtemp(join(tmpdir(), 'recorded-'));
    await writeSnapshot(recorded, live, { createdAt: new Date().toISOString() });

    const fromSample = await graphOf((driver) => ingestSnapshotDirectory(driver, SAMPLE_ESTATE_DIR));
    const fromLive = await graphOf((driver) => ingestSnapshotFiles(driver, live, { source: 'live' }));
    const fromRecording = await graphOf((driver) => ingestSnapshotDirectory(driver, recorded));

    expect(fromSample.length).toBeGreaterThan(200);
    expect(fromLive).toEqual(fromSample);
    expect(fromRecording).toEqual(fromSample);
  });
});
