/**
 * The API bench's load generator, run as a separate process (child_process.fork) so that its CPU is not the API's:
 * N concurrent keep-alive connections (node:http Agent), each sending the next request as soon as the previous
 * answer is read, for a warm-up and then a fixed measured duration. Driven by the parent over IPC: it sends one
 * `LoadCommand` per endpoint and gets back `measuring` when the warm-up ends and `done` with the figures.
 */
import { Agent, request } from 'node:http';

export interface LoadEndpoint {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface LoadCommand {
  kind: 'run';
  base: string;
  key: string;
  endpoint: LoadEndpoint;
  connections: number;
  warmupMs: number;
  durationMs: number;
}

export interface LoadResult {
  endpoint: string;
  /** Requests sent during the measured window (their latencies make the percentiles). */
  requests: number;
  /** Answers received within the measured window (what requests/s counts). */
  completed: number;
  errors: number;
  statuses: Record<string, number>;
  durationMs: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  bytesPerResponse: number;
  /** CPU the load generator itself used while measuring (it shares the machine with the API). */
  generatorCpuMs: number;
}

export type LoadMessage = { kind: 'measuring' } | { kind: 'done'; result: LoadResult } | { kind: 'error'; message: string };

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number) => Math.round(n * 100) / 100;

async function run(command: LoadCommand): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: command.connections });
  const url = new URL(command.endpoint.path, command.base);
  const headers: Record<string, string> = { authorization: `Bearer ${command.key}`, accept: 'application/json' };
  if (command.endpoint.body !== undefined) headers['content-type'] = 'application/json';

  const once = () =>
    new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const req = request(url, { method: command.endpoint.method, agent, headers }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(command.endpoint.body);
    });

  // Closed loop: every connection sends its next request when the previous answer is read. Latencies are those of the
  // requests sent during the measured window (waited for even when they end after it, so slow endpoints still show);
  // throughput counts the answers received within the window.
  let windowStart = Infinity;
  let windowEnd = Infinity;
  let stop = false;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let bytes = 0;
  let completedInWindow = 0;
  const worker = async () => {
    while (!stop) {
      const started = performance.now();
      const inWindow = started >= windowStart && started < windowEnd;
      try {
        const { status, bytes: size } = await once();
        const ended = performance.now();
        if (inWindow) {
          latencies.push(ended - started);
          statuses[status] = (statuses[status] ?? 0) + 1;
          bytes += size;
          if (status >= 400) errors++;
        }
        if (ended >= windowStart && ended < windowEnd) completedInWindow++;
      } catch {
        if (inWindow) errors++;
      }
    }
  };
  const workers = Array.from({ length: command.connections }, worker);
  await new Promise((resolve) => setTimeout(resolve, command.warmupMs));
  process.send?.({ kind: 'measuring' } satisfies LoadMessage);
  const cpu = process.cpuUsage();
  windowStart = performance.now();
  windowEnd = windowStart + command.durationMs;
  await new Promise((resolve) => setTimeout(resolve, command.durationMs));
  stop = true;
  const durationMs = performance.now() - windowStart;
  await Promise.all(workers);
  const used = process.cpuUsage(cpu);
  agent.destroy();

  const sorted = Float64Array.from(latencies).sort();
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  return {
    endpoint: command.endpoint.name,
    requests: latencies.length,
    completed: completedInWindow,
    errors,
    statuses,
    durationMs: round(durationMs),
    requestsPerSecond: round(completedInWindow / (Math.min(durationMs, command.durationMs) / 1000)),
    latencyMs: { mean: round(mean), p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? 0) },
    bytesPerResponse: Math.round(bytes / Math.max(1, latencies.length)),
    generatorCpuMs: round((used.user + used.system) / 1000),
  };
}

process.on('message', (message: LoadCommand | { kind: 'exit' }) => {
  if (message.kind === 'exit') {
    process.disconnect?.();
    return;
  }
  run(message).then(
    (result) => process.send?.({ kind: 'done', result } satisfies LoadMessage),
    (error: unknown) => process.send?.({ kind: 'error', message: String(error) } satisfies LoadMessage),
  );
});
