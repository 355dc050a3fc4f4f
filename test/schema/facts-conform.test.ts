/**
 * Every fact the normalisers produce is declared by the schema, with the declared type: the Cypher rules and the
 * linter rely on the schema being the complete list of labels, relationship types and properties.
 */
import { describe, it, expect } from '@jest/globals';
import { NODE_KIND_BY_LABEL, RELATIONSHIP_KIND_BY_NAME, COMMON_NODE_PROPERTIES, type PropertySpec } from '../../graph/schema/index.js';
import type { Facts, PropertyValue } from '../../services/ingest/facts.js';
import { normaliseSnapshot } from '../../services/ingest/normalise.js';
import { readSnapshot } from '../../services/ingest/snapshot/files.js';
import { awsFiles, azureFiles } from '../ingest/fixtures.js';
import { generateEstate } from '../../services/ingest/generate/synthetic.js';

function typeOk(spec: PropertySpec, value: PropertyValue): boolean {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'string[]':
      return Array.isArray(value) && value.every((element) => typeof element === 'string');
    case 'integer[]':
      return Array.isArray(value) && value.every((element) => typeof element === 'number' && Number.isInteger(element));
  }
}

function violations(facts: Facts): string[] {
  const found = new Set<string>();
  for (const scope of facts.scopes) {
    for (const [label, rows] of scope.nodes) {
      const kind = NODE_KIND_BY_LABEL.get(label);
      if (kind === undefined) {
        found.add(`unknown label ${label}`);
        continue;
      }
      for (const row of rows) {
        for (const [key, value] of Object.entries(row)) {
          const spec = kind.properties[key] ?? COMMON_NODE_PROPERTIES[key];
          if (spec === undefined) found.add(`${label}.${key} undeclared`);
          else if (!typeOk(spec, value)) found.add(`${label}.${key} is not ${spec.type}: ${JSON.stringify(value)}`);
        }
        if (typeof row.name !== 'string' || typeof row.cloud !== 'string') found.add(`${label} ${row.id} lacks name or cloud`);
      }
    }
    for (const [name, rows] of scope.relationships) {
      const kind = RELATIONSHIP_KIND_BY_NAME.get(name);
      if (kind === undefined) {
        found.add(`unknown relationship kind ${name}`);
        continue;
      }
      for (const row of rows) {
        for (const [key, value] of Object.entries(row.props)) {
          const spec = kind.properties[key];
          if (spec === undefined) found.add(`${name}.${key} undeclared`);
          else if (!typeOk(spec, value)) found.add(`${name}.${key} is not ${spec.type}`);
        }
      }
    }
  }
  return [...found].sort();
}

describe('facts conform to the schema', () => {
  it('for the trap fixtures of both clouds', () => {
    expect(violations(normaliseSnapshot(new Map([...awsFiles(), ...azureFiles()])))).toEqual([]);
  });

  it('for a synthetic estate of the generator, without problems', () => {
    const facts = normaliseSnapshot(generateEstate({ workloads: 60, seed: '7' }).files);
    expect(violations(facts)).toEqual([]);
    expect(facts.scopes.flatMap((scope) => scope.problems)).toEqual([]);
  });

  it('for the bundled sample estate', async () => {
    const { files, problems } = await readSnapshot(new URL('../../samples/estate', import.meta.url).pathname);
    expect(problems).toEqual([]);
    const facts = normaliseSnapshot(files);
    expect(violations(facts)).toEqual([]);
    expect(facts.scopes.flatMap((scope) => scope.problems)).toEqual([]);
  });
});
