/**
 * Loads the product's Cypher: one rule or path kind per `.cypher` file, its metadata in a header of
 * `// key: value` comment lines (a value continues on following `//   ` lines indented by two or more spaces).
 * Adding a rule means adding a file: nothing else lists them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CYPHER_ROOT = fileURLToPath(new URL('../../graph/cypher/', import.meta.url));
export const RECOMMENDATIONS_DIR = join(CYPHER_ROOT, 'recommendations');
export const ATTACK_PATHS_DIR = join(CYPHER_ROOT, 'attack-paths');

export type Severity = 'Critical' | 'High' | 'Medium' | 'Low';
export const SEVERITIES: readonly Severity[] = ['Critical', 'High', 'Medium', 'Low'];

export interface CypherFile {
  /** The file name without `.cypher`; must equal the `id` header. */
  id: string;
  path: string;
  /** Header values by key (lower-case keys). */
  meta: Record<string, string>;
  /** The whole file text (comments included: Cypher accepts them). */
  query: string;
}

export interface RuleDefinition extends CypherFile {
  title: string;
  severity: Severity;
  platform: 'ACA' | 'ACI' | 'ECS';
  cloud: 'azure' | 'aws';
  resourceType: string;
  description: string;
  remediation: string;
  references: string[];
  /** 'defender' for the eleven Defender for Cloud recommendations, 'extended' for the checks beyond them. */
  source: string;
}

export interface PathDefinition extends CypherFile {
  title: string;
  description: string;
}

export class RuleFileError extends Error {
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'RuleFileError';
  }
}

/** Parses the `// key: value` header. Stops at the first line that is not a comment. */
export function parseHeader(text: string): Record<string, string> {
  const meta: Record<string, string> = {};
  let current: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('//')) {
      if (line.trim() === '') continue;
      break;
    }
    const body = line.slice(2);
    const field = /^\s?([A-Za-z][\w-]*):\s?(.*)$/.exec(body);
    if (field && !/^\s{2,}/.test(body)) {
      current = field[1]!.toLowerCase();
      meta[current] = field[2]!.trim();
    } else if (current && /^\s{2,}\S/.test(body)) {
      meta[current] = `${meta[current]} ${body.trim()}`.trim();
    } else {
      current = null;
    }
  }
  return meta;
}

async function readCypherFiles(dir: string): Promise<CypherFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.cypher')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files: CypherFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const query = await readFile(path, 'utf8');
    const meta = parseHeader(query);
    const id = basename(name, '.cypher');
    if (meta.id !== id) throw new RuleFileError(path, `header id '${meta.id ?? ''}' must equal the file name '${id}'`);
    files.push({ id, path, meta, query });
  }
  return files;
}

function required(file: CypherFile, key: string): string {
  const value = file.meta[key];
  if (!value) throw new RuleFileError(file.path, `header '${key}' is missing`);
  return value;
}

const PLATFORM_CLOUD = { ACA: 'azure', ACI: 'azure', ECS: 'aws' } as const;

export function toRule(file: CypherFile): RuleDefinition {
  const severity = required(file, 'severity') as Severity;
  if (!SEVERITIES.includes(severity)) throw new RuleFileError(file.path, `severity '${severity}' is not one of ${SEVERITIES.join(', ')}`);
  const platform = required(file, 'platform') as RuleDefinition['platform'];
  if (!(platform in PLATFORM_CLOUD)) throw new RuleFileError(file.path, `platform '${platform}' is not ACA, ACI or ECS`);
  return {
    ...file,
    title: required(file, 'title'),
    severity,
    platform,
    cloud: PLATFORM_CLOUD[platform],
    resourceType: required(file, 'resourcetype'),
    description: required(file, 'description'),
    remediation: required(file, 'remediation'),
    references: (file.meta.references ?? '').split(/\s*;\s*/).filter(Boolean),
    source: file.meta.source ?? 'extended',
  };
}

export async function loadRules(dir = RECOMMENDATIONS_DIR): Promise<RuleDefinition[]> {
  return (await readCypherFiles(dir)).map(toRule);
}

export async function loadPathKinds(dir = ATTACK_PATHS_DIR): Promise<PathDefinition[]> {
  return (await readCypherFiles(dir)).map((file) => ({
    ...file,
    title: required(file, 'title'),
    description: required(file, 'description'),
  }));
}
