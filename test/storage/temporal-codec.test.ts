import { describe, it, expect } from '@jest/globals';
import { decodeBatch, encodeBatch } from '../../graph/storage/codec.js';
import type { Mutation } from '../../graph/engine/api.js';
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  TimeValue,
} from '../../graph/engine/values.js';

describe('WAL codec: temporal property values', () => {
  it('round-trips every temporal type, in lists too, next to plain values', () => {
    const props = {
      d: new DateValue(-719162),
      lt: new LocalTimeValue(45_296_000_000_123),
      t: new TimeValue(3_600_000_000_000, -3600),
      ldt: new LocalDateTimeValue(18_000, 1),
      dt: new DateTimeValue(18_000, 0, 7200, 'Europe/Stockholm'),
      fixed: new DateTimeValue(18_000, 0, 0, null),
      // seconds beyond a double's integers
      dur: new DurationValue(-14, 3, 63_113_903_968_377_599n, 5),
      days: [new DateValue(1), new DateValue(2)],
      n: 1n,
      f: 1.5,
    };
    const batch: Mutation[] = [{ op: 'createNode', id: 0, labels: ['E'], props }];
    const back = decodeBatch(encodeBatch(7, batch));
    expect(back.seq).toBe(7);
    expect(back.mutations).toEqual(batch);
    const node = back.mutations[0] as { props: Record<string, unknown> };
    expect(node.props.dur).toBeInstanceOf(DurationValue);
    expect((node.props.dur as DurationValue).secondsPart).toBe(63_113_903_968_377_599n);
  });
});
