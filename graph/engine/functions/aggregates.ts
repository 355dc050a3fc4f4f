/**
 * Aggregating functions. Every aggregate ignores null inputs; with `distinct` a value equivalent
 * (groupKey) to one already seen is ignored too. `add` receives the evaluated arguments of one
 * row: [value] for most, [value, percentile] for the percentiles (the percentile is constant
 * per query in Neo4j; it is checked on every row here).
 */
import type { Position } from '../ast.js';
import { argumentError, typeError } from '../errors.js';
import { DurationValue, type CypherValue } from '../values.js';
import { checkInt64 } from './arithmetic.js';
import { groupKey, orderCompare } from './compare.js';
import { typeName } from './types.js';
import { addDurations, divideDuration } from './temporal/arithmetic.js';

const ZERO_DURATION = new DurationValue(0, 0, 0n, 0);

export interface Aggregator {
  add(args: CypherValue[]): void;
  result(): CypherValue;
}

type AggregatorFactory = (pos: Position | null) => Aggregator;

function notANumber(fname: string, v: CypherValue, pos: Position | null): never {
  throw typeError(`${fname}() can only handle numerical values, got ${typeName(v)}`, 'InvalidArgumentType', pos);
}

class Count implements Aggregator {
  private n = 0n;
  add(): void {
    this.n++;
  }
  result(): CypherValue {
    return this.n;
  }
}

/**
 * Integers sum exactly (with int64 overflow checks) until a float arrives; then everything is
 * float. Durations sum to a duration (not mixed with numbers).
 */
class Sum implements Aggregator {
  private intSum = 0n;
  private floatSum = 0;
  private sawFloat = false;
  private sawNumber = false;
  private durationSum: DurationValue | null = null;
  constructor(private readonly pos: Position | null) {}
  add(args: CypherValue[]): void {
    const v = args[0]!;
    if (v instanceof DurationValue && !this.sawNumber) {
      this.durationSum = addDurations(this.durationSum ?? ZERO_DURATION, v, 1);
      return;
    }
    if (this.durationSum !== null) notANumber('sum', v, this.pos);
    this.sawNumber = true;
    if (typeof v === 'bigint') {
      if (this.sawFloat) this.floatSum += Number(v);
      else this.intSum = checkInt64(this.intSum + v, this.pos);
    } else if (typeof v === 'number') {
      if (!this.sawFloat) {
        this.sawFloat = true;
        this.floatSum = Number(this.intSum);
      }
      this.floatSum += v;
    } else notANumber('sum', v, this.pos);
  }
  result(): CypherValue {
    if (this.durationSum !== null) return this.durationSum;
    return this.sawFloat ? this.floatSum : this.intSum;
  }
}

/** The mean of numbers (a float), or of durations (a duration). */
class Avg implements Aggregator {
  private n = 0;
  private total = 0;
  private durationTotal: DurationValue | null = null;
  constructor(private readonly pos: Position | null) {}
  add(args: CypherValue[]): void {
    const v = args[0]!;
    if (v instanceof DurationValue && (this.n === 0 || this.durationTotal !== null)) {
      this.durationTotal = addDurations(this.durationTotal ?? ZERO_DURATION, v, 1);
      this.n++;
      return;
    }
    if (this.durationTotal !== null) notANumber('avg', v, this.pos);
    if (typeof v === 'bigint') this.total += Number(v);
    else if (typeof v === 'number') this.total += v;
    else notANumber('avg', v, this.pos);
    this.n++;
  }
  result(): CypherValue {
    if (this.n === 0) return null;
    return this.durationTotal !== null ? divideDuration(this.durationTotal, this.n, this.pos) : this.total / this.n;
  }
}

/** min/max follow ORDER BY's total order, so mixed types have an answer (max of [1, 'a'] is 1). */
class Extreme implements Aggregator {
  private best: CypherValue = null;
  private seen = false;
  constructor(private readonly sign: 1 | -1) {}
  add(args: CypherValue[]): void {
    const v = args[0]!;
    if (!this.seen || this.sign * orderCompare(v, this.best) > 0) {
      this.best = v;
      this.seen = true;
    }
  }
  result(): CypherValue {
    return this.best;
  }
}

class Collect implements Aggregator {
  private readonly items: CypherValue[] = [];
  add(args: CypherValue[]): void {
    this.items.push(args[0]!);
  }
  result(): CypherValue {
    return this.items.slice();
  }
}

/** Standard deviation with Welford's algorithm; sample (n-1) or population (n). 0.0 when too few values. */
class StdDev implements Aggregator {
  private n = 0;
  private mean = 0;
  private m2 = 0;
  constructor(
    private readonly population: boolean,
    private readonly pos: Position | null,
  ) {}
  add(args: CypherValue[]): void {
    const v = args[0]!;
    let x: number;
    if (typeof v === 'bigint') x = Number(v);
    else if (typeof v === 'number') x = v;
    else notANumber(this.population ? 'stDevP' : 'stDev', v, this.pos);
    this.n++;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }
  result(): CypherValue {
    const d = this.population ? this.n : this.n - 1;
    return d > 0 ? Math.sqrt(this.m2 / d) : 0;
  }
}

class Percentile implements Aggregator {
  private readonly values: (bigint | number)[] = [];
  private percentile = 0;
  constructor(
    private readonly continuous: boolean,
    private readonly pos: Position | null,
  ) {}
  add(args: CypherValue[]): void {
    const fname = this.continuous ? 'percentileCont' : 'percentileDisc';
    const v = args[0]!;
    if (typeof v !== 'bigint' && typeof v !== 'number') notANumber(fname, v, this.pos);
    const p = args[1] ?? null;
    const pn = typeof p === 'bigint' ? Number(p) : typeof p === 'number' ? p : notANumber(fname, p, this.pos);
    if (!(pn >= 0 && pn <= 1)) {
      throw argumentError(`Invalid input '${pn}' is not a valid argument, must be a number in the range 0.0 to 1.0`, 'NumberOutOfRange', this.pos);
    }
    this.percentile = pn;
    this.values.push(v);
  }
  result(): CypherValue {
    const n = this.values.length;
    if (n === 0) return null;
    const sorted = this.values.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const p = this.percentile;
    if (!this.continuous) {
      const f = p * n;
      const idx = Math.max(0, Math.ceil(f) - 1);
      return sorted[Math.min(idx, n - 1)]!;
    }
    const f = p * (n - 1);
    const lo = Math.floor(f);
    const hi = Math.ceil(f);
    const a = Number(sorted[lo]!);
    const b = Number(sorted[hi]!);
    return lo === hi ? a : a + (b - a) * (f - lo);
  }
}

const FACTORIES: ReadonlyMap<string, AggregatorFactory> = new Map<string, AggregatorFactory>([
  ['count', () => new Count()],
  ['sum', (pos) => new Sum(pos)],
  ['avg', (pos) => new Avg(pos)],
  ['min', () => new Extreme(-1)],
  ['max', () => new Extreme(1)],
  ['collect', () => new Collect()],
  ['stdev', (pos) => new StdDev(false, pos)],
  ['stdevp', (pos) => new StdDev(true, pos)],
  ['percentiledisc', (pos) => new Percentile(false, pos)],
  ['percentilecont', (pos) => new Percentile(true, pos)],
]);

/** Argument counts of the aggregates (for semantic checks). */
export const AGGREGATE_ARITY: ReadonlyMap<string, { minArgs: number; maxArgs: number }> = new Map([
  ['count', { minArgs: 1, maxArgs: 1 }],
  ['sum', { minArgs: 1, maxArgs: 1 }],
  ['avg', { minArgs: 1, maxArgs: 1 }],
  ['min', { minArgs: 1, maxArgs: 1 }],
  ['max', { minArgs: 1, maxArgs: 1 }],
  ['collect', { minArgs: 1, maxArgs: 1 }],
  ['stdev', { minArgs: 1, maxArgs: 1 }],
  ['stdevp', { minArgs: 1, maxArgs: 1 }],
  ['percentiledisc', { minArgs: 2, maxArgs: 2 }],
  ['percentilecont', { minArgs: 2, maxArgs: 2 }],
]);

export function isAggregateName(name: string): boolean {
  return FACTORIES.has(name);
}

/** Drops null inputs and, when distinct, inputs equivalent to an earlier one. */
class Filtered implements Aggregator {
  private readonly seen: Set<string> | null;
  constructor(
    private readonly inner: Aggregator,
    distinct: boolean,
  ) {
    this.seen = distinct ? new Set() : null;
  }
  add(args: CypherValue[]): void {
    const v = args[0] ?? null;
    if (v === null) return;
    if (this.seen !== null) {
      const k = groupKey(v);
      if (this.seen.has(k)) return;
      this.seen.add(k);
    }
    this.inner.add(args);
  }
  result(): CypherValue {
    return this.inner.result();
  }
}

export function makeAggregator(name: string, distinct: boolean, pos: Position | null): Aggregator | null {
  const factory = FACTORIES.get(name);
  return factory ? new Filtered(factory(pos), distinct) : null;
}
