/**
 * <type>.truncate(unit, temporal [, fields]): the temporal cut down to the start of the unit
 * (millennium .. microsecond), then the optional fields applied over it as a selection would.
 */
import type { Position } from '../../ast.js';
import {
  DateTimeValue,
  DateValue,
  LocalDateTimeValue,
  LocalTimeValue,
  TimeValue,
  isMap,
  type CypherValue,
} from '../../values.js';
import { epochDayOf, epochDayOfWeekDate, quarterOf, weekDate, ymdOf } from './calendar.js';
import { temporalError, zonedAt, zoneOfDateTime, type Zone } from './core.js';
import { datePartOf, DEFAULT_ZONE, dateFromFields, fieldsOf, timeFromFields, timePartOf, zoneArg } from './construct.js';

const DATE_UNITS = new Set(['millennium', 'century', 'decade', 'year', 'weekyear', 'quarter', 'month', 'week', 'day']);
const TIME_UNIT_NANOS: Record<string, number> = {
  day: 86_400e9,
  hour: 3_600e9,
  minute: 60e9,
  second: 1e9,
  millisecond: 1e6,
  microsecond: 1e3,
};

function truncateDay(unit: string, epochDay: number): number {
  const { year, month } = ymdOf(epochDay);
  switch (unit) {
    case 'millennium':
      return epochDayOf(Math.floor(year / 1000) * 1000, 1, 1);
    case 'century':
      return epochDayOf(Math.floor(year / 100) * 100, 1, 1);
    case 'decade':
      return epochDayOf(Math.floor(year / 10) * 10, 1, 1);
    case 'year':
      return epochDayOf(year, 1, 1);
    case 'weekyear':
      return epochDayOfWeekDate(weekDate(epochDay).weekYear, 1, 1);
    case 'quarter':
      return epochDayOf(year, (quarterOf(month) - 1) * 3 + 1, 1);
    case 'month':
      return epochDayOf(year, month, 1);
    case 'week':
      return epochDay - weekDate(epochDay).dayOfWeek + 1;
    default:
      return epochDay;
  }
}

function truncateNano(unit: string, nano: number): number {
  if (DATE_UNITS.has(unit)) return 0;
  const step = TIME_UNIT_NANOS[unit]!;
  return Math.floor(nano / step) * step;
}

export function truncateTemporal(
  kind: 'date' | 'localtime' | 'time' | 'localdatetime' | 'datetime',
  unitArg: CypherValue,
  value: CypherValue,
  fieldsArg: CypherValue,
  pos: Position | null,
): CypherValue {
  if (value === null || unitArg === null) return null;
  if (typeof unitArg !== 'string') return temporalError(`Invalid unit: ${String(unitArg)}`, pos);
  const unit = unitArg.toLowerCase();
  const hasDate = kind === 'date' || kind === 'localdatetime' || kind === 'datetime';
  const hasTime = kind !== 'date';
  if (!(unit in TIME_UNIT_NANOS) && !DATE_UNITS.has(unit)) temporalError(`Unsupported unit: ${unitArg}`, pos);
  if (!hasTime && !DATE_UNITS.has(unit)) temporalError(`Unit ${unitArg} is too small for a date`, pos);
  if (!hasDate && DATE_UNITS.has(unit) && unit !== 'day') temporalError(`Unit ${unitArg} is too large for a time`, pos);
  const srcDay = datePartOf(value);
  const srcTime = timePartOf(value);
  if (hasDate && srcDay === null) temporalError(`Cannot truncate ${kind} from a value without a date`, pos);
  const fields = fieldsArg !== null && fieldsArg !== undefined && isMap(fieldsArg) ? fieldsOf(fieldsArg) : new Map<string, CypherValue>();
  const day = hasDate ? dateFromFields(fields, truncateDay(unit, srcDay!), pos) : 0;
  const nano = hasTime ? timeFromFields(fields, truncateNano(unit, srcTime?.nano ?? 0), pos) : 0;
  const tz = fields.get('timezone');
  let zone: Zone = DEFAULT_ZONE;
  if (tz != null) zone = zoneArg(tz, `${kind}.truncate`, pos);
  else if (value instanceof DateTimeValue) zone = zoneOfDateTime(value);
  else if (value instanceof TimeValue) zone = { offset: value.offsetSec, id: null };
  switch (kind) {
    case 'date':
      return new DateValue(day);
    case 'localtime':
      return new LocalTimeValue(nano);
    case 'time':
      return new TimeValue(nano, zone.id === null ? zone.offset : zonedAt(srcDay ?? 0, nano, zone).offsetSec);
    case 'localdatetime':
      return new LocalDateTimeValue(day, nano);
    default:
      return zonedAt(day, nano, zone);
  }
}
