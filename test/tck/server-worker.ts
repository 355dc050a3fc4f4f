/**
 * Worker-thread entry that hosts the embedded graph server for the TCK runner. The engine executes
 * queries synchronously, so a query that never ends would freeze the thread it runs on; hosting the
 * server in a worker keeps the runner's timers alive, and the runner can terminate a stuck worker
 * and start a fresh one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { GraphServerModule } from './server-host.js';

interface WorkerInput {
  modulePath: string;
  username: string;
  password: string;
}

const input = workerData as WorkerInput;
const port = parentPort;
if (!port) throw new Error('server-worker must run in a worker thread');

try {
  const mod = (await import(pathToFileURL(input.modulePath).href)) as GraphServerModule;
  const server = await mod.startGraphServer({
    host: '127.0.0.1',
    port: 0,
    username: input.username,
    password: input.password,
    dataDir: null,
  });
  port.on('message', (message: unknown) => {
    if (message === 'close') {
      server.close().then(
        () => port.postMessage({ type: 'closed' }),
        () => port.postMessage({ type: 'closed' }),
      );
    }
  });
  port.postMessage({ type: 'ready', port: server.port });
} catch (err) {
  port.postMessage({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
