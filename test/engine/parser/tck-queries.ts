/**
 * Reads the openCypher TCK feature files and yields each scenario's `When executing query:`
 * docstring (Scenario Outline examples expanded through gherkin pickles) with the error it expects.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';

export const TCK_FEATURES = '/work/shared/opencypher-tck/features';

export interface TckQuery {
  file: string;
  scenario: string;
  query: string;
  /** e.g. { phase: 'compile time', type: 'SyntaxError', detail: 'UndefinedVariable' }, or null when success is expected. */
  error: { type: string; phase: string; detail: string } | null;
}

function featureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...featureFiles(full));
    else if (entry.endsWith('.feature')) out.push(full);
  }
  return out.sort();
}

export function tckQueries(subdirs: string[], exclude: string[] = []): TckQuery[] {
  const result: TckQuery[] = [];
  const files = subdirs.flatMap((d) => featureFiles(join(TCK_FEATURES, d)));
  for (const file of files) {
    const rel = relative(TCK_FEATURES, file);
    if (exclude.some((x) => rel.startsWith(x))) continue;
    const newId = IdGenerator.uuid();
    const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
    const doc = parser.parse(readFileSync(file, 'utf8'));
    for (const pickle of compile(doc, rel, newId)) {
      let query: string | null = null;
      let error: TckQuery['error'] = null;
      for (const step of pickle.steps) {
        if (/^executing query:?$/.test(step.text.trim()) && step.argument?.docString) query = step.argument.docString.content;
        const m = /^an? (\w+) should be raised at (compile time|runtime|any time): ?(\w*)/.exec(step.text.trim());
        if (m) error = { type: m[1]!, phase: m[2]!, detail: m[3]! };
      }
      if (query !== null) result.push({ file: rel, scenario: pickle.name, query, error });
    }
  }
  return result;
}
