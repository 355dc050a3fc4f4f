/**
 * Saved explorer queries: graph/cypher/explorer/*.cypher, each starting with a header comment
 *
 *   // name: who-can-reach-subscription
 *   // title: Who can reach subscription X
 *   // description: Workloads whose identities hold a grant at or below the subscription.
 *   // param: subscriptionId string required The subscription's ARM id, e.g. /subscriptions/<guid>
 *
 * `param` lines: name, type (string | integer | number | boolean | list), required|optional, description.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { badRequest } from '../problem.js';

export interface TemplateParameter {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'list';
  required: boolean;
  description: string;
}

export interface QueryTemplate {
  name: string;
  title: string;
  description: string;
  parameters: TemplateParameter[];
  query: string;
}

export const DEFAULT_TEMPLATE_DIR = fileURLToPath(new URL('../../../graph/cypher/explorer/', import.meta.url));

const PARAM_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'list']);

export function parseTemplate(fileName: string, text: string): QueryTemplate {
  const header: Record<string, string> = {};
  const parameters: TemplateParameter[] = [];
  const body: string[] = [];
  let inHeader = true;
  for (const line of text.split(/\r?\n/)) {
    const match = inHeader ? /^\s*\/\/\s*(\w+):\s*(.*)$/.exec(line) : null;
    if (match) {
      const [, key, value] = match as unknown as [string, string, string];
      if (key === 'param') {
        const [name, type, requiredness, ...rest] = value.trim().split(/\s+/);
        if (!name || !type || !PARAM_TYPES.has(type)) throw new Error(`${fileName}: bad param line "${value}"`);
        parameters.push({ name, type: type as TemplateParameter['type'], required: requiredness !== 'optional', description: rest.join(' ') });
      } else {
        header[key] = value.trim();
      }
      continue;
    }
    if (inHeader && /^\s*\/\//.test(line)) continue; // free comment lines in the header
    inHeader = false;
    body.push(line);
  }
  const name = header.name ?? fileName.replace(/\.cypher$/, '');
  return { name, title: header.title ?? name, description: header.description ?? '', parameters, query: body.join('\n').trim() };
}

export async function loadTemplates(dir: string = DEFAULT_TEMPLATE_DIR): Promise<Map<string, QueryTemplate>> {
  const templates = new Map<string, QueryTemplate>();
  let files: string[] = [];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.cypher')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return templates;
    throw error;
  }
  for (const file of files) {
    const template = parseTemplate(file, await readFile(join(dir, file), 'utf8'));
    templates.set(template.name, template);
  }
  return templates;
}

/** Checks supplied parameters against the declared ones; unknown names are refused. */
export function checkTemplateParams(template: QueryTemplate, params: Record<string, unknown>): Record<string, unknown> {
  const declared = new Map(template.parameters.map((p) => [p.name, p]));
  for (const name of Object.keys(params)) {
    if (!declared.has(name)) throw badRequest(`Template ${template.name} has no parameter "${name}".`);
  }
  const out: Record<string, unknown> = {};
  for (const parameter of template.parameters) {
    const value = params[parameter.name];
    if (value === undefined || value === null) {
      if (parameter.required) throw badRequest(`Template ${template.name} needs parameter "${parameter.name}" (${parameter.type}).`);
      out[parameter.name] = null;
      continue;
    }
    const ok =
      (parameter.type === 'string' && typeof value === 'string') ||
      (parameter.type === 'integer' && Number.isInteger(value)) ||
      (parameter.type === 'number' && typeof value === 'number') ||
      (parameter.type === 'boolean' && typeof value === 'boolean') ||
      (parameter.type === 'list' && Array.isArray(value));
    if (!ok) throw badRequest(`Parameter "${parameter.name}" of template ${template.name} must be ${parameter.type}.`);
    out[parameter.name] = value;
  }
  return out;
}
