/** toString of temporal values, as Neo4j (java.time) prints them. */
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  TimeValue,
  type TemporalValue,
} from '../../values.js';
import { ymdOf } from './calendar.js';
import { formatOffset } from './zones.js';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

export function formatDate(epochDay: number): string {
  const { year, month, day } = ymdOf(epochDay);
  const y = year > 9999 ? `+${year}` : year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  return `${y}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** java.time drops zero seconds and prints the fraction in groups of three digits. */
export function formatLocalTime(nanoOfDay: number): string {
  const totalSeconds = Math.floor(nanoOfDay / 1e9);
  const nano = nanoOfDay - totalSeconds * 1e9;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  let text = `${pad(h, 2)}:${pad(m, 2)}`;
  if (s !== 0 || nano !== 0) {
    text += `:${pad(s, 2)}`;
    if (nano !== 0) {
      const nine = pad(nano, 9);
      text += '.' + (nano % 1_000_000 === 0 ? nine.slice(0, 3) : nano % 1000 === 0 ? nine.slice(0, 6) : nine);
    }
  }
  return text;
}

export function formatDuration(d: DurationValue): string {
  let text = 'P';
  const years = Math.trunc(d.monthsPart / 12);
  const months = d.monthsPart % 12;
  if (years) text += `${years}Y`;
  if (months) text += `${months}M`;
  if (d.daysPart) text += `${d.daysPart}D`;
  if (d.secondsPart !== 0n || d.nanosPart !== 0) {
    let s = d.secondsPart;
    let n = d.nanosPart;
    // Seconds and nanoseconds print with one sign.
    if (s < 0n && n !== 0) {
      s += 1n;
      n -= 1e9;
    }
    text += 'T';
    const h = s / 3600n;
    if (h) text += `${h}H`;
    s %= 3600n;
    const m = s / 60n;
    if (m) text += `${m}M`;
    s %= 60n;
    if (s !== 0n) {
      text += `${s}${fraction(n)}S`;
    } else if (n !== 0) {
      text += `${n < 0 ? '-' : ''}0${fraction(n)}S`;
    }
  }
  return text === 'P' ? 'PT0S' : text;
}

function fraction(n: number): string {
  if (n === 0) return '';
  return '.' + pad(Math.abs(n), 9).replace(/0+$/, '');
}

export function formatTemporal(v: TemporalValue): string {
  if (v instanceof DateValue) return formatDate(v.epochDay);
  if (v instanceof LocalTimeValue) return formatLocalTime(v.nanoOfDay);
  if (v instanceof TimeValue) return formatLocalTime(v.nanoOfDay) + formatOffset(v.offsetSec);
  if (v instanceof LocalDateTimeValue) return `${formatDate(v.epochDay)}T${formatLocalTime(v.nanoOfDay)}`;
  if (v instanceof DateTimeValue) {
    const base = `${formatDate(v.epochDay)}T${formatLocalTime(v.nanoOfDay)}${formatOffset(v.offsetSec)}`;
    return v.zoneId === null ? base : `${base}[${v.zoneId}]`;
  }
  return formatDuration(v as DurationValue);
}
