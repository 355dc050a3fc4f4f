/**
 * docker-compose.yml cannot be run here (no Docker engine), so its contract is checked instead: every service command
 * is an npm script this repository defines (the same entry points the other tests run), and every variable the
 * services read is one the product documents.
 */
import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

const ROOT = new URL('../../', import.meta.url);

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
}

describe('docker-compose.yml', () => {
  it('runs Neo4j 5 plus the worker and the API through tested npm scripts and documented variables', async () => {
    const compose = parse(await readFile(new URL('docker-compose.yml', ROOT), 'utf8')) as { services: Record<string, ComposeService> };
    const scripts = (JSON.parse(await readFile(new URL('package.json', ROOT), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const readme = await readFile(new URL('README.md', ROOT), 'utf8');

    expect(compose.services.neo4j?.image).toMatch(/^neo4j:5/);
    const built = Object.entries(compose.services).filter(([, service]) => service.build);
    expect(built.map(([name]) => name).sort()).toEqual(['api', 'ingest']);
    for (const [name, service] of built) {
      const [npm, run, script] = service.command ?? [];
      expect([npm, run]).toEqual(['npm', 'run']);
      expect(scripts[script!]).toMatch(/^tsx services\/main\.ts --role (api|worker)$/);
      const env = service.environment ?? {};
      expect(env.NEO4J_URI).toBe('bolt://neo4j:7687');
      for (const variable of Object.keys(env)) {
        if (variable.startsWith('AWS_') || variable.startsWith('AZURE_')) continue; // the SDKs' own variables
        expect({ service: name, variable, documented: readme.includes(`\`${variable}\``) }).toEqual({ service: name, variable, documented: true });
      }
    }
  });
});
