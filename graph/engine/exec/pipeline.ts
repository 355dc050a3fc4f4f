/**
 * The clause pipeline. Each clause consumes the whole list of rows of the previous one and
 * produces its own (eager between clauses), so an updating clause never sees rows it created
 * itself (`MATCH (n) CREATE (m)` does not loop) and later clauses see every earlier change.
 */
import type { CallClause, Clause, Expression, MatchClause, Position, Query, SingleQuery, UnwindClause } from '../ast.js';
import { coerceArgument, fitsType } from './procedures.js';
import { CypherError, notSupported } from '../errors.js';
import { groupKey } from '../functions/compare.js';
import type { CypherValue } from '../values.js';
import { copyRow, newRow, tick, type ExecContext, type Row } from './context.js';
import { evaluate } from './expressions.js';
import { matchPattern } from './match.js';
import { project, rowsNeeded } from './projection.js';
import { isRangeCall, unwindRange } from './range.js';
import { runCreate, runDelete, runMerge, runRemove, runSet } from './writes.js';

export interface QueryOutput {
  columns: string[];
  rows: Row[];
}

/** Runs a whole query (with UNIONs) from one empty input row. */
export function runQuery(ctx: ExecContext, query: Query, input: Row[]): QueryOutput {
  // each part gets its own rows: clauses bind into the rows they are given
  let out = runSingle(ctx, query.parts[0]!, input.map(copyRow));
  for (let i = 1; i < query.parts.length; i++) {
    const next = runSingle(ctx, query.parts[i]!, input.map(copyRow));
    out = { columns: out.columns, rows: out.rows.concat(next.rows) };
    if (!query.unionAll[i - 1]) out = { columns: out.columns, rows: distinctRows(out.rows, out.columns) };
  }
  return out;
}

export function distinctRows(rows: Row[], columns: string[]): Row[] {
  const seen = new Set<string>();
  const out: Row[] = [];
  for (const r of rows) {
    let key = '';
    for (const c of columns) key += groupKey(r[c] ?? null) + '\u0000';
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

function runSingle(ctx: ExecContext, q: SingleQuery, input: Row[]): QueryOutput {
  const state = runClauses(ctx, q.clauses, input, scopeOf(input));
  // no columns (a query ending in an update, or in a void procedure call): no records
  return { columns: state.columns ?? [], rows: state.columns?.length ? state.rows : [] };
}

function scopeOf(rows: Row[]): string[] {
  const first = rows[0];
  if (!first) return [];
  const names: string[] = [];
  for (const k in first) if (first[k] !== undefined) names.push(k);
  return names;
}

export interface PipelineState {
  rows: Row[];
  /** Variables in scope, in order of introduction (for `*`). */
  scope: string[];
  /** Set by RETURN. */
  columns: string[] | null;
}

export function runClauses(ctx: ExecContext, clauses: readonly Clause[], rows: Row[], scope: string[]): PipelineState {
  let state: PipelineState = { rows, scope, columns: null };
  let i = 0;
  while (i < clauses.length) {
    let j = i;
    while (j < clauses.length && isStreamable(clauses[j]!)) j++;
    if (j > i) {
      // a WITH / RETURN that keeps the first rows as they come needs no more of them
      const next = clauses[j];
      const maxRows = next && (next.kind === 'With' || next.kind === 'Return') ? rowsNeeded(ctx, next) : null;
      state = streamReads(ctx, clauses.slice(i, j) as ReadClause[], state, maxRows ?? Infinity);
      i = j;
    } else {
      state = runClause(ctx, clauses[i]!, state);
      i++;
    }
  }
  return state;
}

type ReadClause = MatchClause | UnwindClause;

function isStreamable(c: Clause): c is ReadClause {
  return c.kind === 'Match' || c.kind === 'Unwind';
}

/**
 * Runs consecutive MATCH / UNWIND clauses depth-first on one working row per input row, copying
 * only the rows that come out of the last one. Reads never change the graph, so this gives the
 * same rows in the same order as running them one after the other, without the intermediate lists.
 */
function streamReads(ctx: ExecContext, group: readonly ReadClause[], state: PipelineState, maxRows = Infinity): PipelineState {
  const out: Row[] = [];
  // set once maxRows rows are out: every loop below unwinds without further work
  let done = maxRows <= 0;
  const introduced = group.map((c) => (c.kind === 'Match' ? patternVariables(c.pattern.parts) : [c.variable]));
  let scope = state.scope;
  for (const names of introduced) scope = addScope(scope, names);
  // One emit callback per clause, made once per call (not once per input row); `current` is the
  // working row, the same object all the way down.
  let current: Row = newRow();
  const found: boolean[] = group.map(() => false);
  const emits = group.map((_, k) => (): boolean => {
    found[k] = true;
    run(k + 1, current);
    return done;
  });
  const run = (k: number, row: Row): void => {
    if (k === group.length) {
      out.push(copyRow(row));
      if (out.length >= maxRows) done = true;
      return;
    }
    const clause = group[k]!;
    if (clause.kind === 'Unwind' && isRangeCall(clause.expression)) {
      // walked number by number, never built as a list
      const spec = unwindRange(ctx, clause.expression, row);
      if (spec === null) return;
      const previous = row[clause.variable];
      const { end, step } = spec;
      for (let i = spec.start; step > 0n ? i <= end : i >= end; i += step) {
        tick(ctx);
        row[clause.variable] = i;
        run(k + 1, row);
        if (done) break;
      }
      row[clause.variable] = previous;
      return;
    }
    if (clause.kind === 'Unwind') {
      const v = evaluate(clause.expression, row, ctx);
      if (v === null) return;
      const items = Array.isArray(v) ? v : [v];
      const previous = row[clause.variable];
      for (const item of items) {
        tick(ctx);
        row[clause.variable] = item;
        run(k + 1, row);
        if (done) break;
      }
      row[clause.variable] = previous;
      return;
    }
    found[k] = false;
    current = row;
    matchPattern(ctx, clause, clause.pattern.parts, row, clause.where, emits[k]!);
    if (!found[k] && clause.optional) {
      const nulled: string[] = [];
      for (const v of introduced[k]!) {
        if (row[v] === undefined) {
          row[v] = null;
          nulled.push(v);
        }
      }
      run(k + 1, row);
      for (const v of nulled) row[v] = undefined;
    }
  };
  // Bindings are made on the input rows themselves and undone on backtrack (rows are never shared).
  for (const input of state.rows) {
    if (done) break;
    run(0, input);
  }
  return { rows: out, scope, columns: null };
}

function addScope(scope: string[], names: Iterable<string | null>): string[] {
  const out = [...scope];
  for (const n of names) if (n !== null && !out.includes(n)) out.push(n);
  return out;
}

function patternVariables(parts: readonly { pathVariable: string | null; nodes: { variable: string | null }[]; relationships: { variable: string | null }[] }[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    if (p.pathVariable) out.push(p.pathVariable);
    for (const n of p.nodes) if (n.variable) out.push(n.variable);
    for (const r of p.relationships) if (r.variable) out.push(r.variable);
  }
  return out;
}

function runClause(ctx: ExecContext, clause: Clause, state: PipelineState): PipelineState {
  switch (clause.kind) {
    case 'Match':
    case 'Unwind':
      return streamReads(ctx, [clause], state);
    case 'With': {
      const { rows, columns } = project(ctx, clause, state.rows, state.scope, false, clause.where);
      return { rows, scope: columns, columns: null };
    }
    case 'Return': {
      const { rows, columns } = project(ctx, clause, state.rows, state.scope, true);
      return { rows, scope: columns, columns };
    }
    case 'Create': {
      const rows = state.rows.map((r) => runCreate(ctx, clause.pattern, r));
      return { rows, scope: addScope(state.scope, patternVariables(clause.pattern.parts)), columns: null };
    }
    case 'Merge': {
      const out: Row[] = [];
      for (const r of state.rows) for (const m of runMerge(ctx, clause, r)) out.push(m);
      return { rows: out, scope: addScope(state.scope, patternVariables([clause.pattern])), columns: null };
    }
    case 'Set':
      for (const r of state.rows) runSet(ctx, clause.items, r);
      return { ...state, columns: null };
    case 'Remove':
      for (const r of state.rows) runRemove(ctx, clause.items, r);
      return { ...state, columns: null };
    case 'Delete':
      runDelete(ctx, clause, state.rows);
      return { ...state, columns: null };
    case 'Foreach': {
      for (const r of state.rows) {
        const list = evaluate(clause.list, r, ctx);
        if (list === null) continue;
        if (!Array.isArray(list)) {
          throw new CypherError('Neo.ClientError.Statement.TypeError', 'FOREACH expects a list', 'InvalidArgumentType', clause.pos);
        }
        for (const item of list) {
          const inner = copyRow(r);
          inner[clause.variable] = item;
          runClauses(ctx, clause.clauses, [inner], addScope(state.scope, [clause.variable]));
        }
      }
      return { ...state, columns: null };
    }
    case 'Call':
      return runCall(ctx, clause, state);
  }
}

// ---------------------------------------------------------------------------------------------
// Subqueries: EXISTS { } and COUNT { }
// ---------------------------------------------------------------------------------------------

/** Runs a subquery with the outer row in scope; `firstOnly` stops at the first result row when possible. */
export function runSubquery(ctx: ExecContext, query: Query, row: Row, firstOnly: boolean): Row[] {
  const input = copyRow(row);
  if (query.parts.length === 1) {
    const clauses = query.parts[0]!.clauses;
    const only = clauses[0];
    if (clauses.length === 1 && only && only.kind === 'Match' && !only.optional) {
      const out: Row[] = [];
      matchPattern(ctx, only, only.pattern.parts, input, only.where, () => {
        out.push(firstOnly ? input : copyRow(input));
        return firstOnly;
      });
      return out;
    }
    return runClauses(ctx, clauses, [input], Object.keys(input)).rows;
  }
  return runQuery(ctx, query, [input]).rows;
}

// ---------------------------------------------------------------------------------------------
// CALL
// ---------------------------------------------------------------------------------------------

function procedureError(code: 'Neo.ClientError.Statement.SyntaxError' | 'Neo.ClientError.Statement.ParameterMissing', msg: string, detail: string, pos: Position) {
  return new CypherError(code, msg, detail, pos);
}

function runCall(ctx: ExecContext, clause: CallClause, state: PipelineState): PipelineState {
  if (clause.subquery || clause.procedure === null) throw notSupported('CALL { } subqueries', clause.pos);
  const proc = ctx.procedures.get(clause.procedure.toLowerCase());
  if (!proc) {
    throw new CypherError(
      'Neo.ClientError.Procedure.ProcedureNotFound',
      `There is no procedure with the name \`${clause.procedure}\` registered for this database instance. Please ensure you've spelled the procedure name correctly and that the procedure is properly deployed.`,
      'ProcedureNotFound',
      clause.pos,
    );
  }
  const syntax = 'Neo.ClientError.Statement.SyntaxError' as const;
  const inQuery = clause.yieldItems !== null || clause.yieldStar;
  // Arguments: explicit, or (standalone CALL without parentheses) taken from same-named parameters.
  let argExprs: Expression[] | null = clause.args;
  if (argExprs === null && proc.inputs.length > 0) {
    if (inQuery) {
      throw procedureError(syntax, `Procedure call inside a query does not support passing arguments implicitly. Pass arguments explicitly in parentheses after procedure name for ${proc.name}`, 'InvalidArgumentPassingMode', clause.pos);
    }
    const missing = proc.inputs.filter((i) => ctx.params[i.name] === undefined).map((i) => i.name);
    if (missing.length) {
      throw procedureError('Neo.ClientError.Statement.ParameterMissing', `Expected parameter(s): ${missing.join(', ')}`, 'MissingParameter', clause.pos);
    }
    argExprs = proc.inputs.map((i) => ({ kind: 'Parameter', name: i.name, pos: clause.pos }) as Expression);
  }
  argExprs ??= [];
  if (argExprs.length !== proc.inputs.length) {
    throw procedureError(syntax, `Procedure call does not provide the required number of arguments: got ${argExprs.length} expected ${proc.inputs.length}`, 'InvalidNumberOfArguments', clause.pos);
  }
  // Outputs: YIELD items (with aliases), YIELD *, or all of them for a standalone call.
  let outputs: { from: string; to: string }[];
  if (clause.yieldItems && clause.yieldItems.length) {
    outputs = clause.yieldItems.map((y) => {
      if (!proc.outputs.some((o) => o.name === y.name)) {
        throw procedureError(syntax, `Unknown procedure output: \`${y.name}\``, 'UndefinedVariable', clause.pos);
      }
      return { from: y.name, to: y.alias ?? y.name };
    });
  } else {
    outputs = proc.outputs.map((o) => ({ from: o.name, to: o.name }));
  }
  for (const o of outputs) {
    if (inQuery && state.scope.includes(o.to)) {
      throw procedureError(syntax, `Variable \`${o.to}\` already declared`, 'VariableAlreadyBound', clause.pos);
    }
  }
  const out: Row[] = [];
  for (const input of state.rows) {
    tick(ctx);
    const args = argExprs.map((e, i) => {
      const v = evaluate(e, input, ctx);
      const field = proc.inputs[i]!;
      if (!fitsType(v, field.type)) {
        throw procedureError(syntax, `Type mismatch for argument \`${field.name}\`: expected ${field.type}`, 'InvalidArgumentType', e.pos);
      }
      return coerceArgument(v, field.type);
    });
    const results = proc.invoke(args, ctx.store);
    if (proc.outputs.length === 0) {
      // a void procedure passes each row through once
      out.push(input);
      continue;
    }
    for (const result of results) {
      const r = copyRow(input);
      for (const o of outputs) r[o.to] = result[o.from] ?? null;
      if (clause.where && evaluate(clause.where, r, ctx) !== true) continue;
      out.push(r);
    }
  }
  const names = outputs.map((o) => o.to);
  // When the CALL ends the query it returns its (yielded) columns; any later clause replaces them.
  return { rows: out, scope: addScope(state.scope, names), columns: names };
}

export function evaluateConstant(ctx: ExecContext, e: Expression): CypherValue {
  return evaluate(e, newRow(), ctx);
}
