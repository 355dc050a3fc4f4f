/**
 * Serialises Mutation batches to JSON and back without losing the engine's number distinctions:
 * integers are bigint and floats are number, and JSON alone would turn 1n into 1 (a float on the
 * way back), NaN / Infinity into null and -0 into 0.
 *
 * Only property values need care, and a property value is never a map, so an object in value
 * position is unambiguously a tag: {"i":"<decimal>"} for an integer, {"f":"NaN"|"Infinity"|
 * "-Infinity"|"-0"} for a float JSON cannot spell. Finite floats stay JSON numbers.
 * Temporal values are {"t":"<kind>","v":[fields]} with the value class's own fields (a
 * duration's seconds as a decimal string, since they may exceed a double's integers).
 */
import type { Mutation } from '../engine/api.js';
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  TemporalValue,
  TimeValue,
  type PropertyValue,
} from '../engine/values.js';

type TemporalTag = { t: TemporalValue['kind']; v: (number | string | null)[] };
type EncodedValue = boolean | number | string | { i: string } | { f: string } | TemporalTag | EncodedValue[];

function encodeTemporal(v: TemporalValue): TemporalTag {
  if (v instanceof DateValue) return { t: 'date', v: [v.epochDay] };
  if (v instanceof LocalTimeValue) return { t: 'localtime', v: [v.nanoOfDay] };
  if (v instanceof TimeValue) return { t: 'time', v: [v.nanoOfDay, v.offsetSec] };
  if (v instanceof LocalDateTimeValue) return { t: 'localdatetime', v: [v.epochDay, v.nanoOfDay] };
  if (v instanceof DateTimeValue) return { t: 'datetime', v: [v.epochDay, v.nanoOfDay, v.offsetSec, v.zoneId] };
  const d = v as DurationValue;
  return { t: 'duration', v: [d.monthsPart, d.daysPart, d.secondsPart.toString(), d.nanosPart] };
}

function decodeTemporal(tag: { t: unknown; v: unknown }): TemporalValue | null {
  if (!Array.isArray(tag.v)) return null;
  const f = tag.v as (number | string | null)[];
  const n = (i: number): number => Number(f[i]);
  switch (tag.t) {
    case 'date':
      return new DateValue(n(0));
    case 'localtime':
      return new LocalTimeValue(n(0));
    case 'time':
      return new TimeValue(n(0), n(1));
    case 'localdatetime':
      return new LocalDateTimeValue(n(0), n(1));
    case 'datetime':
      return new DateTimeValue(n(0), n(1), n(2), typeof f[3] === 'string' ? f[3] : null);
    case 'duration':
      return new DurationValue(n(0), n(1), BigInt(String(f[2])), n(3));
    default:
      return null;
  }
}

function encodeValue(v: PropertyValue): EncodedValue {
  switch (typeof v) {
    case 'bigint':
      return { i: v.toString() };
    case 'number':
      if (Number.isNaN(v)) return { f: 'NaN' };
      if (v === Infinity) return { f: 'Infinity' };
      if (v === -Infinity) return { f: '-Infinity' };
      if (Object.is(v, -0)) return { f: '-0' };
      return v;
    case 'boolean':
    case 'string':
      return v;
    default:
      if (Array.isArray(v)) return v.map(encodeValue);
      if (v instanceof TemporalValue) return encodeTemporal(v);
      throw new Error(`cannot encode property value of type ${typeof v}`);
  }
}

function decodeValue(e: unknown): PropertyValue {
  if (typeof e === 'number' || typeof e === 'string' || typeof e === 'boolean') return e;
  if (Array.isArray(e)) return e.map(decodeValue);
  if (e !== null && typeof e === 'object') {
    const tag = e as { i?: unknown; f?: unknown; t?: unknown; v?: unknown };
    if (typeof tag.i === 'string') return BigInt(tag.i);
    if (typeof tag.t === 'string') {
      const temporal = decodeTemporal(tag as { t: unknown; v: unknown });
      if (temporal !== null) return temporal;
    }
    switch (tag.f) {
      case 'NaN':
        return NaN;
      case 'Infinity':
        return Infinity;
      case '-Infinity':
        return -Infinity;
      case '-0':
        return -0;
      default:
        break;
    }
  }
  throw new Error(`malformed encoded property value ${JSON.stringify(e)}`);
}

type Props = Record<string, PropertyValue | null>;

function mapProps(props: Props, fn: (v: PropertyValue) => unknown, nullAllowed: boolean): Record<string, unknown> {
  // A null prototype, so that a property called __proto__ stays an ordinary key.
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(props)) {
    const v = props[key];
    if (v === null || v === undefined) {
      if (!nullAllowed) throw new Error(`null property ${key}`);
      out[key] = null;
    } else out[key] = fn(v);
  }
  return out;
}

function withProps(m: Mutation, fn: (v: PropertyValue) => unknown): Mutation {
  if (!('props' in m)) return m;
  const nullAllowed = m.op === 'setNodeProps' || m.op === 'setRelProps';
  return { ...m, props: mapProps(m.props as Props, fn, nullAllowed) } as Mutation;
}

/** Encodes a committed batch: its sequence number (for idempotent replay) and its mutations. */
export function encodeBatch(seq: number, mutations: readonly Mutation[]): Buffer {
  const encoded = mutations.map((m) => withProps(m, encodeValue as (v: PropertyValue) => unknown));
  return Buffer.from(JSON.stringify({ seq, mutations: encoded }), 'utf8');
}

export function decodeBatch(payload: Buffer): { seq: number; mutations: Mutation[] } {
  const parsed = JSON.parse(payload.toString('utf8')) as { seq?: unknown; mutations?: unknown };
  if (typeof parsed.seq !== 'number' || !Array.isArray(parsed.mutations)) throw new Error('malformed batch');
  const mutations = (parsed.mutations as Mutation[]).map((m) => withProps(m, (v) => decodeValue(v)));
  return { seq: parsed.seq, mutations };
}
