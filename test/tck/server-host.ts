/**
 * Starts the embedded graph server (graph/server/index.ts `startGraphServer`) for the TCK run,
 * either in a worker thread (default: a runaway query can be killed by terminating the worker) or
 * inline on the runner's own thread (`--inline-server`, simpler to debug).
 *
 * The server module is loaded by path at run time, so the runner typechecks and its unit tests run
 * even before the server exists.
 */
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

export interface GraphServerHandle {
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface GraphServerModule {
  startGraphServer(opts: {
    host?: string;
    port?: number;
    username: string;
    password: string;
    dataDir?: string | null;
  }): Promise<GraphServerHandle>;
}

export interface HostedServer {
  url: string;
  username: string;
  password: string;
  /** Stops the server; `force` terminates a worker without waiting for a clean close. */
  stop(force?: boolean): Promise<void>;
}

export type HostingMode = 'worker' | 'inline';

export async function hostGraphServer(modulePath: string, mode: HostingMode): Promise<HostedServer> {
  const username = 'neo4j';
  const password = randomBytes(12).toString('hex');
  if (mode === 'inline') {
    const mod = (await import(pathToFileURL(modulePath).href)) as GraphServerModule;
    const server = await mod.startGraphServer({ host: '127.0.0.1', port: 0, username, password, dataDir: null });
    return {
      url: `bolt://127.0.0.1:${server.port}`,
      username,
      password,
      stop: () => server.close(),
    };
  }
  return hostInWorker(modulePath, username, password);
}

function hostInWorker(modulePath: string, username: string, password: string): Promise<HostedServer> {
  const workerFile = new URL('./server-worker.ts', import.meta.url).href;
  // Workers do not inherit tsx's loader; register it before importing the TypeScript entry.
  // Resolved here, so the worker finds tsx whatever the current directory is.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(workerFile)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { modulePath, username, password } });
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    worker.once('error', onError);
    worker.once('message', (message: { type: string; port?: number; message?: string }) => {
      worker.off('error', onError);
      if (message.type !== 'ready') {
        void worker.terminate();
        reject(new Error(`graph server failed to start: ${message.message ?? message.type}`));
        return;
      }
      // Let a dying worker not take the runner down; a crash shows up as failed queries.
      worker.on('error', () => {});
      resolve({
        url: `bolt://127.0.0.1:${message.port}`,
        username,
        password,
        stop: async (force = false) => {
          if (!force) {
            const closed = new Promise<void>((done) => {
              worker.once('message', () => done());
              worker.once('exit', () => done());
              setTimeout(done, 2000).unref();
            });
            worker.postMessage('close');
            await closed;
          }
          await worker.terminate();
        },
      });
    });
  });
}
