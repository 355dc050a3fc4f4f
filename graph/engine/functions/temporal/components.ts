/**
 * Component access (`d.year`, `t.timezone`, `dur.months`, ...). The executor reads `x.key` of a
 * non-entity object as a plain property, so the components are installed as getters on the
 * value classes' prototypes (the classes' own fields use names Cypher does not have).
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
  TemporalValue,
  type CypherValue,
} from '../../values.js';
import { dayOfQuarter, dayOfYear, quarterOf, weekDate, ymdOf } from './calendar.js';
import { instantOf } from './core.js';
import { formatTemporal } from './format.js';
import { formatOffset } from './zones.js';

type Getter<T> = (v: T) => CypherValue;

const big = (n: number): bigint => BigInt(n);

const DATE_GETTERS: Record<string, Getter<{ epochDay: number }>> = {
  year: (v) => big(ymdOf(v.epochDay).year),
  quarter: (v) => big(quarterOf(ymdOf(v.epochDay).month)),
  month: (v) => big(ymdOf(v.epochDay).month),
  week: (v) => big(weekDate(v.epochDay).week),
  weekYear: (v) => big(weekDate(v.epochDay).weekYear),
  day: (v) => big(ymdOf(v.epochDay).day),
  ordinalDay: (v) => big(dayOfYear(v.epochDay)),
  weekDay: (v) => big(weekDate(v.epochDay).dayOfWeek),
  dayOfWeek: (v) => big(weekDate(v.epochDay).dayOfWeek),
  dayOfQuarter: (v) => big(dayOfQuarter(v.epochDay)),
};

const TIME_GETTERS: Record<string, Getter<{ nanoOfDay: number }>> = {
  hour: (v) => big(Math.floor(v.nanoOfDay / 3.6e12)),
  minute: (v) => big(Math.floor(v.nanoOfDay / 6e10) % 60),
  second: (v) => big(Math.floor(v.nanoOfDay / 1e9) % 60),
  millisecond: (v) => big(Math.floor((v.nanoOfDay % 1e9) / 1e6)),
  microsecond: (v) => big(Math.floor((v.nanoOfDay % 1e9) / 1e3)),
  nanosecond: (v) => big(v.nanoOfDay % 1e9),
};

const OFFSET_GETTERS: Record<string, Getter<{ offsetSec: number }>> = {
  offset: (v) => formatOffset(v.offsetSec),
  offsetMinutes: (v) => big(Math.trunc(v.offsetSec / 60)),
  offsetSeconds: (v) => big(v.offsetSec),
};

const TIME_ZONE_GETTER: Getter<TimeValue> = (v) => formatOffset(v.offsetSec);
const DATETIME_ZONE_GETTER: Getter<DateTimeValue> = (v) => v.zoneId ?? formatOffset(v.offsetSec);

const EPOCH_GETTERS: Record<string, Getter<DateTimeValue>> = {
  epochSeconds: (v) => instantOf(v).seconds,
  epochMillis: (v) => {
    const i = instantOf(v);
    return i.seconds * 1000n + BigInt(Math.floor(i.nanos / 1e6));
  },
};

const DURATION_GETTERS: Record<string, Getter<DurationValue>> = {
  years: (d) => big(Math.trunc(d.monthsPart / 12)),
  quarters: (d) => big(Math.trunc(d.monthsPart / 3)),
  months: (d) => big(d.monthsPart),
  weeks: (d) => big(Math.trunc(d.daysPart / 7)),
  days: (d) => big(d.daysPart),
  hours: (d) => d.secondsPart / 3600n,
  minutes: (d) => d.secondsPart / 60n,
  seconds: (d) => d.secondsPart,
  milliseconds: (d) => d.secondsPart * 1000n + BigInt(Math.floor(d.nanosPart / 1e6)),
  microseconds: (d) => d.secondsPart * 1_000_000n + BigInt(Math.floor(d.nanosPart / 1e3)),
  nanoseconds: (d) => d.secondsPart * 1_000_000_000n + BigInt(d.nanosPart),
  quartersOfYear: (d) => big(Math.trunc((d.monthsPart % 12) / 3)),
  monthsOfQuarter: (d) => big(d.monthsPart % 3),
  monthsOfYear: (d) => big(d.monthsPart % 12),
  daysOfWeek: (d) => big(d.daysPart % 7),
  minutesOfHour: (d) => (d.secondsPart / 60n) % 60n,
  secondsOfMinute: (d) => d.secondsPart % 60n,
  millisecondsOfSecond: (d) => big(Math.floor(d.nanosPart / 1e6)),
  microsecondsOfSecond: (d) => big(Math.floor(d.nanosPart / 1e3)),
  nanosecondsOfSecond: (d) => big(d.nanosPart),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function install(cls: { prototype: object }, getters: Record<string, Getter<any>>): void {
  for (const [name, get] of Object.entries(getters)) {
    Object.defineProperty(cls.prototype, name, {
      configurable: true,
      enumerable: false,
      get(this: unknown) {
        return get(this);
      },
    });
  }
}

let installed = false;

/** Installs the component getters (idempotent; done when the function library loads). */
export function installComponents(): void {
  if (installed) return;
  installed = true;
  install(DateValue, DATE_GETTERS);
  install(LocalTimeValue, TIME_GETTERS);
  install(TimeValue, { ...TIME_GETTERS, ...OFFSET_GETTERS, timezone: TIME_ZONE_GETTER });
  install(LocalDateTimeValue, { ...DATE_GETTERS, ...TIME_GETTERS });
  install(DateTimeValue, { ...DATE_GETTERS, ...TIME_GETTERS, ...OFFSET_GETTERS, timezone: DATETIME_ZONE_GETTER, ...EPOCH_GETTERS });
  install(DurationValue, DURATION_GETTERS);
  // String(v) is the Neo4j text, which is also canonical (equal values, equal texts): the
  // store's property index keys rely on that.
  Object.defineProperty(TemporalValue.prototype, 'toString', {
    configurable: true,
    enumerable: false,
    writable: true,
    value(this: TemporalValue) {
      return formatTemporal(this);
    },
  });
}

/** The component `key` of a temporal value; undefined when it has none of that name. */
export function temporalComponent(v: object, key: string): CypherValue | undefined {
  installComponents();
  const own = Object.getPrototypeOf(v) as object;
  const desc = Object.getOwnPropertyDescriptor(own, key);
  return desc?.get ? (desc.get.call(v) as CypherValue) : undefined;
}

/** `v.key` on a temporal value: its component, or an error naming the field it does not have. */
export function temporalProperty(v: TemporalValue, key: string, pos: Position | null): CypherValue {
  const c = temporalComponent(v, key);
  if (c === undefined) throw argumentError(`No such field: ${key}`, 'InvalidArgumentValue', pos);
  return c;
}
