/** The temporal entries of the scalar function registry (names lower-cased, as the parser gives them). */
import type { Position } from '../../ast.js';
import { typeError } from '../../errors.js';
import { TemporalValue, type CypherValue } from '../../values.js';
import { typeName } from '../types.js';
import { daysBetween, durationBetween, monthsBetween, secondsBetween } from './between.js';
import { installComponents } from './components.js';
import {
  currentTemporal,
  DEFAULT_ZONE,
  fromEpochNanos,
  makeDate,
  makeDateTime,
  makeDuration,
  makeLocalDateTime,
  makeLocalTime,
  makeTime,
} from './construct.js';
import { truncateTemporal } from './truncate.js';

interface Spec {
  minArgs: number;
  maxArgs: number;
  fn: (args: CypherValue[], pos: Position | null) => CypherValue;
}

type InstantKind = 'date' | 'localtime' | 'time' | 'localdatetime' | 'datetime';

const CONSTRUCTORS: Record<InstantKind, (arg: CypherValue, pos: Position | null) => CypherValue> = {
  date: makeDate,
  localtime: makeLocalTime,
  time: makeTime,
  localdatetime: makeLocalDateTime,
  datetime: makeDateTime,
};

function temporalArg(fname: string, v: CypherValue, pos: Position | null): TemporalValue {
  if (v instanceof TemporalValue && v.kind !== 'duration') return v;
  throw typeError(`Invalid input for function '${fname}()': expected a temporal value but got ${typeName(v)}`, 'InvalidArgumentValue', pos);
}

function betweenFn(fname: string, f: (a: TemporalValue, b: TemporalValue) => CypherValue): Spec {
  return {
    minArgs: 2,
    maxArgs: 2,
    fn: ([a, b], pos) => (a === null || b === null ? null : f(temporalArg(fname, a!, pos), temporalArg(fname, b!, pos))),
  };
}

function intArg(fname: string, v: CypherValue, pos: Position | null): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw typeError(`Invalid input for function '${fname}()': expected an INTEGER but got ${typeName(v)}`, 'InvalidArgumentValue', pos);
}

export function temporalFunctions(): [string, Spec][] {
  installComponents();
  const out: [string, Spec][] = [];
  for (const kind of Object.keys(CONSTRUCTORS) as InstantKind[]) {
    const construct = CONSTRUCTORS[kind];
    out.push([kind, { minArgs: 0, maxArgs: 1, fn: (args, pos) => (args.length === 0 ? currentTemporal(kind, undefined, pos) : construct(args[0]!, pos)) }]);
    for (const clock of ['transaction', 'statement', 'realtime']) {
      out.push([`${kind}.${clock}`, { minArgs: 0, maxArgs: 1, fn: (args, pos) => (args.length === 1 && args[0] === null ? null : currentTemporal(kind, args[0], pos, clock === 'realtime')) }]);
    }
    out.push([`${kind}.truncate`, { minArgs: 2, maxArgs: 3, fn: (args, pos) => truncateTemporal(kind, args[0]!, args[1]!, args[2] ?? null, pos) }]);
  }
  out.push(['duration', { minArgs: 1, maxArgs: 1, fn: (args, pos) => makeDuration(args[0]!, pos) }]);
  out.push(['duration.between', betweenFn('duration.between', durationBetween)]);
  out.push(['duration.inmonths', betweenFn('duration.inMonths', monthsBetween)]);
  out.push(['duration.indays', betweenFn('duration.inDays', daysBetween)]);
  out.push(['duration.inseconds', betweenFn('duration.inSeconds', secondsBetween)]);
  out.push([
    'datetime.fromepoch',
    {
      minArgs: 2,
      maxArgs: 2,
      fn: ([s, n], pos) =>
        s === null || n === null
          ? null
          : fromEpochNanos(intArg('datetime.fromepoch', s!, pos) * 1_000_000_000n + intArg('datetime.fromepoch', n!, pos), DEFAULT_ZONE),
    },
  ]);
  out.push([
    'datetime.fromepochmillis',
    {
      minArgs: 1,
      maxArgs: 1,
      fn: ([ms], pos) => (ms === null ? null : fromEpochNanos(intArg('datetime.fromepochmillis', ms!, pos) * 1_000_000n, DEFAULT_ZONE)),
    },
  ]);
  return out;
}
