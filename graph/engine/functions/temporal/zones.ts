/**
 * Time zones: fixed offsets ('Z', '+01:00', '+0100', '-02', '+00:53:28') and named IANA zones
 * ('Europe/Stockholm') resolved through Intl (Node ships full ICU), to the second, so historical
 * local mean times such as Stockholm's +00:53:28 in 1818 come out as java.time has them.
 */
import { epochDayOf } from './calendar.js';

const OFFSET = /^([+-])(\d{2})(?::?(\d{2})(?::?(\d{2}))?)?$/;

/** Offset seconds of a fixed-offset text, or null when it is not one. */
export function parseOffset(text: string): number | null {
  if (text === 'Z' || text === 'z') return 0;
  const m = OFFSET.exec(text);
  if (!m) return null;
  const h = Number(m[2]);
  const min = m[3] === undefined ? 0 : Number(m[3]);
  const s = m[4] === undefined ? 0 : Number(m[4]);
  if (h > 18 || min > 59 || s > 59) return null;
  const total = h * 3600 + min * 60 + s;
  if (total > 18 * 3600) return null;
  return m[1] === '-' ? -total : total;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** java.time's ZoneOffset id: Z, +01:00, -04:30, +00:53:28. */
export function formatOffset(seconds: number): string {
  if (seconds === 0) return 'Z';
  const abs = Math.abs(seconds);
  const text = `${seconds < 0 ? '-' : '+'}${pad2(Math.floor(abs / 3600))}:${pad2(Math.floor((abs % 3600) / 60))}`;
  return abs % 60 ? `${text}:${pad2(abs % 60)}` : text;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterOf(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** Whether a zone name is a named zone that Intl knows (offsets are handled by parseOffset). */
export function isNamedZone(zone: string): boolean {
  return zone.includes('/') || zone === 'UTC' || zone === 'GMT' ? formatterOf(zone) !== null : false;
}

/** JS Dates reach ±8.64e15 ms; beyond that the zone's rules at the edge apply. */
const MAX_EPOCH_SECOND = 8.64e12 - 86400 * 2;

/** The offset (seconds) of a named zone at an instant given in epoch seconds. */
export function zoneOffsetAt(zone: string, epochSecond: number): number {
  const f = formatterOf(zone);
  if (f === null) return 0;
  const clamped = Math.max(-MAX_EPOCH_SECOND, Math.min(MAX_EPOCH_SECOND, epochSecond));
  const parts = f.formatToParts(new Date(clamped * 1000));
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of parts) {
    switch (p.type) {
      case 'year':
        year = Number(p.value);
        break;
      case 'month':
        month = Number(p.value);
        break;
      case 'day':
        day = Number(p.value);
        break;
      case 'hour':
        hour = Number(p.value);
        break;
      case 'minute':
        minute = Number(p.value);
        break;
      case 'second':
        second = Number(p.value);
        break;
      case 'era':
        bc = p.value.startsWith('B');
        break;
    }
  }
  if (bc) year = 1 - year;
  const local = epochDayOf(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return local - Math.floor(clamped);
}

/**
 * The offset a named zone gives a local date-time (seconds since the epoch, read as local), as
 * java.time's ZonedDateTime.ofLocal does: in an overlap the earlier offset, in a gap the local
 * time moves forward by the gap's length. Returns the (possibly shifted) local seconds too.
 */
export function resolveLocal(zone: string, localSecond: number): { offset: number; shift: number } {
  const early = zoneOffsetAt(zone, localSecond - 86400);
  const late = zoneOffsetAt(zone, localSecond + 86400);
  if (zoneOffsetAt(zone, localSecond - early) === early) return { offset: early, shift: 0 };
  if (zoneOffsetAt(zone, localSecond - late) === late) return { offset: late, shift: 0 };
  // In the gap: move the local time forward by the gap's length, keep the later offset.
  return { offset: late, shift: late - early };
}
