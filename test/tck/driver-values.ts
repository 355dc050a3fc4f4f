/**
 * Conversions between neo4j-driver values and the runner's TckValue model: results coming back
 * from the server become TckValues to compare; TCK parameters become driver parameters.
 */
import neo4j from 'neo4j-driver';
import type { TckNode, TckRelationship, TckValue } from './tck-value.js';

/** Driver parameters: integers go as bigint (the driver packs them as INTEGER), floats as numbers (FLOAT). */
export type DriverParam = null | boolean | bigint | number | string | DriverParam[] | { [key: string]: DriverParam };

export function toDriverParam(value: TckValue): DriverParam {
  switch (value.kind) {
    case 'null':
      return null;
    case 'boolean':
    case 'integer':
    case 'float':
    case 'string':
      return value.value;
    case 'list':
      return value.items.map(toDriverParam);
    case 'map': {
      const out: { [key: string]: DriverParam } = {};
      for (const [k, v] of Object.entries(value.entries)) out[k] = toDriverParam(v);
      return out;
    }
    default:
      throw new Error(`a ${value.kind} cannot be passed as a query parameter`);
  }
}

/** Anything the driver can return. */
type DriverValue = unknown;

export function fromDriver(value: DriverValue): TckValue {
  if (value === null || value === undefined) return { kind: 'null' };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'bigint') return { kind: 'integer', value };
  // With useBigInt every INTEGER arrives as bigint, so a JS number is always a FLOAT.
  if (typeof value === 'number') return { kind: 'float', value };
  if (typeof value === 'string') return { kind: 'string', value };
  if (neo4j.isInt(value)) return { kind: 'integer', value: BigInt(value.toString()) };
  if (Array.isArray(value)) return { kind: 'list', items: value.map(fromDriver) };
  if (neo4j.isNode(value)) return nodeFromDriver(value);
  if (neo4j.isRelationship(value)) return relationshipFromDriver(value);
  if (neo4j.isPath(value)) {
    const links = value.segments.map((segment) => ({
      relationship: relationshipFromDriver(segment.relationship),
      forward: segment.relationship.startNodeElementId === segment.start.elementId,
      node: nodeFromDriver(segment.end),
    }));
    return { kind: 'path', start: nodeFromDriver(value.start), links };
  }
  const temporal = formatTemporal(value);
  if (temporal !== null) return { kind: 'string', value: temporal };
  if (neo4j.isPoint(value)) return { kind: 'string', value: value.toString() };
  if (value instanceof Uint8Array) return { kind: 'list', items: [...value].map((b) => ({ kind: 'integer', value: BigInt(b) })) };
  if (typeof value === 'object') {
    const entries: Record<string, TckValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) entries[k] = fromDriver(v);
    return { kind: 'map', entries };
  }
  throw new Error(`unsupported driver value ${String(value)}`);
}

function propertiesFromDriver(props: Record<string, unknown>): Record<string, TckValue> {
  const out: Record<string, TckValue> = {};
  for (const [k, v] of Object.entries(props)) out[k] = fromDriver(v);
  return out;
}

function nodeFromDriver(node: { labels: string[]; properties: Record<string, unknown> }): TckNode {
  return { kind: 'node', labels: [...node.labels], properties: propertiesFromDriver(node.properties) };
}

function relationshipFromDriver(rel: { type: string; properties: Record<string, unknown> }): TckRelationship {
  return { kind: 'relationship', type: rel.type, properties: propertiesFromDriver(rel.properties) };
}

// ------------------------------------------------------------------------------------------
// Temporal values: the TCK writes them as strings in Neo4j's (java.time) notation, so they are
// rendered the way Neo4j's toString renders them before comparison.
// ------------------------------------------------------------------------------------------
const num = (v: unknown): number => Number(v as number);
const pad = (n: number, width: number): string => String(Math.abs(n)).padStart(width, '0');

function formatDate(year: number, month: number, day: number): string {
  const y = year > 9999 ? `+${year}` : year < 0 ? `-${pad(year, 4)}` : pad(year, 4);
  return `${y}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** java.time drops zero seconds and prints fractions in groups of 3 digits. */
function formatLocalTime(hour: number, minute: number, second: number, nanosecond: number): string {
  let text = `${pad(hour, 2)}:${pad(minute, 2)}`;
  if (second !== 0 || nanosecond !== 0) {
    text += `:${pad(second, 2)}`;
    if (nanosecond !== 0) text += `.${fractionDigits(nanosecond)}`;
  }
  return text;
}

function fractionDigits(nanosecond: number): string {
  const nine = pad(nanosecond, 9);
  if (nanosecond % 1_000_000 === 0) return nine.slice(0, 3);
  if (nanosecond % 1_000 === 0) return nine.slice(0, 6);
  return nine;
}

function formatOffset(seconds: number): string {
  if (seconds === 0) return 'Z';
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const hh = Math.floor(abs / 3600);
  const mm = Math.floor((abs % 3600) / 60);
  const ss = abs % 60;
  return `${sign}${pad(hh, 2)}:${pad(mm, 2)}${ss ? `:${pad(ss, 2)}` : ''}`;
}

/** Seconds as a bigint: a duration's seconds may exceed a double's integers. */
function formatDuration(months: number, days: number, seconds: bigint, nanoseconds: number): string {
  const years = Math.trunc(months / 12);
  const restMonths = months % 12;
  // Seconds and nanoseconds share a sign in Neo4j's rendering.
  let totalNanos = seconds * 1_000_000_000n + BigInt(nanoseconds);
  const negative = totalNanos < 0n;
  if (negative) totalNanos = -totalNanos;
  const wholeSeconds = totalNanos / 1_000_000_000n;
  const nanos = Number(totalNanos % 1_000_000_000n);
  const hours = wholeSeconds / 3600n;
  const minutes = (wholeSeconds % 3600n) / 60n;
  const secs = wholeSeconds % 60n;
  const sign = negative ? '-' : '';
  let text = 'P';
  if (years) text += `${years}Y`;
  if (restMonths) text += `${restMonths}M`;
  if (days) text += `${days}D`;
  let time = '';
  if (hours) time += `${sign}${hours}H`;
  if (minutes) time += `${sign}${minutes}M`;
  if (secs || nanos) {
    const frac = nanos ? `.${pad(nanos, 9).replace(/0+$/, '')}` : '';
    time += `${sign}${secs}${frac}S`;
  }
  if (time) text += `T${time}`;
  return text === 'P' ? 'PT0S' : text;
}

function formatTemporal(value: unknown): string | null {
  const v = value as Record<string, unknown>;
  if (neo4j.isDate(value)) return formatDate(num(v.year), num(v.month), num(v.day));
  if (neo4j.isLocalTime(value)) return formatLocalTime(num(v.hour), num(v.minute), num(v.second), num(v.nanosecond));
  if (neo4j.isTime(value)) {
    return formatLocalTime(num(v.hour), num(v.minute), num(v.second), num(v.nanosecond)) + formatOffset(num(v.timeZoneOffsetSeconds));
  }
  if (neo4j.isLocalDateTime(value)) {
    return `${formatDate(num(v.year), num(v.month), num(v.day))}T${formatLocalTime(num(v.hour), num(v.minute), num(v.second), num(v.nanosecond))}`;
  }
  if (neo4j.isDateTime(value)) {
    const base = `${formatDate(num(v.year), num(v.month), num(v.day))}T${formatLocalTime(num(v.hour), num(v.minute), num(v.second), num(v.nanosecond))}`;
    const offset = v.timeZoneOffsetSeconds === undefined || v.timeZoneOffsetSeconds === null ? '' : formatOffset(num(v.timeZoneOffsetSeconds));
    const zone = typeof v.timeZoneId === 'string' && v.timeZoneId ? `[${v.timeZoneId}]` : '';
    return base + offset + zone;
  }
  if (neo4j.isDuration(value)) return formatDuration(num(v.months), num(v.days), BigInt(String(v.seconds)), num(v.nanoseconds));
  return null;
}
