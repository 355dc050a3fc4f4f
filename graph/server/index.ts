/**
 * The embedded graph server: the Cypher engine behind a Bolt endpoint, optionally durable.
 *
 *   const server = await startGraphServer({ username: 'neo4j', password: 'secret', port: 0, dataDir: null });
 *   const driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', 'secret'));
 */
import { CypherExecutor } from '../engine/exec/index.js';
import { GraphStore } from '../engine/store/index.js';
import { startServerWithEngine, type GraphServerInternals, type GraphServerOptions, type RunningGraphServer } from './server.js';

export type { GraphServer, GraphServerOptions, GraphServerInternals, RunningGraphServer } from './server.js';

export async function startGraphServer(opts: GraphServerOptions, internals: GraphServerInternals = {}): Promise<RunningGraphServer> {
  const store = new GraphStore();
  return startServerWithEngine(opts, { store, executor: new CypherExecutor(store) }, internals);
}
