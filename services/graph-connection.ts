/**
 * The one way every service reaches its graph: a neo4j-driver Driver. With NEO4J_URI it is whatever that URI
 * points at (Neo4j 5, a Neo4j cluster, or an embedded server started elsewhere); without it the embedded server is
 * started in this process, durable in <dataDir>/graph, and the driver connects to it over Bolt like to any Neo4j.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { startGraphServer } from '../graph/server/index.js';
import type { ProductConfig } from './config.js';

export interface GraphConnection {
  driver: Driver;
  uri: string;
  /** 'embedded' when this process runs the graph server. */
  mode: 'embedded' | 'external';
  close(): Promise<void>;
}

/** The embedded server's password: NEO4J_PASSWORD, else one generated on first start and kept (0600) in the data dir. */
async function embeddedPassword(config: ProductConfig, dir: string): Promise<string> {
  if (config.neo4jPassword) return config.neo4jPassword;
  const file = join(dir, 'graph-password');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(24).toString('base64url');
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

export async function connectGraph(config: ProductConfig, options: { inMemory?: boolean } = {}): Promise<GraphConnection> {
  if (config.neo4jUri) {
    if (!config.neo4jPassword) throw new Error('NEO4J_URI is set but NEO4J_PASSWORD is not');
    const driver = neo4j.driver(config.neo4jUri, neo4j.auth.basic(config.neo4jUsername, config.neo4jPassword), { disableLosslessIntegers: false });
    await driver.verifyConnectivity();
    return { driver, uri: config.neo4jUri, mode: 'external', close: () => driver.close() };
  }
  await mkdir(config.dataDir, { recursive: true });
  const password = options.inMemory ? randomBytes(24).toString('base64url') : await embeddedPassword(config, config.dataDir);
  const server = await startGraphServer({
    host: '127.0.0.1',
    port: options.inMemory ? 0 : config.graphPort,
    username: config.neo4jUsername,
    password,
    dataDir: options.inMemory ? null : join(config.dataDir, 'graph'),
  });
  const driver = neo4j.driver(server.url, neo4j.auth.basic(config.neo4jUsername, password));
  return {
    driver,
    uri: server.url,
    mode: 'embedded',
    close: async () => {
      await driver.close();
      await server.close();
    },
  };
}
