/**
 * ISO 8601 text forms the way Neo4j accepts them: extended and basic notation, calendar, week
 * (2015-W30-2), ordinal (2015-202) and year-only dates, times with optional seconds and fraction,
 * offsets (Z, +01:00, +0100, -02), named zones in brackets, and durations (P14DT16H12M,
 * fractional units, the alternative form P2012-02-02T14:37:21.545).
 */
import type { Position } from '../../ast.js';
import type { DurationValue } from '../../values.js';
import { epochDayOfWeekDate, epochDayOf, MAX_YEAR, MIN_YEAR, isLeapYear, weeksInWeekYear } from './calendar.js';
import { approximateDuration, checkRange, dateOf, durationOf, nanoOfDayOf, parseZone, temporalError, type Zone } from './core.js';

const DATE =
  /^(\d{4}|[+-]\d{1,9})(?:-W(\d{2})(?:-(\d))?|W(\d{2})(\d)?|-(\d{2})(?:-(\d{2}))?|(\d{2})(\d{2})?|-(\d{3})|(\d{3}))?$/;
const TIME = /^(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?|(\d{2})(?:(\d{2})(?:[.,](\d{1,9}))?)?)?$/;
const ZONE_SUFFIX = /(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?(?:\[([^\]]+)\])?$/;

export function parseDateText(text: string, pos: Position | null): number {
  const m = DATE.exec(text);
  if (!m) return temporalError(`Text cannot be parsed to a Date: ${text}`, pos);
  const year = Number(m[1]);
  checkRange('Year', year, MIN_YEAR, MAX_YEAR, pos);
  const week = m[2] ?? m[4];
  if (week !== undefined) {
    const w = checkRange('Week', Number(week), 1, weeksInWeekYear(year), pos);
    const dow = checkRange('DayOfWeek', Number(m[3] ?? m[5] ?? '1'), 1, 7, pos);
    return epochDayOfWeekDate(year, w, dow);
  }
  const ordinal = m[10] ?? m[11];
  if (ordinal !== undefined) {
    const d = checkRange('DayOfYear', Number(ordinal), 1, isLeapYear(year) ? 366 : 365, pos);
    return epochDayOf(year, 1, 1) + d - 1;
  }
  const month = m[6] ?? m[8];
  const day = m[7] ?? m[9];
  return dateOf(year, month === undefined ? 1 : Number(month), day === undefined ? 1 : Number(day), pos).epochDay;
}

export function parseLocalTimeText(text: string, pos: Position | null): number {
  const m = TIME.exec(text);
  if (!m) return temporalError(`Text cannot be parsed to a Time: ${text}`, pos);
  const h = Number(m[1]);
  const min = Number(m[2] ?? m[5] ?? '0');
  const s = Number(m[3] ?? m[6] ?? '0');
  const frac = m[4] ?? m[7];
  const nanos = frac === undefined ? 0 : Number(frac.padEnd(9, '0'));
  return nanoOfDayOf(h, min, s, nanos, pos);
}

/** Splits a trailing offset / [zone] from a time text. */
function splitZone(text: string): { body: string; offset: string | undefined; zoneName: string | undefined } {
  const m = ZONE_SUFFIX.exec(text)!;
  return { body: text.slice(0, m.index), offset: m[1], zoneName: m[2] };
}

export function parseTimeText(text: string, pos: Position | null): { nanoOfDay: number; zone: Zone | null } {
  const { body, offset, zoneName } = splitZone(text);
  const nanoOfDay = parseLocalTimeText(body, pos);
  if (zoneName !== undefined) return temporalError(`Text cannot be parsed to a Time: ${text}`, pos);
  return { nanoOfDay, zone: offset === undefined ? null : parseZone(offset, pos) };
}

export interface ParsedDateTime {
  epochDay: number;
  nanoOfDay: number;
  /** Offset written in the text, if any. */
  offset: number | null;
  /** Named zone written in brackets, if any. */
  zoneName: string | null;
}

export function parseDateTimeText(text: string, pos: Position | null): ParsedDateTime {
  const t = text.indexOf('T');
  if (t < 0) return { epochDay: parseDateText(text, pos), nanoOfDay: 0, offset: null, zoneName: null };
  const epochDay = parseDateText(text.slice(0, t), pos);
  const { body, offset, zoneName } = splitZone(text.slice(t + 1));
  const nanoOfDay = parseLocalTimeText(body, pos);
  let off: number | null = null;
  if (offset !== undefined) {
    const z = parseZone(offset, pos);
    off = z.offset;
  }
  if (zoneName !== undefined) parseZone(zoneName, pos);
  return { epochDay, nanoOfDay, offset: off, zoneName: zoneName ?? null };
}

const DURATION = /^([+-])?P(?:([-+]?[\d.]+)Y)?(?:([-+]?[\d.]+)M)?(?:([-+]?[\d.]+)W)?(?:([-+]?[\d.]+)D)?(?:T(?:([-+]?[\d.]+)H)?(?:([-+]?[\d.]+)M)?(?:([-+]?[\d.]+)S)?)?$/i;
const DURATION_ALT = /^([+-])?P(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?)?$/;

export function parseDurationText(text: string, pos: Position | null): DurationValue {
  const alt = DURATION_ALT.exec(text);
  if (alt) {
    const sign = alt[1] === '-' ? -1 : 1;
    const months = Number(alt[2]) * 12 + Number(alt[3]);
    const seconds = Number(alt[5] ?? 0) * 3600 + Number(alt[6] ?? 0) * 60 + Number(alt[7] ?? 0);
    const nanos = alt[8] === undefined ? 0 : Number(alt[8].padEnd(9, '0'));
    return durationOf(sign * months, sign * Number(alt[4]), BigInt(sign * seconds), sign * nanos);
  }
  const m = DURATION.exec(text);
  if (!m || text.endsWith('T') || /^[+-]?P$/i.test(text)) return temporalError(`Text cannot be parsed to a Duration: ${text}`, pos);
  const sign = m[1] === '-' ? -1 : 1;
  const n = (i: number): number => {
    const s = m[i];
    if (s === undefined) return 0;
    const v = Number(s);
    if (Number.isNaN(v)) temporalError(`Text cannot be parsed to a Duration: ${text}`, pos);
    return v * sign;
  };
  const [y, mo, w, d, h, mi, s] = [n(2), n(3), n(4), n(5), n(6), n(7), n(8)];
  const allIntegral = [y, mo, w, d, h, mi].every(Number.isInteger);
  if (allIntegral && Number.isInteger(s)) return durationOf(y * 12 + mo, w * 7 + d, BigInt(h * 3600 + mi * 60 + s), 0);
  if (allIntegral && m[8] !== undefined) {
    // Fractional seconds only: exact nanoseconds from the digits.
    const [whole, frac = ''] = m[8].replace(/^[+-]/, '').split('.');
    const neg = (m[8].startsWith('-') ? -1 : 1) * sign;
    const nanos = Number(frac.padEnd(9, '0').slice(0, 9));
    return durationOf(y * 12 + mo, w * 7 + d, BigInt(h * 3600 + mi * 60) + BigInt(neg * Number(whole)), neg * nanos);
  }
  return approximateDuration(y * 12 + mo, w * 7 + d, h * 3600 + mi * 60 + s, 0);
}
