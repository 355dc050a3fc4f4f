/**
 * Building blocks shared by the temporal modules: validated constructors, the instant of a
 * zoned value, duration normalisation, and the errors temporal functions raise.
 */
import type { Position } from '../../ast.js';
import { argumentError } from '../../errors.js';
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  TimeValue,
} from '../../values.js';
import { epochDayOf, floorDiv, floorMod, MAX_YEAR, MIN_YEAR, monthLength, NANOS_PER_DAY } from './calendar.js';
import { parseOffset, resolveLocal, zoneOffsetAt } from './zones.js';

export function temporalError(message: string, pos: Position | null = null): never {
  throw argumentError(message, 'InvalidArgumentValue', pos);
}

export function checkRange(name: string, v: number, min: number, max: number, pos: Position | null = null): number {
  if (!Number.isInteger(v) || v < min || v > max) temporalError(`Invalid value for ${name} (valid values ${min} - ${max}): ${v}`, pos);
  return v;
}

export function dateOf(y: number, m: number, d: number, pos: Position | null = null): DateValue {
  checkRange('Year', y, MIN_YEAR, MAX_YEAR, pos);
  checkRange('MonthOfYear', m, 1, 12, pos);
  checkRange('DayOfMonth', d, 1, monthLength(y, m), pos);
  return new DateValue(epochDayOf(y, m, d));
}

export function nanoOfDayOf(h: number, min: number, s: number, n: number, pos: Position | null = null): number {
  checkRange('HourOfDay', h, 0, 23, pos);
  checkRange('MinuteOfHour', min, 0, 59, pos);
  checkRange('SecondOfMinute', s, 0, 59, pos);
  checkRange('NanoOfSecond', n, 0, 999_999_999, pos);
  return ((h * 60 + min) * 60 + s) * 1e9 + n;
}

/** A zone as written: a fixed offset or a named zone. */
export type Zone = { offset: number; id: null } | { offset: null; id: string };

export function parseZone(text: string, pos: Position | null = null): Zone {
  const off = parseOffset(text);
  if (off !== null) return { offset: off, id: null };
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: text });
  } catch {
    temporalError(`Invalid value for TimeZone: ${text}`, pos);
  }
  return { offset: null, id: text };
}

/** A datetime at a local date-time in a zone (a gap moves the local time forward, as java.time). */
export function zonedAt(epochDay: number, nanoOfDay: number, zone: Zone): DateTimeValue {
  if (zone.id === null) return new DateTimeValue(epochDay, nanoOfDay, zone.offset, null);
  const secOfDay = Math.floor(nanoOfDay / 1e9);
  const { offset, shift } = resolveLocal(zone.id, epochDay * 86400 + secOfDay);
  if (shift === 0) return new DateTimeValue(epochDay, nanoOfDay, offset, zone.id);
  const shifted = nanoOfDay + shift * 1e9;
  return new DateTimeValue(epochDay + floorDiv(shifted, NANOS_PER_DAY), floorMod(shifted, NANOS_PER_DAY), offset, zone.id);
}

/** A datetime at an instant (UTC epoch day + UTC nano of day) seen in a zone. */
export function zonedAtInstant(utcDay: number, utcNano: number, zone: Zone): DateTimeValue {
  const offset = zone.id === null ? zone.offset : zoneOffsetAt(zone.id, utcDay * 86400 + Math.floor(utcNano / 1e9));
  const local = utcNano + offset * 1e9;
  return new DateTimeValue(utcDay + floorDiv(local, NANOS_PER_DAY), floorMod(local, NANOS_PER_DAY), offset, zone.id);
}

export function zoneOfDateTime(v: DateTimeValue): Zone {
  return v.zoneId === null ? { offset: v.offsetSec, id: null } : { offset: null, id: v.zoneId };
}

/** Epoch seconds (bigint, exact) and nano of second of a datetime. */
export function instantOf(v: DateTimeValue): { seconds: bigint; nanos: number } {
  const secOfDay = Math.floor(v.nanoOfDay / 1e9);
  return {
    seconds: BigInt(v.epochDay) * 86400n + BigInt(secOfDay - v.offsetSec),
    nanos: v.nanoOfDay % 1e9,
  };
}

/** UTC-normalised (epochDay, nanoOfDay) of a datetime, for ordering. */
export function utcOf(v: DateTimeValue): { day: number; nano: number } {
  const n = v.nanoOfDay - v.offsetSec * 1e9;
  return { day: v.epochDay + floorDiv(n, NANOS_PER_DAY), nano: floorMod(n, NANOS_PER_DAY) };
}

/** Time of a TimeValue normalised to UTC (may leave 0..day), for ordering. */
export function timeUtcNanos(v: TimeValue): number {
  return v.nanoOfDay - v.offsetSec * 1e9;
}

export function localDateTimeOf(epochDay: number, nanoOfDay: number): LocalDateTimeValue {
  return new LocalDateTimeValue(epochDay, nanoOfDay);
}
export function localTimeOf(nanoOfDay: number): LocalTimeValue {
  return new LocalTimeValue(nanoOfDay);
}

/** A duration with nanoseconds carried into seconds so that 0 <= nanos < 1e9. */
export function durationOf(months: number, days: number, seconds: bigint, nanos: number): DurationValue {
  if (nanos < 0 || nanos >= 1e9) {
    const carry = Math.floor(nanos / 1e9);
    seconds += BigInt(carry);
    nanos -= carry * 1e9;
  }
  return new DurationValue(months + 0, days + 0, seconds, nanos + 0);
}

export const AVG_DAYS_PER_MONTH = 30.436875;
export const AVG_SECONDS_PER_MONTH = 2_629_746;

/**
 * Neo4j's approximation of fractional units: the fraction of a month spills into days (an
 * average month), of a day into seconds, of a second into nanoseconds.
 */
export function approximateDuration(months: number, days: number, seconds: number, nanos: number): DurationValue {
  const m = Math.trunc(months);
  days += (months - m) * AVG_DAYS_PER_MONTH;
  const d = Math.trunc(days);
  seconds += (days - d) * 86400;
  const s = Math.trunc(seconds);
  nanos += (seconds - s) * 1e9;
  return durationOf(m, d, BigInt(s), Math.trunc(nanos)); // Neo4j truncates (a long cast)
}

/** Total nanoseconds of the seconds part of a duration (bigint). */
export function durationNanos(d: DurationValue): bigint {
  return d.secondsPart * 1_000_000_000n + BigInt(d.nanosPart);
}
