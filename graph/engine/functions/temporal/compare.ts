/**
 * Equality, comparison, ORDER BY order and grouping keys of temporal values. Values of
 * different temporal types are never equal and not comparable. Zoned values compare by instant
 * (ties by local time, then zone); equality is java.time's: same local value, offset and zone.
 * Durations are equal when their months, days, seconds and nanoseconds are; `<` on durations is
 * null; ORDER BY orders them by average length (a month counts 2,629,746 seconds).
 */
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  TimeValue,
  type TemporalValue,
} from '../../values.js';
import { AVG_SECONDS_PER_MONTH, timeUtcNanos, utcOf } from './core.js';

function sign(n: number | bigint): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

export function temporalEquals(a: TemporalValue, b: TemporalValue): boolean {
  if (a.kind !== b.kind) return false;
  if (a instanceof DurationValue) {
    const d = b as DurationValue;
    return a.monthsPart === d.monthsPart && a.daysPart === d.daysPart && a.secondsPart === d.secondsPart && a.nanosPart === d.nanosPart;
  }
  return sameKindCompare(a, b) === 0 && zoneText(a) === zoneText(b);
}

function zoneText(v: TemporalValue): string {
  if (v instanceof TimeValue) return String(v.offsetSec);
  if (v instanceof DateTimeValue) return `${v.offsetSec}${v.zoneId ?? ''}`;
  return '';
}

/** `<` and friends: null across types and for durations. */
export function temporalCompare(a: TemporalValue, b: TemporalValue): number | null {
  if (a.kind !== b.kind || a.kind === 'duration') return null;
  return sameKindCompare(a, b);
}

function sameKindCompare(a: TemporalValue, b: TemporalValue): number {
  if (a instanceof DateValue) return sign(a.epochDay - (b as DateValue).epochDay);
  if (a instanceof LocalTimeValue) return sign(a.nanoOfDay - (b as LocalTimeValue).nanoOfDay);
  if (a instanceof TimeValue) {
    const t = b as TimeValue;
    return sign(timeUtcNanos(a) - timeUtcNanos(t)) || sign(a.nanoOfDay - t.nanoOfDay);
  }
  if (a instanceof LocalDateTimeValue) {
    const t = b as LocalDateTimeValue;
    return sign(a.epochDay - t.epochDay) || sign(a.nanoOfDay - t.nanoOfDay);
  }
  if (a instanceof DateTimeValue) {
    const t = b as DateTimeValue;
    const ua = utcOf(a);
    const ub = utcOf(t);
    return sign(ua.day - ub.day) || sign(ua.nano - ub.nano);
  }
  const x = a as DurationValue;
  const y = b as DurationValue;
  const lx = BigInt(x.monthsPart) * BigInt(AVG_SECONDS_PER_MONTH) + BigInt(x.daysPart) * 86400n + x.secondsPart;
  const ly = BigInt(y.monthsPart) * BigInt(AVG_SECONDS_PER_MONTH) + BigInt(y.daysPart) * 86400n + y.secondsPart;
  return sign(lx - ly) || sign(x.nanosPart - y.nanosPart) || sign(x.monthsPart - y.monthsPart) || sign(x.daysPart - y.daysPart);
}

/** ORDER BY ranks among temporal types: DATETIME < LOCAL DATETIME < DATE < TIME < LOCAL TIME < DURATION. */
const KIND_RANK: Record<TemporalValue['kind'], number> = {
  datetime: 0,
  localdatetime: 1,
  date: 2,
  time: 3,
  localtime: 4,
  duration: 5,
};

export function temporalRank(v: TemporalValue): number {
  return KIND_RANK[v.kind];
}

export function temporalOrderCompare(a: TemporalValue, b: TemporalValue): number {
  const r = KIND_RANK[a.kind] - KIND_RANK[b.kind];
  if (r !== 0) return r;
  const c = sameKindCompare(a, b);
  if (c !== 0) return c;
  return zoneText(a) < zoneText(b) ? -1 : zoneText(a) > zoneText(b) ? 1 : 0;
}

/** Grouping key: equal values (temporalEquals) and only they share a key. */
export function temporalKey(v: TemporalValue): string {
  if (v instanceof DateValue) return `@d${v.epochDay}`;
  if (v instanceof LocalTimeValue) return `@t${v.nanoOfDay}`;
  if (v instanceof TimeValue) return `@T${v.nanoOfDay}/${v.offsetSec}`;
  if (v instanceof LocalDateTimeValue) return `@l${v.epochDay}/${v.nanoOfDay}`;
  if (v instanceof DateTimeValue) return `@z${v.epochDay}/${v.nanoOfDay}/${v.offsetSec}/${v.zoneId ?? ''}`;
  const d = v as DurationValue;
  return `@p${d.monthsPart}/${d.daysPart}/${d.secondsPart}/${d.nanosPart}`;
}
