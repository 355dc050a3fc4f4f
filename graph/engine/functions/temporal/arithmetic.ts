/**
 * Temporal arithmetic: temporal ± duration (months, then days, then seconds and nanoseconds, as
 * Neo4j adds a duration; a date takes only the whole days of the seconds part, a time ignores
 * months and days), duration ± duration, duration * number and duration / number.
 */
import type { Position } from '../../ast.js';
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  TimeValue,
  type CypherValue,
  type TemporalValue,
} from '../../values.js';
import { CypherError } from '../../errors.js';
import { epochDayOf, monthLength, NANOS_PER_DAY, ymdOf } from './calendar.js';
import { approximateDuration, durationOf, instantOf, zonedAt, zoneOfDateTime } from './core.js';
import { fromEpochNanos } from './construct.js';

/** The epoch day `months` calendar months after `epochDay`, the day of month clamped. */
export function plusMonths(epochDay: number, months: number): number {
  if (months === 0) return epochDay;
  const { year, month, day } = ymdOf(epochDay);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return epochDayOf(y, m, Math.min(day, monthLength(y, m)));
}

const BIG_DAY = BigInt(NANOS_PER_DAY);

function splitNanos(total: bigint): { day: number; nano: number } {
  let day = total / BIG_DAY;
  let rest = total % BIG_DAY;
  if (rest < 0n) {
    rest += BIG_DAY;
    day -= 1n;
  }
  return { day: Number(day), nano: Number(rest) };
}

/** v + sign * d. */
export function addDuration(v: TemporalValue, d: DurationValue, sign: 1 | -1): TemporalValue {
  const months = sign * d.monthsPart;
  const days = sign * d.daysPart;
  const nanos = BigInt(sign) * (d.secondsPart * 1_000_000_000n + BigInt(d.nanosPart));
  if (v instanceof DateValue) {
    // Only whole days of the seconds part (truncated toward zero) reach a date.
    const extraDays = Number((BigInt(sign) * d.secondsPart) / 86400n);
    return new DateValue(plusMonths(v.epochDay, months) + days + extraDays);
  }
  if (v instanceof LocalTimeValue) return new LocalTimeValue(splitNanos(BigInt(v.nanoOfDay) + nanos).nano);
  if (v instanceof TimeValue) return new TimeValue(splitNanos(BigInt(v.nanoOfDay) + nanos).nano, v.offsetSec);
  if (v instanceof LocalDateTimeValue) {
    const day = plusMonths(v.epochDay, months) + days;
    const r = splitNanos(BigInt(day) * BIG_DAY + BigInt(v.nanoOfDay) + nanos);
    return new LocalDateTimeValue(r.day, r.nano);
  }
  if (v instanceof DateTimeValue) {
    const zone = zoneOfDateTime(v);
    let dt = v;
    if (months !== 0 || days !== 0) dt = zonedAt(plusMonths(v.epochDay, months) + days, v.nanoOfDay, zone);
    if (nanos === 0n) return dt;
    const { seconds, nanos: n } = instantOf(dt);
    return fromEpochNanos(seconds * 1_000_000_000n + BigInt(n) + nanos, zone);
  }
  return addDurations(v as DurationValue, d, sign);
}

export function addDurations(a: DurationValue, b: DurationValue, sign: 1 | -1): DurationValue {
  return durationOf(
    a.monthsPart + sign * b.monthsPart,
    a.daysPart + sign * b.daysPart,
    a.secondsPart + BigInt(sign) * b.secondsPart,
    a.nanosPart + sign * b.nanosPart,
  );
}

export function multiplyDuration(d: DurationValue, factor: bigint | number): DurationValue {
  if (typeof factor === 'bigint') {
    const total = (d.secondsPart * 1_000_000_000n + BigInt(d.nanosPart)) * factor;
    return durationOf(d.monthsPart * Number(factor), d.daysPart * Number(factor), total / 1_000_000_000n, Number(total % 1_000_000_000n));
  }
  return approximateDuration(d.monthsPart * factor, d.daysPart * factor, Number(d.secondsPart) * factor, d.nanosPart * factor);
}

export function divideDuration(d: DurationValue, divisor: bigint | number, pos: Position | null): DurationValue {
  const f = Number(divisor);
  if (f === 0) throw new CypherError('Neo.ClientError.Statement.ArithmeticError', '/ by zero', 'ArithmeticError', pos);
  return approximateDuration(d.monthsPart / f, d.daysPart / f, Number(d.secondsPart) / f, d.nanosPart / f);
}

/** The result of `a + b` / `a - b` when a temporal is involved; undefined when not applicable. */
export function temporalAdd(a: CypherValue, b: CypherValue): CypherValue | undefined {
  if (b instanceof DurationValue && isTemporalInstance(a)) return addDuration(a, b, 1);
  if (a instanceof DurationValue && isTemporalInstance(b)) return addDuration(b, a, 1);
  if (a instanceof DurationValue && b instanceof DurationValue) return addDurations(a, b, 1);
  return undefined;
}

export function temporalSubtract(a: CypherValue, b: CypherValue): CypherValue | undefined {
  if (b instanceof DurationValue && isTemporalInstance(a)) return addDuration(a, b, -1);
  if (a instanceof DurationValue && b instanceof DurationValue) return addDurations(a, b, -1);
  return undefined;
}

export function temporalMultiply(a: CypherValue, b: CypherValue): CypherValue | undefined {
  if (a instanceof DurationValue && (typeof b === 'bigint' || typeof b === 'number')) return multiplyDuration(a, b);
  if (b instanceof DurationValue && (typeof a === 'bigint' || typeof a === 'number')) return multiplyDuration(b, a);
  return undefined;
}

export function temporalDivide(a: CypherValue, b: CypherValue, pos: Position | null): CypherValue | undefined {
  if (a instanceof DurationValue && (typeof b === 'bigint' || typeof b === 'number')) return divideDuration(a, b, pos);
  return undefined;
}

function isTemporalInstance(v: CypherValue): v is DateValue | LocalTimeValue | TimeValue | LocalDateTimeValue | DateTimeValue {
  return (
    v instanceof DateValue ||
    v instanceof LocalTimeValue ||
    v instanceof TimeValue ||
    v instanceof LocalDateTimeValue ||
    v instanceof DateTimeValue
  );
}
