/**
 * The TCK step vocabulary (see /work/shared/opencypher-tck/README.md), turned into typed steps.
 * Classification happens once, when features load, so a malformed table is reported as a runner
 * problem of that scenario instead of surfacing in the middle of a run.
 */
import type { ResultTable } from './compare.js';
import { parseTckValue } from './value-parser.js';
import type { TckValue } from './tck-value.js';

export type SideEffectKey = '+nodes' | '-nodes' | '+relationships' | '-relationships' | '+properties' | '-properties' | '+labels' | '-labels';
export const SIDE_EFFECT_KEYS: readonly SideEffectKey[] = [
  '+nodes', '-nodes', '+relationships', '-relationships', '+properties', '-properties', '+labels', '-labels',
];

export type ErrorPhase = 'compile time' | 'runtime' | 'any time';

export type Step =
  | { type: 'graph'; graph: 'empty' | 'any' | { named: string } }
  | { type: 'setup'; query: string }
  | { type: 'parameters'; params: Record<string, TckValue> }
  | { type: 'procedure'; signature: string }
  | { type: 'query'; query: string }
  | { type: 'controlQuery'; query: string }
  | { type: 'result'; ordered: boolean; ignoreListOrder: boolean; table: ResultTable }
  | { type: 'emptyResult' }
  | { type: 'error'; errorType: string; phase: ErrorPhase; detail: string }
  | { type: 'noSideEffects' }
  | { type: 'sideEffects'; expected: Partial<Record<SideEffectKey, number>> };

/** What a pickle step carries, without depending on the Cucumber message types. */
export interface RawStep {
  text: string;
  docString?: string;
  table?: string[][];
}

export class StepError extends Error {
  override name = 'StepError';
}

const RESULT_STEP = /^the result should be(, in order| in order|, in any order)?\s*(\(ignoring element order for lists\))?:?$/;
const ERROR_STEP = /^an? (\w+) should be raised at (compile time|runtime|any time):\s*(.*)$/;

export function classifyStep(raw: RawStep): Step {
  const text = raw.text.trim();
  if (text === 'an empty graph') return { type: 'graph', graph: 'empty' };
  if (text === 'any graph') return { type: 'graph', graph: 'any' };
  const named = /^the ([\w-]+) graph$/.exec(text);
  if (named) return { type: 'graph', graph: { named: named[1]! } };
  if (text === 'having executed:') return { type: 'setup', query: requireDocString(raw) };
  if (text === 'executing query:') return { type: 'query', query: requireDocString(raw) };
  if (text === 'executing control query:') return { type: 'controlQuery', query: requireDocString(raw) };
  if (text === 'parameters are:') return { type: 'parameters', params: parseParameters(requireTable(raw)) };
  if (text.startsWith('there exists a procedure')) return { type: 'procedure', signature: text.slice('there exists a procedure'.length).trim() };
  if (text === 'the result should be empty') return { type: 'emptyResult' };
  const result = RESULT_STEP.exec(text);
  if (result) {
    const ordered = result[1] === ', in order' || result[1] === ' in order';
    return { type: 'result', ordered, ignoreListOrder: result[2] !== undefined, table: parseResultTable(requireTable(raw)) };
  }
  const error = ERROR_STEP.exec(text);
  if (error) return { type: 'error', errorType: error[1]!, phase: error[2] as ErrorPhase, detail: error[3]!.trim() };
  if (text === 'no side effects') return { type: 'noSideEffects' };
  if (text === 'the side effects should be:') return { type: 'sideEffects', expected: parseSideEffects(requireTable(raw)) };
  throw new StepError(`unknown step: ${text}`);
}

function requireDocString(raw: RawStep): string {
  if (raw.docString === undefined) throw new StepError(`step needs a docstring: ${raw.text}`);
  return raw.docString;
}

function requireTable(raw: RawStep): string[][] {
  if (raw.table === undefined) throw new StepError(`step needs a table: ${raw.text}`);
  return raw.table;
}

export function parseResultTable(rows: string[][]): ResultTable {
  const [header, ...body] = rows;
  if (!header) throw new StepError('result table without a header row');
  return { columns: header, rows: body.map((row) => row.map((cell) => parseTckValue(cell))) };
}

function parseParameters(rows: string[][]): Record<string, TckValue> {
  const params: Record<string, TckValue> = {};
  for (const row of rows) {
    if (row.length !== 2) throw new StepError('parameter rows need exactly two cells');
    params[row[0]!] = parseTckValue(row[1]!);
  }
  return params;
}

function parseSideEffects(rows: string[][]): Partial<Record<SideEffectKey, number>> {
  const expected: Partial<Record<SideEffectKey, number>> = {};
  for (const row of rows) {
    const key = row[0] as SideEffectKey;
    if (!SIDE_EFFECT_KEYS.includes(key)) throw new StepError(`unknown side effect ${row[0]}`);
    const count = Number(row[1]);
    if (!Number.isInteger(count)) throw new StepError(`side effect ${key} needs an integer count`);
    expected[key] = count;
  }
  return expected;
}
