import { describe, it, expect } from '@jest/globals';
import { Db } from '../exec/helpers.js';

/** The toString text of a temporal expression (the helper's rows show integers as numbers). */
function value(db: Db, expr: string): unknown {
  return db.column(`WITH ${expr} AS v RETURN CASE WHEN v IS NULL THEN null ELSE toString(v) END AS s`)[0];
}

describe('temporal values', () => {
  const db = new Db();

  it('parses the ISO 8601 forms Neo4j accepts', () => {
    expect(value(db, "date('2015-W30-2')")).toBe('2015-07-21');
    expect(value(db, "date('2015202')")).toBe('2015-07-21');
    expect(value(db, "localtime('214032.142')")).toBe('21:40:32.142');
    expect(value(db, "time('2140-02')")).toBe('21:40-02:00');
    expect(value(db, "localdatetime('2015-W30T2140')")).toBe('2015-07-20T21:40');
    expect(value(db, "datetime('2015-07-21T21:40:32.142[Europe/London]')")).toBe('2015-07-21T21:40:32.142+01:00[Europe/London]');
    // Local mean time before standard time zones, to the second.
    expect(value(db, "datetime('1818-07-21T21:40:32.142[Europe/Stockholm]')")).toBe('1818-07-21T21:40:32.142+00:53:28[Europe/Stockholm]');
    expect(value(db, "duration('P0.75M')")).toBe('P22DT19H51M49.5S');
    expect(value(db, "duration('P2012-02-02T14:37:21.545')")).toBe('P2012Y2M2DT14H37M21.545S');
  });

  it('builds values from maps, week, ordinal and quarter dates, and selections of other values', () => {
    expect(value(db, "date({date: date('1816-12-31'), week: 2})")).toBe('1817-01-07');
    expect(value(db, 'date({year: 1984, quarter: 3, dayOfQuarter: 45})')).toBe('1984-08-14');
    expect(value(db, "time({hour: 12, minute: 31, second: 14, nanosecond: 789, millisecond: 123, microsecond: 456})")).toBe('12:31:14.123456789Z');
    expect(
      value(db, "datetime({year: 1984, month: 10, day: 11, time: time({hour: 12, minute: 31, second: 14, timezone: '+01:00'}), second: 42, timezone: 'Pacific/Honolulu'})"),
    ).toBe('1984-10-11T01:31:42-10:00[Pacific/Honolulu]');
    expect(value(db, 'datetime.fromepochmillis(237821673987)')).toBe('1977-07-15T13:34:33.987Z');
  });

  it('keeps one clock reading per statement', () => {
    expect(db.column('UNWIND range(1, 2000) AS i WITH collect(datetime()) AS ts RETURN size(ts) = 2000 AND ts[0] = ts[1999] AND ts[0] = datetime.transaction()')).toEqual([true]);
    expect(value(db, "date.realtime('+14:00') >= date.statement('-12:00')")).toBe('true');
  });

  it('reads components', () => {
    expect(db.rows("WITH date('1984-10-11') AS d RETURN d.year AS y, d.week AS w, d.weekDay AS wd, d.ordinalDay AS od")).toEqual([
      { y: 1984, w: 41, wd: 4, od: 285 },
    ]);
    expect(db.column("RETURN datetime('2015-07-21T21:40:32.142+0100').epochMillis")).toEqual([1437511232142]);
    expect(db.column("RETURN datetime('2015-07-21T21:40:32[Europe/Stockholm]').timezone")).toEqual(['Europe/Stockholm']);
    expect(db.column("RETURN duration('P1Y2M10DT12H45M30.5S').minutesOfHour")).toEqual([45]);
    // Only components: not the value classes' own fields, nor anything else an object has.
    for (const key of ['epochDay', 'kind', 'constructor', 'toString', 'foo']) {
      expect(db.error(`RETURN date('2020-01-01').${key}`).code).toBe('Neo.ClientError.Statement.ArgumentError');
    }
  });

  it('adds, subtracts, multiplies and divides', () => {
    expect(value(db, "date('2020-01-31') + duration('P1M')")).toBe('2020-02-29');
    expect(value(db, "localtime('23:00') + duration('PT2H')")).toBe('01:00');
    expect(value(db, "duration('P1D') * 1.5")).toBe('P1DT12H');
    expect(value(db, "duration('PT1S') - duration('PT1.5S')")).toBe('PT-0.5S');
    expect(value(db, "datetime('2018-03-25T01:30[Europe/Stockholm]') + duration('PT1H')")).toBe('2018-03-25T03:30+02:00[Europe/Stockholm]');
  });

  it('computes durations between values', () => {
    expect(value(db, "duration.between(date('-999999999-01-01'), date('+999999999-12-31'))")).toBe('P1999999998Y11M30D');
    expect(value(db, "duration.inSeconds(localdatetime('-999999999-01-01'), localdatetime('+999999999-12-31T23:59:59'))")).toBe(
      'PT17531639991215H59M59S',
    );
    expect(value(db, "duration.between(localtime('12:00:00.5'), localtime('12:00'))")).toBe('PT-0.5S');
    expect(value(db, "duration.inMonths(date('2018-01-31'), date('2018-02-28'))")).toBe('PT0S');
  });

  it('truncates', () => {
    expect(value(db, "date.truncate('weekYear', date('1984-02-01'), {day: 5})")).toBe('1984-01-05');
    expect(value(db, "datetime.truncate('millennium', datetime('2017-10-11T12:31-01:00'), {timezone: 'Europe/Stockholm'})")).toBe(
      '2000-01-01T00:00+01:00[Europe/Stockholm]',
    );
    expect(value(db, "localtime.truncate('millisecond', localtime('12:31:14.645876123'))")).toBe('12:31:14.645');
  });

  it('compares, orders and groups', () => {
    expect(db.rows("RETURN date('2020-01-01') < date('2020-01-02') AS lt, duration('P1D') < duration('P2D') AS dur, date('2020-01-01') = localdatetime('2020-01-01') AS mixed")).toEqual([
      { lt: true, dur: null, mixed: false },
    ]);
    expect(
      db.column("UNWIND [duration('P1D'), 'x', date('2020-01-01'), datetime('2020-01-01T00:00Z'), localtime('12:00'), 1] AS v RETURN toString(v) ORDER BY v"),
    ).toEqual(['2020-01-01T00:00Z', '2020-01-01', '12:00', 'P1D', 'x', '1']);
    expect(db.column("UNWIND [date('2020-01-01'), date('2020-01-01'), date('2020-01-02')] AS d RETURN count(DISTINCT d)")).toEqual([2]);
    expect(db.column("UNWIND [date('2020-03-01'), date('2020-01-01')] AS d RETURN toString(min(d))")).toEqual(['2020-01-01']);
    expect(db.rows("UNWIND [duration('P1D'), duration('PT12H')] AS d RETURN toString(sum(d)) AS s, toString(avg(d)) AS a")).toEqual([
      { s: 'P1DT12H', a: 'PT18H' },
    ]);
    expect(db.error("UNWIND [duration('P1D'), 1] AS d RETURN sum(d)").code).toBe('Neo.ClientError.Statement.TypeError');
  });

  it('stores temporal properties and lists of them', () => {
    const d = new Db();
    d.run("CREATE (:E {at: datetime('2020-01-01T10:00[Europe/Paris]'), days: [date('2020-01-01'), date('2020-01-02')]})");
    expect(d.column('MATCH (e:E) RETURN toString(e.at)')).toEqual(['2020-01-01T10:00+01:00[Europe/Paris]']);
    expect(d.column("MATCH (e:E) WHERE e.days[1] = date('2020-01-02') RETURN size(e.days)")).toEqual([2]);
    expect(d.error("CREATE ({x: [date('2020-01-01'), localtime('12:00')]})").code).toBe('Neo.ClientError.Statement.TypeError');
  });

  it('finds temporal properties through a property index, by equality and IN', () => {
    const d = new Db();
    d.run('CREATE INDEX i FOR (n:L) ON (n.d)');
    d.run("CREATE (:L {d: date('2020-01-01')}), (:L {d: date('2020-01-02')}), (:L {d: datetime('2020-01-01T00:00Z')}), (:L {d: datetime('2020-01-01T01:00+01:00')})");
    expect(d.column("MATCH (n:L {d: date('2020-01-02')}) RETURN toString(n.d)")).toEqual(['2020-01-02']);
    expect(d.column("MATCH (n:L) WHERE n.d IN [date('2020-01-01'), datetime('2020-01-01T00:00Z')] RETURN toString(n.d) ORDER BY n.d")).toEqual([
      '2020-01-01T00:00Z',
      '2020-01-01',
    ]);
  });
});
