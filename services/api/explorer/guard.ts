/**
 * Read-only guard for explorer queries. The query is parsed with the engine's parser and the whole
 * syntax tree is walked — nested subqueries included (EXISTS {}, COUNT {}, CALL {}, FOREACH, pattern
 * comprehensions) — for anything that writes or calls out. The walk is generic over the tree so a
 * construct nested anywhere is found. Running in a READ transaction is the second line of defence.
 */
import type { Statement } from '../../../graph/engine/ast.js';
import { parse } from '../../../graph/engine/parser/index.js';
import { CypherError } from '../../../graph/engine/errors.js';

export type GuardVerdict =
  | { ok: true; statement: Statement }
  | { ok: false; reason: 'refused'; construct: string; detail: string; line?: number; column?: number }
  | { ok: false; reason: 'invalid'; detail: string };

/** AST node kinds that change the graph or its schema, with the construct name reported. */
const WRITING_KINDS: Record<string, string> = {
  Create: 'CREATE',
  Merge: 'MERGE',
  Set: 'SET',
  Delete: 'DELETE',
  Remove: 'REMOVE',
  Foreach: 'FOREACH',
  CreateConstraint: 'CREATE CONSTRAINT',
  CreateIndex: 'CREATE INDEX',
  DropSchema: 'DROP',
};

/** Namespaced functions that are Neo4j built-ins; any other namespace is a plugin (APOC, GDS...). */
const BUILTIN_FUNCTION_NAMESPACES = ['date', 'datetime', 'localdatetime', 'localtime', 'time', 'duration', 'point', 'vector'];

interface Found {
  construct: string;
  pos?: { line: number; column: number };
}

function findForbidden(node: unknown): Found | null {
  if (node === null || typeof node !== 'object') return null;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findForbidden(item);
      if (found) return found;
    }
    return null;
  }
  const record = node as { kind?: unknown; pos?: { line: number; column: number } } & Record<string, unknown>;
  if (typeof record.kind === 'string') {
    const writing = WRITING_KINDS[record.kind];
    if (writing) {
      const construct = record.kind === 'Delete' && record.detach === true ? 'DETACH DELETE' : record.kind === 'DropSchema' ? `DROP ${String(record.what)}` : writing;
      return { construct, pos: record.pos };
    }
    if (record.kind === 'Call' && typeof record.procedure === 'string') {
      return { construct: `CALL ${record.procedure}`, pos: record.pos };
    }
    if (record.kind === 'FunctionCall' && typeof record.name === 'string' && record.name.includes('.')) {
      const namespace = record.name.split('.')[0]!.toLowerCase();
      if (!BUILTIN_FUNCTION_NAMESPACES.includes(namespace)) return { construct: `function ${record.name}`, pos: record.pos };
    }
  }
  for (const [key, value] of Object.entries(record)) {
    if (key === 'pos') continue;
    const found = findForbidden(value);
    if (found) return found;
  }
  return null;
}

/** Strip string literals and comments so that a keyword scan only sees code. */
function codeOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`/g, "''");
}

/** Constructs the parser may not know at all; named when the parse fails so the refusal is clear. */
const UNPARSED_FORBIDDEN: [RegExp, string][] = [
  [/\bLOAD\s+CSV\b/i, 'LOAD CSV'],
  [/\bCALL\s+[A-Za-z_][\w.]*\s*\(/i, 'CALL (procedure)'],
  [/\bIN\s+TRANSACTIONS\b/i, 'CALL { } IN TRANSACTIONS'],
  [/\b(?:CREATE|DROP|SHOW|ALTER|GRANT|DENY|REVOKE|START|STOP)\s+(?:OR\s+REPLACE\s+)?(?:DATABASE|ALIAS|USER|ROLE|SERVER|INDEX|CONSTRAINT|COMPOSITE)\b/i, 'administration command'],
  [/\bUSE\b/i, 'USE'],
  [/\b(?:CREATE|MERGE|SET|DELETE|REMOVE|FOREACH)\b/i, 'update clause'],
];

export function checkReadOnly(text: string): GuardVerdict {
  let statement: Statement;
  try {
    statement = parse(text);
  } catch (error) {
    const code = codeOnly(text);
    for (const [pattern, construct] of UNPARSED_FORBIDDEN) {
      const match = pattern.exec(code);
      if (match) {
        const name = construct === 'update clause' ? match[0].toUpperCase() : construct;
        return { ok: false, reason: 'refused', construct: name, detail: `The explorer only runs read queries; ${name} is not allowed.` };
      }
    }
    // A plugin function (apoc.*, gds.*) the embedded parser does not know: named like the AST walk does.
    for (const match of code.matchAll(/(?<![\w.$])([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)+)\s*\(/g)) {
      const namespace = match[1]!.toLowerCase();
      if (BUILTIN_FUNCTION_NAMESPACES.includes(namespace)) continue;
      const construct = `function ${match[1]}${match[2]}`;
      return { ok: false, reason: 'refused', construct, detail: `The explorer only runs read queries; ${construct} is not allowed.` };
    }
    const message = error instanceof CypherError ? error.message : error instanceof Error ? error.message : String(error);
    return { ok: false, reason: 'invalid', detail: `The query does not parse: ${message}` };
  }
  const found = findForbidden(statement);
  if (found) {
    const where = found.pos ? ` (line ${found.pos.line}, column ${found.pos.column})` : '';
    return {
      ok: false,
      reason: 'refused',
      construct: found.construct,
      detail: `The explorer only runs read queries; ${found.construct}${where} is not allowed.`,
      ...(found.pos ? { line: found.pos.line, column: found.pos.column } : {}),
    };
  }
  return { ok: true, statement };
}
