/**
 * Temporal values as Bolt 5 structures: Date 0x44 [days], Time 0x54 [nanos of day, offset
 * seconds], LocalTime 0x74 [nanos of day], DateTime 0x49 [UTC epoch seconds, nanos, offset
 * seconds], DateTimeZoneId 0x69 [UTC epoch seconds, nanos, zone id], LocalDateTime 0x64 [local
 * epoch seconds, nanos], Duration 0x45 [months, days, seconds, nanos]. The Bolt 4 forms
 * 0x46 / 0x66 (local epoch seconds) are accepted as parameters too.
 */
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  TemporalValue,
  TimeValue,
} from '../engine/values.js';
import { durationOf, instantOf, zonedAt, zonedAtInstant } from '../engine/functions/temporal/core.js';
import { Structure, type PackValue } from './packstream.js';

const DAY_SECONDS = 86_400n;

function splitSeconds(seconds: bigint): { day: number; second: number } {
  let day = seconds / DAY_SECONDS;
  let rest = seconds % DAY_SECONDS;
  if (rest < 0n) {
    rest += DAY_SECONDS;
    day -= 1n;
  }
  return { day: Number(day), second: Number(rest) };
}

export function temporalStructure(v: TemporalValue): Structure {
  if (v instanceof DateValue) return new Structure(0x44, [BigInt(v.epochDay)]);
  if (v instanceof LocalTimeValue) return new Structure(0x74, [BigInt(v.nanoOfDay)]);
  if (v instanceof TimeValue) return new Structure(0x54, [BigInt(v.nanoOfDay), BigInt(v.offsetSec)]);
  if (v instanceof LocalDateTimeValue) {
    const seconds = BigInt(v.epochDay) * DAY_SECONDS + BigInt(Math.floor(v.nanoOfDay / 1e9));
    return new Structure(0x64, [seconds, BigInt(v.nanoOfDay % 1e9)]);
  }
  if (v instanceof DateTimeValue) {
    const { seconds, nanos } = instantOf(v);
    if (v.zoneId !== null) return new Structure(0x69, [seconds, BigInt(nanos), v.zoneId]);
    return new Structure(0x49, [seconds, BigInt(nanos), BigInt(v.offsetSec)]);
  }
  const d = v as DurationValue;
  return new Structure(0x45, [BigInt(d.monthsPart), BigInt(d.daysPart), d.secondsPart, BigInt(d.nanosPart)]);
}

const int = (v: PackValue | undefined): bigint | null =>
  typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : null;

/** The temporal value of a Bolt structure; null when the structure is not a (well-formed) temporal one. */
export function temporalFromStructure(s: Structure): TemporalValue | null {
  const f = s.fields.map(int);
  const ok = (n: number): boolean => f.length >= n && f.slice(0, n).every((x) => x !== null);
  switch (s.signature) {
    case 0x44:
      return ok(1) ? new DateValue(Number(f[0])) : null;
    case 0x74:
      return ok(1) ? new LocalTimeValue(Number(f[0])) : null;
    case 0x54:
      return ok(2) ? new TimeValue(Number(f[0]), Number(f[1])) : null;
    case 0x64: {
      if (!ok(2)) return null;
      const { day, second } = splitSeconds(f[0]!);
      return new LocalDateTimeValue(day, second * 1e9 + Number(f[1]));
    }
    case 0x49: {
      if (!ok(3)) return null;
      const { day, second } = splitSeconds(f[0]!);
      return zonedAtInstant(day, second * 1e9 + Number(f[1]), { offset: Number(f[2]), id: null });
    }
    case 0x69:
    case 0x66: {
      const zone = s.fields[2];
      if (!ok(2) || typeof zone !== 'string') return null;
      const { day, second } = splitSeconds(f[0]!);
      if (s.signature === 0x69) return zonedAtInstant(day, second * 1e9 + Number(f[1]), { offset: null, id: zone });
      return zonedAt(day, second * 1e9 + Number(f[1]), { offset: null, id: zone });
    }
    case 0x46: {
      if (!ok(3)) return null;
      const { day, second } = splitSeconds(f[0]!);
      return new DateTimeValue(day, second * 1e9 + Number(f[1]), Number(f[2]), null);
    }
    case 0x45:
      return ok(4) ? durationOf(Number(f[0]), Number(f[1]), f[2]!, Number(f[3])) : null;
    default:
      return null;
  }
}
