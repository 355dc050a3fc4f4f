/**
 * Proleptic Gregorian calendar arithmetic on epoch days (days since 1970-01-01), as java.time
 * does it: civil dates, ISO week dates (weeks start on Monday; week 1 holds the year's first
 * Thursday), ordinal and quarter dates. Years run -999,999,999 .. 999,999,999.
 */
export const NANOS_PER_SECOND = 1_000_000_000;
export const NANOS_PER_DAY = 86_400 * NANOS_PER_SECOND;
export const MIN_YEAR = -999_999_999;
export const MAX_YEAR = 999_999_999;

export interface YMD {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function monthLength(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days from civil (Howard Hinnant's algorithm; exact for the whole year range in doubles). */
export function epochDayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function ymdOf(epochDay: number): YMD {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

/** ISO day of week: Monday 1 .. Sunday 7. */
export function dayOfWeek(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

export function dayOfYear(epochDay: number): number {
  return epochDay - epochDayOf(ymdOf(epochDay).year, 1, 1) + 1;
}

/** Monday of ISO week 1 of the week-based year wy. */
function weekOneMonday(wy: number): number {
  const jan4 = epochDayOf(wy, 1, 4);
  return jan4 - dayOfWeek(jan4) + 1;
}

export function weeksInWeekYear(wy: number): number {
  return (weekOneMonday(wy + 1) - weekOneMonday(wy)) / 7;
}

export function weekDate(epochDay: number): { weekYear: number; week: number; dayOfWeek: number } {
  let wy = ymdOf(epochDay).year;
  if (epochDay < weekOneMonday(wy)) wy--;
  else if (epochDay >= weekOneMonday(wy + 1)) wy++;
  return { weekYear: wy, week: Math.floor((epochDay - weekOneMonday(wy)) / 7) + 1, dayOfWeek: dayOfWeek(epochDay) };
}

export function epochDayOfWeekDate(weekYear: number, week: number, dow: number): number {
  return weekOneMonday(weekYear) + (week - 1) * 7 + (dow - 1);
}

export function quarterOf(month: number): number {
  return Math.floor((month - 1) / 3) + 1;
}

export function dayOfQuarter(epochDay: number): number {
  const { year, month } = ymdOf(epochDay);
  return epochDay - epochDayOf(year, (quarterOf(month) - 1) * 3 + 1, 1) + 1;
}

export function quarterLength(year: number, quarter: number): number {
  const first = (quarter - 1) * 3 + 1;
  return monthLength(year, first) + monthLength(year, first + 1) + monthLength(year, first + 2);
}

/** Floor division and modulo for numbers. */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}
export function floorMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}
