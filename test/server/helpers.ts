/**
 * Shared set-up for the Bolt server tests: a server with the real engine on a free port, and a driver for it.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { startGraphServer, type GraphServerInternals, type RunningGraphServer } from '../../graph/server/index.js';

export const USER = 'neo4j';
export const PASSWORD = 'test-password';

export async function startTestServer(dataDir: string | null = null, internals: GraphServerInternals = {}): Promise<RunningGraphServer> {
  return startGraphServer({ port: 0, username: USER, password: PASSWORD, dataDir }, { onError: () => {}, ...internals });
}

export function driverFor(server: { url: string }, config: Parameters<typeof neo4j.driver>[2] = {}): Driver {
  return neo4j.driver(server.url, neo4j.auth.basic(USER, PASSWORD), { logging: undefined, ...config });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
