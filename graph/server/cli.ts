/**
 * Runs the embedded graph server:
 *
 *   NEO4J_PASSWORD=secret npm run graph:serve -- --port 7687 --data ./data [--host 127.0.0.1]
 *
 * Credentials come from NEO4J_USERNAME (default neo4j) and NEO4J_PASSWORD (required). Without
 * --data the graph lives in memory only. SIGINT / SIGTERM write a checkpoint and exit.
 */
import { resolve } from 'node:path';
import { startGraphServer } from './index.js';

interface CliOptions {
  host: string;
  port: number;
  dataDir: string | null;
}

function usage(message: string): never {
  console.error(`graph server: ${message}`);
  console.error('usage: graph:serve -- [--port PORT] [--host HOST] [--data DIR]   (NEO4J_USERNAME, NEO4J_PASSWORD from the environment)');
  process.exit(2);
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { host: '127.0.0.1', port: 7687, dataDir: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port must be an integer between 0 and 65535');
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--data':
        options.dataDir = resolve(value());
        break;
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const username = process.env['NEO4J_USERNAME'] || 'neo4j';
  const password = process.env['NEO4J_PASSWORD'];
  if (!password) usage('set NEO4J_PASSWORD (and optionally NEO4J_USERNAME) for the server credentials');
  const server = await startGraphServer({ host: options.host, port: options.port, username, password, dataDir: options.dataDir });
  console.log(`graph server listening on ${server.url} (data: ${options.dataDir ?? 'in memory'})`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`graph server: ${signal}, checkpointing and stopping`);
    server.close().then(
      () => process.exit(0),
      (e: Error) => {
        console.error(`graph server: shutdown failed: ${e.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: Error) => {
  console.error(`graph server: ${e.message}`);
  process.exit(1);
});
