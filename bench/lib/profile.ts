/**
 * In-process CPU profiling through the inspector (what `node --cpu-prof` records, but for one stretch of work):
 * self time summed per layer of the stack (Fastify, neo4j-driver, Bolt server, Cypher engine, ...) and per
 * function, so a report can say where the time of a slow query or a slow endpoint goes.
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time per layer, largest first, with its share of the profiled time. */
  layers: { layer: string; ms: number; percent: number }[];
  /** The functions with the most self time. */
  topFunctions: { fn: string; layer: string; ms: number; percent: number }[];
}

/** Which part of the stack a frame belongs to, from its script URL. */
export function layerOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) {
    if (frame.functionName === '(garbage collector)') return 'GC';
    if (frame.functionName === '(idle)') return 'idle';
    if (frame.functionName === '(program)') return 'V8/native (program)';
    return 'native';
  }
  if (/node_modules\/(neo4j-driver|neo4j-driver-core|neo4j-driver-bolt-connection)\//.test(url)) return 'neo4j-driver';
  if (/node_modules\/(fastify|@fastify|find-my-way|avvio|light-my-request|fast-json-stringify|ajv|pino|fast-querystring|toad-cache|secure-json-parse|fast-uri|json-schema-ref-resolver)/.test(url)) return 'Fastify';
  if (url.includes('node_modules/')) return `other package (${/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? '?'})`;
  if (url.includes('/graph/engine/')) return 'Cypher engine';
  if (url.includes('/graph/server/') || url.includes('/graph/storage/')) return 'Bolt server';
  if (url.includes('/services/api/')) return 'API routes';
  if (url.includes('/services/')) return 'services';
  if (url.includes('/bench/')) return 'bench';
  if (url.startsWith('node:')) return 'Node core (http, net, streams, timers)';
  return 'other';
}

export function summarise(profile: CpuProfile, top = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMicros = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each sample's time is the delta to the next sample (the first delta is from the profile start).
  for (let i = 0; i < samples.length; i++) {
    const next = deltas[i + 1] ?? 0;
    selfMicros.set(samples[i]!, (selfMicros.get(samples[i]!) ?? 0) + next);
  }
  const totalMicros = [...selfMicros.values()].reduce((a, b) => a + b, 0) || 1;
  const layers = new Map<string, number>();
  const functions = new Map<string, { layer: string; micros: number }>();
  for (const [id, micros] of selfMicros) {
    const frame = byId.get(id)!.callFrame;
    const layer = layerOf(frame);
    layers.set(layer, (layers.get(layer) ?? 0) + micros);
    const file = frame.url ? frame.url.replace(/^.*\/(node_modules\/|graph\/|services\/|bench\/)/, '$1') : '';
    const key = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
    const entry = functions.get(key) ?? { layer, micros: 0 };
    entry.micros += micros;
    functions.set(key, entry);
  }
  const pct = (micros: number) => Math.round((micros / totalMicros) * 1000) / 10;
  return {
    totalMs: Math.round(totalMicros / 1000),
    layers: [...layers].sort((a, b) => b[1] - a[1]).map(([layer, micros]) => ({ layer, ms: Math.round(micros / 1000), percent: pct(micros) })),
    topFunctions: [...functions]
      .sort((a, b) => b[1].micros - a[1].micros)
      .slice(0, top)
      .map(([fn, { layer, micros }]) => ({ fn, layer, ms: Math.round(micros / 1000), percent: pct(micros) })),
  };
}

/** Profiles this process while `work` runs; optionally keeps the raw .cpuprofile (open it in Chrome DevTools). */
export async function profileWork<T>(work: () => Promise<T>, options: { file?: string; samplingMicros?: number } = {}): Promise<{ value: T; summary: ProfileSummary }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: options.samplingMicros ?? 500 });
    await session.post('Profiler.start');
    let profile: CpuProfile | undefined;
    const stop = async () => {
      profile ??= ((await session.post('Profiler.stop')) as unknown as { profile: CpuProfile }).profile;
      return profile;
    };
    try {
      const value = await work();
      const recorded = await stop();
      if (options.file) writeFileSync(options.file, JSON.stringify(recorded));
      return { value, summary: summarise(recorded) };
    } finally {
      await stop();
    }
  } finally {
    session.disconnect();
  }
}

export function summaryRows(summary: ProfileSummary, prefix = ''): [string, string][] {
  return [
    [`${prefix}layers (self time)`, summary.layers.filter((l) => l.percent >= 1).map((l) => `${l.layer} ${l.percent}%`).join(', ')],
    ...summary.topFunctions.slice(0, 6).map((f, i): [string, string] => [`${prefix}  #${i + 1}`, `${f.percent}% ${f.fn} [${f.layer}]`]),
  ];
}
