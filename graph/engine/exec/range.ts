/**
 * range() without building lists it does not need: UNWIND range(...) walks the numbers one by
 * one (so a LIMIT after it stops early, and every element is a tick for the deadline), and a
 * materialised range() reads the clock while it fills its list.
 */
import type { Expression, FunctionCall, Position } from '../ast.js';
import { checkRangeLength, rangeSpec } from '../functions/scalar.js';
import type { CypherValue } from '../values.js';
import { checkDeadline, type ExecContext, type Row } from './context.js';
import { evaluate } from './expressions.js';

export interface RangeSpec {
  start: bigint;
  end: bigint;
  step: bigint;
}

/** A range() call with a valid number of arguments (others go through callFunction and fail there). */
export function isRangeCall(e: Expression): boolean {
  return e.kind === 'FunctionCall' && e.name === 'range' && !e.distinct && (e.args.length === 2 || e.args.length === 3);
}

/** The bounds of `UNWIND range(...)` for this row, or null when range() gives null (no rows). */
export function unwindRange(ctx: ExecContext, call: Expression, row: Row): RangeSpec | null {
  const e = call as FunctionCall;
  const args: CypherValue[] = e.args.map((a) => evaluate(a, row, ctx));
  return rangeSpec(args, e.pos);
}

const CLOCK_EVERY = 65_536;

/** range() as a list, checking the transaction deadline while it grows. */
export function materialiseRange(ctx: ExecContext, args: CypherValue[], pos: Position): CypherValue {
  const spec = rangeSpec(args, pos);
  if (spec === null) return null;
  checkRangeLength(spec.count, pos);
  const { start, end, step } = spec;
  const out: bigint[] = [];
  if (step > 0n) {
    for (let i = start; i <= end; i += step) {
      if ((out.push(i) & (CLOCK_EVERY - 1)) === 0) checkDeadline(ctx);
    }
  } else {
    for (let i = start; i >= end; i += step) {
      if ((out.push(i) & (CLOCK_EVERY - 1)) === 0) checkDeadline(ctx);
    }
  }
  return out;
}
