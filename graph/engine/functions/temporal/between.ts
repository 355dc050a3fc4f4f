/**
 * duration.between / inMonths / inDays / inSeconds, with Neo4j's rules for mixed arguments: a
 * missing time is midnight, a missing date is the other value's date, a missing zone is the
 * other value's zone; zoned values are compared in the first value's zone. Months count whole
 * calendar months (java.time's until), days whole days, the rest exactly in nanoseconds.
 */
import {
  DateTimeValue,
  DateValue,
  LocalDateTimeValue,
  LocalTimeValue,
  TimeValue,
  type DurationValue,
  type TemporalValue,
} from '../../values.js';
import { ymdOf, NANOS_PER_DAY, floorDiv, floorMod } from './calendar.js';
import { durationOf, type Zone } from './core.js';
import { plusMonths } from './arithmetic.js';
import { resolveLocal, zoneOffsetAt } from './zones.js';

/** A temporal as optional parts. */
interface Parts {
  day: number | null;
  nano: number | null;
  zone: Zone | null;
  /** Offset in force (known for zoned values once a date is known). */
  offset: number | null;
}

function partsOf(v: TemporalValue): Parts {
  if (v instanceof DateValue) return { day: v.epochDay, nano: null, zone: null, offset: null };
  if (v instanceof LocalTimeValue) return { day: null, nano: v.nanoOfDay, zone: null, offset: null };
  if (v instanceof TimeValue) return { day: null, nano: v.nanoOfDay, zone: { offset: v.offsetSec, id: null }, offset: v.offsetSec };
  if (v instanceof LocalDateTimeValue) return { day: v.epochDay, nano: v.nanoOfDay, zone: null, offset: null };
  const d = v as DateTimeValue;
  return {
    day: d.epochDay,
    nano: d.nanoOfDay,
    zone: d.zoneId === null ? { offset: d.offsetSec, id: null } : { offset: null, id: d.zoneId },
    offset: d.offsetSec,
  };
}

function offsetIn(zone: Zone, day: number | null, nano: number): number {
  if (zone.id === null) return zone.offset;
  if (day === null) return zoneOffsetAt(zone.id, Math.floor(Date.now() / 1000));
  return resolveLocal(zone.id, day * 86400 + Math.floor(nano / 1e9)).offset;
}

/** Fills in what one side lacks from the other (TemporalValue.until's attach rules). */
function align(a: Parts, b: Parts, timeBased: boolean): [Parts, Parts] {
  const x = { ...a };
  const y = { ...b };
  if (timeBased) {
    x.nano ??= 0;
    y.nano ??= 0;
  } else if (x.nano !== null && y.nano === null) y.nano = 0;
  else if (y.nano !== null && x.nano === null) x.nano = 0;
  if (x.day !== null && y.day === null) y.day = x.day;
  else if (y.day !== null && x.day === null) x.day = y.day;
  if (x.zone !== null && y.zone === null) {
    y.zone = x.zone;
    y.offset = offsetIn(x.zone, y.day, y.nano ?? 0);
  } else if (y.zone !== null && x.zone === null) {
    x.zone = y.zone;
    x.offset = offsetIn(y.zone, x.day, x.nano ?? 0);
  }
  return [x, y];
}

const BIG_DAY = BigInt(NANOS_PER_DAY);

/** Nanoseconds since the epoch (UTC when zoned, else local), exact. */
function totalNanos(p: Parts): bigint {
  return BigInt(p.day ?? 0) * BIG_DAY + BigInt(p.nano ?? 0) - BigInt(p.offset ?? 0) * 1_000_000_000n;
}

/** `to` seen in `from`'s zone (same instant), for date-based units. */
function inZoneOf(from: Parts, to: Parts): Parts {
  if (from.zone === null || to.offset === null || from.day === null) return to;
  const instant = totalNanos(to);
  let offset = from.zone.id === null ? from.zone.offset : zoneOffsetAt(from.zone.id, Number(instant / 1_000_000_000n));
  const local = instant + BigInt(offset) * 1_000_000_000n;
  let day = local / BIG_DAY;
  let nano = local % BIG_DAY;
  if (nano < 0n) {
    nano += BIG_DAY;
    day -= 1n;
  }
  offset = offset + 0;
  return { day: Number(day), nano: Number(nano), zone: from.zone, offset };
}

function prolepticMonth(day: number): { pm: number; dom: number } {
  const { year, month, day: dom } = ymdOf(day);
  return { pm: year * 12 + month - 1, dom };
}

/** java.time's LocalDate.until in MONTHS. */
function monthsBetweenDates(a: number, b: number): number {
  const x = prolepticMonth(a);
  const y = prolepticMonth(b);
  return Math.trunc((y.pm * 32 + y.dom - (x.pm * 32 + x.dom)) / 32);
}

/** Whole months or days from `from` to `to` (LocalDateTime.until: the time of day can hold the last one back). */
function dateUntil(from: Parts, toIn: Parts, unit: 'months' | 'days'): number {
  const to = inZoneOf(from, toIn);
  const startDay = from.day!;
  let endDay = to.day!;
  if (from.nano !== null && to.nano !== null) {
    if (endDay > startDay && to.nano < from.nano) endDay--;
    else if (endDay < startDay && to.nano > from.nano) endDay++;
  }
  return unit === 'days' ? endDay - startDay : monthsBetweenDates(startDay, endDay);
}

function untilNanos(from: Parts, to: Parts): bigint {
  return totalNanos(to) - totalNanos(from);
}

function plusOnParts(p: Parts, months: number, days: number): Parts {
  const day = plusMonths(p.day!, months) + days;
  if (p.zone === null || p.zone.id === null) return { ...p, day };
  const r = resolveLocal(p.zone.id, day * 86400 + Math.floor((p.nano ?? 0) / 1e9));
  const shifted = (p.nano ?? 0) + r.shift * 1e9;
  return {
    ...p,
    day: day + floorDiv(shifted, NANOS_PER_DAY),
    nano: p.nano === null ? null : floorMod(shifted, NANOS_PER_DAY),
    offset: r.offset,
  };
}

function nanosDuration(n: bigint): DurationValue {
  return durationOf(0, 0, n / 1_000_000_000n, Number(n % 1_000_000_000n));
}

export function durationBetween(a: TemporalValue, b: TemporalValue): DurationValue {
  let from = partsOf(a);
  const to = partsOf(b);
  let months = 0;
  let days = 0;
  if (from.day !== null && to.day !== null) {
    months = dateUntil(...align(from, to, false), 'months');
    from = plusOnParts(from, months, 0);
    days = dateUntil(...align(from, to, false), 'days');
    from = plusOnParts(from, 0, days);
  }
  const n = untilNanos(...align(from, to, true));
  const d = nanosDuration(n);
  return durationOf(months, days, d.secondsPart, d.nanosPart);
}

export function monthsBetween(a: TemporalValue, b: TemporalValue): DurationValue {
  const [x, y] = align(partsOf(a), partsOf(b), false);
  if (x.day === null) return durationOf(0, 0, 0n, 0);
  return durationOf(dateUntil(x, y, 'months'), 0, 0n, 0);
}

export function daysBetween(a: TemporalValue, b: TemporalValue): DurationValue {
  const [x, y] = align(partsOf(a), partsOf(b), false);
  if (x.day === null) return durationOf(0, 0, 0n, 0);
  return durationOf(0, dateUntil(x, y, 'days'), 0n, 0);
}

export function secondsBetween(a: TemporalValue, b: TemporalValue): DurationValue {
  return nanosDuration(untilNanos(...align(partsOf(a), partsOf(b), true)));
}
