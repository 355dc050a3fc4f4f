/**
 * Test harness: the real embedded graph server (Bolt over localhost), one neo4j-driver Driver, a
 * temporary data dir with a reader and an admin key, and the API listening on a free port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import type { FastifyInstance } from 'fastify';
import { startGraphServer } from '../../graph/server/index.js';
import { buildApp } from '../../services/api/app.js';
import type { ApiConfig } from '../../services/api/config.js';
import { createApiKey } from '../../services/api/keys.js';

export interface Harness {
  app: FastifyInstance;
  driver: Driver;
  base: string;
  dataDir: string;
  readerKey: string;
  adminKey: string;
  /** fetch against the API with a key (reader by default; null = no credential). */
  call(path: string, init?: RequestInit & { key?: string | null; json?: unknown }): Promise<Response>;
  cypher(query: string, params?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(config: Partial<ApiConfig> = {}): Promise<Harness> {
  const server = await startGraphServer({ port: 0, username: 'neo4j', password: 'pw', dataDir: null });
  const driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', 'pw'), { disableLosslessIntegers: false });
  const dataDir = await mkdtemp(join(tmpdir(), 'sap-api-'));
  const reader = await createApiKey(dataDir, 'test reader', 'reader');
  const admin = await createApiKey(dataDir, 'test admin', 'admin');
  const app = await buildApp({ driver, config: { dataDir, env: {}, ...config } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  return {
    app,
    driver,
    base,
    dataDir,
    readerKey: reader.key,
    adminKey: admin.key,
    call(path, init = {}) {
      const { key = reader.key, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (key !== null) headers.set('authorization', `Bearer ${key}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(base + path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    async cypher(query, params = {}) {
      const session = driver.session();
      try {
        await session.run(query, params);
      } finally {
        await session.close();
      }
    },
    async close() {
      await app.close();
      await driver.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Asserts an RFC 9457 problem response and returns its body. */
export async function problemOf(response: Response): Promise<Record<string, unknown>> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) throw new Error(`expected problem+json, got ${type}: ${await response.text()}`);
  const body = (await response.json()) as Record<string, unknown>;
  for (const field of ['type', 'title', 'status', 'detail', 'instance']) {
    if (!(field in body)) throw new Error(`problem lacks ${field}: ${JSON.stringify(body)}`);
  }
  if (body.status !== response.status) throw new Error(`problem status ${String(body.status)} != ${response.status}`);
  if (JSON.stringify(body).includes('    at ')) throw new Error('problem leaks a stack trace');
  return body;
}
