/**
 * Procedures callable with CALL: the built-in db.labels(), db.relationshipTypes(),
 * db.propertyKeys(), plus any registered with CypherExecutor.registerProcedure (the TCK's
 * table-defined test procedures use tableProcedure).
 */
import { groupKey } from '../functions/compare.js';
import type { GraphStore } from '../store/index.js';
import type { CypherValue } from '../values.js';

/** A declared parameter or output: name and Cypher type as written in a signature, e.g. 'INTEGER?'. */
export interface ProcedureField {
  name: string;
  type: string;
}

export interface ProcedureDefinition {
  /** Qualified name as written, e.g. 'db.labels'; looked up case-insensitively. */
  name: string;
  inputs: ProcedureField[];
  outputs: ProcedureField[];
  /** The result rows (keyed by output name) for one call. */
  invoke(args: CypherValue[], store: GraphStore): Record<string, CypherValue>[];
}

export const BUILT_IN_PROCEDURES: ProcedureDefinition[] = [
  {
    name: 'db.labels',
    inputs: [],
    outputs: [{ name: 'label', type: 'STRING?' }],
    invoke: (_args, store) => store.labels().sort().map((label) => ({ label })),
  },
  {
    name: 'db.relationshipTypes',
    inputs: [],
    outputs: [{ name: 'relationshipType', type: 'STRING?' }],
    invoke: (_args, store) => store.relationshipTypes().sort().map((relationshipType) => ({ relationshipType })),
  },
  {
    name: 'db.propertyKeys',
    inputs: [],
    outputs: [{ name: 'propertyKey', type: 'STRING?' }],
    invoke: (_args, store) => store.propertyKeys().sort().map((propertyKey) => ({ propertyKey })),
  },
];

/**
 * A procedure given by a table: a call returns the rows whose input columns equal the arguments
 * (null matching null), projected on the outputs, in table order.
 */
export function tableProcedure(
  name: string,
  inputs: ProcedureField[],
  outputs: ProcedureField[],
  rows: Record<string, CypherValue>[],
): ProcedureDefinition {
  return {
    name,
    inputs,
    outputs,
    invoke: (args) =>
      rows
        .filter((row) => inputs.every((input, i) => groupKey(row[input.name] ?? null) === groupKey(args[i] ?? null)))
        .map((row) => Object.fromEntries(outputs.map((o) => [o.name, row[o.name] ?? null]))),
  };
}

/** Whether a value fits a declared procedure type ('INTEGER?', 'NUMBER?', 'ANY?', ...); null always fits. */
export function fitsType(v: CypherValue, type: string): boolean {
  if (v === null) return true;
  const t = type.replace(/\?$/, '').trim().toUpperCase();
  switch (t) {
    case 'ANY':
      return true;
    case 'INTEGER':
      return typeof v === 'bigint';
    case 'FLOAT':
    case 'NUMBER':
      return typeof v === 'bigint' || typeof v === 'number';
    case 'STRING':
      return typeof v === 'string';
    case 'BOOLEAN':
      return typeof v === 'boolean';
    default:
      if (t.startsWith('LIST')) return Array.isArray(v);
      return true;
  }
}

/** FLOAT parameters receive integers as floats. */
export function coerceArgument(v: CypherValue, type: string): CypherValue {
  return typeof v === 'bigint' && type.toUpperCase().startsWith('FLOAT') ? Number(v) : v;
}
