/**
 * Wires a graph server together: engine, storage (durable or in memory), transaction manager
 * and Bolt endpoint, and the orderly shutdown (roll back, checkpoint, release the directory).
 */
import { DataDirectory, MemoryCommitLog, type CommitLog, type DataDirectoryOptions } from '../storage/index.js';
import { BoltServer } from './bolt-server.js';
import { TransactionManager, type ServerExecutor, type ServerStore } from './transactions.js';

export interface GraphServerOptions {
  host?: string;
  port?: number;
  username: string;
  password: string;
  /** Directory for the checkpoint and write-ahead log; null or absent = in memory only. */
  dataDir?: string | null;
}

export interface GraphServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface EngineParts {
  store: ServerStore;
  executor: ServerExecutor;
}

export interface GraphServerInternals {
  storage?: DataDirectoryOptions;
  /** Where background problems are reported (default console.error). */
  onError?: (e: Error) => void;
}

export interface RunningGraphServer extends GraphServer {
  manager: TransactionManager;
  commitLog: CommitLog;
}

/** Starts a server around the given engine (index.ts supplies the real one). */
export async function startServerWithEngine(
  opts: GraphServerOptions,
  engine: EngineParts,
  internals: GraphServerInternals = {},
): Promise<RunningGraphServer> {
  if (!opts.username || !opts.password) throw new Error('the graph server needs a username and a password');
  const { store, executor } = engine;
  const commitLog: CommitLog = opts.dataDir ? await DataDirectory.open(opts.dataDir, store, internals.storage) : new MemoryCommitLog();
  const onError = internals.onError ?? ((e: Error) => console.error(`graph server: ${e.message}`));
  const manager = new TransactionManager(store, executor, commitLog, { onBackgroundError: onError });
  const host = opts.host ?? '127.0.0.1';
  const bolt = new BoltServer({ host, port: opts.port ?? 7687, username: opts.username, password: opts.password, manager });
  let port: number;
  try {
    port = await bolt.listen();
  } catch (e) {
    await commitLog.close();
    throw e;
  }
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await bolt.close();
      manager.rollbackAll();
      try {
        // A clean shutdown leaves a fresh checkpoint and an empty log.
        if (opts.dataDir) await manager.checkpoint();
      } finally {
        // Even when the checkpoint failed the log holds every commit: release the directory.
        await commitLog.close();
      }
    })();
    return closing;
  };
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { port, url: `bolt://${urlHost}:${port}`, close, manager, commitLog };
}
