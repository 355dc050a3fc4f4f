/**
 * The temporal constructors: date(), localtime(), time(), localdatetime(), datetime() and
 * duration() from a map (fields, or `date` / `time` / `datetime` base values with fields
 * overriding theirs), from a string, from another temporal (selection), or the current time.
 */
import type { Position } from '../../ast.js';
import { typeError } from '../../errors.js';
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  TimeValue,
  TemporalValue,
  isMap,
  type CypherMap,
  type CypherValue,
} from '../../values.js';
import { typeName } from '../types.js';
import {
  dayOfQuarter,
  epochDayOf,
  epochDayOfWeekDate,
  floorDiv,
  floorMod,
  isLeapYear,
  NANOS_PER_DAY,
  quarterLength,
  quarterOf,
  weekDate,
  weeksInWeekYear,
  ymdOf,
} from './calendar.js';
import {
  approximateDuration,
  checkRange,
  dateOf,
  durationOf,
  nanoOfDayOf,
  parseZone,
  temporalError,
  zonedAt,
  zonedAtInstant,
  zoneOfDateTime,
  type Zone,
} from './core.js';
import { parseDateText, parseDateTimeText, parseDurationText, parseLocalTimeText, parseTimeText } from './parse.js';
import { zoneOffsetAt } from './zones.js';

/** The zone a temporal gets when none is given (Neo4j's default db.temporal.timezone). */
export const DEFAULT_ZONE: Zone = { offset: 0, id: null };

function invalid(fname: string, v: CypherValue, pos: Position | null): never {
  throw typeError(`Invalid input for function '${fname}()': got ${typeName(v)}`, 'InvalidArgumentValue', pos);
}

// ---------------------------------------------------------------------------------------------
// Parts of any temporal
// ---------------------------------------------------------------------------------------------

export function datePartOf(v: CypherValue): number | null {
  if (v instanceof DateValue || v instanceof LocalDateTimeValue || v instanceof DateTimeValue) return v.epochDay;
  return null;
}

interface TimePart {
  nano: number;
  /** The offset the time carries, null for local times. */
  offset: number | null;
  zone: Zone | null;
}

export function timePartOf(v: CypherValue): TimePart | null {
  if (v instanceof LocalTimeValue || v instanceof LocalDateTimeValue) return { nano: v.nanoOfDay, offset: null, zone: null };
  if (v instanceof TimeValue) return { nano: v.nanoOfDay, offset: v.offsetSec, zone: { offset: v.offsetSec, id: null } };
  if (v instanceof DateTimeValue) return { nano: v.nanoOfDay, offset: v.offsetSec, zone: zoneOfDateTime(v) };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Map fields
// ---------------------------------------------------------------------------------------------

const DATE_FIELDS = ['year', 'month', 'day', 'week', 'dayOfWeek', 'ordinalDay', 'quarter', 'dayOfQuarter'];
const TIME_FIELDS = ['hour', 'minute', 'second', 'millisecond', 'microsecond', 'nanosecond'];

/** Map keys are matched case-insensitively, as Neo4j does. */
export function fieldsOf(map: CypherMap): Map<string, CypherValue> {
  const out = new Map<string, CypherValue>();
  for (const k of Object.keys(map)) out.set(k.toLowerCase(), map[k]!);
  return out;
}

function intField(fields: Map<string, CypherValue>, key: string, pos: Position | null): number | undefined {
  const v = fields.get(key.toLowerCase());
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return temporalError(`Invalid value for ${key}: ${String(v)}`, pos);
}

function hasAny(fields: Map<string, CypherValue>, keys: string[]): boolean {
  return keys.some((k) => fields.get(k.toLowerCase()) != null);
}

/** The date of a field map, with a base date (epoch day) supplying what the fields leave out. */
export function dateFromFields(fields: Map<string, CypherValue>, base: number | null, pos: Position | null): number {
  const f = (k: string): number | undefined => intField(fields, k, pos);
  const year = f('year');
  if (base === null && year === undefined) temporalError('year must be specified', pos);
  if (f('week') !== undefined || f('dayOfWeek') !== undefined) {
    const b = base === null ? null : weekDate(base);
    const wy = year ?? b!.weekYear;
    const week = checkRange('Week', f('week') ?? b?.week ?? 1, 1, weeksInWeekYear(wy), pos);
    const dow = checkRange('DayOfWeek', f('dayOfWeek') ?? b?.dayOfWeek ?? 1, 1, 7, pos);
    return epochDayOfWeekDate(wy, week, dow);
  }
  const b = base === null ? null : ymdOf(base);
  const y = year ?? b!.year;
  if (f('ordinalDay') !== undefined) {
    const od = checkRange('DayOfYear', f('ordinalDay')!, 1, isLeapYear(y) ? 366 : 365, pos);
    return epochDayOf(y, 1, 1) + od - 1;
  }
  if (f('quarter') !== undefined || f('dayOfQuarter') !== undefined) {
    const q = checkRange('QuarterOfYear', f('quarter') ?? (b ? quarterOf(b.month) : 1), 1, 4, pos);
    const dq = checkRange('DayOfQuarter', f('dayOfQuarter') ?? (base !== null ? dayOfQuarter(base) : 1), 1, quarterLength(y, q), pos);
    return epochDayOf(y, (q - 1) * 3 + 1, 1) + dq - 1;
  }
  return dateOf(y, f('month') ?? b?.month ?? 1, f('day') ?? b?.day ?? 1, pos).epochDay;
}

/** The nano of day of a field map over a base time (nano of day). */
export function timeFromFields(fields: Map<string, CypherValue>, base: number | null, pos: Position | null): number {
  const f = (k: string): number | undefined => intField(fields, k, pos);
  const b = base ?? 0;
  const bh = Math.floor(b / 3.6e12);
  const bm = Math.floor(b / 6e10) % 60;
  const bs = Math.floor(b / 1e9) % 60;
  const bn = b % 1e9;
  const ms = f('millisecond');
  const us = f('microsecond');
  const ns = f('nanosecond');
  let nanos = bn;
  if (ms !== undefined || us !== undefined || ns !== undefined) {
    if (ms !== undefined) checkRange('MilliOfSecond', ms, 0, 999, pos);
    if (us !== undefined) checkRange('MicroOfSecond', us, 0, ms !== undefined ? 999 : 999_999, pos);
    if (ns !== undefined) checkRange('NanoOfSecond', ns, 0, us !== undefined ? 999 : ms !== undefined ? 999_999 : 999_999_999, pos);
    nanos = (ms ?? 0) * 1e6 + (us ?? 0) * 1e3 + (ns ?? 0);
    // Over a base value, a finer field alone replaces only its own digits (truncating to the
    // millisecond and then setting {nanosecond: 2} gives .645000002).
    if (base !== null && ms === undefined) {
      if (us !== undefined && us < 1000) nanos = Math.floor(bn / 1e6) * 1e6 + us * 1e3 + (ns ?? 0);
      else if (us === undefined && ns! < 1000) nanos = Math.floor(bn / 1e3) * 1e3 + ns!;
    }
  }
  return nanoOfDayOf(f('hour') ?? bh, f('minute') ?? bm, f('second') ?? bs, nanos, pos);
}

/** The nano of day of a time moved from one offset to another (the date does not move). */
function shiftTime(nano: number, from: number, to: number): number {
  return floorMod(nano + (to - from) * 1e9, NANOS_PER_DAY);
}

function offsetOfZone(zone: Zone, epochDay: number, nano: number): number {
  if (zone.id === null) return zone.offset;
  return zoneOffsetAt(zone.id, epochDay * 86400 + Math.floor(nano / 1e9));
}

// ---------------------------------------------------------------------------------------------
// Current time
// ---------------------------------------------------------------------------------------------

/**
 * The statement clock: statements run synchronously, so the first reading is kept until the
 * current job ends (a microtask clears it) and every call in one statement sees the same time.
 */
let statementMillis: number | null = null;

function clockMillis(realtime: boolean): number {
  if (realtime) return Date.now();
  if (statementMillis === null) {
    statementMillis = Date.now();
    queueMicrotask(() => {
      statementMillis = null;
    });
  }
  return statementMillis;
}

function nowUtc(realtime = false): { day: number; nano: number } {
  const ms = clockMillis(realtime);
  const day = Math.floor(ms / 86_400_000);
  return { day, nano: (ms - day * 86_400_000) * 1e6 };
}

export function zoneArg(v: CypherValue | undefined, fname: string, pos: Position | null): Zone {
  if (v === undefined || v === null) return DEFAULT_ZONE;
  if (typeof v !== 'string') return invalid(fname, v, pos);
  return parseZone(v, pos);
}

function nowIn(v: CypherValue | undefined, fname: string, pos: Position | null, realtime: boolean): DateTimeValue {
  const { day, nano } = nowUtc(realtime);
  return zonedAtInstant(day, nano, zoneArg(v, fname, pos));
}

/**
 * `date()`, `date.statement()` and `date.transaction()` (the statement clock: fixed within a
 * statement, not across a transaction's statements), `date.realtime()` (the wall clock); now,
 * optionally in a zone.
 */
export function currentTemporal(
  kind: TemporalValue['kind'],
  zone: CypherValue | undefined,
  pos: Position | null,
  realtime = false,
): TemporalValue {
  const now = nowIn(zone, kind, pos, realtime);
  switch (kind) {
    case 'date':
      return new DateValue(now.epochDay);
    case 'localtime':
      return new LocalTimeValue(now.nanoOfDay);
    case 'time':
      return new TimeValue(now.nanoOfDay, now.offsetSec);
    case 'localdatetime':
      return new LocalDateTimeValue(now.epochDay, now.nanoOfDay);
    default:
      return now;
  }
}

// ---------------------------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------------------------

export function makeDate(arg: CypherValue, pos: Position | null): CypherValue {
  if (arg === null) return null;
  if (typeof arg === 'string') return new DateValue(parseDateText(arg, pos));
  const day = datePartOf(arg);
  if (day !== null) return new DateValue(day);
  if (!isMap(arg)) return invalid('date', arg, pos);
  const fields = fieldsOf(arg);
  const base = fields.get('date');
  const baseDay = base === undefined || base === null ? null : datePartOf(base);
  if (base != null && baseDay === null) return invalid('date', base, pos);
  return new DateValue(dateFromFields(fields, baseDay, pos));
}

export function makeLocalTime(arg: CypherValue, pos: Position | null): CypherValue {
  if (arg === null) return null;
  if (typeof arg === 'string') return new LocalTimeValue(parseTimeText(arg, pos).nanoOfDay);
  const t = timePartOf(arg);
  if (t !== null) return new LocalTimeValue(t.nano);
  if (!isMap(arg)) return invalid('localtime', arg, pos);
  const fields = fieldsOf(arg);
  const base = fields.get('time');
  const bt = base == null ? null : timePartOf(base);
  if (base != null && bt === null) return invalid('localtime', base, pos);
  if (bt === null && !hasAny(fields, ['hour'])) temporalError('hour must be specified', pos);
  return new LocalTimeValue(timeFromFields(fields, bt?.nano ?? null, pos));
}

export function makeTime(arg: CypherValue, pos: Position | null): CypherValue {
  if (arg === null) return null;
  if (typeof arg === 'string') {
    const { nanoOfDay, zone } = parseTimeText(arg, pos);
    const z = zone ?? DEFAULT_ZONE;
    return new TimeValue(nanoOfDay, offsetOfZone(z, nowUtc().day, nanoOfDay));
  }
  const t = timePartOf(arg);
  if (t !== null) {
    if (t.offset !== null) return new TimeValue(t.nano, t.offset);
    return new TimeValue(t.nano, DEFAULT_ZONE.offset!);
  }
  if (!isMap(arg)) return invalid('time', arg, pos);
  const fields = fieldsOf(arg);
  const base = fields.get('time');
  const bt = base == null ? null : timePartOf(base);
  if (base != null && bt === null) return invalid('time', base, pos);
  if (bt === null && !hasAny(fields, ['hour'])) temporalError('hour must be specified', pos);
  const tz = fields.get('timezone');
  let nano = bt?.nano ?? null;
  let offset: number;
  if (tz != null) {
    const zone = zoneArg(tz, 'time', pos);
    offset = offsetOfZone(zone, nowUtc().day, nano ?? 0);
    if (nano !== null && bt!.offset !== null) nano = shiftTime(nano, bt!.offset, offset);
  } else {
    offset = bt?.offset ?? DEFAULT_ZONE.offset!;
  }
  return new TimeValue(timeFromFields(fields, nano, pos), offset);
}

export function makeLocalDateTime(arg: CypherValue, pos: Position | null): CypherValue {
  if (arg === null) return null;
  if (typeof arg === 'string') {
    const p = parseDateTimeText(arg, pos);
    return new LocalDateTimeValue(p.epochDay, p.nanoOfDay);
  }
  if (arg instanceof LocalDateTimeValue || arg instanceof DateTimeValue) return new LocalDateTimeValue(arg.epochDay, arg.nanoOfDay);
  if (!isMap(arg)) return invalid('localdatetime', arg, pos);
  const { day, timeBase, fields } = dateTimeFields(arg, 'localdatetime', pos);
  return new LocalDateTimeValue(day, timeFromFields(fields, timeBase?.nano ?? null, pos));
}

/** Date and time of a datetime / localdatetime field map (before any zone is applied). */
function dateTimeFields(
  arg: CypherMap,
  fname: string,
  pos: Position | null,
): { day: number; nano: TimePart; timeBase: TimePart | null; fields: Map<string, CypherValue> } {
  const fields = fieldsOf(arg);
  const dtBase = fields.get('datetime');
  let dateBase: CypherValue | undefined = fields.get('date');
  let timeBase: CypherValue | undefined = fields.get('time');
  if (dtBase != null) {
    if (!(dtBase instanceof LocalDateTimeValue || dtBase instanceof DateTimeValue)) return invalid(fname, dtBase, pos);
    dateBase = dtBase;
    timeBase = dtBase;
  }
  const baseDay = dateBase == null ? null : datePartOf(dateBase);
  if (dateBase != null && baseDay === null) return invalid(fname, dateBase, pos);
  const bt = timeBase == null ? null : timePartOf(timeBase);
  if (timeBase != null && bt === null) return invalid(fname, timeBase, pos);
  const day = dateFromFields(fields, baseDay, pos);
  return { day, nano: { nano: bt?.nano ?? 0, offset: bt?.offset ?? null, zone: bt?.zone ?? null }, timeBase: bt, fields };
}

export function makeDateTime(arg: CypherValue, pos: Position | null): CypherValue {
  if (arg === null) return null;
  if (typeof arg === 'string') {
    const p = parseDateTimeText(arg, pos);
    if (p.zoneName !== null) {
      const zone: Zone = { offset: null, id: p.zoneName };
      return zonedAt(p.epochDay, p.nanoOfDay, zone);
    }
    return new DateTimeValue(p.epochDay, p.nanoOfDay, p.offset ?? DEFAULT_ZONE.offset!, null);
  }
  if (arg instanceof DateTimeValue) return arg;
  if (arg instanceof LocalDateTimeValue || arg instanceof DateValue) {
    return zonedAt(arg.epochDay, arg instanceof DateValue ? 0 : arg.nanoOfDay, DEFAULT_ZONE);
  }
  if (!isMap(arg)) return invalid('datetime', arg, pos);
  const fields0 = fieldsOf(arg);
  const epochSeconds = fields0.get('epochseconds');
  const epochMillis = fields0.get('epochmillis');
  if (epochSeconds != null || epochMillis != null) return fromEpochFields(fields0, pos);
  const { day, nano, timeBase, fields } = dateTimeFields(arg, 'datetime', pos);
  const tz = fields.get('timezone');
  let zone: Zone;
  let local = nano.nano;
  let epochDay = day;
  if (tz != null) {
    zone = zoneArg(tz, 'datetime', pos);
    if (timeBase !== null && timeBase.offset !== null) {
      if (fields.get('datetime') != null && !hasAny(fields, DATE_FIELDS)) {
        // A whole datetime moved to another zone: the same instant, local date and time follow.
        const instantNano = local - timeBase.offset * 1e9;
        const moved = zonedAtInstant(epochDay + floorDiv(instantNano, NANOS_PER_DAY), floorMod(instantNano, NANOS_PER_DAY), zone);
        epochDay = moved.epochDay;
        local = moved.nanoOfDay;
      } else {
        // The base time is first placed on the new date in its own zone (a named zone may have
        // another offset there), then moved to the requested zone.
        const from = timeBase.zone?.id ? zonedAt(epochDay, local, timeBase.zone).offsetSec : timeBase.offset;
        local = shiftTime(local, from, offsetOfZone(zone, epochDay, local - from * 1e9));
      }
    }
  } else {
    zone = timeBase?.zone ?? DEFAULT_ZONE;
  }
  const hasTimeFields = hasAny(fields, TIME_FIELDS);
  const nanoOfDay = hasTimeFields || timeBase !== null ? timeFromFields(fields, timeBase === null ? null : local, pos) : 0;
  return zonedAt(epochDay, nanoOfDay, zone);
}

function fromEpochFields(fields: Map<string, CypherValue>, pos: Position | null): DateTimeValue {
  const secs = fields.get('epochseconds');
  const millis = fields.get('epochmillis');
  let totalNanos = 0n;
  if (secs != null) totalNanos += BigInt(intField(fields, 'epochSeconds', pos)!) * 1_000_000_000n;
  if (millis != null) totalNanos += BigInt(intField(fields, 'epochMillis', pos)!) * 1_000_000n;
  const ns = intField(fields, 'nanosecond', pos);
  if (ns !== undefined) totalNanos += BigInt(ns);
  const ms = intField(fields, 'millisecond', pos);
  if (ms !== undefined) totalNanos += BigInt(ms) * 1_000_000n;
  const us = intField(fields, 'microsecond', pos);
  if (us !== undefined) totalNanos += BigInt(us) * 1000n;
  return fromEpochNanos(totalNanos, zoneArg(fields.get('timezone'), 'datetime', pos));
}

export function fromEpochNanos(totalNanos: bigint, zone: Zone): DateTimeValue {
  const dayNanos = BigInt(NANOS_PER_DAY);
  let day = totalNanos / dayNanos;
  let rest = totalNanos % dayNanos;
  if (rest < 0n) {
    rest += dayNanos;
    day -= 1n;
  }
  return zonedAtInstant(Number(day), Number(rest), zone);
}

// ---------------------------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------------------------

const DURATION_UNITS = [
  'years', 'quarters', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds', 'microseconds', 'nanoseconds',
];

export function makeDuration(arg: CypherValue, pos: Position | null): CypherValue {
  if (arg === null) return null;
  if (typeof arg === 'string') return parseDurationText(arg, pos);
  if (arg instanceof DurationValue) return arg;
  if (!isMap(arg)) return invalid('duration', arg, pos);
  const fields = fieldsOf(arg);
  const values: Record<string, number | bigint> = {};
  let fractional = false;
  for (const unit of DURATION_UNITS) {
    const v = fields.get(unit);
    if (v === undefined || v === null) {
      values[unit] = 0n;
      continue;
    }
    if (typeof v === 'bigint') values[unit] = v;
    else if (typeof v === 'number') {
      values[unit] = v;
      if (!Number.isInteger(v)) fractional = true;
    } else return invalid('duration', v, pos);
  }
  const n = (u: string): number => Number(values[u]!);
  if (fractional) {
    return approximateDuration(
      n('years') * 12 + n('quarters') * 3 + n('months'),
      n('weeks') * 7 + n('days'),
      n('hours') * 3600 + n('minutes') * 60 + n('seconds'),
      n('milliseconds') * 1e6 + n('microseconds') * 1e3 + n('nanoseconds'),
    );
  }
  const b = (u: string): bigint => BigInt(values[u]!);
  const nanos = b('milliseconds') * 1_000_000n + b('microseconds') * 1000n + b('nanoseconds');
  const seconds = b('hours') * 3600n + b('minutes') * 60n + b('seconds') + nanos / 1_000_000_000n;
  return durationOf(
    Number(b('years') * 12n + b('quarters') * 3n + b('months')),
    Number(b('weeks') * 7n + b('days')),
    seconds,
    Number(nanos % 1_000_000_000n),
  );
}

