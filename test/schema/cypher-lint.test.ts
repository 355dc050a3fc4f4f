/**
 * Lints every .cypher file under graph/cypher (recursively) and every statement the schema generates against the
 * graph schema, with the Neo4j language support linter. Any error-severity diagnostic fails, printed with file, line
 * and message. Parameter diagnostics are ignored (parameters are supplied at run time).
 */
import { describe, it, expect } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isNotParamError, lintCypherQuery } from '@neo4j-cypher/language-support';
import { allGeneratedStatements, toDbSchema } from '../../graph/schema/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const CYPHER_DIR = join(ROOT, 'graph', 'cypher');
const ERROR_SEVERITY = 1;
const DB_SCHEMA = toDbSchema();

async function cypherFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await cypherFiles(full)));
    else if (entry.name.endsWith('.cypher')) found.push(full);
  }
  return found.sort();
}

function lintErrors(source: string, query: string): string[] {
  const { diagnostics } = lintCypherQuery(query, DB_SCHEMA);
  return diagnostics
    .map((d) => ({ ...d, text: typeof d.message === 'string' ? d.message : String((d.message as { value?: unknown }).value) }))
    .filter((d) => d.severity === ERROR_SEVERITY && isNotParamError({ message: d.text }))
    .map((d) => `${source}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.text}`);
}

describe('cypher lint', () => {
  it('every .cypher file under graph/cypher lints without errors', async () => {
    const files = await cypherFiles(CYPHER_DIR);
    console.info(`linting ${files.length} .cypher files under ${relative(ROOT, CYPHER_DIR)}`);
    const errors: string[] = [];
    for (const file of files) errors.push(...lintErrors(relative(ROOT, file), await readFile(file, 'utf8')));
    if (errors.length > 0) console.error(errors.join('\n'));
    expect(errors).toEqual([]);
  }, 300_000);

  it('every generated schema/load/cleanup statement lints without errors', () => {
    const errors: string[] = [];
    allGeneratedStatements().forEach((statement, index) => {
      errors.push(...lintErrors(`generated[${index}] ${statement.split('\n')[0]}`, statement));
    });
    if (errors.length > 0) console.error(errors.join('\n'));
    expect(errors).toEqual([]);
  }, 300_000);

  it('reports errors in a broken statement (the linter is live)', () => {
    expect(lintErrors('broken', 'MATCH (n:EcsService RETURN n')).not.toEqual([]);
  });
});
