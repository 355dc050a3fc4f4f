/**
 * Loads .feature files and compiles them to pickles (one per Scenario, one per Examples row of a
 * Scenario Outline), then classifies each pickle's steps into a TckScenario.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type Pickle } from '@cucumber/messages';
import { classifyStep, type Step } from './steps.js';

export interface TckScenario {
  /** Stable identity: feature path, scenario name and, for outline rows, the row's position. */
  id: string;
  /** Folder of the feature file relative to the features root, e.g. `clauses/match`. */
  folder: string;
  /** Feature file relative to the features root. */
  file: string;
  feature: string;
  name: string;
  steps: Step[];
  /** Why the scenario cannot run here (named graph, procedure), or null. */
  skipReason: string | null;
  /** A step the runner could not understand (a runner bug, reported as a failure), or null. */
  loadError: string | null;
  expectsError: boolean;
}

export function findFeatureFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.feature')) out.push(path);
    }
  };
  walk(root);
  return out;
}

export function loadFeatures(root: string): TckScenario[] {
  const scenarios: TckScenario[] = [];
  const newId = IdGenerator.incrementing();
  for (const path of findFeatureFiles(root)) {
    const file = relative(root, path).split(sep).join('/');
    scenarios.push(...loadFeatureText(readFileSync(path, 'utf8'), file, newId));
  }
  return scenarios;
}

export function loadFeatureText(text: string, file: string, newId: IdGenerator.NewId = IdGenerator.incrementing()): TckScenario[] {
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
  const document = parser.parse(text);
  const featureName = document.feature?.name ?? file;
  const pickles = compile(document, file, newId);
  const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
  const seen = new Map<string, number>();
  return pickles.map((pickle) => {
    const base = `${file}: ${pickle.name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const id = pickle.astNodeIds.length > 1 || n > 1 ? `${base} #${n}` : base;
    return toScenario(pickle, id, folder, file, featureName);
  });
}

function toScenario(pickle: Pickle, id: string, folder: string, file: string, feature: string): TckScenario {
  const steps: Step[] = [];
  let loadError: string | null = null;
  for (const step of pickle.steps) {
    try {
      steps.push(
        classifyStep({
          text: step.text,
          docString: step.argument?.docString?.content,
          table: step.argument?.dataTable?.rows.map((row) => row.cells.map((cell) => cell.value)),
        }),
      );
    } catch (err) {
      loadError = `cannot load step "${step.text}": ${(err as Error).message}`;
      break;
    }
  }
  let skipReason: string | null = null;
  for (const step of steps) {
    if (step.type === 'graph' && typeof step.graph === 'object') skipReason = `needs the ${step.graph.named} graph (not in this copy of the TCK)`;
    if (step.type === 'procedure') skipReason = 'needs a test procedure (procedures cannot be registered through Bolt)';
  }
  return {
    id,
    folder,
    file,
    feature,
    name: pickle.name,
    steps,
    skipReason,
    loadError,
    expectsError: steps.some((s) => s.type === 'error'),
  };
}
