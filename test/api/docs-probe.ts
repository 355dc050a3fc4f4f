/**
 * Run as a plain Node process (not under Jest, whose module runtime cannot load @fastify/static):
 * builds the API, fetches /docs with a key, prints the status and content type of the page and of
 * one of its assets as JSON on stdout.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { buildApp } from '../../services/api/app.js';
import { createApiKey } from '../../services/api/keys.js';

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sap-docs-'));
  const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'pw'));
  const { key } = await createApiKey(dataDir, 'probe', 'reader');
  const app = await buildApp({ driver, config: { dataDir, env: {} } });
  try {
    const page = await app.inject({ url: '/docs/', headers: { authorization: `Bearer ${key}` } });
    const anonymous = await app.inject({ url: '/docs/' });
    const asset = await app.inject({ url: '/docs/static/swagger-ui.css', headers: { authorization: `Bearer ${key}` } });
    const spec = await app.inject({ url: '/docs/json', headers: { authorization: `Bearer ${key}` } });
    process.stdout.write(
      JSON.stringify({
        page: { status: page.statusCode, type: page.headers['content-type'], interactive: page.body.includes('swagger') },
        anonymous: anonymous.statusCode,
        asset: { status: asset.statusCode, type: asset.headers['content-type'] },
        spec: { status: spec.statusCode, paths: Object.keys((JSON.parse(spec.body) as { paths?: object }).paths ?? {}).length },
      }) + '\n',
    );
  } finally {
    await app.close();
    await driver.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
